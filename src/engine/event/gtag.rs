//! The `gtag('event', name, params)` argument form, as gtag() pushes its `arguments`.

use serde_json::Value;

use super::ga4::ga4_event;
use super::{is_foreign, Input, InputError};
use crate::engine::time::Millis;

/// Normalizes the arguments of a `gtag(...)` call. Only `gtag('event', name, params)`
/// carries an event; `config`, `set`, `js` and `consent` commands give `Ok(None)`.
pub fn from_gtag(args: &[Value], at: Millis) -> Result<Option<Input>, InputError> {
    match args.first().and_then(Value::as_str) {
        Some("event") => {}
        Some(_) => return Ok(None),
        None => return Err(InputError::Shape("gtag call without a command".into())),
    }
    let Some(name) = args.get(1).and_then(Value::as_str) else {
        return Err(InputError::Shape(
            "gtag('event') without an event name".into(),
        ));
    };
    if is_foreign(name) {
        return Ok(None);
    }
    ga4_event(name, args.get(2).and_then(Value::as_object), at).map(|e| Some(Input::Event(e)))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::event::from_data_layer;
    use serde_json::json;

    #[test]
    fn ok_gtag_form() {
        let e = match from_data_layer(
            &json!(["event", "add_to_cart", {"value": 5, "items": [{"item_id": "A"}]}]),
            7,
        ) {
            Ok(Some(Input::Event(e))) => e,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            (e.name.as_str(), e.value, e.at),
            ("add_to_cart", Some(500), 7)
        );
    }
}
