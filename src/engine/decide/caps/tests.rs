//! One `ok_` and one `err_` test per limit, each on stats or a profile built for it.

use super::*;
use crate::engine::profile::ProfileRules;
use crate::engine::time::{parse_instant, MINUTE};

fn at(s: &str) -> Millis {
    parse_instant(s).unwrap()
}

fn blank() -> Profile {
    Profile::build(&History::new("a"), &ProfileRules::default(), 0, 0)
}

fn stats(shows: &[Millis]) -> GestureStats {
    GestureStats {
        shown: shows.len() as u32,
        shows: shows.to_vec(),
        ..GestureStats::default()
    }
}

fn gesture(json: serde_json::Value) -> Gesture {
    serde_json::from_value(json).unwrap()
}

#[test]
fn ok_period_start() {
    let now = at("2026-03-10T12:00:00Z");
    let mut h = History::new("a");
    h.agg.session_start = Some(now - HOUR);
    let p = Profile {
        last_order_at: Some(now - 3 * DAY),
        ..blank()
    };
    assert_eq!(period_start(Period::Lifetime, &h, &p, now), None);
    assert_eq!(period_start(Period::Session, &h, &p, now), Some(now - HOUR));
    assert_eq!(
        period_start(Period::Order, &h, &p, now),
        Some(now - 3 * DAY)
    );
}

#[test]
fn ok_max_shows_earlier_cycle() {
    let now = at("2026-03-10T12:00:00Z");
    let s = stats(&[now - 10 * DAY]);
    let c = max_shows(1, Period::Order, &s, Some(now - DAY), now);
    assert_eq!(c.said(), "");
}

#[test]
fn err_max_shows_reached() {
    let now = at("2026-03-10T12:00:00Z");
    let s = stats(&[now - 10 * DAY]);
    let c = max_shows(1, Period::Lifetime, &s, None, now);
    assert_eq!(c.said(), "no: shown 1 time ever (cap 1)");
    let s = stats(&[now - 3 * DAY, now - DAY]);
    let c = max_shows(2, Period::Week, &s, Some(now - 7 * DAY), now);
    assert_eq!(c.said(), "no: shown 2 times in 7 days (cap 2)");
}

#[test]
fn ok_cooldown_over() {
    let now = at("2026-03-10T12:00:00Z");
    assert_eq!(cooldown(48, &stats(&[now - 3 * DAY]), now).said(), "");
    assert_eq!(cooldown(0, &stats(&[now]), now).said(), "");
}

#[test]
fn err_cooldown_within() {
    let now = at("2026-03-10T12:00:00Z");
    assert_eq!(
        cooldown(48, &stats(&[now - DAY]), now).said(),
        "no: cooling down for 48 hours after the last show"
    );
}

#[test]
fn ok_stop_after_dismiss_earlier_cycle() {
    let now = at("2026-03-10T12:00:00Z");
    let s = GestureStats {
        dismissed: Some(now - 10 * DAY),
        ..stats(&[now - 10 * DAY])
    };
    let c = stop_after_dismiss(Period::Order, &s, Some(now - DAY), now);
    assert_eq!(c.said(), "");
}

#[test]
fn err_stop_after_dismiss_this_cycle() {
    let now = at("2026-03-10T12:00:00Z");
    let s = GestureStats {
        dismissed: Some(now - HOUR),
        ..stats(&[now - HOUR])
    };
    let c = stop_after_dismiss(Period::Order, &s, Some(now - DAY), now);
    assert_eq!(c.said(), "no: dismissed since the last order");
}

#[test]
fn ok_stop_after_action_not_used() {
    let now = at("2026-03-10T12:00:00Z");
    let c = stop_after_action(Period::Session, &stats(&[now]), Some(now - HOUR), now);
    assert_eq!(c.said(), "");
}

#[test]
fn err_stop_after_action_used() {
    let now = at("2026-03-10T12:00:00Z");
    let s = GestureStats {
        acted: Some(now - 5 * MINUTE),
        ..stats(&[now - 10 * MINUTE])
    };
    let c = stop_after_action(Period::Session, &s, Some(now - HOUR), now);
    assert_eq!(c.said(), "no: already used this visit");
}

#[test]
fn ok_starts_started() {
    let c = starts(at("2026-03-01"), at("2026-03-10T12:00:00Z"));
    assert_eq!(c.said(), "ok: starts 2026-03-01T00:00:00Z");
}

#[test]
fn err_starts_not_yet() {
    let c = starts(at("2026-04-01"), at("2026-03-10T12:00:00Z"));
    assert_eq!(c.said(), "no: starts 2026-04-01T00:00:00Z");
}

#[test]
fn ok_ends_running() {
    let c = ends(at("2026-04-01"), at("2026-03-10T12:00:00Z"));
    assert_eq!(c.said(), "ok: ends 2026-04-01T00:00:00Z");
}

#[test]
fn err_ends_over() {
    let c = ends(at("2026-03-01"), at("2026-03-10T12:00:00Z"));
    assert_eq!(c.said(), "no: ends 2026-03-01T00:00:00Z");
}

fn code(valid_days: u32) -> Gesture {
    gesture(serde_json::json!({
        "id": "gift", "kind": "code", "title": "A gift",
        "code": {"value": "X", "expires_at": "2026-04-01", "valid_days": valid_days}
    }))
}

#[test]
fn ok_code_expiry_earliest_of_fixed_and_rolling() {
    let now = at("2026-03-10T12:00:00Z");
    let first = stats(&[at("2026-03-09T12:00:00Z")]);
    // Seven days after the first show, before the fixed date.
    let rolling = at("2026-03-16T12:00:00Z");
    assert_eq!(code_expiry(&code(7), Some(&first), now), Some(rolling));
    // Never shown yet: seven days from now.
    assert_eq!(code_expiry(&code(7), None, now), Some(now + 7 * DAY));
    // Thirty days after the first show is after the fixed date.
    let fixed = at("2026-04-01");
    assert_eq!(code_expiry(&code(30), Some(&first), now), Some(fixed));
}

#[test]
fn ok_code_expired_not_yet() {
    let now = at("2026-03-10T12:00:00Z");
    assert_eq!(code_expired(at("2026-04-01"), now).said(), "");
}

#[test]
fn err_code_expired() {
    let now = at("2026-03-10T12:00:00Z");
    assert_eq!(
        code_expired(at("2026-03-01"), now).said(),
        "no: the code expired 2026-03-01T00:00:00Z"
    );
}

#[test]
fn ok_code_in_hand_expired_or_unused() {
    let now = at("2026-03-10T12:00:00Z");
    let used = GestureStats {
        acted: Some(now - 9 * DAY),
        ..stats(&[now - 9 * DAY])
    };
    assert_eq!(
        code_in_hand(Some(&stats(&[now - DAY])), now + DAY, now).said(),
        ""
    );
    assert_eq!(code_in_hand(Some(&used), now, now).said(), "");
    assert_eq!(code_in_hand(None, now + DAY, now).said(), "");
}

/// The regulars' code, copied nine days ago and valid for 21 days, does not come back when
/// its weekly cap has passed.
#[test]
fn err_code_in_hand_still_valid() {
    let now = at("2026-03-10T12:00:00Z");
    let used = GestureStats {
        acted: Some(now - 9 * DAY),
        ..stats(&[now - 9 * DAY])
    };
    assert_eq!(
        code_in_hand(Some(&used), now + 12 * DAY, now).said(),
        "no: the shopper took the code 2026-03-01T12:00:00Z and it works until 2026-03-22T12:00:00Z"
    );
}

fn recommends_tea() -> Gesture {
    gesture(serde_json::json!({
        "id": "next", "kind": "banner", "title": "Next",
        "recommend": {"tea": {"label": "More tea", "url": "/tea"}}
    }))
}

#[test]
fn ok_recommend_available() {
    let p = Profile {
        last_categories: vec!["mugs".into(), "tea".into()],
        ..blank()
    };
    assert_eq!(recommend_available(&recommends_tea(), &p).said(), "");
}

#[test]
fn err_recommend_nothing() {
    let p = Profile {
        last_categories: vec!["mugs".into()],
        ..blank()
    };
    assert_eq!(
        recommend_available(&recommends_tea(), &p).said(),
        "no: nothing to recommend for the last order's categories"
    );
}

#[test]
fn ok_give_before_ask_thanked() {
    let order = at("2026-03-01T10:00:00Z");
    let thanks = Some(order + MINUTE);
    assert_eq!(
        give_before_ask(thanks, Some(order)).said(),
        "ok: a thank-you or gift came first in this cycle"
    );
    assert_eq!(
        give_before_ask(thanks, None).said(),
        "ok: a thank-you or gift came first in this cycle"
    );
}

#[test]
fn err_give_before_ask_not_this_cycle() {
    let order = at("2026-03-01T10:00:00Z");
    let thanks = Some(order - DAY);
    let text = "no: asks only after a thank-you or gift in this cycle";
    assert_eq!(give_before_ask(thanks, Some(order)).said(), text);
    assert_eq!(give_before_ask(None, None).said(), text);
}
