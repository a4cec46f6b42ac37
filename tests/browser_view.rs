//! The seam between the engine and the UI: the UI module's `mount` is fed the very JSON the
//! engine's session hands the loader (pinned by the snapshot
//! `src/engine/session/snapshots/…view_thank_you.snap`), and renders it.
#![cfg(all(target_arch = "wasm32", feature = "ui"))]

mod browser;

use browser::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SNAPSHOT: &str = include_str!(
    "../src/engine/session/snapshots/reciprocity__engine__session__tests__view_thank_you.snap"
);

/// The JSON body of an insta snapshot (after its `---` header).
fn snapshot_json() -> &'static str {
    let body = SNAPSHOT
        .splitn(3, "---\n")
        .nth(2)
        .expect("an insta snapshot has a header between two --- lines");
    body.trim()
}

#[wasm_bindgen_test]
async fn the_engine_view_mounts_and_reports_back() {
    let (_, obj) = fake_host("");
    let mut mounted = reciprocity::ui::mount(snapshot_json(), obj.clone()).expect("mounts");
    settle().await;
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.query_selector("reciprocity-widget").unwrap().unwrap();
    let shadow = host.shadow_root().expect("an open shadow root");
    let card = shadow
        .query_selector("[data-gesture-id]")
        .unwrap()
        .expect("the gesture's root");
    assert_eq!(
        card.get_attribute("data-gesture-id").as_deref(),
        Some("thanks-after-purchase")
    );
    assert_eq!(
        card.get_attribute("data-gesture-kind").as_deref(),
        Some("thank_you")
    );
    let text = card.text_content().unwrap_or_default();
    assert!(text.contains("Thank you, friend!"), "{text}");
    assert!(text.contains("Your Sencha Kyoto is being packed"), "{text}");
    assert!(card.class_list().contains("rc-at-bottom-end"));
    let dismiss = shadow
        .query_selector("[data-testid=dismiss]")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap();
    dismiss.click();
    settle().await;
    assert_eq!(
        calls(&obj),
        vec![("dismissed".to_string(), "{}".to_string())]
    );
    assert!(
        shadow
            .query_selector("[data-gesture-id]")
            .unwrap()
            .is_none(),
        "off the screen at once"
    );
    mounted.destroy();
    assert!(doc.query_selector("reciprocity-widget").unwrap().is_none());
}
