//! Universal Analytics enhanced e-commerce: the action is a key under `ecommerce`
//! (`purchase`, `add`, `detail`, ...), its totals under `actionField`, its lines under
//! `products`. Legacy pushes often carry no `event` name.

use serde_json::{Map, Value};

use super::coerce::{cents, currency, items, text};
use super::Event;
use crate::engine::time::Millis;

/// Universal Analytics enhanced-ecommerce actions, in the order they are checked.
const UA_ACTIONS: [(&str, &str); 8] = [
    ("purchase", "purchase"),
    ("refund", "refund"),
    ("checkout", "begin_checkout"),
    ("add", "add_to_cart"),
    ("remove", "remove_from_cart"),
    ("detail", "view_item"),
    ("click", "select_item"),
    ("impressions", "view_item_list"),
];

pub(super) fn ua_event(ec: &Map<String, Value>, at: Millis) -> Option<Event> {
    let (key, name) = UA_ACTIONS.iter().find(|(k, _)| ec.contains_key(*k))?;
    let mut e = Event::new(*name, at);
    e.currency = currency(ec.get("currencyCode"));
    let action = ec.get(*key);
    if *key == "impressions" {
        e.items = items(action, true);
        return Some(e);
    }
    let action = action.and_then(Value::as_object);
    if let Some(a) = action {
        if let Some(af) = a.get("actionField").and_then(Value::as_object) {
            e.transaction_id = text(af.get("id"));
            e.value = cents(af.get("revenue"));
        }
        e.items = items(a.get("products"), true);
    }
    Some(e)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::engine::event::tests::event;
    use serde_json::json;

    #[test]
    fn ok_ua_purchase_without_event_key() {
        let e = event(json!({"ecommerce": {"currencyCode": "USD", "purchase": {
            "actionField": {"id": "UA-9", "revenue": "19.99", "tax": "1.00"},
            "products": [{"id": "P1", "name": "Tee", "category": "Apparel/Shirts", "price": "19.99", "quantity": 1}]}}}));
        assert_eq!((e.name.as_str(), e.value), ("purchase", Some(1999)));
        assert_eq!(e.items[0].category.as_deref(), Some("Apparel/Shirts"));
    }
}
