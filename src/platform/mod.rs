//! The browser platform layer: the one place that touches storage, the clock, the
//! dataLayer, navigation, outbound events, the network and `Intl`.
//!
//! The JavaScript half (`bindings.js`) does what needs JavaScript (variadic `push`, wrapping
//! `history`, `Intl`) and catches everything the page or the browser throws. This half turns
//! those calls into the engine's traits: [`LocalStore`] for [`Store`], [`IntlFormatter`] for
//! [`Formatter`].

use wasm_bindgen::prelude::*;

use crate::engine::event::Cents;
use crate::engine::history::{Store, StoreError};
use crate::engine::page::DeviceClass;
use crate::engine::template::{Formatter, PluralCategory};
use crate::engine::time::Millis;

#[wasm_bindgen(module = "/src/platform/bindings.js")]
extern "C" {
    #[wasm_bindgen(js_name = hookDataLayer)]
    /// Reads the dataLayer so far, then every later push (JSON text, or `None` when unreadable),
    /// written by the loader's `serializer`.
    pub fn hook_data_layer(callback: &Closure<dyn FnMut(Option<String>)>, serializer: &JsValue);
    #[wasm_bindgen(js_name = recheckDataLayer)]
    /// Hears pushes a replaced dataLayer received since the last check.
    pub fn recheck_data_layer();
    #[wasm_bindgen(js_name = pushDataLayer)]
    /// Pushes an outbound `reciprocity_<step>` event to the dataLayer.
    pub fn push_data_layer(json: &str);
    #[wasm_bindgen(js_name = dispatch)]
    /// Dispatches `reciprocity:<step>` on `window`.
    pub fn dispatch(step: &str, json: &str);
    #[wasm_bindgen(js_name = hookNavigation)]
    /// Calls back with the URL after single-page-app navigation.
    pub fn hook_navigation(callback: &Closure<dyn FnMut(String)>);
    #[wasm_bindgen(js_name = pageUrl)]
    /// The current page URL.
    pub fn page_url() -> String;
    #[wasm_bindgen(js_name = shopperLocale)]
    /// The page's or browser's language.
    pub fn shopper_locale() -> String;
    #[wasm_bindgen(js_name = randomId)]
    /// A random id from `crypto.getRandomValues`.
    pub fn random_id() -> String;
    #[wasm_bindgen(js_name = timezoneOffset)]
    /// Minutes east of UTC.
    pub fn timezone_offset() -> i32;
    #[wasm_bindgen(js_name = pointerCoarse)]
    /// Whether the primary pointer is coarse (a touch screen).
    fn pointer_coarse() -> bool;
    #[wasm_bindgen(js_name = screenShortSide)]
    /// The screen's short side in CSS pixels (0 when unknown).
    fn screen_short_side() -> u32;
    #[wasm_bindgen(js_name = pageReferrer)]
    /// The page's referrer (`document.referrer`), empty when none.
    fn page_referrer() -> String;
    #[wasm_bindgen(js_name = awaitTrigger)]
    /// Waits on the page for a gesture's trigger (JSON), then calls `fire` once.
    pub fn await_trigger(trigger: &str, fire: &JsValue);
    #[wasm_bindgen(js_name = formatNumber)]
    fn format_number(locale: &str, n: f64) -> String;
    #[wasm_bindgen(js_name = formatMoney)]
    fn format_money(locale: &str, cents: f64, currency: &str) -> String;
    #[wasm_bindgen(js_name = formatDate)]
    fn format_date(locale: &str, ms: f64) -> String;
    #[wasm_bindgen(js_name = formatList)]
    fn format_list(locale: &str, json: &str) -> String;
    #[wasm_bindgen(js_name = pluralCategory)]
    fn plural_category(locale: &str, n: f64) -> String;
    #[wasm_bindgen(js_name = storageGet)]
    fn storage_get(key: &str) -> js_sys::Array;
    #[wasm_bindgen(js_name = storageSet)]
    fn storage_set(key: &str, value: &str) -> String;
    #[wasm_bindgen(js_name = storageRemove)]
    fn storage_remove(key: &str) -> String;
    /// The tab's `sessionStorage`: sets `key` when `set`, and says whether it is there
    /// (`false` where the browser refuses).
    #[wasm_bindgen(js_name = tabFlag)]
    pub fn tab_flag(key: &str, set: bool) -> bool;
    #[wasm_bindgen(js_name = sendBeacon)]
    /// Sends JSON to a store endpoint with `navigator.sendBeacon`.
    pub fn send_beacon(url: &str, json: &str) -> bool;
    /// Runs a function while holding the cross-tab lock (Web Locks), or now without them.
    #[wasm_bindgen(js_name = withLock)]
    pub fn with_lock(f: &JsValue);
    /// Runs a function once the page is idle (within a second), in a task of its own.
    #[wasm_bindgen(js_name = whenIdle)]
    pub fn when_idle(f: &JsValue);
    /// Calls back when another tab changes the stored value under `key`.
    #[wasm_bindgen(js_name = onStorageChange)]
    pub fn on_storage_change(key: &str, callback: &Closure<dyn FnMut()>);
    /// Calls back when the page is going away (`pagehide`).
    #[wasm_bindgen(js_name = onPageHide)]
    pub fn on_page_hide(callback: &Closure<dyn FnMut()>);
    /// Reports a fatal fault: the loader removes the widget.
    #[wasm_bindgen(js_name = fatal)]
    pub fn fatal(message: &str);
    #[wasm_bindgen(js_name = fetchCode)]
    /// POSTs to a code-issuing URL; a promise of the code.
    pub fn fetch_code(url: &str, json: &str) -> js_sys::Promise;
    /// Undoes every hook the functions above added to the page: the dataLayer `push` wrapper
    /// and its once-a-second check, the navigation hooks, the storage and page-hide
    /// listeners. What another script wrapped after us stays, made inert. Call it before the
    /// closures handed to those hooks are dropped.
    #[wasm_bindgen(js_name = stop)]
    pub fn stop();
}

/// Writes a small record (the alarm) under `key`; failures are ignored (the loader then
/// simply wakes the recorder every time).
pub fn storage_set_key(key: &str, value: &str) {
    let _ = storage_set(key, value);
}

/// Removes `key`.
pub fn storage_remove_key(key: &str) {
    let _ = storage_remove(key);
}

/// The device class, from the pointer and the screen (not the user agent string).
pub fn device_class() -> DeviceClass {
    DeviceClass::of_screen(pointer_coarse(), screen_short_side())
}

/// The page's referrer, when it has one.
pub fn referrer() -> Option<String> {
    Some(page_referrer()).filter(|r| !r.is_empty())
}

/// Now, from the browser's clock.
pub fn now() -> Millis {
    js_sys::Date::now() as Millis
}

/// `localStorage` under one key, with every refusal turned into a [`StoreError`].
#[derive(Debug, Clone)]
pub struct LocalStore {
    key: String,
}

impl LocalStore {
    /// The store under `key`.
    pub fn new(key: &str) -> LocalStore {
        LocalStore {
            key: key.to_string(),
        }
    }

    /// Keeps a value that could not be read beside the history, so nothing is lost.
    pub fn keep_aside(&self, value: &str) {
        let _ = storage_set(&format!("{}:unreadable", self.key), value);
    }
}

fn store_error(e: String) -> StoreError {
    if e.contains("Quota") {
        StoreError::Quota(e)
    } else {
        StoreError::Blocked(e)
    }
}

impl Store for LocalStore {
    fn load(&self) -> Result<Option<String>, StoreError> {
        let r = storage_get(&self.key);
        let ok = r.get(0).as_bool().unwrap_or(false);
        let v = r.get(1);
        if ok {
            Ok(v.as_string())
        } else {
            Err(StoreError::Blocked(v.as_string().unwrap_or_default()))
        }
    }

    fn save(&mut self, value: &str) -> Result<(), StoreError> {
        let e = storage_set(&self.key, value);
        if e.is_empty() {
            Ok(())
        } else {
            Err(store_error(e))
        }
    }

    fn clear(&mut self) -> Result<(), StoreError> {
        let e = storage_remove(&self.key);
        for extra in ["unreadable", "alarm", "inbox", "facts"] {
            let _ = storage_remove(&format!("{}:{extra}", self.key));
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(store_error(e))
        }
    }
}

/// The engine's [`Formatter`] backed by the browser's `Intl`.
#[derive(Debug, Clone)]
pub struct IntlFormatter {
    locale: String,
}

impl IntlFormatter {
    /// A formatter for a BCP 47 locale.
    pub fn new(locale: &str) -> IntlFormatter {
        IntlFormatter {
            locale: locale.to_string(),
        }
    }
}

impl Formatter for IntlFormatter {
    fn locale(&self) -> &str {
        &self.locale
    }
    fn relocale(&self, locale: &str) -> Box<dyn Formatter> {
        Box::new(IntlFormatter::new(locale))
    }
    fn number(&self, n: i64) -> String {
        format_number(&self.locale, n as f64)
    }
    fn money(&self, cents: Cents, currency: &str) -> String {
        format_money(&self.locale, cents as f64, currency)
    }
    fn date(&self, at: Millis) -> String {
        format_date(&self.locale, at as f64)
    }
    fn list(&self, items: &[String]) -> String {
        format_list(
            &self.locale,
            &serde_json::to_string(items).unwrap_or_else(|_| "[]".into()),
        )
    }
    fn plural(&self, n: i64) -> PluralCategory {
        PluralCategory::from_keyword(&plural_category(&self.locale, n as f64))
            .unwrap_or(PluralCategory::Other)
    }
}
