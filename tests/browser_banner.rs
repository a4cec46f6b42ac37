//! Browser tests of the `Banner` gesture (and the `Card` frame it shares).
#![cfg(all(target_arch = "wasm32", feature = "ui"))]

#[macro_use]
mod browser;

use browser::*;
use reciprocity::ui::banner::Banner;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

gesture_harness!(Banner);

#[wasm_bindgen_test]
async fn renders_texts_as_text_with_gesture_attributes() {
    let root = mount_point();
    let (host, _) = fake_host("");
    let mut g = gesture("thanks", "thank_you");
    g.link = Some(link("/www/product.html?id=infuser"));
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            view: view(g),
            host,
        },
    )
    .render();
    settle().await;
    let card = root
        .query_selector("[data-gesture-id]")
        .unwrap()
        .expect("gesture root");
    assert_eq!(
        card.get_attribute("data-gesture-id").as_deref(),
        Some("thanks")
    );
    assert_eq!(
        card.get_attribute("data-gesture-kind").as_deref(),
        Some("thank_you")
    );
    assert_eq!(card.get_attribute("role"), None, "a banner is not a dialog");
    assert_eq!(
        text(&root, ".rc-title").as_deref(),
        Some("Thank you, <b>Ana</b>!")
    );
    assert!(
        root.query_selector("img").unwrap().is_none(),
        "markup in texts must stay text"
    );
    assert!(root.query_selector("b").unwrap().is_none());
    let a = root.query_selector("a.rc-link").unwrap().unwrap();
    assert_eq!(
        a.get_attribute("href").as_deref(),
        Some("/www/product.html?id=infuser")
    );
}

#[wasm_bindgen_test]
async fn dismiss_reports_once() {
    let (root, obj) = mount(view(gesture("t", "thank_you"))).await;
    click(&root, "[data-testid=dismiss]");
    settle().await;
    assert_eq!(
        calls(&obj),
        vec![("dismissed".to_string(), "{}".to_string())]
    );
}

#[wasm_bindgen_test]
async fn link_click_reports_acted() {
    let root = mount_point();
    let (host, obj) = fake_host("");
    let mut g = gesture("rec", "banner");
    g.link = Some(link("#stay"));
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            view: view(g),
            host,
        },
    )
    .render();
    settle().await;
    click(&root, "[data-testid=link]");
    settle().await;
    assert_eq!(calls(&obj)[0].0, "acted");
}

#[wasm_bindgen_test]
async fn preview_is_marked() {
    let root = mount_point();
    let (host, _) = fake_host("");
    let mut g = gesture("p", "banner");
    g.preview = true;
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            view: view(g),
            host,
        },
    )
    .render();
    settle().await;
    assert_eq!(
        text(&root, "[data-testid=preview-badge]").as_deref(),
        Some("Preview")
    );
}
