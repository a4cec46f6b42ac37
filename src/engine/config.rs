//! The store owner's JSON config: gestures, rules, budget, theme.
//!
//! Unknown or misspelt keys are errors. [`Config::parse`] reports every problem it can find
//! at once, each with its JSON path (`gestures[2].code.expires_at`) and a plain explanation,
//! so that `reciprocity check` can list them all.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::event::is_web_url;
use super::history::SHOWS_PER_GESTURE;
use super::profile::Stage;
use super::template::Template;
use super::time::{parse_instant, Millis};

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

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

/// A text, or texts by language (`{"en": "Thank you", "fr": "Merci"}`); the shopper's
/// language is matched by full tag, then by primary language, then `en`, then the first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(untagged)]
pub enum Text {
    /// One text for every language.
    Plain(String),
    /// Texts by BCP 47 language tag.
    ByLanguage(BTreeMap<String, String>),
}

impl Text {
    /// The text for a locale.
    pub fn pick(&self, locale: &str) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::ByLanguage(m) => {
                let primary = locale.split(['-', '_']).next().unwrap_or(locale);
                m.get(locale)
                    .or_else(|| m.get(primary))
                    .or_else(|| m.get("en"))
                    .or_else(|| m.values().next())
                    .map_or("", String::as_str)
            }
        }
    }

    fn all(&self) -> Vec<(String, &str)> {
        match self {
            Text::Plain(s) => vec![(String::new(), s.as_str())],
            Text::ByLanguage(m) => m
                .iter()
                .map(|(k, v)| (format!(".{k}"), v.as_str()))
                .collect(),
        }
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

/// Lifecycle thresholds and occasion windows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ProfileRules {
    /// Orders from which a shopper is `loyal`.
    pub loyal_orders: u32,
    /// Net spend (store currency) from which a shopper is `loyal`.
    pub vip_spend: Option<f64>,
    /// Days without an order after which a buyer is `lapsed`.
    pub lapsed_days: u32,
    /// Days before and after the birthday during which it is an occasion.
    pub birthday_window_days: u32,
    /// Days from the first-order anniversary during which it is an occasion.
    pub anniversary_window_days: u32,
}

impl Default for ProfileRules {
    fn default() -> Self {
        ProfileRules {
            loyal_orders: 5,
            vip_spend: None,
            lapsed_days: 90,
            birthday_window_days: 7,
            anniversary_window_days: 7,
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

/// Where gestures appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    /// Bottom right corner (bottom left in right-to-left languages).
    #[default]
    BottomEnd,
    /// Bottom left corner (bottom right in right-to-left languages).
    BottomStart,
    /// A bar across the top.
    Top,
    /// A bar across the bottom.
    Bottom,
}

/// Colours, font and shape, applied as CSS custom properties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Theme {
    /// Accent colour (buttons, highlights), e.g. `#1d4ed8`.
    pub accent: Option<String>,
    /// Text colour on the accent.
    pub on_accent: Option<String>,
    /// Panel background.
    pub background: Option<String>,
    /// Panel text colour.
    pub text: Option<String>,
    /// Font family list.
    pub font: Option<String>,
    /// Corner radius, e.g. `12px`.
    pub radius: Option<String>,
    /// Placement.
    pub position: Position,
}

/// What a gesture is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A thank-you banner.
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
    /// One of these is among the favourite categories.
    pub favourite_category: Option<OneOrMany<String>>,
    /// The latest order had an item in one of these categories.
    pub bought_category: Option<OneOrMany<String>>,
    /// Whether the shopper has given feedback.
    pub feedback_given: Option<bool>,
    /// Events recorded at least this many times (`{"review": 1}`).
    pub counts_min: Option<BTreeMap<String, u32>>,
    /// Whether the storefront identified the customer.
    pub identified: Option<bool>,
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
    pub recommend: Option<BTreeMap<String, Link>>,
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

/// `*` matches any run of characters. A pattern with `://` is matched against the whole URL,
/// otherwise against the path (with query).
pub fn url_matches(pattern: &str, url: &str) -> bool {
    let target = if pattern.contains("://") {
        url
    } else {
        match url.find("://") {
            Some(i) => url[i + 3..].find('/').map_or("/", |p| &url[i + 3 + p..]),
            None => url,
        }
    };
    glob(pattern.as_bytes(), target.as_bytes())
}

fn glob(p: &[u8], s: &[u8]) -> bool {
    // Iterative wildcard match with single backtrack point: linear in practice.
    let (mut pi, mut si, mut star, mut mark) = (0, 0, None, 0);
    while si < s.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = si;
            pi += 1;
        } else if pi < p.len() && p[pi] == s[si] {
            pi += 1;
            si += 1;
        } else if let Some(st) = star {
            pi = st + 1;
            mark += 1;
            si = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// Accepts `#rgb`, `#rrggbb(aa)`, `rgb()/rgba()/hsl()/hsla()` with numbers, and plain
/// colour names: nothing that could close a declaration or load a resource.
fn is_css_colour(s: &str) -> bool {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    for f in ["rgb(", "rgba(", "hsl(", "hsla("] {
        if let Some(inner) = s.strip_prefix(f).and_then(|r| r.strip_suffix(')')) {
            return inner
                .bytes()
                .all(|b| b.is_ascii_digit() || b" .,%/deg".contains(&b));
        }
    }
    !s.is_empty() && s.len() <= 30 && s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn is_css_length(s: &str) -> bool {
    let n = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &s[n.len()..];
    !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && ["px", "rem", "em"].contains(&unit)
}

fn is_font_list(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.chars()
            .all(|c| c.is_alphanumeric() || " ,-_'\"".contains(c))
}

fn is_locale(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 35
        && s.split('-')
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A parsed instant from a config date field.
pub fn config_instant(s: &Option<String>) -> Option<Millis> {
    s.as_deref().and_then(|s| parse_instant(s).ok())
}

struct Errors(Vec<ConfigError>);

impl Errors {
    fn at(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(ConfigError {
            path: path.into(),
            message: message.into(),
        });
    }
}

/// Reads a typed value, reporting a failure with its JSON path. The path needs a wrapping
/// deserializer that doubles the code size, so the browser build (which only runs configs
/// `reciprocity check` already accepted) reports the gesture or section instead.
#[cfg(target_arch = "wasm32")]
fn serde_errors<T: serde::de::DeserializeOwned>(
    v: Value,
    prefix: &str,
    errs: &mut Errors,
) -> Option<T> {
    match serde_json::from_value::<T>(v) {
        Ok(t) => Some(t),
        Err(e) => {
            errs.at(if prefix.is_empty() { "." } else { prefix }, e.to_string());
            None
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn serde_errors<T: serde::de::DeserializeOwned>(
    v: Value,
    prefix: &str,
    errs: &mut Errors,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(v) {
        Ok(t) => Some(t),
        Err(e) => {
            let inner = e.path().to_string();
            let path = match (prefix, inner.as_str()) {
                ("", ".") => ".".to_string(),
                ("", p) => p.to_string(),
                (pre, ".") => pre.to_string(),
                (pre, p) => format!("{pre}.{p}"),
            };
            errs.at(path, e.into_inner().to_string());
            None
        }
    }
}

impl Config {
    /// Parses and validates a config; on failure, every problem found.
    pub fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            vec![ConfigError {
                path: ".".into(),
                message: format!("not valid JSON: {e}"),
            }]
        })?;
        Config::from_value(value)
    }

    /// Like [`Config::parse`], from an already parsed JSON value.
    pub fn from_value(mut value: Value) -> Result<Config, Vec<ConfigError>> {
        let mut errs = Errors(Vec::new());
        let Some(obj) = value.as_object_mut() else {
            errs.at(".", "expected a JSON object");
            return Err(errs.0);
        };
        // Gestures are read one by one so that each one's problem is reported.
        let gestures_value = obj.insert("gestures".into(), Value::Array(Vec::new()));
        let mut config: Option<Config> = serde_errors(value, "", &mut errs);
        let mut gestures = Vec::new();
        match gestures_value {
            None => errs.at(".", "missing field `gestures`"),
            Some(Value::Array(list)) => {
                for (i, g) in list.into_iter().enumerate() {
                    if let Some(g) =
                        serde_errors::<Gesture>(g, &format!("gestures[{i}]"), &mut errs)
                    {
                        gestures.push(g);
                    }
                }
            }
            Some(_) => errs.at("gestures", "expected a list of gestures"),
        }
        if let Some(c) = config.as_mut() {
            c.gestures = gestures;
            c.validate(&mut errs);
        }
        match config {
            Some(c) if errs.0.is_empty() => Ok(c),
            _ => Err(errs.0),
        }
    }

    fn validate(&self, errs: &mut Errors) {
        if self.store.name.trim().is_empty() {
            errs.at("store.name", "must not be empty");
        }
        let cur = &self.store.currency;
        if cur.len() != 3 || !cur.bytes().all(|b| b.is_ascii_uppercase()) {
            errs.at(
                "store.currency",
                format!("{cur:?} is not an ISO 4217 code like \"EUR\""),
            );
        }
        if !is_locale(&self.store.locale) {
            errs.at(
                "store.locale",
                format!(
                    "{:?} is not a language tag like \"en-US\"",
                    self.store.locale
                ),
            );
        }
        if self.budget.max_per_session == 0 || self.budget.max_per_week == 0 {
            errs.at("budget", "max_per_session and max_per_week must be at least 1 (remove the gestures to show none)");
        }
        if !(0.0..=50.0).contains(&self.holdout.percent) {
            errs.at(
                "holdout.percent",
                format!("{} is outside 0 to 50", self.holdout.percent),
            );
        }
        if let Some(u) = &self.endpoints.feedback {
            check_https(u, "endpoints.feedback", errs);
        }
        let t = &self.theme;
        for (name, v) in [
            ("accent", &t.accent),
            ("on_accent", &t.on_accent),
            ("background", &t.background),
            ("text", &t.text),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !is_css_colour(v)) {
                errs.at(
                    format!("theme.{name}"),
                    format!("{v:?} is not a colour like \"#1d4ed8\" or \"rgb(29 78 216)\""),
                );
            }
        }
        if let Some(r) = t.radius.as_deref().filter(|r| !is_css_length(r)) {
            errs.at(
                "theme.radius",
                format!("{r:?} is not a length like \"12px\" or \"0.75rem\""),
            );
        }
        if let Some(f) = t.font.as_deref().filter(|f| !is_font_list(f)) {
            errs.at(
                "theme.font",
                format!("{f:?} is not a font list like \"Georgia, serif\""),
            );
        }
        if self.gestures.is_empty() {
            errs.at("gestures", "no gestures: add at least one");
        }
        let mut seen = BTreeMap::new();
        for (i, g) in self.gestures.iter().enumerate() {
            let p = format!("gestures[{i}]");
            if let Some(first) = seen.insert(g.id.clone(), i) {
                errs.at(
                    format!("{p}.id"),
                    format!("{:?} is already the id of gestures[{first}]", g.id),
                );
            }
            self.validate_gesture(g, &p, errs);
        }
    }

    fn validate_gesture(&self, g: &Gesture, p: &str, errs: &mut Errors) {
        if g.id.is_empty()
            || g.id.len() > 64
            || !g
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            errs.at(
                format!("{p}.id"),
                format!("{:?}: use 1 to 64 letters, digits, '-' or '_'", g.id),
            );
        }
        let mut texts: Vec<(String, &Text)> = vec![(format!("{p}.title"), &g.title)];
        if let Some(t) = &g.text {
            texts.push((format!("{p}.text"), t));
        }
        if let Some(l) = &g.link {
            texts.push((format!("{p}.link.label"), &l.label));
            check_url(&l.url, &format!("{p}.link.url"), errs);
        }
        for (cat, l) in g.recommend.iter().flatten() {
            texts.push((format!("{p}.recommend.{cat}.label"), &l.label));
            check_url(&l.url, &format!("{p}.recommend.{cat}.url"), errs);
        }
        if let Some(f) = &g.feedback {
            texts.push((format!("{p}.feedback.question"), &f.question));
            texts.push((format!("{p}.feedback.thanks"), &f.thanks));
            if let Some(c) = &f.comment {
                texts.push((format!("{p}.feedback.comment"), c));
            }
        }
        for (path, text) in texts {
            for (lang, s) in text.all() {
                if let Err(e) = Template::parse(s) {
                    errs.at(format!("{path}{lang}"), e.to_string());
                }
            }
        }
        match (g.kind, &g.code, &g.feedback) {
            (Kind::Code, None, _) => errs.at(
                p,
                "a `code` gesture needs a `code` with a `value` or an `issue_url`",
            ),
            (Kind::Feedback, _, None) => {
                errs.at(p, "a `feedback` gesture needs a `feedback` question")
            }
            (k, _, Some(_)) if k != Kind::Feedback => errs.at(
                format!("{p}.feedback"),
                "only `feedback` gestures ask questions",
            ),
            _ => {}
        }
        if let Some(c) = &g.code {
            let cp = format!("{p}.code");
            match (&c.value, &c.issue_url) {
                (None, None) => errs.at(&cp, "needs a `value` or an `issue_url`"),
                (Some(v), _) if v.trim().is_empty() || v.len() > 64 => {
                    errs.at(format!("{cp}.value"), "must be 1 to 64 characters")
                }
                _ => {}
            }
            if let Some(u) = &c.issue_url {
                check_https(u, &format!("{cp}.issue_url"), errs);
            }
            if let Some(u) = &c.apply_url {
                check_url(u, &format!("{cp}.apply_url"), errs);
            }
            if let Some(e) = &c.expires_at {
                if let Err(err) = parse_instant(e) {
                    errs.at(format!("{cp}.expires_at"), err.to_string());
                }
            }
            if c.valid_days == Some(0) {
                errs.at(format!("{cp}.valid_days"), "must be at least 1");
            }
        }
        let s = &g.schedule;
        for (name, v) in [("start", &s.start), ("end", &s.end)] {
            if let Some(Err(e)) = v.as_deref().map(parse_instant) {
                errs.at(format!("{p}.schedule.{name}"), e.to_string());
            }
        }
        if let (Some(a), Some(b)) = (config_instant(&s.start), config_instant(&s.end)) {
            if a >= b {
                errs.at(format!("{p}.schedule"), "`end` must be after `start`");
            }
        }
        if g.cap.max_shows == 0 {
            errs.at(format!("{p}.cap.max_shows"), "must be at least 1");
        }
        if g.cap.per != Period::Lifetime && g.cap.max_shows > SHOWS_PER_GESTURE as u32 {
            errs.at(
                format!("{p}.cap.max_shows"),
                format!("at most {SHOWS_PER_GESTURE} per period (use \"per\": \"lifetime\" for larger counts)"),
            );
        }
        let w = &g.when;
        if let (Some(a), Some(b)) = (w.orders_min, w.orders_max) {
            if a > b {
                errs.at(format!("{p}.when"), "orders_min is greater than orders_max");
            }
        }
        if let (Some(a), Some(b)) = (w.spent_min, w.spent_max) {
            if a > b {
                errs.at(format!("{p}.when"), "spent_min is greater than spent_max");
            }
        }
        if w.nth_order
            .as_ref()
            .is_some_and(|v| v.is_empty() || v.contains(&0))
        {
            errs.at(
                format!("{p}.when.nth_order"),
                "list order numbers from 1, e.g. [3, 5, 10]",
            );
        }
        for (name, list) in [("url", &w.url), ("url_not", &w.url_not)] {
            for (j, pat) in list.iter().flat_map(OneOrMany::as_slice).enumerate() {
                if pat.is_empty() || pat.len() > 300 {
                    errs.at(
                        format!("{p}.when.{name}[{j}]"),
                        "a URL pattern must be 1 to 300 characters",
                    );
                }
            }
        }
    }

    /// A gesture by id.
    pub fn gesture(&self, id: &str) -> Option<&Gesture> {
        self.gestures.iter().find(|g| g.id == id)
    }
}

fn check_url(u: &str, path: &str, errs: &mut Errors) {
    if !is_web_url(u) {
        errs.at(
            path,
            format!("{u:?}: links must be http(s) URLs or paths starting with '/'"),
        );
    }
}

fn check_https(u: &str, path: &str, errs: &mut Errors) {
    let l = u.to_ascii_lowercase();
    let local = l.starts_with("http://localhost") || l.starts_with("http://127.0.0.1");
    if !(l.starts_with("https://") || local || (l.starts_with('/') && !l.starts_with("//"))) {
        errs.at(
            path,
            format!("{u:?}: endpoints must be https URLs or paths on the store"),
        );
    }
}

/// The JSON Schema of the config, for editor completion.
#[cfg(not(target_arch = "wasm32"))]
pub fn schema() -> Value {
    serde_json::to_value(schemars::schema_for!(Config)).unwrap_or(Value::Null)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    fn errors(v: Value) -> String {
        Config::from_value(v)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn base(gestures: Value) -> Value {
        json!({"store": {"name": "Shop", "currency": "EUR"}, "gestures": gestures})
    }

    #[test]
    fn ok_minimal() {
        let c = Config::from_value(base(
            json!([{"id": "t", "kind": "thank_you", "title": "Thanks {first_name|there}"}]),
        ))
        .unwrap();
        assert_eq!(c.budget.max_per_session, 1);
        assert_eq!(c.gestures[0].cap.per, Period::Order);
        assert!(c.give_before_ask);
    }

    #[test]
    fn err_unknown_and_misspelt_keys_each_reported() {
        insta::assert_snapshot!(errors(
            json!({"store": {"name": "Shop", "currency": "EUR", "colour": 1},
            "gestures": [
                {"id": "a", "kind": "thank_you", "titel": "x"},
                {"id": "b", "kind": "coupon", "title": "x"},
                {"id": "c", "kind": "code", "title": "x", "cap": {"max_shows": "2"}}
            ]})
        ));
    }

    #[test]
    fn err_semantic_problems() {
        insta::assert_snapshot!(errors(json!({
        "store": {"name": " ", "currency": "euro", "locale": "en US"},
        "holdout": {"percent": 80},
        "theme": {"accent": "red;background:url(x)", "radius": "12"},
        "endpoints": {"feedback": "http://collector.example/x"},
        "gestures": [
            {"id": "a", "kind": "code", "title": "Hi {first_name", "code": {"expires_at": "soon"}},
            {"id": "a", "kind": "feedback", "title": "x", "link": {"label": "go", "url": "javascript:alert(1)"}},
            {"id": "b c", "kind": "banner", "title": "x", "schedule": {"start": "2026-02-01", "end": "2026-01-01"},
             "cap": {"max_shows": 20, "per": "week"}, "when": {"nth_order": [0], "orders_min": 5, "orders_max": 2}}
        ]})));
    }

    #[test]
    fn err_not_json() {
        assert_eq!(
            Config::parse("{\"store\": ").unwrap_err()[0].to_string(),
            ".: not valid JSON: EOF while parsing a value at line 1 column 10"
        );
    }

    #[test]
    fn ok_url_patterns() {
        assert!(url_matches(
            "/thank-you*",
            "https://shop.example/thank-you?order=1"
        ));
        assert!(url_matches(
            "*/checkout*",
            "https://shop.example/cart/checkout/step2"
        ));
        assert!(!url_matches(
            "/thank-you*",
            "https://shop.example/products/thank-you"
        ));
        assert!(url_matches(
            "https://shop.example/*",
            "https://shop.example/a"
        ));
        assert!(url_matches("*", "/"));
    }

    #[test]
    fn ok_text_pick() {
        let t = Text::ByLanguage(
            [
                ("en".to_string(), "Thanks".to_string()),
                ("ar".into(), "شكرا".into()),
            ]
            .into(),
        );
        assert_eq!(t.pick("ar-EG"), "شكرا");
        assert_eq!(t.pick("fr"), "Thanks");
    }
}
