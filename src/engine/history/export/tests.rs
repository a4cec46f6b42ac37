//! The export document, pinned.
use super::*;
use crate::engine::event::{from_data_layer, GestureReaction, Input, Reaction};
use crate::engine::owed::{owe, Hold};
use crate::engine::time::{parse_instant, HOUR, MINUTE};
use serde_json::{json, Value};

fn push(h: &mut History, v: Value, at: Millis) {
    h.append(from_data_layer(&v, at).unwrap().unwrap());
}

fn react(h: &mut History, gesture: &str, reaction: Reaction, at: Millis, gives: bool) {
    h.append(Input::Gesture(GestureReaction {
        at,
        gesture: gesture.into(),
        reaction,
        gives,
    }));
}

/// Two visits: a teapot viewed, a welcome guide shown and dismissed; then the customer
/// signs in, buys tea, gets a thank-you (owed from the checkout page) and a refund.
fn small_history() -> History {
    let t0 = parse_instant("2026-11-20T09:00:00Z").unwrap();
    let mut h = History::new("shopper-1");
    let page = |url: &str| json!({"event": "page_view", "page_location": url});
    push(&mut h, page("https://tea.example/"), t0);
    push(
        &mut h,
        json!({"event": "view_item", "ecommerce": {"items": [
            {"item_id": "pot", "item_name": "Stoneware teapot", "item_category": "Teaware"}
        ]}}),
        t0 + MINUTE,
    );
    react(&mut h, "welcome-guide", Reaction::Shown, t0 + MINUTE, false);
    react(
        &mut h,
        "welcome-guide",
        Reaction::Dismissed,
        t0 + 2 * MINUTE,
        false,
    );
    let t1 = t0 + 26 * HOUR;
    h.append(
        crate::engine::event::from_identify(
            &json!({"first_name": "Ana", "birthday": "1990-07-14", "orders_count": 2,
                    "total_spent": 54, "currency": "EUR"}),
            t1,
        )
        .unwrap(),
    );
    push(&mut h, page("https://tea.example/checkout"), t1);
    push(
        &mut h,
        json!({"event": "purchase", "ecommerce": {"transaction_id": "T-1", "value": 18.5,
            "currency": "EUR", "items": [{"item_id": "s", "item_name": "Sencha Kyoto",
            "item_category": "Tea", "price": 18.5, "quantity": 1}]}}),
        t1 + MINUTE,
    );
    owe(
        &mut h.owed,
        Owed {
            gesture: "thanks-after-purchase".into(),
            event: "purchase".into(),
            at: t1 + MINUTE,
            until: t1 + MINUTE + 72 * HOUR,
            held: Hold::Checkout,
            unseen: false,
        },
    );
    react(
        &mut h,
        "thanks-after-purchase",
        Reaction::Shown,
        t1 + 3 * MINUTE,
        true,
    );
    react(
        &mut h,
        "thanks-after-purchase",
        Reaction::Acted,
        t1 + 4 * MINUTE,
        false,
    );
    push(
        &mut h,
        json!({"event": "refund", "ecommerce": {"transaction_id": "T-1", "value": 5}}),
        t1 + 5 * MINUTE,
    );
    h
}

#[test]
fn ok_export_of_a_small_history() {
    insta::assert_json_snapshot!(small_history().export());
}

#[test]
fn ok_export_of_an_empty_history_has_every_key() {
    let h = History::new("fresh");
    let empty = serde_json::to_value(h.export()).unwrap();
    let full = serde_json::to_value(small_history().export()).unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&empty), keys(&full));
    assert_eq!(empty["orders"], json!(0));
    assert_eq!(empty["page_views"], json!(0));
    assert_eq!(empty["last_order"], Value::Null);
    assert_eq!(empty["event_counts"], json!({}));
    assert_eq!(empty["recent_events"], json!([]));
}

/// Every path the end-to-end tests read (`tests/e2e`): renaming one breaks them.
#[test]
fn ok_export_has_what_the_e2e_tests_read() {
    let v = serde_json::to_value(small_history().export()).unwrap();
    for path in [
        "/format",
        "/shopper_id",
        "/orders",
        "/total_spent/cents",
        "/total_spent/currency",
        "/page_views",
        "/viewed_items/0",
        "/event_counts/view_item",
        "/event_counts/page_view",
        "/last_order/items/0",
        "/facts/first_name",
        "/gestures/welcome-guide/shown",
        "/gestures/welcome-guide/dismissed_at",
        "/gestures/thanks-after-purchase/acted_at",
        "/recent_events/0/name",
        "/recent_events/0/url",
    ] {
        let found = v.pointer(path);
        assert!(
            found.is_some_and(|x| !x.is_null()),
            "{path} missing in the export"
        );
    }
    assert_eq!(v["format"], json!(EXPORT_FORMAT));
    assert_eq!(v["orders"], json!(1));
    assert_eq!(v["total_spent"], json!({"cents": 1350, "currency": "EUR"}));
    assert_eq!(v["viewed_items"], json!(["Stoneware teapot"]));
    assert_eq!(v["last_order"]["items"], json!(["Sencha Kyoto"]));
    assert_eq!(v["facts"]["birthday"], json!("07-14"));
    assert_eq!(v["gestures"]["welcome-guide"]["shown"], json!(1));
    assert_eq!(v["recent_events"][0]["url"], json!("https://tea.example/"));
}
