//! The studio's browser calls, in one place (`browser.js` does the JavaScript half): its own
//! files, the owner's files, downloads, the clipboard and the clock (`Intl` is the
//! storefront's, `platform::IntlFormatter`).

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::engine::time::Millis;

#[wasm_bindgen(module = "/src/studio/browser.js")]
extern "C" {
    #[wasm_bindgen(js_name = fetchText)]
    fn fetch_text_promise(url: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = readFile)]
    fn read_file_promise(input: &web_sys::HtmlInputElement) -> js_sys::Promise;
    /// Saves `text` as a downloaded file named `name`.
    pub fn download(name: &str, text: &str, mime: &str);
    #[wasm_bindgen(js_name = copyText)]
    fn copy_text_promise(text: &str) -> js_sys::Promise;
}

fn message(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(&e, &JsValue::from_str("message"))
                .ok()?
                .as_string()
        })
        .unwrap_or_else(|| "failed".into())
}

/// The text of one of the studio's own files (a path relative to the page).
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let v = JsFuture::from(fetch_text_promise(url))
        .await
        .map_err(message)?;
    v.as_string().ok_or_else(|| format!("{url}: not text"))
}

/// The text of the file chosen in a file input (`None`: no file chosen).
pub async fn read_file(input: &web_sys::HtmlInputElement) -> Result<Option<String>, String> {
    let v = JsFuture::from(read_file_promise(input))
        .await
        .map_err(message)?;
    Ok(v.as_string())
}

/// Copies text to the clipboard; `false` when the browser refuses.
pub async fn copy_text(text: &str) -> bool {
    JsFuture::from(copy_text_promise(text))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Now, in epoch milliseconds.
pub fn now() -> Millis {
    js_sys::Date::now() as Millis
}

/// The engine's [`Formatter`] backed by the browser's `Intl`: the storefront's own.
pub use crate::platform::IntlFormatter;

/// Moves focus to the first element that exists among `ids` (a field, or the section
/// around it) and scrolls it into view; `false` when none does.
pub fn focus_first(ids: &[String]) -> bool {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    for id in ids {
        if let Some(el) = doc
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
            return true;
        }
    }
    false
}

/// The focused element of the page, if any.
pub fn active_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

/// Gives `el` the focus back when something else took it.
pub fn refocus(el: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    if active_element().as_ref() != Some(el) {
        if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    }
}
