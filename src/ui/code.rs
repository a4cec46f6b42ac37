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
    // Focus goes to Copy once a code the shopper asked for arrives (not for a code shown
    // from the start: a non-modal gesture does not take focus when it appears).
    let copy_ref = use_node_ref();
    let revealing = use_mut_ref(|| false);
    {
        let (copy_ref, revealing) = (copy_ref.clone(), revealing.clone());
        let revealed = matches!(props.state.code, CodeState::Revealed(_));
        use_effect_with(revealed, move |revealed| {
            if *revealed && std::mem::take(&mut *revealing.borrow_mut()) {
                if let Some(el) = copy_ref.cast::<web_sys::Element>() {
                    host::focus(&el);
                }
            }
        });
    }
    let reveal = {
        let (state, host, revealing) = (props.state.clone(), props.host.clone(), revealing.clone());
        Callback::from(move |_: MouseEvent| {
            *revealing.borrow_mut() = true;
            state.dispatch(Action::RevealStart);
            let (state, host) = (state.clone(), host.clone());
            let reacts = host.clone();
            host.issue_code(move |r| match r {
                Ok(c) => {
                    state.dispatch(Action::Revealed(AttrValue::from(c)));
                    reacts.react(&Report::CodeRevealed);
                }
                Err(_) => state.dispatch(Action::RevealFailed),
            });
        })
    };
    let shown = shown_code(&props.state.code, &props.code);
    let copy = {
        let (state, host, input) = (props.state.clone(), props.host.clone(), input.clone());
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(code) = shown.clone() else {
                return;
            };
            let (state, host, input) = (state.clone(), host.clone(), input.clone());
            host::copy(&code, move |copied| {
                if copied {
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
    // A code meant to be passed on: the browser's share sheet where it has one (Copy is
    // beside it either way). Sharing counts as taking the code, like copying it.
    let share = (props.code.share && host::can_share()).then(|| {
        let (host, shown) = (props.host.clone(), shown.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(code) = shown.clone() else {
                return;
            };
            let host = host.clone();
            host::share(&code, move |shared| {
                if shared {
                    host.react(&Report::CodeCopied);
                }
            });
        })
    });
    let applied = {
        let host = props.host.clone();
        Callback::from(move |_: MouseEvent| {
            host.react(&Report::Acted {
                action: ReportAction::Apply,
            })
        })
    };
    let state = &props.state;
    let apply_url = match (&shown, &props.code.apply_url) {
        (Some(c), Some(u)) => Some(AttrValue::from(u.replace("{code}", &percent_encode(c)))),
        _ => None,
    };
    html! {
        <div class="rc-code" data-testid="code">
            { match (&shown, &state.code) {
                (Some(code), _) => html! {
                    <div class="rc-code-row">
                        <label class="rc-code-label" for="rc-code-value">{ s.your_code }</label>
                        // Sized to the code, so a long one wraps the buttons under it instead
                        // of being cut off on a phone.
                        <input ref={input} id="rc-code-value" class="rc-code-value" readonly=true
                            size={(code.chars().count() + 2).to_string()}
                            value={code.clone()} data-testid="code-value" dir="ltr" />
                        <button ref={copy_ref} type="button" class="rc-button" onclick={copy} data-testid="copy">
                            { if state.copy == CopyState::Copied { s.copied } else { s.copy } }
                        </button>
                        if let Some(share) = share {
                            <button type="button" class="rc-button rc-secondary" onclick={share} data-testid="share">{ s.share }</button>
                        }
                    </div>
                },
                (None, CodeState::Loading) => html! {
                    <p class="rc-status" role="status" aria-busy="true">{ s.loading }</p>
                },
                (None, _) => html! {
                    <>
                        <button type="button" class="rc-button" onclick={reveal} data-testid="reveal">{ s.reveal }</button>
                        if state.code == CodeState::Failed {
                            <p class="rc-error" role="alert">{ s.code_failed }</p>
                        }
                    </>
                },
            } }
            // "Copied" is on the button already: the note says it to screen readers only,
            // and takes no line, so the card does not move.
            <p class={classes!("rc-live-note", (state.copy != CopyState::Manual).then_some("rc-sr"))} role="status">
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

/// The code on screen: the one revealed, or a static code (shown from the start: there is
/// nothing to fetch, so no Reveal step).
fn shown_code(state: &CodeState, code: &CodeView) -> Option<AttrValue> {
    match state {
        CodeState::Revealed(c) => Some(c.clone()),
        _ if !code.issued => code.value.clone(),
        _ => None,
    }
}
