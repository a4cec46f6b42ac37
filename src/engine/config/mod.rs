//! The store owner's JSON config: gestures, rules, budget, theme.
//!
//! Unknown or misspelt keys are errors. [`Config::parse`] reports every problem it can find
//! at once, each with its JSON path (`gestures[2].code.expires_at`) and a plain explanation,
//! so that `reciprocity check` can list them all.
//!
//! One file per job: this one holds the document's top level (store, budget, holdout,
//! endpoints) and its error type; `gesture.rs` what one gesture is; `text.rs` texts by
//! language; `theme.rs` the look and its CSS checks; `parse.rs` reading JSON with a path
//! for each problem; `validate.rs` the rules serde cannot express.

use std::fmt;

use serde::{Deserialize, Serialize};

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

mod gesture;
mod parse;
#[cfg(feature = "studio")]
pub(crate) use parse::exact_problem;
#[cfg(any(not(target_arch = "wasm32"), feature = "studio"))]
pub use parse::{gestures, warnings};
mod text;
mod theme;
mod validate;

pub use super::profile::ProfileRules;
pub use gesture::Format;
pub use gesture::{
    config_instant, Cap, Code, Feedback, Gesture, Kind, Link, Occasion, OneOrMany, Period, Role,
    Scale, Schedule, When,
};
pub use gesture::{Since, Trigger};
pub use text::Text;
pub use theme::{Position, Theme};

/// One problem in a config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// JSON path of the offending value (`.` for the whole document).
    pub path: String,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The whole config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Editor hint pointing at the JSON Schema (`reciprocity schema`); ignored.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The store.
    pub store: StoreInfo,
    /// The global attention budget.
    #[serde(default)]
    pub budget: Budget,
    /// Lifecycle thresholds and occasion windows.
    #[serde(default)]
    pub profile: ProfileRules,
    /// Holdout group for measuring lift.
    #[serde(default)]
    pub holdout: Holdout,
    /// No feedback or review request before the shopper received a thank-you or gift in the
    /// current cycle (since the last order).
    #[serde(default = "yes")]
    pub give_before_ask: bool,
    /// Where answers go, when anywhere.
    #[serde(default)]
    pub endpoints: Endpoints,
    /// Look and placement.
    #[serde(default)]
    pub theme: Theme,
    /// Whether to wait for consent when the page does not use Google Consent Mode:
    /// `implied` (record unless told no) or `required` (record nothing until
    /// `reciprocity('consent', true)`). Where the page uses Consent Mode, the widget follows
    /// its `personalization_storage`.
    #[serde(default)]
    pub consent: crate::engine::consent::Policy,
    /// The gestures, in any order (priority decides).
    pub gestures: Vec<Gesture>,
}

fn yes() -> bool {
    true
}

/// The store's identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StoreInfo {
    /// Shown in texts as `{store}`.
    pub name: String,
    /// ISO 4217 code of the store's prices.
    pub currency: String,
    /// Language of the texts when the browser's is not available (BCP 47, e.g. `en-US`).
    #[serde(default = "default_locale")]
    pub locale: String,
}

fn default_locale() -> String {
    "en".into()
}

/// The global attention budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Budget {
    /// Most gestures in one session.
    pub max_per_session: u32,
    /// Most gestures in any 7 days.
    pub max_per_week: u32,
    /// Least time between two gestures, in minutes.
    pub min_gap_minutes: u32,
    /// Quiet period after the shopper dismissed any gesture, in hours.
    pub quiet_after_dismiss_hours: u32,
    /// URL patterns where nothing is ever shown (checkout). `*` matches any run of
    /// characters; a pattern without a scheme is matched against the path.
    pub never_on: Vec<String>,
    /// Events during which nothing is shown (checkout steps).
    pub never_after_events: Vec<String>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            max_per_session: 1,
            max_per_week: 3,
            min_gap_minutes: 0,
            quiet_after_dismiss_hours: 24,
            never_on: vec!["*/checkout*".into()],
            never_after_events: vec![
                "begin_checkout".into(),
                "add_shipping_info".into(),
                "add_payment_info".into(),
            ],
        }
    }
}

/// A stable random share of shoppers who never see a gesture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Holdout {
    /// Share of shoppers held out, in percent (0 to 50).
    pub percent: f64,
    /// Change it to draw a new group.
    pub salt: String,
}

/// Store endpoints. Nothing leaves the device unless one is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Endpoints {
    /// Feedback answers are sent here with `navigator.sendBeacon`.
    pub feedback: Option<String>,
}

impl Config {
    /// A gesture by id.
    pub fn gesture(&self, id: &str) -> Option<&Gesture> {
        self.gestures.iter().find(|g| g.id == id)
    }
}

/// The problems found so far, each with its JSON path.
struct Errors(Vec<ConfigError>);

impl Errors {
    fn at(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(ConfigError {
            path: path.into(),
            message: message.into(),
        });
    }
}

/// The JSON Schema of the config, for editor completion.
#[cfg(not(target_arch = "wasm32"))]
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Config)).unwrap_or(serde_json::Value::Null)
}

/// Every error of a config, one a line (for the tests of parsing and validation).
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn errors_of(v: serde_json::Value) -> String {
    Config::from_value(v)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
