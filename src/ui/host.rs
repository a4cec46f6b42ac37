// A little over 400 lines: every browser call the UI module makes (host element, shadow
// root, stylesheet, the loader's callbacks, clipboard, share sheet) stays in this one room,
// so the components stay free of web-sys.

//! The UI module's browser calls, in one place: the host element with its open shadow root
//! and adopted stylesheet, the loader's callbacks (reactions, code issuing, forget), and the
//! clipboard.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::engine::reaction::Report;

/// The stylesheet adopted into the shadow root: `style.css`, minified by `build.rs`.
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/style.css"));

thread_local! {
    /// The loader's `fatal(message)`, called by the panic hook.
    static FATAL: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
    /// Fault injection for the test suite (`reciprocity('debug', 'ui-panic')`): the next
    /// reaction panics inside its event handler.
    static PANIC_ON_REACTION: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Routes a panic inside the UI (a bug) to the loader's `fatal`, which removes the widget and
/// reports `reciprocity:error`; the host page keeps working.
pub fn route_panics(host: &JsValue) {
    let fatal = js_sys::Reflect::get(host, &JsValue::from_str("fatal"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    FATAL.with(|f| *f.borrow_mut() = fatal);
    // Through Yew, or its first render replaces the hook with one that writes to the console.
    yew::set_custom_panic_hook(Box::new(crate::fault::report));
}

/// Forgets the loader's `fatal` once the gesture is gone.
pub fn unroute_panics() {
    FATAL.with(|f| *f.borrow_mut() = None);
}

/// Tells the loader the UI failed (`fatal(message)`); false before a gesture was mounted.
pub(crate) fn fatal(message: &str) -> bool {
    FATAL.with(|f| match f.borrow().as_ref() {
        Some(f) => {
            let _ = f.call1(&JsValue::NULL, &JsValue::from_str(message));
            true
        }
        None => false,
    })
}

/// Makes the next reaction panic (fault injection for the test suite).
pub fn panic_on_next_reaction() {
    PANIC_ON_REACTION.with(|p| p.set(true));
}

/// The engine's [`Report`] as a plain object (its serde form, written by hand: this module
/// carries no JSON or serde-to-JS library).
pub fn report_object(report: &Report) -> JsValue {
    let o = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    set("step", JsValue::from_str(report.step().name()));
    match report {
        Report::Acted { action } => set("action", JsValue::from_str(action.name())),
        Report::FeedbackSubmitted { score, comment } => {
            set(
                "score",
                score.map_or(JsValue::NULL, |n| JsValue::from_f64(n as f64)),
            );
            set(
                "comment",
                comment.as_deref().map_or(JsValue::NULL, JsValue::from_str),
            );
        }
        Report::Closed {
            reason: Some(reason),
        } => set("reason", JsValue::from_str(reason.name())),
        Report::Dismissed
        | Report::CodeRevealed
        | Report::CodeCopied
        | Report::Closed { reason: None } => {}
    }
    o.into()
}

/// The loader's side of the UI: `{react(report), issueCode(), forget(), fatal(message)}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Host(JsValue);

impl Host {
    /// Wraps the loader's object (any value: missing methods are no-ops).
    pub fn new(v: JsValue) -> Host {
        Host(v)
    }

    fn method(&self, name: &str) -> Option<js_sys::Function> {
        js_sys::Reflect::get(&self.0, &JsValue::from_str(name))
            .ok()?
            .dyn_into()
            .ok()
    }

    /// Reports what the shopper did, as an object the loader hands to the recorder:
    /// `{step, action?, score?, comment?, reason?}` (the engine's [`Report`] in its serde
    /// form; the loader writes it as JSON with its own serializer, so no JSON is written
    /// here).
    pub fn react(&self, report: &Report) {
        if PANIC_ON_REACTION.with(|p| p.replace(false)) {
            panic!("deliberate fault requested by reciprocity('debug', 'ui-panic')");
        }
        if let Some(f) = self.method("react") {
            let _ = f.call1(&self.0, &report_object(report));
        }
    }

    /// Asks for a single-use code: `done` gets it, or why not (always after this call
    /// returns, as an awaited promise would).
    pub fn issue_code(&self, done: impl FnOnce(Result<String, String>) + 'static) {
        let p = self
            .method("issueCode")
            .and_then(|f| f.call0(&self.0).ok())
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
            .unwrap_or_else(|| js_sys::Promise::reject(&JsValue::from_str("no code service")));
        settled(
            &p,
            Box::new(move |r| {
                done(match r {
                    Ok(v) => v.as_string().ok_or_else(|| "no code".to_string()),
                    Err(e) => Err(e.as_string().unwrap_or_default()),
                })
            }),
        );
    }

    /// Lets the loader guard the event listeners Yew registers on `root`, so that a fault in
    /// a handler never reaches the page as an uncaught error.
    pub fn contain(&self, root: &Element) {
        if let Some(f) = self.method("contain") {
            let _ = f.call1(&self.0, root);
        }
    }

    /// Forgets what the device remembers.
    pub fn forget(&self) {
        if let Some(f) = self.method("forget") {
            let _ = f.call0(&self.0);
        }
    }

    /// The shopper's "stop showing me these": the recorder forgets, keeps only that
    /// choice, and closes the gesture.
    pub fn opt_out(&self) {
        if let Some(f) = self.method("optOut") {
            let _ = f.call0(&self.0);
        }
    }
}

/// Whether the browser has a share sheet (the Web Share API).
pub fn can_share() -> bool {
    web_sys::window().is_some_and(|w| {
        js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("share"))
            .is_ok_and(|f| f.is_function())
    })
}

/// Calls `done` once with how `p` settled (its value, or its reason). Written with
/// `Promise::then` instead of an async task: the UI module then carries no executor for its
/// three waits (the code, the clipboard, the share sheet): 347 bytes (brotli). Both handlers
/// are freed when either runs (wasm-bindgen frees a running one when its call returns).
fn settled(p: &js_sys::Promise, done: Box<dyn FnOnce(Result<JsValue, JsValue>)>) {
    type Handler = Closure<dyn FnMut(JsValue)>;
    let done = Rc::new(Cell::new(Some(done)));
    let keep: Rc<RefCell<Option<(Handler, Handler)>>> = Rc::new(RefCell::new(None));
    let handler = |ok: bool| {
        let (done, keep) = (done.clone(), keep.clone());
        Handler::new(move |v: JsValue| {
            drop(keep.borrow_mut().take());
            if let Some(f) = done.take() {
                f(if ok { Ok(v) } else { Err(v) });
            }
        })
    };
    let (ok, err) = (handler(true), handler(false));
    let _ = p.then2(&ok, &err);
    *keep.borrow_mut() = Some((ok, err));
}

/// Shares `text` and the store's address through the browser's share sheet; `done` gets
/// whether the shopper shared it (`false` when they cancelled or the browser refused).
/// Called through `Reflect`, without web-sys's `ShareData` binding.
pub fn share(text: &str, done: impl FnOnce(bool) + 'static) {
    let refused = || js_sys::Promise::reject(&JsValue::UNDEFINED);
    let Some(w) = web_sys::window() else {
        return settled(&refused(), Box::new(move |_| done(false)));
    };
    let nav = w.navigator();
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &JsValue::from_str("text"), &JsValue::from_str(text));
    if let Ok(origin) = w.location().origin() {
        let _ = js_sys::Reflect::set(
            &data,
            &JsValue::from_str("url"),
            &JsValue::from_str(&(origin + "/")),
        );
    }
    let promise = js_sys::Reflect::get(&nav, &JsValue::from_str("share"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&nav, &data).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let p = promise.unwrap_or_else(refused);
    settled(&p, Box::new(move |r| done(r.is_ok())));
}

/// Copies text with the Clipboard API; `done` gets `false` when the browser refuses.
pub fn copy(text: &str, done: impl FnOnce(bool) + 'static) {
    let p = match web_sys::window() {
        Some(w) => w.navigator().clipboard().write_text(text),
        None => js_sys::Promise::reject(&JsValue::UNDEFINED),
    };
    settled(&p, Box::new(move |r| done(r.is_ok())));
}

/// Selects the text of an input so the shopper can copy it by hand.
pub fn select(el: &Element) {
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        let _ = input.focus();
        input.select();
    }
}

/// Moves focus to an element.
pub fn focus(el: &Element) {
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}

/// The element that has focus, to give it back later.
pub fn active_element() -> Option<Element> {
    web_sys::window()?.document()?.active_element()
}

/// Epoch milliseconds now.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Whether the shopper asked for less motion.
pub fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// The host element in the page: `<reciprocity-widget>` with an open shadow root holding the
/// adopted stylesheet (plus the theme) and the element Yew renders into. It is the first
/// child of `<body>`, so the gesture comes first in the tab order; it adds no box
/// (`display: contents`), and its fixed formats are shown in the top layer (a popover), so
/// a `transform` or `filter` on the body cannot move them. An inline gesture's host is
/// appended inside the page's element instead.
pub struct Mount {
    /// The host element.
    pub host: Element,
    /// The element inside the shadow root that Yew renders into.
    pub root: Element,
}

/// Whether an element of the page matches the CSS selector `sel`.
pub fn on_page(sel: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(sel).ok().flatten())
        .is_some()
}

/// Creates the host element, its shadow root and stylesheet; `inline` is the selector of
/// the page's element an inline gesture goes into (an error when nothing matches it).
pub fn create_host(
    theme_css: &str,
    rtl: bool,
    lang: &str,
    inline: Option<&str>,
) -> Result<Mount, JsValue> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let slot = match inline {
        Some(sel) => Some(
            doc.query_selector(sel)
                .ok()
                .flatten()
                .ok_or("no element on this page matches the inline selector")?,
        ),
        None => None,
    };
    let host = doc.create_element("reciprocity-widget")?;
    let init = ShadowRootInit::new(ShadowRootMode::Open);
    let shadow: ShadowRoot = host.attach_shadow(&init)?;
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(&format!("{CSS}\n:host{{{theme_css}}}"))?;
    let sheets = js_sys::Array::of1(&sheet);
    js_sys::Reflect::set(&shadow, &JsValue::from_str("adoptedStyleSheets"), &sheets)?;
    let root = doc.create_element("div")?;
    root.set_class_name(if slot.is_some() {
        "rc-root rc-in-slot"
    } else {
        "rc-root"
    });
    root.set_attribute("dir", if rtl { "rtl" } else { "ltr" })?;
    root.set_attribute("lang", lang)?;
    shadow.append_child(&root)?;
    match (slot, doc.body()) {
        (Some(slot), _) => {
            slot.append_child(&host)?;
        }
        (None, Some(body)) => {
            body.insert_before(&host, body.first_child().as_ref())?;
        }
        (None, None) => {
            doc.document_element()
                .ok_or("no root element")?
                .append_child(&host)?;
        }
    }
    Ok(Mount { host, root })
}

/// Shows an element rendered with `popover="manual"` in the top layer (above the page's own
/// overlays, out of reach of its transforms); nothing where the browser lacks popovers.
pub fn show_popover(el: &Element) {
    if let Ok(f) = js_sys::Reflect::get(el, &JsValue::from_str("showPopover")) {
        if let Ok(f) = f.dyn_into::<js_sys::Function>() {
            let _ = f.call0(el);
        }
    }
}

/// Whether the window is phone-sized (the stylesheet's phone query).
pub fn phone_width() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(max-width: 480px)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The page's primary actions when the store names none: its own mark, and the usual
/// add-to-cart buttons of Shopify, WooCommerce and hand-made themes.
pub const KEEP_CLEAR: &str = "[data-reciprocity-keep-clear],form[action*=\"/cart/add\"] [type=submit],.single_add_to_cart_button,#add-to-cart,.add-to-cart";

/// Whether `el` (a fixed element: where it rests, its entrance animation aside) overlaps
/// a visible element of the page matching `selectors` (an invalid selector matches nothing).
pub fn covers(el: &Element, selectors: &str) -> bool {
    let (Some(doc), Some(h)) = (
        web_sys::window().and_then(|w| w.document()),
        el.dyn_ref::<web_sys::HtmlElement>(),
    ) else {
        return false;
    };
    let Ok(list) = doc.query_selector_all(selectors) else {
        return false;
    };
    let left = f64::from(h.offset_left());
    let top = f64::from(h.offset_top());
    let right = left + f64::from(h.offset_width());
    let bottom = top + f64::from(h.offset_height());
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .any(|e| {
            let b = e.get_bounding_client_rect();
            b.width() > 0.0
                && b.height() > 0.0
                && left < b.right()
                && b.left() < right
                && top < b.bottom()
                && b.top() < bottom
        })
}

/// Calls `f` on each resize of the window until the returned guard is dropped.
#[must_use = "the listener is removed when the guard is dropped"]
pub struct OnResize(Option<Closure<dyn FnMut()>>);

impl OnResize {
    /// Listens to the window's `resize`.
    pub fn new(f: impl FnMut() + 'static) -> OnResize {
        let c = Closure::<dyn FnMut()>::new(f);
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("resize", c.as_ref().unchecked_ref());
        }
        OnResize(Some(c))
    }
}

impl Drop for OnResize {
    fn drop(&mut self) {
        if let (Some(c), Some(w)) = (self.0.take(), web_sys::window()) {
            let _ = w.remove_event_listener_with_callback("resize", c.as_ref().unchecked_ref());
        }
    }
}

const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), textarea:not([disabled]), select, [tabindex]:not([tabindex=\"-1\"])";

/// The focusable elements inside `container`, in order.
pub fn focusables(container: &Element) -> Vec<Element> {
    let Ok(list) = container.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// The focused element as seen from `inside` (the shadow root's, or the document's).
pub fn focused_near(inside: &Element) -> Option<Element> {
    let root = inside.get_root_node();
    if let Some(shadow) = root.dyn_ref::<ShadowRoot>() {
        return shadow.active_element();
    }
    root.dyn_ref::<web_sys::Document>()?.active_element()
}
