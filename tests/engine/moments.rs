// Longer than 400 lines: one test per moment and per way it is held back, over the same
// shared fixtures (a store of pages, a clock).

//! A moment is owed, never dropped: every platform's order confirmation thanks the purchase,
//! and a moment's gesture held back (checkout, budget, quiet period, another gesture on
//! screen, a page where the widget did not run) shows on the next page within its window,
//! and not after it. Driven page by page through the engine's `Session`, as the browser does.

use reciprocity::engine::config::Config;
use reciprocity::engine::decide::Decision;
use reciprocity::engine::device::Device;
use reciprocity::engine::history::SharedStore;
use reciprocity::engine::owed::Hold;
use reciprocity::engine::session::{Effect, PageOptions, Session};
use reciprocity::engine::template::PlainFormatter;
use reciprocity::engine::time::{Millis, DAY, HOUR, MINUTE};
use serde_json::{json, Value};

use crate::example;

const T0: Millis = 1_780_000_000_000;

/// One shopper's browser: pages open one after another on the same storage.
struct Browser {
    store: SharedStore,
    config: Config,
}

/// One page: what it decided and showed.
struct Page {
    session: Session<SharedStore, PlainFormatter>,
    decision: Option<Decision>,
}

impl Browser {
    fn new() -> Browser {
        Browser::with(example())
    }

    fn with(config: Config) -> Browser {
        Browser {
            store: SharedStore::default(),
            config,
        }
    }

    /// Opens `url` at `at`, with the dataLayer pushes the page made before the widget
    /// loaded, and settles into the page's first decision.
    fn visit(&self, url: &str, at: Millis, pushes: &[Value]) -> Page {
        let device = Device::open(self.config.clone(), self.store.clone(), "shopper");
        let page = PageOptions {
            url: Some(url.into()),
            locale: "en".into(),
            ..PageOptions::default()
        };
        let mut session = Session::new(device, PlainFormatter::new("en"), page);
        session.navigate(url, at);
        for p in pushes {
            session.push(Some(&p.to_string()), at);
        }
        let decision = session.settle();
        Page { session, decision }
    }

    /// Opens a page the widget slept on (or, on Shopify, never ran on): the loader's inbox
    /// holds it, and the next page replays it.
    fn inbox(&self, url: &str, at: Millis, pushes: &[Value]) -> String {
        let dl: Vec<String> = pushes.iter().map(Value::to_string).collect();
        json!([{"t": at, "url": url, "dl": dl, "calls": []}]).to_string()
    }
}

impl Page {
    fn shown(&self) -> Option<String> {
        self.decision
            .as_ref()
            .and_then(|d| d.gesture.as_ref())
            .map(|g| g.id.clone())
    }

    fn why(&self) -> Vec<String> {
        self.decision
            .as_ref()
            .and_then(|d| d.gesture.as_ref())
            .map(|g| g.why.clone())
            .unwrap_or_default()
    }

    fn reasons(&self, rule: &str) -> Vec<String> {
        self.decision
            .as_ref()
            .map(|d| {
                d.reasons
                    .iter()
                    .filter(|r| r.rule == rule)
                    .map(|r| format!("{}: {}", r.gesture, r.text))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn dismiss(&mut self, at: Millis) {
        let id = self.shown().expect("a gesture to dismiss");
        self.session.react(&id, r#"{"step":"dismissed"}"#, at);
    }

    fn track(&mut self, name: &str, at: Millis) -> Vec<Effect> {
        self.session.take_effects();
        self.session.track(name, None, at);
        self.session.take_effects()
    }
}

fn purchase(id: &str) -> Value {
    json!({"event": "purchase", "ecommerce": {"transaction_id": id, "value": 24.0, "currency": "EUR",
        "items": [{"item_id": "darj", "item_name": "First-flush Darjeeling", "item_category": "Tea", "price": 24.0, "quantity": 1}]}})
}

fn step(name: &str) -> Value {
    json!({"event": name, "ecommerce": {"value": 24.0, "currency": "EUR"}})
}

/// The order confirmation of every platform (PLATFORMS.md), with the checkout steps some
/// plugins push again before the purchase.
const CONFIRMATIONS: [(&str, &str); 6] = [
    (
        "WooCommerce",
        "https://shop.example/checkout/order-received/4321/?key=wc_order_5f1a2b3c4d5e6",
    ),
    (
        "Shopify",
        "https://shop.example/checkouts/cn/Z2NwLWV1/thank-you",
    ),
    (
        "Shopware",
        "https://shop.example/checkout/finish?orderId=0191f",
    ),
    ("Magento", "https://shop.example/checkout/onepage/success/"),
    (
        "BigCommerce",
        "https://shop.example/checkout/order-confirmation/118",
    ),
    (
        "PrestaShop",
        "https://shop.example/order-confirmation?id_cart=7&id_order=5&key=9f8e",
    ),
];

#[test]
fn every_platforms_confirmation_thanks_the_purchase() {
    for (platform, url) in CONFIRMATIONS {
        let b = Browser::new();
        let pushes = [
            step("begin_checkout"),
            step("add_payment_info"),
            purchase("T-1"),
        ];
        let page = b.visit(url, T0, &pushes);
        assert_eq!(
            page.shown().as_deref(),
            Some("thanks-after-purchase"),
            "{platform}: {url}: {:?}",
            page.reasons("budget")
        );
        assert!(
            page.reasons("budget")
                .iter()
                .any(|r| r.contains("past checkout")),
            "{platform}: the owner reads why the checkout rule did not apply"
        );
    }
}

#[test]
fn checkout_steps_before_the_purchase_show_nothing() {
    let b = Browser::new();
    for (url, pushes) in [
        (
            "https://shop.example/checkout/",
            vec![step("begin_checkout")],
        ),
        (
            "https://shop.example/checkout/payment",
            vec![step("add_shipping_info"), step("add_payment_info")],
        ),
        ("https://shop.example/cart", vec![step("begin_checkout")]),
    ] {
        let page = b.visit(url, T0, &pushes);
        assert_eq!(page.shown(), None, "{url}");
    }
}

#[test]
fn a_thank_you_held_by_the_budget_is_shown_on_the_next_visit_then_never_after_its_window() {
    let b = Browser::new();
    // Two gestures already this visit: the visit's budget (2) is spent.
    let mut first = b.visit("https://shop.example/", T0, &[]);
    assert_eq!(first.shown().as_deref(), Some("welcome-guide"));
    first.session.react(
        "welcome-guide",
        r#"{"step":"acted","action":"link"}"#,
        T0 + MINUTE,
    );
    let mut second = b.visit(
        "https://shop.example/www/product.html",
        T0 + 2 * MINUTE,
        &[],
    );
    second.session.track("review", None, T0 + 3 * MINUTE);
    let thanks = second.session.take_effects();
    assert!(thanks.iter().any(|e| matches!(e, Effect::Show(_))));
    // The purchase: held back by the budget.
    let order = b.visit(
        "https://shop.example/www/thank-you.html",
        T0 + 10 * MINUTE,
        &[purchase("T-2")],
    );
    assert_eq!(order.shown(), None);
    assert!(
        order
            .reasons("owed")
            .iter()
            .any(|r| r
                .starts_with("thanks-after-purchase: due but held back by the attention budget")),
        "{:?}",
        order.reasons("owed")
    );
    // The next visit, two days later: owed, shown, and the shopper reads why it waited.
    let later = b.visit("https://shop.example/", T0 + 2 * DAY, &[]);
    assert_eq!(later.shown().as_deref(), Some("thanks-after-purchase"));
    let why = later.why();
    assert!(
        why.iter().any(|w| w.starts_with("kept for you since")
            && w.ends_with("so as not to show you too much at once")),
        "{why:?}"
    );
    // Once: not again.
    let again = b.visit("https://shop.example/", T0 + 2 * DAY + HOUR, &[]);
    assert_ne!(again.shown().as_deref(), Some("thanks-after-purchase"));

    // The same, but the next visit comes after the window (72 hours): the moment has passed.
    let b = Browser::new();
    let mut p = b.visit("https://shop.example/", T0, &[]);
    p.session
        .react("welcome-guide", r#"{"step":"acted","action":"link"}"#, T0);
    let mut p = b.visit("https://shop.example/x", T0 + MINUTE, &[]);
    p.session.track("review", None, T0 + MINUTE);
    let order = b.visit(
        "https://shop.example/www/thank-you.html",
        T0 + 10 * MINUTE,
        &[purchase("T-3")],
    );
    assert_eq!(order.shown(), None);
    let late = b.visit("https://shop.example/", T0 + 10 * MINUTE + 72 * HOUR, &[]);
    assert_ne!(late.shown().as_deref(), Some("thanks-after-purchase"));
}

#[test]
fn thanks_for_a_review_while_a_feedback_prompt_is_on_screen_waits_for_the_next_page() {
    let b = Browser::new();
    b.visit(
        "https://shop.example/www/thank-you.html",
        T0,
        &[purchase("T-1")],
    );
    // Four days later the feedback prompt (a modal) is on screen when a review comes in.
    let mut page = b.visit("https://shop.example/", T0 + 4 * DAY, &[]);
    assert_eq!(page.shown().as_deref(), Some("post-purchase-feedback"));
    let effects = page.track("review", T0 + 4 * DAY + MINUTE);
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Show(_))),
        "nothing over the modal"
    );
    page.session.react(
        "post-purchase-feedback",
        r#"{"step":"feedback_submitted","score":9}"#,
        T0 + 4 * DAY + 2 * MINUTE,
    );
    let next = b.visit(
        "https://shop.example/www/product.html",
        T0 + 4 * DAY + 3 * MINUTE,
        &[],
    );
    assert_eq!(next.shown().as_deref(), Some("thanks-for-review"));
    assert!(next
        .why()
        .iter()
        .any(|w| w.ends_with("while another message was on screen")));
}

#[test]
fn thanks_for_a_review_after_a_dismissal_waits_out_the_quiet_period() {
    let b = Browser::new();
    let mut page = b.visit("https://shop.example/", T0, &[]);
    page.dismiss(T0 + MINUTE);
    // Within the 12 quiet hours: held, owed.
    let mut later = b.visit("https://shop.example/www/product.html", T0 + HOUR, &[]);
    later.track("review", T0 + HOUR);
    assert!(later
        .session
        .device
        .history
        .owed
        .iter()
        .any(|o| o.gesture == "thanks-for-review" && o.held == Hold::Quiet));
    let quiet = b.visit("https://shop.example/", T0 + 6 * HOUR, &[]);
    assert_eq!(quiet.shown(), None, "still quiet");
    let after = b.visit("https://shop.example/", T0 + 13 * HOUR, &[]);
    assert_eq!(after.shown().as_deref(), Some("thanks-for-review"));
}

#[test]
fn a_purchase_on_a_page_the_widget_did_not_run_on_is_thanked_on_the_next_page() {
    // Shopify: the pixel writes the order into the inbox from the Thank you page.
    let b = Browser::new();
    b.visit("https://shop.example/", T0 - DAY, &[]);
    let inbox = b.inbox(
        "https://shop.example/checkouts/cn/Z2NwLWV1/thank-you",
        T0,
        &[purchase("5551234")],
    );
    let device = Device::open(example(), b.store.clone(), "shopper");
    let page = PageOptions {
        url: Some("https://shop.example/".into()),
        locale: "en".into(),
        ..PageOptions::default()
    };
    let mut s = Session::new(device, PlainFormatter::new("en"), page);
    s.replay(&inbox);
    s.navigate("https://shop.example/", T0 + 5 * MINUTE);
    let d = s.settle().unwrap();
    let g = d.gesture.expect("the thank-you, owed from the order page");
    assert_eq!(g.id, "thanks-after-purchase");
    assert!(g.text.contains("First-flush Darjeeling"), "{}", g.text);
    assert_eq!(s.device.history.agg.orders, 1);
    // The storefront's own GA4 purchase for the same order, arriving too, counts once.
    s.push(Some(&purchase("5551234").to_string()), T0 + 6 * MINUTE);
    assert_eq!(s.device.history.agg.orders, 1);
}

#[test]
fn a_milestone_marks_the_order_and_the_plain_thank_you_is_not_owed_beside_it() {
    let b = Browser::new();
    for (i, day) in [(1, 0), (2, 10)] {
        let mut p = b.visit(
            "https://shop.example/www/thank-you.html",
            T0 + day * DAY,
            &[purchase(&format!("T-{i}"))],
        );
        if p.shown().is_some() {
            p.dismiss(T0 + day * DAY + MINUTE);
        }
    }
    let third = b.visit(
        "https://shop.example/www/thank-you.html",
        T0 + 20 * DAY,
        &[purchase("T-3")],
    );
    assert_eq!(third.shown().as_deref(), Some("milestone-order"));
    assert!(
        third.session.device.history.owed.is_empty(),
        "{:?}",
        third.session.device.history.owed
    );
}

#[test]
fn owed_hours_zero_lets_the_moment_pass() {
    let mut config = example();
    for g in &mut config.gestures {
        if g.id == "thanks-after-purchase" {
            g.when.owed_hours = Some(0);
        }
    }
    let b = Browser::with(config);
    let mut p = b.visit("https://shop.example/", T0, &[]);
    p.dismiss(T0 + MINUTE);
    let order = b.visit(
        "https://shop.example/www/thank-you.html",
        T0 + HOUR,
        &[purchase("T-1")],
    );
    assert_eq!(order.shown(), None, "quiet after the dismissal");
    assert!(order
        .session
        .device
        .history
        .owed
        .iter()
        .all(|o| o.gesture != "thanks-after-purchase"));
}

/// A natural journey on the demo store: buy, come back, give feedback, buy again, review,
/// refer, a third order, a birthday. The shopper closes what they see, as people do. Every
/// moment is thanked, on some page within its window; the journey is printed (run with
/// `--nocapture` to read what was shown, on which page, and why).
#[test]
fn a_natural_journey_loses_no_moment() {
    let b = Browser::new();
    let t = |day: i64, hour: i64| T0 + day * DAY + hour * HOUR;
    let mut shown: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut look = |label: &str, page: &mut Page, at: Millis, close: bool| {
        if let Some(id) = page.shown() {
            shown.push((label.to_string(), id.clone(), page.why()));
            if close {
                page.session
                    .react(&id, r#"{"step":"dismissed"}"#, at + MINUTE);
            }
        }
    };
    // The shopper's birthday is 57 days after the journey starts.
    let birthday = json!({"first_name": "Jonas", "birthday": "1990-07-24"});
    // Day 0: first visit, then the first order (held by the quiet hour after the welcome's
    // dismissal: owed).
    let mut p = b.visit("https://shop.example/", t(0, 9), &[]);
    look("first visit", &mut p, t(0, 9), true);
    p.session.identify(&birthday.to_string(), t(0, 9));
    let mut p = b.visit(
        "https://shop.example/checkout/order-received/1/?key=wc_order_a",
        t(0, 10),
        &[step("begin_checkout"), purchase("J-1")],
    );
    look("order 1", &mut p, t(0, 10), true);
    // Day 1: back.
    let mut p = b.visit("https://shop.example/", t(1, 18), &[]);
    look("day 1", &mut p, t(1, 18), true);
    // Day 4: back; the feedback prompt, answered.
    let mut p = b.visit("https://shop.example/", t(4, 18), &[]);
    look("day 4", &mut p, t(4, 18), false);
    if p.shown().as_deref() == Some("post-purchase-feedback") {
        p.session.react(
            "post-purchase-feedback",
            r#"{"step":"feedback_submitted","score":9}"#,
            t(4, 18) + MINUTE,
        );
    }
    // Same visit: more pages, then the second order.
    for (i, url) in [
        "https://shop.example/www/product.html",
        "https://shop.example/www/cart.html",
    ]
    .iter()
    .enumerate()
    {
        let mut p = b.visit(url, t(4, 18) + (i as i64 + 2) * MINUTE, &[]);
        look("day 4, browsing", &mut p, t(4, 18), true);
    }
    let mut p = b.visit(
        "https://shop.example/checkout/order-received/2/?key=wc_order_b",
        t(4, 19),
        &[purchase("J-2")],
    );
    look("order 2", &mut p, t(4, 19), true);
    // Day 5: a review and a referral, on one page.
    let mut p = b.visit("https://shop.example/www/product.html", t(5, 12), &[]);
    look("day 5", &mut p, t(5, 12), true);
    p.session.track("review", None, t(5, 12) + 2 * MINUTE);
    p.session.track("referral", None, t(5, 12) + 3 * MINUTE);
    p.session.take_effects();
    for day in [6, 8, 9, 11, 12] {
        let mut p = b.visit("https://shop.example/", t(day, 12), &[]);
        look(&format!("day {day}"), &mut p, t(day, 12), true);
    }
    // Day 20: the third order (a milestone), then the birthday on day 59 (20 January).
    let mut p = b.visit(
        "https://shop.example/checkout/order-received/3/?key=wc_order_c",
        t(20, 9),
        &[purchase("J-3")],
    );
    look("order 3", &mut p, t(20, 9), true);
    for day in [21, 23, 52, 53, 55, 57, 58, 60] {
        let mut p = b.visit("https://shop.example/", t(day, 12), &[]);
        look(&format!("day {day}"), &mut p, t(day, 12), true);
    }
    for (label, id, why) in &shown {
        println!("{label:>16}: {id:<26} {}", why.join(" / "));
    }
    let ids: Vec<&str> = shown.iter().map(|(_, id, _)| id.as_str()).collect();
    for moment in [
        "thanks-after-purchase",
        "milestone-order",
        "thanks-for-review",
        "referral-give-a-friend",
        "birthday-gift",
    ] {
        assert!(ids.contains(&moment), "{moment} was lost: {ids:?}");
    }
    // Order 1 and order 2 each thanked (the milestone thanks order 3).
    assert!(
        ids.iter()
            .filter(|i| **i == "thanks-after-purchase")
            .count()
            >= 2,
        "{ids:?}"
    );
}

/// How a moment is held back in [`each_moment_held_back_each_way_is_owed_within_its_window`].
#[derive(Clone, Copy, Debug)]
enum HeldBy {
    /// The quiet hours after a dismissal.
    Quiet,
    /// The visit's budget (one gesture a visit), already spent.
    Budget,
    /// Another gesture on screen on the moment's page.
    OnScreen,
    /// A checkout page (for moments other than a purchase, whose page is past checkout).
    Checkout,
}

/// Each moment's gesture, held back each way, is shown on the next page within its window,
/// and not on a page after the window.
#[test]
fn each_moment_held_back_each_way_is_owed_within_its_window() {
    // (gesture, the moment's event, orders placed before, window in hours)
    let moments = [
        ("thanks-after-purchase", "purchase", 0, 72),
        ("milestone-order", "purchase", 2, 72),
        ("thanks-for-review", "review", 0, 168),
        ("referral-give-a-friend", "referral", 0, 168),
    ];
    let holds = [
        HeldBy::Quiet,
        HeldBy::Budget,
        HeldBy::OnScreen,
        HeldBy::Checkout,
    ];
    let mut tried = 0;
    for (gesture, event, earlier, window) in moments {
        for held in holds {
            if matches!(held, HeldBy::Checkout) && event == "purchase" {
                continue; // a purchase's page is past checkout: thanked there (tested above)
            }
            for (later, expect_shown) in [(13 * HOUR, true), ((window + 1) * HOUR, false)] {
                let mut config = example();
                if matches!(held, HeldBy::Budget) {
                    config.budget.max_per_session = 1;
                }
                let b = Browser::with(config);
                let start = T0 - 30 * DAY;
                for i in 0..earlier {
                    let at = start + i * 10 * DAY;
                    let mut p = b.visit(
                        "https://shop.example/www/thank-you.html",
                        at,
                        &[purchase(&format!("E-{i}"))],
                    );
                    if p.shown().is_some() {
                        p.dismiss(at + MINUTE);
                    }
                }
                // The moment's page, and what holds it back.
                let url = match held {
                    HeldBy::Checkout => "https://shop.example/checkout/",
                    _ => "https://shop.example/www/product.html",
                };
                let mut p = b.visit("https://shop.example/", T0 - 10 * MINUTE, &[]);
                match held {
                    HeldBy::Quiet => {
                        if p.shown().is_some() {
                            p.dismiss(T0 - 9 * MINUTE);
                        } else {
                            // Nothing to dismiss on this page: close the next that shows.
                            p.session.react(
                                "welcome-guide",
                                r#"{"step":"dismissed"}"#,
                                T0 - 9 * MINUTE,
                            );
                        }
                    }
                    HeldBy::Budget | HeldBy::OnScreen | HeldBy::Checkout => {}
                }
                let at = T0;
                let mut page = if matches!(held, HeldBy::OnScreen) {
                    p
                } else {
                    b.visit(url, at - MINUTE, &[])
                };
                if matches!(held, HeldBy::OnScreen) && page.shown().is_none() {
                    // Something on screen: the shopper's preview of a code, as a stand-in.
                    page.session.preview("repeat-buyer-code", at - MINUTE);
                }
                page.session.take_effects();
                match event {
                    "purchase" => page.session.push(Some(&purchase("M-1").to_string()), at),
                    name => page.session.track(name, None, at),
                }
                let shown_now = page
                    .session
                    .take_effects()
                    .iter()
                    .any(|e| matches!(e, Effect::Show(v) if v.contains(gesture)));
                let label = format!(
                    "{gesture} held by {held:?}, next page after {}h",
                    later / HOUR
                );
                if matches!(held, HeldBy::OnScreen) && page.session.on_screen().is_none() {
                    // The stand-in was a preview page's: nothing was held. Not this case.
                    continue;
                }
                assert!(
                    !shown_now,
                    "{label}: shown at once; history shows {:?}, session {:?}",
                    page.session.device.history.agg.shows,
                    page.session.device.history.agg.session_start
                );
                assert!(
                    page.session
                        .device
                        .history
                        .owed
                        .iter()
                        .any(|o| o.gesture == gesture),
                    "{label}: not owed: {:?}",
                    page.session.device.history.owed
                );
                let next = b.visit("https://shop.example/", at + later, &[]);
                assert_eq!(
                    next.shown().as_deref() == Some(gesture),
                    expect_shown,
                    "{label}: shown {:?}, why {:?}",
                    next.shown(),
                    next.why()
                );
                tried += 1;
            }
        }
    }
    assert!(tried >= 20, "{tried} cases");
}
