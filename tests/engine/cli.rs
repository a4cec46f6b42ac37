//! Running the `reciprocity` command line as a store owner does, and the checks of its
//! `simulate`, `check` and `schema` commands.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::EXAMPLE;

pub(crate) fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_reciprocity"))
        .args(args)
        .output()
        .expect("run reciprocity");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

pub(crate) fn temp(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("reciprocity-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p
}

/// Runs `reciprocity simulate` with the example config; returns the JSON output.
pub(crate) fn simulate(name: &str, history: Value, now: &str, url: &str) -> Value {
    let h = temp(&format!("{name}.json"), &history.to_string());
    let (code, out, err) = cli(&[
        "simulate",
        "--config",
        EXAMPLE,
        "--history",
        h.to_str().unwrap(),
        "--now",
        now,
        "--url",
        url,
    ]);
    assert_eq!(code, 0, "simulate failed: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON {e}: {out}"))
}

#[test]
fn err_simulate_bad_history_names_the_entry() {
    let h = temp(
        "bad.json",
        r#"[{"at": "yesterday", "track": ["x"]}, {"at": "2026-01-01T00:00:00Z"}, 5]"#,
    );
    let (code, _, err) = cli(&[
        "simulate",
        "--config",
        EXAMPLE,
        "--history",
        h.to_str().unwrap(),
        "--now",
        "2026-11-22T10:00:00Z",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err.replace(h.to_str().unwrap(), "HISTORY.json"));
}

#[test]
fn check_accepts_example_and_lists_every_problem() {
    let (code, _, _) = cli(&["check", EXAMPLE]);
    assert_eq!(code, 0);
    let bad = temp(
        "bad-config.json",
        r#"{"store": {"name": "S", "currency": "EUR"}, "budjet": {},
        "gestures": [{"id": "x", "kind": "thank_you", "title": "Hi {frist_name}"}, {"id": "x", "kind": "code", "title": "t"}]}"#,
    );
    let (code, _, err) = cli(&["check", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(err.replace(bad.to_str().unwrap(), "CONFIG.json"));
}

/// Plain texts in a config without `store.locale` are taken to be English: `check` says so,
/// and still passes; setting the locale, or giving the texts by language, quiets it.
#[test]
fn check_warns_of_plain_texts_without_a_store_locale() {
    let config = |store: &str, title: &str| {
        format!(
            r#"{{"store": {store}, "gestures": [
            {{"id": "merci", "kind": "thank_you", "title": {title}, "text": "Elle part demain.",
              "recommend": {{"Thé vert": {{"label": "Voir", "url": "/vert"}}}}}}]}}"#
        )
    };
    let plain = temp(
        "plain-config.json",
        &config(r#"{"name": "Maison", "currency": "EUR"}"#, r#""Merci""#),
    );
    let (code, _, err) = cli(&["check", plain.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(err.replace(plain.to_str().unwrap(), "CONFIG.json"));
    let set = temp(
        "plain-fr-config.json",
        &config(
            r#"{"name": "Maison", "currency": "EUR", "locale": "fr"}"#,
            r#""Merci""#,
        ),
    );
    let (code, _, err) = cli(&["check", set.to_str().unwrap()]);
    assert_eq!((code, err.contains("warning")), (0, false), "{err}");
}

/// A gesture that cannot be read does not shift the index of the problems after it.
#[test]
fn check_reports_the_real_index_after_an_unreadable_gesture() {
    let bad = temp(
        "shifted-config.json",
        r#"{"store": {"name": "S", "currency": "EUR"}, "gestures": [
        {"id": "a", "kind": "thank_you", "title": "ok"},
        {"id": "b", "kind": "thank_you", "titel": "x"},
        {"id": "c", "kind": "coupon", "title": "x"},
        {"id": "d", "kind": "thank_you", "title": "ok"},
        {"id": "e", "kind": "thank_you", "title": "ok"},
        {"id": "f", "kind": "thank_you", "title": "Hi {frist_name"}]}"#,
    );
    let (code, _, err) = cli(&["check", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = err
        .lines()
        .map(|l| l.split(": ").nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        paths,
        ["gestures[1].titel", "gestures[2].kind", "gestures[5].title"],
        "{err}"
    );
}

#[test]
fn schema_describes_the_config() {
    let (code, out, _) = cli(&["schema"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(schema["title"], "Config");
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema["$defs"]["Gesture"]["properties"]["when"].is_object());
}

/// `www/config.schema.json`, where the example config's `$schema` points, is what
/// `reciprocity schema` prints: regenerate it with
/// `cargo run -- schema > www/config.schema.json` when the config's types change.
#[test]
fn schema_file_is_in_step_with_the_cli() {
    let root = env!("CARGO_MANIFEST_DIR");
    let (code, out, _) = cli(&["schema"]);
    assert_eq!(code, 0);
    let example: Value = serde_json::from_str(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap();
    let pointer = example["$schema"]
        .as_str()
        .expect("the example names its schema");
    let www = std::path::Path::new(EXAMPLE).parent().unwrap();
    let file = www.join(pointer);
    assert_eq!(
        file.canonicalize().ok(),
        std::path::Path::new(root)
            .join("www/config.schema.json")
            .canonicalize()
            .ok(),
        "the example's $schema ({pointer}) must point at www/config.schema.json, next to it"
    );
    let shipped = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        shipped == out,
        "www/config.schema.json differs from `reciprocity schema`: run \
         `cargo run -- schema > www/config.schema.json`"
    );
}

/// Every `cargo run -- …` command of the README runs as written (from the repository root),
/// and exits 0.
#[test]
fn readme_commands_run_as_written() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let joined = readme.replace("\\\n", " ");
    let commands: Vec<&str> = joined
        .lines()
        .filter_map(|l| l.trim().strip_prefix("cargo run -- "))
        .collect();
    assert!(commands.len() >= 3, "{commands:?}");
    for command in commands {
        // A redirect is the reader's; the command is what must work.
        let args: Vec<&str> = command
            .split('>')
            .next()
            .unwrap()
            .split_whitespace()
            .collect();
        let out = Command::new(env!("CARGO_BIN_EXE_reciprocity"))
            .args(&args)
            .current_dir(root)
            .output()
            .expect("run reciprocity");
        assert!(
            out.status.success(),
            "`{command}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !out.stdout.is_empty() || !out.stderr.is_empty(),
            "`{command}` printed nothing"
        );
    }
}

/// The reasons of a `simulate` output, one a line, as the store owner reads them:
/// `gesture  ok|no  rule: text`.
fn reasons(v: &Value) -> String {
    v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}  {}  {}: {}",
                r["gesture"].as_str().unwrap(),
                if r["ok"] == true { "ok" } else { "no" },
                r["rule"].as_str().unwrap(),
                r["text"].as_str().unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The store owner's reasons are plain English about the shopper: counts agree with their
/// noun, no internal names (`FirstVisit`, `["a"]`), amounts carry the store's currency, and
/// nothing is said to the shopper (`you`, `your`, `we`, `our`).
fn assert_owner_english(v: &Value) {
    for r in v["reasons"].as_array().unwrap() {
        let text = r["text"].as_str().unwrap();
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        for w in &words {
            let lower = w.to_lowercase();
            assert!(
                !["you", "your", "you're", "we", "we're", "our", "us"].contains(&lower.as_str()),
                "the shopper's voice in {text:?}"
            );
            let camel =
                w.chars().skip(1).any(char::is_uppercase) && w.chars().any(char::is_lowercase);
            assert!(!camel, "an internal name in {text:?}");
        }
        for pair in words.windows(2) {
            assert!(
                !(pair[0] == "1" && pair[1].ends_with('s') && pair[1] != "is"),
                "a singular count with a plural noun in {text:?}"
            );
        }
        assert!(
            !text.contains("[\""),
            "a list in Rust's notation in {text:?}"
        );
        if text.contains("spent") {
            assert!(
                text.contains(" EUR"),
                "an amount without currency: {text:?}"
            );
        }
    }
}

/// Runs the README's `simulate` example as written and pins what the store owner reads.
#[test]
fn simulate_readme_example_reasons_for_the_owner() {
    let (code, out, err) = cli(&[
        "simulate",
        "--config",
        EXAMPLE,
        "--history",
        concat!(env!("CARGO_MANIFEST_DIR"), "/www/journey.example.json"),
        "--now",
        "2026-11-22T10:00:00Z",
        "--url",
        "https://shop.example/checkout/order-received/1107/",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["gesture"]["id"], "thanks-after-purchase");
    assert_owner_english(&v);
    insta::assert_snapshot!(reasons(&v));
}

/// A first-time buyer back after a long while, with one order: counts in the singular,
/// occasions in words, the spend in the store's currency.
#[test]
fn simulate_reasons_for_a_lapsed_first_time_buyer() {
    let v = simulate(
        "owner-lapsed",
        serde_json::json!([
            {"at": "2026-06-01T09:00:00Z", "identify": {"first_name": "Ana"}},
            {"at": "2026-06-01T09:05:00Z", "track": ["purchase", {"transaction_id": "A-1", "value": 18, "currency": "EUR",
                "items": [{"item_id": "sencha", "item_name": "Sencha Kyoto", "item_category": "Tea", "price": 18, "quantity": 1}]}]},
            {"at": "2026-06-01T09:06:00Z", "dataLayer": {"event": "reciprocity_dismissed", "gesture_id": "thanks-after-purchase"}}
        ]),
        "2026-11-22T10:00:00Z",
        "https://shop.example/",
    );
    assert_eq!(v["gesture"]["id"], "welcome-back");
    assert_owner_english(&v);
    insta::assert_snapshot!(reasons(&v));
}

/// A first visit that ends in a purchase on a checkout page: the thank-you is held back by
/// the checkout page and owed, as the owner reads it.
#[test]
fn simulate_reasons_for_a_moment_held_back_and_owed() {
    let v = simulate(
        "owner-owed",
        serde_json::json!([
            {"at": "2026-11-22T09:50:00Z", "dataLayer": {"event": "page_view"}},
            {"at": "2026-11-22T10:00:00Z", "dataLayer": {"event": "begin_checkout"}},
            {"at": "2026-11-22T10:00:00Z", "track": ["review", {}]}
        ]),
        "2026-11-22T10:00:00Z",
        "https://shop.example/checkout/payment",
    );
    assert_eq!(v["gesture"], Value::Null);
    assert_owner_english(&v);
    insta::assert_snapshot!(reasons(&v));
}
