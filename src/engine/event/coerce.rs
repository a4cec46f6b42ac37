//! Reading the values of a push: text, numbers sent as strings, money, currency codes,
//! event names and items. A value that cannot be used gives `None` and is dropped on its own.

use serde_json::Value;

use super::{Cents, Item, MAX_CENTS, MAX_ITEMS, MAX_QUANTITY, MAX_TEXT};

/// Keeps printable text, drops control characters, trims, and caps the length.
pub fn clean_text(s: &str) -> Option<String> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_TEXT)
        .collect();
    let t = t.trim().to_string();
    (!t.is_empty()).then_some(t)
}

/// Text sent as a string or as a number (ids often are), cleaned by [`clean_text`].
pub(super) fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => clean_text(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads a number sent as a JSON number or as a string ("19.99", " 5 "). NaN, infinities
/// and unparsable strings give `None`.
pub fn number(v: Option<&Value>) -> Option<f64> {
    let n = match v? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// Reads a non-negative amount of money into cents.
pub fn cents(v: Option<&Value>) -> Option<Cents> {
    let n = number(v)?;
    let c = (n * 100.0).round();
    (c >= 0.0 && c <= MAX_CENTS as f64).then_some(c as Cents)
}

/// A three-letter ISO 4217 code, upper-cased.
pub(super) fn currency(v: Option<&Value>) -> Option<String> {
    let s = v?.as_str()?.trim();
    (s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic())).then(|| s.to_ascii_uppercase())
}

/// An event name analytics tools accept: 1 to 64 letters, digits, `_`, `.`, `:` or `-`.
pub(super) fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
}

/// One line of GA4 `items` or, with `ua`, of Universal Analytics `products` (the other
/// dialect's keys are read too). A line with neither id nor name is dropped.
pub(super) fn item(v: &Value, ua: bool) -> Option<Item> {
    let o = v.as_object()?;
    let (id, name, cat) = if ua {
        ("id", "name", "category")
    } else {
        ("item_id", "item_name", "item_category")
    };
    let get = |k: &str, alt: &str| o.get(k).or_else(|| o.get(alt));
    let quantity = number(o.get("quantity"))
        .map(|q| q.round().clamp(1.0, f64::from(MAX_QUANTITY)) as u32)
        .unwrap_or(1);
    let it = Item {
        id: text(get(id, if ua { "item_id" } else { "id" })),
        name: text(get(name, if ua { "item_name" } else { "name" })),
        category: text(get(cat, if ua { "item_category" } else { "category" })),
        price: cents(o.get("price")),
        quantity,
    };
    (it.id.is_some() || it.name.is_some()).then_some(it)
}

/// The usable lines of an items array, at most [`MAX_ITEMS`].
pub(super) fn items(v: Option<&Value>, ua: bool) -> Vec<Item> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|i| item(i, ua))
            .take(MAX_ITEMS)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::engine::event::tests::event;
    use serde_json::json;

    #[test]
    fn ok_hostile_numbers_are_dropped_not_fatal() {
        let e = event(
            json!({"event": "purchase", "ecommerce": {"transaction_id": "T", "value": "NaN",
            "items": [{"item_name": "<img src=x onerror=alert(1)>", "price": -3, "quantity": -7}]}}),
        );
        assert_eq!(e.value, None);
        assert_eq!(e.items[0].price, None);
        assert_eq!(e.items[0].quantity, 1);
        assert_eq!(
            e.items[0].name.as_deref(),
            Some("<img src=x onerror=alert(1)>")
        );
    }
}
