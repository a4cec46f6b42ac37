//! Reading a config: JSON to typed values, every problem reported with its JSON path.

use serde_json::Value;

use super::{Config, ConfigError, Errors, Gesture};

/// Reads a typed value, reporting a failure with its JSON path. The path needs a wrapping
/// deserializer that doubles the code size, so the browser build (which only runs configs
/// `reciprocity check` already accepted) reports the gesture or section instead.
#[cfg(target_arch = "wasm32")]
fn serde_errors<T: serde::de::DeserializeOwned>(
    v: Value,
    prefix: &str,
    errs: &mut Errors,
) -> Option<T> {
    match crate::engine::json::from_value::<T>(v) {
        Ok(t) => Some(t),
        Err(e) => {
            errs.at(if prefix.is_empty() { "." } else { prefix }, e.to_string());
            None
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn serde_errors<T: serde::de::DeserializeOwned>(
    v: Value,
    prefix: &str,
    errs: &mut Errors,
) -> Option<T> {
    exact_problem(v, prefix).map_err(|e| errs.0.push(e)).ok()
}

/// Reads a typed value; on failure, its first problem at the full JSON path under `prefix`
/// (`gestures[3].titel`), as `reciprocity check` prints it. The studio uses it too, to put
/// back at its field a problem the browser build reports at its section.
#[cfg(any(not(target_arch = "wasm32"), feature = "studio"))]
pub(crate) fn exact_problem<T: serde::de::DeserializeOwned>(
    v: Value,
    prefix: &str,
) -> Result<T, ConfigError> {
    serde_path_to_error::deserialize::<_, T>(crate::engine::json::De(v)).map_err(|e| {
        let inner = e.path().to_string();
        let path = match (prefix, inner.as_str()) {
            ("", ".") => ".".to_string(),
            ("", p) => p.to_string(),
            (pre, ".") => pre.to_string(),
            (pre, p) => format!("{pre}.{p}"),
        };
        ConfigError {
            path,
            message: e.into_inner().to_string(),
        }
    })
}

/// "1 gesture", "13 gestures": how `check` counts a valid config's gestures.
#[cfg(any(not(target_arch = "wasm32"), feature = "studio"))]
pub fn gestures(n: usize) -> String {
    format!("{n} gesture{}", if n == 1 { "" } else { "s" })
}

/// The texts a gesture may give, by their path under the gesture.
#[cfg(any(not(target_arch = "wasm32"), feature = "studio"))]
const TEXT_FIELDS: [&str; 6] = [
    "/title",
    "/text",
    "/link/label",
    "/feedback/question",
    "/feedback/thanks",
    "/feedback/comment",
];

/// What `reciprocity check` says beside the errors of a valid config: what works, but
/// likely not as the store owner meant. Today: plain texts (one text for every language)
/// in a config that does not set `store.locale`; they are taken to be English, so a page
/// in another language marks them as English (for screen readers, hyphenation, and the
/// ordinals, dates and money inside them).
#[cfg(any(not(target_arch = "wasm32"), feature = "studio"))]
pub fn warnings(value: &Value) -> Vec<ConfigError> {
    if value.pointer("/store/locale").is_some() {
        return Vec::new();
    }
    let gestures = value["gestures"].as_array().map_or(&[][..], Vec::as_slice);
    let mut plain = Vec::new();
    for (i, g) in gestures.iter().enumerate() {
        for f in TEXT_FIELDS {
            if g.pointer(f).is_some_and(Value::is_string) {
                plain.push(format!("gestures[{i}]{}", f.replace('/', ".")));
            }
        }
        for (cat, l) in g["recommend"].as_object().into_iter().flatten() {
            if l["label"].is_string() {
                plain.push(format!("gestures[{i}].recommend.{cat}.label"));
            }
        }
    }
    let Some(first) = plain.first() else {
        return Vec::new();
    };
    let more = match plain.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    vec![ConfigError {
        path: "store.locale".into(),
        message: format!(
            "not set, so plain texts ({first}{more}) are taken to be English (\"en\"); \
             set \"locale\" to the language they are written in, or give them by language \
             ({{\"fr\": \"…\"}})"
        ),
    }]
}

impl Config {
    /// Parses and validates a config; on failure, every problem found.
    pub fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            vec![ConfigError {
                path: ".".into(),
                message: format!("not valid JSON: {e}"),
            }]
        })?;
        Config::from_value(value)
    }

    /// Like [`Config::parse`], from an already parsed JSON value.
    pub fn from_value(mut value: Value) -> Result<Config, Vec<ConfigError>> {
        let mut errs = Errors(Vec::new());
        let Some(obj) = value.as_object_mut() else {
            errs.at(".", "expected a JSON object");
            return Err(errs.0);
        };
        // Gestures are read one by one so that each one's problem is reported.
        let gestures_value = obj.insert("gestures".into(), Value::Array(Vec::new()));
        let mut config: Option<Config> = serde_errors(value, "", &mut errs);
        let mut gestures = Vec::new();
        // Where each gesture read stands in the document's list: one that could not be read
        // leaves a gap, and the problems of the gestures after it keep their own index.
        let mut places = Vec::new();
        let mut listed = 0;
        match gestures_value {
            None => errs.at(".", "missing field `gestures`"),
            Some(Value::Array(list)) => {
                listed = list.len();
                for (i, g) in list.into_iter().enumerate() {
                    if let Some(g) =
                        serde_errors::<Gesture>(g, &format!("gestures[{i}]"), &mut errs)
                    {
                        gestures.push(g);
                        places.push(i);
                    }
                }
            }
            Some(_) => errs.at("gestures", "expected a list of gestures"),
        }
        if let Some(c) = config.as_mut() {
            c.gestures = gestures;
            c.validate(&places, listed, &mut errs);
        }
        match config {
            Some(c) if errs.0.is_empty() => Ok(c),
            _ => Err(errs.0),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::config::Period;
    use serde_json::json;

    use crate::engine::config::errors_of as errors;

    fn base(gestures: Value) -> Value {
        json!({"store": {"name": "Shop", "currency": "EUR"}, "gestures": gestures})
    }

    #[test]
    fn ok_minimal() {
        let c = Config::from_value(base(
            json!([{"id": "t", "kind": "thank_you", "title": "Thanks {first_name|there}"}]),
        ))
        .unwrap();
        assert_eq!(c.budget.max_per_session, 1);
        assert_eq!(c.gestures[0].cap.per, Period::Order);
        assert!(c.give_before_ask);
    }

    #[test]
    fn err_unknown_and_misspelt_keys_each_reported() {
        insta::assert_snapshot!(errors(
            json!({"store": {"name": "Shop", "currency": "EUR", "colour": 1},
            "gestures": [
                {"id": "a", "kind": "thank_you", "titel": "x"},
                {"id": "b", "kind": "coupon", "title": "x"},
                {"id": "c", "kind": "code", "title": "x", "cap": {"max_shows": "2"}}
            ]})
        ));
    }

    /// A gesture that cannot be read is left out of the config, and the problems of the
    /// gestures after it are still reported at their place in the document.
    #[test]
    fn err_index_after_an_unreadable_gesture() {
        insta::assert_snapshot!(errors(base(json!([
            {"id": "a", "kind": "thank_you", "title": "ok"},
            {"id": "b", "kind": "thank_you", "title": "x", "cap": {"max_shows": "2"}},
            {"id": "c", "kind": "thank_you", "title": "ok"},
            {"id": "d", "kind": "thank_you", "title": 5},
            {"id": "a", "kind": "thank_you", "title": "Hi {first_name"},
            {"id": "f", "kind": "code", "title": "x", "code": {"expires_at": "soon"}}
        ]))), @r###"
        gestures[1].cap.max_shows: invalid type: string "2", expected u32
        gestures[3].title: data did not match any variant of untagged enum Text
        gestures[4].id: "a" is already the id of gestures[0]
        gestures[4].title: unclosed '{' at character 3 (write '{{' for a literal brace)
        gestures[5].code: needs a `value` or an `issue_url`
        gestures[5].code.expires_at: expected an RFC 3339 timestamp like 2026-03-01T10:00:00Z, got "soon"
        "###);
    }

    /// Gestures listed but none readable: each problem is reported, not "no gestures".
    #[test]
    fn err_every_gesture_unreadable() {
        assert_eq!(
            errors(base(json!([{"id": "a", "kind": "thank_you", "title": 5}]))),
            "gestures[0].title: data did not match any variant of untagged enum Text"
        );
    }

    #[test]
    fn err_not_json() {
        assert_eq!(
            Config::parse("{\"store\": ").unwrap_err()[0].to_string(),
            ".: not valid JSON: EOF while parsing a value at line 1 column 10"
        );
    }
}
