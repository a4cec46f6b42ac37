//! What a shopper does with a gesture, and the lifecycle steps the widget announces.
//!
//! One mapping serves every side: a [`Reaction`] is what the history records, a [`Step`] is
//! the name the page sees (`reciprocity:<step>` on `window`, `reciprocity_<step>` in the
//! dataLayer), and a [`Report`] is what the UI sends back when the shopper acts. The names
//! are the serde names of these enums; `tests/cases/steps.json` pins them for the loader and
//! the end-to-end tests.

use serde::{Deserialize, Serialize};

use super::time::Millis;

/// What a shopper did with a gesture (recorded, so that caps and give-before-ask hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    /// The gesture was put on screen.
    Shown,
    /// The shopper closed it.
    Dismissed,
    /// The shopper followed its link or used it.
    Acted,
    /// A code was revealed.
    CodeRevealed,
    /// A code was copied.
    CodeCopied,
    /// Feedback was submitted.
    FeedbackSubmitted,
}

/// A shopper's reaction to a gesture, recorded so that caps and give-before-ask hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GestureReaction {
    /// When.
    pub at: Millis,
    /// The gesture's id from the config.
    pub gesture: String,
    /// What happened.
    pub reaction: Reaction,
    /// Whether the gesture gives (thanks, gift) rather than asks; set for `Shown` from the
    /// gesture's role in the config when recorded.
    #[serde(default)]
    pub gives: bool,
}

/// A lifecycle step announced to the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The widget is running (or asleep until something wakes it).
    Ready,
    /// A gesture is on screen.
    Shown,
    /// The shopper closed a gesture.
    Dismissed,
    /// The shopper followed a gesture's link or applied its code.
    Acted,
    /// A code was revealed.
    CodeRevealed,
    /// A code was copied.
    CodeCopied,
    /// Feedback was submitted.
    FeedbackSubmitted,
    /// A gesture left the screen without a dismissal (an expired code, after feedback).
    Closed,
    /// The device's memory was wiped.
    Forgotten,
    /// A problem (`fatal` when the widget removed itself).
    Error,
}

impl Step {
    /// Every step, in the order of `tests/cases/steps.json`.
    pub const ALL: [Step; 10] = [
        Step::Ready,
        Step::Shown,
        Step::Dismissed,
        Step::Acted,
        Step::CodeRevealed,
        Step::CodeCopied,
        Step::FeedbackSubmitted,
        Step::Closed,
        Step::Forgotten,
        Step::Error,
    ];

    /// The step's name (its serde name; a test keeps the two equal).
    pub fn name(self) -> &'static str {
        match self {
            Step::Ready => "ready",
            Step::Shown => "shown",
            Step::Dismissed => "dismissed",
            Step::Acted => "acted",
            Step::CodeRevealed => "code_revealed",
            Step::CodeCopied => "code_copied",
            Step::FeedbackSubmitted => "feedback_submitted",
            Step::Closed => "closed",
            Step::Forgotten => "forgotten",
            Step::Error => "error",
        }
    }

    /// The step of that name.
    pub fn from_name(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The reaction the history records for this step, if any.
    pub fn reaction(self) -> Option<Reaction> {
        Some(match self {
            Step::Shown => Reaction::Shown,
            Step::Dismissed => Reaction::Dismissed,
            Step::Acted => Reaction::Acted,
            Step::CodeRevealed => Reaction::CodeRevealed,
            Step::CodeCopied => Reaction::CodeCopied,
            Step::FeedbackSubmitted => Reaction::FeedbackSubmitted,
            Step::Ready | Step::Closed | Step::Forgotten | Step::Error => return None,
        })
    }
}

impl Reaction {
    /// The step announced when this reaction is recorded.
    pub fn step(self) -> Step {
        match self {
            Reaction::Shown => Step::Shown,
            Reaction::Dismissed => Step::Dismissed,
            Reaction::Acted => Step::Acted,
            Reaction::CodeRevealed => Step::CodeRevealed,
            Reaction::CodeCopied => Step::CodeCopied,
            Reaction::FeedbackSubmitted => Step::FeedbackSubmitted,
        }
    }
}

/// Why a gesture left the screen without a dismissal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    /// Its code expired while on screen.
    Expired,
}

impl CloseReason {
    /// The reason's name (its serde name).
    pub fn name(self) -> &'static str {
        match self {
            CloseReason::Expired => "expired",
        }
    }

    /// The reason of that name.
    pub fn from_name(name: &str) -> Option<CloseReason> {
        [CloseReason::Expired]
            .into_iter()
            .find(|r| r.name() == name)
    }
}

/// How a gesture on screen comes to an end, as the UI's close callbacks say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The shopper closed it (the close button, Escape).
    Dismissed,
    /// Its code expired while on screen.
    Expired,
    /// The shopper closed it after answering: nothing was declined.
    Answered,
}

impl Ending {
    /// What the UI reports for it.
    pub fn report(self) -> Report {
        match self {
            Ending::Dismissed => Report::Dismissed,
            Ending::Expired => Report::Closed {
                reason: Some(CloseReason::Expired),
            },
            Ending::Answered => Report::Closed { reason: None },
        }
    }
}

/// What the UI used to act on a gesture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The call-to-action link.
    Link,
    /// The link that applies a code.
    Apply,
}

impl Action {
    /// The action's name (its serde name).
    pub fn name(self) -> &'static str {
        match self {
            Action::Link => "link",
            Action::Apply => "apply",
        }
    }

    /// The action of that name.
    pub fn from_name(name: &str) -> Option<Action> {
        [Action::Link, Action::Apply]
            .into_iter()
            .find(|a| a.name() == name)
    }
}

/// What the UI reports when the shopper acts on the gesture on screen; the loader passes
/// it to the recorder as JSON text (`{"step": "feedback_submitted", "score": 9, ...}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Report {
    /// Closed by the shopper.
    Dismissed,
    /// A link followed.
    Acted {
        /// Which link.
        action: Action,
    },
    /// A code revealed.
    CodeRevealed,
    /// A code copied.
    CodeCopied,
    /// Feedback sent.
    FeedbackSubmitted {
        /// The score (stars 1-5, NPS 0-10), if one was picked.
        #[serde(default)]
        score: Option<i64>,
        /// The short text answer, if any.
        #[serde(default)]
        comment: Option<String>,
    },
    /// Removed without a dismissal.
    Closed {
        /// Why, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<CloseReason>,
    },
}

impl Report {
    /// Reads the JSON text the UI's report became (`{"step": "acted", "action": "link"}`).
    ///
    /// Read by hand from a `Value`, by the names of [`Step`], [`Action`] and
    /// [`CloseReason`]: a derived `Deserialize` (an internally tagged enum, or a flat struct
    /// of these enums) costs the recorder module 2.6 KB, or 6 KB raw, more.
    pub fn from_json(text: &str) -> Result<Report, String> {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let field = |k: &str| v.get(k).and_then(serde_json::Value::as_str);
        let step = field("step").ok_or("a report names its step")?;
        Ok(match Step::from_name(step) {
            Some(Step::Dismissed) => Report::Dismissed,
            Some(Step::Acted) => Report::Acted {
                action: field("action")
                    .and_then(Action::from_name)
                    .ok_or("an acted report names its action: link or apply")?,
            },
            Some(Step::CodeRevealed) => Report::CodeRevealed,
            Some(Step::CodeCopied) => Report::CodeCopied,
            Some(Step::FeedbackSubmitted) => Report::FeedbackSubmitted {
                score: v.get("score").and_then(serde_json::Value::as_i64),
                comment: field("comment").map(str::to_string),
            },
            Some(Step::Closed) => Report::Closed {
                reason: field("reason").and_then(CloseReason::from_name),
            },
            _ => return Err(format!("{step:?} is not something the UI reports")),
        })
    }

    /// The step this report is announced as.
    pub fn step(&self) -> Step {
        match self {
            Report::Dismissed => Step::Dismissed,
            Report::Acted { .. } => Step::Acted,
            Report::CodeRevealed => Step::CodeRevealed,
            Report::CodeCopied => Step::CodeCopied,
            Report::FeedbackSubmitted { .. } => Step::FeedbackSubmitted,
            Report::Closed { .. } => Step::Closed,
        }
    }

    /// Whether the gesture leaves the screen.
    pub fn closes(&self) -> bool {
        matches!(self, Report::Dismissed | Report::Closed { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_step_names_are_serde_names() {
        for s in Step::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.name());
            assert_eq!(Step::from_name(s.name()), Some(s));
        }
        assert_eq!(Step::from_name("clicked"), None);
    }

    #[test]
    fn ok_reaction_and_step_map_both_ways() {
        for s in Step::ALL {
            if let Some(r) = s.reaction() {
                assert_eq!(r.step(), s);
                assert_eq!(serde_json::to_value(r).unwrap(), s.name());
            }
        }
    }

    #[test]
    fn ok_action_and_reason_names_are_serde_names() {
        for a in [Action::Link, Action::Apply] {
            assert_eq!(serde_json::to_value(a).unwrap(), a.name());
            assert_eq!(Action::from_name(a.name()), Some(a));
        }
        assert_eq!(
            CloseReason::from_name("expired"),
            Some(CloseReason::Expired)
        );
        assert_eq!(
            serde_json::to_value(CloseReason::Expired).unwrap(),
            CloseReason::Expired.name()
        );
    }

    #[test]
    fn ok_endings_report_dismissed_or_closed() {
        assert_eq!(Ending::Dismissed.report().step(), Step::Dismissed);
        assert_eq!(
            serde_json::to_string(&Ending::Expired.report()).unwrap(),
            r#"{"step":"closed","reason":"expired"}"#
        );
        assert_eq!(
            serde_json::to_string(&Ending::Answered.report()).unwrap(),
            r#"{"step":"closed"}"#
        );
        assert!([Ending::Dismissed, Ending::Expired, Ending::Answered]
            .iter()
            .all(|e| e.report().closes()));
    }

    #[test]
    fn ok_report_reads_the_ui_json() {
        let r =
            Report::from_json(r#"{"step":"feedback_submitted","score":9,"comment":"ok"}"#).unwrap();
        assert_eq!(r.step(), Step::FeedbackSubmitted);
        let r = Report::from_json(r#"{"step":"closed","reason":"expired"}"#).unwrap();
        assert!(r.closes());
        let r = Report::from_json(r#"{"step":"acted","action":"apply"}"#).unwrap();
        assert_eq!(
            r,
            Report::Acted {
                action: Action::Apply
            }
        );
    }

    #[test]
    fn err_report_unknown_step() {
        assert!(Report::from_json(r#"{"step":"clicked"}"#).is_err());
        assert!(Report::from_json(r#"{"step":"shown"}"#).is_err());
        assert!(Report::from_json(r#"{"step":"acted"}"#).is_err());
        for r in [
            Report::Dismissed,
            Report::CodeCopied,
            Ending::Expired.report(),
            Report::FeedbackSubmitted {
                score: None,
                comment: Some("x".into()),
            },
        ] {
            let text = serde_json::to_string(&r).unwrap();
            assert_eq!(Report::from_json(&text), Ok(r), "{text}");
        }
    }
}
