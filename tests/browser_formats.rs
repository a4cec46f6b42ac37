//! The formats (card, bar, slide-in, inline, tab) and minimise: mounted through the UI
//! module's own `mount`, from the view JSON the engine hands the loader.
#![cfg(all(target_arch = "wasm32", feature = "ui"))]

mod browser;

use browser::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

/// The view JSON of a banner in `format` (`extra` adds gesture fields), at `position`.
fn view_json(id: &str, format: &str, extra: &str, position: &str, dir: &str) -> String {
    format!(
        r#"{{"gesture": {{"id": "{id}", "kind": "banner", "role": "inform", "title": "Hello, Ana",
        "text": "A note from the shop.", "modal": false, "why": ["you visited before"],
        "preview": false, "format": "{format}"{extra}}},
        "theme": {{"position": "{position}"}}, "locale": "en", "dir": "{dir}"}}"#
    )
}

fn shadow_of(host: &Element) -> ShadowRoot {
    host.shadow_root().expect("an open shadow root")
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The host element of the gesture `id` and its shadow root.
fn host_of(id: &str) -> (Element, ShadowRoot) {
    let hosts = document().query_selector_all("reciprocity-widget").unwrap();
    for i in 0..hosts.length() {
        let h: Element = hosts.item(i).unwrap().dyn_into().unwrap();
        let s = shadow_of(&h);
        if s.query_selector(&format!("[data-gesture-id=\"{id}\"]"))
            .unwrap()
            .is_some()
        {
            return (h, s);
        }
    }
    panic!("no host holds {id}");
}

fn el(root: &ShadowRoot, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn press(root: &ShadowRoot, selector: &str) {
    el(root, selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
}

fn active_testid(root: &ShadowRoot) -> Option<String> {
    root.active_element()?.get_attribute("data-testid")
}

#[wasm_bindgen_test]
async fn a_bar_sits_at_the_top_or_the_bottom_by_the_theme() {
    let (_, obj) = fake_host("");
    let mut top = reciprocity::ui::mount(&view_json("bar-top", "bar", "", "top", "ltr"), obj)
        .expect("mounts");
    let (_, obj) = fake_host("");
    let mut bottom = reciprocity::ui::mount(
        &view_json("bar-bottom", "bar", "", "bottom-end", "ltr"),
        obj,
    )
    .expect("mounts");
    settle().await;
    let (host, s) = host_of("bar-top");
    let card = el(&s, "[data-gesture-id]").unwrap();
    assert!(card.class_list().contains("rc-at-top"));
    // The same region and labels as the card.
    let live = el(&s, ".rc-live").unwrap();
    assert_eq!(live.get_attribute("role").as_deref(), Some("region"));
    assert!(el(&s, "[data-testid=dismiss][aria-label=Close]").is_some());
    assert!(el(&s, "[data-testid=minimise][aria-label=Minimise]").is_some());
    // In the top layer, out of reach of the page's transforms and overlays.
    assert!(card.matches(":popover-open").unwrap());
    // First in the body, so first in the tab order; it adds no box.
    let body = document().body().unwrap();
    assert_eq!(
        host.parent_element().as_ref(),
        Some(body.unchecked_ref::<Element>())
    );
    let (_, s2) = host_of("bar-bottom");
    let card2 = el(&s2, "[data-gesture-id]").unwrap();
    assert!(card2.class_list().contains("rc-at-bottom"));
    let display = js_sys::Function::new_with_args("h", "return getComputedStyle(h).display")
        .call1(&wasm_bindgen::JsValue::NULL, &host)
        .unwrap();
    assert_eq!(display.as_string().as_deref(), Some("contents"));
    top.destroy();
    bottom.destroy();
}

#[wasm_bindgen_test]
async fn a_slide_in_comes_from_the_end_edge_and_minimises_to_a_tab_and_back() {
    let (_, obj) = fake_host("");
    let mut m = reciprocity::ui::mount(
        &view_json("slide", "slide_in", "", "bottom-end", "rtl"),
        obj.clone(),
    )
    .expect("mounts");
    settle().await;
    let (_, s) = host_of("slide");
    let card = el(&s, "[data-gesture-id]").unwrap();
    assert!(card.class_list().contains("rc-slide"));
    let min = el(&s, "[data-testid=minimise]").unwrap();
    assert_eq!(min.get_attribute("aria-expanded").as_deref(), Some("true"));
    press(&s, "[data-testid=minimise]");
    settle().await;
    assert!(el(&s, ".rc-card").is_none(), "collapsed");
    let tab = el(&s, "[data-testid=tab]").expect("the tab");
    assert_eq!(tab.tag_name(), "BUTTON");
    assert_eq!(tab.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(
        tab.get_attribute("data-gesture-id").as_deref(),
        Some("slide")
    );
    assert_eq!(tab.text_content().as_deref(), Some("Hello, Ana"));
    assert_eq!(active_testid(&s).as_deref(), Some("tab"), "focus follows");
    press(&s, "[data-testid=tab]");
    settle().await;
    assert!(
        el(&s, ".rc-card.rc-slide").is_some(),
        "open again as it was"
    );
    assert_eq!(active_testid(&s).as_deref(), Some("minimise"));
    // Minimising is not a dismissal: nothing reported.
    assert!(calls(&obj).is_empty(), "{:?}", calls(&obj));
    m.destroy();
}

#[wasm_bindgen_test]
async fn the_tab_format_opens_as_a_card() {
    let (_, obj) = fake_host("");
    let mut m = reciprocity::ui::mount(
        &view_json("teaser", "tab", "", "bottom-end", "ltr"),
        obj.clone(),
    )
    .expect("mounts");
    settle().await;
    let (_, s) = host_of("teaser");
    assert!(el(&s, ".rc-card").is_none());
    let tab = el(&s, "[data-testid=tab]").expect("the tab");
    assert_eq!(
        tab.get_attribute("data-gesture-kind").as_deref(),
        Some("banner")
    );
    assert!(tab.matches(":popover-open").unwrap());
    // The page keeps its focus until the shopper asks.
    assert!(s.active_element().is_none());
    press(&s, "[data-testid=tab]");
    settle().await;
    let card = el(&s, ".rc-card").expect("opened");
    assert!(card.class_list().contains("rc-at-bottom-end"));
    assert!(card.matches(":popover-open").unwrap());
    press(&s, "[data-testid=dismiss]");
    settle().await;
    assert_eq!(
        calls(&obj),
        vec![("dismissed".to_string(), "{}".to_string())]
    );
    m.destroy();
}

#[wasm_bindgen_test]
async fn an_inline_gesture_fills_the_stores_slot_without_moving_anything() {
    let slot = mount_point();
    slot.set_id("rc-test-slot");
    // The store reserves the space (a stylesheet would; the test page has none).
    slot.set_attribute("style", "height: 150px; width: 500px")
        .unwrap();
    let after = mount_point();
    after.set_text_content(Some("below the slot"));
    let before = (
        slot.get_bounding_client_rect().height(),
        after.get_bounding_client_rect().top(),
    );
    let (_, obj) = fake_host("");
    let extra = r##", "inline": "#rc-test-slot""##;
    let mut m = reciprocity::ui::mount(
        &view_json("in-slot", "inline", extra, "bottom-end", "ltr"),
        obj,
    )
    .expect("mounts");
    settle().await;
    let (host, s) = host_of("in-slot");
    assert_eq!(host.parent_element().as_ref(), Some(&slot));
    let card = el(&s, "[data-gesture-id]").unwrap();
    assert!(card.class_list().contains("rc-inline"));
    assert!(!card.has_attribute("popover"), "in the page's flow");
    let r = card.get_bounding_client_rect();
    let sr = slot.get_bounding_client_rect();
    assert_eq!(
        (r.width(), r.height()),
        (sr.width(), sr.height()),
        "fills it"
    );
    assert_eq!(
        before,
        (sr.height(), after.get_bounding_client_rect().top()),
        "no layout shift"
    );
    m.destroy();
    assert_eq!(slot.child_element_count(), 0);
    slot.remove();
    after.remove();
}

#[wasm_bindgen_test]
async fn an_inline_gesture_without_its_element_on_the_page_shows_as_the_corner_card() {
    let (_, obj) = fake_host("");
    let extra = r##", "inline": "#no-such-slot""##;
    let mut m = reciprocity::ui::mount(
        &view_json("nowhere", "inline", extra, "bottom-end", "ltr"),
        obj.clone(),
    )
    .expect("mounts");
    settle().await;
    let (host, s) = host_of("nowhere");
    assert_eq!(host.parent_element(), document().body().map(Into::into));
    let card = el(&s, "[data-gesture-id]").unwrap();
    assert!(!card.class_list().contains("rc-inline"));
    assert!(card.class_list().contains("rc-at-bottom-end"));
    assert!(card.matches(":popover-open").unwrap(), "above the page");
    m.destroy();
}

#[wasm_bindgen_test]
async fn a_modal_prompt_has_no_minimise_button() {
    let json = r#"{"gesture": {"id": "ask", "kind": "feedback", "role": "ask", "title": "How was it?",
        "text": "", "modal": true, "why": [], "preview": false,
        "feedback": {"question": "Stars?", "scale": "stars", "thanks": "Thanks", "sent_to_store": false}},
        "theme": {}, "locale": "fr", "dir": "ltr"}"#;
    let (_, obj) = fake_host("");
    let mut m = reciprocity::ui::mount(json, obj).expect("mounts");
    settle().await;
    let (_, s) = host_of("ask");
    assert!(el(&s, "[role=dialog]").is_some());
    assert!(el(&s, "[data-testid=minimise]").is_none());
    assert!(el(&s, ".rc-backdrop")
        .unwrap()
        .matches(":popover-open")
        .unwrap());
    m.destroy();
}

#[wasm_bindgen_test]
async fn the_minimise_button_speaks_the_shoppers_language() {
    for (locale, label) in [
        ("en", "Minimise"),
        ("fr", "Réduire"),
        ("de", "Minimieren"),
        ("es", "Minimizar"),
        ("ar", "تصغير"),
    ] {
        let json = view_json("lang", "card", "", "bottom-end", "ltr")
            .replace(r#""locale": "en""#, &format!(r#""locale": "{locale}""#));
        let (_, obj) = fake_host("");
        let mut m = reciprocity::ui::mount(&json, obj).expect("mounts");
        settle().await;
        let (_, s) = host_of("lang");
        let min = el(&s, "[data-testid=minimise]").unwrap();
        assert_eq!(min.get_attribute("aria-label").as_deref(), Some(label));
        m.destroy();
    }
}
