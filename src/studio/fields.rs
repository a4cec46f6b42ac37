//! One form field bound to a path of the config: it shows the value there, writes what the
//! owner types back (through [`Action::Set`]) and lists the engine's problems at that path,
//! worded as `reciprocity check` prints them.

use serde_json::{Map, Number, Value};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::doc::{get, Action, Doc};
use crate::engine::locale::is_rtl;

/// The config being edited, as the components share it.
pub type DocHandle = UseReducerHandle<Doc>;

/// How a field reads and writes its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldKind {
    /// A string (cleared: the key is removed).
    Text,
    /// A number (kept as typed while it is not one, so the engine names the problem).
    Number,
    /// One string or several, comma-separated (`"purchase"` or `["purchase", "review"]`).
    OneOrMany,
    /// Strings, comma-separated, always a list.
    Strings,
    /// Numbers, comma-separated (`[3, 5, 10]`).
    Numbers,
    /// `name: count` pairs, comma-separated (`{"review": 1}`).
    Counts,
    /// A checkbox; the key is removed when it equals the default.
    Bool(bool),
    /// Not set, yes or no.
    Tri,
    /// One of these names, or not set.
    Select(&'static [&'static str]),
    /// A CSS colour, typed or picked.
    Colour,
}

/// The `id` of the control for a path (also where the problem list jumps to).
pub fn field_id(path: &str) -> String {
    let mut id = String::from("f-");
    id.extend(
        path.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }),
    );
    id
}

/// The value at a path as the owner reads it in a text box.
pub fn display(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|x| display(Some(x)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| format!("{k}: {}", display(Some(v))))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

fn number(s: &str) -> Value {
    let t = s.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Value::from(i);
    }
    t.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map_or_else(|| Value::from(t), Value::Number)
}

fn parts(s: &str) -> Vec<&str> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// What the owner typed, as the value to store at the path (`None`: remove the key).
pub fn parse(kind: FieldKind, s: &str) -> Option<Value> {
    if s.trim().is_empty() {
        return None;
    }
    Some(match kind {
        FieldKind::Text | FieldKind::Select(_) | FieldKind::Colour => Value::from(s),
        FieldKind::Number => number(s),
        FieldKind::OneOrMany => match parts(s).as_slice() {
            [one] => Value::from(*one),
            many => Value::from(many.to_vec()),
        },
        FieldKind::Strings => Value::from(parts(s)),
        FieldKind::Numbers => Value::Array(parts(s).into_iter().map(number).collect()),
        FieldKind::Counts => {
            let mut m = Map::new();
            for p in parts(s) {
                let (k, n) = p.split_once(':').unwrap_or((p, "1"));
                m.insert(k.trim().to_string(), number(n));
            }
            Value::Object(m)
        }
        FieldKind::Tri => Value::Bool(s == "true"),
        FieldKind::Bool(_) => Value::Bool(s == "true"),
    })
}

/// Props of [`Field`].
#[derive(Properties, PartialEq)]
pub struct FieldProps {
    /// The config.
    pub doc: DocHandle,
    /// Where the value lives (`gestures[0].cap.max_shows`).
    pub path: AttrValue,
    /// What the owner reads.
    pub label: AttrValue,
    /// How it is read and written.
    pub kind: FieldKind,
    /// A hint under the control.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// A multi-line text box.
    #[prop_or_default]
    pub multiline: bool,
    /// The language of a text written in one language (its direction follows it).
    #[prop_or_default]
    pub lang: Option<AttrValue>,
}

/// The problems at one path, as `check` prints them (`path: message`).
#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    /// The config.
    pub doc: DocHandle,
    /// The path.
    pub path: AttrValue,
    /// The element id (for `aria-describedby`).
    pub id: AttrValue,
}

/// The problems at a path (nothing when there are none).
#[component]
pub fn Problems(props: &ProblemsProps) -> Html {
    let errs = props.doc.errors_at(&props.path);
    if errs.is_empty() {
        return html! {};
    }
    html! {
        <ul class="st-problems" id={props.id.clone()} data-testid="field-problems">
            { for errs.iter().enumerate().map(|(i, e)| html! {
                <li key={i}><code>{ &e.path }</code>{ ": " }{ &e.message }</li>
            }) }
        </ul>
    }
}

/// A labelled control bound to a path of the config.
#[component]
pub fn Field(props: &FieldProps) -> Html {
    let doc = &props.doc;
    let path = props.path.to_string();
    let id = field_id(&path);
    let err_id = format!("{id}-problems");
    let hint_id = format!("{id}-hint");
    let has_errors = !doc.errors_at(&path).is_empty();
    let current = get(&doc.value, &path);
    let kind = props.kind;
    let set = {
        let doc = doc.clone();
        let path = path.clone();
        Callback::from(move |s: String| doc.dispatch(Action::Set(path.clone(), parse(kind, &s))))
    };
    let described = {
        let mut d = Vec::new();
        if props.hint.is_some() {
            d.push(hint_id.clone());
        }
        if has_errors {
            d.push(err_id.clone());
        }
        (!d.is_empty()).then(|| d.join(" "))
    };
    let invalid = has_errors.then_some("true");
    let control = match kind {
        FieldKind::Bool(default) => {
            let checked = current.and_then(Value::as_bool).unwrap_or(default);
            let onchange = {
                let doc = doc.clone();
                let path = path.clone();
                Callback::from(move |e: Event| {
                    let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                    let v = (on != default).then_some(Value::Bool(on));
                    doc.dispatch(Action::Set(path.clone(), v));
                })
            };
            return html! {
                <div class={classes!("st-field", "st-check", has_errors.then_some("st-has-problem"))}>
                    <input type="checkbox" id={id.clone()} {checked} {onchange}
                        aria-describedby={described} aria-invalid={invalid} />
                    <label for={id}>{ &props.label }</label>
                    if let Some(h) = &props.hint { <p class="st-hint" id={hint_id}>{ h }</p> }
                    <Problems doc={doc.clone()} path={props.path.clone()} id={err_id} />
                </div>
            };
        }
        FieldKind::Tri | FieldKind::Select(_) => {
            let options: Vec<(&str, &str)> = match kind {
                FieldKind::Select(list) => list.iter().map(|o| (*o, *o)).collect(),
                _ => vec![("true", "yes"), ("false", "no")],
            };
            let value = match current {
                Some(Value::Bool(b)) => b.to_string(),
                v => display(v),
            };
            let onchange =
                set.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
            let known = value.is_empty() || options.iter().any(|(v, _)| *v == value);
            html! {
                <select id={id.clone()} {onchange} aria-describedby={described} aria-invalid={invalid}>
                    <option value="" selected={value.is_empty()}>{ "(not set)" }</option>
                    if !known { <option value={value.clone()} selected=true>{ value.clone() }</option> }
                    { for options.iter().map(|(v, l)| html! {
                        <option key={*v} value={*v} selected={*v == value}>{ *l }</option>
                    }) }
                </select>
            }
        }
        FieldKind::Colour => {
            let value = display(current);
            // The picker shows `#rrggbb` values; others are typed.
            let hex = value.len() == 7
                && value.starts_with('#')
                && value[1..].bytes().all(|b| b.is_ascii_hexdigit());
            let picked = if hex { value.clone() } else { "#000000".into() };
            let oninput =
                set.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
            let onpick =
                set.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
            html! {
                <div class="st-colour">
                    <input type="text" id={id.clone()} {value} {oninput} spellcheck="false"
                        aria-describedby={described} aria-invalid={invalid} />
                    <input type="color" value={picked} oninput={onpick}
                        aria-label={format!("{} (picker)", props.label)} />
                </div>
            }
        }
        _ => {
            let value = display(current);
            let oninput =
                set.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
            let lang = props.lang.clone();
            let dir = lang
                .as_deref()
                .map(|l| if is_rtl(l) { "rtl" } else { "ltr" });
            if props.multiline {
                html! {
                    <textarea id={id.clone()} rows="3" {value} {oninput} {lang} {dir}
                        aria-describedby={described} aria-invalid={invalid} />
                }
            } else {
                let inputmode = (kind == FieldKind::Number).then_some("decimal");
                html! {
                    <input type="text" id={id.clone()} {value} {oninput} {inputmode} spellcheck="false"
                        {lang} {dir} aria-describedby={described} aria-invalid={invalid} />
                }
            }
        }
    };
    html! {
        <div class={classes!("st-field", has_errors.then_some("st-has-problem"))}>
            <label for={id}>{ &props.label }</label>
            { control }
            if let Some(h) = &props.hint { <p class="st-hint" id={hint_id}>{ h }</p> }
            <Problems doc={doc.clone()} path={props.path.clone()} id={err_id} />
        </div>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ok_parse_and_display_round_trip() {
        assert_eq!(
            parse(FieldKind::OneOrMany, "purchase"),
            Some(json!("purchase"))
        );
        assert_eq!(parse(FieldKind::OneOrMany, "a, b"), Some(json!(["a", "b"])));
        assert_eq!(
            parse(FieldKind::Numbers, "3, 5,10"),
            Some(json!([3, 5, 10]))
        );
        assert_eq!(parse(FieldKind::Number, "1.5"), Some(json!(1.5)));
        assert_eq!(parse(FieldKind::Number, "2x"), Some(json!("2x")));
        assert_eq!(
            parse(FieldKind::Counts, "review: 1, referral"),
            Some(json!({"review": 1, "referral": 1}))
        );
        assert_eq!(parse(FieldKind::Text, " "), None);
        assert_eq!(display(Some(&json!({"review": 1}))), "review: 1");
        assert_eq!(field_id("gestures[0].title.fr"), "f-gestures-0--title-fr");
    }
}
