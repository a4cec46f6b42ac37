// Longer than 400 lines: every field of a gesture is here with its doc, as the JSON Schema
// and the studio read them (when, trigger, since, code, format); split, the schema's
// sections would no longer read in one place.

//! One gesture: what it is, when it is due, how often, and what it says and gives.

use crate::engine::small::SmallMap;

use serde::{Deserialize, Serialize};

use super::Text;
use crate::engine::page::DeviceClass;
use crate::engine::profile::Stage;
use crate::engine::time::{parse_instant, Millis};

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

/// A value or a list of values.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single value.
    One(T),
    /// Several values (any may match).
    Many(Vec<T>),
}

/// Read as serde's untagged derive reads it (one value, else a list, else the derive's
/// error), from a JSON value instead of serde's buffered content, which then leaves the
/// wasm with `Text`'s: 2.1 KB (brotli) of the recorder.
impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::engine::json::from_value;
        let v = serde_json::Value::deserialize(d)?;
        if let Ok(one) = from_value(v.clone()) {
            return Ok(OneOrMany::One(one));
        }
        from_value(v).map(OneOrMany::Many).map_err(|_| {
            serde::de::Error::custom("data did not match any variant of untagged enum OneOrMany")
        })
    }
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

/// How a gesture is presented on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A card in a corner of the window (or a bar, by `theme.position`).
    #[default]
    Card,
    /// A slim full-width bar, at the top when `theme.position` is `top`, else at the bottom.
    Bar,
    /// A panel that slides in from the end edge, bottom-aligned.
    SlideIn,
    /// Inside an element of the store's page (`inline`: a CSS selector), filling the space
    /// the store reserved for it. Not shown on a page without that element.
    Inline,
    /// A small tab at the end edge with the title; activating it opens the card.
    Tab,
}

impl Format {
    /// The format's name (its serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Card => "card",
            Format::Bar => "bar",
            Format::SlideIn => "slide_in",
            Format::Inline => "inline",
            Format::Tab => "tab",
        }
    }

    /// The format of that name.
    pub fn from_name(name: &str) -> Option<Format> {
        [
            Format::Card,
            Format::Bar,
            Format::SlideIn,
            Format::Inline,
            Format::Tab,
        ]
        .into_iter()
        .find(|f| f.as_str() == name)
    }

    /// Whether it is the default (a card), left out of the JSON.
    pub fn is_card(&self) -> bool {
        *self == Format::Card
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
    /// Time since a recorded event: `{"event": "sign_up", "first": true, "days_min": 3}`,
    /// or a list of them (all must hold).
    pub since: Option<OneOrMany<Since>>,
    /// Device classes the page may be on (`["phone", "tablet"]`), as the browser reports
    /// them.
    pub device: Option<Vec<DeviceClass>>,
    /// The visit's landing page had one of these `utm_source` values (case ignored; kept
    /// for the whole visit).
    pub utm_source: Option<OneOrMany<String>>,
    /// The visit's landing page had one of these `utm_medium` values.
    pub utm_medium: Option<OneOrMany<String>>,
    /// The visit's landing page had one of these `utm_campaign` values.
    pub utm_campaign: Option<OneOrMany<String>>,
    /// The visit came from one of these sites (`"instagram.com"` also matches
    /// `l.instagram.com`).
    pub referrer: Option<OneOrMany<String>>,
    /// The page's language is one of these (`"fr"` matches `fr-CA`; `"fr-CA"` only it).
    pub language: Option<OneOrMany<String>>,
}

/// A condition on the time since a recorded event (any event name the store tracks, or the
/// widget's own `reciprocity_<step>` events: `reciprocity_feedback_submitted`, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Since {
    /// The event's name (`sign_up`, `view_item`, `review`, ...).
    pub event: String,
    /// Count from the first time the event was recorded; by default from the latest.
    #[serde(default)]
    pub first: bool,
    /// Only events with an item in this category (`view_item`, `add_to_cart`,
    /// `purchase`, ...).
    #[serde(default)]
    pub category: Option<String>,
    /// At least this many whole days (24 hours) since then.
    #[serde(default)]
    pub days_min: Option<u32>,
    /// At most this many whole days since then.
    #[serde(default)]
    pub days_max: Option<u32>,
}

/// What on the page shows a gesture that is due: after some time, some scrolling, some
/// idleness, or when the shopper is about to leave. Without one, a due gesture shows at
/// once. When several are set, the first that happens shows it; `page_views_min` is a
/// condition that must hold as well.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Trigger {
    /// After this many seconds on the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds_on_page: Option<u32>,
    /// After the shopper scrolled this percentage of the page (1 to 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scroll_percent: Option<u32>,
    /// After this many seconds without a scroll, a key, a click or a pointer move.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_seconds: Option<u32>,
    /// Only from this page view of the visit on (`3`: the third page or later).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_views_min: Option<u32>,
    /// When the pointer leaves the page through the top (towards the tabs or the address
    /// bar). Desktop only: never on a phone or a tablet. Off unless set to `true`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exit_intent: bool,
}

impl Trigger {
    /// Whether the page waits for something before showing (not only `page_views_min`).
    pub fn waits(&self) -> bool {
        self.seconds_on_page.is_some()
            || self.scroll_percent.is_some()
            || self.idle_seconds.is_some()
            || self.exit_intent
    }
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
    /// How it is presented: `card` (the default), `bar`, `slide_in`, `inline` or `tab`.
    /// Modal prompts are always dialogs.
    #[serde(default, skip_serializing_if = "Format::is_card")]
    pub format: Format,
    /// For the `inline` format: a CSS selector of the page's element it is rendered into
    /// (`"#reciprocity-slot"`). On a page without it, the gesture is not shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline: Option<String>,
    /// Wait on the page for a moment to show (time, scrolling, idleness, exit intent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
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
