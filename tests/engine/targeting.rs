// Longer than 400 lines: one test per condition (time since an event, device, UTM tags,
// referrer, language, triggers) over the same session fixtures.

//! Time since any event, targeting (device, the visit's UTM tags and referrer, language)
//! and the page's triggers, through the session loop the browser runs: each page a
//! [`Session`] of its own on one shared store, as pages of a store share `localStorage`.

use reciprocity::engine::alarm::alarm;
use reciprocity::engine::config::Config;
use reciprocity::engine::device::Device;
use reciprocity::engine::event::{Event, Input};
use reciprocity::engine::history::{History, SharedStore, Store};
use reciprocity::engine::page::DeviceClass;
use reciprocity::engine::session::{Effect, PageOptions, Session};
use reciprocity::engine::template::PlainFormatter;
use reciprocity::engine::time::{Millis, DAY, MINUTE};
use serde_json::{json, Value};

use crate::cli::{cli, temp};

const T0: Millis = 1_780_000_000_000;

fn config(gestures: Value) -> Config {
    Config::from_value(json!({
        "store": {"name": "Fern & Kettle", "currency": "EUR", "locale": "en"},
        "budget": {"max_per_session": 5, "max_per_week": 20, "quiet_after_dismiss_hours": 0, "min_gap_minutes": 0},
        "gestures": gestures
    }))
    .unwrap()
}

/// What one page view did: the gestures shown, and those waiting for a trigger.
#[derive(Debug, Default, PartialEq)]
struct Page {
    shown: Vec<String>,
    waiting: Vec<(String, Value)>,
}

/// The page the browser would load: a session on `store`, its page view of `url` at `at`,
/// settled.
fn open(
    config: &Config,
    store: &SharedStore,
    url: &str,
    at: Millis,
    page: PageOptions,
) -> (Session<SharedStore, PlainFormatter>, Page) {
    let device = Device::open(config.clone(), store.clone(), "shopper");
    let mut s = Session::new(
        device,
        PlainFormatter::new("en"),
        PageOptions {
            url: Some(url.into()),
            locale: if page.locale.is_empty() {
                "en".into()
            } else {
                page.locale.clone()
            },
            ..page
        },
    );
    s.navigate(url, at);
    s.settle();
    let seen = effects(&mut s);
    (s, seen)
}

fn effects(s: &mut Session<SharedStore, PlainFormatter>) -> Page {
    let mut p = Page::default();
    for e in s.take_effects() {
        match e {
            Effect::Show(json) => {
                let v: Value = serde_json::from_str(&json).unwrap();
                p.shown.push(v["gesture"]["id"].as_str().unwrap().into());
            }
            Effect::Await { gesture, trigger } => {
                p.waiting
                    .push((gesture, serde_json::from_str(&trigger).unwrap()));
            }
            _ => {}
        }
    }
    p
}

fn desktop() -> PageOptions {
    PageOptions {
        device: Some(DeviceClass::Desktop),
        ..PageOptions::default()
    }
}

fn stored(store: &SharedStore) -> History {
    History::decode(&store.load().unwrap().unwrap(), "x")
        .unwrap()
        .history
}

fn shows(store: &SharedStore, id: &str) -> u32 {
    stored(store).gestures.get(id).map_or(0, |g| g.shown)
}

#[test]
fn ok_a_gesture_waits_for_its_trigger_and_is_recorded_only_once_shown() {
    let c = config(
        json!([{"id": "welcome", "kind": "banner", "title": "Welcome",
        "trigger": {"seconds_on_page": 20, "page_views_min": 1}}]),
    );
    let store = SharedStore::default();
    let (mut s, page) = open(&c, &store, "https://shop.test/", T0, desktop());
    assert_eq!(
        page,
        Page {
            shown: vec![],
            waiting: vec![("welcome".into(), json!({"seconds_on_page": 20}))],
        }
    );
    assert_eq!(shows(&store, "welcome"), 0, "not shown yet");
    s.triggered("welcome", T0 + 20_000);
    assert_eq!(effects(&mut s).shown, ["welcome"]);
    assert_eq!(shows(&store, "welcome"), 1);
    // A late second firing does nothing.
    s.triggered("welcome", T0 + 21_000);
    assert_eq!(effects(&mut s), Page::default());
}

#[test]
fn err_a_page_left_before_the_trigger_shows_nothing_and_keeps_the_moment() {
    let c = config(
        json!([{"id": "thanks", "kind": "thank_you", "title": "Thank you",
        "when": {"event": "purchase"}, "trigger": {"scroll_percent": 50}}]),
    );
    let store = SharedStore::default();
    let (mut s, _) = open(&c, &store, "https://shop.test/thanks", T0, desktop());
    s.track(
        "purchase",
        Some(r#"{"transaction_id": "T1", "value": 30, "currency": "EUR"}"#),
        T0,
    );
    assert_eq!(effects(&mut s).waiting.len(), 1);
    // The shopper leaves before scrolling: nothing was shown, the moment is owed.
    drop(s);
    assert_eq!(shows(&store, "thanks"), 0);
    let owed = stored(&store).owed;
    assert_eq!(owed.len(), 1, "{owed:?}");
    assert_eq!(owed[0].event, "purchase");
    // The next page waits for the trigger again, and then thanks, saying it waited.
    let (mut s, page) = open(&c, &store, "https://shop.test/", T0 + MINUTE, desktop());
    assert_eq!(page.waiting.len(), 1);
    s.triggered("thanks", T0 + 2 * MINUTE);
    assert_eq!(effects(&mut s).shown, ["thanks"]);
    let h = stored(&store);
    assert!(h.owed.is_empty());
    assert_eq!(h.gestures.get("thanks").unwrap().shown, 1);
}

#[test]
fn ok_page_views_min_counts_the_pages_of_the_visit() {
    let c = config(
        json!([{"id": "third", "kind": "banner", "title": "Still looking?",
        "cap": {"max_shows": 1, "per": "lifetime"}, "trigger": {"page_views_min": 3}}]),
    );
    let store = SharedStore::default();
    let pages: Vec<Vec<String>> = (0..3)
        .map(|i| {
            open(
                &c,
                &store,
                "https://shop.test/p",
                T0 + i * MINUTE,
                desktop(),
            )
            .1
            .shown
        })
        .collect();
    assert_eq!(pages, [vec![], vec![], vec!["third".to_string()]]);
    // A new visit counts from one again.
    let c = config(
        json!([{"id": "third", "kind": "banner", "title": "Still looking?",
        "cap": {"max_shows": 5, "per": "lifetime"}, "trigger": {"page_views_min": 2}}]),
    );
    let later = T0 + DAY;
    assert!(open(&c, &store, "https://shop.test/", later, desktop())
        .1
        .shown
        .is_empty());
    let (_, p) = open(&c, &store, "https://shop.test/", later + MINUTE, desktop());
    assert_eq!(p.shown, ["third"]);
}

#[test]
fn err_exit_intent_never_on_a_phone() {
    let c = config(
        json!([{"id": "leaving", "kind": "banner", "title": "Before you go",
        "trigger": {"exit_intent": true}}]),
    );
    let phone = PageOptions {
        device: Some(DeviceClass::Phone),
        ..PageOptions::default()
    };
    let (_, p) = open(&c, &SharedStore::default(), "https://shop.test/", T0, phone);
    assert_eq!(p, Page::default());
    let (_, p) = open(
        &c,
        &SharedStore::default(),
        "https://shop.test/",
        T0,
        desktop(),
    );
    assert_eq!(
        p.waiting,
        [("leaving".to_string(), json!({"exit_intent": true}))]
    );
}

#[test]
fn ok_the_landing_is_kept_for_the_visit() {
    let c = config(
        json!([{"id": "news", "kind": "banner", "title": "Hello, reader",
        "cap": {"max_shows": 8, "per": "lifetime"},
        "when": {"utm_source": "newsletter", "referrer": ["mail.example"], "url": "/products/*"}}]),
    );
    let store = SharedStore::default();
    let landing = PageOptions {
        referrer: Some("https://mail.example/inbox".into()),
        ..desktop()
    };
    let url = "https://shop.test/?utm_source=Newsletter&utm_medium=email";
    assert!(open(&c, &store, url, T0, landing.clone())
        .1
        .shown
        .is_empty());
    // Later pages of the visit keep how it arrived.
    let (_, p) = open(
        &c,
        &store,
        "https://shop.test/products/mug",
        T0 + MINUTE,
        desktop(),
    );
    assert_eq!(p.shown, ["news"]);
    // A new visit without the tags is not from the newsletter.
    let later = T0 + DAY;
    open(&c, &store, "https://shop.test/", later, landing);
    let (_, p) = open(
        &c,
        &store,
        "https://shop.test/products/mug",
        later + MINUTE,
        desktop(),
    );
    assert!(p.shown.is_empty());
}

#[test]
fn ok_device_and_language() {
    let c = config(
        json!([{"id": "fr-phone", "kind": "banner", "title": "Bonjour",
        "cap": {"max_shows": 8, "per": "lifetime"},
        "when": {"device": ["phone", "tablet"], "language": ["fr"]}}]),
    );
    let on = |device, locale: &str| {
        let page = PageOptions {
            device: Some(device),
            locale: locale.into(),
            ..PageOptions::default()
        };
        open(&c, &SharedStore::default(), "https://shop.test/", T0, page)
            .1
            .shown
    };
    assert_eq!(on(DeviceClass::Phone, "fr-CA"), ["fr-phone"]);
    assert!(on(DeviceClass::Desktop, "fr-CA").is_empty());
    assert!(on(DeviceClass::Tablet, "en").is_empty());
}

#[test]
fn ok_time_since_sign_up_and_the_alarm_that_wakes_for_it() {
    let c = config(
        json!([{"id": "settled-in", "kind": "banner", "title": "Settled in?",
        "when": {"since": {"event": "sign_up", "first": true, "days_min": 3, "days_max": 30}}}]),
    );
    let store = SharedStore::default();
    let (mut s, _) = open(&c, &store, "https://shop.test/", T0, desktop());
    s.input(Input::Event(Event::new("sign_up", T0)));
    assert!(effects(&mut s).shown.is_empty());
    // The alarm rings three days after the sign-up, to the millisecond.
    let fmt = PlainFormatter::new("en");
    let a = alarm(
        &s.device.config,
        &s.device.history,
        T0 + MINUTE,
        0,
        Some(DeviceClass::Desktop),
        false,
        &fmt,
    );
    assert_eq!(a.at, T0 + 3 * DAY);
    assert!(a.events.contains(&"sign_up".to_string()));
    let (_, p) = open(
        &c,
        &store,
        "https://shop.test/",
        T0 + 3 * DAY - MINUTE,
        desktop(),
    );
    assert!(p.shown.is_empty());
    let (_, p) = open(&c, &store, "https://shop.test/", T0 + 3 * DAY, desktop());
    assert_eq!(p.shown, ["settled-in"]);
}

#[test]
fn ok_targeting_in_the_alarm_s_probes() {
    // The alarm cannot know the next page's tags: it wakes the recorder, which checks them
    // on the page itself. The device it knows: a desktop is not woken for phones.
    let fmt = PlainFormatter::new("en");
    let tagged = config(json!([{"id": "spring", "kind": "banner", "title": "Hi",
        "when": {"utm_campaign": "spring"}}]));
    let store = SharedStore::default();
    let (s, p) = open(&tagged, &store, "https://shop.test/", T0, desktop());
    assert!(p.shown.is_empty());
    let a = alarm(
        &tagged,
        &s.device.history,
        T0,
        0,
        Some(DeviceClass::Desktop),
        false,
        &fmt,
    );
    assert!(a.at <= T0 + MINUTE, "{}", a.at - T0);
    let phones = config(json!([{"id": "phones", "kind": "banner", "title": "Hi",
        "when": {"device": ["phone"]}}]));
    let h = &s.device.history;
    let on_desktop = alarm(&phones, h, T0, 0, Some(DeviceClass::Desktop), false, &fmt);
    assert!(on_desktop.at > T0 + 400 * DAY, "a desktop sleeps");
    let on_phone = alarm(&phones, h, T0, 0, Some(DeviceClass::Phone), false, &fmt);
    assert!(on_phone.at <= T0 + MINUTE);
    let unknown = alarm(&phones, h, T0, 0, None, false, &fmt);
    assert!(unknown.at <= T0 + MINUTE, "not told: the page decides");
}

#[test]
fn ok_a_history_stored_before_event_times_loads_with_them_rebuilt() {
    let mut h = History::new("old");
    h.append(Input::Event(Event::new("sign_up", T0)));
    let mut v: Value = serde_json::from_str(&h.encode()).unwrap();
    let agg = v["agg"].as_object_mut().unwrap();
    for k in ["tm", "tc", "spv", "lnd"] {
        agg.remove(k);
    }
    let d = History::decode(&v.to_string(), "x").unwrap();
    assert!(d.problems.is_empty());
    assert_eq!(d.history.agg.times.get("sign_up"), Some(&(T0, T0)));
    assert_eq!(d.history.agg.counts.get("sign_up"), Some(&1));
}

fn simulate_args(config: &Value, history: Value, extra: &[&str]) -> Value {
    let c = temp("targeting-config.json", &config.to_string());
    let h = temp("targeting-history.json", &history.to_string());
    let mut args = vec![
        "simulate",
        "--config",
        c.to_str().unwrap(),
        "--history",
        h.to_str().unwrap(),
        "--now",
        "2026-11-22T10:00:00Z",
        "--url",
        "https://shop.test/?utm_campaign=Spring",
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = cli(&args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn ok_simulate_reads_the_device_referrer_and_tags() {
    let config = json!({
        "store": {"name": "Fern & Kettle", "currency": "EUR", "locale": "en"},
        "gestures": [{"id": "spring", "kind": "banner", "title": "Spring",
            "when": {"device": ["phone"], "utm_campaign": "spring", "referrer": "instagram.com",
                     "since": {"event": "sign_up", "days_min": 2}},
            "trigger": {"seconds_on_page": 10}}]
    });
    let history = json!([{"at": "2026-11-19T10:00:00Z", "track": ["sign_up"]}]);
    let out = simulate_args(
        &config,
        history.clone(),
        &[
            "--device",
            "phone",
            "--referrer",
            "https://l.instagram.com/",
        ],
    );
    assert_eq!(out["gesture"]["id"], "spring", "{out:#}");
    let reasons: Vec<String> = out["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["gesture"] == "spring")
        .map(|r| {
            format!(
                "{}: {}",
                r["rule"].as_str().unwrap(),
                r["text"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!(reasons.join("\n"));
    let out = simulate_args(&config, history, &[]);
    assert_eq!(out["gesture"], Value::Null);
    let (code, _, err) = cli(&[
        "simulate",
        "--config",
        "x",
        "--history",
        "y",
        "--now",
        "z",
        "--device",
        "watch",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--device") || err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn err_a_waiting_gesture_closed_meanwhile_never_shows() {
    let c = config(
        json!([{"id": "welcome", "kind": "banner", "title": "Welcome",
        "trigger": {"idle_seconds": 30}}]),
    );
    let store = SharedStore::default();
    let (mut s, page) = open(&c, &store, "https://shop.test/", T0, desktop());
    assert_eq!(page.waiting.len(), 1);
    assert_eq!(s.waiting(), Some("welcome"));
    // Closed before its trigger (another tab dismissed it, the page closed it).
    s.react("welcome", r#"{"step": "closed"}"#, T0 + 1_000);
    assert_eq!(s.waiting(), None);
    effects(&mut s);
    s.triggered("welcome", T0 + 31_000);
    assert_eq!(effects(&mut s), Page::default());
}
