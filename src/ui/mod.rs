//! The gesture UI module (feature `ui`): Yew function components in one host element with
//! an open shadow root and an adopted constructable stylesheet. It is a separate wasm module
//! that the loader fetches only when a gesture is due; it knows nothing of the engine's
//! decisions beyond the gesture it is given, and reports reactions back through the loader.

pub mod banner;
pub mod card;
pub mod code;
pub mod data;
pub mod feedback;
pub mod host;
pub mod state;
pub mod strings;
pub mod why;

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::engine::config::{Format, Kind};
use crate::engine::reaction::Ending;

use banner::Banner;
use data::View;
use feedback::FeedbackPrompt;
use host::Host;
use state::{Action, GestureState};

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// What to show.
    pub view: Rc<View>,
    /// The loader's callbacks.
    pub host: Host,
}

/// The root: a polite live region (banners) holding the gesture, or the modal dialog.
#[component]
pub fn App(props: &AppProps) -> Html {
    // The tab format starts as its tab.
    let tab = props.view.gesture.format == Format::Tab && !props.view.gesture.modal;
    let state = use_reducer(move || GestureState {
        minimised: tab,
        ..GestureState::default()
    });
    {
        // Insert the gesture after the empty live region is in the page, so screen readers
        // announce it.
        let state = state.clone();
        use_effect_with((), move |_| state.dispatch(Action::Appear));
    }
    let on_close = close_callback(state.clone(), props.host.clone());
    let view = props.view.clone();
    let modal = view.gesture.modal;
    let label = strings::strings(&view.locale).region;
    let body = if !state.visible || state.closed {
        html! {}
    } else if view.gesture.kind == Kind::Feedback {
        html! { <FeedbackPrompt view={view.clone()} host={props.host.clone()} state={state.clone()} on_close={on_close} /> }
    } else {
        html! { <Banner view={view.clone()} host={props.host.clone()} state={state.clone()} on_close={on_close} /> }
    };
    html! {
        <div class="rc-live" aria-live={(!modal).then_some("polite")} aria-label={label} role={(!modal).then_some("region")}>
            { body }
        </div>
    }
}

/// What a gesture's close callbacks do: off the screen at once, and the loader told (it
/// removes the host once the recorder has recorded the ending).
pub fn close_callback(state: UseReducerHandle<GestureState>, host: Host) -> Callback<Ending> {
    Callback::from(move |ending: Ending| {
        state.dispatch(Action::Close);
        host.react(&ending.report());
    })
}

/// What a gesture's minimise button and tab do: collapse (`true`) or open again (`false`);
/// nothing is reported (minimising is not a dismissal).
pub fn minimise_callback(state: UseReducerHandle<GestureState>) -> Callback<bool> {
    Callback::from(move |min: bool| {
        state.dispatch(if min {
            Action::Minimise
        } else {
            Action::Restore
        })
    })
}

/// A mounted gesture; the loader keeps it and calls `destroy` after a dismissal.
#[wasm_bindgen]
pub struct Mounted {
    app: Option<AppHandle<App>>,
    host: web_sys::Element,
}

#[wasm_bindgen]
impl Mounted {
    /// Fault injection for the test suite: `ui-panic` makes the next reaction panic inside
    /// its event handler.
    pub fn debug(&self, what: &str) {
        if what == "ui-panic" {
            host::panic_on_next_reaction();
        }
    }

    /// Unmounts the gesture and removes the host element from the page.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.host.remove();
        // No gesture on screen: a later panic is not the UI's.
        host::unroute_panics();
    }
}

/// Shows a gesture: `view_json` is the recorder's `{gesture, theme, locale, dir}`, `host`
/// the loader's `{react, issueCode, forget, fatal}`.
#[wasm_bindgen]
pub fn mount(view_json: &str, host: JsValue) -> Result<Mounted, JsError> {
    let value = js_sys::JSON::parse(view_json).map_err(|_| JsError::new("gesture: not JSON"))?;
    let mut view = View::from_js(&value);
    view.top_layer = true;
    if view.gesture.id.is_empty() {
        return Err(JsError::new("gesture: no id"));
    }
    host::route_panics(&host);
    let mut inline = (view.gesture.format == Format::Inline && !view.gesture.modal)
        .then(|| view.gesture.inline.clone().unwrap_or_default());
    if inline.as_deref().is_some_and(|sel| !host::on_page(sel)) {
        // The store's element is not on this page: the corner card instead, so the moment
        // still reaches the shopper.
        view.gesture.format = Format::Card;
        inline = None;
    }
    let m = host::create_host(&view.theme_css, view.rtl, &view.locale, inline.as_deref()).map_err(
        |e| {
            JsError::new(&format!(
                "cannot create the widget's host element: {}",
                e.as_string().unwrap_or_default()
            ))
        },
    )?;
    let host = Host::new(host);
    host.contain(&m.root);
    let props = AppProps {
        view: Rc::new(view),
        host,
    };
    let app = yew::Renderer::<App>::with_root_and_props(m.root, props).render();
    Ok(Mounted {
        app: Some(app),
        host: m.host,
    })
}
