//! A code: reveal (fetched from the store's issuing URL only when revealed), copy (with a
//! manual fallback when the Clipboard API is refused), expiry shown honestly, apply link.

use yew::prelude::*;

use super::data::CodeView;
use super::host::{self, Host};
use super::state::{Action, CodeState, CopyState, GestureState};
use super::strings::Strings;
use crate::engine::reaction::{Action as ReportAction, Report};
use crate::engine::url::percent_encode;

/// Props of [`CodeBox`].
#[derive(Properties, PartialEq)]
pub struct CodeProps {
    /// The code.
    pub code: CodeView,
    /// Chrome strings.
    pub strings: &'static Strings,
    /// The loader's callbacks (code issuing, reactions).
    pub host: Host,
    /// The gesture's state.
    pub state: UseReducerHandle<GestureState>,
    /// Called when the code expires while on screen.
    #[prop_or_default]
    pub on_expired: Option<Callback<()>>,
}

/// The longest delay `setTimeout` takes (about 24.8 days).
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

/// Reveal, copy and expiry of a code.
#[component]
pub fn CodeBox(props: &CodeProps) -> Html {
    let s = props.strings;
    let input = use_node_ref();
    // Gone once expired: at mount if already past, or when the moment comes.
    {
        let on_expired = props.on_expired.clone();
        use_effect_with(props.code.expires_ms, move |exp| {
            let timer = exp.and_then(|exp| {
                let left = exp - host::now_ms();
                let cb = on_expired?;
                if left <= 0.0 {
                    cb.emit(());
                    None
                } else {
                    Some(gloo_timers::callback::Timeout::new(
                        left.min(MAX_TIMEOUT_MS) as u32,
                        move || cb.emit(()),
                    ))
                }
            });
            move || drop(timer)
        });
    }
    let reveal = {
        let (state, host, code) = (props.state.clone(), props.host.clone(), props.code.clone());
        Callback::from(move |_: MouseEvent| {
            if let (Some(v), false) = (&code.value, code.issued) {
                state.dispatch(Action::Revealed(v.clone()));
                host.react(&Report::CodeRevealed);
                return;
            }
            state.dispatch(Action::RevealStart);
            let (state, host) = (state.clone(), host.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match host.issue_code().await {
                    Ok(c) => {
                        state.dispatch(Action::Revealed(AttrValue::from(c)));
                        host.react(&Report::CodeRevealed);
                    }
                    Err(_) => state.dispatch(Action::RevealFailed),
                }
            });
        })
    };
    let copy = {
        let (state, host, input) = (props.state.clone(), props.host.clone(), input.clone());
        Callback::from(move |_: MouseEvent| {
            let CodeState::Revealed(code) = &state.code else {
                return;
            };
            let (state, host, input, code) =
                (state.clone(), host.clone(), input.clone(), code.to_string());
            wasm_bindgen_futures::spawn_local(async move {
                if host::copy(&code).await {
                    state.dispatch(Action::Copied);
                    host.react(&Report::CodeCopied);
                } else {
                    state.dispatch(Action::CopyRefused);
                    if let Some(el) = input.cast::<web_sys::Element>() {
                        host::select(&el);
                    }
                }
            });
        })
    };
    let applied = {
        let host = props.host.clone();
        Callback::from(move |_: MouseEvent| {
            host.react(&Report::Acted {
                action: ReportAction::Apply,
            })
        })
    };
    let state = &props.state;
    let apply_url = match (&state.code, &props.code.apply_url) {
        (CodeState::Revealed(c), Some(u)) => {
            Some(AttrValue::from(u.replace("{code}", &percent_encode(c))))
        }
        _ => None,
    };
    html! {
        <div class="rc-code" data-testid="code">
            { match &state.code {
                CodeState::Hidden | CodeState::Failed => html! {
                    <>
                        <button type="button" class="rc-button" onclick={reveal} data-testid="reveal">{ s.reveal }</button>
                        if state.code == CodeState::Failed {
                            <p class="rc-error" role="alert">{ s.code_failed }</p>
                        }
                    </>
                },
                CodeState::Loading => html! {
                    <p class="rc-status" role="status" aria-busy="true">{ s.loading }</p>
                },
                CodeState::Revealed(code) => html! {
                    <div class="rc-code-row">
                        <label class="rc-code-label" for="rc-code-value">{ s.your_code }</label>
                        <input ref={input} id="rc-code-value" class="rc-code-value" readonly=true
                            value={code.clone()} data-testid="code-value" dir="ltr" />
                        <button type="button" class="rc-button" onclick={copy} data-testid="copy">
                            { if state.copy == CopyState::Copied { s.copied } else { s.copy } }
                        </button>
                    </div>
                },
            } }
            <p class="rc-live-note" role="status">
                { match state.copy {
                    CopyState::Copied => s.copied,
                    CopyState::Manual => s.copy_manually,
                    CopyState::Idle => "",
                } }
            </p>
            if let Some(t) = &props.code.expires_text {
                <p class="rc-expiry" data-testid="expiry">{ format!("{} {}", s.valid_until, t) }</p>
            }
            if let Some(u) = apply_url {
                <a class="rc-link" href={u} onclick={applied} data-testid="apply">{ s.apply }</a>
            }
        </div>
    }
}
