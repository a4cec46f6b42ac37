//! The sample shopper of a store owner's preview (`?reciprocity-preview=<gesture id>`).
//!
//! A preview renders a gesture outside the rules, on the owner's own device, whose history
//! rarely has every value a text uses: a milestone would read "Your 0th order", a welcome
//! back "It has been  days". So each value the device lacks comes from the sample shopper,
//! and the page's URL can set any of them:
//!
//! | value | URL parameter | sample |
//! |---|---|---|
//! | first name (`{first_name}`) | `reciprocity-name` | `Alex` |
//! | orders (`{orders_count}`) | `reciprocity-orders` | `3` |
//! | net spend, store currency (`{total_spent}`, `{average_spend}`, `{last_order_value}`) | `reciprocity-spent` | `96` |
//! | items of the last order, comma-separated (`{last_item}`, `{last_items}`) | `reciprocity-items` | `Sample product` |
//! | category of the last order, favourite category (`{favourite_category}`, `{recommendation}`) | `reciprocity-category` | the gesture's first `recommend` category, else `Sample category` |
//! | days since the last order (`{days_since_last_order}`) | `reciprocity-days` | `120` |
//! | years since the first order (`{anniversary_years}`) | `reciprocity-years` | `1` |
//! | feedback answers given (`{feedback_count}`) | `reciprocity-feedback` | `1` |
//!
//! A value from the URL wins, then the device's own history, then the sample. A count of
//! zero (no orders, nothing spent, an order today, no feedback) is a value the device lacks:
//! a preview shows what the gesture says to a shopper it is meant for. A URL value that is
//! not a sensible one (a negative count, a name of more than 64 characters) is ignored.

use serde::Deserialize;

use super::config::Gesture;
use super::event::Cents;
use super::profile::Profile;
use super::url::query_param;

/// The sample shopper's values, each set or left to what comes before it (the device's
/// history, then [`Sample::filled`]'s defaults).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Sample {
    /// First name.
    pub first_name: Option<String>,
    /// Orders placed.
    pub orders: Option<u32>,
    /// Net spend in the store's currency (`96.5`).
    pub spent: Option<f64>,
    /// Items of the last order.
    pub items: Option<Vec<String>>,
    /// Category of the last order, and the favourite one.
    pub category: Option<String>,
    /// Days since the last order.
    pub days_since_order: Option<i64>,
    /// Whole years since the first order.
    pub years: Option<i64>,
    /// Feedback answers given.
    pub feedback: Option<u32>,
}

/// The sample's first name.
pub const NAME: &str = "Alex";
/// The sample's orders.
pub const ORDERS: u32 = 3;
/// The sample's net spend, in cents of the store's currency.
pub const SPENT: Cents = 9600;
/// The sample's last order.
pub const ITEM: &str = "Sample product";
/// The sample's category, when the gesture recommends nothing.
pub const CATEGORY: &str = "Sample category";
/// The sample's days since the last order (a lapsed customer, by the default 90 days).
pub const DAYS_SINCE_ORDER: i64 = 120;
/// The sample's years since the first order.
pub const YEARS: i64 = 1;
/// The sample's feedback answers.
pub const FEEDBACK: u32 = 1;

impl Sample {
    /// The values a page's URL sets (`?reciprocity-preview=thanks&reciprocity-name=Ana`);
    /// missing or unusable parameters are left unset.
    pub fn from_url(url: &str) -> Sample {
        let get = |name: &str| {
            query_param(url, &format!("reciprocity-{name}"))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty() && v.chars().count() <= 64)
        };
        let num = |name: &str| get(name).and_then(|v| v.parse::<i64>().ok());
        Sample {
            first_name: get("name"),
            orders: num("orders").and_then(|n| u32::try_from(n).ok()),
            spent: get("spent")
                .and_then(|v| crate::engine::event::decimal(&v))
                .filter(|v| v.is_finite() && *v >= 0.0 && *v < 1e12),
            items: get("items").map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|i| !i.is_empty())
                    .map(str::to_string)
                    .collect()
            }),
            category: get("category"),
            days_since_order: num("days").filter(|d| (0..=36_500).contains(d)),
            years: num("years").filter(|y| (1..=100).contains(y)),
            feedback: num("feedback").and_then(|n| u32::try_from(n).ok()),
        }
    }

    /// Fills `p`, the device's profile, for a preview of `g`: each value set here wins, then
    /// what the device knows, then the sample's default.
    pub fn filled(&self, mut p: Profile, g: &Gesture) -> Profile {
        let name = self.first_name.clone().or(p.first_name.take());
        p.first_name = Some(name.unwrap_or_else(|| NAME.to_string()));
        let orders = self
            .orders
            .or((p.orders_count > 0).then_some(p.orders_count))
            .unwrap_or(ORDERS);
        let spent = self
            .spent
            .map(|s| (s * 100.0).round() as Cents)
            .or((p.total_spent > 0).then_some(p.total_spent))
            .unwrap_or(SPENT);
        if self.orders.is_some() || self.spent.is_some() || p.orders_count == 0 {
            p.average_spend = (orders > 0).then(|| spent / Cents::from(orders));
            p.last_order_value = p.average_spend;
        }
        p.orders_count = orders;
        p.total_spent = spent;
        if let Some(items) = self.items.clone().filter(|i| !i.is_empty()) {
            p.last_items = items;
        } else if p.last_items.is_empty() {
            p.last_items = vec![ITEM.to_string()];
        }
        // The category a recommendation needs: the one asked for, else the device's when
        // the gesture has something for it, else the gesture's first.
        let recommends = |c: &String| g.recommend.as_ref().is_some_and(|r| r.contains_key(c));
        let category = self.category.clone().or_else(|| {
            let known = p.last_categories.iter().any(recommends);
            let first = g.recommend.as_ref().and_then(|r| r.keys().next().cloned());
            match (known, first) {
                (true, _) => None,
                (false, Some(c)) => Some(c),
                (false, None) if p.last_categories.is_empty() => Some(CATEGORY.to_string()),
                (false, None) => None,
            }
        });
        if let Some(c) = category {
            p.last_categories.retain(|x| *x != c);
            p.last_categories.insert(0, c.clone());
            p.favourite_categories.retain(|x| *x != c);
            p.favourite_categories.insert(0, c);
        }
        p.days_since_last_order = self
            .days_since_order
            .or(p.days_since_last_order.filter(|d| *d > 0))
            .or(Some(DAYS_SINCE_ORDER));
        p.anniversary_years = self
            .years
            .or(p.anniversary_years.filter(|y| *y > 0))
            .or(Some(YEARS));
        p.feedback_count = self
            .feedback
            .or((p.feedback_count > 0).then_some(p.feedback_count))
            .unwrap_or(FEEDBACK);
        p
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::history::History;
    use crate::engine::profile::ProfileRules;

    fn blank() -> Profile {
        Profile::build(&History::new("a"), &ProfileRules::default(), 0, 0)
    }

    fn gesture(recommend: bool) -> Gesture {
        let mut g = serde_json::json!({"id": "g", "kind": "banner", "title": "x"});
        if recommend {
            g["recommend"] = serde_json::json!({"Tea": {"label": "a mug", "url": "/mug"}});
        }
        serde_json::from_value(g).unwrap()
    }

    #[test]
    fn ok_sample_fills_an_empty_history() {
        let p = Sample::default().filled(blank(), &gesture(true));
        assert_eq!(p.first_name.as_deref(), Some(NAME));
        assert_eq!((p.orders_count, p.total_spent), (ORDERS, SPENT));
        assert_eq!(p.average_spend, Some(3200));
        assert_eq!(p.last_items, [ITEM]);
        assert_eq!(p.last_categories, ["Tea"]);
        assert_eq!(p.days_since_last_order, Some(DAYS_SINCE_ORDER));
        assert_eq!((p.anniversary_years, p.feedback_count), (Some(1), 1));
        let p = Sample::default().filled(blank(), &gesture(false));
        assert_eq!(p.favourite_categories, [CATEGORY]);
    }

    #[test]
    fn ok_device_values_kept_and_url_values_win() {
        let device = Profile {
            first_name: Some("Amira".into()),
            orders_count: 2,
            total_spent: 4200,
            average_spend: Some(2100),
            last_items: vec!["Sencha".into()],
            last_categories: vec!["Tea".into()],
            ..blank()
        };
        let p = Sample::default().filled(device.clone(), &gesture(true));
        assert_eq!(p.first_name.as_deref(), Some("Amira"));
        assert_eq!((p.orders_count, p.total_spent), (2, 4200));
        assert_eq!(p.average_spend, Some(2100));
        assert_eq!(p.last_items, ["Sencha"]);
        let url = "/x?reciprocity-preview=g&reciprocity-name=Ana&reciprocity-orders=5\
                   &reciprocity-spent=250.5&reciprocity-items=Mug,%20Tea%20tin&reciprocity-days=-3";
        let p = Sample::from_url(url).filled(device, &gesture(true));
        assert_eq!(p.first_name.as_deref(), Some("Ana"));
        assert_eq!((p.orders_count, p.total_spent), (5, 25050));
        assert_eq!(p.average_spend, Some(5010));
        assert_eq!(p.last_items, ["Mug", "Tea tin"]);
        // A negative count of days is not a sensible value: the sample's stands.
        assert_eq!(p.days_since_last_order, Some(DAYS_SINCE_ORDER));
    }
}
