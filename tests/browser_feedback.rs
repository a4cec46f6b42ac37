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
    let (root, _) = mount(prompt("nps")).await;
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
    let (root, obj) = mount(prompt("stars")).await;
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
    let (root, obj) = mount(prompt("nps")).await;
    click(&root, "[data-testid=score-10]");
    settle().await;
    submit(&root);
    settle().await;
    click(&root, "[data-testid=dismiss]");
    settle().await;
    let steps: Vec<String> = calls(&obj).into_iter().map(|c| c.0).collect();
    assert_eq!(steps, vec!["feedback_submitted", "closed"]);
}

/// The element that has focus.
fn focused() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

#[wasm_bindgen_test]
async fn opens_with_focus_on_the_heading_not_on_a_score() {
    let (root, _) = mount(prompt("nps")).await;
    let active = focused().expect("something has focus");
    assert_eq!(active.tag_name(), "H2", "{}", active.outer_html());
    assert!(root.contains(Some(&active)));
    assert_eq!(active.get_attribute("tabindex").as_deref(), Some("-1"));
}

#[wasm_bindgen_test]
async fn after_send_focus_is_on_the_thank_you_inside_the_dialog() {
    let (root, obj) = mount(prompt("nps")).await;
    click(&root, "[data-testid=score-7]");
    settle().await;
    let send = root
        .query_selector("[data-testid=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>();
    send.focus().unwrap();
    send.click();
    settle().await;
    let active = focused().expect("something has focus");
    assert_eq!(
        active.get_attribute("data-testid").as_deref(),
        Some("feedback-thanks")
    );
    let dialog = root.query_selector("[role=dialog]").unwrap().unwrap();
    assert!(dialog.contains(Some(&active)), "focus stays in the dialog");
    // Escape, from there, closes it as an answered gesture.
    js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))",
    )
    .call1(&wasm_bindgen::JsValue::NULL, &active)
    .unwrap();
    settle().await;
    let steps: Vec<String> = calls(&obj).into_iter().map(|c| c.0).collect();
    assert_eq!(steps, vec!["feedback_submitted", "closed"]);
}

#[wasm_bindgen_test]
async fn picking_a_score_clears_the_choose_a_score_message() {
    let (root, _) = mount(prompt("nps")).await;
    submit(&root);
    settle().await;
    assert!(text(&root, "[role=alert]").is_some());
    click(&root, "[data-testid=score-3]");
    settle().await;
    assert!(
        root.query_selector("[role=alert]").unwrap().is_none(),
        "the message goes once a score is chosen"
    );
}

/// The why panel's sentence about what leaves the browser.
async fn why_device(sent_to_store: bool) -> String {
    let root = mount_point();
    let (host, _) = fake_host("");
    let mut g = gesture("fb", "feedback");
    let mut f = feedback("nps");
    f.sent_to_store = sent_to_store;
    g.feedback = Some(f);
    g.modal = true;
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            view: view(g),
            host,
        },
    )
    .render();
    settle().await;
    click(&root, "[data-testid=why-toggle]");
    settle().await;
    text(&root, "[data-testid=why-device]").expect("the why panel says what is sent")
}

#[wasm_bindgen_test]
async fn the_why_panel_says_the_answer_goes_to_the_store_when_it_does() {
    let local = why_device(false).await;
    assert!(local.contains("Nothing is sent anywhere."), "{local}");
    let sent = why_device(true).await;
    assert!(sent.contains("Your answer is sent to the store"), "{sent}");
    assert!(!sent.contains("Nothing is sent anywhere."), "{sent}");
}
