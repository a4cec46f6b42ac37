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

#[test]
fn schema_describes_the_config() {
    let (code, out, _) = cli(&["schema"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(schema["title"], "Config");
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema["$defs"]["Gesture"]["properties"]["when"].is_object());
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
