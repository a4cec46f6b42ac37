//! Our own calls: `reciprocity('track', name, data)` and `reciprocity('identify', facts)`.

use serde_json::Value;

use super::coerce::{cents, currency, number, text};
use super::ga4::ga4_event;
use super::{kind_of, Facts, Input, InputError};
use crate::engine::time::{parse_instant, parse_month_day, Millis};
use crate::engine::url::is_web_url;

/// Normalizes `reciprocity('track', name, data)`.
pub fn from_track(name: &Value, data: Option<&Value>, at: Millis) -> Result<Input, InputError> {
    let Some(name) = name.as_str() else {
        return Err(InputError::Shape(format!(
            "track: the event name must be a string, got {}",
            kind_of(name)
        )));
    };
    let params = match data {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => Some(o),
        Some(other) => {
            return Err(InputError::Shape(format!(
                "track: data must be an object, got {}",
                kind_of(other)
            )))
        }
    };
    let mut e = ga4_event(name.trim(), params, at)?;
    if let Some(u) = params
        .and_then(|p| text(p.get("url")))
        .filter(|u| is_web_url(u))
    {
        e.url = Some(u);
    }
    Ok(Input::Event(e))
}

/// Normalizes `reciprocity('identify', facts)`. Unknown keys are ignored (a storefront may
/// send its whole customer object); a known key with an unusable value is an error.
pub fn from_identify(facts: &Value, at: Millis) -> Result<Input, InputError> {
    let Some(o) = facts.as_object() else {
        return Err(InputError::Shape(format!(
            "identify: expected an object, got {}",
            kind_of(facts)
        )));
    };
    let bad = |field: &'static str, reason: String| InputError::Fact { field, reason };
    let present = |k: &str| o.get(k).filter(|v| !v.is_null());
    let mut f = Facts {
        at,
        ..Facts::default()
    };
    if let Some(v) = present("first_name") {
        f.first_name = Some(
            text(Some(v)).ok_or_else(|| bad("first_name", "expected a non-empty string".into()))?,
        );
    }
    if let Some(v) = present("birthday") {
        let s = v
            .as_str()
            .ok_or_else(|| bad("birthday", "expected a string".into()))?;
        let md = parse_month_day(s).map_err(|e| bad("birthday", e.to_string()))?;
        f.birthday = Some((md.month, md.day));
    }
    if let Some(v) = present("orders_count") {
        let n = number(Some(v)).filter(|n| *n >= 0.0 && *n <= 1e6 && n.fract() == 0.0);
        f.orders_count = Some(n.ok_or_else(|| {
            bad(
                "orders_count",
                "expected a whole number from 0 to 1000000".into(),
            )
        })? as u32);
    }
    if let Some(v) = present("first_order_at") {
        let s = v
            .as_str()
            .ok_or_else(|| bad("first_order_at", "expected a string".into()))?;
        f.first_order_at =
            Some(parse_instant(s).map_err(|e| bad("first_order_at", e.to_string()))?);
    }
    if let Some(v) = present("total_spent") {
        f.total_spent = Some(
            cents(Some(v))
                .ok_or_else(|| bad("total_spent", "expected a non-negative amount".into()))?,
        );
    }
    if let Some(v) = present("currency") {
        f.currency = Some(
            currency(Some(v))
                .ok_or_else(|| bad("currency", "expected a 3-letter ISO 4217 code".into()))?,
        );
    }
    Ok(Input::Identify(f))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ok_identify() {
        let Ok(Input::Identify(f)) = from_identify(
            &json!({"first_name": " Ana ", "birthday": "1990-07-14",
            "orders_count": "3", "total_spent": 120.5, "currency": "usd", "__proto__": {"x": 1}}),
            9,
        ) else {
            panic!()
        };
        assert_eq!(f.first_name.as_deref(), Some("Ana"));
        assert_eq!(f.birthday, Some((7, 14)));
        assert_eq!(
            (f.orders_count, f.total_spent, f.currency.as_deref()),
            (Some(3), Some(12050), Some("USD"))
        );
    }
}
