//! The rules for every gesture: the holdout group, pages and events where nothing is shown,
//! and the attention budget (per visit, per week, gap between gestures, quiet after a
//! dismissal). They report only when they block, under the gesture `*`.

use super::{plural, seen, Check, Checks, Context};
use crate::engine::config::{Config, Holdout};
use crate::engine::event::Event;
use crate::engine::history::History;
use crate::engine::owed::Hold;
use crate::engine::time::{Millis, DAY, HOUR, MINUTE};
use crate::engine::url::url_matches;

/// What the global rules found.
pub(super) struct Globals {
    /// The shopper is in the holdout group: nothing is shown, nothing is owed.
    pub held_out: bool,
    /// The first rule that holds every gesture back on this page; a moment due now is owed.
    pub hold: Option<Hold>,
    /// At most one gesture left in the visit's or the week's budget: thanks and gifts go
    /// first.
    pub tight: bool,
    /// One gesture left in the week's budget (of more than one): it is kept for a thank-you
    /// or a gift.
    pub keep_last: bool,
}

/// Every global rule, in the order the store owner reads them.
pub(super) fn global_checks(
    config: &Config,
    h: &History,
    ctx: &Context,
    c: &mut Checks,
) -> Globals {
    let b = &config.budget;
    let now = ctx.now;
    let shows = &h.agg.shows;
    let held_out = holdout(&config.holdout, &h.id);
    let mut g = Globals {
        held_out: blocks(&held_out),
        hold: ctx.hold,
        tight: false,
        keep_last: false,
    };
    if let Some(hold) = ctx.hold {
        c.add("page", page_hold(hold));
    }
    c.add("holdout", held_out);
    let add = |c: &mut Checks, g: &mut Globals, hold: Hold, check: Check| {
        if blocks(&check) {
            g.hold.get_or_insert(hold);
        }
        c.add("budget", check);
    };
    let checkout = [
        never_on(&b.never_on, ctx.url),
        never_after_events(&b.never_after_events, ctx.events),
    ];
    // A page where a purchase is recorded is the order's confirmation: past checkout,
    // whatever its URL (`/checkout/order-received/…`) and whatever checkout steps a plugin
    // pushed again before the purchase.
    let purchased = ctx.purchased_here || ctx.events.iter().any(|e| e.name == "purchase");
    if purchased && checkout.iter().any(blocks) {
        c.add("budget", past_checkout());
    } else {
        for check in checkout {
            add(c, &mut g, Hold::Checkout, check);
        }
    }
    let start = h.agg.session_start;
    add(
        c,
        &mut g,
        Hold::Budget,
        per_session(b.max_per_session, shows, start, now),
    );
    add(
        c,
        &mut g,
        Hold::Budget,
        per_week(b.max_per_week, shows, now),
    );
    add(
        c,
        &mut g,
        Hold::Budget,
        min_gap(b.min_gap_minutes, shows, now),
    );
    let dismissed = h.agg.last_dismissal;
    let quiet = quiet_after_dismiss(b.quiet_after_dismiss_hours, dismissed, now);
    add(c, &mut g, Hold::Quiet, quiet);
    let (visit_left, week_left) = slots_left(b.max_per_session, b.max_per_week, shows, start, now);
    g.tight = visit_left.min(week_left) <= 1;
    g.keep_last = b.max_per_week > 1 && week_left == 1;
    g
}

/// Whether a check blocks.
fn blocks(check: &Check) -> bool {
    matches!(check.reason(), Some((false, _)))
}

/// Why the page itself shows nothing, whatever the rules.
fn page_hold(hold: Hold) -> Check {
    Check::blocks(reason!("held back by {}", super::moments::hold_text(hold)))
}

/// The checkout rules do not apply on the page of a purchase.
fn past_checkout() -> Check {
    Check::Quiet(
        true,
        reason!("past checkout: a purchase was recorded on this page"),
    )
}

/// Gestures the visit's and the week's budgets still allow.
fn slots_left(
    per_visit: u32,
    per_week: u32,
    shows: &[Millis],
    session_start: Option<Millis>,
    now: Millis,
) -> (usize, usize) {
    let start = session_start.unwrap_or(now);
    let visit = shows.iter().filter(|t| seen(**t, now) >= start).count();
    let week = shows
        .iter()
        .filter(|t| seen(**t, now) > now - 7 * DAY)
        .count();
    (
        (per_visit as usize).saturating_sub(visit),
        (per_week as usize).saturating_sub(week),
    )
}

/// The week's last gesture is kept for a thank-you or a gift: an ask or a plain banner waits
/// for the next week's budget.
pub(super) fn kept_for_gives() -> Check {
    Check::blocks(reason!(
        "the week's last gesture is kept for a thank-you or a gift"
    ))
}

/// FNV-1a, 64 bit: a stable hash for holdout groups (the same on every platform).
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn held_out(holdout: &Holdout, shopper_id: &str) -> bool {
    let share = (holdout.percent * 100.0).round() as u64;
    share > 0 && fnv1a(&format!("{}:{shopper_id}", holdout.salt)) % 10_000 < share
}

/// Whether a shopper id falls in the holdout group.
pub fn in_holdout(config: &Config, shopper_id: &str) -> bool {
    held_out(&config.holdout, shopper_id)
}

/// A shopper in the holdout group sees nothing, so that lift can be measured.
fn holdout(holdout: &Holdout, shopper_id: &str) -> Check {
    if !held_out(holdout, shopper_id) {
        return Check::Silent;
    }
    Check::blocks(reason!(
        "this shopper is in the {}% holdout group that sees no gestures",
        holdout.percent
    ))
}

/// The `never_on` pattern `url` matches, if any.
pub(crate) fn never_on_hit<'p>(patterns: &'p [String], url: Option<&str>) -> Option<&'p String> {
    url.and_then(|url| patterns.iter().find(|p| url_matches(p, url)))
}

/// Nothing on pages matching `never_on` (checkout).
fn never_on(patterns: &[String], url: Option<&str>) -> Check {
    let hit = never_on_hit(patterns, url);
    match hit {
        Some(p) => Check::blocks(reason!(
            "nothing is shown on pages matching {p:?} (checkout)"
        )),
        None => Check::Silent,
    }
}

/// Nothing during the events of `never_after_events` (checkout steps).
fn never_after_events(names: &[String], events: &[Event]) -> Check {
    match events.iter().find(|e| names.contains(&e.name)) {
        Some(e) => Check::blocks(reason!(
            "nothing is shown after a {:?} event (checkout)",
            e.name
        )),
        None => Check::Silent,
    }
}

/// At most `max` gestures in the current visit.
fn per_session(max: u32, shows: &[Millis], session_start: Option<Millis>, now: Millis) -> Check {
    let start = session_start.unwrap_or(now);
    let n = shows.iter().filter(|t| seen(**t, now) >= start).count();
    if n < max as usize {
        return Check::Silent;
    }
    Check::blocks(reason!(
        "{} already shown this visit (budget {max})",
        plural(n as i64, "gesture", "gestures"),
    ))
}

/// At most `max` gestures in any 7 days.
fn per_week(max: u32, shows: &[Millis], now: Millis) -> Check {
    let n = shows
        .iter()
        .filter(|t| seen(**t, now) > now - 7 * DAY)
        .count();
    if n < max as usize {
        return Check::Silent;
    }
    Check::blocks(reason!(
        "{} already shown in the last 7 days (budget {max})",
        plural(n as i64, "gesture", "gestures"),
    ))
}

/// At least `minutes` between two gestures.
fn min_gap(minutes: u32, shows: &[Millis], now: Millis) -> Check {
    let gap = i64::from(minutes) * MINUTE;
    match shows.last() {
        Some(last) if seen(*last, now) + gap > now && gap > 0 => Check::blocks(reason!(
            "less than {minutes} minutes since the last gesture"
        )),
        _ => Check::Silent,
    }
}

/// Nothing for `hours` after the shopper dismissed any gesture.
fn quiet_after_dismiss(hours: u32, last_dismissal: Option<Millis>, now: Millis) -> Check {
    let quiet = i64::from(hours) * HOUR;
    match last_dismissal {
        Some(d) if seen(d, now) + quiet > now && quiet > 0 => {
            Check::blocks(reason!("quiet for {hours} hours after a dismissal"))
        }
        _ => Check::Silent,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const NOW: Millis = 100 * DAY;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ok_fnv1a_is_the_reference_hash() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn ok_holdout_none() {
        assert_eq!(holdout(&Holdout::default(), "shopper").said(), "");
    }

    #[test]
    fn err_holdout_everyone() {
        let all = Holdout {
            percent: 100.0,
            salt: "s".into(),
        };
        assert_eq!(
            holdout(&all, "shopper").said(),
            "no: this shopper is in the 100% holdout group that sees no gestures"
        );
    }

    #[test]
    fn ok_never_on_other_page() {
        let pats = strings(&["*/checkout*"]);
        assert_eq!(never_on(&pats, Some("https://shop.test/cart")).said(), "");
        assert_eq!(never_on(&pats, None).said(), "");
    }

    #[test]
    fn err_never_on_checkout() {
        let pats = strings(&["*/checkout*"]);
        assert_eq!(
            never_on(&pats, Some("https://shop.test/checkout/pay")).said(),
            r#"no: nothing is shown on pages matching "*/checkout*" (checkout)"#
        );
    }

    #[test]
    fn ok_never_after_events_other_event() {
        let names = strings(&["begin_checkout"]);
        let events = [Event::new("view_item", NOW)];
        assert_eq!(never_after_events(&names, &events).said(), "");
    }

    #[test]
    fn err_never_after_events_during_checkout() {
        let names = strings(&["begin_checkout"]);
        let events = [
            Event::new("page_view", NOW),
            Event::new("begin_checkout", NOW),
        ];
        assert_eq!(
            never_after_events(&names, &events).said(),
            r#"no: nothing is shown after a "begin_checkout" event (checkout)"#
        );
    }

    #[test]
    fn ok_per_session_earlier_visit() {
        // Shown in an earlier visit only.
        let shows = [NOW - DAY];
        assert_eq!(per_session(1, &shows, Some(NOW - HOUR), NOW).said(), "");
    }

    #[test]
    fn err_per_session_spent() {
        let shows = [NOW - MINUTE];
        assert_eq!(
            per_session(1, &shows, Some(NOW - HOUR), NOW).said(),
            "no: 1 gesture already shown this visit (budget 1)"
        );
    }

    #[test]
    fn ok_per_week_under_budget() {
        let shows = [NOW - 8 * DAY, NOW - 2 * DAY];
        assert_eq!(per_week(2, &shows, NOW).said(), "");
    }

    #[test]
    fn err_per_week_spent() {
        let shows = [NOW - 6 * DAY, NOW - 2 * DAY];
        assert_eq!(
            per_week(2, &shows, NOW).said(),
            "no: 2 gestures already shown in the last 7 days (budget 2)"
        );
    }

    #[test]
    fn ok_min_gap_passed() {
        assert_eq!(min_gap(30, &[NOW - 31 * MINUTE], NOW).said(), "");
        assert_eq!(min_gap(0, &[NOW], NOW).said(), "");
    }

    #[test]
    fn err_min_gap_too_soon() {
        // A show recorded in the future (the clock went back) counts as now.
        assert_eq!(
            min_gap(30, &[NOW + HOUR], NOW).said(),
            "no: less than 30 minutes since the last gesture"
        );
    }

    #[test]
    fn ok_quiet_after_dismiss_over() {
        assert_eq!(
            quiet_after_dismiss(24, Some(NOW - 25 * HOUR), NOW).said(),
            ""
        );
        assert_eq!(quiet_after_dismiss(24, None, NOW).said(), "");
    }

    #[test]
    fn err_quiet_after_dismiss_within() {
        assert_eq!(
            quiet_after_dismiss(24, Some(NOW - HOUR), NOW).said(),
            "no: quiet for 24 hours after a dismissal"
        );
    }
}
