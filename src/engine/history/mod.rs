//! The shopper's history on the device: append, dedupe, compaction, and its stored form.
//!
//! A [`History`] holds running aggregates (counts, spend, first and last dates, categories,
//! per-gesture reactions) that are updated as each input is appended, plus a bounded window
//! of recent detail. Everything a decision needs is in the aggregates, so compaction (which
//! only drops old detail) never changes the profile, and a decision costs the same after
//! ten events as after a hundred thousand.
//!
//! The stored form is JSON with short keys and a format version `v`. Older versions are
//! migrated on load; a value written by a newer version is refused rather than overwritten;
//! a corrupt value is salvaged field by field where possible and reported.
//!
//! One file per job: this one holds the limits, the [`History`] itself and `append`;
//! `aggregates.rs` the running totals and how each input updates them (dedupe included);
//! `codec.rs` the stored form (encode, decode, migrate, salvage); `store.rs` the [`Store`]
//! trait, its in-memory implementation and [`load`].

use crate::engine::small::SmallMap;

use serde::{Deserialize, Serialize};

use super::event::{Event, Facts, Input};
use super::owed::Owed;
use super::time::{Millis, HOUR, MINUTE};

mod aggregates;
mod codec;
pub mod export;
mod store;

pub use aggregates::{category_key, Aggregates, GestureStats, OrderSummary, ShowMark, Span, Txn};
pub use codec::Decoded;
pub use export::{Export, EXPORT_FORMAT};
pub use store::{load, MemoryStore, Result, SharedStore, Store, StoreError};

/// The stored format this build writes.
pub const FORMAT_VERSION: u32 = 2;
/// Recent events kept as detail after compaction.
pub const RECENT_LIMIT: usize = 60;
/// Transaction ids remembered for dedupe.
pub const TXN_LIMIT: usize = 200;
/// Categories kept in the affinity table.
pub const CATEGORY_LIMIT: usize = 40;
/// Distinct event names counted.
pub const COUNT_LIMIT: usize = 40;
/// Gestures whose reactions are remembered.
pub const GESTURE_LIMIT: usize = 64;
/// Show instants remembered per gesture (windowed caps can count up to this many).
pub const SHOWS_PER_GESTURE: usize = 8;
/// Show instants remembered across all gestures (for the attention budget).
pub const SHOWS_LIMIT: usize = 32;
/// Upper bound for the stored form, in bytes; compaction drops detail to stay under it.
pub const STORED_BUDGET: usize = 48 * 1024;
/// Inactivity that ends a session.
pub const SESSION_GAP: Millis = 30 * MINUTE;
/// A purchase without a transaction id is a duplicate when the same basket arrives again
/// within this window (a reloaded confirmation page).
pub const ANONYMOUS_PURCHASE_WINDOW: Millis = 24 * HOUR;

/// The shopper's history on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// Stored format version.
    pub v: u32,
    /// A random id kept on the device (holdout groups), never sent anywhere.
    pub id: String,
    /// Running totals.
    #[serde(default)]
    pub agg: Aggregates,
    /// Reactions per gesture id.
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub gestures: SmallMap<String, GestureStats>,
    /// Facts from `identify`, merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<Facts>,
    /// Known transactions, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub txns: Vec<Txn>,
    /// Recent detail, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recent: Vec<Event>,
    /// Moments owed to the shopper (gestures due but held back), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owed: Vec<Owed>,
    /// When the shopper chose "stop showing me these": from then on nothing is shown and
    /// nothing is recorded; the history holds only this.
    #[serde(default, rename = "out", skip_serializing_if = "Option::is_none")]
    pub opted_out: Option<Millis>,
}

/// What appending an input did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appended {
    /// The input was recorded.
    Recorded,
    /// The input repeats one already recorded and was not counted again.
    Duplicate(String),
    /// The shopper chose to see no gestures: nothing is recorded.
    OptedOut,
}

impl History {
    /// An empty history for a shopper id.
    pub fn new(id: impl Into<String>) -> History {
        History {
            v: FORMAT_VERSION,
            id: id.into(),
            agg: Aggregates::default(),
            gestures: SmallMap::new(),
            facts: None,
            txns: Vec::new(),
            recent: Vec::new(),
            owed: Vec::new(),
            opted_out: None,
        }
    }

    /// Records one input. Duplicates (a transaction id seen before, the same anonymous
    /// basket again within a day) are not counted again.
    pub fn append(&mut self, input: Input) -> Appended {
        let at = input.at();
        match input {
            Input::Event(e) => {
                if e.name == "purchase" {
                    if let Some(dup) = self.duplicate_purchase(&e) {
                        // A reload of the confirmation page is still a visit.
                        self.touch(at);
                        return Appended::Duplicate(dup);
                    }
                }
                self.touch(at);
                self.record_event(&e);
                self.recent.push(e);
            }
            Input::Identify(f) => {
                self.touch(at);
                self.merge_facts(f);
            }
            Input::Gesture(g) => {
                self.touch(at);
                self.record_reaction(&g);
            }
        }
        self.agg.inputs = self.agg.inputs.saturating_add(1);
        if self.recent.len() > RECENT_LIMIT * 2 || self.txns.len() > TXN_LIMIT * 2 {
            self.compact();
        }
        Appended::Recorded
    }

    /// Drops old detail (recent events, old transaction ids) down to the limits. Aggregates
    /// are untouched.
    pub fn compact(&mut self) {
        // Oldest first: the lists are `Vec`s (their `VecDeque`s cost the recorder 1.8 KB more).
        self.recent
            .drain(..self.recent.len().saturating_sub(RECENT_LIMIT));
        self.txns.drain(..self.txns.len().saturating_sub(TXN_LIMIT));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::event::{from_data_layer, Cents, Item};
    use crate::engine::time::DAY;
    use proptest::prelude::*;
    use serde_json::json;

    /// A purchase of one mug in `EUR`.
    pub(super) fn purchase(id: Option<&str>, at: Millis, value: Cents) -> Input {
        let mut e = Event::new("purchase", at);
        e.transaction_id = id.map(str::to_string);
        e.value = Some(value);
        e.currency = Some("EUR".into());
        e.items = vec![Item {
            name: Some("Mug".into()),
            category: Some("Kitchen".into()),
            quantity: 1,
            ..Item::default()
        }];
        Input::Event(e)
    }

    /// Any storefront event, now and then with a transaction id already seen.
    pub(super) fn arb_input() -> impl Strategy<Value = Input> {
        let names = prop_oneof![
            Just("page_view"),
            Just("view_item"),
            Just("add_to_cart"),
            Just("purchase"),
            Just("refund"),
            Just("sign_up")
        ];
        (
            names,
            0i64..400 * DAY,
            proptest::option::of(0u8..12),
            proptest::option::of(0i64..100_000),
            0usize..3,
        )
            .prop_map(|(name, at, txn, value, cat)| {
                let mut e = Event::new(name, at);
                e.transaction_id = txn.map(|t| format!("T{t}"));
                e.value = value;
                e.currency = Some("EUR".into());
                e.items = vec![Item {
                    name: Some(format!("item{cat}")),
                    category: Some(["Tea", "Coffee", "Mugs"][cat].into()),
                    quantity: 1,
                    ..Item::default()
                }];
                Input::Event(e)
            })
    }

    #[test]
    fn ok_transaction_counts_once() {
        let mut h = History::new("a");
        assert_eq!(h.append(purchase(Some("T1"), 0, 1000)), Appended::Recorded);
        for i in 1..5 {
            assert!(matches!(
                h.append(purchase(Some("T1"), i * 1000, 1000)),
                Appended::Duplicate(_)
            ));
        }
        assert_eq!((h.agg.orders, h.agg.spent), (1, 1000));
    }

    #[test]
    fn ok_anonymous_basket_counts_once_per_day() {
        let mut h = History::new("a");
        h.append(purchase(None, 0, 500));
        assert!(matches!(
            h.append(purchase(None, HOUR, 500)),
            Appended::Duplicate(_)
        ));
        assert_eq!(h.append(purchase(None, 2 * DAY, 500)), Appended::Recorded);
        assert_eq!(h.agg.orders, 2);
    }

    #[test]
    fn ok_refund_adjusts_spend_once() {
        let mut h = History::new("a");
        h.append(purchase(Some("T1"), 0, 5000));
        let refund = from_data_layer(
            &json!({"event": "refund", "ecommerce": {"transaction_id": "T1"}}),
            DAY,
        )
        .unwrap()
        .unwrap();
        h.append(refund.clone());
        h.append(refund);
        assert_eq!((h.agg.orders, h.agg.spent), (1, 0));
    }

    #[test]
    fn ok_sessions_and_clock_jumps() {
        let mut h = History::new("a");
        h.append(Input::Event(Event::new("page_view", 10 * DAY)));
        h.append(Input::Event(Event::new("page_view", 10 * DAY + MINUTE)));
        assert_eq!(h.agg.sessions, 1);
        h.append(Input::Event(Event::new("page_view", 9 * DAY)));
        assert_eq!(h.agg.sessions, 2);
        assert_eq!(h.agg.first_seen, Some(9 * DAY));
    }

    #[test]
    fn ok_identify_resets_since_counters() {
        let mut h = History::new("a");
        h.append(purchase(Some("T1"), 0, 1000));
        h.append(Input::Identify(Facts {
            at: 1,
            orders_count: Some(4),
            ..Facts::default()
        }));
        h.append(purchase(Some("T2"), 2, 1000));
        assert_eq!((h.agg.orders, h.agg.orders_since_facts), (2, 1));
        // A name alone (a guest's checkout, a platform's pixel) keeps the order on top.
        h.append(Input::Identify(Facts {
            at: 3,
            first_name: Some("Ana".into()),
            ..Facts::default()
        }));
        assert_eq!(h.agg.orders_since_facts, 1);
    }

    proptest! {
        #[test]
        fn dedupe_is_idempotent(inputs in proptest::collection::vec(arb_input(), 0..60)) {
            let mut once = History::new("p");
            for i in &inputs { once.append(i.clone()); }
            let mut twice = once.clone();
            for i in inputs.iter().filter(|i| matches!(i, Input::Event(e) if e.name == "purchase")) {
                prop_assert!(matches!(twice.append(i.clone()), Appended::Duplicate(_)));
            }
            prop_assert_eq!(once.agg.orders, twice.agg.orders);
            prop_assert_eq!(once.agg.spent, twice.agg.spent);
        }
    }
}
