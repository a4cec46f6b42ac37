//! One event model for every way a storefront tells us something.
//!
//! Storefronts speak in several dialects: GA4 e-commerce pushes to `window.dataLayer`, the
//! `gtag('event', name, params)` argument form, legacy Universal Analytics enhanced-ecommerce
//! pushes, and our own `track(name, data)` / `identify(facts)` calls. Each is normalized here
//! into an [`Input`]. Real pushes are messy (numbers as strings, missing fields, `null`
//! clearing pushes), so every optional field that cannot be used is dropped on its own, and
//! only an input with no usable meaning at all is rejected, with a reason.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use thiserror::Error;

use super::time::{parse_instant, parse_month_day, Millis, MonthDay};
use super::url::is_web_url;

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

/// Keeps printable text, drops control characters, trims, and caps the length.
pub fn clean_text(s: &str) -> Option<String> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_TEXT)
        .collect();
    let t = t.trim().to_string();
    (!t.is_empty()).then_some(t)
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => clean_text(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads a number sent as a JSON number or as a string ("19.99", " 5 "). NaN, infinities
/// and unparsable strings give `None`.
pub fn number(v: Option<&Value>) -> Option<f64> {
    let n = match v? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// Reads a non-negative amount of money into cents.
pub fn cents(v: Option<&Value>) -> Option<Cents> {
    let n = number(v)?;
    let c = (n * 100.0).round();
    (c >= 0.0 && c <= MAX_CENTS as f64).then_some(c as Cents)
}

fn currency(v: Option<&Value>) -> Option<String> {
    let s = v?.as_str()?.trim();
    (s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic())).then(|| s.to_ascii_uppercase())
}

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
}

/// Names pushed to the dataLayer that are not storefront events: Tag Manager's own
/// lifecycle and our outbound `reciprocity_*` events.
fn is_foreign(name: &str) -> bool {
    name.starts_with("gtm.") || name.starts_with("reciprocity_")
}

fn item(v: &Value, ua: bool) -> Option<Item> {
    let o = v.as_object()?;
    let (id, name, cat) = if ua {
        ("id", "name", "category")
    } else {
        ("item_id", "item_name", "item_category")
    };
    let get = |k: &str, alt: &str| o.get(k).or_else(|| o.get(alt));
    let quantity = number(o.get("quantity"))
        .map(|q| q.round().clamp(1.0, f64::from(MAX_QUANTITY)) as u32)
        .unwrap_or(1);
    let it = Item {
        id: text(get(id, if ua { "item_id" } else { "id" })),
        name: text(get(name, if ua { "item_name" } else { "name" })),
        category: text(get(cat, if ua { "item_category" } else { "category" })),
        price: cents(o.get("price")),
        quantity,
    };
    (it.id.is_some() || it.name.is_some()).then_some(it)
}

fn items(v: Option<&Value>, ua: bool) -> Vec<Item> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|i| item(i, ua))
            .take(MAX_ITEMS)
            .collect(),
        _ => Vec::new(),
    }
}

/// Builds an event from GA4-shaped parameters (`transaction_id`, `value`, `currency`,
/// `items`), as found in `ecommerce`, gtag params or `track` data.
fn ga4_event(
    name: &str,
    params: Option<&Map<String, Value>>,
    at: Millis,
) -> Result<Event, InputError> {
    if !valid_name(name) {
        return Err(InputError::Name(name.chars().take(80).collect()));
    }
    let mut e = Event::new(name, at);
    if let Some(p) = params {
        e.transaction_id = text(p.get("transaction_id"));
        e.value = cents(p.get("value"));
        e.currency = currency(p.get("currency"));
        e.items = items(p.get("items"), false);
        e.url = text(p.get("page_location")).filter(|u| is_web_url(u));
    }
    Ok(e)
}

/// Universal Analytics enhanced-ecommerce actions, in the order they are checked.
const UA_ACTIONS: [(&str, &str); 8] = [
    ("purchase", "purchase"),
    ("refund", "refund"),
    ("checkout", "begin_checkout"),
    ("add", "add_to_cart"),
    ("remove", "remove_from_cart"),
    ("detail", "view_item"),
    ("click", "select_item"),
    ("impressions", "view_item_list"),
];

fn ua_event(ec: &Map<String, Value>, at: Millis) -> Option<Event> {
    let (key, name) = UA_ACTIONS.iter().find(|(k, _)| ec.contains_key(*k))?;
    let mut e = Event::new(*name, at);
    e.currency = currency(ec.get("currencyCode"));
    let action = ec.get(*key);
    if *key == "impressions" {
        e.items = items(action, true);
        return Some(e);
    }
    let action = action.and_then(Value::as_object);
    if let Some(a) = action {
        if let Some(af) = a.get("actionField").and_then(Value::as_object) {
            e.transaction_id = text(af.get("id"));
            e.value = cents(af.get("revenue"));
        }
        e.items = items(a.get("products"), true);
    }
    Some(e)
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
    if let Some(ev) = ec.and_then(|ec| ua_event(ec, at)) {
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
            ga4_event(name, params, at).map(|e| Some(Input::Event(e)))
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

/// Normalizes the arguments of a `gtag(...)` call. Only `gtag('event', name, params)`
/// carries an event; `config`, `set`, `js` and `consent` commands give `Ok(None)`.
pub fn from_gtag(args: &[Value], at: Millis) -> Result<Option<Input>, InputError> {
    match args.first().and_then(Value::as_str) {
        Some("event") => {}
        Some(_) => return Ok(None),
        None => return Err(InputError::Shape("gtag call without a command".into())),
    }
    let Some(name) = args.get(1).and_then(Value::as_str) else {
        return Err(InputError::Shape(
            "gtag('event') without an event name".into(),
        ));
    };
    if is_foreign(name) {
        return Ok(None);
    }
    ga4_event(name, args.get(2).and_then(Value::as_object), at).map(|e| Some(Input::Event(e)))
}

/// Normalizes `reciprocity('track', name, data)`.
pub fn from_track(name: &Value, data: Option<&Value>, at: Millis) -> Result<Input, InputError> {
    let Some(name) = name.as_str() else {
        return Err(InputError::Shape(format!(
            "track: the event name must be a string, got {}",
            kind_of(name)
        )));
    };
    let params = match data {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => Some(o),
        Some(other) => {
            return Err(InputError::Shape(format!(
                "track: data must be an object, got {}",
                kind_of(other)
            )))
        }
    };
    let mut e = ga4_event(name.trim(), params, at)?;
    if let Some(u) = params
        .and_then(|p| text(p.get("url")))
        .filter(|u| is_web_url(u))
    {
        e.url = Some(u);
    }
    Ok(Input::Event(e))
}

/// Normalizes `reciprocity('identify', facts)`. Unknown keys are ignored (a storefront may
/// send its whole customer object); a known key with an unusable value is an error.
pub fn from_identify(facts: &Value, at: Millis) -> Result<Input, InputError> {
    let Some(o) = facts.as_object() else {
        return Err(InputError::Shape(format!(
            "identify: expected an object, got {}",
            kind_of(facts)
        )));
    };
    let bad = |field: &'static str, reason: String| InputError::Fact { field, reason };
    let present = |k: &str| o.get(k).filter(|v| !v.is_null());
    let mut f = Facts {
        at,
        ..Facts::default()
    };
    if let Some(v) = present("first_name") {
        f.first_name = Some(
            text(Some(v)).ok_or_else(|| bad("first_name", "expected a non-empty string".into()))?,
        );
    }
    if let Some(v) = present("birthday") {
        let s = v
            .as_str()
            .ok_or_else(|| bad("birthday", "expected a string".into()))?;
        let md = parse_month_day(s).map_err(|e| bad("birthday", e.to_string()))?;
        f.birthday = Some((md.month, md.day));
    }
    if let Some(v) = present("orders_count") {
        let n = number(Some(v)).filter(|n| *n >= 0.0 && *n <= 1e6 && n.fract() == 0.0);
        f.orders_count = Some(n.ok_or_else(|| {
            bad(
                "orders_count",
                "expected a whole number from 0 to 1000000".into(),
            )
        })? as u32);
    }
    if let Some(v) = present("first_order_at") {
        let s = v
            .as_str()
            .ok_or_else(|| bad("first_order_at", "expected a string".into()))?;
        f.first_order_at =
            Some(parse_instant(s).map_err(|e| bad("first_order_at", e.to_string()))?);
    }
    if let Some(v) = present("total_spent") {
        f.total_spent = Some(
            cents(Some(v))
                .ok_or_else(|| bad("total_spent", "expected a non-negative amount".into()))?,
        );
    }
    if let Some(v) = present("currency") {
        f.currency = Some(
            currency(Some(v))
                .ok_or_else(|| bad("currency", "expected a 3-letter ISO 4217 code".into()))?,
        );
    }
    Ok(Input::Identify(f))
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

    fn event(v: Value) -> Event {
        match from_data_layer(&v, 0) {
            Ok(Some(Input::Event(e))) => e,
            other => panic!("expected an event, got {other:?}"),
        }
    }

    #[test]
    fn ok_ga4_purchase_with_strings_and_missing_fields() {
        let e = event(json!({"event": "purchase", "ecommerce": {
            "transaction_id": "T-1", "value": "42.50", "currency": "eur", "tax": 1, "shipping": "3",
            "items": [{"item_id": "SKU1", "item_name": "Mug", "price": "12.5", "quantity": "2"},
                      {"item_name": "Gift wrap"}, {"foo": 1}]}}));
        assert_eq!(e.name, "purchase");
        assert_eq!(e.transaction_id.as_deref(), Some("T-1"));
        assert_eq!(e.value, Some(4250));
        assert_eq!(e.currency.as_deref(), Some("EUR"));
        assert_eq!(e.items.len(), 2);
        assert_eq!(e.items[0].price, Some(1250));
        assert_eq!(e.items[0].quantity, 2);
        assert_eq!(e.items[1].category, None);
    }

    #[test]
    fn ok_ua_purchase_without_event_key() {
        let e = event(json!({"ecommerce": {"currencyCode": "USD", "purchase": {
            "actionField": {"id": "UA-9", "revenue": "19.99", "tax": "1.00"},
            "products": [{"id": "P1", "name": "Tee", "category": "Apparel/Shirts", "price": "19.99", "quantity": 1}]}}}));
        assert_eq!((e.name.as_str(), e.value), ("purchase", Some(1999)));
        assert_eq!(e.items[0].category.as_deref(), Some("Apparel/Shirts"));
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
    fn ok_gtag_form() {
        let e = match from_data_layer(
            &json!(["event", "add_to_cart", {"value": 5, "items": [{"item_id": "A"}]}]),
            7,
        ) {
            Ok(Some(Input::Event(e))) => e,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            (e.name.as_str(), e.value, e.at),
            ("add_to_cart", Some(500), 7)
        );
    }

    #[test]
    fn ok_hostile_numbers_are_dropped_not_fatal() {
        let e = event(
            json!({"event": "purchase", "ecommerce": {"transaction_id": "T", "value": "NaN",
            "items": [{"item_name": "<img src=x onerror=alert(1)>", "price": -3, "quantity": -7}]}}),
        );
        assert_eq!(e.value, None);
        assert_eq!(e.items[0].price, None);
        assert_eq!(e.items[0].quantity, 1);
        assert_eq!(
            e.items[0].name.as_deref(),
            Some("<img src=x onerror=alert(1)>")
        );
    }

    #[test]
    fn err_inputs() {
        insta::assert_snapshot!(from_data_layer(&json!(42), 0).unwrap_err(), @"not an event: expected an object, got a number");
        insta::assert_snapshot!(from_data_layer(&json!({"event": "buy now!"}), 0).unwrap_err(), @r#"bad event name "buy now!": use 1 to 64 letters, digits, '_', '.', ':' or '-'"#);
        insta::assert_snapshot!(from_track(&json!("purchase"), Some(&json!([1])), 0).unwrap_err(), @"not an event: track: data must be an object, got an array");
        insta::assert_snapshot!(from_identify(&json!({"birthday": "31-12"}), 0).unwrap_err(), @r#"identify: birthday: "31-12" is not a real date or time"#);
        insta::assert_snapshot!(from_identify(&json!({"orders_count": -1}), 0).unwrap_err(), @"identify: orders_count: expected a whole number from 0 to 1000000");
    }

    #[test]
    fn ok_identify() {
        let Ok(Input::Identify(f)) = from_identify(
            &json!({"first_name": " Ana ", "birthday": "1990-07-14",
            "orders_count": "3", "total_spent": 120.5, "currency": "usd", "__proto__": {"x": 1}}),
            9,
        ) else {
            panic!()
        };
        assert_eq!(f.first_name.as_deref(), Some("Ana"));
        assert_eq!(f.birthday, Some((7, 14)));
        assert_eq!(
            (f.orders_count, f.total_spent, f.currency.as_deref()),
            (Some(3), Some(12050), Some("USD"))
        );
    }
}
