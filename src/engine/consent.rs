//! Consent to keep a shopper's history on the device.
//!
//! Where the page uses Google Consent Mode (`gtag('consent', 'default' | 'update', {…})`, in
//! the dataLayer as an `Arguments` object), the widget follows it: keeping a purchase history
//! to personalise is `personalization_storage` (or, when a banner sets only that,
//! `functionality_storage`). A store whose banner does not speak Consent Mode calls
//! `reciprocity('consent', true | false)`, and the config says whether to wait for it
//! (`consent: "required"`). While consent is withheld nothing is written to the device, and
//! a gesture can only use what the current page says; a later grant starts recording; a
//! revocation forgets.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

/// Whether the widget waits for consent when the page does not use Consent Mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Record unless the page's Consent Mode or `reciprocity('consent', false)` says no.
    #[default]
    Implied,
    /// Record nothing until Consent Mode grants it or `reciprocity('consent', true)`.
    Required,
}

/// A Consent Mode command the page gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal {
    /// `update` (the shopper chose) rather than `default` (the page's starting point).
    pub update: bool,
    /// Whether keeping the history on the device is granted.
    pub granted: bool,
}

/// Reads `gtag('consent', 'default' | 'update', {...})` (its arguments as an array); `None`
/// for anything else, or for a command that says nothing about personalisation or
/// functionality storage.
pub fn signal(push: &Value) -> Option<Signal> {
    let args = push.as_array()?;
    if args.first()?.as_str()? != "consent" {
        return None;
    }
    let update = match args.get(1)?.as_str()? {
        "default" => false,
        "update" => true,
        _ => return None,
    };
    let states = args.get(2)?.as_object()?;
    let state = states
        .get("personalization_storage")
        .or_else(|| states.get("functionality_storage"))?
        .as_str()?;
    let granted = match state {
        "granted" => true,
        "denied" => false,
        _ => return None,
    };
    Some(Signal { update, granted })
}

/// What the page has said so far, and what follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct State {
    /// The config's policy.
    pub policy: Policy,
    /// The page's Consent Mode, once it spoke.
    pub mode: Option<bool>,
    /// `reciprocity('consent', …)`, once called: it wins over Consent Mode.
    pub explicit: Option<bool>,
}

impl State {
    /// Whether keeping the history on the device is granted now.
    pub fn granted(&self) -> bool {
        self.explicit
            .or(self.mode)
            .unwrap_or(self.policy == Policy::Implied)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ok_consent_mode_commands() {
        let s = signal(
            &json!(["consent", "default", {"ad_storage": "denied", "personalization_storage": "denied", "wait_for_update": 500}]),
        );
        assert_eq!(
            s,
            Some(Signal {
                update: false,
                granted: false
            })
        );
        let s = signal(&json!(["consent", "update", {"personalization_storage": "granted"}]));
        assert_eq!(
            s,
            Some(Signal {
                update: true,
                granted: true
            })
        );
        // A banner that only sets functionality storage.
        let s = signal(&json!(["consent", "update", {"functionality_storage": "granted"}]));
        assert_eq!(
            s,
            Some(Signal {
                update: true,
                granted: true
            })
        );
    }

    #[test]
    fn err_not_about_our_storage() {
        assert_eq!(
            signal(&json!(["consent", "update", {"ad_storage": "granted"}])),
            None
        );
        assert_eq!(signal(&json!(["event", "purchase", {}])), None);
        assert_eq!(signal(&json!({"event": "consent"})), None);
        assert_eq!(
            signal(&json!(["consent", "revoke", {"personalization_storage": "denied"}])),
            None
        );
        assert_eq!(
            signal(&json!(["consent", "update", {"personalization_storage": "maybe"}])),
            None
        );
    }

    #[test]
    fn ok_explicit_wins_then_mode_then_policy() {
        let mut s = State::default();
        assert!(s.granted());
        s.policy = Policy::Required;
        assert!(!s.granted());
        s.mode = Some(true);
        assert!(s.granted());
        s.explicit = Some(false);
        assert!(!s.granted());
    }
}
