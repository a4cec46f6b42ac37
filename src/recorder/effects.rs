//! Carries out on the page what the session asks for: lifecycle events on `window` and in
//! the dataLayer, gestures and closings handed to the loader, beacons to the store.

use std::rc::Weak;

use wasm_bindgen::prelude::*;

use super::queue::{Job, Shared};

use crate::engine::reaction::Step;
use crate::engine::session::Effect;
use crate::engine::{json, keys};
use crate::platform;

/// Carries out `effects` in order; `on_gesture` is the loader's callback.
///
/// The gesture and the event details cross to JavaScript as JSON text, not as objects built
/// with `serde-wasm-bindgen`: the recorder needs serde_json's serializer anyway (the stored
/// history), and measured on this module the `serde-wasm-bindgen` path (the view and the
/// details as objects) was 3.0 KB larger after brotli (wasm + glue 160,116 bytes against
/// 157,055).
pub(super) fn carry_out(
    effects: Vec<Effect>,
    on_gesture: &js_sys::Function,
    shared: &Weak<Shared>,
) {
    for effect in effects {
        match effect {
            Effect::Emit(step, detail) => {
                if step == Step::Forgotten {
                    // The shopper had the device forget (not a consent refusal): the rest
                    // of this tab's visit is no first visit.
                    platform::tab_flag(keys::FORGOT, true);
                }
                platform::dispatch(step.name(), &detail.json());
                platform::push_data_layer(&detail.push_json(step));
            }
            Effect::Show(view) => {
                let _ = on_gesture.call1(&JsValue::NULL, &JsValue::from_str(&view));
            }
            Effect::Await { gesture, trigger } => {
                // The page calls back once, when the trigger fires; a page left first
                // never does (the gesture was not shown, and its moment stays owed).
                let shared = shared.clone();
                let fire = Closure::once_into_js(move || {
                    if let Some(s) = shared.upgrade() {
                        s.enqueue(Job::Triggered(gesture));
                    }
                });
                platform::await_trigger(&trigger, &fire);
            }
            Effect::Close(id) => {
                let close = json::object(&[("close", json::text(&id))]);
                let _ = on_gesture.call1(&JsValue::NULL, &JsValue::from_str(&close));
            }
            Effect::Beacon { url, payload } => {
                platform::send_beacon(&url, &payload);
            }
            Effect::Wipe => {
                for key in [keys::ALARM, keys::INBOX, keys::FACTS] {
                    platform::storage_remove_key(key);
                }
            }
        }
    }
}
