//! Carries out on the page what the session asks for: lifecycle events on `window` and in
//! the dataLayer, gestures and closings handed to the loader, beacons to the store.

use serde_json::json;
use wasm_bindgen::JsValue;

use crate::engine::session::Effect;
use crate::platform;

/// Carries out `effects` in order; `on_gesture` is the loader's callback.
pub(super) fn carry_out(effects: Vec<Effect>, on_gesture: &js_sys::Function) {
    for effect in effects {
        match effect {
            Effect::Emit(step, detail) => {
                platform::dispatch(step.name(), &detail.json());
                platform::push_data_layer(&detail.push_json(step));
            }
            Effect::Show(view) => {
                let _ = on_gesture.call1(&JsValue::NULL, &JsValue::from_str(&view));
            }
            Effect::Close(id) => {
                let close = json!({ "close": id }).to_string();
                let _ = on_gesture.call1(&JsValue::NULL, &JsValue::from_str(&close));
            }
            Effect::Beacon { url, payload } => {
                platform::send_beacon(&url, &payload);
            }
        }
    }
}
