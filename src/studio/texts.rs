//! Texts per language: a text in the config is one string for every language or one per
//! language tag (`{"en": "...", "fr": "..."}`); the form offers both and switches between
//! them.

use serde_json::{Map, Value};
use yew::prelude::*;

use super::doc::{get, Action};
use super::fields::{field_id, DocHandle, Field, FieldKind, Problems};

/// The config's languages: its `store.locale`, then every language a text is written in.
pub fn languages(config: &Value) -> Vec<String> {
    let mut out = vec![config["store"]["locale"]
        .as_str()
        .unwrap_or("en")
        .to_string()];
    let mut add = |v: &Value| {
        if let Some(m) = v.as_object() {
            for k in m.keys() {
                if !out.iter().any(|l| l.eq_ignore_ascii_case(k)) {
                    out.push(k.clone());
                }
            }
        }
    };
    for g in config["gestures"].as_array().into_iter().flatten() {
        for t in [
            &g["title"],
            &g["text"],
            &g["link"]["label"],
            &g["feedback"]["question"],
            &g["feedback"]["comment"],
            &g["feedback"]["thanks"],
        ] {
            add(t);
        }
        for l in g["recommend"].as_object().into_iter().flat_map(Map::values) {
            add(&l["label"]);
        }
    }
    out
}

/// Props of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// The config.
    pub doc: DocHandle,
    /// Where the text lives.
    pub path: AttrValue,
    /// What the owner reads (`Title`).
    pub label: AttrValue,
    /// The languages to offer.
    pub languages: std::rc::Rc<[String]>,
    /// A multi-line box.
    #[prop_or_default]
    pub multiline: bool,
    /// A hint (tokens the text may use).
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// A text, in one box for every language or one box per language.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let doc = &props.doc;
    let path = props.path.to_string();
    let current = get(&doc.value, &path).cloned();
    let per_language = matches!(current, Some(Value::Object(_)));
    let toggle = {
        let doc = doc.clone();
        let path = path.clone();
        let langs = props.languages.clone();
        let current = current.clone();
        Callback::from(move |_: MouseEvent| {
            let next = match &current {
                Some(Value::Object(m)) => {
                    // One text: the primary language's, or the first there is.
                    let first = m.get(&langs[0]).or_else(|| m.values().next()).cloned();
                    first
                }
                Some(Value::String(s)) => {
                    let mut m = Map::new();
                    m.insert(langs[0].clone(), Value::from(s.clone()));
                    Some(Value::Object(m))
                }
                _ => None,
            };
            if next.is_some() {
                doc.dispatch(Action::Set(path.clone(), next));
            }
        })
    };
    let toggle_label = if per_language {
        "Use one text for every language"
    } else {
        "Write it per language"
    };
    let can_toggle = current.is_some();
    let group_id = format!("{}-group", field_id(&path));
    html! {
        <fieldset class="st-text" aria-labelledby={group_id.clone()}>
            <div class="st-text-head">
                <span class="st-legend" id={group_id}>{ &props.label }</span>
                if can_toggle {
                    <button type="button" class="st-link-button" onclick={toggle}>{ toggle_label }</button>
                }
            </div>
            if per_language {
                { for props.languages.iter().map(|lang| html! {
                    <Field key={lang.clone()} doc={doc.clone()} path={format!("{path}.{lang}")}
                        label={format!("{} ({lang})", props.label)} kind={FieldKind::Text}
                        multiline={props.multiline} lang={AttrValue::from(lang.clone())} />
                }) }
                <p class="st-hint">{ format!("A language left empty falls back to {}, then English.", props.languages[0]) }</p>
                <Problems doc={doc.clone()} path={props.path.clone()} id={format!("{}-problems", field_id(&path))} />
            } else {
                <Field doc={doc.clone()} path={props.path.clone()}
                    label={format!("{} (every language)", props.label)} kind={FieldKind::Text}
                    multiline={props.multiline} hint={props.hint.clone()} />
            }
        </fieldset>
    }
}
