//! Moments owed to the shopper: a gesture tied to a moment (a purchase's thank-you, a
//! milestone, thanks for a review or a referral) that was due but held back (a checkout page,
//! the attention budget, a quiet period, another gesture on screen, a page where the widget
//! did not run) is remembered here and shown on the next page where it may be, within its
//! window. A moment is owed, never dropped.

use serde::{Deserialize, Serialize};

use super::time::{Millis, HOUR};

/// Why a due gesture waited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hold {
    /// A checkout page (`budget.never_on`, `budget.never_after_events`).
    Checkout,
    /// The attention budget of the visit or the week was spent, or gestures came too close.
    Budget,
    /// The quiet period after a dismissal.
    Quiet,
    /// Another gesture was on screen, or was chosen for that page.
    OnScreen,
    /// The moment happened where the widget could not show anything (it was asleep, or a
    /// platform's order page where no storefront script runs).
    Away,
}

impl Hold {
    /// What held the moment back, in the store owner's words ("held back by …").
    pub fn owner_text(self) -> &'static str {
        match self {
            Hold::Checkout => "a checkout page",
            Hold::Budget => "the attention budget",
            Hold::Quiet => "the quiet period after a dismissal",
            Hold::OnScreen => "another gesture on screen",
            Hold::Away => "a page where the widget did not run",
        }
    }
}

/// A moment owed to the shopper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owed {
    /// The gesture's id.
    #[serde(rename = "g")]
    pub gesture: String,
    /// The event that made it due (`purchase`, `review`, ...).
    #[serde(rename = "e")]
    pub event: String,
    /// When that moment was.
    #[serde(rename = "t")]
    pub at: Millis,
    /// Owed until then; after it, the moment has passed.
    #[serde(rename = "u")]
    pub until: Millis,
    /// Why it waited (the first hold it met).
    #[serde(rename = "h")]
    pub held: Hold,
    /// Its gesture was chosen once and never reached the screen (taken back): should that
    /// happen again, the show counts, so a browser that cannot show it does not see it come
    /// back on every page.
    #[serde(rename = "x", default, skip_serializing_if = "std::ops::Not::not")]
    pub unseen: bool,
}

/// How long a moment stays owed when its gesture names no window (`when.owed_hours`): a
/// purchase's thank-you three days (a week later it is no longer a thank-you), thanks for
/// anything else a week.
pub fn default_window(event: &str) -> Millis {
    if event == "purchase" {
        72 * HOUR
    } else {
        7 * 24 * HOUR
    }
}

/// The most moments kept owed at once (the oldest goes first).
pub const MAX_OWED: usize = 16;

/// Adds `o` to `list`: a newer moment of the same gesture replaces the older one (the
/// thank-you for the latest order), the list stays bounded.
pub fn owe(list: &mut Vec<Owed>, o: Owed) {
    list.retain(|x| x.gesture != o.gesture);
    list.push(o);
    if list.len() > MAX_OWED {
        list.remove(0);
    }
}

/// Drops what is no longer owed at `now`.
pub fn expire(list: &mut Vec<Owed>, now: Millis) {
    list.retain(|o| o.until > now);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owed(g: &str, at: Millis) -> Owed {
        Owed {
            gesture: g.into(),
            event: "purchase".into(),
            at,
            until: at + default_window("purchase"),
            held: Hold::Checkout,
            unseen: false,
        }
    }

    #[test]
    fn ok_newer_moment_replaces_and_list_is_bounded() {
        let mut list = Vec::new();
        owe(&mut list, owed("a", 1));
        owe(&mut list, owed("a", 2));
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].at, 2);
        for i in 0..40 {
            owe(&mut list, owed(&format!("g{i}"), i));
        }
        assert_eq!(list.len(), MAX_OWED);
        assert_eq!(list[0].gesture, "g24");
    }

    #[test]
    fn ok_expire_after_the_window() {
        let mut list = vec![owed("a", 0)];
        expire(&mut list, 72 * HOUR - 1);
        assert_eq!(list.len(), 1);
        expire(&mut list, 72 * HOUR);
        assert!(list.is_empty());
    }

    #[test]
    fn ok_windows_by_event() {
        assert_eq!(default_window("purchase"), 72 * HOUR);
        assert_eq!(default_window("review"), 168 * HOUR);
    }
}
