//! Validation as `reciprocity check` does it: [`Config::from_value`], the same function, with
//! the same messages and JSON paths.
//!
//! The engine's browser build reports a structural (serde) problem at its gesture or section
//! rather than at the exact field, to keep the widget small (see
//! `src/engine/config/parse.rs`). The studio is not size-bound: it reads those sections again
//! with a path-tracking deserializer, as the native tool does, and puts each problem back at
//! its full path (`gestures[3].titel`), so both print the same lines.

use serde_json::Value;

use crate::engine::config::{Config, ConfigError, Gesture};

/// Every problem of a config, each with its JSON path; empty when it is valid.
pub fn check(value: &Value) -> Vec<ConfigError> {
    match Config::from_value(value.clone()) {
        Ok(_) => Vec::new(),
        Err(mut errs) => {
            exact_paths(value, &mut errs);
            errs
        }
    }
}

/// A section's first structural problem, as the native tool words it.
fn serde_problem<T: serde::de::DeserializeOwned>(v: Value, prefix: &str) -> Option<ConfigError> {
    crate::engine::config::exact_problem::<T>(v, prefix).err()
}

/// Replaces a problem reported at a section (`.` or `gestures[i]`) by the same problem at
/// its full path. Natively the paths are already full and nothing changes.
fn exact_paths(value: &Value, errs: &mut [ConfigError]) {
    let Some(obj) = value.as_object() else {
        return;
    };
    let mut found = Vec::new();
    let mut top = obj.clone();
    top.insert("gestures".into(), Value::Array(Vec::new()));
    if let Some(e) = serde_problem::<Config>(Value::Object(top), "") {
        found.push((".".to_string(), e));
    }
    if let Some(list) = obj.get("gestures").and_then(Value::as_array) {
        for (i, g) in list.iter().enumerate() {
            let at = format!("gestures[{i}]");
            if let Some(e) = serde_problem::<Gesture>(g.clone(), &at) {
                found.push((at, e));
            }
        }
    }
    for (section, exact) in found {
        if let Some(e) = errs
            .iter_mut()
            .find(|e| e.path == section && e.message == exact.message)
        {
            *e = exact;
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ok_same_lines_as_the_tool() {
        let v = json!({"store": {"name": "Shop", "currency": "EUR"}, "gestures": [
            {"id": "a", "kind": "thank_you", "titel": "x"},
            {"id": "b", "kind": "thank_you", "title": "Hi {nope}"}
        ]});
        let ours: Vec<String> = check(&v).iter().map(ToString::to_string).collect();
        let tool: Vec<String> = Config::from_value(v)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(ours, tool);
        assert!(ours[0].starts_with("gestures[0].titel: unknown field `titel`"));
    }
}
