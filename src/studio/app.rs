//! The studio's root: the config being edited, the gesture list, the forms, the problem
//! list, the preview, the JSON editor and the rehearsal, wired together.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::browser::{copy_text, download, focus_first, read_file};
use super::doc::{pretty, segments, Action, Doc, Seg};
use super::fields::{field_id, Problems};
use super::gesture_form::{summary, GestureForm};
use super::preview::PreviewPane;
use super::rehearse::{Rehearsal, Timeline};
use super::sample::Sample;
use super::settings::SettingsForm;
use super::texts::languages;
use crate::engine::config::Config;

/// The configs the studio ships: the example with every occasion, and three starters.
pub const STARTERS: [(&str, &str, &str); 4] = [
    (
        "example",
        "Example: every occasion",
        include_str!("../../www/config.example.json"),
    ),
    (
        "small-shop",
        "Starter: small shop",
        include_str!("../../www/studio/starters/small-shop.json"),
    ),
    (
        "fashion",
        "Starter: fashion store",
        include_str!("../../www/studio/starters/fashion.json"),
    ),
    (
        "subscription",
        "Starter: subscription",
        include_str!("../../www/studio/starters/subscription.json"),
    ),
];

/// The embed snippet of the README ("Embedding it").
pub const SNIPPET: &str = r#"<script async src="/reciprocity/reciprocity.js" data-config="/reciprocity/config.json"></script>"#;

impl Reducible for Doc {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = (*self).clone().apply(action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// What the main column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Main {
    Gesture,
    Settings,
    Rehearse,
}

/// The ids to focus for a problem's path: its field, then each enclosing section.
fn focus_targets(path: &str) -> Vec<String> {
    let mut out = vec![field_id(path)];
    let mut p = path.to_string();
    while let Some(cut) = p.rfind(['.', '[']) {
        p.truncate(cut);
        out.push(field_id(&p));
        out.push(format!("{}-problems", field_id(&p)));
    }
    out
}

/// The studio.
#[component]
pub fn Studio() -> Html {
    let doc = use_reducer(|| Doc::open(STARTERS[0].2));
    let main = use_state(|| Main::Gesture);
    let sample = use_state(|| Rc::new(Sample::default()));
    let timeline = use_state(Timeline::default);
    let status = use_state(String::new);
    let focus = use_state(|| None::<String>);
    let starter = use_state(|| STARTERS[0].0.to_string());
    let good = use_mut_ref(|| None::<Rc<Config>>);
    let parsed = use_memo(doc.value.clone(), |v| {
        Config::from_value(v.clone()).ok().map(Rc::new)
    });
    if let Some(c) = parsed.as_ref() {
        *good.borrow_mut() = Some(c.clone());
    }
    let config = good.borrow().clone();
    let extra_langs = use_state(Vec::<String>::new);
    let langs: Rc<[String]> = {
        let mut l = languages(&doc.value);
        for x in extra_langs.iter() {
            if !l.iter().any(|y| y.eq_ignore_ascii_case(x)) {
                l.push(x.clone());
            }
        }
        l.into()
    };
    let on_add_language = {
        let extra_langs = extra_langs.clone();
        Callback::from(move |tag: String| {
            let mut next = (*extra_langs).clone();
            next.push(tag);
            extra_langs.set(next);
        })
    };
    let value = use_memo(doc.value.clone(), |v| Rc::new(v.clone()));
    {
        let focus = focus.clone();
        use_effect_with((*focus).clone(), move |target| {
            if let Some(path) = target {
                focus_first(&focus_targets(path));
                focus.set(None);
            }
        });
    }
    let select = |i: usize| {
        let doc = doc.clone();
        let main = main.clone();
        Callback::from(move |_: MouseEvent| {
            doc.dispatch(Action::Select(i));
            main.set(Main::Gesture);
        })
    };
    let go = |m: Main| {
        let main = main.clone();
        Callback::from(move |_: MouseEvent| main.set(m))
    };
    let jump = |path: String| {
        let doc = doc.clone();
        let main = main.clone();
        let focus = focus.clone();
        Callback::from(move |_: MouseEvent| {
            match segments(&path).as_slice() {
                [Seg::Key(k), Seg::Index(i), ..] if k == "gestures" => {
                    doc.dispatch(Action::Select(*i));
                    main.set(Main::Gesture);
                }
                [Seg::Key(k), ..] if k == "gestures" => main.set(Main::Gesture),
                _ => main.set(Main::Settings),
            }
            focus.set(Some(path.clone()));
        })
    };
    let on_starter = {
        let starter = starter.clone();
        Callback::from(move |e: Event| {
            starter.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let open_starter = {
        let doc = doc.clone();
        let starter = starter.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some((_, label, text)) = STARTERS.iter().find(|(k, _, _)| **k == *starter) {
                doc.dispatch(Action::Open(text.to_string()));
                status.set(format!("Opened “{label}”."));
            }
        })
    };
    let open_file = {
        let doc = doc.clone();
        let status = status.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let doc = doc.clone();
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match read_file(&input).await {
                    Ok(Some(text)) => {
                        doc.dispatch(Action::Open(text));
                        status.set("Opened the file.".into());
                    }
                    Ok(None) => {}
                    Err(e) => status.set(format!("Could not read the file: {e}")),
                }
            });
        })
    };
    let on_json = {
        let doc = doc.clone();
        Callback::from(move |e: InputEvent| {
            doc.dispatch(Action::Text(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        })
    };
    let save = {
        let doc = doc.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let text = if doc.text_broken {
                doc.text.clone()
            } else {
                pretty(&doc.value)
            };
            download("config.json", &format!("{text}\n"), "application/json");
            status.set(if doc.errors.is_empty() {
                "Downloaded config.json.".into()
            } else {
                format!(
                    "Downloaded config.json, with {} problems to fix.",
                    doc.errors.len()
                )
            });
        })
    };
    let copy = {
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                status.set(if copy_text(SNIPPET).await {
                    "Copied the embed snippet.".into()
                } else {
                    "The browser refused the clipboard: copy the snippet from “Embed snippet”."
                        .into()
                });
            });
        })
    };
    let on_sample = {
        let sample = sample.clone();
        Callback::from(move |s: Sample| sample.set(Rc::new(s)))
    };
    let add_kind = use_state(|| "thank_you".to_string());
    let on_add_kind = {
        let add_kind = add_kind.clone();
        Callback::from(move |e: Event| {
            add_kind.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let add = {
        let doc = doc.clone();
        let main = main.clone();
        let add_kind = add_kind.clone();
        Callback::from(move |_: MouseEvent| {
            let kind = ["thank_you", "code", "feedback", "banner"]
                .into_iter()
                .find(|k| **k == *add_kind)
                .unwrap_or("thank_you");
            doc.dispatch(Action::AddGesture(kind));
            main.set(Main::Gesture);
        })
    };
    let selected_id = doc
        .gestures()
        .get(doc.selected)
        .and_then(|g| g["id"].as_str())
        .map(|s| AttrValue::from(s.to_string()));
    let count = doc.errors.len();
    let problems = if count == 0 {
        html! {
            <>
                <p class="st-valid" data-testid="valid">{ format!("Valid: reciprocity check prints “ok ({})”.", crate::engine::config::gestures(doc.gestures().len())) }</p>
                // What `check` warns of beside "ok", in its words.
                { for crate::engine::config::warnings(&doc.value).into_iter().map(|w| html! {
                    <p class="st-warning" data-testid="warning"><button type="button" class="st-link-button" onclick={jump(w.path.clone())}>
                        { "Warning: " }<code>{ &w.path }</code>{ ": " }{ &w.message }
                    </button></p>
                }) }
            </>
        }
    } else {
        html! {
            <section class="st-problem-list" aria-labelledby="st-problems-title" data-testid="problem-list">
                <h2 id="st-problems-title">{ if count == 1 { "1 problem".to_string() } else { format!("{count} problems") } }
                    <span class="st-muted">{ " (as reciprocity check prints them)" }</span></h2>
                <ul>
                    { for doc.errors.iter().enumerate().map(|(i, e)| html! {
                        <li key={i}><button type="button" class="st-link-button" onclick={jump(e.path.clone())}>
                            <code>{ &e.path }</code>{ ": " }{ &e.message }
                        </button></li>
                    }) }
                </ul>
            </section>
        }
    };
    let body = match *main {
        Main::Gesture => {
            html! { <GestureForm doc={doc.clone()} index={doc.selected} languages={langs.clone()} {on_add_language} /> }
        }
        Main::Settings => html! { <SettingsForm doc={doc.clone()} /> },
        Main::Rehearse => html! {
            <Rehearsal config={config.clone()} value={(*value).clone()} sample={(*sample).clone()} timeline={timeline.clone()} />
        },
    };
    html! {
        <div class="st-app">
            <header class="st-top">
                <h1>{ "reciprocity " }<span>{ "studio" }</span></h1>
                <div class="st-toolbar">
                    <label for="st-starter">{ "Start from" }</label>
                    <select id="st-starter" onchange={on_starter}>
                        { for STARTERS.iter().map(|(k, label, _)| html! {
                            <option key={*k} value={*k} selected={*k == *starter}>{ *label }</option>
                        }) }
                    </select>
                    <button type="button" onclick={open_starter} data-testid="open-starter">{ "Open" }</button>
                    <input id="st-file" class="st-file-input" type="file" accept=".json,application/json" onchange={open_file} />
                    <label for="st-file" class="st-file-label">{ "Open a file…" }</label>
                </div>
                <div class="st-toolbar">
                    <button type="button" class="st-primary" onclick={save} data-testid="download-config">{ "Download config.json" }</button>
                    <button type="button" onclick={copy}>{ "Copy embed snippet" }</button>
                </div>
                <p class="st-status" role="status" data-testid="status">{ (*status).clone() }</p>
            </header>
            <div class="st-layout">
                <nav class="st-nav" aria-label="The config">
                    <h2>{ "Gestures" }</h2>
                    <ul class="st-gesture-list">
                        { for doc.gestures().iter().enumerate().map(|(i, g)| {
                            let (id, kind) = summary(g);
                            let current = *main == Main::Gesture && i == doc.selected;
                            let n = doc.errors_in_gesture(i);
                            html! {
                                <li key={format!("{i}-{id}")}>
                                    <button type="button" onclick={select(i)} aria-current={current.then_some("true")}
                                        class={classes!(current.then_some("st-current"))} data-testid="gesture-item">
                                        <span class="st-gid">{ id }</span>
                                        <span class="st-kind">{ kind }</span>
                                        if n > 0 { <span class="st-badge st-badge-problem">{ format!("{n} to fix") }</span> }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                    <div class="st-add">
                        <label for="st-add-kind">{ "New gesture" }</label>
                        <select id="st-add-kind" onchange={on_add_kind}>
                            { for [("thank_you", "thank-you"), ("code", "code"), ("feedback", "feedback"), ("banner", "banner")].into_iter().map(|(v, l)| html! {
                                <option key={v} value={v} selected={*add_kind == v}>{ l }</option>
                            }) }
                        </select>
                        <button type="button" onclick={add}>{ "Add" }</button>
                    </div>
                    <h2>{ "Store" }</h2>
                    <button type="button" class={classes!("st-nav-button", (*main == Main::Settings).then_some("st-current"))}
                        aria-current={(*main == Main::Settings).then_some("true")} onclick={go(Main::Settings)}>{ "Store settings" }</button>
                    <button type="button" class={classes!("st-nav-button", (*main == Main::Rehearse).then_some("st-current"))}
                        aria-current={(*main == Main::Rehearse).then_some("true")} onclick={go(Main::Rehearse)} data-testid="nav-rehearse">{ "Rehearse a journey" }</button>
                    <details class="st-snippet">
                        <summary>{ "Embed snippet" }</summary>
                        <pre><code>{ SNIPPET }</code></pre>
                    </details>
                </nav>
                <main class="st-main">
                    { problems }
                    { body }
                </main>
                <aside class="st-side" aria-label="Preview and JSON">
                    <PreviewPane config={config.clone()} gesture={selected_id} languages={langs.clone()}
                        stale={count > 0} sample={(*sample).clone()} {on_sample} />
                    <section class="st-json" aria-labelledby="st-json-title">
                        <div class="st-pane-head">
                            <h2 id="st-json-title"><label for="st-json-text">{ "JSON" }</label></h2>
                            <span class="st-muted">{ "Edit or paste a config here; the forms follow." }</span>
                        </div>
                        <textarea id="st-json-text" class="st-code" spellcheck="false" value={doc.text.clone()}
                            oninput={on_json} aria-invalid={doc.text_broken.then_some("true")} data-testid="json"
                            aria-describedby={(!doc.errors_at(".").is_empty()).then_some("st-json-problems")} />
                        <Problems doc={doc.clone()} path="." id="st-json-problems" />
                    </section>
                </aside>
            </div>
        </div>
    }
}
