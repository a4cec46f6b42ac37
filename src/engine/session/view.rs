//! What crosses from the engine to the page: the [`View`] the UI receives, and the
//! [`Effect`]s a session asks the page to carry out (with their [`Detail`]).

use serde::Serialize;

use crate::engine::config::{Kind, Theme};
use crate::engine::decide::Shown;
use crate::engine::reaction::{CloseReason, Step};

/// Text direction of the gesture's locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    /// Left to right.
    #[default]
    Ltr,
    /// Right to left.
    Rtl,
}

/// What the UI receives: the gesture with its final texts, and how to present it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View<'a> {
    /// The gesture.
    pub gesture: &'a Shown,
    /// The store's theme (validated colours, font, shape, position).
    pub theme: &'a Theme,
    /// The locale the texts were rendered for.
    pub locale: &'a str,
    /// Its direction.
    pub dir: Dir,
}

/// The `detail` of a lifecycle step (and the fields of its dataLayer push).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Detail {
    /// The gesture concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gesture_id: Option<String>,
    /// Its kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gesture_kind: Option<Kind>,
    /// Whether it is a store owner's preview.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview: Option<bool>,
    /// Why a gesture closed without a dismissal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<CloseReason>,
    /// A feedback score (`null` when none was picked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Option<i64>>,
    /// A feedback comment (`null` when none was written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<Option<String>>,
    /// What went wrong, for `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Detail {
    /// The detail as JSON text (the `CustomEvent` detail).
    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// The dataLayer push for `step`: `{"event": "reciprocity_<step>", ...detail}`.
    pub fn push_json(&self, step: Step) -> String {
        let detail = self.json();
        let head = format!("{{\"event\":\"reciprocity_{}\"", step.name());
        match detail.strip_prefix('{') {
            Some("}") | None => head + "}",
            Some(rest) => head + "," + rest,
        }
    }
}

/// What the page must do after an input.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Announce a lifecycle step (`reciprocity:<step>` and `reciprocity_<step>`).
    Emit(Step, Detail),
    /// Hand a gesture to the UI: the [`View`] as JSON text.
    Show(String),
    /// Wait on the page for the trigger (JSON of the config's trigger, without
    /// `page_views_min`), then call [`Session::triggered`](super::Session::triggered) with
    /// the gesture: only then is it shown.
    Await {
        /// The gesture waiting.
        gesture: String,
        /// What to wait for: `{"seconds_on_page", "scroll_percent", "idle_seconds",
        /// "exit_intent"}`, the first that happens.
        trigger: String,
    },
    /// Take the gesture with this id off the screen.
    Close(String),
    /// Send JSON to a store endpoint.
    Beacon {
        /// The endpoint.
        url: String,
        /// The payload.
        payload: String,
    },
    /// Remove what else the widget keeps on the device (the loader's alarm, inbox and
    /// facts): the history was forgotten. (After `Step::Forgotten`, the shopper's own
    /// forget, the recorder also marks the tab's visit, `keys::FORGOT`.)
    Wipe,
}
