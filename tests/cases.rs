//! The case files in `tests/cases/` run against the engine. The loader's JavaScript gives the
//! same answers for the same files (`tests/e2e/loader/cases.test.mjs`), and the end-to-end
//! fixtures read the lifecycle steps from `steps.json`: where the two languages must agree
//! (URL patterns, event names, storage keys, the alarm record, the steps), these files are
//! the one statement of what both do.
#![cfg(not(target_arch = "wasm32"))]

use reciprocity::engine::alarm::{alarm, Alarm};
use reciprocity::engine::config::Config;
use reciprocity::engine::device::Device;
use reciprocity::engine::event::{from_data_layer, from_track, Event, Input};
use reciprocity::engine::history::MemoryStore;
use reciprocity::engine::keys;
use reciprocity::engine::session::{PageOptions, Session};
use reciprocity::engine::template::PlainFormatter;
use reciprocity::engine::url::url_matches;
use serde_json::Value;

fn cases(text: &str, list: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(text).expect("a case file is JSON");
    doc[list]
        .as_array()
        .unwrap_or_else(|| panic!("a case file lists {list}"))
        .clone()
}

#[test]
fn ok_url_patterns() {
    let all = cases(include_str!("cases/url_patterns.json"), "cases");
    assert!(all.len() > 20);
    for c in all {
        let (pattern, url) = (c["pattern"].as_str().unwrap(), c["url"].as_str().unwrap());
        let want = c["matches"].as_bool().unwrap();
        assert_eq!(
            url_matches(pattern, url),
            want,
            "{pattern:?} against {url:?}"
        );
    }
}

/// The name the engine records, or `None` when it records nothing (ignored or refused).
fn recorded(input: Result<Option<Input>, impl std::fmt::Debug>) -> Option<String> {
    match input {
        Ok(Some(Input::Event(e))) => Some(e.name),
        Ok(Some(other)) => panic!("a push read as {other:?}"),
        Ok(None) | Err(_) => None,
    }
}

#[test]
fn ok_event_names_of_data_layer_pushes() {
    let all = cases(include_str!("cases/event_names.json"), "data_layer");
    assert!(all.len() > 40);
    for c in all {
        let push = &c["push"];
        let want = c["name"].as_str().map(str::to_string);
        assert_eq!(recorded(from_data_layer(push, 0)), want, "{push}");
    }
}

#[test]
fn ok_event_names_of_tracked_events() {
    for c in cases(include_str!("cases/event_names.json"), "track") {
        let name = &c["track"];
        let want = c["name"].as_str().map(str::to_string);
        assert_eq!(
            recorded(from_track(name, None, 0).map(Some)),
            want,
            "{name}"
        );
    }
}

#[test]
fn ok_storage_keys() {
    let doc: Value = serde_json::from_str(include_str!("cases/storage.json")).unwrap();
    let k = &doc["keys"];
    assert_eq!(k["history"], keys::HISTORY);
    assert_eq!(k["alarm"], keys::ALARM);
    assert_eq!(k["inbox"], keys::INBOX);
    assert_eq!(k["facts"], keys::FACTS);
    assert_eq!(
        k.as_object().map(|o| o.len()),
        Some(4),
        "a key the engine lacks"
    );
}

/// The record as the engine's [`Alarm`], when it can be one: every field of the right type,
/// nothing more.
fn as_alarm(v: &Value) -> Option<Alarm> {
    let o = v.as_object()?;
    let strings = |k: &str| -> Option<Vec<String>> {
        o.get(k)?
            .as_array()?
            .iter()
            .map(|s| s.as_str().map(str::to_string))
            .collect()
    };
    let a = Alarm {
        v: u32::try_from(o.get("v")?.as_u64()?).ok()?,
        at: o.get("at")?.as_i64()?,
        events: strings("events")?,
        urls: strings("urls")?,
        config: match o.get("config") {
            None => String::new(),
            Some(c) => c.as_str()?.to_string(),
        },
        out: match o.get("out") {
            None => false,
            Some(b) => b.as_bool()?,
        },
    };
    (serde_json::to_value(&a).ok()? == *v).then_some(a)
}

/// An alarm the engine writes today, for the format's version.
fn written() -> Alarm {
    let config = Config::parse(include_str!("../www/config.example.json")).unwrap();
    let fmt = PlainFormatter::new("en");
    let device = Device::open(config, MemoryStore::default(), "cases");
    let mut device = Session::new(device, PlainFormatter::new("en"), PageOptions::default());
    let t0 = 1_780_000_000_000;
    device.visit(Event::new("page_view", t0));
    alarm(
        &device.device.config,
        &device.device.history,
        t0 + 60_000,
        0,
        None,
        false,
        &fmt,
    )
}

#[test]
fn ok_alarm_records_the_loader_reads_are_the_engines() {
    let engine = written();
    let version = engine.v;
    // What the engine writes reads back as itself.
    let mut stored = engine.clone();
    stored.config = "5f1c2a3b:7031".into();
    let v = serde_json::to_value(&stored).unwrap();
    assert_eq!(as_alarm(&v), Some(stored), "{v}");
    let all = cases(include_str!("cases/alarm.json"), "cases");
    assert!(all.len() > 20);
    let mut quiet = 0;
    for c in all {
        let name = c["name"].as_str().unwrap();
        let record = match &c["alarm"] {
            Value::String(text) => serde_json::from_str(text).unwrap_or(Value::Null),
            other => other.clone(),
        };
        let engines = as_alarm(&record).filter(|a| a.v == version);
        let (wake, likely) = (
            c["wake"].as_bool().unwrap(),
            c["ui_likely"].as_bool().unwrap(),
        );
        if engines.is_none() {
            // Not a record the engine writes: the loader must take it for no alarm at all.
            assert!(wake && likely, "{name}: {record}");
        }
        if !wake {
            quiet += 1;
        }
    }
    assert!(quiet >= 5, "the cases also pin quiet page views");
}

#[test]
fn ok_lifecycle_steps_and_their_reactions() {
    use reciprocity::engine::reaction::{Reaction, Step};
    let all = cases(include_str!("cases/steps.json"), "steps");
    let names: Vec<&str> = all.iter().map(|c| c["step"].as_str().unwrap()).collect();
    let engine: Vec<&str> = Step::ALL.iter().map(|s| s.name()).collect();
    assert_eq!(names, engine, "every step the engine announces, in order");
    for c in &all {
        let step = Step::from_name(c["step"].as_str().unwrap()).unwrap();
        let reaction = step.reaction().map(|r: Reaction| {
            serde_json::to_value(r)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        });
        assert_eq!(
            reaction.as_deref(),
            c["reaction"].as_str(),
            "the reaction recorded for {:?}",
            step.name()
        );
    }
}

#[test]
fn ok_consent_mode_commands() {
    use reciprocity::engine::consent::signal;
    let all = cases(include_str!("cases/consent.json"), "cases");
    assert!(all.len() > 8);
    for c in all {
        let got = signal(&c["push"]).map(|s| s.granted);
        assert_eq!(got, c["granted"].as_bool(), "{}", c["push"]);
    }
}
