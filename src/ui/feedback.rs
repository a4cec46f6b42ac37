//! The feedback prompt: star rating, NPS 0-10 or a short text, as a modal dialog (or a
//! banner), submitted locally and to the store's endpoint when one is configured; a
//! thank-you after submitting.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::card::Card;
use super::data::View;
use super::host::{self, Host};
use super::state::{Action, GestureState};
use super::strings::strings;
use crate::engine::config::Scale;
use crate::engine::reaction::{Ending, Report};

fn scale_class(scale: Scale) -> &'static str {
    match scale {
        Scale::Stars => "rc-scale-stars",
        Scale::Nps => "rc-scale-nps",
        Scale::Text => "rc-scale-text",
    }
}

/// Props of [`FeedbackPrompt`].
#[derive(Properties, PartialEq)]
pub struct FeedbackProps {
    /// What to show.
    pub view: Rc<View>,
    /// The loader's callbacks.
    pub host: Host,
    /// The gesture's state.
    pub state: UseReducerHandle<GestureState>,
    /// Removes the gesture.
    pub on_close: Callback<Ending>,
}

/// A feedback prompt.
#[component]
pub fn FeedbackPrompt(props: &FeedbackProps) -> Html {
    let view = &props.view;
    let g = Rc::new(view.gesture.clone());
    let s = strings(&view.locale);
    let score = use_state(|| None::<i64>);
    let comment = use_state(String::new);
    // After Send the form (and the focused button) is gone: focus goes to the thank-you, in
    // the dialog, so Escape and Tab keep working and a screen reader reads it.
    let thanks = use_node_ref();
    {
        let thanks = thanks.clone();
        use_effect_with(props.state.submitted, move |sent| {
            if let (true, Some(el)) = (*sent, thanks.cast::<web_sys::Element>()) {
                host::focus(&el);
            }
        });
    }
    let Some(f) = g.feedback.clone() else {
        return html! {};
    };
    let scale = f.scale;
    let dismiss = {
        let (close, submitted) = (props.on_close.clone(), props.state.submitted);
        Callback::from(move |_| {
            close.emit(if submitted {
                Ending::Answered
            } else {
                Ending::Dismissed
            })
        })
    };
    let why = {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::ToggleWhy))
    };
    let forget = {
        let (state, host) = (props.state.clone(), props.host.clone());
        Callback::from(move |_| {
            host.forget();
            state.dispatch(Action::Forgot);
        })
    };
    let opt_out = {
        let (state, host) = (props.state.clone(), props.host.clone());
        Callback::from(move |_| {
            host.opt_out();
            state.dispatch(Action::Forgot);
        })
    };
    let onsubmit = {
        let (state, host, score, comment, scale) = (
            props.state.clone(),
            props.host.clone(),
            score.clone(),
            comment.clone(),
            scale,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = comment.trim().to_string();
            if scale != Scale::Text && score.is_none() || scale == Scale::Text && text.is_empty() {
                state.dispatch(Action::MissingScore);
                return;
            }
            host.react(&Report::FeedbackSubmitted {
                score: *score,
                comment: (!text.is_empty()).then_some(text),
            });
            state.dispatch(Action::Submitted);
        })
    };
    let pick = |n: i64| {
        let (score, state) = (score.clone(), props.state.clone());
        Callback::from(move |_: Event| {
            score.set(Some(n));
            state.dispatch(Action::ScorePicked);
        })
    };
    let on_comment = {
        let comment = comment.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            {
                comment.set(t.value());
            }
        })
    };
    let name = format!("rc-score-{}", g.id);
    let choices = |range: std::ops::RangeInclusive<i64>, label: &dyn Fn(i64) -> String| -> Html {
        range
            .map(|n| {
                let id = format!("{name}-{n}");
                html! {
                    <span key={n} class="rc-choice">
                        <input type="radio" id={id.clone()} name={name.clone()} value={n.to_string()}
                            checked={*score == Some(n)} onchange={pick(n)} data-testid={format!("score-{n}")} />
                        <label for={id} aria-label={label(n)}>
                            if scale == Scale::Stars {
                                <svg aria-hidden="true" viewBox="0 0 24 24" width="28" height="28" focusable="false"
                                    class={classes!("rc-star", score.is_some_and(|v| v >= n).then_some("rc-on"))}>
                                    <path d="M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3 6.1 20.6l1.3-6.6-4.9-4.6 6.6-.8z" />
                                </svg>
                            } else {
                                { n }
                            }
                        </label>
                    </span>
                }
            })
            .collect()
    };
    let body = if props.state.submitted {
        html! { <p ref={thanks} class="rc-thanks" role="status" tabindex="-1" data-testid="feedback-thanks">{ f.thanks.clone() }</p> }
    } else {
        html! {
            <form class="rc-form" {onsubmit} novalidate=true>
                if scale != Scale::Text {
                    <fieldset class={classes!("rc-scale", scale_class(scale))}>
                        <legend class="rc-question">{ f.question.clone() }</legend>
                        <div class="rc-choices">
                            { if scale == Scale::Stars {
                                choices(1..=5, &|n| format!("{n} {}", s.stars_of))
                            } else {
                                choices(0..=10, &|n| n.to_string())
                            } }
                        </div>
                        if scale == Scale::Nps {
                            <div class="rc-scale-ends" aria-hidden="true">
                                <span>{ s.not_likely }</span><span>{ s.very_likely }</span>
                            </div>
                        }
                    </fieldset>
                }
                if let Some(label) = &f.comment {
                    <label class="rc-comment-label" for={format!("rc-comment-{}", g.id)}>{ label.clone() }</label>
                    <textarea id={format!("rc-comment-{}", g.id)} class="rc-comment" rows="2" maxlength="1000"
                        value={(*comment).clone()} oninput={on_comment} data-testid="comment" />
                }
                if props.state.missing_score {
                    <p class="rc-error" role="alert">{ s.pick_score }</p>
                }
                <button type="submit" class="rc-button" data-testid="submit">{ s.send }</button>
            </form>
        }
    };
    html! {
        <Card gesture={g.clone()} strings={s} placement={view.placement} why_open={props.state.why_open}
            forgotten={props.state.forgotten} on_dismiss={dismiss} on_why={why} on_forget={forget} on_opt_out={opt_out} minimised={props.state.minimised} on_minimise={super::minimise_callback(props.state.clone())}
            keep_clear={view.keep_clear.clone()} top_layer={view.top_layer}
            compact={props.state.submitted}>
            { body }
        </Card>
    }
}
