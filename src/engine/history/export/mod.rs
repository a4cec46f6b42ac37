// Longer than 400 lines on purpose: one documented document, every field with its doc
// comment, and the views that serialize the history's collections without copying them.
// Split, a reader would follow one JSON document across files.

//! The export: what the device remembers of the shopper, as a documented JSON document with
//! readable names. `reciprocity('export')` resolves it (the README lists its fields).
//!
//! The stored form ([`History::encode`]) keeps short keys to stay small and may change with
//! any release (older ones are migrated); the export is the stable face of the same data.
//! Every key is always present: an unknown instant or value is `null`, an empty list `[]`, an
//! empty table `{}`. Instants are RFC 3339 in UTC (`2026-11-22T10:00:00Z`); money is an
//! integer count of hundredths of the currency unit (`1850` for 18.50 EUR, and for yen too)
//! with its ISO 4217 code. A field is only ever added within an [`EXPORT_FORMAT`]; one that
//! changes meaning or goes away bumps it.
//!
//! The document borrows from the history and is only serialized (the recorder writes it with
//! `serde_json::to_string`); nothing reads it back. Its lists and tables are views that
//! serialize the history's own collections item by item: no copy is made, and the browser
//! build carries no new collection code for it.

use crate::engine::small::SmallMap;

use serde::{Serialize, Serializer};

use super::{Aggregates, GestureStats, History, OrderSummary, Span, Txn};
use crate::engine::event::{Cents, Event, Facts, Item};
use crate::engine::owed::{Hold, Owed};
use crate::engine::time::{format_instant, Millis};

/// The export format this build writes (the document's `format`).
pub const EXPORT_FORMAT: u32 = 1;

/// An instant, exported as RFC 3339 in UTC with second precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time(pub Millis);

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_instant(self.0))
    }
}

/// A birthday without its year, exported as `MM-DD` (the form `identify` accepts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Birthday {
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of month, 1 to 31.
    pub day: u8,
}

impl Serialize for Birthday {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:02}-{:02}", self.month, self.day))
    }
}

/// An amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Money<'a> {
    /// Hundredths of the currency unit, whatever the currency (`1850` is 18.50).
    pub cents: Cents,
    /// ISO 4217 code, upper case; `null` when the storefront sent none.
    pub currency: Option<&'a str>,
}

/// What the device remembers of the shopper (`reciprocity('export')`).
#[derive(Debug, Clone, Serialize)]
pub struct Export<'a> {
    /// The export format, [`EXPORT_FORMAT`].
    pub format: u32,
    /// The random id made on this device (it puts the shopper in or out of the holdout
    /// group); never sent anywhere.
    pub shopper_id: &'a str,
    /// Inputs recorded (events, identify calls, reactions to gestures), duplicates not
    /// counted.
    pub inputs: u64,
    /// Visits: a new one starts after 30 minutes without activity.
    pub sessions: u32,
    /// Page views recorded.
    pub page_views: u64,
    /// The first activity recorded.
    pub first_seen: Option<Time>,
    /// The latest activity recorded.
    pub last_seen: Option<Time>,
    /// When the current visit started.
    pub session_started_at: Option<Time>,
    /// The last activity of the visit before the current one.
    pub previous_visit_at: Option<Time>,
    /// Orders recorded on this device, each transaction counted once.
    pub orders: u32,
    /// Net spend recorded on this device (refunds deducted), in the first currency seen;
    /// orders in other currencies count as orders but add nothing here.
    pub total_spent: Money<'a>,
    /// The first order recorded on this device.
    pub first_order_at: Option<Time>,
    /// The order before the last one.
    pub previous_order_at: Option<Time>,
    /// The latest order.
    pub last_order: Option<LastOrder<'a>>,
    /// Names of the items viewed most recently, newest first (at most 5).
    pub viewed_items: &'a [String],
    /// Interest per category: each unit bought weighs 3, each view, selection or cart add 1.
    pub category_affinity: &'a SmallMap<String, u32>,
    /// How often each event name was recorded (`page_view`, `purchase`, custom names).
    pub event_counts: &'a SmallMap<String, u32>,
    /// Orders recorded since the latest `identify` (the store's own counts include the
    /// earlier ones).
    pub orders_since_identify: u32,
    /// Spend recorded since the latest `identify`, in the currency of `total_spent`.
    pub spent_since_identify: Money<'a>,
    /// The latest shows of any gesture, oldest first (at most 32): the attention budget.
    pub recent_shows: Times<'a>,
    /// The latest dismissal of any gesture.
    pub last_dismissed_at: Option<Time>,
    /// The latest show of a gesture that gives (a thank-you, a gift).
    pub last_gift_at: Option<Time>,
    /// Feedback answers given.
    pub feedback_given: u32,
    /// The latest feedback answer.
    pub last_feedback_at: Option<Time>,
    /// What the shopper did with each gesture ([`GestureExport`]), by the gesture's id in the
    /// config.
    pub gestures: Gestures<'a>,
    /// What the store said of the customer through `identify`, merged (`null` when it never
    /// did).
    pub facts: Option<FactsExport<'a>>,
    /// Transactions remembered to count each order once ([`Transaction`]), oldest first (the
    /// latest 200).
    pub transactions: Transactions<'a>,
    /// Moments owed to the shopper ([`OwedExport`]): a gesture that came due and was held
    /// back, shown on a later page within its window. Oldest first.
    pub owed: OwedList<'a>,
    /// The latest events recorded ([`EventExport`]), oldest first (older ones are dropped;
    /// the totals above keep counting them).
    pub recent_events: Events<'a>,
    /// The first and the latest time of each event name, the widget's own steps as
    /// `reciprocity_<step>` (`{name: {first, last}}`, at most 40 names).
    pub event_times: Spans<'a>,
    /// The same for events with an item in a category, by `event/category` (at most 40).
    pub category_event_times: Spans<'a>,
    /// Page views in the current visit.
    pub visit_page_views: u32,
    /// How the current visit arrived ([`LandingExport`]), `null` before its first page.
    pub landing: Option<LandingExport<'a>>,
    /// When the shopper chose "stop showing me these" (nothing is shown or recorded since).
    pub opted_out_at: Option<Time>,
}

/// How a visit arrived: its first page's UTM tags and the referring site.
#[derive(Debug, Clone, Serialize)]
pub struct LandingExport<'a> {
    /// The start of the visit.
    pub at: Time,
    /// `utm_source`, lower case.
    pub utm_source: Option<&'a str>,
    /// `utm_medium`, lower case.
    pub utm_medium: Option<&'a str>,
    /// `utm_campaign`, lower case.
    pub utm_campaign: Option<&'a str>,
    /// The referring site's host.
    pub referrer: Option<&'a str>,
}

/// First and latest instants by name, exported as `{name: {first, last}}`.
#[derive(Debug, Clone, Copy)]
pub struct Spans<'a>(&'a SmallMap<String, Span>);

/// The first and the latest time of something recorded.
#[derive(Debug, Clone, Serialize)]
pub struct SpanExport {
    /// The first time.
    pub first: Time,
    /// The latest time.
    pub last: Time,
}

impl Serialize for Spans<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, (first, last))| {
            let span = SpanExport {
                first: Time(*first),
                last: Time(*last),
            };
            (k, span)
        }))
    }
}

/// The latest order.
#[derive(Debug, Clone, Serialize)]
pub struct LastOrder<'a> {
    /// When it was recorded.
    pub at: Time,
    /// Its value (the `value` sent, else the sum of its items); `null` when neither was
    /// sent.
    pub value: Option<Money<'a>>,
    /// Its item names (at most 5).
    pub items: &'a [String],
    /// Its items' categories, each once (at most 5).
    pub categories: &'a [String],
}

/// What the shopper did with one gesture.
#[derive(Debug, Clone, Serialize)]
pub struct GestureExport<'a> {
    /// Times it was shown, ever.
    pub shown: u32,
    /// The latest shows, oldest first (at most 8).
    pub shown_at: Times<'a>,
    /// The latest show.
    pub last_shown_at: Option<Time>,
    /// The latest dismissal.
    pub dismissed_at: Option<Time>,
    /// The latest action: a link followed, a code revealed or copied, feedback sent.
    pub acted_at: Option<Time>,
}

/// The customer facts from `identify`, newest value of each.
#[derive(Debug, Clone, Serialize)]
pub struct FactsExport<'a> {
    /// When they were last given.
    pub given_at: Time,
    /// First name, for greetings.
    pub first_name: Option<&'a str>,
    /// Birthday as `MM-DD` (a year, when given, is not kept).
    pub birthday: Option<Birthday>,
    /// Orders the store knows of, on any device.
    pub orders: Option<u32>,
    /// The store's first order date for the customer.
    pub first_order_at: Option<Time>,
    /// Lifetime spend the store knows of.
    pub total_spent: Option<Money<'a>>,
}

/// A remembered transaction.
#[derive(Debug, Clone, Serialize)]
pub struct Transaction<'a> {
    /// The `transaction_id`, or for a purchase sent without one a fingerprint of its basket
    /// (starting with `~`).
    pub id: &'a str,
    /// When it was recorded.
    pub at: Time,
    /// What it added to `total_spent` (0 for an order in another currency).
    pub counted: Money<'a>,
    /// How much of that was refunded.
    pub refunded: Money<'a>,
}

/// A moment owed to the shopper.
#[derive(Debug, Clone, Serialize)]
pub struct OwedExport<'a> {
    /// The gesture's id in the config.
    pub gesture: &'a str,
    /// The event that made it due (`purchase`, `review`, ...).
    pub event: &'a str,
    /// When that happened.
    pub at: Time,
    /// Owed until then.
    pub until: Time,
    /// Why it waited: `checkout`, `budget`, `quiet`, `on_screen` or `away`.
    pub held: Hold,
}

/// A recorded event.
#[derive(Debug, Clone, Serialize)]
pub struct EventExport<'a> {
    /// The event name (`page_view`, `view_item`, `purchase`, or a custom name).
    pub name: &'a str,
    /// When it happened.
    pub at: Time,
    /// The page it happened on, when known.
    pub url: Option<&'a str>,
    /// `transaction_id`, for purchases and refunds.
    pub transaction_id: Option<&'a str>,
    /// The `value` sent.
    pub value: Option<Money<'a>>,
    /// The items involved ([`ItemExport`]).
    pub items: Items<'a>,
}

/// A line of an event's items.
#[derive(Debug, Clone, Serialize)]
pub struct ItemExport<'a> {
    /// `item_id`.
    pub id: Option<&'a str>,
    /// `item_name`.
    pub name: Option<&'a str>,
    /// `item_category`.
    pub category: Option<&'a str>,
    /// Unit price, in the event's currency.
    pub price: Option<Money<'a>>,
    /// Quantity, at least 1.
    pub quantity: u32,
}

/// Instants, exported as a list of [`Time`].
#[derive(Debug, Clone, Copy)]
pub struct Times<'a>(&'a [Millis]);

/// The gestures' table, exported as `{id: GestureExport}`.
#[derive(Debug, Clone, Copy)]
pub struct Gestures<'a>(&'a SmallMap<String, GestureStats>);

/// The remembered transactions, exported as a list of [`Transaction`].
#[derive(Debug, Clone, Copy)]
pub struct Transactions<'a> {
    list: &'a [Txn],
    currency: Option<&'a str>,
}

/// The owed moments, exported as a list of [`OwedExport`].
#[derive(Debug, Clone, Copy)]
pub struct OwedList<'a>(&'a [Owed]);

/// The recent events, exported as a list of [`EventExport`].
#[derive(Debug, Clone, Copy)]
pub struct Events<'a>(&'a [Event]);

/// An event's items, exported as a list of [`ItemExport`].
#[derive(Debug, Clone, Copy)]
pub struct Items<'a> {
    list: &'a [Item],
    currency: Option<&'a str>,
}

impl Serialize for Times<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|&at| Time(at)))
    }
}

impl Serialize for Gestures<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(id, g)| (id, gesture_export(g))))
    }
}

impl Serialize for Transactions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let currency = self.currency;
        s.collect_seq(self.list.iter().map(|t| {
            let Txn {
                id,
                at,
                value,
                refunded,
            } = t;
            Transaction {
                id,
                at: Time(*at),
                counted: Money {
                    cents: *value,
                    currency,
                },
                refunded: Money {
                    cents: *refunded,
                    currency,
                },
            }
        }))
    }
}

impl Serialize for OwedList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(owed_export))
    }
}

impl Serialize for Events<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(event_export))
    }
}

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let currency = self.currency;
        s.collect_seq(self.list.iter().map(|i| {
            let Item {
                id,
                name,
                category,
                price,
                quantity,
            } = i;
            ItemExport {
                id: id.as_deref(),
                name: name.as_deref(),
                category: category.as_deref(),
                price: price.map(|cents| Money { cents, currency }),
                quantity: *quantity,
            }
        }))
    }
}

fn time(at: Option<Millis>) -> Option<Time> {
    at.map(Time)
}

fn money(cents: Option<Cents>, currency: &Option<String>) -> Option<Money<'_>> {
    cents.map(|cents| Money {
        cents,
        currency: currency.as_deref(),
    })
}

impl History {
    /// The export: what the device remembers, with readable names (see the module docs).
    pub fn export(&self) -> Export<'_> {
        // Destructured whole, here and below: a field added to the history fails to compile
        // until the export says what becomes of it.
        let History {
            v: _,
            id,
            agg,
            gestures,
            facts,
            txns,
            recent,
            owed,
            opted_out,
        } = self;
        let Aggregates {
            inputs,
            sessions,
            page_views,
            orders,
            spent,
            currency,
            first_seen,
            last_seen,
            session_start,
            previous_visit,
            first_order,
            last_order,
            previous_order,
            viewed,
            categories,
            counts,
            orders_since_facts,
            spent_since_facts,
            shows,
            last_dismissal,
            last_give,
            feedback_count,
            last_feedback,
            times,
            category_times,
            session_page_views,
            landing,
        } = agg;
        let currency = currency.as_deref();
        Export {
            format: EXPORT_FORMAT,
            shopper_id: id,
            inputs: *inputs,
            sessions: *sessions,
            page_views: *page_views,
            first_seen: time(*first_seen),
            last_seen: time(*last_seen),
            session_started_at: time(*session_start),
            previous_visit_at: time(*previous_visit),
            orders: *orders,
            total_spent: Money {
                cents: *spent,
                currency,
            },
            first_order_at: time(*first_order),
            previous_order_at: time(*previous_order),
            last_order: last_order.as_ref().map(last_order_export),
            viewed_items: viewed,
            category_affinity: categories,
            event_counts: counts,
            orders_since_identify: *orders_since_facts,
            spent_since_identify: Money {
                cents: *spent_since_facts,
                currency,
            },
            recent_shows: Times(shows),
            last_dismissed_at: time(*last_dismissal),
            last_gift_at: time(*last_give),
            feedback_given: *feedback_count,
            last_feedback_at: time(*last_feedback),
            gestures: Gestures(gestures),
            facts: facts.as_ref().map(facts_export),
            transactions: Transactions {
                list: txns,
                currency,
            },
            owed: OwedList(owed),
            opted_out_at: opted_out.map(Time),
            recent_events: Events(recent),
            event_times: Spans(times),
            category_event_times: Spans(category_times),
            visit_page_views: *session_page_views,
            landing: landing.as_ref().map(|l| LandingExport {
                at: Time(l.at),
                utm_source: l.source.as_deref(),
                utm_medium: l.medium.as_deref(),
                utm_campaign: l.campaign.as_deref(),
                referrer: l.referrer.as_deref(),
            }),
        }
    }
}

fn last_order_export(o: &OrderSummary) -> LastOrder<'_> {
    let OrderSummary {
        at,
        value,
        currency,
        items,
        categories,
    } = o;
    LastOrder {
        at: Time(*at),
        value: money(*value, currency),
        items,
        categories,
    }
}

fn gesture_export(g: &GestureStats) -> GestureExport<'_> {
    let GestureStats {
        shown,
        shows,
        dismissed,
        acted,
    } = g;
    GestureExport {
        shown: *shown,
        shown_at: Times(shows),
        last_shown_at: time(shows.last().copied()),
        dismissed_at: time(*dismissed),
        acted_at: time(*acted),
    }
}

fn facts_export(f: &Facts) -> FactsExport<'_> {
    let Facts {
        at,
        first_name,
        birthday,
        orders_count,
        first_order_at,
        total_spent,
        currency,
    } = f;
    FactsExport {
        given_at: Time(*at),
        first_name: first_name.as_deref(),
        birthday: birthday.map(|(month, day)| Birthday { month, day }),
        orders: *orders_count,
        first_order_at: time(*first_order_at),
        total_spent: money(*total_spent, currency),
    }
}

fn owed_export(o: &Owed) -> OwedExport<'_> {
    let Owed {
        gesture,
        event,
        at,
        until,
        held,
        unseen: _,
    } = o;
    OwedExport {
        gesture,
        event,
        at: Time(*at),
        until: Time(*until),
        held: *held,
    }
}

fn event_export(e: &Event) -> EventExport<'_> {
    let Event {
        at,
        name,
        url,
        transaction_id,
        value,
        currency,
        items,
        // The visit's referrer is exported with its landing.
        referrer: _,
    } = e;
    EventExport {
        name,
        at: Time(*at),
        url: url.as_deref(),
        transaction_id: transaction_id.as_deref(),
        value: money(*value, currency),
        items: Items {
            list: items,
            currency: currency.as_deref(),
        },
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
