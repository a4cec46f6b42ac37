//! One gesture: what it is, when it is due, how often, and what it says and gives.

use crate::engine::small::SmallMap;

use serde::{Deserialize, Serialize};

use super::Text;
use crate::engine::profile::Stage;
use crate::engine::time::{parse_instant, Millis};

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

/// A value or a list of values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single value.
    One(T),
    /// Several values (any may match).
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values as a slice.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(t) => std::slice::from_ref(t),
            OneOrMany::Many(v) => v,
        }
    }
}

/// What a gesture is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A thank-you banner.
    #[default]
    ThankYou,
    /// A code to reveal and copy.
    Code,
    /// A feedback prompt.
    Feedback,
    /// An informational banner (welcome, recommendation, acknowledgement).
    Banner,
}

impl Kind {
    /// The name used in configs and in `data-gesture-kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ThankYou => "thank_you",
            Kind::Code => "code",
            Kind::Feedback => "feedback",
            Kind::Banner => "banner",
        }
    }

    /// The kind of that name (the names are the serde names: a test keeps them equal).
    pub fn from_name(name: &str) -> Option<Kind> {
        [Kind::ThankYou, Kind::Code, Kind::Feedback, Kind::Banner]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// Whether a gesture gives, asks or informs (for give-before-ask).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Thanks or a gift.
    Give,
    /// A request (feedback, review).
    Ask,
    /// Neither.
    Inform,
}

/// A moment that makes a gesture due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Occasion {
    /// The shopper's first visit.
    FirstVisit,
    /// Within the window after the first order's anniversary.
    Anniversary,
    /// Within the window around the shopper's birthday.
    Birthday,
    /// The triggering event is a purchase.
    JustPurchased,
    /// A lapsed buyer is back.
    LapsedReturn,
}

/// The period a cap counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Ever.
    Lifetime,
    /// The current session.
    Session,
    /// The last 24 hours.
    Day,
    /// The last 7 days.
    Week,
    /// The last 365 days.
    Year,
    /// Since the latest order (each order starts a new cycle).
    #[default]
    Order,
}

/// Per-gesture caps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Cap {
    /// Most shows per period.
    pub max_shows: u32,
    /// The period.
    pub per: Period,
    /// Least time between two shows of this gesture, in hours.
    pub cooldown_hours: u32,
    /// No more shows in the period after the shopper dismissed it.
    pub stop_after_dismiss: bool,
    /// No more shows in the period after the shopper used it.
    pub stop_after_action: bool,
}

impl Default for Cap {
    fn default() -> Self {
        Cap {
            max_shows: 1,
            per: Period::Order,
            cooldown_hours: 0,
            stop_after_dismiss: true,
            stop_after_action: true,
        }
    }
}

/// Start and end of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Schedule {
    /// RFC 3339 instant or `YYYY-MM-DD` (UTC midnight) from which it may show.
    pub start: Option<String>,
    /// RFC 3339 instant or `YYYY-MM-DD` from which it no longer shows.
    pub end: Option<String>,
}

/// Conditions; all that are set must hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct When {
    /// The event that just happened (`purchase`, `view_item`, `page_view`, ...).
    pub event: Option<OneOrMany<String>>,
    /// URL patterns the page must match.
    pub url: Option<OneOrMany<String>>,
    /// URL patterns the page must not match.
    pub url_not: Option<OneOrMany<String>>,
    /// Lifecycle stages.
    pub stage: Option<Vec<Stage>>,
    /// An occasion.
    pub occasion: Option<Occasion>,
    /// Order count among these (milestones: `[3, 5, 10]`).
    pub nth_order: Option<Vec<u32>>,
    /// At least this many orders.
    pub orders_min: Option<u32>,
    /// At most this many orders.
    pub orders_max: Option<u32>,
    /// Net spend at least this much (store currency).
    pub spent_min: Option<f64>,
    /// Net spend at most this much.
    pub spent_max: Option<f64>,
    /// At least this many days since the latest order.
    pub days_since_order_min: Option<u32>,
    /// At most this many days since the latest order.
    pub days_since_order_max: Option<u32>,
    /// At least this many days since the previous visit.
    pub days_since_visit_min: Option<u32>,
    /// At least this many days since the shopper last gave feedback (an acknowledgement
    /// of it waits a little, rather than showing on the very next page).
    pub days_since_feedback_min: Option<u32>,
    /// One of these is among the favourite categories.
    pub favourite_category: Option<OneOrMany<String>>,
    /// The latest order had an item in one of these categories.
    pub bought_category: Option<OneOrMany<String>>,
    /// Whether the shopper has given feedback.
    pub feedback_given: Option<bool>,
    /// Events recorded at least this many times (`{"review": 1}`).
    pub counts_min: Option<SmallMap<String, u32>>,
    /// Whether the storefront identified the customer.
    pub identified: Option<bool>,
    /// How long the moment stays owed when the gesture is due but held back (a checkout
    /// page, the attention budget, a quiet period, another gesture on screen), in hours; it
    /// then shows on the next page where it may. By default 72 for a purchase, 168 for other
    /// events; `0` lets the moment pass. Only for gestures tied to a moment (`event` other
    /// than `page_view`, `nth_order`, `occasion: just_purchased`).
    pub owed_hours: Option<u32>,
}

/// A code to give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Code {
    /// A static code (public: anyone can read the config).
    pub value: Option<String>,
    /// A URL that issues a single-use code, fetched only when the shopper reveals it.
    pub issue_url: Option<String>,
    /// Fixed expiry (RFC 3339 or `YYYY-MM-DD`).
    pub expires_at: Option<String>,
    /// Expiry this many days after first shown.
    pub valid_days: Option<u32>,
    /// A link that applies the code (`{code}` is replaced).
    pub apply_url: Option<String>,
    /// A code meant to be passed on (give a friend): a Share button, through the browser's
    /// share sheet where it has one (Web Share API), beside Copy.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub share: bool,
}

/// A link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The link text.
    pub label: Text,
    /// `http(s)://` or a path on the store.
    pub url: String,
}

/// How feedback is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// One to five stars.
    #[default]
    Stars,
    /// Net Promoter Score, 0 to 10.
    Nps,
    /// Only a short text.
    Text,
}

impl Scale {
    /// The scale's name (its serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Scale::Stars => "stars",
            Scale::Nps => "nps",
            Scale::Text => "text",
        }
    }

    /// The scale of that name.
    pub fn from_name(name: &str) -> Option<Scale> {
        [Scale::Stars, Scale::Nps, Scale::Text]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// A feedback question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// The question.
    pub question: Text,
    /// The scale.
    #[serde(default)]
    pub scale: Scale,
    /// Label of an optional short-text answer; no text box when absent (except for `text`).
    #[serde(default)]
    pub comment: Option<Text>,
    /// Shown after submitting.
    pub thanks: Text,
}

/// One gesture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Gesture {
    /// Unique id: letters, digits, `-`, `_`.
    pub id: String,
    /// What it is.
    pub kind: Kind,
    /// Gives, asks or informs; by default thank-yous and codes give, feedback asks.
    #[serde(default)]
    pub role: Option<Role>,
    /// Higher wins when several are due.
    #[serde(default)]
    pub priority: i32,
    /// When it is due.
    #[serde(default)]
    pub when: When,
    /// Campaign dates.
    #[serde(default)]
    pub schedule: Schedule,
    /// Caps.
    #[serde(default)]
    pub cap: Cap,
    /// Heading (template).
    pub title: Text,
    /// Body (template).
    #[serde(default)]
    pub text: Option<Text>,
    /// For `code` gestures (and optional gift codes on thank-yous).
    #[serde(default)]
    pub code: Option<Code>,
    /// A call to action.
    #[serde(default)]
    pub link: Option<Link>,
    /// Follow-up links by category of the latest order; the first category that has one is
    /// used (`{recommendation}` in texts).
    #[serde(default)]
    pub recommend: Option<SmallMap<String, Link>>,
    /// For `feedback` gestures.
    #[serde(default)]
    pub feedback: Option<Feedback>,
    /// Show as a modal dialog (feedback prompts) rather than a polite banner.
    #[serde(default)]
    pub modal: bool,
}

impl Gesture {
    /// The gesture's role, by default from its kind.
    pub fn role(&self) -> Role {
        self.role.unwrap_or(match self.kind {
            Kind::ThankYou | Kind::Code => Role::Give,
            Kind::Feedback => Role::Ask,
            Kind::Banner => Role::Inform,
        })
    }
}

/// A parsed instant from a config date field.
pub fn config_instant(s: &Option<String>) -> Option<Millis> {
    s.as_deref().and_then(|s| parse_instant(s).ok())
}
