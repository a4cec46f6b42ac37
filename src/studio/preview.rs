//! The live preview: the selected gesture rendered by the real gesture components
//! ([`crate::ui::App`]) in their own open shadow root with the theme applied, inside a frame
//! at desktop or phone width, in any language of the config, filled from the sample
//! shopper.
//!
//! The frame is a CSS size container, and the gestures' stylesheet is adopted with its
//! viewport units and its phone media query turned into container units and a container
//! query: the gesture lays itself out for the frame's width exactly as it would for a
//! browser window of that width, and its fixed position is taken relative to the frame.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, Element, ShadowRootInit, ShadowRootMode};
use yew::prelude::*;

use super::browser::{active_element, focus_first, now, refocus, IntlFormatter};
use super::sample::{preview_view, Sample};
use super::shopper::SampleForm;
use crate::engine::config::Config;
use crate::ui::data::View;
use crate::ui::host::{Host, CSS};
use crate::ui::App;

/// The gestures' stylesheet for a frame: viewport units (`100vw`, `25dvh`, …) become the
/// frame's container units. At phone width the narrow-screen media queries become
/// container queries on the frame; at desktop width they are left out (a desktop window is
/// wider than the frame the studio has room for).
pub fn frame_css(theme_css: &str, phone: bool) -> String {
    let mut css = String::with_capacity(CSS.len() + theme_css.len() + 16);
    let rest = narrow_queries(CSS, phone);
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A number followed by `vh`/`vw`, or `dvh`/`svw`/`lvh`/…: a viewport length.
        let after_digit = i > 0 && bytes[i - 1].is_ascii_digit();
        let unit_len = match &bytes[i..] {
            [b'd' | b's' | b'l', b'v', b'h' | b'w', ..] => 3,
            [b'v', b'h' | b'w', ..] => 2,
            _ => 0,
        };
        let ends = bytes
            .get(i + unit_len)
            .is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'-');
        if after_digit && unit_len > 0 && ends {
            css.push_str("cq");
            css.push(bytes[i + unit_len - 1] as char);
            i += unit_len;
        } else {
            let ch = rest[i..].chars().next().unwrap_or(' ');
            css.push(ch);
            i += ch.len_utf8();
        }
    }
    css.push_str(&format!("\n:host{{{theme_css}}}"));
    css
}

/// `css` with each `@media (max-width: …) {…}` block turned into a container query
/// (`phone`) or removed.
fn narrow_queries(css: &str, phone: bool) -> String {
    const OPEN: &str = "@media (max-width:";
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let block = &rest[at..];
        // The block ends where its braces balance.
        let mut depth = 0;
        let mut end = block.len();
        for (i, c) in block.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        if phone {
            out.push_str("@container (max-width:");
            out.push_str(&block[OPEN.len()..end]);
        }
        rest = &block[end..];
    }
    out.push_str(rest);
    out
}

/// The host element in the frame, its shadow root's render target and stylesheet.
#[derive(Clone, PartialEq)]
struct Mount {
    host: Element,
    root: Element,
    sheet: CssStyleSheet,
}

fn create_mount(frame: &Element) -> Result<Mount, JsValue> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let host = doc.create_element("reciprocity-widget")?;
    let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    let sheet = CssStyleSheet::new()?;
    js_sys::Reflect::set(
        &shadow,
        &JsValue::from_str("adoptedStyleSheets"),
        &js_sys::Array::of1(&sheet),
    )?;
    let root = doc.create_element("div")?;
    root.set_class_name("rc-root");
    shadow.append_child(&root)?;
    frame.append_child(&host)?;
    Ok(Mount { host, root, sheet })
}

/// The loader's side, for a preview: no reactions are recorded (a dismissal or an ending
/// only takes the gesture off, through `on_close`), and a code the store would issue is a
/// sample one.
fn preview_host(on_close: Callback<()>) -> Host {
    let o = js_sys::Object::new();
    let issue = Closure::<dyn Fn() -> js_sys::Promise>::new(|| {
        js_sys::Promise::resolve(&JsValue::from_str("SAMPLE-CODE"))
    });
    let react = Closure::<dyn Fn(JsValue)>::new(move |report: JsValue| {
        let step = js_sys::Reflect::get(&report, &JsValue::from_str("step"))
            .ok()
            .and_then(|s| s.as_string());
        if matches!(step.as_deref(), Some("dismissed" | "closed")) {
            on_close.emit(());
        }
    });
    let _ = js_sys::Reflect::set(&o, &JsValue::from_str("issueCode"), &issue.into_js_value());
    let _ = js_sys::Reflect::set(&o, &JsValue::from_str("react"), &react.into_js_value());
    Host::new(o.into())
}

/// Props of [`PreviewPane`].
#[derive(Properties, PartialEq)]
pub struct PreviewProps {
    /// The latest valid config.
    pub config: Option<Rc<Config>>,
    /// The gesture to preview.
    pub gesture: Option<AttrValue>,
    /// The config's languages.
    pub languages: Rc<[String]>,
    /// The config being edited has problems: the preview shows the latest valid one.
    pub stale: bool,
    /// The sample shopper.
    pub sample: Rc<Sample>,
    /// The owner changed the sample shopper.
    pub on_sample: Callback<Sample>,
}

/// The preview with its controls (width, language, show again) and the sample shopper.
#[component]
pub fn PreviewPane(props: &PreviewProps) -> Html {
    let phone = use_state(|| false);
    let lang = use_state(|| props.languages[0].clone());
    let shows = use_state(|| 0u32);
    // A dialog takes the focus when it opens: in the studio it is shown inert (seen, not
    // focused) until the owner asks to try it.
    let trying = use_state(|| None::<AttrValue>);
    let frame = use_node_ref();
    let mount = use_state(|| None::<Mount>);
    // The gesture was dismissed (or answered): off the screen until shown again.
    let closed = use_state(|| false);
    let host = {
        let setter = closed.setter();
        use_memo((), move |_| {
            preview_host(Callback::from(move |()| setter.set(true)))
        })
    };
    {
        let closed = closed.clone();
        use_effect_with(props.gesture.clone(), move |_| closed.set(false));
    }
    let locale = if props.languages.contains(&*lang) {
        (*lang).clone()
    } else {
        props.languages[0].clone()
    };
    let view = use_memo(
        (
            props.config.clone(),
            props.gesture.clone(),
            locale.clone(),
            props.sample.clone(),
        ),
        |(config, id, locale, sample)| -> Result<Rc<View>, String> {
            let config = config
                .as_ref()
                .ok_or("the config has never been valid yet")?;
            let id = id.as_ref().ok_or("no gesture selected")?;
            let json = preview_view(config, id, sample, now(), &IntlFormatter::new(locale))?;
            let value = js_sys::JSON::parse(&json).map_err(|_| "not JSON".to_string())?;
            Ok(Rc::new(View::from_js(&value)))
        },
    );
    {
        let frame = frame.clone();
        let mount = mount.clone();
        use_effect_with((), move |_| {
            if let Some(el) = frame.cast::<Element>() {
                if let Ok(m) = create_mount(&el) {
                    mount.set(Some(m));
                }
            }
        });
    }
    {
        // The theme and direction follow the view.
        let (css, rtl, lang) = match view.as_ref() {
            Ok(v) => (v.theme_css.clone(), v.rtl, v.locale.to_string()),
            Err(_) => (String::new(), false, locale.clone()),
        };
        use_effect_with(
            ((*mount).clone(), css, rtl, lang, *phone),
            |(m, css, rtl, lang, phone)| {
                if let Some(m) = m {
                    let _ = m.sheet.replace_sync(&frame_css(css, *phone));
                    let _ = m
                        .root
                        .set_attribute("dir", if *rtl { "rtl" } else { "ltr" });
                    let _ = m.root.set_attribute("lang", lang);
                }
            },
        );
    }
    let set_phone = |on: bool| {
        let phone = phone.clone();
        Callback::from(move |_: Event| phone.set(on))
    };
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |e: Event| {
            lang.set(
                e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            )
        })
    };
    let again = {
        let shows = shows.clone();
        let trying = trying.clone();
        let closed = closed.clone();
        Callback::from(move |_: MouseEvent| {
            trying.set(None);
            closed.set(false);
            shows.set(*shows + 1);
        })
    };
    let modal = matches!(view.as_ref(), Ok(v) if v.gesture.modal);
    let tried = modal && trying.as_ref() == props.gesture.as_ref();
    if let Some(m) = mount.as_ref() {
        // Set before the gesture mounts (its dialog focuses itself on mount).
        let _ = m.host.toggle_attribute_with_force("inert", modal && !tried);
    }
    // Trying the dialog: the inert one goes first (its ending gives the focus back to
    // where it was when it opened), then the focus is put back on this button, so that the
    // live dialog gives it back here when it closes.
    let pending = use_state(|| false);
    let try_dialog = {
        let trying = trying.clone();
        let id = props.gesture.clone();
        let closed = closed.clone();
        let pending = pending.clone();
        Callback::from(move |_: MouseEvent| {
            trying.set(id.clone());
            closed.set(true);
            pending.set(true);
        })
    };
    {
        let pending = pending.clone();
        let closed = closed.clone();
        let shows = shows.clone();
        use_effect_with(*pending, move |p| {
            if *p {
                focus_first(&["st-try-dialog".to_string()]);
                closed.set(false);
                shows.set(*shows + 1);
                pending.set(false);
            }
        });
    }
    // An inert dialog that goes away (another gesture selected, a text changed its key)
    // gives the focus back to where it was when it opened: the owner's focus is kept.
    let guard = use_mut_ref(|| (false, None::<Element>));
    {
        let mut g = guard.borrow_mut();
        g.1 = if g.0 { active_element() } else { None };
        g.0 = modal && !tried && !*closed;
    }
    {
        let guard = guard.clone();
        use_effect(move || {
            if let Some(el) = guard.borrow_mut().1.take() {
                refocus(&el);
            }
        });
    }
    let portal = match (view.as_ref(), mount.as_ref()) {
        (Ok(v), Some(m)) if !*closed => {
            let key = format!("{}-{}-{tried}", v.gesture.id, *shows);
            create_portal(
                html! { <App key={key} view={v.clone()} host={(*host).clone()} /> },
                m.root.clone(),
            )
        }
        _ => html! {},
    };
    let width = if *phone { "phone" } else { "desktop" };
    html! {
        <section class="st-preview" aria-labelledby="st-preview-title" data-testid="preview">
            <div class="st-pane-head">
                <h2 id="st-preview-title">{ "Preview" }</h2>
                <fieldset class="st-segmented">
                    <legend class="st-visually-hidden">{ "Width" }</legend>
                    <input type="radio" id="st-w-desktop" name="st-width" checked={!*phone} onchange={set_phone(false)} />
                    <label for="st-w-desktop">{ "Desktop" }</label>
                    <input type="radio" id="st-w-phone" name="st-width" checked={*phone} onchange={set_phone(true)} />
                    <label for="st-w-phone">{ "Phone" }</label>
                </fieldset>
                <label for="st-lang">{ "Language" }</label>
                <select id="st-lang" onchange={on_lang}>
                    { for props.languages.iter().map(|l| html! {
                        <option key={l.clone()} value={l.clone()} selected={*l == locale}>{ l }</option>
                    }) }
                </select>
                <button type="button" onclick={again}>{ "Show again" }</button>
            </div>
            if modal {
                <p class="st-note">
                    { if tried { "The dialog is live: it holds the focus until Escape or ×. " } else { "A dialog: shown as the shopper sees it, but inert here. " } }
                    <button type="button" id="st-try-dialog" class="st-link-button" onclick={try_dialog}>{ "Try the dialog" }</button>
                </p>
            }
            if *closed {
                <p class="st-note" data-testid="preview-closed">{ "Closed, as the shopper closed it: “Show again” brings it back." }</p>
            }
            if props.stale {
                <p class="st-note">{ "The config has problems: the preview shows its latest valid version." }</p>
            }
            if let Err(e) = view.as_ref() {
                <p class="st-note" data-testid="preview-message">{ e }</p>
            }
            <div class={classes!("st-frame-wrap", format!("st-{width}"))}>
                <div class={classes!("st-frame", format!("st-{width}"))} ref={frame}
                    data-testid="preview-frame" data-width={width}>
                    <div class="st-fake-page" aria-hidden="true">
                        <div class="st-fake-nav"></div>
                        <div class="st-fake-hero"></div>
                        <div class="st-fake-row"><div></div><div></div><div></div></div>
                    </div>
                </div>
            </div>
            { portal }
            <SampleForm sample={props.sample.clone()} on_change={props.on_sample.clone()} />
        </section>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn ok_frame_css_has_no_viewport_units() {
        for phone in [false, true] {
            let css = frame_css("--rc-accent:#123456;", phone);
            for unit in ["vh", "vw", "dvh", "dvw"] {
                for n in ["100", "25", "70"] {
                    assert!(!css.contains(&format!("{n}{unit}")), "{n}{unit}");
                }
            }
            assert!(!css.contains("@media (max-width"));
            // (The stylesheet is minified at build time: no space after a colon.)
            assert_eq!(css.contains("@container (max-width:480px)"), phone);
            assert!(css.contains("@media (forced-colors:active)"));
            assert!(css.ends_with(":host{--rc-accent:#123456;}"));
        }
    }
}
