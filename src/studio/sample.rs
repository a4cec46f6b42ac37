//! The sample shopper a preview is filled from, and the preview itself: the shopper's
//! history is built by feeding the engine the inputs a real storefront would send (an
//! `identify`, a purchase per order, a page view now), then the engine renders the chosen
//! gesture exactly as `reciprocity('preview', id)` does, as the JSON [`View`] the gesture UI
//! receives.

use serde_json::{json, Value};

use crate::engine::config::Config;
use crate::engine::decide::{preview, Context};
use crate::engine::device::Device;
use crate::engine::history::MemoryStore;
use crate::engine::locale::is_rtl;
use crate::engine::sample::Sample as EngineSample;
use crate::engine::session::{Dir, View};
use crate::engine::simulate::parse_entries;
use crate::engine::template::Formatter;
use crate::engine::time::{format_instant, Millis, DAY};

/// A shopper the owner describes in the studio.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// First name (`identify`); empty for an anonymous shopper.
    pub first_name: String,
    /// Orders placed.
    pub orders: u32,
    /// Total spent over those orders, in the store's currency.
    pub spent: f64,
    /// Items of the latest order, comma-separated.
    pub last_items: String,
    /// Their category (for recommendations and `bought_category`).
    pub category: String,
    /// Birthday, `MM-DD`; empty when unknown.
    pub birthday: String,
    /// Days since the latest visit (and order).
    pub days_away: u32,
    /// Years since the first order (anniversaries).
    pub years_a_customer: u32,
}

impl Default for Sample {
    fn default() -> Self {
        Sample {
            first_name: "Amira".into(),
            orders: 3,
            spent: 64.0,
            last_items: "Sencha Kyoto, Glass infuser mug".into(),
            category: "Tea".into(),
            birthday: "11-24".into(),
            days_away: 5,
            years_a_customer: 1,
        }
    }
}

impl Sample {
    /// The engine's preview sample with every value the owner gave (the engine fills a
    /// value left out, as on a live store's preview).
    pub fn engine_sample(&self) -> EngineSample {
        let items: Vec<String> = self
            .last_items
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        EngineSample {
            first_name: Some(self.first_name.trim().to_string()).filter(|n| !n.is_empty()),
            orders: Some(self.orders),
            spent: Some(self.spent),
            items: Some(items).filter(|i| !i.is_empty()),
            category: Some(self.category.trim().to_string()).filter(|c| !c.is_empty()),
            days_since_order: Some(i64::from(self.days_away)),
            years: Some(i64::from(self.years_a_customer)).filter(|y| *y > 0),
            feedback: None,
        }
    }

    /// The shopper's past as a journey (`simulate`'s history format), ending with a page
    /// view at `now`.
    pub fn entries(&self, now: Millis, currency: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let last = now - i64::from(self.days_away) * DAY - 10 * 60_000;
        let first = last - i64::from(self.years_a_customer) * 365 * DAY;
        let items: Vec<Value> = self
            .last_items
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .enumerate()
            .map(|(i, name)| {
                json!({"item_id": format!("item-{i}"), "item_name": name,
                       "item_category": self.category, "quantity": 1})
            })
            .collect();
        let mut facts = serde_json::Map::new();
        if !self.first_name.trim().is_empty() {
            facts.insert("first_name".into(), self.first_name.trim().into());
        }
        if !self.birthday.trim().is_empty() {
            facts.insert("birthday".into(), self.birthday.trim().into());
        }
        let start = first.min(last) - DAY;
        if !facts.is_empty() {
            out.push(json!({"at": format_instant(start), "identify": facts}));
        }
        let n = i64::from(self.orders);
        let value = if n > 0 { self.spent / n as f64 } else { 0.0 };
        let value = (value * 100.0).round() / 100.0;
        for k in 0..n {
            let at = if n == 1 {
                last
            } else {
                first + (last - first) * k / (n - 1)
            };
            out.push(
                json!({"at": format_instant(at), "dataLayer": {"event": "purchase", "ecommerce": {
                "transaction_id": format!("SAMPLE-{}", k + 1), "value": value, "currency": currency,
                "items": items}}}),
            );
        }
        if n == 0 {
            out.push(
                json!({"at": format_instant(last), "dataLayer": {"event": "view_item",
                "ecommerce": {"items": items}}}),
            );
        }
        out.push(json!({"at": format_instant(now), "dataLayer": {"event": "page_view"}}));
        out
    }
}

/// The view JSON of gesture `id` previewed for `sample` at `now` in `locale` (the text the
/// gesture UI's `mount` takes), or why there is none.
pub fn preview_view(
    config: &Config,
    id: &str,
    sample: &Sample,
    now: Millis,
    fmt: &dyn Formatter,
) -> Result<String, String> {
    let entries = Value::Array(sample.entries(now, &config.store.currency)).to_string();
    let entries = parse_entries(&entries).map_err(|e| {
        e.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let mut device = Device::open(config.clone(), MemoryStore::default(), "studio-sample");
    for (_, input) in entries {
        match input {
            Ok(Some(i)) => {
                device.append(i);
            }
            Ok(None) => {}
            Err(e) => return Err(format!("sample shopper: {e}")),
        }
    }
    let ctx = Context::new(now, 0, Some("/"), &[]);
    let shown = preview(
        config,
        id,
        &device.history,
        &ctx,
        fmt,
        &sample.engine_sample(),
    )
    .ok_or_else(|| format!("no gesture with id {id:?}"))?;
    let locale = fmt.locale();
    let view = View {
        gesture: &shown,
        theme: &config.theme,
        locale,
        dir: if is_rtl(locale) { Dir::Rtl } else { Dir::Ltr },
    };
    serde_json::to_string(&view).map_err(|e| e.to_string())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::template::PlainFormatter;
    use crate::engine::time::parse_instant;

    #[test]
    fn ok_preview_fills_every_token() {
        let config = Config::parse(
            r#"{"store": {"name": "Fern", "currency": "EUR"}, "gestures": [
            {"id": "m", "kind": "thank_you", "title": "Your {orders_count, ordinal} order, {first_name}",
             "text": "{total_spent, money} · {last_items} · {anniversary_years} · {days_since_last_order}"}]}"#,
        )
        .unwrap();
        let now = parse_instant("2026-11-22T10:00:00Z").unwrap();
        let json = preview_view(
            &config,
            "m",
            &Sample::default(),
            now,
            &PlainFormatter::new("en"),
        )
        .unwrap();
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["gesture"]["title"], "Your 3rd order, Amira");
        let text = v["gesture"]["text"].as_str().unwrap();
        assert!(text.contains("64"), "{text}");
        assert!(text.contains("Sencha Kyoto"), "{text}");
        assert!(text.ends_with("· 1 · 5"), "{text}");
        assert_eq!(v["dir"], "ltr");
    }
}
