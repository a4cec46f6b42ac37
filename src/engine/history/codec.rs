//! The stored form: compact JSON under a size budget, read back with migration of older
//! formats, refusal of newer ones and salvage of damaged ones.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{History, Result, StoreError, FORMAT_VERSION, STORED_BUDGET};
use crate::engine::event::{Event, Facts, Input};
use crate::engine::json;

/// A history read back from storage, with what had to be repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The history (possibly salvaged).
    pub history: History,
    /// Problems found and repaired; empty when the value was clean.
    pub problems: Vec<String>,
}

impl History {
    /// The stored form: compact JSON, at most [`STORED_BUDGET`] bytes (older detail is
    /// dropped to fit).
    pub fn encode(&mut self) -> String {
        self.compact();
        loop {
            let s = serde_json::to_string(self).unwrap_or_default();
            if s.len() <= STORED_BUDGET || (self.recent.is_empty() && self.txns.len() <= 16) {
                return s;
            }
            let r = self.recent.len() / 2;
            self.recent.drain(..r.max(1).min(self.recent.len()));
            if self.recent.is_empty() {
                let t = self.txns.len() / 2;
                self.txns.drain(..t);
            }
        }
    }

    /// Reads a stored value: migrates older formats, refuses newer ones, salvages what it can
    /// from a damaged one (`fresh_id` is used when no id survives).
    pub fn decode(s: &str, fresh_id: &str) -> Result<Decoded> {
        let value: Value =
            serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("not JSON: {e}")))?;
        let Value::Object(mut o) = value else {
            return Err(StoreError::Corrupt("not a JSON object".into()));
        };
        let version = o.get("v").and_then(Value::as_u64);
        match version {
            Some(v) if v > u64::from(FORMAT_VERSION) => {
                return Err(StoreError::Newer {
                    found: v,
                    supported: FORMAT_VERSION,
                })
            }
            Some(1) => return Ok(migrate_v1(o, fresh_id)),
            Some(v) if v == u64::from(FORMAT_VERSION) => {}
            _ => return Err(StoreError::Corrupt("no format version".into())),
        }
        // Stored before the instants of each event were kept (they are never empty once
        // an event or a reaction is recorded): rebuilt from what the history holds.
        let untimed = o.get("agg").is_some_and(|a| a.get("tm").is_none());
        if let Ok(mut h) = json::from_value::<History>(Value::Object(o.clone())) {
            if untimed {
                h.seed_times();
            }
            return Ok(Decoded {
                history: h,
                problems: Vec::new(),
            });
        }
        let mut problems = Vec::new();
        let mut h = History::new(fresh_id);
        h.id = take(&mut o, "id", &mut problems).unwrap_or_else(|| fresh_id.to_string());
        h.agg = take(&mut o, "agg", &mut problems).unwrap_or_default();
        h.gestures = take(&mut o, "gestures", &mut problems).unwrap_or_default();
        h.facts = take(&mut o, "facts", &mut problems).unwrap_or_default();
        h.txns = take(&mut o, "txns", &mut problems).unwrap_or_default();
        h.recent = take(&mut o, "recent", &mut problems).unwrap_or_default();
        h.owed = take(&mut o, "owed", &mut problems).unwrap_or_default();
        h.opted_out = take(&mut o, "out", &mut problems).unwrap_or_default();
        if h.agg.times.is_empty() {
            h.seed_times();
        }
        Ok(Decoded {
            history: h,
            problems,
        })
    }
}

fn take<T: DeserializeOwned>(
    o: &mut serde_json::Map<String, Value>,
    key: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    // Taken out in place (a null is left behind; the map is dropped after): removing the
    // key would bring the map's rebalancing code into the recorder for this one use.
    let v = o.get_mut(key).map(Value::take)?;
    match json::from_value(v) {
        Ok(t) => Some(t),
        Err(e) => {
            problems.push(format!("{key}: {e}: dropped"));
            None
        }
    }
}

/// Format 1 kept every event in a list (`events`) with the facts beside it; it is replayed
/// into the aggregates of the current format.
fn migrate_v1(mut o: serde_json::Map<String, Value>, fresh_id: &str) -> Decoded {
    let mut problems = Vec::new();
    let id: String = take(&mut o, "id", &mut problems).unwrap_or_else(|| fresh_id.to_string());
    let mut h = History::new(id);
    let events: Vec<Value> = take(&mut o, "events", &mut problems).unwrap_or_default();
    let mut inputs: Vec<Input> = Vec::new();
    for (i, e) in events.into_iter().enumerate() {
        match json::from_value::<Event>(e) {
            Ok(e) => inputs.push(Input::Event(e)),
            Err(err) => problems.push(format!("events[{i}]: {err}: dropped")),
        }
    }
    if let Some(f) = take::<Facts>(&mut o, "facts", &mut problems) {
        inputs.push(Input::Identify(f));
    }
    crate::engine::small::sort_by_key(&mut inputs, Input::at);
    for input in inputs {
        h.append(input);
    }
    Decoded {
        history: h,
        problems,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::tests::{arb_input, purchase};
    use super::*;
    use crate::engine::time::DAY;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn err_corrupt_values() {
        insta::assert_snapshot!(History::decode(r#"{"v":2,"id":"#, "f").unwrap_err(), @"stored history is corrupt: not JSON: EOF while parsing a value at line 1 column 12");
        insta::assert_snapshot!(History::decode("[1,2]", "f").unwrap_err(), @"stored history is corrupt: not a JSON object");
        insta::assert_snapshot!(History::decode("{}", "f").unwrap_err(), @"stored history is corrupt: no format version");
    }

    #[test]
    fn ok_salvage_wrong_shape() {
        let mut h = History::new("keep-me");
        h.append(purchase(Some("T1"), 0, 1000));
        let mut v: Value = serde_json::from_str(&h.encode()).unwrap();
        v["recent"] = json!("garbage");
        let d = History::decode(&v.to_string(), "f").unwrap();
        assert_eq!(d.history.id, "keep-me");
        assert_eq!(d.history.agg.orders, 1);
        assert!(d.history.recent.is_empty());
        insta::assert_snapshot!(d.problems.join("\n"), @"recent: invalid type: string \"garbage\", expected a sequence: dropped");
    }

    #[test]
    fn ok_migrate_v1() {
        let v1 = json!({"v": 1, "id": "old", "events": [
            {"t": 0, "e": "purchase", "x": "T1", "v": 1200, "c": "USD"},
            {"t": DAY, "e": "purchase", "x": "T1", "v": 1200, "c": "USD"},
            {"t": 2 * DAY, "e": 5}
        ], "facts": {"t": 3, "n": "Ana"}});
        let d = History::decode(&v1.to_string(), "f").unwrap();
        assert_eq!(
            (d.history.id.as_str(), d.history.agg.orders, d.history.v),
            ("old", 1, FORMAT_VERSION)
        );
        assert_eq!(d.history.facts.unwrap().first_name.as_deref(), Some("Ana"));
        assert_eq!(d.problems.len(), 1);
    }

    proptest! {
        #[test]
        fn stored_form_round_trips(inputs in proptest::collection::vec(arb_input(), 0..200)) {
            let mut h = History::new("p");
            for i in inputs { h.append(i); }
            let s = h.encode();
            let d = History::decode(&s, "x").unwrap();
            prop_assert!(d.problems.is_empty());
            prop_assert_eq!(d.history, h);
        }
    }
}
