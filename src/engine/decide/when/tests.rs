// A little over 400 lines: an ok_ and an err_ test for each of the eighteen conditions of
// `when.rs`, over shared profile fixtures; split, the fixtures would be written twice.

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
    assert_eq!(c.said(), "why: this follows your add to cart");
    let c = event(&strings(&["purchase"]), &events(&["page_view", "purchase"]));
    assert_eq!(c.said(), "why: you just placed an order");
    // A page view is no news to the shopper.
    let c = event(
        &strings(&["page_view"]),
        &events(&["page_view", "view_item"]),
    );
    assert_eq!(c.said(), "ok: this follows your page view");
}

#[test]
fn err_event_other() {
    let c = event(
        &strings(&["purchase"]),
        &events(&["page_view", "view_item"]),
    );
    assert_eq!(c.said(), r#"no: needs event ["purchase"], got "view_item""#);
    let c = event(&strings(&["purchase"]), &[]);
    assert_eq!(c.said(), r#"no: needs event ["purchase"]"#);
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
    assert_eq!(c.said(), r#"no: page does not match ["/products/*"]"#);
    let c = url(&strings(&["/products/*"]), None);
    assert_eq!(c.said(), r#"no: page does not match ["/products/*"]"#);
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
    assert_eq!(c.said(), r#"no: page matches excluded "/cart*""#);
}

#[test]
fn ok_stage_in_list() {
    let c = stage(&[Stage::NewVisitor, Stage::Browsing], &blank());
    assert_eq!(c.said(), "why: this is your first visit");
}

#[test]
fn err_stage_not_in_list() {
    let c = stage(&[Stage::Repeat, Stage::Loyal], &blank());
    assert_eq!(
        c.said(),
        r#"no: stage is new_visitor, needs one of ["repeat", "loyal"]"#
    );
}

#[test]
fn ok_occasion() {
    let said = |o, p: &Profile, purchased, started| occasion(o, p, purchased, started, NOW).said();
    let blank = blank();
    assert_eq!(
        said(Occasion::FirstVisit, &blank, false, None),
        "why: this is your first visit"
    );
    let p = Profile {
        anniversary_years: Some(2),
        birthday_offset_days: Some(-1),
        ..blank.clone()
    };
    assert_eq!(
        said(Occasion::Anniversary, &p, false, None),
        "why: it is 2 years since your first order"
    );
    assert_eq!(
        said(Occasion::Birthday, &p, false, None),
        "why: your birthday is around now"
    );
    assert_eq!(
        said(Occasion::JustPurchased, &blank, true, None),
        "why: you just placed an order"
    );
    // A visit begun in the last 30 minutes.
    let started = Some(NOW - 5 * MINUTE);
    assert_eq!(
        said(Occasion::LapsedReturn, &lapsed(), false, started),
        "why: welcome back: your last order was 120 days ago"
    );
}

#[test]
fn err_occasion() {
    let said = |o, p: &Profile, purchased, started| occasion(o, p, purchased, started, NOW).said();
    let p = Profile {
        visits: 2,
        ..blank()
    };
    assert_eq!(
        said(Occasion::FirstVisit, &p, false, None),
        "no: occasion FirstVisit: this is not the first visit"
    );
    assert_eq!(
        said(Occasion::Anniversary, &p, false, None),
        "no: occasion Anniversary: not the anniversary of the first order"
    );
    assert_eq!(
        said(Occasion::Birthday, &p, false, None),
        "no: occasion Birthday: no birthday near today"
    );
    assert_eq!(
        said(Occasion::JustPurchased, &p, false, None),
        "no: occasion JustPurchased: no order placed just now"
    );
    // The visit began two hours ago: not a return just now.
    let started = Some(NOW - 2 * HOUR);
    assert_eq!(
        said(Occasion::LapsedReturn, &lapsed(), false, started),
        "no: occasion LapsedReturn: not a lapsed customer returning"
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
    assert_eq!(c.said(), "why: this is your 3rd order");
}

#[test]
fn err_nth_order_without_purchase() {
    let p = orders(3);
    assert_eq!(
        nth_order(&[3, 5], &p, false).said(),
        "no: needs a purchase that makes order [3, 5], have 3 orders"
    );
}

#[test]
fn ok_orders_min_met() {
    let c = orders_min(2, &orders(3));
    assert_eq!(c.said(), "why: you have placed 3 orders with us");
}

#[test]
fn err_orders_min_short() {
    let c = orders_min(2, &orders(1));
    assert_eq!(c.said(), "no: 1 order, needs at least 2");
}

#[test]
fn ok_orders_max_within() {
    let c = orders_max(1, &orders(1));
    assert_eq!(c.said(), "ok: 1 order (needs at most 1)");
}

#[test]
fn err_orders_max_over() {
    let c = orders_max(1, &orders(2));
    assert_eq!(c.said(), "no: 2 orders (needs at most 1)");
}

#[test]
fn ok_spent_min_met() {
    let c = spent_min(200.0, &spent_cents(25_000));
    assert_eq!(c.said(), "why: you are one of our best customers");
}

#[test]
fn err_spent_min_short() {
    let c = spent_min(200.0, &spent_cents(1999));
    assert_eq!(c.said(), "no: spent 19.99, needs at least 200");
}

#[test]
fn ok_spent_max_within() {
    let c = spent_max(50.5, &spent_cents(1999));
    assert_eq!(c.said(), "ok: spent 19.99 (needs at most 50.5)");
}

#[test]
fn err_spent_max_over() {
    let c = spent_max(50.5, &spent_cents(25_000));
    assert_eq!(c.said(), "no: spent 250.00 (needs at most 50.5)");
}

#[test]
fn ok_days_since_order_min_met() {
    let c = days_since_order_min(14, &ordered_days_ago(30));
    assert_eq!(c.said(), "why: your last order was 30 days ago");
}

#[test]
fn err_days_since_order_min_short() {
    let c = days_since_order_min(14, &ordered_days_ago(1));
    assert_eq!(c.said(), "no: last order 1 day ago, needs 14");
    let c = days_since_order_min(14, &blank());
    assert_eq!(c.said(), "no: no order yet");
}

#[test]
fn ok_days_since_order_max_within() {
    let c = days_since_order_max(7, &ordered_days_ago(3));
    assert_eq!(c.said(), "ok: last order within 7 days: yes");
}

#[test]
fn err_days_since_order_max_no_order() {
    let c = days_since_order_max(7, &blank());
    assert_eq!(c.said(), "no: last order within 7 days: no");
}

#[test]
fn ok_days_since_visit_min_met() {
    let c = days_since_visit_min(7, &visited_days_ago(10));
    assert_eq!(c.said(), "why: your previous visit was 10 days ago");
}

#[test]
fn err_days_since_visit_min_short() {
    let c = days_since_visit_min(7, &visited_days_ago(2));
    assert_eq!(c.said(), "no: previous visit 2 days ago (needs 7)");
    let c = days_since_visit_min(7, &blank());
    assert_eq!(c.said(), "no: no previous visit");
}

#[test]
fn ok_days_since_feedback_min_met() {
    let now = 100 * DAY;
    let c = days_since_feedback_min(1, Some(now - DAY - 30 * MINUTE), now);
    assert_eq!(c.said(), "ok: last feedback 1 day ago (needs 1)");
}

#[test]
fn err_days_since_feedback_min_too_soon() {
    let now = 100 * DAY;
    let c = days_since_feedback_min(1, Some(now - 5 * MINUTE), now);
    assert_eq!(c.said(), "no: last feedback 0 days ago (needs 1)");
    assert_eq!(
        days_since_feedback_min(1, None, now).said(),
        "no: no feedback yet"
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
    assert_eq!(c.said(), "why: you like tea");
}

#[test]
fn err_favourite_category_other() {
    let c = favourite_category(&strings(&["coffee"]), &likes_tea());
    assert_eq!(
        c.said(),
        r#"no: favourite categories ["mugs", "tea"] do not include ["coffee"]"#
    );
}

#[test]
fn ok_bought_category() {
    let c = bought_category(&strings(&["tea"]), &likes_tea());
    assert_eq!(c.said(), "why: your last order included tea");
}

#[test]
fn err_bought_category_other() {
    let c = bought_category(&strings(&["coffee"]), &likes_tea());
    assert_eq!(c.said(), r#"no: last order has no item in ["coffee"]"#);
}

#[test]
fn ok_feedback_given() {
    let p = Profile {
        feedback_count: 1,
        ..blank()
    };
    let c = feedback_given(true, &p);
    assert_eq!(c.said(), "why: you told us what you think");
    let c = feedback_given(false, &blank());
    assert_eq!(c.said(), "why: you have not told us what you think yet");
}

#[test]
fn err_feedback_given_not_yet() {
    let c = feedback_given(true, &blank());
    assert_eq!(c.said(), "no: you have not told us what you think yet");
}

#[test]
fn ok_counts_min_met() {
    let counts = SmallMap::from([("review".to_string(), 2)]);
    let c = counts_min("review", 1, &counts);
    assert_eq!(c.said(), "why: you did this before: review (2×)");
}

#[test]
fn err_counts_min_never() {
    let c = counts_min("review", 1, &SmallMap::new());
    assert_eq!(c.said(), r#"no: "review" recorded 0×, needs 1"#);
}

#[test]
fn ok_identified_as_wanted() {
    let c = identified(false, &blank());
    assert_eq!(c.said(), "why: you are not signed in");
    let p = Profile {
        identified: true,
        ..blank()
    };
    assert_eq!(identified(true, &p).said(), "why: you are signed in");
}

#[test]
fn err_identified_anonymous() {
    let c = identified(true, &blank());
    assert_eq!(c.said(), "no: you are not signed in");
}
