//! The config being edited: one JSON value that the forms write into and the JSON editor
//! shows, kept in step both ways by a pure transition ([`Doc::apply`]), with the engine's
//! problems recomputed on every change.
//!
//! Fields are addressed by the paths `reciprocity check` prints (`gestures[2].title.fr`),
//! so a problem is shown at the field whose path it names.

use std::rc::Rc;

use serde_json::{Map, Value};

use super::check::check;
use crate::engine::config::ConfigError;

/// One step of a path: an object key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// `.name`
    Key(String),
    /// `[3]`
    Index(usize),
}

/// Splits `gestures[2].title.fr` into its steps (a key holding `.` or `[` cannot be
/// addressed: the config's own keys never do, category names rarely).
pub fn segments(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            if open > 0 {
                out.push(Seg::Key(rest[..open].to_string()));
            }
            rest = &rest[open..];
            while let Some(r) = rest.strip_prefix('[') {
                let Some(close) = r.find(']') else { break };
                if let Ok(i) = r[..close].parse() {
                    out.push(Seg::Index(i));
                }
                rest = &r[close + 1..];
            }
        } else {
            out.push(Seg::Key(rest.to_string()));
        }
    }
    out
}

/// The value at `path`, if any.
pub fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    segments(path).iter().try_fold(v, |v, s| match s {
        Seg::Key(k) => v.get(k),
        Seg::Index(i) => v.get(i),
    })
}

/// Sets (`Some`) or removes (`None`) the value at `path`, creating the objects on the way;
/// an object left empty by a removal is removed too, below the gesture level (so that
/// `"when": {}` does not linger once its last condition is gone).
pub fn set(v: &mut Value, path: &str, new: Option<Value>) {
    let segs = segments(path);
    set_in(v, &segs, new, 0);
}

fn set_in(v: &mut Value, segs: &[Seg], new: Option<Value>, depth: usize) {
    let Some((first, rest)) = segs.split_first() else {
        return;
    };
    match first {
        Seg::Key(k) => {
            if !v.is_object() {
                if new.is_none() {
                    return;
                }
                *v = Value::Object(Map::new());
            }
            let Some(obj) = v.as_object_mut() else { return };
            if rest.is_empty() {
                match new {
                    Some(n) => {
                        obj.insert(k.clone(), n);
                    }
                    None => {
                        obj.shift_remove_key(k);
                    }
                }
                return;
            }
            if new.is_none() && !obj.contains_key(k) {
                return;
            }
            let child = obj.entry(k.clone()).or_insert(Value::Null);
            set_in(child, rest, new, depth + 1);
            let empty = child.as_object().is_some_and(Map::is_empty);
            // `gestures[i].when` is at depth 2: prune from there down.
            if empty && depth >= 2 {
                obj.shift_remove_key(k);
            }
        }
        Seg::Index(i) => {
            let Some(list) = v.as_array_mut() else { return };
            let Some(child) = list.get_mut(*i) else {
                return;
            };
            if rest.is_empty() {
                if let Some(n) = new {
                    *child = n;
                }
                return;
            }
            set_in(child, rest, new, depth + 1);
        }
    }
}

/// Removing a key keeps the order of the others (with `preserve_order`, `remove` would move
/// the last key into its place).
trait ShiftRemove {
    fn shift_remove_key(&mut self, k: &str);
}

impl ShiftRemove for Map<String, Value> {
    fn shift_remove_key(&mut self, k: &str) {
        let kept: Vec<(String, Value)> = std::mem::take(self)
            .into_iter()
            .filter(|(key, _)| key != k)
            .collect();
        self.extend(kept);
    }
}

/// The config being edited.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The last config that was valid JSON (what the forms show).
    pub value: Value,
    /// The JSON editor's text (pretty-printed after a form edit, as typed after a text edit).
    pub text: String,
    /// The text is not JSON: the forms show the last value that was.
    pub text_broken: bool,
    /// The engine's problems, as `reciprocity check` prints them.
    pub errors: Rc<[ConfigError]>,
    /// The gesture selected in the list.
    pub selected: usize,
    /// Bumped when the text was replaced from outside the editor (a form edit, a file).
    pub revision: u64,
}

/// What can happen to the config.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The JSON editor's text changed.
    Text(String),
    /// A form set (`Some`) or cleared (`None`) the value at a path.
    Set(String, Option<Value>),
    /// A whole config was opened (a file, a starter, pasted JSON).
    Open(String),
    /// Adds a gesture of this kind and selects it.
    AddGesture(&'static str),
    /// Removes the gesture at this index.
    RemoveGesture(usize),
    /// Copies the gesture at this index, below it.
    DuplicateGesture(usize),
    /// Selects the gesture at this index.
    Select(usize),
}

/// Pretty JSON with two-space indents.
pub fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// A new gesture of `kind`, with what the engine requires of that kind.
pub fn new_gesture(kind: &str, id: &str) -> Value {
    let mut g =
        serde_json::json!({"id": id, "kind": kind, "title": "Thank you, {first_name|friend}!"});
    match kind {
        "code" => {
            g["title"] = "A code for you".into();
            g["code"] = serde_json::json!({"value": "WELCOME10", "valid_days": 14});
        }
        "feedback" => {
            g["title"] = "How was your {last_item|order}?".into();
            g["feedback"] = serde_json::json!({"question": "How likely are you to recommend {store} to a friend?", "scale": "nps", "thanks": "Thank you. We read every answer."});
            g["modal"] = true.into();
        }
        "banner" => g["title"] = "Welcome to {store}".into(),
        _ => g["when"] = serde_json::json!({"event": "purchase"}),
    }
    g
}

impl Doc {
    /// A document from JSON text.
    pub fn open(text: &str) -> Doc {
        let mut d = Doc {
            value: Value::Null,
            text: String::new(),
            text_broken: false,
            errors: Rc::from(Vec::new()),
            selected: 0,
            revision: 0,
        };
        d.take_text(text.to_string());
        d
    }

    /// The gestures (empty when the config has none yet).
    pub fn gestures(&self) -> &[Value] {
        self.value
            .get("gestures")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    fn take_text(&mut self, text: String) {
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => {
                self.errors = check(&v).into();
                self.value = v;
                self.text_broken = false;
            }
            Err(e) => {
                self.errors = vec![ConfigError {
                    path: ".".into(),
                    message: format!("not valid JSON: {e}"),
                }]
                .into();
                self.text_broken = true;
            }
        }
        self.text = text;
        self.selected = self.selected.min(self.gestures().len().saturating_sub(1));
    }

    fn changed(&mut self) {
        self.errors = check(&self.value).into();
        self.text = pretty(&self.value);
        self.text_broken = false;
        self.revision += 1;
        self.selected = self.selected.min(self.gestures().len().saturating_sub(1));
    }

    fn gestures_mut(&mut self) -> Option<&mut Vec<Value>> {
        if !self.value.is_object() {
            self.value = Value::Object(Map::new());
        }
        self.value
            .as_object_mut()?
            .entry("gestures")
            .or_insert_with(|| Value::Array(Vec::new()))
            .as_array_mut()
    }

    /// An id no gesture has yet.
    fn fresh_id(&self, kind: &str) -> String {
        let taken = |id: &str| self.gestures().iter().any(|g| g["id"] == id);
        (1..)
            .map(|n| format!("{}-{n}", kind.replace('_', "-")))
            .find(|id| !taken(id))
            .unwrap_or_default()
    }

    /// The document after `action`.
    pub fn apply(mut self, action: Action) -> Doc {
        match action {
            Action::Text(t) => self.take_text(t),
            Action::Open(t) => {
                self.selected = 0;
                self.take_text(t);
                if !self.text_broken {
                    self.text = pretty(&self.value);
                }
                self.revision += 1;
            }
            Action::Set(path, v) => {
                set(&mut self.value, &path, v);
                self.changed();
            }
            Action::AddGesture(kind) => {
                let g = new_gesture(kind, &self.fresh_id(kind));
                if let Some(list) = self.gestures_mut() {
                    list.push(g);
                    self.selected = list.len() - 1;
                }
                self.changed();
            }
            Action::RemoveGesture(i) => {
                if let Some(list) = self.gestures_mut().filter(|l| i < l.len()) {
                    list.remove(i);
                }
                self.changed();
            }
            Action::DuplicateGesture(i) => {
                if let Some(mut g) = self.gestures().get(i).cloned() {
                    let id = format!("{}-copy", g["id"].as_str().unwrap_or("gesture"));
                    g["id"] = id.into();
                    if let Some(list) = self.gestures_mut() {
                        list.insert(i + 1, g);
                    }
                    self.selected = i + 1;
                }
                self.changed();
            }
            Action::Select(i) => self.selected = i,
        }
        self
    }

    /// The problems whose path is exactly `path`.
    pub fn errors_at(&self, path: &str) -> Vec<&ConfigError> {
        self.errors.iter().filter(|e| e.path == path).collect()
    }

    /// How many problems concern the gesture at `index`.
    pub fn errors_in_gesture(&self, index: usize) -> usize {
        let p = format!("gestures[{index}]");
        self.errors
            .iter()
            .filter(|e| e.path == p || e.path.starts_with(&format!("{p}.")))
            .count()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Doc {
        Doc::open(
            r#"{"store": {"name": "Shop", "currency": "EUR"},
                "gestures": [{"id": "t", "kind": "thank_you", "title": "Hi"}]}"#,
        )
    }

    #[test]
    fn ok_segments_and_get() {
        assert_eq!(
            segments("gestures[2].title.fr"),
            vec![
                Seg::Key("gestures".into()),
                Seg::Index(2),
                Seg::Key("title".into()),
                Seg::Key("fr".into())
            ]
        );
        let d = base();
        assert_eq!(get(&d.value, "gestures[0].title"), Some(&json!("Hi")));
    }

    #[test]
    fn ok_form_edit_rewrites_text_and_checks() {
        let d = base().apply(Action::Set(
            "gestures[0].title".into(),
            Some("Hi {nope}".into()),
        ));
        assert!(d.text.contains("Hi {nope}"));
        assert_eq!(d.errors.len(), 1);
        assert_eq!(d.errors[0].path, "gestures[0].title");
        assert_eq!(d.errors_in_gesture(0), 1);
    }

    #[test]
    fn ok_removal_prunes_empty_sections_and_keeps_order() {
        let d = base().apply(Action::Set(
            "gestures[0].when.orders_min".into(),
            Some(2.into()),
        ));
        assert_eq!(d.value["gestures"][0]["when"], json!({"orders_min": 2}));
        let d = d.apply(Action::Set("gestures[0].when.orders_min".into(), None));
        assert!(d.value["gestures"][0].get("when").is_none());
        let keys: Vec<&String> = d.value.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["store", "gestures"]);
    }

    #[test]
    fn ok_broken_text_keeps_last_value() {
        let d = base().apply(Action::Text("{\"store\": ".into()));
        assert!(d.text_broken);
        assert_eq!(d.value["gestures"][0]["id"], "t");
        assert!(d.errors[0].message.starts_with("not valid JSON"));
    }

    #[test]
    fn ok_add_duplicate_remove() {
        let d = base().apply(Action::AddGesture("code"));
        assert_eq!(d.selected, 1);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let d = d.apply(Action::DuplicateGesture(1));
        assert_eq!(d.gestures()[2]["id"], "code-1-copy");
        let d = d.apply(Action::RemoveGesture(2));
        assert_eq!(d.gestures().len(), 2);
        assert_eq!(d.selected, 1);
    }
}
