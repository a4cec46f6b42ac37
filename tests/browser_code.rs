//! Browser tests of the `CodeBox`: a static code shown at once, an issued one revealed,
//! failure and retry, sharing, expiry.
#![cfg(all(target_arch = "wasm32", feature = "ui"))]

mod browser;

use browser::*;
use reciprocity::engine::reaction::Ending;
use reciprocity::ui::code::CodeBox;
use reciprocity::ui::data::CodeView;
use reciprocity::ui::host::Host;
use reciprocity::ui::state::GestureState;
use reciprocity::ui::strings::strings;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct Props {
    code: CodeView,
    host: Host,
}

#[component]
fn Harness(props: &Props) -> Html {
    let state = use_reducer(GestureState::default);
    let host = props.host.clone();
    let on_expired = Callback::from(move |_| host.react(&Ending::Expired.report()));
    html! {
        <CodeBox code={props.code.clone()} strings={strings("en")} host={props.host.clone()} state={state} on_expired={on_expired} />
    }
}

fn value(root: &web_sys::Element) -> Option<String> {
    root.query_selector("[data-testid=code-value]")
        .ok()
        .flatten()
        .map(|e| e.unchecked_into::<web_sys::HtmlInputElement>().value())
}

#[wasm_bindgen_test]
async fn static_code_is_shown_at_once() {
    let root = mount_point();
    let (host, obj) = fake_host("");
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            code: code(Some("THANKS10"), false, None),
            host,
        },
    )
    .render();
    settle().await;
    // Nothing to fetch: no Reveal step, and nothing reported for merely seeing it.
    assert_eq!(value(&root).as_deref(), Some("THANKS10"));
    assert!(root
        .query_selector("[data-testid=reveal]")
        .unwrap()
        .is_none());
    let apply = root.query_selector("[data-testid=apply]").unwrap().unwrap();
    assert_eq!(
        apply.get_attribute("href").as_deref(),
        Some("/www/cart.html?discount=THANKS10")
    );
    // Sized to the code, so a long code is never cut off.
    let input = root
        .query_selector("[data-testid=code-value]")
        .unwrap()
        .unwrap();
    assert_eq!(input.get_attribute("size").as_deref(), Some("10"));
    // No Share button for a code that is not meant to be passed on.
    assert!(root
        .query_selector("[data-testid=share]")
        .unwrap()
        .is_none());
    assert!(calls(&obj).is_empty());
}

#[wasm_bindgen_test]
async fn code_to_pass_on_is_shared_through_the_share_sheet() {
    // A share sheet that records what it was given and resolves.
    let shared = js_sys::Array::new();
    let record = shared.clone();
    let share = wasm_bindgen::closure::Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(
        move |data: JsValue| {
            record.push(&data);
            js_sys::Promise::resolve(&JsValue::UNDEFINED)
        },
    );
    let nav = web_sys::window().unwrap().navigator();
    js_sys::Reflect::set(&nav, &"share".into(), share.as_ref()).unwrap();
    let root = mount_point();
    let (host, obj) = fake_host("");
    let mut c = code(Some("FRIEND-FERN15"), false, None);
    c.share = true;
    yew::Renderer::<Harness>::with_root_and_props(root.clone(), Props { code: c, host }).render();
    settle().await;
    click(&root, "[data-testid=share]");
    settle().await;
    js_sys::Reflect::delete_property(&nav.into(), &"share".into()).unwrap();
    assert_eq!(shared.length(), 1);
    let text = js_sys::Reflect::get(&shared.get(0), &"text".into()).unwrap();
    assert_eq!(text.as_string().as_deref(), Some("FRIEND-FERN15"));
    assert_eq!(
        calls(&obj),
        vec![("code_copied".to_string(), "{}".to_string())]
    );
}

#[wasm_bindgen_test]
async fn issued_code_is_fetched_on_reveal() {
    let root = mount_point();
    let (host, _) = fake_host("ONE-TIME-42");
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            code: code(None, true, None),
            host,
        },
    )
    .render();
    settle().await;
    click(&root, "[data-testid=reveal]");
    settle().await;
    assert_eq!(value(&root).as_deref(), Some("ONE-TIME-42"));
    // Focus follows the shopper to the code's Copy button, not back to the page.
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element();
    assert_eq!(
        active
            .and_then(|e| e.get_attribute("data-testid"))
            .as_deref(),
        Some("copy")
    );
}

#[wasm_bindgen_test]
async fn issuing_failure_is_said_and_retryable() {
    let root = mount_point();
    let (host, obj) = fake_host("");
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            code: code(None, true, None),
            host,
        },
    )
    .render();
    settle().await;
    click(&root, "[data-testid=reveal]");
    settle().await;
    assert!(text(&root, "[role=alert]")
        .unwrap_or_default()
        .contains("could not get your code"));
    assert!(root
        .query_selector("[data-testid=reveal]")
        .unwrap()
        .is_some());
    assert!(calls(&obj).is_empty());
}

#[wasm_bindgen_test]
async fn expired_code_closes_itself() {
    let root = mount_point();
    let (host, obj) = fake_host("");
    let past = js_sys::Date::now() - 1000.0;
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            code: code(Some("OLD"), false, Some(past)),
            host,
        },
    )
    .render();
    settle().await;
    assert_eq!(
        calls(&obj),
        vec![("closed".to_string(), "{\"reason\":\"expired\"}".to_string())]
    );
}

#[wasm_bindgen_test]
async fn expiry_is_shown() {
    let root = mount_point();
    let (host, obj) = fake_host("");
    let later = js_sys::Date::now() + 86_400_000.0;
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            code: code(Some("NEW"), false, Some(later)),
            host,
        },
    )
    .render();
    settle().await;
    assert_eq!(
        text(&root, "[data-testid=expiry]").as_deref(),
        Some("Valid until December 31, 2099")
    );
    assert!(calls(&obj).is_empty());
}
