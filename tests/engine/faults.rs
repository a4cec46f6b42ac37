//! Fuzzing of every input path over arbitrary JSON (no panic, ever), clock jumps, and two
//! tabs sharing one store.

use proptest::prelude::*;
use reciprocity::engine::config::Config;
use reciprocity::engine::device::Device;
use reciprocity::engine::event::{from_data_layer, from_gtag, from_identify, from_track, Event};
use reciprocity::engine::history::{History, SharedStore};
use reciprocity::engine::simulate::parse_entries;
use reciprocity::engine::template::{PlainFormatter, Template};
use reciprocity::engine::time::{parse_instant, parse_month_day, Millis, DAY, HOUR};
use serde_json::Value;

use crate::{example, journey};

/// Arbitrary JSON, with the keys and values real pushes and hostile pages use.
fn arb_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("event".to_string()),
        Just("ecommerce".to_string()),
        Just("items".to_string()),
        Just("transaction_id".to_string()),
        Just("value".to_string()),
        Just("price".to_string()),
        Just("quantity".to_string()),
        Just("purchase".to_string()),
        Just("actionField".to_string()),
        Just("products".to_string()),
        Just("__proto__".to_string()),
        Just("constructor".to_string()),
        Just("v".to_string()),
        Just("agg".to_string()),
        Just("gestures".to_string()),
        ".{0,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            Just("purchase".to_string()),
            Just("refund".to_string()),
            Just("NaN".to_string()),
            Just("Infinity".to_string()),
            Just("-1e309".to_string()),
            Just("<img src=x onerror=alert(1)>".to_string()),
            Just("javascript:alert(1)".to_string()),
            Just("2026-02-30T25:61:61Z".to_string()),
            Just("\u{202e}\u{0301}🍵".to_string()),
            ".{0,40}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn fuzz_inputs_never_panic(v in arb_json(), at in 0i64..4_000_000_000_000) {
        let _ = from_data_layer(&v, at);
        if let Value::Array(a) = &v {
            let _ = from_gtag(a, at);
        }
        let _ = from_track(&v, Some(&v), at);
        let _ = from_identify(&v, at);
        let mut h = History::new("f");
        if let Ok(Some(input)) = from_data_layer(&v, at) {
            h.append(input);
        }
        let _ = History::decode(&v.to_string(), "f");
        let _ = parse_entries(&v.to_string());
        let _ = Config::from_value(v.clone());
        if let Some(s) = v.as_str() {
            let _ = parse_instant(s);
            let _ = parse_month_day(s);
            let _ = Template::parse(s);
        }
    }

    #[test]
    fn fuzz_text_never_panics(s in ".{0,200}") {
        let _ = Config::parse(&s);
        let _ = History::decode(&s, "f");
        let _ = parse_entries(&s);
        let _ = parse_instant(&s);
        if let Ok(t) = Template::parse(&s) {
            let _ = t.render(&Default::default(), &PlainFormatter::new("fr"));
        }
    }

    #[test]
    fn fuzz_truncated_stored_values(n in 0usize..4000, cut in 0usize..4000) {
        // A stored history cut at any byte is reported, never a panic.
        let mut h = History::new("t");
        let mut d = journey(Device::open(example(), reciprocity::engine::history::MemoryStore::default(), "t"));
        for i in 0..(n % 40) {
            let mut e = Event::new(if i % 3 == 0 { "purchase" } else { "page_view" }, 1_780_000_000_000 + i as i64 * HOUR);
            e.transaction_id = Some(format!("T{i}"));
            d.visit(e);
        }
        let s = d.device.history.encode();
        let cut = cut.min(s.len());
        if s.is_char_boundary(cut) {
            let _ = History::decode(&s[..cut], "x");
        }
        h.compact();
    }
}

fn page(at: Millis, url: &str) -> Event {
    let mut e = Event::new("page_view", at);
    e.url = Some(url.into());
    e
}

#[test]
fn clock_jumps_keep_caps_and_occasions_sane() {
    let mut d = journey(Device::open(
        example(),
        reciprocity::engine::history::MemoryStore::default(),
        "clock",
    ));
    let t0: Millis = 1_780_000_000_000;
    let mut buy = Event::new("purchase", t0);
    buy.transaction_id = Some("T-1".into());
    let (_, first) = d.visit(buy.clone());
    assert_eq!(first.gesture.unwrap().id, "thanks-after-purchase");
    // Back a day: the same order again (a reload) and page views thank nobody twice.
    let mut again = buy.clone();
    again.at = t0 - DAY;
    assert!(d.visit(again).1.gesture.is_none());
    for h in 0..5 {
        let (_, dd) = d.visit(page(t0 - DAY + h * HOUR, "/www/thank-you.html"));
        assert_ne!(
            dd.gesture.map(|g| g.id),
            Some("thanks-after-purchase".into())
        );
    }
    // Forward a year: the anniversary, once.
    let year = t0 + 365 * DAY + HOUR;
    let (_, ann) = d.visit(page(year, "/"));
    assert_eq!(ann.gesture.unwrap().id, "first-order-anniversary");
    let (_, ann2) = d.visit(page(year + 2 * HOUR, "/"));
    assert_ne!(
        ann2.gesture.map(|g| g.id),
        Some("first-order-anniversary".into())
    );
    // And back again: the shows from "the future" count as just now: nothing repeats.
    for days in 0..10 {
        let (_, dd) = d.visit(page(t0 + days * DAY, "/"));
        assert!(
            dd.gesture.is_none(),
            "day {days}: {:?}",
            dd.gesture.map(|g| g.id)
        );
    }
    assert_eq!(d.device.history.agg.orders, 1);
    assert_eq!(d.device.history.gestures["thanks-after-purchase"].shown, 1);
    assert_eq!(
        d.device.history.gestures["first-order-anniversary"].shown,
        1
    );
}

#[test]
fn two_tabs_lose_nothing_and_show_once() {
    let store = SharedStore::default();
    let mut a = journey(Device::open(example(), store.clone(), "a"));
    let mut b = journey(Device::open(example(), store.clone(), "b"));
    let t0: Millis = 1_780_000_000_000;
    for i in 0..10 {
        for (tab, name) in [(&mut a, "A"), (&mut b, "B")] {
            tab.sync();
            let mut e = Event::new("purchase", t0 + i * 1000);
            e.transaction_id = Some(format!("{name}-{i}"));
            e.value = Some(1000);
            e.currency = Some("EUR".into());
            tab.visit(e);
        }
    }
    a.sync();
    b.sync();
    assert_eq!(a.device.history.agg.orders, 20);
    assert_eq!(b.device.history.agg.orders, 20);
    assert_eq!(a.device.history.agg.spent, 20_000);
    // The same purchase arriving in both tabs is thanked once.
    let thanks = a.device.history.gestures["thanks-after-purchase"].shown;
    assert_eq!(
        thanks, 1,
        "the first purchase is thanked, the others share its session budget and cap"
    );
}
