//! One event model for every way a storefront tells us something.
//!
//! Storefronts speak in several dialects: GA4 e-commerce pushes to `window.dataLayer`, the
//! `gtag('event', name, params)` argument form, legacy Universal Analytics enhanced-ecommerce
//! pushes, and our own `track(name, data)` / `identify(facts)` calls. Each is normalized here
//! into an [`Input`]. Real pushes are messy (numbers as strings, missing fields, `null`
//! clearing pushes), so every optional field that cannot be used is dropped on its own, and
//! only an input with no usable meaning at all is rejected, with a reason.
//!
//! One file per dialect: `ga4` (the e-commerce form `track` and gtag share), `ua`
//! (Universal Analytics), `gtag` (the argument form) and `track` (our own `track` and
//! `identify`); `coerce` reads the values they carry.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use super::time::{Millis, MonthDay};

mod coerce;
mod ga4;
mod gtag;
mod track;
mod ua;

pub use coerce::{cents, clean_text, decimal, number, valid_name};
pub use gtag::from_gtag;
pub use track::{from_identify, from_track};

/// An amount of money in hundredths of the currency unit (cents), kept as an integer so that
/// sums and refunds are exact.
pub type Cents = i64;

/// Largest amount accepted for one event or item (ten billion units); larger values are
/// treated as garbage, not money.
pub const MAX_CENTS: Cents = 1_000_000_000_000;
/// Longest text kept from any field, in characters.
pub const MAX_TEXT: usize = 200;
/// Most items kept from one event.
pub const MAX_ITEMS: usize = 50;
/// Largest quantity accepted for one item.
pub const MAX_QUANTITY: u32 = 10_000;

/// Why an input was not used. Nothing else recorded is affected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InputError {
    /// The value is not of a shape any dialect uses.
    #[error("not an event: {0}")]
    Shape(String),
    /// The event name is empty, too long or uses characters no analytics tool accepts.
    #[error("bad event name {0:?}: use 1 to 64 letters, digits, '_', '.', ':' or '-'")]
    Name(String),
    /// An identify call with a field that cannot be read.
    #[error("identify: {field}: {reason}")]
    Fact {
        /// The fact's key.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

/// A line of an order, view or cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Item {
    /// `item_id` (GA4) or `id` (Universal Analytics).
    #[serde(rename = "i", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `item_name` or `name`.
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `item_category` or `category`.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Unit price in cents.
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Cents>,
    /// Quantity, at least 1.
    #[serde(rename = "q", default = "one")]
    pub quantity: u32,
}

fn one() -> u32 {
    1
}

/// A storefront event: a page view, a product view, a cart change, a purchase, a refund, a
/// sign-up, or any custom name a store tracks (`review`, `referral`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// When it happened.
    #[serde(rename = "t")]
    pub at: Millis,
    /// The GA4 event name (`purchase`, `view_item`, ...) or a custom name.
    #[serde(rename = "e")]
    pub name: String,
    /// The page it happened on, when known.
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `transaction_id`: purchases and refunds.
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// `value` in cents.
    #[serde(rename = "v", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Cents>,
    /// ISO 4217 currency code, upper case.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The items involved.
    #[serde(rename = "l", default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// The site that referred the page (its host): page views only, and only the first
    /// page of a visit reads it (the visit's landing).
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
}

impl Event {
    /// A bare event with a name at an instant.
    pub fn new(name: impl Into<String>, at: Millis) -> Event {
        Event {
            at,
            name: name.into(),
            url: None,
            transaction_id: None,
            value: None,
            currency: None,
            items: Vec::new(),
            referrer: None,
        }
    }

    /// The value of the event: `value` when given, otherwise the sum of its items.
    pub fn effective_value(&self) -> Option<Cents> {
        self.value.or_else(|| {
            let mut sum: Cents = 0;
            let mut any = false;
            for item in &self.items {
                if let Some(p) = item.price {
                    any = true;
                    sum = sum.saturating_add(p.saturating_mul(Cents::from(item.quantity)));
                }
            }
            any.then_some(sum.min(MAX_CENTS))
        })
    }
}

/// What the storefront knows server-side about a logged-in customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Facts {
    /// When these facts were given.
    #[serde(rename = "t")]
    pub at: Millis,
    /// First name, for greetings.
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Birthday (the year, when given, is not kept).
    #[serde(rename = "b", default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<(u8, u8)>,
    /// Orders the store knows of, on any device.
    #[serde(rename = "o", default, skip_serializing_if = "Option::is_none")]
    pub orders_count: Option<u32>,
    /// The first order's instant.
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub first_order_at: Option<Millis>,
    /// Lifetime spend in cents.
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    pub total_spent: Option<Cents>,
    /// Currency of `total_spent`.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

impl Facts {
    /// The birthday as a [`MonthDay`].
    pub fn birthday(&self) -> Option<MonthDay> {
        self.birthday.map(|(month, day)| MonthDay { month, day })
    }
}

pub use super::reaction::{GestureReaction, Reaction};

/// A normalized input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A storefront event.
    Event(Event),
    /// Server-known facts about the customer.
    Identify(Facts),
    /// A reaction to one of our gestures.
    Gesture(GestureReaction),
}

impl Input {
    /// When the input happened.
    pub fn at(&self) -> Millis {
        match self {
            Input::Event(e) => e.at,
            Input::Identify(f) => f.at,
            Input::Gesture(g) => g.at,
        }
    }
}

/// Names pushed to the dataLayer that are not storefront events: Tag Manager's own
/// lifecycle and our outbound `reciprocity_*` events.
fn is_foreign(name: &str) -> bool {
    name.starts_with("gtm.") || name.starts_with("reciprocity_")
}

/// Normalizes one object pushed to `window.dataLayer`.
///
/// Returns `Ok(None)` for pushes that carry no storefront event (an `ecommerce: null`
/// clearing push, a variable-only push, Tag Manager's own `gtm.*` events, our own outbound
/// `reciprocity_*` events, and gtag commands other than `event`).
pub fn from_data_layer(push: &Value, at: Millis) -> Result<Option<Input>, InputError> {
    if let Value::Array(args) = push {
        // gtag() pushes its `arguments` object; the platform hands it over as an array.
        return from_gtag(args, at);
    }
    let Some(o) = push.as_object() else {
        return Err(InputError::Shape(format!(
            "expected an object, got {}",
            kind_of(push)
        )));
    };
    let name = o.get("event").and_then(Value::as_str).map(str::trim);
    if name.is_some_and(is_foreign) {
        return Ok(None);
    }
    let ec = o.get("ecommerce").and_then(Value::as_object);
    if let Some(ev) = ec.and_then(|ec| ua::ua_event(ec, at)) {
        return Ok(Some(Input::Event(ev)));
    }
    match name {
        None if o.contains_key("event") => {
            Err(InputError::Shape("\"event\" is not a string".into()))
        }
        None => Ok(None),
        Some(name) => {
            // GA4 puts parameters under `ecommerce`; some themes push them at the top level.
            let params = ec.or(Some(o));
            ga4::ga4_event(name, params, at).map(|e| Some(Input::Event(e)))
        }
    }
}

/// Reads one of our own outbound dataLayer pushes (`reciprocity_shown`, `_dismissed`,
/// `_code_revealed`, `_code_copied`, `_feedback_submitted`, with `gesture_id`) back as a
/// reaction. The widget records reactions directly and ignores these pushes; a replayed
/// journey (`reciprocity simulate`) uses them as the record of what the shopper did.
pub fn own_push(push: &Value, at: Millis) -> Option<GestureReaction> {
    let o = push.as_object()?;
    let step = o.get("event")?.as_str()?.strip_prefix("reciprocity_")?;
    // `clicked` is the name an earlier version used for `acted`.
    let step = if step == "clicked" { "acted" } else { step };
    let reaction = super::reaction::Step::from_name(step)?.reaction()?;
    let gesture = clean_text(o.get("gesture_id")?.as_str()?)?;
    Some(GestureReaction {
        at,
        gesture,
        reaction,
        gives: false,
    })
}

/// A short name for a JSON value's type, for error messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    /// The event a dataLayer push normalizes to (the dialects' tests read pushes with it).
    pub(super) fn event(v: Value) -> Event {
        match from_data_layer(&v, 0) {
            Ok(Some(Input::Event(e))) => e,
            other => panic!("expected an event, got {other:?}"),
        }
    }

    #[test]
    fn ok_ignored_pushes() {
        for v in [
            json!({"ecommerce": null}),
            json!({"userId": "42"}),
            json!({"event": "gtm.js"}),
            json!({"event": "reciprocity_shown", "gesture_id": "x"}),
            json!(["config", "G-XYZ"]),
        ] {
            assert_eq!(from_data_layer(&v, 0), Ok(None), "{v}");
        }
    }

    #[test]
    fn err_inputs() {
        insta::assert_snapshot!(from_data_layer(&json!(42), 0).unwrap_err(), @"not an event: expected an object, got a number");
        insta::assert_snapshot!(from_data_layer(&json!({"event": "buy now!"}), 0).unwrap_err(), @r#"bad event name "buy now!": use 1 to 64 letters, digits, '_', '.', ':' or '-'"#);
        insta::assert_snapshot!(from_track(&json!("purchase"), Some(&json!([1])), 0).unwrap_err(), @"not an event: track: data must be an object, got an array");
        insta::assert_snapshot!(from_identify(&json!({"birthday": "31-12"}), 0).unwrap_err(), @r#"identify: birthday: "31-12" is not a real date or time"#);
        insta::assert_snapshot!(from_identify(&json!({"orders_count": -1}), 0).unwrap_err(), @"identify: orders_count: expected a whole number from 0 to 1000000");
    }
}
