//! What the UI receives: the gesture (final plain texts) and its presentation, read from the
//! JSON the recorder produced. Read by hand with `js_sys` so the UI module carries no JSON
//! library.

use std::rc::Rc;

use wasm_bindgen::JsValue;
use yew::AttrValue;

use crate::engine::config::{Format, Kind, Position, Scale};
use crate::engine::url::is_web_url;

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(v: &JsValue, key: &str) -> AttrValue {
    AttrValue::from(get(v, key).as_string().unwrap_or_default())
}

fn opt_text(v: &JsValue, key: &str) -> Option<AttrValue> {
    get(v, key)
        .as_string()
        .filter(|s| !s.is_empty())
        .map(AttrValue::from)
}

/// One of the engine's enums, by its name (`Kind::from_name`, …: the serde names, read
/// without serde, which costs this module 3.5 KB raw more).
fn name<T>(v: &JsValue, key: &str, from_name: fn(&str) -> Option<T>) -> Option<T> {
    from_name(&get(v, key).as_string()?)
}

fn object(v: &JsValue, key: &str) -> Option<JsValue> {
    let o = get(v, key);
    o.is_object().then_some(o)
}

/// Only http(s) URLs and site paths become links; anything else is dropped.
fn web_url(v: &JsValue, key: &str) -> Option<AttrValue> {
    opt_text(v, key).filter(|u| is_web_url(u))
}

/// A code to reveal.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CodeView {
    /// Static code, when the config has one.
    pub value: Option<AttrValue>,
    /// Whether the code comes from the store's issuing URL on reveal.
    pub issued: bool,
    /// Expiry as epoch milliseconds.
    pub expires_ms: Option<f64>,
    /// Expiry, formatted.
    pub expires_text: Option<AttrValue>,
    /// Link that applies the code.
    pub apply_url: Option<AttrValue>,
    /// A code meant to be passed on: offer to share it.
    pub share: bool,
}

/// A link.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkView {
    /// Text.
    pub label: AttrValue,
    /// Target (http(s) or a path).
    pub url: AttrValue,
}

/// A feedback question.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackView {
    /// The question.
    pub question: AttrValue,
    /// Stars, NPS or text only.
    pub scale: Scale,
    /// Label of the short-text answer.
    pub comment: Option<AttrValue>,
    /// Shown after submitting.
    pub thanks: AttrValue,
    /// The answer is sent to the store (the "why" panel says so).
    pub sent_to_store: bool,
}

/// A gesture ready to render.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GestureView {
    /// Id (`data-gesture-id`).
    pub id: AttrValue,
    /// Kind (`data-gesture-kind`).
    pub kind: Kind,
    /// Heading.
    pub title: AttrValue,
    /// Body.
    pub text: AttrValue,
    /// The heading's language when it is not the page's (a fallback text).
    pub title_lang: Option<AttrValue>,
    /// The body's language when it is not the page's.
    pub text_lang: Option<AttrValue>,
    /// Code.
    pub code: Option<CodeView>,
    /// Link.
    pub link: Option<LinkView>,
    /// Feedback question.
    pub feedback: Option<FeedbackView>,
    /// Modal dialog.
    pub modal: bool,
    /// "Why am I seeing this" reasons.
    pub why: Rc<[AttrValue]>,
    /// A store owner's preview.
    pub preview: bool,
    /// How it is presented.
    pub format: Format,
    /// For the inline format: the selector of the page's element it goes into.
    pub inline: Option<AttrValue>,
}

/// Everything the UI shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct View {
    /// The gesture.
    pub gesture: GestureView,
    /// BCP 47 locale of the texts.
    pub locale: AttrValue,
    /// `ltr` or `rtl`.
    pub rtl: bool,
    /// Where it sits.
    pub placement: Position,
    /// Theme custom properties (`--rc-accent: #123456`), validated.
    pub theme_css: String,
    /// The page's primary actions a gesture must not cover on a phone: the store's
    /// `theme.keep_clear` selectors joined by commas (`None`: the default list).
    pub keep_clear: Option<AttrValue>,
    /// Shown in the page's top layer (set by [`mount`](super::mount); the studio's preview
    /// keeps the gesture inside its frame).
    pub top_layer: bool,
}

/// Rejects anything that could end a declaration, open a block or load a resource.
fn css_value(s: &str) -> Option<&str> {
    let ok = !s.is_empty()
        && s.len() <= 200
        && !s
            .chars()
            .any(|c| matches!(c, ';' | '{' | '}' | '<' | '>' | '\\' | '@' | '\n'))
        && !s.to_ascii_lowercase().contains("url(");
    ok.then_some(s)
}

impl View {
    /// Reads the recorder's `{gesture, theme, locale, dir}`.
    pub fn from_js(v: &JsValue) -> View {
        let g = get(v, "gesture");
        let code = object(&g, "code").map(|c| CodeView {
            value: opt_text(&c, "value"),
            issued: opt_text(&c, "issue_url").is_some(),
            expires_ms: get(&c, "expires_ms").as_f64(),
            expires_text: opt_text(&c, "expires_text"),
            apply_url: web_url(&c, "apply_url"),
            share: get(&c, "share").as_bool() == Some(true),
        });
        let link = object(&g, "link").and_then(|l| {
            Some(LinkView {
                label: text(&l, "label"),
                url: web_url(&l, "url")?,
            })
        });
        let feedback = object(&g, "feedback").map(|f| FeedbackView {
            question: text(&f, "question"),
            scale: name(&f, "scale", Scale::from_name).unwrap_or_default(),
            comment: opt_text(&f, "comment"),
            thanks: text(&f, "thanks"),
            sent_to_store: get(&f, "sent_to_store").as_bool().unwrap_or(false),
        });
        let why: Vec<AttrValue> = js_sys::Array::from(&get(&g, "why"))
            .iter()
            .filter_map(|r| r.as_string())
            .map(AttrValue::from)
            .collect();
        let theme = get(v, "theme");
        let mut theme_css = String::new();
        for (key, var) in [
            ("accent", "--rc-accent"),
            ("on_accent", "--rc-on-accent"),
            ("background", "--rc-bg"),
            ("text", "--rc-text"),
            ("font", "--rc-font"),
            ("radius", "--rc-radius"),
        ] {
            if let Some(val) = get(&theme, key).as_string() {
                if let Some(val) = css_value(&val) {
                    theme_css.push_str(&format!("{var}:{val};"));
                }
            }
        }
        let placement = name(&theme, "position", Position::from_name).unwrap_or_default();
        // The non-blank selectors joined by commas, written out: a `join` here is the only
        // one in the UI module (with the list it needed: 535 bytes, brotli).
        let list = get(&theme, "keep_clear");
        let mut keep_clear = String::new();
        if js_sys::Array::is_array(&list) {
            for s in js_sys::Array::from(&list).to_vec() {
                match s.as_string() {
                    Some(s) if !s.trim().is_empty() => {
                        if !keep_clear.is_empty() {
                            keep_clear.push(',');
                        }
                        keep_clear.push_str(&s);
                    }
                    _ => {}
                }
            }
        }
        View {
            gesture: GestureView {
                id: text(&g, "id"),
                kind: name(&g, "kind", Kind::from_name).unwrap_or_default(),
                title: text(&g, "title"),
                text: text(&g, "text"),
                title_lang: opt_text(&g, "title_lang"),
                text_lang: opt_text(&g, "text_lang"),
                code,
                link,
                feedback,
                modal: get(&g, "modal").as_bool().unwrap_or(false),
                why: why.into(),
                preview: get(&g, "preview").as_bool().unwrap_or(false),
                format: name(&g, "format", Format::from_name).unwrap_or_default(),
                inline: opt_text(&g, "inline"),
            },
            locale: text(v, "locale"),
            rtl: get(v, "dir").as_string().as_deref() == Some("rtl"),
            placement,
            theme_css,
            keep_clear: (!keep_clear.is_empty()).then(|| keep_clear.into()),
            top_layer: false,
        }
    }
}
