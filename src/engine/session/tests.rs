// Longer than 400 lines: every behaviour of the session (start-up, reactions, other tabs,
// preview, consent, the inbox), one test each, over the same small fixtures.

//! The recorder's session layer, natively, with the in-memory store: what the browser does
//! with each input is exactly what these tests drive.

use super::*;
use crate::engine::config::Config;
use crate::engine::history::{History, MemoryStore, SharedStore};
use crate::engine::template::PlainFormatter;
use crate::engine::time::{DAY, HOUR};

const T0: Millis = 1_780_000_000_000;
const PURCHASE: &str = r#"{"event":"purchase","ecommerce":{"transaction_id":"T-1","value":42.5,"currency":"EUR","items":[{"item_name":"Sencha Kyoto","item_category":"Green tea","price":42.5,"quantity":1}]}}"#;

fn example() -> Config {
    Config::parse(include_str!("../../../www/config.example.json")).unwrap()
}

fn page(url: &str) -> PageOptions {
    PageOptions {
        url: Some(url.into()),
        locale: "en".into(),
        config_hash: "abc:12".into(),
        ..PageOptions::default()
    }
}

fn session_with(
    store: MemoryStore,
    url: &str,
    preview_mode: bool,
) -> Session<MemoryStore, PlainFormatter> {
    let device = Device::open(example(), store, "shopper");
    let mut page = page(url);
    page.preview_mode = preview_mode;
    Session::new(device, PlainFormatter::new("en"), page)
}

fn session(url: &str) -> Session<MemoryStore, PlainFormatter> {
    session_with(MemoryStore::default(), url, false)
}

fn shown(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Show(json) => {
                let v: Value = serde_json::from_str(json).unwrap();
                Some(v["gesture"]["id"].as_str().unwrap().to_string())
            }
            _ => None,
        })
        .collect()
}

fn steps(effects: &[Effect]) -> Vec<Step> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Emit(s, _) => Some(*s),
            _ => None,
        })
        .collect()
}

use serde_json::Value;

/// The view the page hands the UI, pretty-printed.
fn view_shown(s: &mut Session<MemoryStore, PlainFormatter>) -> String {
    let json = s
        .take_effects()
        .into_iter()
        .find_map(|e| match e {
            Effect::Show(json) => Some(json),
            _ => None,
        })
        .expect("a gesture shown");
    serde_json::to_string_pretty(&serde_json::from_str::<Value>(&json).unwrap()).unwrap()
}

#[test]
fn ok_startup_is_one_decision_after_settle() {
    let mut s = session("https://shop.example/www/thank-you.html");
    s.navigate("https://shop.example/www/thank-you.html", T0);
    s.push(Some(PURCHASE), T0);
    assert!(shown(&s.take_effects()).is_empty(), "nothing before settle");
    let d = s.settle().unwrap();
    assert_eq!(d.gesture.unwrap().id, "thanks-after-purchase");
    let fx = s.take_effects();
    assert_eq!(steps(&fx), vec![Step::Ready, Step::Shown]);
    assert_eq!(shown(&fx), vec!["thanks-after-purchase"]);
    assert_eq!(s.on_screen(), Some("thanks-after-purchase"));
    // Recorded as shown, persisted, and as a gift: give-before-ask can count it.
    let stats = &s.device.history.gestures["thanks-after-purchase"];
    assert_eq!(stats.shown, 1);
    assert_eq!(s.device.history.agg.last_give, Some(T0));
    let stored = s.device.store().value.clone().unwrap();
    assert!(
        History::decode(&stored, "x").unwrap().history.gestures["thanks-after-purchase"].shown == 1
    );
}

#[test]
fn ok_the_view_the_ui_receives() {
    let mut s = session("https://shop.example/www/thank-you.html");
    s.navigate("https://shop.example/www/thank-you.html", T0);
    s.push(Some(PURCHASE), T0);
    s.settle();
    let pretty = view_shown(&mut s);
    // The browser test `tests/browser_view.rs` mounts the UI with this very snapshot.
    insta::assert_snapshot!("view_thank_you", pretty);
}

#[test]
fn ok_a_code_view_right_to_left_at_the_top() {
    let mut config = example();
    config.theme.position = crate::engine::config::Position::Top;
    // No fixed end date: only `valid_days` from the (future) preview, so the view never
    // expires on the browser's real clock.
    for g in &mut config.gestures {
        if let Some(code) = g.code.as_mut() {
            code.expires_at = None;
        }
    }
    let device = Device::open(config, MemoryStore::default(), "shopper");
    // Hebrew: right to left, and a language the example's texts lack, so they fall back to
    // English, each marked as English.
    let mut p = page("https://shop.example/");
    p.locale = "he".into();
    p.dir = Dir::Rtl;
    p.preview_mode = true;
    let mut s = Session::new(device, PlainFormatter::new("he"), p);
    // Years ahead: the browser test that mounts this view must not find the code expired.
    s.preview("repeat-buyer-code", 1_950_000_000_000);
    let pretty = view_shown(&mut s);
    // Mounted by `tests/browser_view.rs` too.
    insta::assert_snapshot!("view_code_rtl_top", pretty);
}

#[test]
fn ok_no_second_gesture_while_one_is_on_screen_then_closed() {
    let mut s = session("https://shop.example/www/thank-you.html");
    s.navigate("https://shop.example/www/thank-you.html", T0);
    s.push(Some(PURCHASE), T0);
    s.settle();
    s.take_effects();
    s.track("review", None, T0 + 1000);
    assert!(shown(&s.take_effects()).is_empty());
    s.react(
        "thanks-after-purchase",
        r#"{"step":"dismissed"}"#,
        T0 + 2000,
    );
    let fx = s.take_effects();
    assert_eq!(
        fx[0],
        Effect::Close("thanks-after-purchase".into()),
        "the loader removes it"
    );
    assert_eq!(steps(&fx), vec![Step::Dismissed]);
    assert_eq!(s.on_screen(), None);
    assert_eq!(
        s.device.history.gestures["thanks-after-purchase"].dismissed,
        Some(T0 + 2000)
    );
}

#[test]
fn ok_a_reloaded_confirmation_page_decides_nothing_new() {
    let mut s = session("https://shop.example/www/thank-you.html");
    s.navigate("https://shop.example/www/thank-you.html", T0);
    s.push(Some(PURCHASE), T0);
    s.settle();
    s.react("thanks-after-purchase", r#"{"step":"dismissed"}"#, T0 + 1);
    s.take_effects();
    let before = s.device.history.agg.orders;
    s.push(Some(PURCHASE), T0 + HOUR);
    assert_eq!(s.device.history.agg.orders, before);
    assert!(shown(&s.take_effects()).is_empty());
}

#[test]
fn ok_preview_page_stores_and_decides_nothing() {
    let mut s = session_with(MemoryStore::default(), "https://shop.example/", true);
    s.navigate("https://shop.example/", T0);
    s.push(Some(PURCHASE), T0);
    assert!(s.settle().is_none());
    // Years ahead: the browser test that mounts this view must not find the code expired.
    s.preview("repeat-buyer-code", 1_950_000_000_000);
    let fx = s.take_effects();
    assert_eq!(shown(&fx), vec!["repeat-buyer-code"]);
    s.react("repeat-buyer-code", r#"{"step":"code_revealed"}"#, T0 + 1);
    assert!(s.device.store().value.is_none(), "nothing written");
    assert!(!s.device.history.gestures.contains_key("repeat-buyer-code"));
    assert!(s.alarm(T0).is_none());
    let fx = s.take_effects();
    let Some(Effect::Emit(Step::CodeRevealed, d)) = fx.last() else {
        panic!("{fx:?}")
    };
    assert_eq!(d.preview, Some(true));
}

#[test]
fn ok_feedback_is_recorded_announced_and_sent() {
    let mut s = session("https://shop.example/");
    s.navigate("https://shop.example/", T0);
    s.settle();
    s.take_effects();
    s.leave();
    s.react(
        "post-purchase-feedback",
        r#"{"step":"feedback_submitted","score":9,"comment":"more oolong\u0007"}"#,
        T0,
    );
    let fx = s.take_effects();
    let Some(Effect::Beacon { url, payload }) = fx.first() else {
        panic!("{fx:?}")
    };
    assert_eq!(url, "/api/feedback");
    let p: Value = serde_json::from_str(payload).unwrap();
    // The same text `json!` wrote.
    assert_eq!(payload, &p.to_string());
    assert_eq!(p["comment"], "more oolong", "control characters dropped");
    assert_eq!(p["page"], "https://shop.example/");
    let Some(Effect::Emit(Step::FeedbackSubmitted, d)) = fx.last() else {
        panic!("{fx:?}")
    };
    assert_eq!(d.score, Some(Some(9)));
    assert_eq!(d.gesture_kind, Some(crate::engine::config::Kind::Feedback));
    assert_eq!(s.device.history.agg.feedback_count, 1);
}

#[test]
fn ok_detail_and_push_json() {
    let d = Detail {
        gesture_id: Some("g".into()),
        gesture_kind: Some(crate::engine::config::Kind::ThankYou),
        preview: Some(false),
        ..Detail::default()
    };
    assert_eq!(
        d.json(),
        r#"{"gesture_id":"g","gesture_kind":"thank_you","preview":false}"#
    );
    assert_eq!(
        d.push_json(Step::Shown),
        r#"{"event":"reciprocity_shown","gesture_id":"g","gesture_kind":"thank_you","preview":false}"#
    );
    assert_eq!(
        Detail::default().push_json(Step::Ready),
        r#"{"event":"reciprocity_ready"}"#
    );
    let feedback = Detail {
        score: Some(None),
        comment: Some(None),
        ..Detail::default()
    };
    assert_eq!(feedback.json(), r#"{"score":null,"comment":null}"#);
}

#[test]
fn err_unreadable_inputs_are_reported() {
    let mut s = session("https://shop.example/");
    s.push(None, T0);
    s.push(Some("{not json"), T0);
    s.track("", None, T0);
    s.identify("[1]", T0);
    s.react("g", r#"{"step":"clicked"}"#, T0);
    s.replay("{}");
    let fx = s.take_effects();
    let messages: Vec<String> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Emit(Step::Error, d) => d.message.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(messages.len(), 6, "{messages:?}");
    assert!(messages[0].starts_with("dataLayer: a push could not be read"));
    assert!(messages[1].starts_with("dataLayer: not JSON"));
    assert!(messages[4].starts_with("unknown gesture report"));
    assert_eq!(messages[5], "inbox: unreadable, dropped");
}

#[test]
fn ok_replay_takes_in_the_sleeping_pages_with_their_times() {
    let mut s = session("https://shop.example/");
    let inbox = serde_json::json!([
        {"t": T0 - DAY, "url": "https://shop.example/www/product.html", "dl": [PURCHASE, "{\"event\":\"gtm.js\"}", 7], "calls": [["review", null]]},
        {"url": "no time: skipped"},
        {"t": T0 - HOUR, "url": "https://shop.example/", "dl": [], "calls": []}
    ]);
    s.replay(&inbox.to_string());
    let h = &s.device.history;
    assert_eq!(h.agg.orders, 1);
    assert_eq!(h.agg.first_order, Some(T0 - DAY));
    assert!(s.take_effects().is_empty(), "no decision for past pages");
    assert!(s.device.store().value.is_some(), "persisted once");
    assert!(s.alarm(T0).is_some());
}

#[test]
fn ok_consent_withheld_forgets_and_writes_nothing() {
    let mut s = session("https://shop.example/");
    s.navigate("https://shop.example/", T0);
    assert!(s.device.store().value.is_some());
    s.consent(false, "fresh");
    assert!(s.device.store().value.is_none());
    s.push(Some(PURCHASE), T0 + 1);
    assert!(
        s.device.store().value.is_none(),
        "nothing written without consent"
    );
    assert!(s.alarm(T0).is_none());
    assert!(
        s.take_effects().contains(&Effect::Wipe),
        "the loader's keys go too"
    );
    s.consent(true, "fresh");
    assert!(s.device.store().value.is_some());
}

const DENIED: &str = r#"["consent","default",{"ad_storage":"denied","personalization_storage":"denied","wait_for_update":500}]"#;
const GRANTED: &str =
    r#"["consent","update",{"ad_storage":"granted","personalization_storage":"granted"}]"#;
const REVOKED: &str = r#"["consent","update",{"personalization_storage":"denied"}]"#;

/// A device that bought twice on earlier visits, with consent.
fn returning_store() -> MemoryStore {
    let mut s = session("https://shop.example/");
    for (i, id) in ["A-1", "A-2"].iter().enumerate() {
        let push = PURCHASE.replace("T-1", id);
        s.push(Some(&push), T0 - (10 - i as i64) * DAY);
    }
    s.device.store().clone()
}

fn page_with_consent(
    store: MemoryStore,
    consent: Option<bool>,
) -> Session<MemoryStore, PlainFormatter> {
    let device = Device::open(example(), store, "shopper");
    let mut p = page("https://shop.example/www/thank-you.html");
    p.consent = consent;
    p.fresh_id = "fresh".into();
    Session::new(device, PlainFormatter::new("en"), p)
}

#[test]
fn ok_consent_mode_default_denied_writes_nothing_and_uses_only_the_page() {
    let stored = returning_store();
    let before = stored.value.clone();
    let mut s = page_with_consent(stored, Some(false));
    s.navigate("https://shop.example/www/thank-you.html", T0);
    s.push(Some(PURCHASE), T0);
    let d = s.settle().unwrap();
    // What the page says: a purchase, thanked; not the third order the device remembers.
    assert_eq!(d.gesture.unwrap().id, "thanks-after-purchase");
    assert_eq!(s.device.history.agg.orders, 1);
    assert_eq!(s.device.store().value, before, "nothing written");
    assert!(s.alarm(T0).is_none());
    // The banner's update grants: the stored history comes back with this page's order.
    s.push(Some(GRANTED), T0 + 1);
    assert!(s.consent_granted());
    assert_eq!(s.device.history.agg.orders, 3);
    assert_eq!(
        s.device.history.gestures["thanks-after-purchase"].shown, 1,
        "the thank-you shown meanwhile counts for its cap"
    );
    let written = History::decode(s.device.store().value.as_deref().unwrap(), "x").unwrap();
    assert_eq!(written.history.agg.orders, 3);
}

#[test]
fn ok_consent_mode_revocation_forgets() {
    let mut s = page_with_consent(returning_store(), Some(true));
    s.navigate("https://shop.example/", T0);
    assert_eq!(s.device.history.agg.orders, 2);
    s.take_effects();
    s.push(Some(REVOKED), T0 + 1);
    assert!(!s.consent_granted());
    assert!(s.device.store().value.is_none(), "forgotten");
    assert_eq!(s.device.history.agg.orders, 0);
    assert!(s.take_effects().contains(&Effect::Wipe));
    s.push(Some(PURCHASE), T0 + 2);
    assert!(
        s.device.store().value.is_none(),
        "and nothing written after"
    );
}

#[test]
fn ok_consent_mode_default_denied_on_a_page_that_granted_before_is_not_a_revocation() {
    let stored = returning_store();
    let mut s = page_with_consent(stored, None);
    s.navigate("https://shop.example/", T0);
    s.push(Some(DENIED), T0);
    assert!(s.device.store().value.is_some(), "kept, not forgotten");
    s.push(Some(GRANTED), T0 + 1);
    assert_eq!(s.device.history.agg.orders, 2);
}

#[test]
fn ok_consent_required_waits_for_the_call() {
    let mut config = example();
    config.consent = crate::engine::consent::Policy::Required;
    let device = Device::open(config, MemoryStore::default(), "shopper");
    let mut s = Session::new(
        device,
        PlainFormatter::new("en"),
        page("https://shop.example/"),
    );
    s.navigate("https://shop.example/", T0);
    s.push(Some(PURCHASE), T0);
    assert!(s.device.store().value.is_none());
    s.consent(true, "fresh");
    let written = History::decode(s.device.store().value.as_deref().unwrap(), "x").unwrap();
    assert_eq!(
        written.history.agg.orders, 1,
        "the page's order, kept on the grant"
    );
}

#[test]
fn ok_a_gesture_dismissed_in_another_tab_closes_here() {
    let store = SharedStore::default();
    let tab = |url: &str| {
        let device = Device::open(example(), store.clone(), "shopper");
        Session::new(device, PlainFormatter::new("en"), page(url))
    };
    let mut here = tab("https://shop.example/www/thank-you.html");
    here.navigate("https://shop.example/www/thank-you.html", T0);
    here.push(Some(PURCHASE), T0);
    here.settle();
    here.take_effects();
    let mut there = tab("https://shop.example/");
    there.react("thanks-after-purchase", r#"{"step":"dismissed"}"#, T0 + 5);
    here.sync();
    assert_eq!(
        here.take_effects(),
        vec![Effect::Close("thanks-after-purchase".into())]
    );
    assert_eq!(here.on_screen(), None);
}

#[test]
fn ok_checkout_pages_show_nothing_and_say_so_to_the_loader() {
    let s = session("https://shop.example/checkout/payment");
    assert!(!s.may_show_here());
    assert!(session("https://shop.example/").may_show_here());
}

#[test]
fn ok_alarm_once_per_change_with_the_config_hash() {
    let mut s = session("https://shop.example/");
    s.navigate("https://shop.example/", T0);
    s.settle();
    let a = s.alarm(T0).unwrap();
    assert_eq!(a.config, "abc:12");
    let text = serde_json::to_value(&a).unwrap();
    assert_eq!(text["v"], 1);
    assert!(s.alarm(T0).is_none(), "nothing changed since");
}

#[test]
fn ok_enum_names_are_serde_names() {
    use crate::engine::config::{Kind, Position, Scale};
    for k in [Kind::ThankYou, Kind::Code, Kind::Feedback, Kind::Banner] {
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        assert_eq!(Kind::from_name(k.as_str()), Some(k));
    }
    for s in [Scale::Stars, Scale::Nps, Scale::Text] {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        assert_eq!(Scale::from_name(s.as_str()), Some(s));
    }
    for p in [
        Position::BottomEnd,
        Position::BottomStart,
        Position::Top,
        Position::Bottom,
    ] {
        assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
        assert_eq!(Position::from_name(p.as_str()), Some(p));
    }
    use crate::engine::config::Format;
    for f in [
        Format::Card,
        Format::Bar,
        Format::SlideIn,
        Format::Inline,
        Format::Tab,
    ] {
        assert_eq!(serde_json::to_value(f).unwrap(), f.as_str());
        assert_eq!(Format::from_name(f.as_str()), Some(f));
    }
    assert_eq!(Kind::from_name("Thank_You"), None);
}

/// "Stop showing me these": the gesture on screen closes, everything else is forgotten, and
/// on later pages nothing is recorded, nothing is shown, and nothing wakes the recorder.
#[test]
fn ok_opt_out_stops_showing_and_recording() {
    let mut s = session("https://shop.example/www/thank-you.html");
    s.navigate("https://shop.example/www/thank-you.html", T0);
    s.push(Some(PURCHASE), T0);
    s.settle();
    assert_eq!(shown(&s.take_effects()), vec!["thanks-after-purchase"]);
    s.opt_out("fresh", T0 + 1000);
    let fx = s.take_effects();
    assert!(
        fx.contains(&Effect::Close("thanks-after-purchase".into())),
        "{fx:?}"
    );
    assert!(fx.contains(&Effect::Wipe), "{fx:?}");
    let alarm = s.alarm(T0 + 1000).expect("an alarm");
    assert!(alarm.events.is_empty() && alarm.urls.is_empty() && alarm.out);
    // The next visit, days later, on the device's stored form.
    let store = s.device.store().clone();
    let stored = store.value.clone().expect("the choice is kept");
    assert!(!stored.contains("thanks-after-purchase"), "{stored}");
    let mut s = session_with(store, "https://shop.example/", false);
    s.navigate("https://shop.example/", T0 + 3 * DAY);
    s.push(Some(PURCHASE), T0 + 3 * DAY);
    let d = s.settle();
    assert!(d.as_ref().is_none_or(|d| d.gesture.is_none()), "{d:?}");
    assert!(shown(&s.take_effects()).is_empty());
    assert_eq!(s.device.history.agg.orders, 0, "nothing recorded");
    let export = serde_json::to_value(s.device.history.export()).unwrap();
    assert_eq!(
        export["opted_out_at"],
        crate::engine::time::format_instant(T0 + 1000)
    );
}

#[test]
fn ok_a_gesture_that_never_reached_the_screen_is_taken_back_and_owed() {
    let url = "https://shop.example/www/thank-you.html";
    let mut s = session(url);
    s.navigate(url, T0);
    s.push(Some(PURCHASE), T0);
    s.settle();
    assert_eq!(shown(&s.take_effects()), vec!["thanks-after-purchase"]);
    let before_shows = s.device.history.agg.shows.len();
    // The UI module could not load (or refused the view): the loader says so.
    s.not_shown("thanks-after-purchase", T0 + 500);
    let fx = s.take_effects();
    assert!(fx.contains(&Effect::Close("thanks-after-purchase".into())));
    assert_eq!(steps(&fx), vec![Step::Closed]);
    assert_eq!(s.on_screen(), None);
    let h = &s.device.history;
    let stats = &h.gestures["thanks-after-purchase"];
    assert_eq!(
        (stats.shown, stats.shows.len()),
        (0, 0),
        "not counted as shown"
    );
    assert_eq!(h.agg.shows.len(), before_shows - 1);
    assert_eq!(h.agg.last_give, None, "give-before-ask does not count it");
    assert!(!h.agg.times.contains_key("reciprocity_shown"));
    let owed: Vec<_> = h.owed.iter().map(|o| (o.gesture.as_str(), o.at)).collect();
    assert_eq!(owed, vec![("thanks-after-purchase", T0)], "owed again");
    // A second report of it changes nothing more.
    s.not_shown("thanks-after-purchase", T0 + 600);
    assert_eq!(s.device.history.owed.len(), 1);
    // The next page (on the stored form) shows it.
    let store = s.device.store().clone();
    let mut s = session_with(store, "https://shop.example/", false);
    s.navigate("https://shop.example/", T0 + HOUR);
    let d = s.settle().expect("a decision");
    assert_eq!(
        d.gesture.map(|g| g.id).as_deref(),
        Some("thanks-after-purchase")
    );
    assert!(s.device.history.owed.is_empty());
    assert_eq!(s.device.history.gestures["thanks-after-purchase"].shown, 1);
}

#[test]
fn ok_a_moment_is_taken_back_once_then_its_show_counts() {
    let url = "https://shop.example/www/thank-you.html";
    let mut s = session(url);
    s.navigate(url, T0);
    s.push(Some(PURCHASE), T0);
    s.settle();
    s.not_shown("thanks-after-purchase", T0 + 500);
    assert!(s.device.history.owed[0].unseen);
    let store = s.device.store().clone();
    let mut s = session_with(store, "https://shop.example/", false);
    s.navigate("https://shop.example/", T0 + HOUR);
    s.settle();
    assert_eq!(shown(&s.take_effects()), vec!["thanks-after-purchase"]);
    // It fails again (this browser cannot show it): now the show counts, and it is not
    // offered on every page after.
    s.not_shown("thanks-after-purchase", T0 + HOUR + 1);
    assert!(s.device.history.owed.is_empty());
    assert_eq!(s.device.history.gestures["thanks-after-purchase"].shown, 1);
}

#[test]
fn ok_a_gesture_without_a_moment_that_never_reached_the_screen_counts_as_shown() {
    let mut s = session("https://shop.example/www/product.html");
    s.navigate("https://shop.example/www/product.html", T0);
    s.settle();
    assert_eq!(shown(&s.take_effects()), vec!["welcome-guide"]);
    s.not_shown("welcome-guide", T0 + 1);
    assert_eq!(s.device.history.gestures["welcome-guide"].shown, 1);
    assert!(s.device.history.owed.is_empty());
    assert_eq!(s.on_screen(), None);
}

#[test]
fn ok_a_preview_that_never_reached_the_screen_takes_nothing_back() {
    let url = "https://shop.example/www/thank-you.html";
    let mut s = session(url);
    s.navigate(url, T0);
    s.push(Some(PURCHASE), T0);
    s.settle();
    s.react("thanks-after-purchase", r#"{"step":"dismissed"}"#, T0 + 1);
    s.preview("thanks-after-purchase", T0 + 2);
    s.not_shown("thanks-after-purchase", T0 + 3);
    assert_eq!(s.device.history.gestures["thanks-after-purchase"].shown, 1);
    assert!(s.device.history.owed.is_empty());
}

#[test]
fn ok_a_show_forgotten_meanwhile_is_not_taken_back() {
    let url = "https://shop.example/www/thank-you.html";
    let mut s = session(url);
    s.navigate(url, T0);
    s.push(Some(PURCHASE), T0);
    s.settle();
    s.forget("fresh");
    s.not_shown("thanks-after-purchase", T0 + 1);
    assert!(
        s.device.history.owed.is_empty(),
        "nothing of before the forget"
    );
}

/// Whether `store` holds a device that opted out, and nothing else: no id, no data.
fn stores_only_the_opt_out(store: &MemoryStore) -> bool {
    let value = store.value.as_deref().expect("the choice is kept");
    let h = History::decode(value, "x").unwrap().history;
    let only = History {
        opted_out: h.opted_out,
        ..History::new("")
    };
    h.opted_out.is_some() && h == only
}

#[test]
fn ok_the_opt_out_outlives_forget_and_a_consent_revocation() {
    let mut s = page_with_consent(returning_store(), Some(true));
    s.navigate("https://shop.example/", T0);
    s.opt_out("fresh", T0 + 1);
    // `reciprocity('forget')`: everything goes, but the choice.
    s.forget("fresher");
    assert!(stores_only_the_opt_out(s.device.store()));
    // The page's Consent Mode revokes: the same.
    s.push(Some(REVOKED), T0 + 2);
    assert!(stores_only_the_opt_out(s.device.store()));
    // Even without consent the loader is told to stay asleep.
    let alarm = s.alarm(T0 + 2).expect("an opted-out device's alarm");
    assert!(alarm.out);
    // The next page, consent denied by default: nothing shows, nothing is written.
    let mut s = page_with_consent(s.device.store().clone(), Some(false));
    s.navigate("https://shop.example/www/thank-you.html", T0 + DAY);
    s.push(Some(PURCHASE), T0 + DAY);
    let d = s.settle();
    assert!(d.as_ref().is_none_or(|d| d.gesture.is_none()), "{d:?}");
    assert!(stores_only_the_opt_out(s.device.store()));
}

#[test]
fn ok_an_opt_out_while_consent_is_withheld_is_kept() {
    let mut s = page_with_consent(returning_store(), Some(false));
    s.navigate("https://shop.example/www/thank-you.html", T0);
    s.push(Some(PURCHASE), T0);
    s.settle();
    s.opt_out("fresh", T0 + 1);
    assert!(stores_only_the_opt_out(s.device.store()));
    // A grant later on the page brings nothing back.
    s.push(Some(GRANTED), T0 + 2);
    assert!(stores_only_the_opt_out(s.device.store()));
    assert_eq!(s.device.history.agg.orders, 0);
}

#[test]
fn ok_forget_without_an_opt_out_leaves_nothing() {
    let mut s = page_with_consent(returning_store(), Some(true));
    s.navigate("https://shop.example/", T0);
    s.forget("fresh");
    assert!(s.device.store().value.is_none());
}

#[test]
fn ok_no_first_visit_welcome_after_forget_in_the_same_visit() {
    let url = "https://shop.example/www/product.html";
    let mut s = session(url);
    s.navigate(url, T0);
    s.settle();
    assert_eq!(shown(&s.take_effects()), vec!["welcome-guide"]);
    s.forget("fresh");
    let fx = s.take_effects();
    assert!(
        steps(&fx).contains(&Step::Forgotten),
        "the recorder marks the tab"
    );
    // The alarm says so too: the next pages of the visit do not wake the recorder for a
    // first-visit welcome.
    let alarm = s.alarm(T0 + 1000).expect("an alarm");
    assert!(alarm.at > T0 + DAY, "{}", alarm.at - T0);
    // The next page of the visit: the tab says it forgot.
    let mut p = page(url);
    p.forgot = true;
    let device = Device::open(example(), s.device.store().clone(), "shopper");
    let mut s = Session::new(device, PlainFormatter::new("en"), p);
    s.navigate(url, T0 + 60_000);
    let d = s.settle();
    assert!(d.as_ref().is_none_or(|d| d.gesture.is_none()), "{d:?}");
    // A purchase in that visit is still thanked.
    s.push(Some(PURCHASE), T0 + 120_000);
    assert_eq!(shown(&s.take_effects()), vec!["thanks-after-purchase"]);
}

#[test]
fn ok_a_quiet_first_page_keeps_the_visit_s_referring_site() {
    // The visit began on a page where the recorder slept: the loader noted its referrer.
    let mut s = session("https://shop.example/www/product.html");
    let inbox = r#"[{"t": 1780000000000, "url": "https://shop.example/?utm_source=tea-blog", "ref": "https://www.tea-blog.example/reviews/sencha?x=1", "dl": [], "calls": []}]"#;
    s.replay(inbox);
    s.navigate("https://shop.example/www/product.html", T0 + 60_000);
    let landing = s.device.history.agg.landing.clone().expect("a landing");
    assert_eq!(landing.referrer.as_deref(), Some("tea-blog.example"));
    assert_eq!(landing.source.as_deref(), Some("tea-blog"));
}
