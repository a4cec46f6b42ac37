//! Browser tests of the studio's components (feature `studio`): a form field writes the
//! config and the JSON follows, the preview renders the real gesture in a shadow root, a
//! problem shows at its field, the rehearsal replays the demo journey.
//!
//! `cargo test --target wasm32-unknown-unknown --features studio --test browser_studio`
#![cfg(all(target_arch = "wasm32", feature = "studio"))]

#[macro_use]
mod browser;

use browser::*;
use reciprocity::studio::app::Studio;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn studio() -> Element {
    let root = mount_point();
    yew::Renderer::<Studio>::with_root(root.clone()).render();
    settle().await;
    root
}

fn input(root: &Element, selector: &str, value: &str) {
    let el = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"));
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(value);
    } else {
        el.dyn_ref::<HtmlTextAreaElement>()
            .unwrap()
            .set_value(value);
    }
    el.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
}

/// The text of the gesture in the preview's shadow root.
fn preview_text(root: &Element) -> String {
    let host = root
        .query_selector("[data-testid=preview-frame] reciprocity-widget")
        .unwrap()
        .expect("the preview's host element");
    host.shadow_root()
        .expect("an open shadow root")
        .query_selector("[data-gesture-id]")
        .unwrap()
        .and_then(|g| g.text_content())
        .unwrap_or_default()
}

fn json(root: &Element) -> String {
    root.query_selector("[data-testid=json]")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .value()
}

#[wasm_bindgen_test]
async fn a_title_typed_in_the_form_shows_in_the_preview_and_the_json() {
    let root = studio().await;
    assert!(preview_text(&root).contains("Thank you, Amira!"));
    input(
        &root,
        "#f-gestures-0--title-en",
        "Many thanks, {first_name|friend}!",
    );
    settle().await;
    assert!(preview_text(&root).contains("Many thanks, Amira!"));
    assert!(json(&root).contains("Many thanks, {first_name|friend}!"));
}

#[wasm_bindgen_test]
async fn json_typed_in_the_editor_drives_the_form() {
    let root = studio().await;
    let text = json(&root).replacen("\"priority\": 50", "\"priority\": 51", 1);
    input(&root, "[data-testid=json]", &text);
    settle().await;
    let priority = root
        .query_selector("#f-gestures-0--priority")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlInputElement>()
        .unwrap();
    assert_eq!(priority.value(), "51");
}

#[wasm_bindgen_test]
async fn a_broken_token_shows_at_its_field_and_in_the_list() {
    let root = studio().await;
    input(&root, "#f-gestures-0--title-en", "Hi {nope}");
    settle().await;
    let at_field = root
        .query_selector("#f-gestures-0--title-en-problems")
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(
        at_field.starts_with("gestures[0].title.en: unknown token {nope}"),
        "{at_field}"
    );
    let list = root
        .query_selector("[data-testid=problem-list]")
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(list.contains(&at_field), "{list}");
}

#[wasm_bindgen_test]
async fn the_demo_journey_thanks_at_the_purchase() {
    let root = studio().await;
    click(&root, "[data-testid=nav-rehearse]");
    settle().await;
    click(&root, "[data-testid=load-demo-journey]");
    settle().await;
    let steps = root.query_selector_all("[data-testid=step]").unwrap();
    assert!(steps.length() >= 5);
    let purchase = steps.item(4).unwrap().dyn_into::<Element>().unwrap();
    assert_eq!(
        purchase.get_attribute("data-label").as_deref(),
        Some("Purchase")
    );
    let shown = purchase
        .query_selector("[data-testid=step-shown]")
        .unwrap()
        .unwrap();
    assert_eq!(
        shown.get_attribute("data-gesture").as_deref(),
        Some("thanks-after-purchase")
    );
}
