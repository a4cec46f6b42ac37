//! The shopper profile: what the history means today.
//!
//! Built from the [`History`] aggregates and the `identify` facts, so it costs the same
//! whatever the history's length. Server facts and local counts are merged without double
//! counting: orders recorded on this device since the facts were given are added on top of
//! the server's count, and the larger of that and the local count wins.

use serde::{Deserialize, Serialize};

use super::event::Cents;
use super::history::History;
use super::time::{days_between, Date, Millis};

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

/// Where a shopper is in their life with the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// First visit, nothing bought.
    NewVisitor,
    /// Came back, has not bought yet.
    Browsing,
    /// Exactly one order.
    FirstTimeBuyer,
    /// Two orders or more.
    Repeat,
    /// Many orders or a big spender (thresholds in the config).
    Loyal,
    /// Has bought, but not for a long time.
    Lapsed,
}

impl Stage {
    /// The name used in configs.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::NewVisitor => "new_visitor",
            Stage::Browsing => "browsing",
            Stage::FirstTimeBuyer => "first_time_buyer",
            Stage::Repeat => "repeat",
            Stage::Loyal => "loyal",
            Stage::Lapsed => "lapsed",
        }
    }
}

/// Lifecycle thresholds and occasion windows: the config's `profile` section, read by
/// [`Profile::build`].
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

/// The derived profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// From identify.
    pub first_name: Option<String>,
    /// Orders, merged with server facts.
    pub orders_count: u32,
    /// Net spend in cents, merged with server facts.
    pub total_spent: Cents,
    /// Average order value in cents.
    pub average_spend: Option<Cents>,
    /// Currency of the amounts.
    pub currency: Option<String>,
    /// The first order.
    pub first_order_at: Option<Millis>,
    /// The latest order.
    pub last_order_at: Option<Millis>,
    /// Days since the latest order.
    pub days_since_last_order: Option<i64>,
    /// Days since the first order.
    pub days_since_first_order: Option<i64>,
    /// Days since the previous visit (session) ended.
    pub days_since_last_visit: Option<i64>,
    /// Sessions on this device.
    pub visits: u32,
    /// Page views on this device.
    pub page_views: u64,
    /// Top categories, strongest first (at most 3).
    pub favourite_categories: Vec<String>,
    /// Items of the latest order.
    pub last_items: Vec<String>,
    /// Categories of the latest order.
    pub last_categories: Vec<String>,
    /// Value of the latest order in cents.
    pub last_order_value: Option<Cents>,
    /// Recently viewed items, newest first.
    pub viewed_items: Vec<String>,
    /// Lifecycle stage.
    pub stage: Stage,
    /// Whole years since the first order, when today is within the anniversary window.
    pub anniversary_years: Option<i64>,
    /// Days from the birthday (negative: before it), when today is within its window.
    pub birthday_offset_days: Option<i64>,
    /// Feedback answers given.
    pub feedback_count: u32,
    /// Whether identify facts are known.
    pub identified: bool,
}

impl Profile {
    /// Derives the profile at `now` for a shopper `offset_min` minutes east of UTC.
    pub fn build(h: &History, rules: &ProfileRules, now: Millis, offset_min: i32) -> Profile {
        let a = &h.agg;
        let f = h.facts.as_ref();
        let server_orders = f
            .and_then(|f| f.orders_count)
            .map(|n| n.saturating_add(a.orders_since_facts));
        let orders_count = server_orders.map_or(a.orders, |s| s.max(a.orders));
        let same_currency = match (f.and_then(|f| f.currency.as_ref()), a.currency.as_ref()) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        };
        let server_spent = f
            .and_then(|f| f.total_spent)
            .filter(|_| same_currency)
            .map(|s| s.saturating_add(a.spent_since_facts));
        let total_spent = server_spent.map_or(a.spent, |s| s.max(a.spent));
        let first_order_at = match (a.first_order, f.and_then(|f| f.first_order_at)) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        };
        let last_order_at = a.last_order.as_ref().map(|o| o.at).or_else(|| {
            // A server-known customer with a wiped device: the first order is the only date
            // known, and a lower bound on the latest.
            (orders_count > 0).then_some(first_order_at).flatten()
        });
        let days_since_last_order = last_order_at.map(|t| days_between(t, now));
        let mut cats: Vec<(&String, &u32)> = a.categories.iter().collect();
        crate::engine::small::sort_by(&mut cats, |x, y| (y.1, x.0) < (x.1, y.0));
        let stage = if orders_count == 0 {
            if a.sessions <= 1 && f.is_none() {
                Stage::NewVisitor
            } else {
                Stage::Browsing
            }
        } else if days_since_last_order.is_some_and(|d| d >= i64::from(rules.lapsed_days)) {
            Stage::Lapsed
        } else if orders_count >= rules.loyal_orders
            || rules
                .vip_spend
                .is_some_and(|v| total_spent as f64 >= v * 100.0)
        {
            Stage::Loyal
        } else if orders_count >= 2 {
            Stage::Repeat
        } else {
            Stage::FirstTimeBuyer
        };
        let today = Date::of_instant(now, offset_min);
        let anniversary_years = first_order_at.and_then(|t| {
            let first = Date::of_instant(t, offset_min);
            let window = i64::from(rules.anniversary_window_days);
            // This year's anniversary, or last year's when today is early in January.
            [today.year, today.year - 1].into_iter().find_map(|y| {
                let years = i64::from(y - first.year);
                let day = Date::month_day_in(first.month_day(), y).to_days();
                let since = today.to_days() - day;
                (years >= 1 && (0..window.max(1)).contains(&since)).then_some(years)
            })
        });
        let birthday_offset_days = f.and_then(|f| f.birthday()).and_then(|md| {
            let window = i64::from(rules.birthday_window_days);
            [today.year - 1, today.year, today.year + 1]
                .into_iter()
                .map(|y| today.to_days() - Date::month_day_in(md, y).to_days())
                .find(|d| d.abs() <= window)
        });
        Profile {
            first_name: f.and_then(|f| f.first_name.clone()),
            orders_count,
            total_spent,
            average_spend: (orders_count > 0).then(|| total_spent / Cents::from(orders_count)),
            currency: a
                .currency
                .clone()
                .or_else(|| f.and_then(|f| f.currency.clone())),
            first_order_at,
            last_order_at,
            days_since_last_order,
            days_since_first_order: first_order_at.map(|t| days_between(t, now)),
            days_since_last_visit: a.previous_visit.map(|t| days_between(t, now)),
            visits: a.sessions,
            page_views: a.page_views,
            favourite_categories: cats.into_iter().take(3).map(|(k, _)| k.clone()).collect(),
            last_items: a
                .last_order
                .as_ref()
                .map(|o| o.items.clone())
                .unwrap_or_default(),
            last_categories: a
                .last_order
                .as_ref()
                .map(|o| o.categories.clone())
                .unwrap_or_default(),
            last_order_value: a.last_order.as_ref().and_then(|o| o.value),
            viewed_items: a.viewed.clone(),
            stage,
            anniversary_years,
            birthday_offset_days,
            feedback_count: a.feedback_count,
            identified: f.is_some(),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::event::{Event, Facts, Input};
    use crate::engine::time::{parse_instant, DAY};

    fn at(s: &str) -> Millis {
        parse_instant(s).unwrap()
    }

    fn buy(h: &mut History, id: &str, when: &str, cents: Cents) {
        let mut e = Event::new("purchase", at(when));
        e.transaction_id = Some(id.into());
        e.value = Some(cents);
        h.append(Input::Event(e));
    }

    #[test]
    fn ok_stages() {
        let rules = ProfileRules::default();
        let mut h = History::new("a");
        h.append(Input::Event(Event::new(
            "page_view",
            at("2026-01-01T10:00:00Z"),
        )));
        assert_eq!(
            Profile::build(&h, &rules, at("2026-01-01T10:00:00Z"), 0).stage,
            Stage::NewVisitor
        );
        h.append(Input::Event(Event::new(
            "page_view",
            at("2026-01-02T10:00:00Z"),
        )));
        assert_eq!(
            Profile::build(&h, &rules, at("2026-01-02T10:00:00Z"), 0).stage,
            Stage::Browsing
        );
        buy(&mut h, "1", "2026-01-02T10:05:00Z", 1000);
        let p = Profile::build(&h, &rules, at("2026-01-02T10:05:00Z"), 0);
        assert_eq!((p.stage, p.orders_count), (Stage::FirstTimeBuyer, 1));
        buy(&mut h, "2", "2026-02-02T10:05:00Z", 3000);
        let p = Profile::build(&h, &rules, at("2026-02-03T10:00:00Z"), 0);
        assert_eq!(
            (p.stage, p.average_spend, p.days_since_last_order),
            (Stage::Repeat, Some(2000), Some(0))
        );
        assert_eq!(
            Profile::build(&h, &rules, at("2026-06-01T10:00:00Z"), 0).stage,
            Stage::Lapsed
        );
    }

    #[test]
    fn ok_wiped_device_known_customer_is_not_new() {
        let mut h = History::new("a");
        h.append(Input::Identify(Facts {
            at: at("2026-03-01T00:00:00Z"),
            orders_count: Some(6),
            first_order_at: Some(at("2024-03-01T00:00:00Z")),
            total_spent: Some(60000),
            ..Facts::default()
        }));
        let p = Profile::build(&h, &ProfileRules::default(), at("2026-03-02T00:00:00Z"), 0);
        assert_eq!(
            (p.stage, p.orders_count, p.total_spent),
            (Stage::Lapsed, 6, 60000)
        );
        buy(&mut h, "n", "2026-03-02T00:00:00Z", 1000);
        let p = Profile::build(&h, &ProfileRules::default(), at("2026-03-02T00:00:00Z"), 0);
        assert_eq!(
            (p.stage, p.orders_count, p.total_spent),
            (Stage::Loyal, 7, 61000)
        );
    }

    #[test]
    fn ok_anniversary_and_birthday_windows() {
        let mut h = History::new("a");
        buy(&mut h, "1", "2025-12-30T12:00:00Z", 1000);
        h.append(Input::Identify(Facts {
            at: 0,
            birthday: Some((1, 2)),
            ..Facts::default()
        }));
        let rules = ProfileRules::default();
        let p = Profile::build(&h, &rules, at("2026-12-31T09:00:00Z"), 0);
        assert_eq!(
            (p.anniversary_years, p.birthday_offset_days),
            (Some(1), Some(-2))
        );
        let p = Profile::build(&h, &rules, at("2027-01-04T09:00:00Z"), 0);
        assert_eq!(p.anniversary_years, Some(1));
        assert_eq!(p.birthday_offset_days, Some(2));
        let p = Profile::build(&h, &rules, at("2026-12-29T09:00:00Z") + 30 * DAY, 0);
        assert_eq!(p.anniversary_years, None);
    }
}
