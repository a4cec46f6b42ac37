//! Shared helpers of the browser component tests: a fresh mount point, a fake loader host
//! that records reactions, a gesture view.
// Each test file uses some of these helpers, not all.
#![allow(dead_code, unused_macros)]

use std::rc::Rc;

use reciprocity::engine::config::{Kind, Scale};
use reciprocity::ui::data::{CodeView, FeedbackView, GestureView, LinkView, View};
use reciprocity::ui::host::Host;
use wasm_bindgen::JsValue;
use web_sys::Element;
use yew::AttrValue;

/// A fresh `<div>` in the body (never the body itself).
pub fn mount_point() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

/// A fake loader: `react(report)` records `[report.step, JSON of the other fields]` into
/// `calls`; `issueCode` resolves.
pub fn fake_host(code: &str) -> (Host, JsValue) {
    let obj = js_sys::Object::new();
    let calls = js_sys::Array::new();
    js_sys::Reflect::set(&obj, &"calls".into(), &calls).unwrap();
    let react = js_sys::Function::new_with_args(
        "report",
        "var d = {}; for (var k in report) if (k !== 'step') d[k] = report[k]; \
         this.calls.push([report.step, JSON.stringify(d)]);",
    );
    js_sys::Reflect::set(&obj, &"react".into(), &react).unwrap();
    let body = if code.is_empty() {
        "return Promise.reject('down');".to_string()
    } else {
        format!("return Promise.resolve('{code}');")
    };
    js_sys::Reflect::set(
        &obj,
        &"issueCode".into(),
        &js_sys::Function::new_no_args(&body),
    )
    .unwrap();
    let forget = js_sys::Function::new_no_args("this.calls.push(['forget', '']);");
    js_sys::Reflect::set(&obj, &"forget".into(), &forget).unwrap();
    (Host::new(obj.clone().into()), obj.into())
}

/// The `[step, detail]` pairs the fake host received.
pub fn calls(obj: &JsValue) -> Vec<(String, String)> {
    let calls = js_sys::Array::from(&js_sys::Reflect::get(obj, &"calls".into()).unwrap());
    calls
        .iter()
        .map(|c| {
            let c = js_sys::Array::from(&c);
            (
                c.get(0).as_string().unwrap_or_default(),
                c.get(1).as_string().unwrap_or_default(),
            )
        })
        .collect()
}

/// A gesture of `kind` with a title, a text and two reasons.
pub fn gesture(id: &str, kind: &str) -> GestureView {
    GestureView {
        id: AttrValue::from(id.to_string()),
        kind: Kind::from_name(kind).expect("a gesture kind"),
        title: "Thank you, <b>Ana</b>!".into(),
        text: "Your <img src=x onerror=alert(1)> is on its way.".into(),
        why: Rc::from(vec![
            AttrValue::from("you just placed an order"),
            AttrValue::from("this is your 3rd order"),
        ]),
        ..GestureView::default()
    }
}

/// A view around a gesture.
pub fn view(g: GestureView) -> Rc<View> {
    Rc::new(View {
        gesture: g,
        locale: "en".into(),
        ..View::default()
    })
}

/// A code.
pub fn code(value: Option<&str>, issued: bool, expires_ms: Option<f64>) -> CodeView {
    CodeView {
        value: value.map(|v| AttrValue::from(v.to_string())),
        issued,
        expires_ms,
        expires_text: expires_ms.map(|_| AttrValue::from("December 31, 2099")),
        apply_url: Some("/www/cart.html?discount={code}".into()),
        share: false,
    }
}

/// A link.
pub fn link(url: &str) -> LinkView {
    LinkView {
        label: "See it".into(),
        url: AttrValue::from(url.to_string()),
    }
}

/// A feedback question.
pub fn feedback(scale: &str) -> FeedbackView {
    FeedbackView {
        question: "How likely are you to recommend us?".into(),
        scale: Scale::from_name(scale).expect("a feedback scale"),
        comment: Some("Anything else?".into()),
        thanks: "Thank you.".into(),
        sent_to_store: false,
    }
}

/// Text of the first element matching `selector` under `root`.
pub fn text(root: &Element, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
}

/// Clicks the first element matching `selector`.
pub fn click(root: &Element, selector: &str) {
    use wasm_bindgen::JsCast;
    let el = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"));
    el.dyn_into::<web_sys::HtmlElement>().unwrap().click();
}

/// Lets promises and Yew's scheduler run.
pub async fn settle() {
    for _ in 0..3 {
        let p = js_sys::Promise::resolve(&JsValue::NULL);
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
        yew::scheduler::flush().await;
    }
}

/// Mounts a gesture component the way `App` does (a `GestureState`, closes reported to the
/// host): `gesture_harness!(Banner)` defines `Props {view, host}` and a `Harness` component.
macro_rules! gesture_harness {
    ($gesture:ident) => {
        #[derive(yew::Properties, PartialEq)]
        struct Props {
            view: std::rc::Rc<reciprocity::ui::data::View>,
            host: reciprocity::ui::host::Host,
        }

        #[yew::component]
        fn Harness(props: &Props) -> yew::Html {
            let state = yew::use_reducer(reciprocity::ui::state::GestureState::default);
            // The very callback `App` gives its gestures.
            let on_close = reciprocity::ui::close_callback(state.clone(), props.host.clone());
            yew::html! {
                <$gesture view={props.view.clone()} host={props.host.clone()} state={state} on_close={on_close} />
            }
        }

        /// Mounts the harness with `view` on a fresh mount point and a fake host whose codes
        /// fail; returns the mount point and the host's record of calls.
        async fn mount(
            view: std::rc::Rc<reciprocity::ui::data::View>,
        ) -> (web_sys::Element, wasm_bindgen::JsValue) {
            let root = mount_point();
            let (host, obj) = fake_host("");
            yew::Renderer::<Harness>::with_root_and_props(root.clone(), Props { view, host })
                .render();
            settle().await;
            (root, obj)
        }
    };
}
