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
        Value::String(s) => decimal(s.trim())?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// A decimal number as storefronts write amounts in text (`"24.00"`, `"-3.5"`, `"1e3"`).
///
/// Written by hand: `str::parse::<f64>` brings core's exact float parser with its tables of
/// powers of five, about 12 KB of the recorder module (brotli) for amounts that are rounded
/// to cents anyway. Exact for up to 19 significant digits and 22 decimals, otherwise within
/// a few units in the last place.
pub fn decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = match b.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let (mut mantissa, mut digits, mut scale) = (0u64, 0u32, 0i32);
    let mut push = |d: u8, after_point: bool| {
        if mantissa < 1_000_000_000_000_000_000 {
            mantissa = mantissa * 10 + u64::from(d - b'0');
            if after_point {
                scale -= 1;
            }
        } else if !after_point {
            scale += 1;
        }
    };
    while let Some(d @ b'0'..=b'9') = b.get(i).copied() {
        push(d, false);
        digits += 1;
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while let Some(d @ b'0'..=b'9') = b.get(i).copied() {
            push(d, true);
            digits += 1;
            i += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        let mut exp: i32 = 0;
        while let Some(d @ b'0'..=b'9') = b.get(i).copied() {
            exp = exp.saturating_mul(10).saturating_add(i32::from(d - b'0'));
            i += 1;
        }
        if i == start {
            return None;
        }
        scale = scale.saturating_add(sign * exp);
    }
    if i != b.len() {
        return None;
    }
    // Dividing by an exact power of ten (up to 1e22) keeps amounts like 24.10 exact.
    let m = mantissa as f64;
    let v = match scale {
        0 => m,
        1..=308 => m * 10f64.powi(scale),
        -22..=-1 => m / 10f64.powi(-scale),
        _ if scale < 0 => m / 10f64.powi(22) / 10f64.powi((-scale - 22).min(330)),
        _ => f64::INFINITY,
    };
    Some(if negative { -v } else { v })
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
pub fn valid_name(name: &str) -> bool {
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
    use super::decimal;

    #[test]
    fn ok_decimal_as_parse_reads_it() {
        for text in [
            "24.00",
            "24.1",
            "-3.5",
            "+5",
            ".5",
            "5.",
            "0",
            "1e3",
            "2.5E-2",
            "19.99",
            "1234567.89",
            "0.000001",
            "12345678901234567890123",
            "7e-30",
        ] {
            let want: f64 = text.parse().unwrap();
            let got = decimal(text).unwrap();
            assert!(
                (got - want).abs() <= want.abs() * 1e-15,
                "{text}: {got} against {want}"
            );
        }
        assert_eq!(decimal("24.10"), Some(24.1));
        assert_eq!(decimal("0.1"), Some(0.1));
    }

    #[test]
    fn err_decimal_not_a_number() {
        for text in [
            "", "-", ".", "e5", "1e", "1.2.3", "12a", "0x10", "NaN", "inf", "1 000", "1,5",
        ] {
            assert_eq!(decimal(text), None, "{text:?}");
        }
        assert_eq!(
            decimal("1e999"),
            Some(f64::INFINITY),
            "refused later as not finite"
        );
    }

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
