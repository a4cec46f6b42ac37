//! The rehearsal: a timeline of shopper moments, each replayed by the engine with what
//! came before, showing the gesture that shows, the moments held back and owed, and every
//! reason; the journey saves as a history file for `reciprocity simulate`.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::browser::download;
use super::journey::{history_file, new_step, rehearse, steps_from_history, Outcome, Step, KINDS};
use super::sample::Sample;
use crate::engine::config::Config;
use crate::engine::time::{format_instant, parse_instant};

/// The demo storefront's journey (`www/journey.example.json`).
pub const DEMO_JOURNEY: &str = include_str!("../../www/journey.example.json");

/// The timeline: steps with a stable key each.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Timeline {
    /// `(key, step)`, in time order as the owner lists them.
    pub steps: Vec<(u64, Step)>,
    next: u64,
}

impl Timeline {
    /// Appends steps.
    pub fn push(&mut self, steps: impl IntoIterator<Item = Step>) {
        for s in steps {
            self.steps.push((self.next, s));
            self.next += 1;
        }
    }

    /// The steps alone.
    pub fn plain(&self) -> Vec<Step> {
        self.steps.iter().map(|(_, s)| s.clone()).collect()
    }
}

/// Props of [`Rehearsal`].
#[derive(Properties, PartialEq)]
pub struct RehearsalProps {
    /// The latest valid config.
    pub config: Option<Rc<Config>>,
    /// The config as edited (for new steps' defaults).
    pub value: Rc<serde_json::Value>,
    /// The sample shopper new steps are filled from.
    pub sample: Rc<Sample>,
    /// The timeline.
    pub timeline: UseStateHandle<Timeline>,
}

fn outcome_view(o: &Outcome) -> Html {
    let shown = match &o.shown {
        Some((id, kind, title)) => html! {
            <p class="st-shown" data-testid="step-shown" data-gesture={id.clone()}>
                <span class="st-badge">{ "Shows" }</span>{ " " }<strong>{ title }</strong>
                <span class="st-muted">{ format!(" ({id}, {kind})") }</span>
            </p>
        },
        None => {
            html! { <p class="st-shown st-muted" data-testid="step-shown" data-gesture="">{ "Shows nothing" }</p> }
        }
    };
    let failed: Vec<_> = o.reasons.iter().filter(|r| !r.ok).collect();
    // What held every gesture back (the budget, a checkout page, holdout), when nothing shows.
    let global: Vec<_> = failed
        .iter()
        .filter(|r| r.gesture == "*" && o.shown.is_none())
        .collect();
    html! {
        <div class="st-outcome" data-testid="step-outcome">
            { shown }
            { for global.iter().map(|r| html! { <p class="st-held">{ format!("Held back for all: {} ({})", r.text, r.rule) }</p> }) }
            if !o.owed.is_empty() {
                <ul class="st-owed">
                    { for o.owed.iter().enumerate().map(|(i, w)| html! {
                        <li key={i}>{ format!("Owed: {} (held by {}), until {}", w.gesture, w.held.owner_text(), format_instant(w.until)) }</li>
                    }) }
                </ul>
            }
            { for o.notes.iter().map(|n| html! { <p class="st-note">{ n }</p> }) }
            if !o.reasons.is_empty() {
                <details class="st-reasons">
                    <summary>{ format!("Reasons ({} checks, {} not met)", o.reasons.len(), failed.len()) }</summary>
                    <ul>
                        { for o.reasons.iter().enumerate().map(|(i, r)| html! {
                            <li key={i} class={classes!(if r.ok { "st-ok" } else { "st-no" })}>
                                <span class="st-visually-hidden">{ if r.ok { "met: " } else { "not met: " } }</span>
                                <code>{ format!("{} · {}", r.gesture, r.rule) }</code>{ " " }{ &r.text }
                            </li>
                        }) }
                    </ul>
                </details>
            }
        </div>
    }
}

/// The timeline with its outcomes.
#[component]
pub fn Rehearsal(props: &RehearsalProps) -> Html {
    let tl = props.timeline.clone();
    let days = use_state(|| 3u32);
    let outcomes = use_memo(
        (props.config.clone(), (*tl).clone()),
        |(config, tl)| match config {
            Some(c) => rehearse(c, &tl.plain()),
            None => Vec::new(),
        },
    );
    let add = |kind: &'static str| {
        let tl = tl.clone();
        let sample = props.sample.clone();
        let value = props.value.clone();
        let days = days.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*tl).clone();
            let previous = next
                .steps
                .last()
                .and_then(|(_, s)| parse_instant(&s.at).ok());
            let purchases = next
                .steps
                .iter()
                .filter(|(_, s)| s.label == "Purchase")
                .count();
            next.push([new_step(kind, previous, *days, &sample, &value, purchases)]);
            tl.set(next);
        })
    };
    let load_demo = {
        let tl = tl.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = Timeline::default();
            next.push(steps_from_history(DEMO_JOURNEY).unwrap_or_default());
            tl.set(next);
        })
    };
    let clear = {
        let tl = tl.clone();
        Callback::from(move |_: MouseEvent| tl.set(Timeline::default()))
    };
    let save = {
        let tl = tl.clone();
        Callback::from(move |_: MouseEvent| {
            download(
                "journey.json",
                &history_file(&tl.plain()),
                "application/json",
            )
        })
    };
    let on_days = {
        let days = days.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            days.set(v.trim().parse().unwrap_or(1));
        })
    };
    let edit = |index: usize, f: fn(&mut Step, String)| {
        let tl = tl.clone();
        Callback::from(move |v: String| {
            let mut next = (*tl).clone();
            if let Some((_, s)) = next.steps.get_mut(index) {
                f(s, v);
            }
            tl.set(next);
        })
    };
    let last = tl.steps.last().map(|(_, s)| s.clone());
    html! {
        <div class="st-rehearsal" data-testid="rehearsal">
            <div class="st-form-head"><h2>{ "Rehearse a journey" }</h2></div>
            <p class="st-muted">{ "Each step is replayed by the engine with every step before it, as " }
                <code>{ "reciprocity simulate" }</code>{ " does. The sample shopper fills new steps." }</p>
            <div class="st-toolbar" role="group" aria-label="Add a step">
                { for KINDS.iter().map(|(kind, label)| html! {
                    <button type="button" key={*kind} onclick={add(kind)} data-testid={format!("add-{kind}")}>{ format!("+ {label}") }</button>
                }) }
                <label for="st-days">{ "Come back after (days)" }</label>
                <input id="st-days" type="text" inputmode="numeric" class="st-narrow" value={days.to_string()} oninput={on_days} />
            </div>
            <div class="st-toolbar">
                <button type="button" onclick={load_demo} data-testid="load-demo-journey">{ "Load the demo journey" }</button>
                <button type="button" onclick={save} disabled={tl.steps.is_empty()}>{ "Save the journey (history file)" }</button>
                <button type="button" class="st-danger" onclick={clear} disabled={tl.steps.is_empty()}>{ "Clear" }</button>
            </div>
            if props.config.is_none() {
                <p class="st-note">{ "Fix the config's problems to rehearse." }</p>
            }
            <ol class="st-timeline">
                { for tl.steps.iter().enumerate().map(|(i, (key, step))| {
                    let n = i + 1;
                    let remove = {
                        let tl = tl.clone();
                        Callback::from(move |_: MouseEvent| {
                            let mut next = (*tl).clone();
                            next.steps.remove(i);
                            tl.set(next);
                        })
                    };
                    let at = edit(i, |s, v| s.at = v).reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
                    let url = edit(i, |s, v| s.url = v).reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
                    let input = edit(i, |s, v| s.input = v).reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
                    html! {
                        <li key={*key} class="st-step" data-testid="step" data-label={step.label.clone()}>
                            <div class="st-step-head">
                                <h3>{ format!("{n}. {}", step.label) }</h3>
                                <button type="button" class="st-link-button" onclick={remove} aria-label={format!("Remove step {n}")}>{ "Remove" }</button>
                            </div>
                            <div class="st-step-body">
                                <div class="st-step-fields">
                                    <div class="st-field">
                                        <label for={format!("st-at-{key}")}>{ format!("Step {n}: time (UTC)") }</label>
                                        <input id={format!("st-at-{key}")} type="text" value={step.at.clone()} oninput={at} spellcheck="false" />
                                    </div>
                                    <div class="st-field">
                                        <label for={format!("st-url-{key}")}>{ format!("Step {n}: page") }</label>
                                        <input id={format!("st-url-{key}")} type="text" value={step.url.clone()} oninput={url} spellcheck="false" />
                                    </div>
                                    <details>
                                        <summary>{ "What the storefront sends" }</summary>
                                        <label for={format!("st-input-{key}")} class="st-visually-hidden">{ format!("Step {n}: entry JSON") }</label>
                                        <textarea id={format!("st-input-{key}")} class="st-code" rows="4" value={step.input.clone()} oninput={input} spellcheck="false" />
                                    </details>
                                </div>
                                { outcomes.get(i).map(outcome_view).unwrap_or_default() }
                            </div>
                        </li>
                    }
                }) }
            </ol>
            if let Some(last) = last {
                <p class="st-muted">{ "The last step on the command line: " }
                    <code>{ format!("reciprocity simulate --config config.json --history journey.json --now {}{}",
                        last.at, if last.url.is_empty() { String::new() } else { format!(" --url {}", last.url) }) }</code>
                </p>
            }
        </div>
    }
}
