// A little over 400 lines: the running totals and the one function per input that updates
// them belong together (a compaction must never change what they add up to).

//! The running totals and how each input updates them: sessions, orders and spend (each
//! transaction counted once), categories, reactions to gestures, merged `identify` facts.

use crate::engine::small::SmallMap;

use serde::{Deserialize, Serialize};

use super::{
    History, ANONYMOUS_PURCHASE_WINDOW, CATEGORY_LIMIT, COUNT_LIMIT, GESTURE_LIMIT, SESSION_GAP,
    SHOWS_LIMIT, SHOWS_PER_GESTURE,
};
use crate::engine::event::{Cents, Event, Facts, GestureReaction, Reaction};
use crate::engine::page::Landing;
use crate::engine::time::Millis;

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
    #[serde(rename = "cat", skip_serializing_if = "SmallMap::is_empty")]
    pub categories: SmallMap<String, u32>,
    /// Count of each event name.
    #[serde(rename = "cnt", skip_serializing_if = "SmallMap::is_empty")]
    pub counts: SmallMap<String, u32>,
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
    /// The first and the latest instant of each event name (the widget's own steps as
    /// `reciprocity_<step>`), at most [`COUNT_LIMIT`] names: the one seen longest ago makes
    /// room.
    #[serde(rename = "tm", skip_serializing_if = "SmallMap::is_empty")]
    pub times: SmallMap<String, Span>,
    /// The same for events with an item in a category, under `event/category` (event names
    /// have no `/`), at most [`CATEGORY_LIMIT`] entries.
    #[serde(rename = "tc", skip_serializing_if = "SmallMap::is_empty")]
    pub category_times: SmallMap<String, Span>,
    /// Page views in the current session.
    #[serde(rename = "spv", skip_serializing_if = "is_zero")]
    pub session_page_views: u32,
    /// How the current session arrived (its first page's UTM tags and referrer).
    #[serde(rename = "lnd", skip_serializing_if = "Option::is_none")]
    pub landing: Option<Landing>,
}

/// The first and the latest instant of something recorded.
pub type Span = (Millis, Millis);

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Notes an instant in a bounded map of spans; when full, the entry seen longest ago makes
/// room (a newcomer is always kept: it is the latest).
fn note_time(map: &mut SmallMap<String, Span>, key: &str, at: Millis, limit: usize) {
    if let Some((first, last)) = map.get_mut(key) {
        *first = (*first).min(at);
        *last = (*last).max(at);
        return;
    }
    if map.len() >= limit {
        let stalest = map
            .iter()
            .min_by(|a, b| (a.1).1.cmp(&(b.1).1).then(b.0.cmp(a.0)))
            .map(|(k, _)| k.clone());
        if let Some(k) = stalest {
            map.remove(&k);
        }
    }
    map.insert(key.to_string(), (at, at));
}

/// The key of an event with an item in a category.
pub fn category_key(event: &str, category: &str) -> String {
    format!("{event}/{category}")
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

fn bump(map: &mut SmallMap<String, u32>, key: &str, by: u32, limit: usize) {
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
    /// Notes activity at `at`: a new session after [`SESSION_GAP`] of silence or a clock jump.
    pub(super) fn touch(&mut self, at: Millis) {
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
                a.session_page_views = 0;
            }
            Some(_) => {}
        }
        a.first_seen = a.first_seen.map(|f| f.min(at));
        a.last_seen = Some(at);
    }

    /// Why a purchase repeats one already recorded, if it does.
    pub(super) fn duplicate_purchase(&self, e: &Event) -> Option<String> {
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

    /// Updates the totals for an event (not a duplicate).
    pub(super) fn record_event(&mut self, e: &Event) {
        let a = &mut self.agg;
        bump(&mut a.counts, &e.name, 1, COUNT_LIMIT);
        note_time(&mut a.times, &e.name, e.at, COUNT_LIMIT);
        for c in e.items.iter().filter_map(|i| i.category.as_deref()) {
            let key = category_key(&e.name, c);
            note_time(&mut a.category_times, &key, e.at, CATEGORY_LIMIT);
        }
        let weight: u32 = match e.name.as_str() {
            "page_view" => {
                a.page_views = a.page_views.saturating_add(1);
                a.session_page_views = a.session_page_views.saturating_add(1);
                // The first page of a visit says how the visit arrived.
                if a.landing.as_ref().map(|l| l.at) != a.session_start {
                    let start = a.session_start.unwrap_or(e.at);
                    let (url, referrer) = (e.url.as_deref(), e.referrer.as_deref());
                    a.landing = Some(Landing::of_page(start, url, referrer));
                }
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
        self.txns.push(Txn {
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

    /// Merges `identify` facts, newest first.
    pub(super) fn merge_facts(&mut self, f: Facts) {
        // The server's counts include every order up to now: only orders recorded after
        // this point are added on top of them. Facts without counts (a name, a birthday)
        // leave the running counts alone.
        if f.orders_count.is_some() {
            self.agg.orders_since_facts = 0;
        }
        if f.total_spent.is_some() {
            self.agg.spent_since_facts = 0;
        }
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
        self.facts = Some(merged);
    }

    /// A history stored before the first and latest instants of each event were kept:
    /// they are rebuilt from what it still holds (the recent detail, the first and last
    /// orders, the latest feedback). A "first" rebuilt this way can only be later than the
    /// true one, so a condition on it may show a gesture later, never sooner.
    pub(super) fn seed_times(&mut self) {
        let a = &mut self.agg;
        for e in &self.recent {
            note_time(&mut a.times, &e.name, e.at, COUNT_LIMIT);
            for c in e.items.iter().filter_map(|i| i.category.as_deref()) {
                let key = category_key(&e.name, c);
                note_time(&mut a.category_times, &key, e.at, CATEGORY_LIMIT);
            }
        }
        let orders = [a.first_order, a.last_order.as_ref().map(|o| o.at)];
        for t in orders.into_iter().flatten() {
            note_time(&mut a.times, "purchase", t, COUNT_LIMIT);
        }
        if let Some(t) = a.last_feedback {
            let own = format!("reciprocity_{}", Reaction::FeedbackSubmitted.step().name());
            note_time(&mut a.times, &own, t, COUNT_LIMIT);
        }
    }

    /// Records what the shopper did with a gesture.
    pub(super) fn record_reaction(&mut self, g: &GestureReaction) {
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
        let s = self.gestures.entry_or_default(g.gesture.clone());
        let a = &mut self.agg;
        let own = format!("reciprocity_{}", g.reaction.step().name());
        note_time(&mut a.times, &own, g.at, COUNT_LIMIT);
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

    /// What recording a show of `gesture` at `at` is about to change, to take the show
    /// back should the gesture never reach the screen ([`take_back_show`](Self::take_back_show)).
    pub(crate) fn show_mark(&self, gesture: &str, at: Millis) -> ShowMark {
        ShowMark {
            history: self.id.clone(),
            gesture: gesture.to_string(),
            at,
            last_give: self.agg.last_give,
            span: self.agg.times.get(SHOWN_KEY).copied(),
        }
    }

    /// Takes back the show `mark` was taken before: the gesture's count and the shows the
    /// budget counts lose it, the last gift and the time of the last show are as they were.
    /// (Counted down rather than restored: fewer bytes in the recorder, and what another
    /// tab recorded meanwhile stays.) A show no longer in the history (another tab's
    /// history was taken in meanwhile) changes nothing.
    pub(crate) fn take_back_show(&mut self, mark: &ShowMark) {
        let at = mark.at;
        if let Some(s) = self.gestures.get_mut(&mark.gesture) {
            if remove_last(&mut s.shows, at) {
                s.shown = s.shown.saturating_sub(1);
            }
        }
        let a = &mut self.agg;
        remove_last(&mut a.shows, at);
        if a.last_give == Some(at) {
            a.last_give = mark.last_give;
        }
        let Some(span) = a.times.get_mut(SHOWN_KEY) else {
            return;
        };
        if span.1 == at {
            match mark.span {
                Some((_, last)) => span.1 = last.max(span.0),
                None if span.0 == at => {
                    a.times.remove(SHOWN_KEY);
                }
                // Another tab's earlier show arrived meanwhile.
                None => span.1 = span.0,
            }
        }
    }
}

/// Removes the last `at` from `list`; whether it was there.
fn remove_last(list: &mut Vec<Millis>, at: Millis) -> bool {
    let found = list.iter().rposition(|&t| t == at);
    if let Some(i) = found {
        list.remove(i);
    }
    found.is_some()
}

/// The time key of the widget's own `shown` step.
const SHOWN_KEY: &str = "reciprocity_shown";

/// What a show of a gesture changed in the history, kept until the page reports on it: see
/// [`History::take_back_show`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowMark {
    /// The id of the history it was recorded in (a `forget` makes another).
    pub history: String,
    /// The gesture.
    pub gesture: String,
    /// When it was recorded as shown.
    pub at: Millis,
    last_give: Option<Millis>,
    span: Option<Span>,
}
