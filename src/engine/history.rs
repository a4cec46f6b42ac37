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

use std::collections::{BTreeMap, VecDeque};

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use super::event::{Cents, Event, Facts, GestureReaction, Input, Reaction};
use super::time::{Millis, HOUR, MINUTE};

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

/// Why a stored history could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StoreError {
    /// The browser refused access to storage (blocked cookies, sandboxed frame).
    #[error("storage is blocked: {0}")]
    Blocked(String),
    /// The storage quota is full.
    #[error("storage is full: {0}")]
    Quota(String),
    /// The stored value cannot be read at all.
    #[error("stored history is corrupt: {0}")]
    Corrupt(String),
    /// The stored value was written by a newer version of reciprocity and is left untouched.
    #[error("stored history has format {found}, newer than {supported}: left untouched")]
    Newer {
        /// The version found.
        found: u64,
        /// The newest version this build reads.
        supported: u32,
    },
}

/// A `Result` with [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Where the serialized history lives: `localStorage` in the browser, memory in tests.
pub trait Store {
    /// The stored value, if any.
    fn load(&self) -> Result<Option<String>>;
    /// Replaces the stored value.
    fn save(&mut self, value: &str) -> Result<()>;
    /// Removes the stored value.
    fn clear(&mut self) -> Result<()>;
}

/// A [`Store`] in memory.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    /// The current value.
    pub value: Option<String>,
}

impl Store for MemoryStore {
    fn load(&self) -> Result<Option<String>> {
        Ok(self.value.clone())
    }
    fn save(&mut self, value: &str) -> Result<()> {
        self.value = Some(value.to_string());
        Ok(())
    }
    fn clear(&mut self) -> Result<()> {
        self.value = None;
        Ok(())
    }
}

/// The last order, as the thank-you and recommendation gestures need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OrderSummary {
    /// When.
    #[serde(rename = "t")]
    pub at: Millis,
    /// Value in cents, when known.
    #[serde(rename = "v", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Cents>,
    /// Currency of the value.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Item names (at most 5).
    #[serde(rename = "n", default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// Item categories, deduplicated (at most 5).
    #[serde(rename = "k", default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
}

/// Running totals, updated on append and never changed by compaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Aggregates {
    /// Inputs recorded (after dedupe).
    #[serde(rename = "n")]
    pub inputs: u64,
    /// Sessions (visits).
    #[serde(rename = "s")]
    pub sessions: u32,
    /// Page views.
    #[serde(rename = "pv")]
    pub page_views: u64,
    /// Orders seen on this device.
    #[serde(rename = "o")]
    pub orders: u32,
    /// Net spend seen on this device, in `currency`.
    #[serde(rename = "sp")]
    pub spent: Cents,
    /// The currency spend is kept in (the first one seen).
    #[serde(rename = "cur", skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// First activity.
    #[serde(rename = "fs", skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<Millis>,
    /// Latest activity.
    #[serde(rename = "ls", skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<Millis>,
    /// Start of the current session.
    #[serde(rename = "ss", skip_serializing_if = "Option::is_none")]
    pub session_start: Option<Millis>,
    /// Last activity of the previous session.
    #[serde(rename = "pv_at", skip_serializing_if = "Option::is_none")]
    pub previous_visit: Option<Millis>,
    /// First order seen on this device.
    #[serde(rename = "fo", skip_serializing_if = "Option::is_none")]
    pub first_order: Option<Millis>,
    /// The last order.
    #[serde(rename = "lo", skip_serializing_if = "Option::is_none")]
    pub last_order: Option<OrderSummary>,
    /// The order before the last one, for "days between orders".
    #[serde(rename = "po", skip_serializing_if = "Option::is_none")]
    pub previous_order: Option<Millis>,
    /// Recently viewed item names, newest first (at most 5).
    #[serde(rename = "vw", skip_serializing_if = "Vec::is_empty")]
    pub viewed: Vec<String>,
    /// Category affinity: purchases weigh 3 per unit, views and cart adds 1.
    #[serde(rename = "cat", skip_serializing_if = "BTreeMap::is_empty")]
    pub categories: BTreeMap<String, u32>,
    /// Count of each event name.
    #[serde(rename = "cnt", skip_serializing_if = "BTreeMap::is_empty")]
    pub counts: BTreeMap<String, u32>,
    /// Orders and spend recorded since the last identify, so server facts are not counted
    /// twice.
    #[serde(rename = "osf")]
    pub orders_since_facts: u32,
    /// See `orders_since_facts`.
    #[serde(rename = "ssf")]
    pub spent_since_facts: Cents,
    /// Instants of the latest gesture shows, any gesture (at most 32).
    #[serde(rename = "sh", skip_serializing_if = "Vec::is_empty")]
    pub shows: Vec<Millis>,
    /// The latest dismissal of any gesture.
    #[serde(rename = "ld", skip_serializing_if = "Option::is_none")]
    pub last_dismissal: Option<Millis>,
    /// The latest show of a gesture that gives (thanks, gift).
    #[serde(rename = "lg", skip_serializing_if = "Option::is_none")]
    pub last_give: Option<Millis>,
    /// Feedback answers given.
    #[serde(rename = "fb")]
    pub feedback_count: u32,
    /// The latest feedback.
    #[serde(rename = "lf", skip_serializing_if = "Option::is_none")]
    pub last_feedback: Option<Millis>,
}

/// What the device remembers of one gesture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct GestureStats {
    /// Times shown, ever.
    #[serde(rename = "n")]
    pub shown: u32,
    /// Latest show instants (at most 8), oldest first.
    #[serde(rename = "t", skip_serializing_if = "Vec::is_empty")]
    pub shows: Vec<Millis>,
    /// Latest dismissal.
    #[serde(rename = "d", skip_serializing_if = "Option::is_none")]
    pub dismissed: Option<Millis>,
    /// Latest action (link followed, code revealed or copied, feedback submitted).
    #[serde(rename = "a", skip_serializing_if = "Option::is_none")]
    pub acted: Option<Millis>,
}

/// A remembered transaction, for dedupe and refunds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Txn {
    /// The transaction id (or a basket fingerprint for purchases sent without one).
    #[serde(rename = "i")]
    pub id: String,
    /// When the purchase was recorded.
    #[serde(rename = "t")]
    pub at: Millis,
    /// Value counted in spend.
    #[serde(rename = "v")]
    pub value: Cents,
    /// Already refunded.
    #[serde(rename = "r", default)]
    pub refunded: Cents,
}

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
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub gestures: BTreeMap<String, GestureStats>,
    /// Facts from `identify`, merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<Facts>,
    /// Known transactions, oldest first.
    #[serde(default, skip_serializing_if = "VecDeque::is_empty")]
    pub txns: VecDeque<Txn>,
    /// Recent detail, oldest first.
    #[serde(default, skip_serializing_if = "VecDeque::is_empty")]
    pub recent: VecDeque<Event>,
}

/// What appending an input did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appended {
    /// The input was recorded.
    Recorded,
    /// The input repeats one already recorded and was not counted again.
    Duplicate(String),
}

/// A history read back from storage, with what had to be repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The history (possibly salvaged).
    pub history: History,
    /// Problems found and repaired; empty when the value was clean.
    pub problems: Vec<String>,
}

fn push_bounded<T: PartialEq>(v: &mut Vec<T>, x: T, limit: usize) {
    v.push(x);
    if v.len() > limit {
        let extra = v.len() - limit;
        v.drain(..extra);
    }
}

fn remember_front(list: &mut Vec<String>, name: &str, limit: usize) {
    list.retain(|n| n != name);
    list.insert(0, name.to_string());
    list.truncate(limit);
}

fn bump(map: &mut BTreeMap<String, u32>, key: &str, by: u32, limit: usize) {
    if let Some(n) = map.get_mut(key) {
        *n = n.saturating_add(by);
        return;
    }
    if map.len() >= limit {
        // Evict the weakest entry (ties: the greatest name) to make room, but only if the
        // newcomer is at least as strong.
        let weakest = map
            .iter()
            .min_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(k, v)| (k.clone(), *v));
        match weakest {
            Some((k, v)) if v <= by => {
                map.remove(&k);
            }
            _ => return,
        }
    }
    map.insert(key.to_string(), by);
}

fn fingerprint(e: &Event) -> String {
    let mut s = format!("~{}", e.effective_value().unwrap_or(0));
    for it in &e.items {
        s.push('|');
        s.push_str(it.id.as_deref().or(it.name.as_deref()).unwrap_or(""));
        s.push('*');
        s.push_str(&it.quantity.to_string());
    }
    s.chars().take(64).collect()
}

impl History {
    /// An empty history for a shopper id.
    pub fn new(id: impl Into<String>) -> History {
        History {
            v: FORMAT_VERSION,
            id: id.into(),
            agg: Aggregates::default(),
            gestures: BTreeMap::new(),
            facts: None,
            txns: VecDeque::new(),
            recent: VecDeque::new(),
        }
    }

    fn touch(&mut self, at: Millis) {
        let a = &mut self.agg;
        match a.last_seen {
            None => {
                a.sessions = 1;
                a.session_start = Some(at);
                a.first_seen = Some(at);
            }
            // A jump of the clock in either direction also starts a session.
            Some(last) if at.abs_diff(last) > SESSION_GAP as u64 => {
                a.sessions = a.sessions.saturating_add(1);
                a.previous_visit = Some(last);
                a.session_start = Some(at);
            }
            Some(_) => {}
        }
        a.first_seen = a.first_seen.map(|f| f.min(at));
        a.last_seen = Some(at);
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
                self.recent.push_back(e);
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

    fn duplicate_purchase(&self, e: &Event) -> Option<String> {
        match &e.transaction_id {
            Some(id) => self
                .txns
                .iter()
                .any(|t| &t.id == id)
                .then(|| format!("transaction {id:?} is already recorded")),
            None => {
                let fp = fingerprint(e);
                self.txns
                    .iter()
                    .any(|t| t.id == fp && e.at.abs_diff(t.at) < ANONYMOUS_PURCHASE_WINDOW as u64)
                    .then(|| "the same basket was recorded as a purchase within a day".to_string())
            }
        }
    }

    fn record_event(&mut self, e: &Event) {
        let a = &mut self.agg;
        bump(&mut a.counts, &e.name, 1, COUNT_LIMIT);
        let weight: u32 = match e.name.as_str() {
            "page_view" => {
                a.page_views = a.page_views.saturating_add(1);
                0
            }
            "view_item" | "select_item" | "add_to_cart" => 1,
            "purchase" => 3,
            _ => 0,
        };
        if weight > 0 {
            for it in &e.items {
                if let Some(c) = &it.category {
                    let w = if e.name == "purchase" {
                        weight.saturating_mul(it.quantity)
                    } else {
                        weight
                    };
                    bump(&mut a.categories, c, w, CATEGORY_LIMIT);
                }
            }
        }
        match e.name.as_str() {
            "view_item" => {
                for it in e.items.iter().rev() {
                    if let Some(n) = &it.name {
                        remember_front(&mut a.viewed, n, 5);
                    }
                }
            }
            "purchase" => self.record_purchase(e),
            "refund" => self.record_refund(e),
            _ => {}
        }
    }

    fn record_purchase(&mut self, e: &Event) {
        let a = &mut self.agg;
        let value = e.effective_value();
        let counted = match (&e.currency, &a.currency) {
            (Some(c), None) => {
                a.currency = Some(c.clone());
                value
            }
            (Some(c), Some(k)) if c != k => None,
            _ => value,
        }
        .unwrap_or(0);
        a.orders = a.orders.saturating_add(1);
        a.orders_since_facts = a.orders_since_facts.saturating_add(1);
        a.spent = a.spent.saturating_add(counted);
        a.spent_since_facts = a.spent_since_facts.saturating_add(counted);
        a.first_order = Some(a.first_order.map_or(e.at, |f| f.min(e.at)));
        let is_latest = a.last_order.as_ref().is_none_or(|o| e.at >= o.at);
        if is_latest {
            a.previous_order = a.last_order.as_ref().map(|o| o.at);
            let mut categories = Vec::new();
            for c in e.items.iter().filter_map(|i| i.category.as_ref()) {
                if !categories.contains(c) && categories.len() < 5 {
                    categories.push(c.clone());
                }
            }
            a.last_order = Some(OrderSummary {
                at: e.at,
                value,
                currency: e.currency.clone(),
                items: e
                    .items
                    .iter()
                    .filter_map(|i| i.name.clone())
                    .take(5)
                    .collect(),
                categories,
            });
        }
        let id = e.transaction_id.clone().unwrap_or_else(|| fingerprint(e));
        self.txns.push_back(Txn {
            id,
            at: e.at,
            value: counted,
            refunded: 0,
        });
    }

    fn record_refund(&mut self, e: &Event) {
        let txn = e
            .transaction_id
            .as_ref()
            .and_then(|id| self.txns.iter_mut().find(|t| &t.id == id));
        let amount = match txn {
            Some(t) => {
                let remaining = t.value - t.refunded;
                let amount = e
                    .effective_value()
                    .unwrap_or(remaining)
                    .min(remaining)
                    .max(0);
                t.refunded += amount;
                amount
            }
            None => e.value.unwrap_or(0),
        };
        let a = &mut self.agg;
        a.spent = (a.spent - amount).max(0);
        a.spent_since_facts = (a.spent_since_facts - amount).max(0);
    }

    fn merge_facts(&mut self, f: Facts) {
        let merged = match self.facts.take() {
            None => f,
            Some(old) => Facts {
                at: f.at.max(old.at),
                first_name: f.first_name.or(old.first_name),
                birthday: f.birthday.or(old.birthday),
                orders_count: f.orders_count.or(old.orders_count),
                first_order_at: f.first_order_at.or(old.first_order_at),
                total_spent: f.total_spent.or(old.total_spent),
                currency: f.currency.or(old.currency),
            },
        };
        // The server's counts include every order up to now: only orders recorded after
        // this point are added on top of them.
        self.agg.orders_since_facts = 0;
        self.agg.spent_since_facts = 0;
        self.facts = Some(merged);
    }

    fn record_reaction(&mut self, g: &GestureReaction) {
        if !self.gestures.contains_key(&g.gesture) && self.gestures.len() >= GESTURE_LIMIT {
            // Forget the gesture shown longest ago.
            let oldest = self
                .gestures
                .iter()
                .min_by_key(|(_, s)| s.shows.last().copied().unwrap_or(Millis::MIN))
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                self.gestures.remove(&k);
            }
        }
        let s = self.gestures.entry(g.gesture.clone()).or_default();
        let a = &mut self.agg;
        match g.reaction {
            Reaction::Shown => {
                s.shown = s.shown.saturating_add(1);
                push_bounded(&mut s.shows, g.at, SHOWS_PER_GESTURE);
                push_bounded(&mut a.shows, g.at, SHOWS_LIMIT);
                if g.gives {
                    a.last_give = Some(a.last_give.map_or(g.at, |t| t.max(g.at)));
                }
            }
            Reaction::Dismissed => {
                s.dismissed = Some(g.at);
                a.last_dismissal = Some(g.at);
            }
            Reaction::FeedbackSubmitted => {
                s.acted = Some(g.at);
                a.feedback_count = a.feedback_count.saturating_add(1);
                a.last_feedback = Some(g.at);
            }
            Reaction::Acted | Reaction::CodeRevealed | Reaction::CodeCopied => s.acted = Some(g.at),
        }
    }

    /// Drops old detail (recent events, old transaction ids) down to the limits. Aggregates
    /// are untouched.
    pub fn compact(&mut self) {
        while self.recent.len() > RECENT_LIMIT {
            self.recent.pop_front();
        }
        while self.txns.len() > TXN_LIMIT {
            self.txns.pop_front();
        }
    }

    /// The stored form: compact JSON, at most [`STORED_BUDGET`] bytes (older detail is
    /// dropped to fit).
    pub fn encode(&mut self) -> String {
        self.compact();
        loop {
            let s = serde_json::to_string(self).unwrap_or_default();
            if s.len() <= STORED_BUDGET || (self.recent.is_empty() && self.txns.len() <= 16) {
                return s;
            }
            let r = self.recent.len() / 2;
            self.recent.drain(..r.max(1).min(self.recent.len()));
            if self.recent.is_empty() {
                let t = self.txns.len() / 2;
                self.txns.drain(..t);
            }
        }
    }

    /// Reads a stored value: migrates older formats, refuses newer ones, salvages what it can
    /// from a damaged one (`fresh_id` is used when no id survives).
    pub fn decode(s: &str, fresh_id: &str) -> Result<Decoded> {
        let value: Value =
            serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("not JSON: {e}")))?;
        let Value::Object(mut o) = value else {
            return Err(StoreError::Corrupt("not a JSON object".into()));
        };
        let version = o.get("v").and_then(Value::as_u64);
        match version {
            Some(v) if v > u64::from(FORMAT_VERSION) => {
                return Err(StoreError::Newer {
                    found: v,
                    supported: FORMAT_VERSION,
                })
            }
            Some(1) => return Ok(migrate_v1(o, fresh_id)),
            Some(v) if v == u64::from(FORMAT_VERSION) => {}
            _ => return Err(StoreError::Corrupt("no format version".into())),
        }
        if let Ok(h) = serde_json::from_value::<History>(Value::Object(o.clone())) {
            return Ok(Decoded {
                history: h,
                problems: Vec::new(),
            });
        }
        let mut problems = Vec::new();
        let mut h = History::new(fresh_id);
        h.id = take(&mut o, "id", &mut problems).unwrap_or_else(|| fresh_id.to_string());
        h.agg = take(&mut o, "agg", &mut problems).unwrap_or_default();
        h.gestures = take(&mut o, "gestures", &mut problems).unwrap_or_default();
        h.facts = take(&mut o, "facts", &mut problems).unwrap_or_default();
        h.txns = take(&mut o, "txns", &mut problems).unwrap_or_default();
        h.recent = take(&mut o, "recent", &mut problems).unwrap_or_default();
        Ok(Decoded {
            history: h,
            problems,
        })
    }
}

fn take<T: DeserializeOwned>(
    o: &mut serde_json::Map<String, Value>,
    key: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    let v = o.remove(key)?;
    match serde_json::from_value(v) {
        Ok(t) => Some(t),
        Err(e) => {
            problems.push(format!("{key}: {e}: dropped"));
            None
        }
    }
}

/// Format 1 kept every event in a list (`events`) with the facts beside it; it is replayed
/// into the aggregates of the current format.
fn migrate_v1(mut o: serde_json::Map<String, Value>, fresh_id: &str) -> Decoded {
    let mut problems = Vec::new();
    let id: String = take(&mut o, "id", &mut problems).unwrap_or_else(|| fresh_id.to_string());
    let mut h = History::new(id);
    let events: Vec<Value> = take(&mut o, "events", &mut problems).unwrap_or_default();
    let mut inputs: Vec<Input> = Vec::new();
    for (i, e) in events.into_iter().enumerate() {
        match serde_json::from_value::<Event>(e) {
            Ok(e) => inputs.push(Input::Event(e)),
            Err(err) => problems.push(format!("events[{i}]: {err}: dropped")),
        }
    }
    if let Some(f) = take::<Facts>(&mut o, "facts", &mut problems) {
        inputs.push(Input::Identify(f));
    }
    inputs.sort_by_key(Input::at);
    for input in inputs {
        h.append(input);
    }
    Decoded {
        history: h,
        problems,
    }
}

/// Loads the history from a store. Returns the history, whether it may be written back
/// (not when the stored value is from a newer version), and the problems met.
pub fn load(store: &dyn Store, fresh_id: &str) -> (History, bool, Vec<StoreError>) {
    match store.load() {
        Ok(None) => (History::new(fresh_id), true, Vec::new()),
        Ok(Some(s)) => match History::decode(&s, fresh_id) {
            Ok(d) => {
                let problems = d.problems.into_iter().map(StoreError::Corrupt).collect();
                (d.history, true, problems)
            }
            Err(e @ StoreError::Newer { .. }) => (History::new(fresh_id), false, vec![e]),
            Err(e) => (History::new(fresh_id), true, vec![e]),
        },
        Err(e) => (History::new(fresh_id), false, vec![e]),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::event::{from_data_layer, Item};
    use crate::engine::time::DAY;
    use proptest::prelude::*;
    use serde_json::json;

    fn purchase(id: Option<&str>, at: Millis, value: Cents) -> Input {
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
    }

    #[test]
    fn err_newer_version_untouched() {
        let mut store = MemoryStore {
            value: Some(r#"{"v":99,"id":"x","future":true}"#.into()),
        };
        let (_, writable, problems) = load(&store, "fresh");
        assert!(!writable);
        insta::assert_snapshot!(problems[0], @"stored history has format 99, newer than 2: left untouched");
        assert!(store.save("x").is_ok());
    }

    #[test]
    fn err_corrupt_values() {
        insta::assert_snapshot!(History::decode(r#"{"v":2,"id":"#, "f").unwrap_err(), @"stored history is corrupt: not JSON: EOF while parsing a value at line 1 column 12");
        insta::assert_snapshot!(History::decode("[1,2]", "f").unwrap_err(), @"stored history is corrupt: not a JSON object");
        insta::assert_snapshot!(History::decode("{}", "f").unwrap_err(), @"stored history is corrupt: no format version");
    }

    #[test]
    fn ok_salvage_wrong_shape() {
        let mut h = History::new("keep-me");
        h.append(purchase(Some("T1"), 0, 1000));
        let mut v: Value = serde_json::from_str(&h.encode()).unwrap();
        v["recent"] = json!("garbage");
        let d = History::decode(&v.to_string(), "f").unwrap();
        assert_eq!(d.history.id, "keep-me");
        assert_eq!(d.history.agg.orders, 1);
        assert!(d.history.recent.is_empty());
        insta::assert_snapshot!(d.problems.join("\n"), @"recent: invalid type: string \"garbage\", expected a sequence: dropped");
    }

    #[test]
    fn ok_migrate_v1() {
        let v1 = json!({"v": 1, "id": "old", "events": [
            {"t": 0, "e": "purchase", "x": "T1", "v": 1200, "c": "USD"},
            {"t": DAY, "e": "purchase", "x": "T1", "v": 1200, "c": "USD"},
            {"t": 2 * DAY, "e": 5}
        ], "facts": {"t": 3, "n": "Ana"}});
        let d = History::decode(&v1.to_string(), "f").unwrap();
        assert_eq!(
            (d.history.id.as_str(), d.history.agg.orders, d.history.v),
            ("old", 1, FORMAT_VERSION)
        );
        assert_eq!(d.history.facts.unwrap().first_name.as_deref(), Some("Ana"));
        assert_eq!(d.problems.len(), 1);
    }

    fn arb_input() -> impl Strategy<Value = Input> {
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

        #[test]
        fn stored_form_round_trips(inputs in proptest::collection::vec(arb_input(), 0..200)) {
            let mut h = History::new("p");
            for i in inputs { h.append(i); }
            let s = h.encode();
            let d = History::decode(&s, "x").unwrap();
            prop_assert!(d.problems.is_empty());
            prop_assert_eq!(d.history, h);
        }
    }
}
