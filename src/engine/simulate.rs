//! Replays a shopper journey (the `HISTORY.json` of `reciprocity simulate`) and decides.
//!
//! Each entry is one input in a form the browser receives:
//! `{"at": RFC3339, "dataLayer": <object as pushed>}`, `{"at": RFC3339, "gtag": [args...]}`,
//! `{"at": RFC3339, "track": [name, data]}` or `{"at": RFC3339, "identify": {...}}`.
//!
//! Entries dated before `now` are earlier moments of the journey: after each event the
//! widget's own decision is replayed too, so gestures it would have shown count for caps,
//! the attention budget and give-before-ask (the simulated shopper neither dismisses nor
//! uses them). Entries dated exactly `now` belong to the current page: a `page_view` of the
//! URL is recorded first, then those entries, and the decision is made with the last of
//! them as the triggering event.

use serde_json::Value;

use super::config::Config;
use super::decide::Decision;
use super::device::Device;
use super::event::{
    from_data_layer, from_gtag, from_identify, from_track, kind_of, own_push, Event, Input,
};
use super::history::{Appended, MemoryStore};
use super::page::{host, DeviceClass};
use super::session::{PageOptions, Session};
use super::template::Formatter;
use super::time::{parse_instant, Millis};

/// A history file problem, with the path of the entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    /// `[3].at` and so on.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for EntryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// One entry: when, and what (normalized, or why it was not usable).
pub type Entry = (Millis, Result<Option<Input>, String>);

/// Reads a history file. Entries of the wrong shape are errors; inputs that normalization
/// rejects are kept as `Err(reason)` so the caller can report them and go on.
pub fn parse_entries(text: &str) -> Result<Vec<Entry>, Vec<EntryError>> {
    let err = |path: String, message: String| EntryError { path, message };
    let value: Value = serde_json::from_str(text)
        .map_err(|e| vec![err(".".into(), format!("not valid JSON: {e}"))])?;
    let Value::Array(list) = value else {
        return Err(vec![err(
            ".".into(),
            format!("expected an array of entries, got {}", kind_of(&value)),
        )]);
    };
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        let Some(o) = entry.as_object() else {
            errs.push(err(
                format!("[{i}]"),
                format!("expected an object, got {}", kind_of(entry)),
            ));
            continue;
        };
        let at = match o.get("at").and_then(Value::as_str).map(parse_instant) {
            Some(Ok(at)) => at,
            Some(Err(e)) => {
                errs.push(err(format!("[{i}].at"), e.to_string()));
                continue;
            }
            None => {
                errs.push(err(
                    format!("[{i}].at"),
                    "missing: every entry needs an RFC 3339 \"at\"".into(),
                ));
                continue;
            }
        };
        let forms: Vec<&str> = ["dataLayer", "gtag", "track", "identify"]
            .into_iter()
            .filter(|k| o.contains_key(*k))
            .collect();
        let extra: Vec<&String> = o
            .keys()
            .filter(|k| !["at", "dataLayer", "gtag", "track", "identify"].contains(&k.as_str()))
            .collect();
        if forms.len() != 1 || !extra.is_empty() {
            errs.push(err(
                format!("[{i}]"),
                "needs \"at\" and exactly one of \"dataLayer\", \"gtag\", \"track\", \"identify\""
                    .into(),
            ));
            continue;
        }
        let v = &o[forms[0]];
        let input = match forms[0] {
            "dataLayer" => match own_push(v, at) {
                Some(r) => Ok(Some(Input::Gesture(r))),
                None => from_data_layer(v, at),
            },
            "gtag" => match v.as_array() {
                Some(args) => from_gtag(args, at),
                None => {
                    errs.push(err(
                        format!("[{i}].gtag"),
                        "expected the call's arguments as an array".into(),
                    ));
                    continue;
                }
            },
            "track" => match v.as_array().map(Vec::as_slice) {
                Some([name]) => from_track(name, None, at).map(Some),
                Some([name, data]) => from_track(name, Some(data), at).map(Some),
                _ => {
                    errs.push(err(
                        format!("[{i}].track"),
                        "expected [name] or [name, data]".into(),
                    ));
                    continue;
                }
            },
            _ => from_identify(v, at).map(Some),
        };
        out.push((at, input.map_err(|e| format!("[{i}]: {e}"))));
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}

/// The outcome of a simulation.
#[derive(Debug)]
pub struct Simulation {
    /// The decision at `now`.
    pub decision: Decision,
    /// Inputs that were not used (rejected or duplicate), with reasons.
    pub notes: Vec<String>,
}

/// What a simulation assumes of the page beyond its URL (whose UTM tags count) and the
/// formatter's locale (the page's language).
#[derive(Debug, Clone, Default)]
pub struct Visit {
    /// The device class (`None`: not known, so `device` conditions fail).
    pub device: Option<DeviceClass>,
    /// The referring page or site of the current page, which starts a visit when the
    /// journey's last entry is more than 30 minutes earlier.
    pub referrer: Option<String>,
}

/// [`simulate_visit`] on a desktop, with no referrer.
pub fn simulate<F: Formatter>(
    config: Config,
    entries: Vec<Entry>,
    now: Millis,
    url: Option<&str>,
    shopper_id: &str,
    fmt: F,
) -> Result<Simulation, String> {
    let visit = Visit {
        device: Some(DeviceClass::Desktop),
        referrer: None,
    };
    simulate_visit(config, entries, now, url, &visit, shopper_id, fmt)
}

/// Replays the journey and decides at `now` on `url`, through the same [`Session`] loop the
/// browser runs: each earlier event is a page of its own (decided on, a chosen gesture
/// remembered as shown and left behind; a gesture that waits for a trigger on the page is
/// taken as shown when it is chosen), then the current page starts with its page view,
/// takes in the entries dated `now` and settles into one decision.
pub fn simulate_visit<F: Formatter>(
    config: Config,
    entries: Vec<Entry>,
    now: Millis,
    url: Option<&str>,
    visit: &Visit,
    shopper_id: &str,
    fmt: F,
) -> Result<Simulation, String> {
    if let Some((at, _)) = entries.iter().find(|(at, _)| *at > now) {
        return Err(format!(
            "an entry is dated {}, after --now",
            super::time::format_instant(*at)
        ));
    }
    let device = Device::open(config, MemoryStore::default(), shopper_id);
    let locale = fmt.locale().to_string();
    let page = PageOptions {
        locale,
        device: visit.device,
        ..PageOptions::default()
    };
    let mut session = Session::new(device, fmt, page);
    let mut notes = Vec::new();
    let mut entries = entries;
    entries.sort_by_key(|(at, _)| *at);
    let (past, current): (Vec<Entry>, Vec<Entry>) =
        entries.into_iter().partition(|(at, _)| *at < now);
    let mut take =
        |session: &mut Session<MemoryStore, F>, input: Result<Option<Input>, String>| match input {
            Ok(Some(i)) => {
                if let Appended::Duplicate(why) = session.input(i) {
                    notes.push(format!("not counted again: {why}"));
                }
            }
            Ok(None) => {}
            Err(e) => notes.push(format!("rejected {e}")),
        };
    for (at, input) in past {
        // An earlier moment: a page of its own, decided on at once.
        let url = match &input {
            Ok(Some(Input::Event(e))) => e.url.clone(),
            _ => None,
        };
        session.begin_page(url);
        session.settle();
        take(&mut session, input);
        // The simulated shopper stays on each page until its trigger fires.
        if let Some(id) = session.waiting().map(str::to_string) {
            session.triggered(&id, at);
        }
        // Nobody carries out a replayed page's effects.
        session.take_effects();
    }
    session.begin_page(url.map(str::to_string));
    let mut page_view = Event::new("page_view", now);
    page_view.url = url.map(str::to_string);
    page_view.referrer = visit.referrer.as_deref().and_then(host);
    take(&mut session, Ok(Some(Input::Event(page_view))));
    for (_, input) in current {
        take(&mut session, input);
    }
    let decision = session.settle().unwrap_or_else(|| Decision {
        gesture: None,
        reasons: Vec::new(),
        owed: Vec::new(),
    });
    Ok(Simulation { decision, notes })
}
