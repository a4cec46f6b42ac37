//! The Shopify integration (`integrations/shopify/`) read by the engine, through the case
//! files its JavaScript tests write: the inboxes the web pixel writes on the Thank you page
//! (`cases/shopify_inbox.json`, from `integrations/shopify/test/pixel.test.mjs`), replayed by
//! [`Session::replay`] as the widget does on the next storefront page, and the identify facts
//! the app embed block renders (`cases/shopify_identify.json`, from `liquid.test.mjs`), read by
//! [`Session::identify`]. Where the pixel and the engine must agree, these files pin both.
#![cfg(not(target_arch = "wasm32"))]

use reciprocity::engine::config::Config;
use reciprocity::engine::device::Device;
use reciprocity::engine::history::MemoryStore;
use reciprocity::engine::reaction::Step;
use reciprocity::engine::session::{Effect, PageOptions, Session};
use reciprocity::engine::template::PlainFormatter;
use serde_json::{json, Value};

const EXAMPLE: &str = include_str!("../www/config.example.json");
/// A storefront page after the Thank you page.
const STOREFRONT: &str = "https://fern-and-kettle.example/products/sencha-kyoto";
const MINUTE: i64 = 60_000;

fn cases(text: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(text).expect("a case file is JSON");
    doc["cases"]
        .as_array()
        .expect("a case file lists cases")
        .clone()
}

fn inbox_cases() -> Vec<Value> {
    let all = cases(include_str!("cases/shopify_inbox.json"));
    assert!(all.len() >= 2);
    all
}

fn session(url: &str) -> Session<MemoryStore, PlainFormatter> {
    let config = Config::parse(EXAMPLE).expect("the example config parses");
    let device = Device::open(config, MemoryStore::default(), "shopper");
    let page = PageOptions {
        url: Some(url.into()),
        locale: "en".into(),
        config_hash: "shopify:1".into(),
        ..PageOptions::default()
    };
    Session::new(device, PlainFormatter::new("en"), page)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

/// Problems the session reported (`reciprocity:error`).
fn errors(s: &mut Session<MemoryStore, PlainFormatter>) -> Vec<String> {
    s.take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::Emit(Step::Error, d) => Some(d.message.unwrap_or_default()),
            _ => None,
        })
        .collect()
}

/// The inbox's text and the instant of its last entry (the Thank you page).
fn inbox(c: &Value) -> (String, i64) {
    let entries = c["inbox"].as_array().expect("an inbox");
    let t = entries.last().expect("an entry")["t"].as_i64().expect("t");
    (c["inbox"].to_string(), t)
}

#[test]
fn ok_pixel_inbox_records_the_order() {
    for c in inbox_cases() {
        let name = c["name"].as_str().unwrap();
        let want = &c["expect"];
        let mut s = session(STOREFRONT);
        s.replay(&inbox(&c).0);
        assert_eq!(errors(&mut s), Vec::<String>::new(), "{name}");
        let h = &s.device.history;
        assert_eq!(
            u64::from(h.agg.orders),
            want["orders"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(h.agg.spent, want["spent"].as_i64().unwrap(), "{name}");
        assert_eq!(
            h.agg.currency.as_deref(),
            want["currency"].as_str(),
            "{name}"
        );
        let last = h.agg.last_order.as_ref().expect("a last order");
        assert_eq!(last.value, want["spent"].as_i64(), "{name}");
        assert_eq!(last.items, strings(&want["items"]), "{name}");
        assert_eq!(last.categories, strings(&want["categories"]), "{name}");
        let id = want["transaction_id"].as_str().unwrap();
        assert!(h.txns.iter().any(|t| t.id == id), "{name}: {id} known");
        // The Thank you page itself is a visit.
        assert!(h.agg.page_views >= 1, "{name}");
    }
}

#[test]
fn ok_pixel_order_counted_once() {
    for c in inbox_cases() {
        let name = c["name"].as_str().unwrap();
        let want = &c["expect"];
        let id = want["transaction_id"].as_str().unwrap();
        let (text, t) = inbox(&c);
        let mut s = session(STOREFRONT);
        s.replay(&text);
        // The inbox replayed again (another tab took it in too) ...
        s.replay(&text);
        // ... and the store's own GA4 purchase for the same order, in both forms it comes in.
        s.navigate(STOREFRONT, t + 5 * MINUTE);
        let gtag =
            json!(["event", "purchase", {"transaction_id": id, "value": 1.0, "currency": "EUR"}]);
        s.push(Some(&gtag.to_string()), t + 5 * MINUTE);
        let layer = json!({"event": "purchase", "ecommerce": {"transaction_id": id, "value": "1.00", "currency": "EUR",
            "items": [{"item_name": "Something else", "price": 1, "quantity": 1}]}});
        s.push(Some(&layer.to_string()), t + 6 * MINUTE);
        let h = &s.device.history;
        assert_eq!(
            u64::from(h.agg.orders),
            want["orders"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(h.agg.spent, want["spent"].as_i64().unwrap(), "{name}");
        assert_eq!(
            h.agg.last_order.as_ref().unwrap().items,
            strings(&want["items"]),
            "{name}"
        );
    }
}

#[test]
fn ok_pixel_inbox_identifies_the_buyer() {
    for c in inbox_cases() {
        let name = c["name"].as_str().unwrap();
        let want = &c["expect"];
        let mut s = session(STOREFRONT);
        s.replay(&inbox(&c).0);
        let facts = s.device.history.facts.as_ref();
        assert_eq!(
            facts.and_then(|f| f.first_name.as_deref()),
            want["first_name"].as_str(),
            "{name}: the inbox's identify call (calls: [[\"identify\", facts]]) is read"
        );
        assert_eq!(
            facts.and_then(|f| f.orders_count).map(u64::from),
            want["orders_count"].as_u64(),
            "{name}"
        );
        // The facts count this order: it is not added on top of them.
        assert_eq!(
            u64::from(s.device.history.agg.orders),
            want["orders"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(
            u64::from(s.device.history.agg.orders_since_facts),
            0,
            "{name}"
        );
    }
}

#[test]
fn ok_next_storefront_page_thanks_the_buyer() {
    for c in inbox_cases() {
        let name = c["name"].as_str().unwrap();
        let want = &c["expect"];
        let (text, t) = inbox(&c);
        let mut s = session(STOREFRONT);
        s.replay(&text);
        s.navigate(STOREFRONT, t + 2 * MINUTE);
        let decision = s.settle();
        let view = s
            .take_effects()
            .into_iter()
            .find_map(|e| match e {
                Effect::Show(json) => Some(json),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{name}: nothing shown; {decision:?}"));
        let v: Value = serde_json::from_str(&view).unwrap();
        assert_eq!(v["gesture"]["id"], "thanks-after-purchase", "{name}");
        let first = want["first_name"].as_str().unwrap();
        let item = want["items"][0].as_str().unwrap();
        assert!(
            view.contains(&format!("Thank you, {first}!")),
            "{name}: {view}"
        );
        assert!(view.contains(item), "{name}: {view}");
    }
}

#[test]
fn ok_app_embed_facts_read_by_the_engine() {
    let all = cases(include_str!("cases/shopify_identify.json"));
    assert!(all.len() >= 4);
    for c in all {
        let name = c["name"].as_str().unwrap();
        let want = &c["expect"];
        let mut s = session(STOREFRONT);
        s.identify(c["facts"].as_str().unwrap(), 1_795_000_000_000);
        assert_eq!(errors(&mut s), Vec::<String>::new(), "{name}");
        let f = s.device.history.facts.as_ref().expect("facts");
        assert_eq!(
            f.first_name.as_deref(),
            want["first_name"].as_str(),
            "{name}"
        );
        assert_eq!(
            f.orders_count.map(u64::from),
            want["orders_count"].as_u64(),
            "{name}"
        );
        // Liquid's minor units, sent as major units, are cents again in the engine.
        let cents = (want["total_spent"].as_f64().unwrap() * 100.0).round() as i64;
        assert_eq!(f.total_spent, Some(cents), "{name}");
        assert_eq!(f.currency.as_deref(), want["currency"].as_str(), "{name}");
        let birthday = want["birthday"].as_str().map(|b| {
            let (m, d) = b.split_once('-').unwrap();
            (m.parse::<u8>().unwrap(), d.parse::<u8>().unwrap())
        });
        assert_eq!(f.birthday, birthday, "{name}");
    }
}
