//! A store owner's preview (`?reciprocity-preview=<gesture id>`) on a device that knows
//! nothing: every token of every example gesture is filled from the sample shopper, in every
//! language of the config, and the page's URL sets the sample's values.

use reciprocity::engine::config::Config;
use reciprocity::engine::device::Device;
use reciprocity::engine::history::MemoryStore;
use reciprocity::engine::session::{Effect, PageOptions, Session};
use reciprocity::engine::template::PlainFormatter;
use reciprocity::engine::time::Millis;
use serde_json::Value;

use crate::EXAMPLE;

const NOW: Millis = 1_780_000_000_000;

/// Marks a token left without a value: the test gives every token this fallback.
const EMPTY: &str = "EMPTY-TOKEN";

/// Gives every token of a template the fallback [`EMPTY`] (replacing the config's own, such
/// as `{first_name|friend}`), so that a token the preview leaves without a value shows.
fn mark_empty(template: &str) -> String {
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c == '{' || c == '}') && chars.get(i + 1) == Some(&c) {
            out.push(c);
            out.push(c);
            i += 2;
            continue;
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        // A token: its name, its fallback (dropped), then the rest up to the matching brace.
        out.push('{');
        i += 1;
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
            out.push(chars[i]);
            i += 1;
        }
        if chars.get(i) == Some(&'|') {
            while i < chars.len() && chars[i] != ',' && chars[i] != '}' {
                i += 1;
            }
        }
        out.push('|');
        out.push_str(EMPTY);
        let mut depth = 1;
        while i < chars.len() && depth > 0 {
            match chars[i] {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The example config, each of its texts marked with [`mark_empty`]; and its languages.
fn marked_example() -> (Config, Vec<String>) {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap();
    let mut langs = vec!["en".to_string()];
    fn walk(v: &mut Value, langs: &mut Vec<String>, text: bool) {
        match v {
            Value::String(s) if text => *s = mark_empty(s),
            Value::Object(map) => {
                for (k, child) in map.iter_mut() {
                    let is_text = ["title", "text", "label", "question", "comment", "thanks"]
                        .contains(&k.as_str());
                    if text && !langs.contains(k) {
                        // A text by language: its keys are the config's languages.
                        langs.push(k.clone());
                    }
                    walk(child, langs, is_text || text);
                }
            }
            Value::Array(list) => list.iter_mut().for_each(|x| walk(x, langs, text)),
            _ => {}
        }
    }
    walk(&mut v["gestures"], &mut langs, false);
    (Config::from_value(v).unwrap(), langs)
}

/// The view a preview page of `url` shows for `id`, in `lang`, on a device with no history.
fn preview(config: Config, id: &str, lang: &str, url: &str) -> Value {
    let device = Device::open(config, MemoryStore::default(), "owner");
    let page = PageOptions {
        url: Some(url.into()),
        locale: lang.into(),
        preview_mode: true,
        ..PageOptions::default()
    };
    let mut s = Session::new(device, PlainFormatter::new(lang), page);
    s.navigate(url, NOW);
    s.settle();
    s.take_effects();
    s.preview(id, NOW);
    let view = s
        .take_effects()
        .into_iter()
        .find_map(|e| match e {
            Effect::Show(json) => Some(json),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no preview of {id}"));
    serde_json::from_str(&view).unwrap()
}

/// Every text the shopper would read in a view.
fn texts(g: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["title", "text"] {
        out.push(g[key].as_str().unwrap_or_default().to_string());
    }
    for path in [
        "/link/label",
        "/feedback/question",
        "/feedback/comment",
        "/feedback/thanks",
        "/code/expires_text",
    ] {
        if let Some(s) = g.pointer(path).and_then(Value::as_str) {
            out.push(s.to_string());
        }
    }
    out
}

#[test]
fn every_example_gesture_previews_with_every_token_filled_in_every_language() {
    let (config, langs) = marked_example();
    assert!(langs.len() >= 4, "{langs:?}");
    let raw = Config::parse(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap();
    for g in &raw.gestures {
        for lang in &langs {
            let url = format!("https://shop.example/?reciprocity-preview={}", g.id);
            let v = preview(config.clone(), &g.id, lang, &url);
            let shown = &v["gesture"];
            assert_eq!(shown["preview"], true);
            assert!(!shown["title"].as_str().unwrap().is_empty(), "{}", g.id);
            for text in texts(shown) {
                let at = format!("{} [{lang}]: {text:?}", g.id);
                assert!(!text.contains(EMPTY), "a token without a value in {at}");
                assert!(!text.contains(['{', '}']), "a brace in {at}");
                assert!(!text.contains("  "), "a gap in {at}");
                assert_eq!(text.trim(), text, "spaces around {at}");
                let zero = text
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| ["0", "0th", "0e", "0er"].contains(&w));
                assert!(!zero, "a zero in {at}");
            }
            if g.recommend.is_some() || g.link.is_some() {
                assert!(
                    shown["link"]["url"].is_string(),
                    "no link in {} [{lang}]",
                    g.id
                );
            }
        }
    }
}

#[test]
fn the_sample_shopper_reads_as_documented() {
    let config = Config::parse(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap();
    let url = "https://shop.example/?reciprocity-preview=x";
    let title = |id: &str| preview(config.clone(), id, "en", url)["gesture"].clone();
    assert_eq!(title("thanks-after-purchase")["title"], "Thank you, Alex!");
    assert_eq!(
        title("milestone-order")["title"],
        "Your 3rd order. Thank you!"
    );
    assert_eq!(
        title("welcome-back")["text"],
        "It has been 120 days. We saved you a little something."
    );
    assert_eq!(
        title("first-order-anniversary")["text"],
        "Thank you for a year with Fern & Kettle, Alex. A gift to celebrate:"
    );
    let rec = title("follow-up-recommendation");
    assert_eq!(
        rec["title"],
        "You bought Sample product, you may like the glass infuser mug"
    );
    assert_eq!(rec["link"]["url"], "/www/product.html?id=infuser");
    assert!(title("repeat-buyer-code")["text"]
        .as_str()
        .unwrap()
        .starts_with("You have spent €96.00 with us."));
}

#[test]
fn the_page_url_sets_the_sample_shopper() {
    let config = Config::parse(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap();
    let url = "https://shop.example/?reciprocity-preview=milestone-order&reciprocity-name=Ana\
               &reciprocity-orders=5&reciprocity-items=Blue%20mug,Sencha&reciprocity-spent=250\
               &reciprocity-days=200&reciprocity-years=3&reciprocity-category=Teaware";
    let g = |id: &str| preview(config.clone(), id, "en", url)["gesture"].clone();
    assert_eq!(g("milestone-order")["title"], "Your 5th order. Thank you!");
    assert_eq!(g("thanks-after-purchase")["title"], "Thank you, Ana!");
    assert_eq!(
        g("thanks-after-purchase")["text"],
        "Your Blue mug and Sencha are being packed by hand right now. We're glad you chose us."
    );
    assert_eq!(
        g("welcome-back")["text"],
        "It has been 200 days. We saved you a little something."
    );
    assert!(g("first-order-anniversary")["title"]
        .as_str()
        .unwrap()
        .starts_with("3 years"));
    assert!(g("repeat-buyer-code")["text"]
        .as_str()
        .unwrap()
        .starts_with("You have spent €250.00 with us."));
    assert_eq!(
        g("follow-up-recommendation")["link"]["url"],
        "/www/product.html?id=darjeeling"
    );
}
