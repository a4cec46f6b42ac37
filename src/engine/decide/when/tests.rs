// Longer than 400 lines: an ok_ and an err_ test for each condition of `when.rs` (thirty
// and more), over shared profile fixtures; split, the fixtures would be written twice.

//! One `ok_` and one `err_` test per condition, each on a profile or event list built for it.

use super::*;
use crate::engine::event::Cents;
use crate::engine::profile::ProfileRules;
use crate::engine::time::{DAY, HOUR};

const NOW: Millis = 400 * DAY;

/// A shopper with nothing recorded: no visit, no order, not identified.
fn blank() -> Profile {
    Profile::build(&History::new("a"), &ProfileRules::default(), NOW, 0)
}

/// A shopper with `n` orders.
fn orders(n: u32) -> Profile {
    Profile {
        orders_count: n,
        ..blank()
    }
}

/// A shopper who spent `cents` in all.
fn spent_cents(cents: Cents) -> Profile {
    Profile {
        total_spent: cents,
        ..blank()
    }
}

/// A shopper whose latest order was `days` ago.
fn ordered_days_ago(days: i64) -> Profile {
    Profile {
        days_since_last_order: Some(days),
        ..blank()
    }
}

/// A shopper whose previous visit was `days` ago.
fn visited_days_ago(days: i64) -> Profile {
    Profile {
        days_since_last_visit: Some(days),
        ..blank()
    }
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn events(names: &[&str]) -> Vec<Event> {
    names.iter().map(|n| Event::new(*n, NOW)).collect()
}

#[test]
fn ok_event() {
    let c = event(
        &strings(&["add_to_cart"]),
        &events(&["page_view", "add_to_cart"]),
    );
    assert_eq!(c.said(), "why: follows the shopper's add to cart");
    let c = event(&strings(&["purchase"]), &events(&["page_view", "purchase"]));
    assert_eq!(c.said(), "why: the shopper just placed an order");
    // A page view is no news to the shopper.
    let c = event(
        &strings(&["page_view"]),
        &events(&["page_view", "view_item"]),
    );
    assert_eq!(c.said(), "ok: follows a page view");
}

#[test]
fn err_event_other() {
    let c = event(
        &strings(&["purchase"]),
        &events(&["page_view", "view_item"]),
    );
    assert_eq!(
        c.said(),
        r#"no: waits for a "purchase" event; this moment's event is "view_item""#
    );
    let c = event(&strings(&["purchase"]), &[]);
    assert_eq!(c.said(), r#"no: waits for a "purchase" event"#);
}

#[test]
fn ok_url_matches() {
    let c = url(
        &strings(&["/products/*"]),
        Some("https://shop.test/products/mug"),
    );
    assert_eq!(c.said(), "ok: the page matches");
}

#[test]
fn err_url_other_page() {
    let c = url(&strings(&["/products/*"]), Some("https://shop.test/cart"));
    assert_eq!(c.said(), r#"no: the page does not match "/products/*""#);
    let c = url(&strings(&["/products/*"]), None);
    assert_eq!(c.said(), r#"no: the page does not match "/products/*""#);
}

#[test]
fn ok_url_not_other_page() {
    let c = url_not(
        &strings(&["/cart*"]),
        Some("https://shop.test/products/mug"),
    );
    assert_eq!(c.said(), "");
}

#[test]
fn err_url_not_excluded() {
    let c = url_not(
        &strings(&["/account*", "/cart*"]),
        Some("https://shop.test/cart"),
    );
    assert_eq!(
        c.said(),
        r#"no: the page matches "/cart*", which is excluded"#
    );
}

#[test]
fn ok_stage_in_list() {
    let c = stage(&[Stage::NewVisitor, Stage::Browsing], &blank());
    assert_eq!(c.said(), "why: the shopper is a new visitor");
}

#[test]
fn err_stage_not_in_list() {
    let c = stage(&[Stage::Repeat, Stage::Loyal], &blank());
    assert_eq!(
        c.said(),
        "no: the shopper is a new visitor, and the gesture is for a repeat buyer or a loyal customer"
    );
}

#[test]
fn ok_occasion() {
    let said =
        |o, p: &Profile, purchased, started| occasion(o, p, purchased, false, started, NOW).said();
    let blank = blank();
    assert_eq!(
        said(Occasion::FirstVisit, &blank, false, None),
        "why: the shopper is a new visitor"
    );
    let p = Profile {
        anniversary_years: Some(2),
        birthday_offset_days: Some(-1),
        ..blank.clone()
    };
    assert_eq!(
        said(Occasion::Anniversary, &p, false, None),
        "why: it is 2 years since the shopper's first order"
    );
    assert_eq!(
        said(Occasion::Birthday, &p, false, None),
        "why: the shopper's birthday is around now"
    );
    assert_eq!(
        said(Occasion::JustPurchased, &blank, true, None),
        "why: the shopper just placed an order"
    );
    // A visit begun in the last 30 minutes.
    let started = Some(NOW - 5 * MINUTE);
    assert_eq!(
        said(Occasion::LapsedReturn, &lapsed(), false, started),
        "why: a lapsed customer is back: the last order was 120 days ago"
    );
}

#[test]
fn err_occasion() {
    let said =
        |o, p: &Profile, purchased, started| occasion(o, p, purchased, false, started, NOW).said();
    let p = Profile {
        visits: 2,
        ..blank()
    };
    assert_eq!(
        said(Occasion::FirstVisit, &p, false, None),
        "no: not the shopper's first visit"
    );
    // A fresh history after "Forget", in the same tab's visit.
    assert_eq!(
        occasion(Occasion::FirstVisit, &blank(), false, true, None, NOW).said(),
        "no: not the shopper's first visit"
    );
    assert_eq!(
        said(Occasion::Anniversary, &p, false, None),
        "no: not the anniversary of the shopper's first order"
    );
    assert_eq!(
        said(Occasion::Birthday, &p, false, None),
        "no: the shopper's birthday is not near today, or is not known"
    );
    assert_eq!(
        said(Occasion::JustPurchased, &p, false, None),
        "no: the shopper did not just place an order"
    );
    // The visit began two hours ago: not a return just now.
    let started = Some(NOW - 2 * HOUR);
    assert_eq!(
        said(Occasion::LapsedReturn, &lapsed(), false, started),
        "no: not a lapsed customer coming back"
    );
}

/// A customer whose only order was 120 days ago.
fn lapsed() -> Profile {
    Profile {
        stage: Stage::Lapsed,
        orders_count: 1,
        days_since_last_order: Some(120),
        ..blank()
    }
}

#[test]
fn ok_nth_order() {
    let c = nth_order(&[3, 5], &orders(3), true);
    assert_eq!(c.said(), "why: this is the shopper's 3rd order");
}

#[test]
fn err_nth_order_without_purchase() {
    let p = orders(3);
    assert_eq!(
        nth_order(&[3, 5], &p, false).said(),
        "no: waits for the shopper's 3rd or 5th order (the shopper has 3 orders)"
    );
    // "have 1 orders" no more: a count and its noun agree.
    assert_eq!(
        nth_order(&[3], &orders(1), false).said(),
        "no: waits for the shopper's 3rd order (the shopper has 1 order)"
    );
    assert_eq!(
        nth_order(&[3, 5, 10], &orders(2), true).said(),
        "no: this is the shopper's 2nd order, and the gesture is for the 3rd, 5th or 10th"
    );
}

#[test]
fn ok_orders_min_met() {
    let c = orders_min(2, &orders(3));
    assert_eq!(c.said(), "why: the shopper has placed 3 orders");
}

#[test]
fn err_orders_min_short() {
    let c = orders_min(2, &orders(1));
    assert_eq!(c.said(), "no: the shopper has 1 order, needs at least 2");
}

#[test]
fn ok_orders_max_within() {
    let c = orders_max(1, &orders(1));
    assert_eq!(c.said(), "ok: the shopper has 1 order (at most 1)");
}

#[test]
fn err_orders_max_over() {
    let c = orders_max(1, &orders(2));
    assert_eq!(c.said(), "no: the shopper has 2 orders, needs at most 1");
}

#[test]
fn ok_spent_min_met() {
    let c = spent_min(200.0, &spent_cents(25_000), "EUR");
    assert_eq!(
        c.said(),
        "why: the shopper has spent 250.00 EUR (at least 200.00 EUR)"
    );
}

#[test]
fn err_spent_min_short() {
    let c = spent_min(200.0, &spent_cents(1999), "EUR");
    assert_eq!(
        c.said(),
        "no: the shopper has spent 19.99 EUR, needs at least 200.00 EUR"
    );
}

#[test]
fn ok_spent_max_within() {
    let c = spent_max(50.5, &spent_cents(1999), "USD");
    assert_eq!(
        c.said(),
        "ok: the shopper has spent 19.99 USD (at most 50.50 USD)"
    );
}

#[test]
fn err_spent_max_over() {
    let c = spent_max(50.5, &spent_cents(25_000), "USD");
    assert_eq!(
        c.said(),
        "no: the shopper has spent 250.00 USD, needs at most 50.50 USD"
    );
}

#[test]
fn ok_days_since_order_min_met() {
    let c = days_since_order_min(14, &ordered_days_ago(30));
    assert_eq!(c.said(), "why: the shopper's last order was 30 days ago");
}

#[test]
fn err_days_since_order_min_short() {
    let c = days_since_order_min(14, &ordered_days_ago(1));
    assert_eq!(
        c.said(),
        "no: the shopper's last order was 1 day ago, needs at least 14"
    );
    let c = days_since_order_min(14, &blank());
    assert_eq!(c.said(), "no: the shopper has not ordered yet");
}

#[test]
fn ok_days_since_order_max_within() {
    let c = days_since_order_max(7, &ordered_days_ago(3));
    assert_eq!(
        c.said(),
        "ok: the shopper's last order was 3 days ago (at most 7)"
    );
}

#[test]
fn err_days_since_order_max_no_order() {
    let c = days_since_order_max(7, &blank());
    assert_eq!(c.said(), "no: the shopper has not ordered yet");
}

#[test]
fn ok_days_since_visit_min_met() {
    let c = days_since_visit_min(7, &visited_days_ago(10));
    assert_eq!(
        c.said(),
        "why: the shopper's previous visit was 10 days ago"
    );
}

#[test]
fn err_days_since_visit_min_short() {
    let c = days_since_visit_min(7, &visited_days_ago(2));
    assert_eq!(
        c.said(),
        "no: the shopper's previous visit was 2 days ago, needs at least 7"
    );
    let c = days_since_visit_min(7, &blank());
    assert_eq!(c.said(), "no: this is the shopper's first visit");
}

#[test]
fn ok_days_since_feedback_min_met() {
    let now = 100 * DAY;
    let c = days_since_feedback_min(1, Some(now - DAY - 30 * MINUTE), now);
    assert_eq!(
        c.said(),
        "ok: the shopper's last feedback was 1 day ago (at least 1)"
    );
}

#[test]
fn err_days_since_feedback_min_too_soon() {
    let now = 100 * DAY;
    let c = days_since_feedback_min(1, Some(now - 5 * MINUTE), now);
    assert_eq!(
        c.said(),
        "no: the shopper's last feedback was 0 days ago, needs at least 1"
    );
    assert_eq!(
        days_since_feedback_min(1, None, now).said(),
        "no: the shopper has not given feedback yet"
    );
}

fn likes_tea() -> Profile {
    Profile {
        favourite_categories: strings(&["mugs", "tea"]),
        last_categories: strings(&["tea"]),
        ..blank()
    }
}

#[test]
fn ok_favourite_category() {
    let c = favourite_category(&strings(&["coffee", "tea"]), &likes_tea());
    assert_eq!(
        c.said(),
        r#"why: "tea" is one of the shopper's favourite categories"#
    );
}

#[test]
fn err_favourite_category_other() {
    let c = favourite_category(&strings(&["coffee"]), &likes_tea());
    assert_eq!(
        c.said(),
        r#"no: the shopper's favourite categories ("mugs", "tea") do not include "coffee""#
    );
}

#[test]
fn ok_bought_category() {
    let c = bought_category(&strings(&["tea"]), &likes_tea());
    assert_eq!(c.said(), r#"why: the shopper's last order included "tea""#);
}

#[test]
fn err_bought_category_other() {
    let c = bought_category(&strings(&["coffee"]), &likes_tea());
    assert_eq!(
        c.said(),
        r#"no: the shopper's last order has no item in "coffee""#
    );
}

#[test]
fn ok_feedback_given() {
    let p = Profile {
        feedback_count: 1,
        ..blank()
    };
    let c = feedback_given(true, &p);
    assert_eq!(c.said(), "why: the shopper has given feedback");
    let c = feedback_given(false, &blank());
    assert_eq!(c.said(), "why: the shopper has not given feedback yet");
}

#[test]
fn err_feedback_given_not_yet() {
    let c = feedback_given(true, &blank());
    assert_eq!(c.said(), "no: the shopper has not given feedback yet");
    let p = Profile {
        feedback_count: 1,
        ..blank()
    };
    let c = feedback_given(false, &p);
    assert_eq!(c.said(), "no: the shopper has already given feedback");
}

#[test]
fn ok_counts_min_met() {
    let counts = SmallMap::from([("review".to_string(), 2)]);
    let c = counts_min("review", 1, &counts);
    assert_eq!(
        c.said(),
        r#"why: the shopper's "review" event was recorded 2 times"#
    );
}

#[test]
fn err_counts_min_never() {
    let c = counts_min("review", 1, &SmallMap::new());
    assert_eq!(
        c.said(),
        r#"no: the shopper's "review" event was recorded 0 times, needs at least 1"#
    );
}

#[test]
fn ok_identified_as_wanted() {
    let c = identified(false, &blank());
    assert_eq!(c.said(), "why: the shopper is not signed in");
    let p = Profile {
        identified: true,
        ..blank()
    };
    assert_eq!(
        identified(true, &p).said(),
        "why: the shopper is signed in (the store called identify)"
    );
}

#[test]
fn err_identified_anonymous() {
    let c = identified(true, &blank());
    assert_eq!(c.said(), "no: the shopper is not signed in");
}

/// The history of a shopper who signed up 10 days ago and again 2 days ago, and viewed a
/// tea 4 days ago.
fn signed_up() -> History {
    let mut h = History::new("a");
    for (name, days) in [("sign_up", 10), ("sign_up", 2)] {
        h.append(crate::engine::event::Input::Event(Event::new(
            name,
            NOW - days * DAY,
        )));
    }
    let mut view = Event::new("view_item", NOW - 4 * DAY);
    view.items = vec![crate::engine::event::Item {
        name: Some("Sencha".into()),
        category: Some("Tea".into()),
        ..Default::default()
    }];
    h.append(crate::engine::event::Input::Event(view));
    h
}

fn since_of(json: serde_json::Value) -> Since {
    serde_json::from_value(json).unwrap()
}

#[test]
fn ok_since_first_and_latest() {
    let h = signed_up();
    let s = since_of(serde_json::json!({"event": "sign_up", "first": true, "days_min": 7}));
    assert_eq!(
        since(&s, &h.agg, NOW).said(),
        r#"why: the shopper's first "sign_up" was 10 days ago (at least 7 days)"#
    );
    let s = since_of(serde_json::json!({"event": "sign_up", "days_max": 3}));
    assert_eq!(
        since(&s, &h.agg, NOW).said(),
        r#"why: the shopper's latest "sign_up" was 2 days ago (at most 3 days)"#
    );
    let s = since_of(
        serde_json::json!({"event": "view_item", "category": "Tea", "days_min": 3, "days_max": 14}),
    );
    let c = since(&s, &h.agg, NOW);
    assert_eq!(
        c.said(),
        r#"why: the shopper's latest "view_item" with an item in "Tea" was 4 days ago (3 to 14 days)"#
    );
    // The shopper reads it in their language.
    let Check::Told(why, _) = c else {
        panic!("{c:?}")
    };
    assert_eq!(
        why.text("en", &|n| n.to_string()),
        "it has been 4 days since your view item (Tea)"
    );
    assert_eq!(
        why.text("ar", &|n| n.to_string()),
        "قبل 4 أيام: view item (Tea)"
    );
}

#[test]
fn err_since_too_soon_or_never() {
    let h = signed_up();
    let s = since_of(serde_json::json!({"event": "sign_up", "days_min": 3}));
    assert_eq!(
        since(&s, &h.agg, NOW).said(),
        r#"no: the shopper's latest "sign_up" was 2 days ago, needs at least 3 days"#
    );
    let s =
        since_of(serde_json::json!({"event": "view_item", "category": "Coffee", "days_min": 1}));
    assert_eq!(
        since(&s, &h.agg, NOW).said(),
        r#"no: the shopper has no "view_item" with an item in "Coffee" event recorded"#
    );
    // A clock that went back: the event counts as now, never as long ago.
    let s = since_of(serde_json::json!({"event": "sign_up", "days_min": 1}));
    assert_eq!(
        since(&s, &h.agg, NOW - 5 * DAY).said(),
        r#"no: the shopper's latest "sign_up" was 0 days ago, needs at least 1 days"#
    );
}

#[test]
fn ok_since_feedback_is_quiet() {
    let mut h = History::new("a");
    h.append(crate::engine::event::Input::Gesture(
        crate::engine::event::GestureReaction {
            at: NOW - 8 * DAY,
            gesture: "ask".into(),
            reaction: crate::engine::event::Reaction::FeedbackSubmitted,
            gives: false,
        },
    ));
    let s = since_of(serde_json::json!({"event": "reciprocity_feedback_submitted", "days_min": 7}));
    assert_eq!(
        since(&s, &h.agg, NOW).said(),
        r#"ok: the shopper's latest "reciprocity_feedback_submitted" was 8 days ago (at least 7 days)"#
    );
}

fn on(device: Option<DeviceClass>, language: &str) -> Option<PageFacts<'_>> {
    Some(PageFacts {
        device,
        language,
        forgot: false,
    })
}

#[test]
fn ok_device() {
    let c = device(
        &[DeviceClass::Phone, DeviceClass::Tablet],
        Some(Some(DeviceClass::Phone)),
    );
    assert_eq!(c.said(), "ok: the shopper is on a phone");
    // The alarm's probes of future pages of a device that did not say: checked there.
    let c = device(&[DeviceClass::Phone], None);
    assert_eq!(c.said(), "ok: the device class is checked on the page");
}

#[test]
fn err_device_other() {
    let c = device(&[DeviceClass::Phone], Some(Some(DeviceClass::Desktop)));
    assert_eq!(
        c.said(),
        r#"no: the shopper is on a desktop, and the gesture is for "phone""#
    );
    let c = device(&[DeviceClass::Phone], Some(None));
    assert_eq!(
        c.said(),
        r#"no: the browser did not tell the device class (the gesture is for "phone")"#
    );
}

fn landed(url: &str, referrer: Option<&str>) -> Landing {
    Landing::of_page(0, Some(url), referrer)
}

#[test]
fn ok_utm_tags() {
    let l = landed(
        "https://shop.test/?utm_source=Newsletter&utm_campaign=spring",
        None,
    );
    let c = utm(
        "utm_source",
        &strings(&["newsletter"]),
        on(None, ""),
        Some(&l),
    );
    assert_eq!(
        c.said(),
        r#"ok: the visit came with utm_source "newsletter""#
    );
    let c = utm(
        "utm_campaign",
        &strings(&["autumn", "Spring"]),
        on(None, ""),
        Some(&l),
    );
    assert_eq!(c.said(), r#"ok: the visit came with utm_campaign "spring""#);
}

#[test]
fn err_utm_tags_other_or_none() {
    let l = landed("https://shop.test/?utm_source=google", None);
    let c = utm(
        "utm_source",
        &strings(&["newsletter"]),
        on(None, ""),
        Some(&l),
    );
    assert_eq!(
        c.said(),
        r#"no: the visit came with utm_source "google", and the gesture is for "newsletter""#
    );
    let c = utm("utm_medium", &strings(&["email"]), on(None, ""), Some(&l));
    assert_eq!(
        c.said(),
        r#"no: the visit came with no utm_medium (the gesture is for "email")"#
    );
}

#[test]
fn ok_referrer_host() {
    let l = landed("https://shop.test/", Some("https://l.instagram.com/?u=x"));
    let c = referrer(&strings(&["instagram.com"]), on(None, ""), Some(&l));
    assert_eq!(c.said(), r#"ok: the visit came from "l.instagram.com""#);
}

#[test]
fn err_referrer_other_or_none() {
    let l = landed("https://shop.test/", Some("https://www.google.com/"));
    let c = referrer(&strings(&["instagram.com"]), on(None, ""), Some(&l));
    assert_eq!(
        c.said(),
        r#"no: the visit came from "google.com", and the gesture is for visits from "instagram.com""#
    );
    let c = referrer(&strings(&["instagram.com"]), on(None, ""), None);
    assert_eq!(
        c.said(),
        r#"no: the visit came from no other site (the gesture is for visits from "instagram.com")"#
    );
}

#[test]
fn ok_language() {
    let c = language(&strings(&["fr", "ar"]), on(None, "fr-CA"));
    assert_eq!(c.said(), r#"ok: the page is in "fr-CA""#);
    let c = language(&strings(&["fr-CA"]), on(None, "fr_ca"));
    assert_eq!(c.said(), r#"ok: the page is in "fr_ca""#);
}

#[test]
fn err_language_other() {
    let c = language(&strings(&["fr-CA"]), on(None, "fr-FR"));
    assert_eq!(
        c.said(),
        r#"no: the page is in "fr-FR", and the gesture is for "fr-CA""#
    );
    let c = language(&strings(&["fr"]), on(None, ""));
    assert_eq!(
        c.said(),
        r#"no: the page's language is not known (the gesture is for "fr")"#
    );
}

#[test]
fn ok_page_views_min() {
    let c = page_views_min(3, 4, on(None, "en"));
    assert_eq!(c.said(), "ok: this is page 4 of the visit (at least 3)");
}

#[test]
fn err_page_views_min_too_early() {
    let c = page_views_min(3, 1, on(None, "en"));
    assert_eq!(
        c.said(),
        "no: this is page 1 of the visit, needs at least 3"
    );
}

#[test]
fn ok_waits_for_the_trigger() {
    let t: Trigger = serde_json::from_value(
        serde_json::json!({"seconds_on_page": 20, "scroll_percent": 50, "exit_intent": true}),
    )
    .unwrap();
    let c = waits_for(&t, on(Some(DeviceClass::Desktop), "en"));
    assert_eq!(
        c.said(),
        "ok: shows after 20 seconds on the page, or a scroll through 50 % of the page, or the pointer leaving through the top of the page"
    );
}

#[test]
fn err_exit_intent_on_a_phone() {
    let t: Trigger = serde_json::from_value(serde_json::json!({"exit_intent": true})).unwrap();
    let c = waits_for(&t, on(Some(DeviceClass::Phone), "en"));
    assert_eq!(
        c.said(),
        "no: exit intent only happens on a desktop, and this is a touch device"
    );
}
