//! A gesture's own limits: its caps (shows per period, cooldown, stop after a dismissal or
//! an action), its campaign dates, its code's expiry, whether it has something to
//! recommend, and give-before-ask. All of them are only reported to the store owner.

use super::render::recommendation;
use super::{plural, seen, Check, Checks};
use crate::engine::config::{config_instant, Cap, Gesture, Period, Schedule};
use crate::engine::history::{GestureStats, History};
use crate::engine::profile::Profile;
use crate::engine::time::{format_instant, Millis, DAY, HOUR};

/// The campaign's start and end, when set.
pub(super) fn schedule_checks(s: &Schedule, now: Millis, c: &mut Checks) {
    if let Some(start) = config_instant(&s.start) {
        c.add("schedule", starts(start, now));
    }
    if let Some(end) = config_instant(&s.end) {
        c.add("schedule", ends(end, now));
    }
}

/// The caps, once the gesture has been shown.
pub(super) fn cap_checks(
    cap: &Cap,
    stats: Option<&GestureStats>,
    h: &History,
    p: &Profile,
    now: Millis,
    c: &mut Checks,
) {
    let Some(s) = stats else { return };
    let start = period_start(cap.per, h, p, now);
    c.add("cap", max_shows(cap.max_shows, cap.per, s, start, now));
    c.add("cap", cooldown(cap.cooldown_hours, s, now));
    if cap.stop_after_dismiss {
        c.add("cap", stop_after_dismiss(cap.per, s, start, now));
    }
    if cap.stop_after_action {
        c.add("cap", stop_after_action(cap.per, s, start, now));
    }
}

/// When the cap's period began: `None` for a lifetime.
fn period_start(per: Period, h: &History, p: &Profile, now: Millis) -> Option<Millis> {
    match per {
        Period::Lifetime => None,
        Period::Session => Some(h.agg.session_start.unwrap_or(now)),
        Period::Day => Some(now - DAY),
        Period::Week => Some(now - 7 * DAY),
        Period::Year => Some(now - 365 * DAY),
        Period::Order => p.last_order_at,
    }
}

fn period_name(per: Period) -> &'static str {
    match per {
        Period::Lifetime => "ever",
        Period::Session => "this visit",
        Period::Day => "in 24 hours",
        Period::Week => "in 7 days",
        Period::Year => "in a year",
        Period::Order => "since the last order",
    }
}

/// Whether an instant falls in the period that began at `start`.
fn within(t: Millis, start: Option<Millis>, now: Millis) -> bool {
    start.is_none_or(|st| seen(t, now) >= st)
}

/// At most `max` shows in the period.
fn max_shows(max: u32, per: Period, s: &GestureStats, start: Option<Millis>, now: Millis) -> Check {
    let shown = match start {
        None => s.shown as usize,
        Some(_) => s.shows.iter().filter(|t| within(**t, start, now)).count(),
    };
    if shown < max as usize {
        return Check::Silent;
    }
    Check::blocks(reason!(
        "shown {} {} (cap {max})",
        plural(shown as i64, "time", "times"),
        period_name(per),
    ))
}

/// At least `hours` between two shows of this gesture.
fn cooldown(hours: u32, s: &GestureStats, now: Millis) -> Check {
    let cool = i64::from(hours) * HOUR;
    match s.shows.last() {
        Some(last) if cool > 0 && seen(*last, now) + cool > now => Check::blocks(reason!(
            "cooling down for {hours} hours after the last show"
        )),
        _ => Check::Silent,
    }
}

/// No more shows in the period once the shopper dismissed it.
fn stop_after_dismiss(per: Period, s: &GestureStats, start: Option<Millis>, now: Millis) -> Check {
    match s.dismissed {
        Some(t) if within(t, start, now) => {
            Check::blocks(reason!("dismissed {}", period_name(per)))
        }
        _ => Check::Silent,
    }
}

/// No more shows in the period once the shopper used it.
fn stop_after_action(per: Period, s: &GestureStats, start: Option<Millis>, now: Millis) -> Check {
    match s.acted {
        Some(t) if within(t, start, now) => {
            Check::blocks(reason!("already used {}", period_name(per)))
        }
        _ => Check::Silent,
    }
}

/// The campaign has started.
fn starts(start: Millis, now: Millis) -> Check {
    Check::Quiet(now >= start, reason!("starts {}", format_instant(start)))
}

/// The campaign has not ended.
fn ends(end: Millis, now: Millis) -> Check {
    Check::Quiet(now < end, reason!("ends {}", format_instant(end)))
}

/// When the gesture's code stops working: its fixed expiry or `valid_days` after it was
/// first shown, whichever comes first.
pub(super) fn code_expiry(
    g: &Gesture,
    stats: Option<&GestureStats>,
    now: Millis,
) -> Option<Millis> {
    let code = g.code.as_ref()?;
    let fixed = config_instant(&code.expires_at);
    let rolling = code.valid_days.map(|d| {
        let first = stats
            .and_then(|s| s.shows.first().copied())
            .map_or(now, |t| seen(t, now));
        first + i64::from(d) * DAY
    });
    match (fixed, rolling) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The shopper has not used the code yet (revealed, copied or applied it): a code in hand
/// is not offered again while it still works, whatever the cap's period.
pub(super) fn code_in_hand(stats: Option<&GestureStats>, expiry: Millis, now: Millis) -> Check {
    match stats.and_then(|s| s.acted) {
        Some(t) if now < expiry => Check::blocks(reason!(
            "the shopper took the code {} and it works until {}",
            format_instant(t),
            format_instant(expiry)
        )),
        _ => Check::Silent,
    }
}

/// The code has not expired.
pub(super) fn code_expired(expiry: Millis, now: Millis) -> Check {
    if now < expiry {
        return Check::Silent;
    }
    Check::blocks(reason!("the code expired {}", format_instant(expiry)))
}

/// A recommending gesture has a link for a category of the last order.
pub(super) fn recommend_available(g: &Gesture, p: &Profile) -> Check {
    match recommendation(g, p) {
        Some(_) => Check::Silent,
        None => Check::blocks(reason!(
            "nothing to recommend for the last order's categories"
        )),
    }
}

/// An ask (feedback, review) only after a thank-you or gift in this cycle (since the last
/// order, or ever before a first order).
pub(super) fn give_before_ask(last_give: Option<Millis>, last_order_at: Option<Millis>) -> Check {
    let gave = last_give.is_some_and(|t| last_order_at.is_none_or(|start| t >= start));
    Check::Quiet(
        gave,
        if gave {
            "a thank-you or gift came first in this cycle"
        } else {
            "asks only after a thank-you or gift in this cycle"
        }
        .to_string(),
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
