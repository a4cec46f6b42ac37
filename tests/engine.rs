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
    let size = h.encode().len();
    assert!(size < 64 * 1024, "stored form is {size} bytes");
}
