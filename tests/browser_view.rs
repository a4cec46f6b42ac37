//! The seam between the engine and the UI: the UI module's `mount` is fed the very JSON the
//! engine's session hands the loader (pinned by the snapshot
//! `src/engine/session/snapshots/…view_thank_you.snap`), and renders it.
#![cfg(all(target_arch = "wasm32", feature = "ui"))]

mod browser;

use browser::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const THANK_YOU: &str = include_str!(
    "../src/engine/session/snapshots/reciprocity__engine__session__tests__view_thank_you.snap"
);
const CODE_RTL_TOP: &str = include_str!(
    "../src/engine/session/snapshots/reciprocity__engine__session__tests__view_code_rtl_top.snap"
);

/// The JSON body of an insta snapshot (after its `---` header).
fn snapshot_json(snapshot: &'static str) -> &'static str {
    let body = snapshot
        .splitn(3, "---\n")
        .nth(2)
        .expect("an insta snapshot has a header between two --- lines");
    body.trim()
}

#[wasm_bindgen_test]
async fn the_engine_view_mounts_and_reports_back() {
    let (_, obj) = fake_host("");
    let mut mounted =
        reciprocity::ui::mount(snapshot_json(THANK_YOU), obj.clone()).expect("mounts");
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

#[wasm_bindgen_test]
async fn a_code_view_right_to_left_at_the_top_mounts_as_the_engine_said() {
    let (_, obj) = fake_host("");
    let mut mounted = reciprocity::ui::mount(snapshot_json(CODE_RTL_TOP), obj).expect("mounts");
    settle().await;
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.query_selector("reciprocity-widget").unwrap().unwrap();
    let shadow = host.shadow_root().unwrap();
    let root = shadow.query_selector(".rc-root").unwrap().unwrap();
    assert_eq!(root.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(root.get_attribute("lang").as_deref(), Some("he"));
    let card = shadow.query_selector("[data-gesture-id]").unwrap().unwrap();
    assert_eq!(
        card.get_attribute("data-gesture-kind").as_deref(),
        Some("code")
    );
    assert!(card.class_list().contains("rc-at-top"), "position top");
    assert!(card.class_list().contains("rc-is-preview"));
    assert!(shadow
        .query_selector("[data-testid=preview-badge]")
        .unwrap()
        .is_some());
    assert!(shadow
        .query_selector("[data-testid=code]")
        .unwrap()
        .is_some());
    // The texts have no Arabic: the English fallback keeps its own language and direction
    // inside the right-to-left card.
    for sel in [".rc-title", ".rc-text"] {
        let el = shadow.query_selector(sel).unwrap().expect(sel);
        assert_eq!(el.get_attribute("lang").as_deref(), Some("en"), "{sel}");
        assert_eq!(el.get_attribute("dir").as_deref(), Some("ltr"), "{sel}");
    }
    // A static code is on screen at once.
    assert!(shadow
        .query_selector("[data-testid=reveal]")
        .unwrap()
        .is_none());
    let value = shadow
        .query_selector("[data-testid=code-value]")
        .unwrap()
        .expect("the code")
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap();
    assert_eq!(value.value(), "REGULAR10");
    let apply = shadow
        .query_selector("[data-testid=apply]")
        .unwrap()
        .expect("the apply link");
    assert_eq!(
        apply.get_attribute("href").as_deref(),
        Some("/www/cart.html?discount=REGULAR10")
    );
    mounted.destroy();
}

#[wasm_bindgen_test]
fn every_report_crosses_to_the_recorder_as_the_engine_reads_it() {
    use reciprocity::engine::reaction::{Action, Ending, Report};
    for report in [
        Report::Dismissed,
        Report::Acted {
            action: Action::Link,
        },
        Report::Acted {
            action: Action::Apply,
        },
        Report::CodeRevealed,
        Report::CodeCopied,
        Report::FeedbackSubmitted {
            score: Some(9),
            comment: Some("Say \"hi\"\nplease </script>".into()),
        },
        Report::FeedbackSubmitted {
            score: None,
            comment: None,
        },
        Ending::Expired.report(),
        Ending::Answered.report(),
    ] {
        let object = reciprocity::ui::host::report_object(&report);
        let text = js_sys::JSON::stringify(&object)
            .unwrap()
            .as_string()
            .unwrap();
        assert_eq!(Report::from_json(&text), Ok(report), "{text}");
    }
}
