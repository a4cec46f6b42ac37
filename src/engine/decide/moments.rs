//! Moments: which event makes a gesture a moment's gesture, how long it stays owed when it
//! is held back, and how the store owner reads a hold.

use crate::engine::config::Gesture;
use crate::engine::event::Event;
use crate::engine::owed::{default_window, Hold, Owed};
use crate::engine::time::{Millis, HOUR};

/// The event of `events` that makes `g` a moment's gesture, if it is one: the event it
/// names (other than a page view), or a purchase for an order milestone or `just_purchased`.
pub(super) fn moment<'e>(g: &Gesture, events: &'e [Event]) -> Option<&'e Event> {
    let named = g
        .when
        .event
        .as_ref()
        .map(|n| n.as_slice())
        .unwrap_or_default();
    let purchase_moment = g.when.nth_order.is_some()
        || g.when.occasion == Some(crate::engine::config::Occasion::JustPurchased);
    events.iter().rev().find(|e| {
        e.name != "page_view"
            && (named.contains(&e.name) || (purchase_moment && e.name == "purchase"))
    })
}

/// How long `g`'s moment of `event` stays owed; `None` when it is not to be owed.
pub(super) fn owed_window(g: &Gesture, event: &str) -> Option<Millis> {
    let w = g
        .when
        .owed_hours
        .map_or_else(|| default_window(event), |h| i64::from(h) * HOUR);
    (w > 0).then_some(w)
}

/// In plain words, for the store owner.
pub(super) fn hold_text(hold: Hold) -> &'static str {
    hold.owner_text()
}

/// The moment `g` marks among `events`, owed from `now` while its gesture waits on the page
/// for its trigger: should the shopper leave first, the next page shows it (within its
/// window). `None` when `g` marks no moment (it is simply decided again on the next page).
pub(crate) fn owed_while_waiting(g: &Gesture, events: &[Event], now: Millis) -> Option<Owed> {
    let m = moment(g, events)?;
    let window = owed_window(g, &m.name)?;
    let at = m.at.min(now);
    Some(Owed {
        gesture: g.id.clone(),
        event: m.name.clone(),
        at,
        until: at + window,
        held: Hold::Away,
        unseen: false,
    })
}
