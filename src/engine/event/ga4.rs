//! The GA4 e-commerce form: an event name with `transaction_id`, `value`, `currency` and
//! `items`, as found under `ecommerce`, in gtag params or in `track` data.

use serde_json::{Map, Value};

use super::coerce::{cents, currency, items, text, valid_name};
use super::{Event, InputError};
use crate::engine::time::Millis;
use crate::engine::url::is_web_url;

/// Builds an event from GA4-shaped parameters (`transaction_id`, `value`, `currency`,
/// `items`), as found in `ecommerce`, gtag params or `track` data.
pub(super) fn ga4_event(
    name: &str,
    params: Option<&Map<String, Value>>,
    at: Millis,
) -> Result<Event, InputError> {
    if !valid_name(name) {
        return Err(InputError::Name(name.chars().take(80).collect()));
    }
    let mut e = Event::new(name, at);
    if let Some(p) = params {
        e.transaction_id = text(p.get("transaction_id"));
        e.value = cents(p.get("value"));
        e.currency = currency(p.get("currency"));
        e.items = items(p.get("items"), false);
        e.url = text(p.get("page_location")).filter(|u| is_web_url(u));
    }
    Ok(e)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::engine::event::tests::event;
    use serde_json::json;

    #[test]
    fn ok_ga4_purchase_with_strings_and_missing_fields() {
        let e = event(json!({"event": "purchase", "ecommerce": {
            "transaction_id": "T-1", "value": "42.50", "currency": "eur", "tax": 1, "shipping": "3",
            "items": [{"item_id": "SKU1", "item_name": "Mug", "price": "12.5", "quantity": "2"},
                      {"item_name": "Gift wrap"}, {"foo": 1}]}}));
        assert_eq!(e.name, "purchase");
        assert_eq!(e.transaction_id.as_deref(), Some("T-1"));
        assert_eq!(e.value, Some(4250));
        assert_eq!(e.currency.as_deref(), Some("EUR"));
        assert_eq!(e.items.len(), 2);
        assert_eq!(e.items[0].price, Some(1250));
        assert_eq!(e.items[0].quantity, 2);
        assert_eq!(e.items[1].category, None);
    }
}
