//! One scenario per occasion, each a history run through `reciprocity simulate`.

use serde_json::{json, Value};

use crate::cli::simulate;

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
fn scenario_a_thank_you_held_by_the_quiet_period_is_owed_to_the_next_visit() {
    let history = json!([
        {"at": "2026-11-20T09:00:00Z", "dataLayer": {"event": "page_view"}},
        {"at": "2026-11-20T09:01:00Z", "dataLayer": {"event": "reciprocity_dismissed", "gesture_id": "welcome-guide"}},
        {"at": "2026-11-20T10:00:00Z", "dataLayer": ga4_purchase("T-9", 36.0, tea())},
    ]);
    // On the order page itself, `simulate` says the moment is owed, and why.
    let at_order = simulate(
        "owed-order",
        history.clone(),
        "2026-11-20T10:00:00Z",
        "https://shop.example/www/thank-you.html",
    );
    assert_eq!(chosen(&at_order), None);
    let owed: Vec<&str> = at_order["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule"] == "owed")
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        owed,
        ["due but held back by the quiet period after a dismissal: owed until 2026-11-23T10:00:00Z"],
        "{at_order}"
    );
    // The next visit, the day after: shown, saying it waited.
    let next = simulate(
        "owed-next",
        history,
        "2026-11-21T12:00:00Z",
        "https://shop.example/",
    );
    assert_eq!(chosen(&next), Some("thanks-after-purchase"), "{next}");
    insta::assert_snapshot!(texts(&next));
}
