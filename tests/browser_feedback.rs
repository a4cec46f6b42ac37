//! Browser tests of the `FeedbackPrompt`: dialog semantics, a score is required, submit sends
//! score and comment, the thank-you replaces the form.
#![cfg(all(target_arch = "wasm32", feature = "ui"))]

#[macro_use]
mod browser;

use std::rc::Rc;

use browser::*;
use reciprocity::ui::data::View;
use reciprocity::ui::feedback::FeedbackPrompt;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

gesture_harness!(FeedbackPrompt);

fn prompt(scale: &str) -> Rc<View> {
    let mut g = gesture("fb", "feedback");
    g.feedback = Some(feedback(scale));
    g.modal = true;
    view(g)
}

fn submit(root: &web_sys::Element) {
    let form = root
        .query_selector("form")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlFormElement>();
    form.request_submit().unwrap();
}

#[wasm_bindgen_test]
async fn is_a_labelled_modal_dialog() {
    let root = mount_point();
    let (host, _) = fake_host("");
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            view: prompt("nps"),
            host,
        },
    )
    .render();
    settle().await;
    let dialog = root
        .query_selector("[role=dialog]")
        .unwrap()
        .expect("dialog");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title = dialog.get_attribute("aria-labelledby").unwrap();
    assert!(root.query_selector(&format!("#{title}")).unwrap().is_some());
    assert_eq!(
        root.query_selector_all("input[type=radio]")
            .unwrap()
            .length(),
        11
    );
    assert_eq!(
        text(&root, "legend").as_deref(),
        Some("How likely are you to recommend us?")
    );
}

#[wasm_bindgen_test]
async fn a_score_is_required_then_sent_with_the_comment() {
    let root = mount_point();
    let (host, obj) = fake_host("");
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            view: prompt("stars"),
            host,
        },
    )
    .render();
    settle().await;
    assert_eq!(
        root.query_selector_all("input[type=radio]")
            .unwrap()
            .length(),
        5
    );
    submit(&root);
    settle().await;
    assert!(text(&root, "[role=alert]").is_some());
    assert!(calls(&obj).is_empty());
    click(&root, "[data-testid=score-4]");
    let area = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlTextAreaElement>();
    area.set_value("Say \"hi\"\nplease");
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    submit(&root);
    settle().await;
    assert_eq!(
        calls(&obj),
        vec![(
            "feedback_submitted".to_string(),
            "{\"score\":4,\"comment\":\"Say \\\"hi\\\"\\nplease\"}".to_string()
        )]
    );
    assert_eq!(
        text(&root, "[data-testid=feedback-thanks]").as_deref(),
        Some("Thank you.")
    );
    assert!(root.query_selector("form").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn close_after_submitting_is_not_a_dismissal() {
    let root = mount_point();
    let (host, obj) = fake_host("");
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            view: prompt("nps"),
            host,
        },
    )
    .render();
    settle().await;
    click(&root, "[data-testid=score-10]");
    settle().await;
    submit(&root);
    settle().await;
    click(&root, "[data-testid=dismiss]");
    settle().await;
    let steps: Vec<String> = calls(&obj).into_iter().map(|c| c.0).collect();
    assert_eq!(steps, vec!["feedback_submitted", "closed"]);
}
