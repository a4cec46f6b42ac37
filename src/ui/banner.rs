//! Thank-you banners, welcome and recommendation banners, and code gestures: polite,
//! non-modal, dismissible.

use std::rc::Rc;

use yew::prelude::*;

use super::card::Card;
use super::code::CodeBox;
use super::data::View;
use super::host::Host;
use super::state::{Action, GestureState};
use super::strings::strings;
use crate::engine::reaction::{Action as ReportAction, Ending, Report};

/// Props of [`Banner`].
#[derive(Properties, PartialEq)]
pub struct BannerProps {
    /// What to show.
    pub view: Rc<View>,
    /// The loader's callbacks.
    pub host: Host,
    /// The gesture's state.
    pub state: UseReducerHandle<GestureState>,
    /// Removes the gesture (after a dismissal or expiry).
    pub on_close: Callback<Ending>,
}

/// A banner gesture.
#[component]
pub fn Banner(props: &BannerProps) -> Html {
    let view = &props.view;
    let g = Rc::new(view.gesture.clone());
    let s = strings(&view.locale);
    let host = props.host.clone();
    let dismiss = props.on_close.reform(|_| Ending::Dismissed);
    let why = {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::ToggleWhy))
    };
    let forget = {
        let (state, host) = (props.state.clone(), host.clone());
        Callback::from(move |_| {
            host.forget();
            state.dispatch(Action::Forgot);
        })
    };
    let opt_out = {
        let (state, host) = (props.state.clone(), host.clone());
        Callback::from(move |_| {
            host.opt_out();
            state.dispatch(Action::Forgot);
        })
    };
    let acted = {
        let host = host.clone();
        Callback::from(move |_: MouseEvent| {
            host.react(&Report::Acted {
                action: ReportAction::Link,
            })
        })
    };
    let expired = props.on_close.reform(|_| Ending::Expired);
    html! {
        <Card gesture={g.clone()} strings={s} placement={view.placement} why_open={props.state.why_open}
            forgotten={props.state.forgotten} on_dismiss={dismiss} on_why={why} on_forget={forget} on_opt_out={opt_out} minimised={props.state.minimised} on_minimise={super::minimise_callback(props.state.clone())}
            keep_clear={view.keep_clear.clone()} top_layer={view.top_layer}>
            if let Some(code) = &g.code {
                <CodeBox code={code.clone()} strings={s} host={host.clone()} state={props.state.clone()} on_expired={expired} />
            }
            if let Some(link) = &g.link {
                <a class="rc-link" href={link.url.clone()} onclick={acted} data-testid="link">{ link.label.clone() }</a>
            }
        </Card>
    }
}
