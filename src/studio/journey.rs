//! Rehearsal: a shopper's journey as a timeline of steps, each an entry of `simulate`'s
//! history file, replayed by the engine step by step.
//!
//! The outcome at step *i* is exactly what `reciprocity simulate --history H --now T --url U`
//! prints, where `H` holds the steps up to *i*, `T` is step *i*'s time and `U` its page:
//! [`rehearse`] calls the same [`simulate`] with the same [`PlainFormatter`] in the store's
//! language.

use serde_json::{json, Map, Value};

use super::sample::Sample;
use crate::engine::config::Config;
use crate::engine::decide::Reason;
use crate::engine::owed::Owed;
use crate::engine::simulate::{parse_entries, simulate};
use crate::engine::template::PlainFormatter;
use crate::engine::time::{format_instant, parse_instant, Millis, DAY};

/// One moment of the journey.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What it is, for the owner (`Purchase`, `Come back`, …).
    pub label: String,
    /// When (RFC 3339).
    pub at: String,
    /// The page the shopper is on (`simulate --url`); may be empty.
    pub url: String,
    /// The entry without its `at`: `{"dataLayer": {...}}`, `{"track": [...]}`, … as JSON
    /// text (the owner may edit it).
    pub input: String,
}

/// The kinds of steps the timeline offers.
pub const KINDS: [(&str, &str); 10] = [
    ("visit", "First visit"),
    ("view", "View an item"),
    ("cart", "Add to cart"),
    ("purchase", "Purchase"),
    ("back", "Come back later"),
    ("identify", "Identify"),
    ("feedback", "Give feedback"),
    ("review", "Write a review"),
    ("referral", "Refer a friend"),
    ("birthday", "Visit on the birthday"),
];

fn items(sample: &Sample) -> Value {
    let list: Vec<Value> = sample
        .last_items
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .enumerate()
        .map(|(i, n)| {
            json!({"item_id": format!("item-{i}"), "item_name": n, "item_category": sample.category, "price": 18, "quantity": 1})
        })
        .collect();
    Value::Array(list)
}

/// The next date (10:00 UTC) on or after `after` that is the `MM-DD` birthday.
fn next_birthday(after: Millis, md: &str) -> Option<Millis> {
    let year: i32 = format_instant(after).get(..4)?.parse().ok()?;
    (year..year + 2)
        .filter_map(|y| parse_instant(&format!("{y:04}-{md}T10:00:00Z")).ok())
        .find(|t| *t >= after)
}

/// A new step of `kind` after `previous` (the last step's time), `days` later for a
/// comeback, filled from the sample shopper and the config (the feedback goes to its first
/// feedback gesture).
pub fn new_step(
    kind: &str,
    previous: Option<Millis>,
    days: u32,
    sample: &Sample,
    config: &Value,
    purchases: usize,
) -> Step {
    let start = previous.unwrap_or_else(|| parse_instant("2026-11-10T09:00:00Z").unwrap_or(0));
    let minutes = |m: i64| start + if previous.is_some() { m * 60_000 } else { 0 };
    let currency = config["store"]["currency"].as_str().unwrap_or("EUR");
    let label = KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, l)| l)
        .to_string();
    let (at, url, input) = match kind {
        "view" => (
            minutes(2),
            "/product",
            json!({"dataLayer": {"event": "view_item", "ecommerce": {"items": items(sample)}}}),
        ),
        "cart" => (
            minutes(2),
            "/product",
            json!({"dataLayer": {"event": "add_to_cart", "ecommerce": {"currency": currency, "items": items(sample)}}}),
        ),
        "purchase" => {
            let n = items(sample).as_array().map_or(0, Vec::len).max(1);
            (
                minutes(5),
                "/thank-you",
                json!({"dataLayer": {"event": "purchase", "ecommerce": {
                    "transaction_id": format!("T-{}", 1001 + purchases), "value": 18 * n,
                    "currency": currency, "items": items(sample)}}}),
            )
        }
        "back" => (
            start + i64::from(days.max(1)) * DAY,
            "/",
            json!({"dataLayer": {"event": "page_view"}}),
        ),
        "identify" => {
            let mut facts = Map::new();
            facts.insert("first_name".into(), sample.first_name.clone().into());
            if !sample.birthday.is_empty() {
                facts.insert("birthday".into(), sample.birthday.clone().into());
            }
            (minutes(1), "", json!({ "identify": facts }))
        }
        "feedback" => {
            let id = config["gestures"]
                .as_array()
                .and_then(|l| l.iter().find(|g| g["kind"] == "feedback"))
                .and_then(|g| g["id"].as_str())
                .unwrap_or("feedback");
            (
                minutes(1),
                "",
                json!({"dataLayer": {"event": "reciprocity_feedback_submitted", "gesture_id": id, "score": 9}}),
            )
        }
        "review" => (minutes(1), "/", json!({"track": ["review"]})),
        "referral" => (minutes(1), "/", json!({"track": ["referral"]})),
        "birthday" => (
            next_birthday(start + 60_000, sample.birthday.trim()).unwrap_or(start + DAY),
            "/",
            json!({"dataLayer": {"event": "page_view"}}),
        ),
        _ => (
            minutes(0),
            "/",
            json!({"dataLayer": {"event": "page_view"}}),
        ),
    };
    Step {
        label,
        at: format_instant(at),
        url: url.into(),
        input: input.to_string(),
    }
}

/// A label for an entry read from a history file.
fn label_of(entry: &Value) -> String {
    let event = entry["dataLayer"]["event"]
        .as_str()
        .or_else(|| entry["gtag"][1].as_str())
        .or_else(|| entry["track"][0].as_str());
    match (event, entry.get("identify")) {
        (_, Some(_)) => "Identify".into(),
        (Some("page_view"), _) => "Visit".into(),
        (Some("view_item"), _) => "View an item".into(),
        (Some("add_to_cart"), _) => "Add to cart".into(),
        (Some("purchase"), _) => "Purchase".into(),
        (Some("review"), _) => "Write a review".into(),
        (Some("referral"), _) => "Refer a friend".into(),
        (Some(e), _) if e.starts_with("reciprocity_") => {
            format!("Reacts: {}", e.trim_start_matches("reciprocity_"))
        }
        (Some(e), _) => e.to_string(),
        (None, _) => "Entry".into(),
    }
}

/// Steps from a history file's text (each entry one step, in file order).
pub fn steps_from_history(text: &str) -> Result<Vec<Step>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let list = v.as_array().ok_or("expected an array of entries")?;
    Ok(list
        .iter()
        .map(|e| {
            let mut input = e.as_object().cloned().unwrap_or_default();
            let at = input
                .remove("at")
                .and_then(|a| a.as_str().map(str::to_string))
                .unwrap_or_default();
            Step {
                label: label_of(e),
                at,
                url: String::new(),
                input: Value::Object(input).to_string(),
            }
        })
        .collect())
}

/// The journey as `simulate`'s history file (pretty JSON).
pub fn history_file(steps: &[Step]) -> String {
    let entries: Vec<Value> = steps.iter().map(entry).collect();
    serde_json::to_string_pretty(&entries).unwrap_or_default()
}

fn entry(s: &Step) -> Value {
    let mut o = Map::new();
    o.insert("at".into(), s.at.clone().into());
    match serde_json::from_str::<Value>(&s.input) {
        Ok(Value::Object(m)) => o.extend(m),
        _ => {
            o.insert("input".into(), s.input.clone().into());
        }
    }
    Value::Object(o)
}

/// What the engine decided at one step.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The gesture shown: id, kind and title.
    pub shown: Option<(String, String, String)>,
    /// Every check, as `simulate` lists them.
    pub reasons: Vec<Reason>,
    /// Moments held back here and owed to a later page.
    pub owed: Vec<Owed>,
    /// Inputs not counted (duplicates, rejected), or why the step could not be replayed.
    pub notes: Vec<String>,
}

/// Replays the journey step by step: the outcome of each step is `simulate`'s answer with
/// the steps so far as history, the step's time as `--now` and its page as `--url`.
pub fn rehearse(config: &Config, steps: &[Step]) -> Vec<Outcome> {
    (0..steps.len())
        .map(|i| {
            let fail = |note: String| Outcome {
                shown: None,
                reasons: Vec::new(),
                owed: Vec::new(),
                notes: vec![note],
            };
            let Ok(now) = parse_instant(&steps[i].at) else {
                return fail(format!("{:?} is not an RFC 3339 time", steps[i].at));
            };
            let so_far: Vec<Value> = steps[..=i].iter().map(entry).collect();
            let entries = match parse_entries(&Value::Array(so_far).to_string()) {
                Ok(e) => e,
                Err(errs) => {
                    let msg: Vec<String> = errs.iter().map(ToString::to_string).collect();
                    return fail(msg.join("; "));
                }
            };
            let url = Some(steps[i].url.as_str()).filter(|u| !u.is_empty());
            let fmt = PlainFormatter::new(&config.store.locale);
            match simulate(config.clone(), entries, now, url, "simulated-shopper", fmt) {
                Ok(sim) => Outcome {
                    shown: sim
                        .decision
                        .gesture
                        .as_ref()
                        .map(|g| (g.id.clone(), g.kind.as_str().to_string(), g.title.clone())),
                    reasons: sim.decision.reasons,
                    owed: sim.decision.owed,
                    notes: sim.notes,
                },
                Err(e) => fail(e),
            }
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const CONFIG: &str = include_str!("../../www/config.example.json");
    const JOURNEY: &str = include_str!("../../www/journey.example.json");

    #[test]
    fn ok_demo_journey_thanks_at_the_purchase() {
        let config = Config::parse(CONFIG).unwrap();
        let steps = steps_from_history(JOURNEY).unwrap();
        assert_eq!(steps[4].label, "Purchase");
        let out = rehearse(&config, &steps);
        let shown = out[4].shown.as_ref().map(|s| s.0.as_str());
        assert_eq!(shown, Some("thanks-after-purchase"));
        let back: Value = serde_json::from_str(&history_file(&steps)).unwrap();
        let original: Value = serde_json::from_str(JOURNEY).unwrap();
        assert_eq!(back, original);
    }

    #[test]
    fn ok_new_steps_replay_without_notes() {
        let v: Value = serde_json::from_str(CONFIG).unwrap();
        let config = Config::parse(CONFIG).unwrap();
        let s = Sample::default();
        let mut steps: Vec<Step> = Vec::new();
        for (kind, _) in KINDS {
            let prev = steps.last().and_then(|s| parse_instant(&s.at).ok());
            steps.push(new_step(kind, prev, 3, &s, &v, 0));
        }
        let out = rehearse(&config, &steps);
        for (s, o) in steps.iter().zip(&out) {
            assert!(o.notes.is_empty(), "{}: {:?}", s.label, o.notes);
        }
        assert_eq!(
            out[3].shown.as_ref().map(|s| s.0.as_str()),
            Some("thanks-after-purchase")
        );
    }
}
