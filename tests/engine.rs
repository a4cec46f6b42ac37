//! Engine integration tests: one scenario per occasion, driven through the `reciprocity`
//! command line exactly as a store owner runs it, plus properties of the whole engine.

use std::path::PathBuf;
use std::process::Command;

use proptest::prelude::*;
use reciprocity::engine::config::{Config, Period};
use reciprocity::engine::device::Device;
use reciprocity::engine::event::{Event, Input, Item};
use reciprocity::engine::history::{History, MemoryStore};
use reciprocity::engine::profile::Profile;
use reciprocity::engine::template::PlainFormatter;
use reciprocity::engine::time::{Millis, DAY, HOUR, MINUTE};
use serde_json::{json, Value};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/config.example.json");

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_reciprocity"))
        .args(args)
        .output()
        .expect("run reciprocity");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn temp(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("reciprocity-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p
}

/// Runs `reciprocity simulate` with the example config; returns the JSON output.
fn simulate(name: &str, history: Value, now: &str, url: &str) -> Value {
    let h = temp(&format!("{name}.json"), &history.to_string());
    let (code, out, err) = cli(&[
        "simulate",
        "--config",
        EXAMPLE,
        "--history",
        h.to_str().unwrap(),
        "--now",
        now,
        "--url",
        url,
    ]);
    assert_eq!(code, 0, "simulate failed: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON {e}: {out}"))
}

fn chosen(v: &Value) -> Option<&str> {
    v["gesture"]["id"].as_str()
}

/// The shown gesture's texts, for a snapshot.
fn texts(v: &Value) -> String {
    let g = &v["gesture"];
    let mut s = format!(
        "{} [{}]\ntitle: {}\ntext: {}",
        g["id"].as_str().unwrap(),
        g["kind"].as_str().unwrap(),
        g["title"].as_str().unwrap(),
        g["text"].as_str().unwrap()
    );
    if let Some(c) = g.get("code") {
        s.push_str(&format!("\ncode: {}", c));
    }
    if let Some(l) = g.get("link") {
        s.push_str(&format!("\nlink: {}", l));
    }
    if let Some(f) = g.get("feedback") {
        s.push_str(&format!("\nfeedback: {}", f));
    }
    s.push_str(&format!("\nwhy: {}", g["why"]));
    s
}

fn ga4_purchase(id: &str, value: f64, items: Value) -> Value {
    json!({"event": "purchase", "ecommerce": {"transaction_id": id, "value": value, "currency": "EUR", "items": items}})
}

fn tea() -> Value {
    json!([{"item_id": "sencha", "item_name": "Sencha Kyoto", "item_category": "Tea", "price": "18.00", "quantity": 2}])
}

#[test]
fn scenario_thank_you_after_purchase_names_buyer_and_items() {
    let v = simulate(
        "thanks",
        json!([
            {"at": "2026-11-22T09:58:00Z", "identify": {"first_name": "Amira"}},
            {"at": "2026-11-22T10:00:00Z", "dataLayer": {"ecommerce": null}},
            {"at": "2026-11-22T10:00:00Z", "dataLayer": ga4_purchase("T-100", 36.0, tea())}
        ]),
        "2026-11-22T10:00:00Z",
        "https://shop.example/www/thank-you.html",
    );
    assert_eq!(chosen(&v), Some("thanks-after-purchase"));
    insta::assert_snapshot!(texts(&v));
}

#[test]
fn scenario_thank_you_page_reloaded_five_times_thanks_once() {
    let mut h = vec![];
    for i in 0..5 {
        h.push(json!({"at": format!("2026-11-22T10:0{i}:00Z"), "dataLayer": ga4_purchase("T-7", 36.0, tea())}));
    }
    h.push(json!({"at": "2026-11-22T10:05:00Z", "dataLayer": ga4_purchase("T-7", 36.0, tea())}));
    let v = simulate(
        "reload",
        Value::Array(h),
        "2026-11-22T10:05:00Z",
        "/www/thank-you.html",
    );
    assert_eq!(chosen(&v), None);
    let reasons = v["reasons"].to_string();
    assert!(
        reasons.contains("shown 1 time since the last order"),
        "{reasons}"
    );
}

#[test]
fn scenario_third_order_milestone_in_three_dialects() {
    // A UA purchase, a gtag purchase, then a GA4 dataLayer purchase: the 3rd order.
    let v = simulate(
        "milestone",
        json!([
            {"at": "2026-06-01T10:00:00Z", "dataLayer": {"ecommerce": {"currencyCode": "EUR", "purchase": {
                "actionField": {"id": "UA-1", "revenue": "24.00"}, "products": [{"id": "m1", "name": "Stoneware mug", "category": "Teaware", "price": "24.00", "quantity": 1}]}}}},
            {"at": "2026-08-01T10:00:00Z", "gtag": ["event", "purchase", {"transaction_id": "G-2", "value": 18, "currency": "EUR", "items": tea()}]},
            {"at": "2026-11-22T10:00:00Z", "dataLayer": ga4_purchase("T-3", 42.5, tea())}
        ]),
        "2026-11-22T10:00:00Z",
        "/www/thank-you.html",
    );
    assert_eq!(chosen(&v), Some("milestone-order"));
    insta::assert_snapshot!(texts(&v));
}

#[test]
fn scenario_first_purchase_anniversary() {
    let v = simulate(
        "anniversary",
        json!([
            {"at": "2025-11-20T15:00:00Z", "dataLayer": ga4_purchase("T-1", 30.0, tea())},
            {"at": "2026-11-22T10:00:00Z", "dataLayer": {"event": "page_view"}}
        ]),
        "2026-11-22T10:00:00Z",
        "/www/index.html",
    );
    assert_eq!(chosen(&v), Some("first-order-anniversary"));
    insta::assert_snapshot!(texts(&v));
}

#[test]
fn scenario_birthday_gift_with_issuing_url() {
    let v = simulate(
        "birthday",
        json!([
            {"at": "2026-11-01T10:00:00Z", "identify": {"first_name": "Jonas", "birthday": "1991-11-24"}},
            {"at": "2026-11-01T10:01:00Z", "dataLayer": {"event": "page_view"}}
        ]),
        "2026-11-22T10:00:00Z",
        "/www/index.html",
    );
    assert_eq!(chosen(&v), Some("birthday-gift"));
    assert_eq!(v["gesture"]["code"]["issue_url"], "/api/codes/birthday");
    insta::assert_snapshot!(texts(&v));
}

#[test]
fn scenario_first_visit_gets_value_up_front() {
    let v = simulate(
        "welcome",
        json!([]),
        "2026-11-22T10:00:00Z",
        "/www/index.html",
    );
    assert_eq!(chosen(&v), Some("welcome-guide"));
    insta::assert_snapshot!(texts(&v));
}

#[test]
fn scenario_exclusive_code_for_repeat_buyers() {
    let v = simulate(
        "repeat",
        json!([
            {"at": "2026-10-01T10:00:00Z", "dataLayer": ga4_purchase("T-1", 36.0, tea())},
            {"at": "2026-11-20T10:00:00Z", "dataLayer": ga4_purchase("T-2", 48.0, tea())}
        ]),
        "2026-11-22T10:00:00Z",
        "/www/index.html",
    );
    assert_eq!(chosen(&v), Some("repeat-buyer-code"));
    insta::assert_snapshot!(texts(&v));
}

#[test]
fn scenario_follow_up_recommendation() {
    let v = simulate(
        "recommend",
        json!([
            {"at": "2026-11-20T10:00:00Z", "dataLayer": ga4_purchase("T-1", 36.0, tea())}
        ]),
        "2026-11-22T10:00:00Z",
        "/www/index.html",
    );
    assert_eq!(chosen(&v), Some("follow-up-recommendation"));
    assert_eq!(v["gesture"]["link"]["url"], "/www/product.html?id=infuser");
    insta::assert_snapshot!(texts(&v));
}

#[test]
fn scenario_feedback_three_days_after_purchase_on_a_later_visit() {
    let v = simulate(
        "feedback",
        json!([
            {"at": "2026-11-19T10:00:00Z", "dataLayer": ga4_purchase("T-1", 36.0, tea())}
        ]),
        "2026-11-22T10:00:00Z",
        "/www/index.html",
    );
    assert_eq!(chosen(&v), Some("post-purchase-feedback"));
    insta::assert_snapshot!(texts(&v));
}

#[test]
fn scenario_no_ask_before_give() {
    // The purchase was known only from the server: nobody thanked the shopper yet.
    let v = simulate(
        "give-first",
        json!([
            {"at": "2026-11-19T10:00:00Z", "identify": {"orders_count": 1, "first_order_at": "2026-11-19T09:00:00Z"}}
        ]),
        "2026-11-22T10:00:00Z",
        "/www/index.html",
    );
    assert_ne!(chosen(&v), Some("post-purchase-feedback"));
    assert!(v["reasons"]
        .to_string()
        .contains("asks only after a thank-you or gift in this cycle"));
}

#[test]
fn scenario_you_told_us_we_did() {
    let v = simulate(
        "told-us",
        json!([
            {"at": "2026-11-10T10:00:00Z", "dataLayer": ga4_purchase("T-1", 36.0, tea())},
            {"at": "2026-11-14T10:00:00Z", "dataLayer": {"event": "page_view"}},
            {"at": "2026-11-14T10:01:00Z", "dataLayer": {"event": "reciprocity_feedback_submitted", "gesture_id": "post-purchase-feedback", "score": 9}}
        ]),
        "2026-11-22T10:00:00Z",
        "/www/index.html",
    );
    assert_eq!(chosen(&v), Some("you-told-us"));
    insta::assert_snapshot!(texts(&v));
}

#[test]
fn scenario_lapsed_customer_back_after_120_days() {
    let v = simulate(
        "lapsed",
        json!([
            {"at": "2026-07-20T10:00:00Z", "identify": {"first_name": "Lena"}},
            {"at": "2026-07-25T10:00:00Z", "dataLayer": ga4_purchase("T-1", 36.0, tea())}
        ]),
        "2026-11-22T10:00:00Z",
        "/www/index.html",
    );
    assert_eq!(chosen(&v), Some("welcome-back"));
    insta::assert_snapshot!(texts(&v));
}

#[test]
fn scenario_thanks_for_review() {
    let v = simulate(
        "review",
        json!([
            {"at": "2026-11-01T10:00:00Z", "dataLayer": ga4_purchase("T-1", 36.0, tea())},
            {"at": "2026-11-22T10:00:00Z", "track": ["review", {"rating": 5}]}
        ]),
        "2026-11-22T10:00:00Z",
        "/www/product.html",
    );
    assert_eq!(chosen(&v), Some("thanks-for-review"));
    insta::assert_snapshot!(texts(&v));
}

#[test]
fn scenario_referral_give_a_friend_code() {
    let v = simulate(
        "referral",
        json!([
            {"at": "2026-11-22T10:00:00Z", "track": ["referral"]}
        ]),
        "2026-11-22T10:00:00Z",
        "/www/index.html",
    );
    assert_eq!(chosen(&v), Some("referral-give-a-friend"));
    insta::assert_snapshot!(texts(&v));
}

#[test]
fn scenario_never_during_checkout() {
    let v = simulate(
        "checkout",
        json!([
            {"at": "2026-11-19T10:00:00Z", "dataLayer": ga4_purchase("T-1", 36.0, tea())}
        ]),
        "2026-11-22T10:00:00Z",
        "https://shop.example/www/checkout.html",
    );
    assert_eq!(chosen(&v), None);
    assert!(v["reasons"].to_string().contains("checkout"));
}

#[test]
fn scenario_wiped_device_known_customer_third_order() {
    let v = simulate(
        "wiped",
        json!([
            {"at": "2026-11-22T10:00:00Z", "identify": {"first_name": "Ana", "orders_count": 2, "first_order_at": "2026-02-01", "total_spent": 80, "currency": "EUR"}},
            {"at": "2026-11-22T10:00:00Z", "dataLayer": ga4_purchase("T-9", 20.0, tea())}
        ]),
        "2026-11-22T10:00:00Z",
        "/www/thank-you.html",
    );
    assert_eq!(chosen(&v), Some("milestone-order"));
    assert!(v["gesture"]["title"].as_str().unwrap().contains("3rd"));
}

#[test]
fn err_simulate_bad_history_names_the_entry() {
    let h = temp(
        "bad.json",
        r#"[{"at": "yesterday", "track": ["x"]}, {"at": "2026-01-01T00:00:00Z"}, 5]"#,
    );
    let (code, _, err) = cli(&[
        "simulate",
        "--config",
        EXAMPLE,
        "--history",
        h.to_str().unwrap(),
        "--now",
        "2026-11-22T10:00:00Z",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err.replace(h.to_str().unwrap(), "HISTORY.json"));
}

#[test]
fn check_accepts_example_and_lists_every_problem() {
    let (code, _, _) = cli(&["check", EXAMPLE]);
    assert_eq!(code, 0);
    let bad = temp(
        "bad-config.json",
        r#"{"store": {"name": "S", "currency": "EUR"}, "budjet": {},
        "gestures": [{"id": "x", "kind": "thank_you", "title": "Hi {frist_name}"}, {"id": "x", "kind": "code", "title": "t"}]}"#,
    );
    let (code, _, err) = cli(&["check", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err.replace(bad.to_str().unwrap(), "CONFIG.json"));
}

#[test]
fn schema_describes_the_config() {
    let (code, out, _) = cli(&["schema"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(schema["title"], "Config");
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema["$defs"]["Gesture"]["properties"]["when"].is_object());
}

fn example() -> Config {
    Config::parse(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap()
}

#[derive(Debug, Clone)]
enum Step {
    View(u8),
    Purchase(u8, u16),
    Custom(&'static str),
}

fn arb_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0u8..4).prop_map(Step::View),
        2 => (0u8..20, 1u16..200).prop_map(|(t, v)| Step::Purchase(t, v)),
        1 => prop_oneof![Just("review"), Just("referral"), Just("sign_up"), Just("begin_checkout")].prop_map(Step::Custom),
    ]
}

fn event_for(step: &Step, at: Millis) -> Event {
    let urls = [
        "/www/index.html",
        "/www/product.html",
        "/www/thank-you.html",
        "/www/checkout.html",
    ];
    match step {
        Step::View(u) => {
            let mut e = Event::new("page_view", at);
            e.url = Some(urls[usize::from(*u)].to_string());
            e
        }
        Step::Purchase(t, v) => {
            let mut e = Event::new("purchase", at);
            e.transaction_id = Some(format!("T{t}"));
            e.value = Some(i64::from(*v) * 100);
            e.currency = Some("EUR".into());
            e.items = vec![Item {
                name: Some("Sencha".into()),
                category: Some(["Tea", "Teaware"][usize::from(*t % 2)].into()),
                quantity: 1,
                ..Item::default()
            }];
            e
        }
        Step::Custom(n) => Event::new(*n, at),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the shopper does, the decisions never exceed a gesture's cap or the global
    /// attention budget.
    #[test]
    fn decisions_respect_caps_and_budget(steps in proptest::collection::vec((arb_step(), 0u32..72 * 60), 1..120)) {
        let config = example();
        let fmt = PlainFormatter::new("en");
        let mut device = Device::open(config.clone(), MemoryStore::default(), "prop");
        let mut at: Millis = 1_780_000_000_000;
        let mut shows: Vec<(Millis, String, Millis)> = Vec::new();
        for (step, gap) in &steps {
            at += Millis::from(*gap) * MINUTE;
            let (_, d) = device.step(event_for(step, at), 0, &fmt);
            if let Some(g) = d.gesture {
                shows.push((at, g.id, device.history.agg.session_start.unwrap()));
            }
        }
        let b = &config.budget;
        for (i, (t, id, session)) in shows.iter().enumerate() {
            let upto = &shows[..=i];
            prop_assert!(upto.iter().filter(|s| s.2 == *session).count() <= b.max_per_session as usize);
            prop_assert!(upto.iter().filter(|s| s.0 > t - 7 * DAY).count() <= b.max_per_week as usize);
            let g = config.gesture(id).unwrap();
            let same: Vec<_> = upto.iter().filter(|s| &s.1 == id).collect();
            match g.cap.per {
                Period::Lifetime => prop_assert!(same.len() <= g.cap.max_shows as usize),
                Period::Week => prop_assert!(same.iter().filter(|s| s.0 > t - 7 * DAY).count() <= g.cap.max_shows as usize),
                Period::Year => prop_assert!(same.iter().filter(|s| s.0 > t - 365 * DAY).count() <= g.cap.max_shows as usize),
                _ => {}
            }
            if g.cap.cooldown_hours > 0 && same.len() > 1 {
                let prev = same[same.len() - 2].0;
                prop_assert!(t - prev >= Millis::from(g.cap.cooldown_hours) * HOUR);
            }
        }
    }

    /// Compaction drops detail only: the profile is the same before and after, and after a
    /// round trip through the stored form.
    #[test]
    fn compaction_never_changes_the_profile(steps in proptest::collection::vec((arb_step(), 0u32..10_000), 1..400), days in 0i64..400) {
        let config = example();
        let mut h = History::new("c");
        let mut at: Millis = 1_780_000_000_000;
        for (step, gap) in &steps {
            at += Millis::from(*gap) * MINUTE;
            h.append(Input::Event(event_for(step, at)));
        }
        let now = at + days * DAY;
        let before = Profile::build(&h, &config.profile, now, 60);
        let mut compacted = h.clone();
        compacted.compact();
        prop_assert_eq!(&Profile::build(&compacted, &config.profile, now, 60), &before);
        let stored = History::decode(&compacted.encode(), "x").unwrap().history;
        prop_assert_eq!(&Profile::build(&stored, &config.profile, now, 60), &before);
    }
}

#[test]
fn stored_form_stays_small_at_100k_events() {
    let mut h = History::new("big");
    let mut at: Millis = 1_780_000_000_000;
    for i in 0..100_000u32 {
        at += 7 * MINUTE;
        let step = match i % 10 {
            0 => Step::Purchase((i % 250) as u8, 30),
            1 => Step::Custom("add_to_cart"),
            _ => Step::View((i % 3) as u8),
        };
        let mut e = event_for(&step, at);
        if let Step::Purchase(..) = step {
            e.transaction_id = Some(format!("T-{i}"));
        }
        h.append(Input::Event(e));
    }
    assert_eq!(h.agg.orders, 10_000);
    let before = h.agg.clone();
    let stored = h.encode();
    // The real bound: encode drops older detail until the stored form fits the budget.
    assert!(
        stored.len() <= reciprocity::engine::history::STORED_BUDGET,
        "stored form is {} bytes",
        stored.len()
    );
    assert!(
        h.recent.len() < 100_000,
        "detail was compacted ({} events kept)",
        h.recent.len()
    );
    // Compaction drops detail only: every aggregate survives it, and the stored form.
    assert_eq!(h.agg, before);
    let back = History::decode(&stored, "other").unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(back.history.agg, before);
    assert_eq!(back.history.agg.orders, 10_000);
}

mod faults {
    //! Fuzzing of every input path over arbitrary JSON (no panic, ever), clock jumps, and two
    //! tabs sharing one store.

    use proptest::prelude::*;
    use reciprocity::engine::config::Config;
    use reciprocity::engine::device::Device;
    use reciprocity::engine::event::{
        from_data_layer, from_gtag, from_identify, from_track, Event,
    };
    use reciprocity::engine::history::{History, SharedStore};
    use reciprocity::engine::simulate::parse_entries;
    use reciprocity::engine::template::{PlainFormatter, Template};
    use reciprocity::engine::time::{parse_instant, parse_month_day, Millis, DAY, HOUR};
    use serde_json::Value;

    use super::example;

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
            let mut d = Device::open(example(), reciprocity::engine::history::MemoryStore::default(), "t");
            for i in 0..(n % 40) {
                let mut e = Event::new(if i % 3 == 0 { "purchase" } else { "page_view" }, 1_780_000_000_000 + i as i64 * HOUR);
                e.transaction_id = Some(format!("T{i}"));
                d.step(e, 0, &PlainFormatter::new("en"));
            }
            let s = d.history.encode();
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
        let fmt = PlainFormatter::new("en");
        let mut d = Device::open(
            example(),
            reciprocity::engine::history::MemoryStore::default(),
            "clock",
        );
        let t0: Millis = 1_780_000_000_000;
        let mut buy = Event::new("purchase", t0);
        buy.transaction_id = Some("T-1".into());
        let (_, first) = d.step(buy.clone(), 0, &fmt);
        assert_eq!(first.gesture.unwrap().id, "thanks-after-purchase");
        // Back a day: the same order again (a reload) and page views thank nobody twice.
        let mut again = buy.clone();
        again.at = t0 - DAY;
        assert!(d.step(again, 0, &fmt).1.gesture.is_none());
        for h in 0..5 {
            let (_, dd) = d.step(page(t0 - DAY + h * HOUR, "/www/thank-you.html"), 0, &fmt);
            assert_ne!(
                dd.gesture.map(|g| g.id),
                Some("thanks-after-purchase".into())
            );
        }
        // Forward a year: the anniversary, once.
        let year = t0 + 365 * DAY + HOUR;
        let (_, ann) = d.step(page(year, "/"), 0, &fmt);
        assert_eq!(ann.gesture.unwrap().id, "first-order-anniversary");
        let (_, ann2) = d.step(page(year + 2 * HOUR, "/"), 0, &fmt);
        assert_ne!(
            ann2.gesture.map(|g| g.id),
            Some("first-order-anniversary".into())
        );
        // And back again: the shows from "the future" count as just now: nothing repeats.
        for days in 0..10 {
            let (_, dd) = d.step(page(t0 + days * DAY, "/"), 0, &fmt);
            assert!(
                dd.gesture.is_none(),
                "day {days}: {:?}",
                dd.gesture.map(|g| g.id)
            );
        }
        assert_eq!(d.history.agg.orders, 1);
        assert_eq!(d.history.gestures["thanks-after-purchase"].shown, 1);
        assert_eq!(d.history.gestures["first-order-anniversary"].shown, 1);
    }

    #[test]
    fn two_tabs_lose_nothing_and_show_once() {
        let fmt = PlainFormatter::new("en");
        let store = SharedStore::default();
        let mut a = Device::open(example(), store.clone(), "a");
        let mut b = Device::open(example(), store.clone(), "b");
        let t0: Millis = 1_780_000_000_000;
        for i in 0..10 {
            for (tab, name) in [(&mut a, "A"), (&mut b, "B")] {
                tab.sync();
                let mut e = Event::new("purchase", t0 + i * 1000);
                e.transaction_id = Some(format!("{name}-{i}"));
                e.value = Some(1000);
                e.currency = Some("EUR".into());
                tab.step(e, 0, &fmt);
            }
        }
        a.sync();
        b.sync();
        assert_eq!(a.history.agg.orders, 20);
        assert_eq!(b.history.agg.orders, 20);
        assert_eq!(a.history.agg.spent, 20_000);
        // The same purchase arriving in both tabs is thanked once.
        let thanks = a.history.gestures["thanks-after-purchase"].shown;
        assert_eq!(
            thanks, 1,
            "the first purchase is thanked, the others share its session budget and cap"
        );
    }
}
