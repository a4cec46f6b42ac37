//! The alarm clock: when, at the earliest, can a gesture become due, and what could make one
//! due sooner.
//!
//! After each decision the browser build stores an [`Alarm`]. On the next page views the
//! loader (a few KB of JavaScript) checks it and fetches the wasm only when the alarm rings:
//! the time has come, an event or page that some gesture listens for happens, the customer's
//! facts or the config changed. Otherwise it only notes the page view in an inbox that the
//! recorder replays next time it runs. Most page views therefore cost the loader and the
//! config, nothing more.
//!
//! The time is found by probing: the decision is replayed on a copy of the history for a
//! page view at candidate instants (a minute from now, the next session, every hour for two
//! days, then just after every local midnight for 400 days) and the first instant where a gesture would be
//! shown, narrowed down to the millisecond since the last quiet probe, is the alarm. The alarm
//! only ever wakes the recorder early, never late: the decision it then makes is the real one.

use serde::Serialize;

use super::config::{Config, OneOrMany};
use super::decide::{decide, Context};
use super::event::{Event, Input};
use super::history::{category_key, History};
use super::page::DeviceClass;
use super::small;
use super::template::Formatter;
use super::time::{Millis, DAY, HOUR, MINUTE};

/// What the loader checks on every page view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alarm {
    /// Format of this record.
    pub v: u32,
    /// Wake at or after this instant (a gesture may be due then).
    pub at: Millis,
    /// Event names that may make a gesture due at once.
    pub events: Vec<String>,
    /// URL patterns some gesture requires.
    pub urls: Vec<String>,
    /// The loader's hash of the config text the alarm was computed with: a changed config
    /// wakes the recorder.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub config: String,
    /// The shopper chose "stop showing me these": the loader notes nothing on its pages
    /// (no inbox, no facts) and never wakes the recorder by itself.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub out: bool,
}

/// Event names that can change a decision by themselves happening.
pub fn wake_events(config: &Config) -> Vec<String> {
    let mut set: Vec<String> = vec!["purchase".into(), "refund".into()];
    for g in &config.gestures {
        let w = &g.when;
        for e in w.event.iter().flat_map(OneOrMany::as_slice) {
            if e != "page_view" {
                set.push(e.clone());
            }
        }
        for k in w.counts_min.iter().flat_map(|m| m.keys()) {
            set.push(k.clone());
        }
        if w.favourite_category.is_some() {
            for e in ["view_item", "select_item", "add_to_cart"] {
                set.push(e.into());
            }
        }
        // A window after an event ("at most 7 days after the last view") opens with it.
        for s in w.since.iter().flat_map(OneOrMany::as_slice) {
            if s.event != "page_view" {
                set.push(s.event.clone());
            }
        }
    }
    sorted_unique(set)
}

/// `list` sorted, each entry once.
fn sorted_unique(mut list: Vec<String>) -> Vec<String> {
    small::sort_by(&mut list, |a, b| a < b);
    list.dedup();
    list
}

/// URL patterns that gestures require (a page matching one wakes the recorder).
pub fn wake_urls(config: &Config) -> Vec<String> {
    let mut set = Vec::new();
    for g in &config.gestures {
        for u in g.when.url.iter().flat_map(OneOrMany::as_slice) {
            set.push(u.clone());
        }
    }
    sorted_unique(set)
}

/// The instants probed after `now`, in order: soon, every hour for two days, just after
/// every local midnight (date-based occasions), and whole days after the moments that
/// "days since" conditions and cap windows count from (the last order, each show).
fn probes(config: &Config, history: &History, now: Millis, offset_min: i32) -> Vec<Millis> {
    let mut out = vec![now + MINUTE, now + 31 * MINUTE];
    out.extend((1..=48).map(|h| now + h * HOUR));
    let local = now + i64::from(offset_min) * MINUTE;
    let next_midnight = (local.div_euclid(DAY) + 1) * DAY - i64::from(offset_min) * MINUTE;
    out.extend((0..=400).map(|d| next_midnight + d * DAY + MINUTE));
    if let Some(o) = &history.agg.last_order {
        out.extend((1..=120).map(|d| o.at + d * DAY + MINUTE));
    }
    for t in &history.agg.shows {
        out.extend([DAY, 7 * DAY, 365 * DAY].map(|w| t + w + MINUTE));
    }
    // "At least N days since an event": the moment it comes due.
    let a = &history.agg;
    for g in &config.gestures {
        for s in g.when.since.iter().flat_map(OneOrMany::as_slice) {
            let span = match &s.category {
                Some(c) => a.category_times.get(&category_key(&s.event, c)),
                None => a.times.get(&s.event),
            };
            if let (Some((first, last)), Some(min)) = (span, s.days_min) {
                let t = if s.first { first } else { last };
                out.push(t + i64::from(min) * DAY + MINUTE);
            }
        }
    }
    out.retain(|t| *t > now && *t <= now + 401 * DAY);
    small::sort_by(&mut out, |a, b| a < b);
    out.dedup();
    out
}

/// Computes the alarm for a history at `now`.
pub fn alarm(
    config: &Config,
    history: &History,
    now: Millis,
    offset_min: i32,
    device: Option<DeviceClass>,
    forgot: bool,
    fmt: &dyn Formatter,
) -> Alarm {
    let mut at = now + 401 * DAY;
    if history.opted_out.is_some() {
        // Nothing will show: no page, event or time wakes the recorder.
        return Alarm {
            v: 1,
            at,
            events: Vec::new(),
            urls: Vec::new(),
            config: String::new(),
            out: true,
        };
    }
    // Decisions read only the aggregates, reactions and facts: probe on a light copy.
    let base = History {
        v: history.v,
        id: history.id.clone(),
        agg: history.agg.clone(),
        gestures: history.gestures.clone(),
        facts: history.facts.clone(),
        txns: Default::default(),
        recent: Default::default(),
        owed: history.owed.clone(),
        opted_out: history.opted_out,
    };
    let due = |t: Millis| {
        let mut h = base.clone();
        h.append(Input::Event(Event::new("page_view", t)));
        let page = Event::new("page_view", t);
        let mut ctx = Context::new(t, offset_min, None, std::slice::from_ref(&page));
        ctx.device = device;
        ctx.forgot = forgot;
        decide(config, &h, &ctx, fmt).gesture.is_some()
    };
    let mut before = now;
    for t in probes(config, history, now, offset_min) {
        if due(t) {
            // The probe may land after the moment the gesture became due: narrow it down to
            // the millisecond between the last quiet probe and this one, so the alarm never
            // rings late.
            let (mut quiet, mut ring) = (before, t);
            while ring - quiet > 1 {
                let mid = quiet + (ring - quiet) / 2;
                if due(mid) {
                    ring = mid;
                } else {
                    quiet = mid;
                }
            }
            at = ring;
            break;
        }
        before = t;
    }
    Alarm {
        v: 1,
        at,
        events: wake_events(config),
        urls: wake_urls(config),
        config: String::new(),
        out: false,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::device::Device;
    use crate::engine::session::{PageOptions, Session};

    fn journey(d: Device<MemoryStore>) -> Session<MemoryStore, PlainFormatter> {
        Session::new(d, PlainFormatter::new("en"), PageOptions::default())
    }
    use crate::engine::history::MemoryStore;
    use crate::engine::template::PlainFormatter;

    /// The alarm the session's device leaves at `now` (no device class known, no forget).
    fn alarm_of(s: &Session<MemoryStore, PlainFormatter>, now: Millis) -> Alarm {
        let fmt = PlainFormatter::new("en");
        alarm(
            &s.device.config,
            &s.device.history,
            now,
            0,
            None,
            false,
            &fmt,
        )
    }

    fn example() -> Config {
        Config::parse(include_str!("../../www/config.example.json")).unwrap()
    }

    #[test]
    fn ok_wakes_the_moment_the_feedback_is_due_three_days_after_a_purchase() {
        let mut d = journey(Device::open(example(), MemoryStore::default(), "a"));
        let t0 = 1_780_000_000_000;
        let mut buy = Event::new("purchase", t0);
        buy.transaction_id = Some("T".into());
        d.visit(buy);
        let a = alarm_of(&d, t0 + MINUTE);
        // The basket had no categories, so no recommendation: the feedback, whose
        // "days_since_order_min: 3" holds from three days after the order, to the millisecond.
        assert_eq!(a.at, t0 + 3 * DAY);
        let shown_at = |t: Millis| {
            let mut probe = journey(Device::open(example(), MemoryStore::default(), "a"));
            probe.device.history = d.device.history.clone();
            probe.visit(Event::new("page_view", t)).1.gesture.is_some()
        };
        assert!(!shown_at(a.at - 1));
        assert!(shown_at(a.at));
        assert!(
            a.events.contains(&"purchase".to_string()) && a.events.contains(&"review".to_string())
        );
        assert!(!a.events.contains(&"page_view".to_string()));
    }

    #[test]
    fn ok_sleeps_when_nothing_can_be_due_soon() {
        let mut d = journey(Device::open(example(), MemoryStore::default(), "b"));
        let t0 = 1_780_000_000_000;
        // A browsing shopper who already saw the welcome: nothing is due until an event.
        d.visit(Event::new("page_view", t0));
        let a = alarm_of(&d, t0 + MINUTE);
        assert!(a.at > t0 + 300 * DAY, "at +{} days", (a.at - t0) / DAY);
    }
}
