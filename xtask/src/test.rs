//! The test task: format, native tests, lints, browser component tests, end-to-end tests
//! and the size budgets.

use std::fs;
use std::process::Command;

use crate::dist::{dist, MODULES};
use crate::install::{e2e_dir, ensure_chromium, ensure_npm};
use crate::sizes::sizes;
use crate::{cargo, output, root, run, Result};

pub(crate) fn test() -> Result {
    if output(cargo().args(["fmt", "--version"])).is_some() {
        run(cargo().args(["fmt", "--all", "--check"]))?;
    } else {
        eprintln!("xtask: rustfmt is not installed; format check skipped");
    }
    run(cargo().args(["test", "--workspace"]))?;
    let clippy = output(cargo().args(["clippy", "--version"])).is_some();
    if clippy {
        run(cargo().args(["clippy", "--all-targets", "--", "-D", "warnings"]))?;
    } else {
        eprintln!("xtask: clippy is not installed; lint step skipped");
    }
    ensure_chromium()?;
    dist()?;
    for (feature, _) in MODULES {
        let mut c = cargo();
        c.args([
            "clippy",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--features",
            feature,
            "--",
            "-D",
            "warnings",
        ]);
        if clippy {
            run(&mut c)?;
        }
    }
    // Browser component tests (wasm-bindgen-test in headless Chromium): tests/browser_*.rs.
    let mut names: Vec<String> = fs::read_dir(root().join("tests"))
        .map_err(|e| e.to_string())?
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.starts_with("browser_") && n.ends_with(".rs"))
        .map(|n| n.trim_end_matches(".rs").to_string())
        .collect();
    names.sort();
    let mut wt = cargo();
    wt.args([
        "test",
        "--target",
        "wasm32-unknown-unknown",
        "--features",
        "ui",
    ]);
    for n in &names {
        wt.args(["--test", n]);
    }
    wt.env("CHROMEDRIVER", "/usr/bin/chromedriver");
    wt.env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    run(&mut wt)?;
    // End-to-end tests: Playwright and axe-core on the demo storefront and fault pages.
    ensure_npm()?;
    // The loader's parts: type-checked, then run against the case files the engine's
    // tests/cases.rs runs too.
    let mut tsc = Command::new("npx");
    tsc.args(["tsc", "-p", "tsconfig.loader.json"])
        .current_dir(e2e_dir());
    run(&mut tsc)?;
    let mut cases = Command::new("node");
    cases
        .args(["--test", "loader/cases.test.mjs"])
        .current_dir(e2e_dir());
    run(&mut cases)?;
    let mut pw = Command::new("npx");
    pw.args(["playwright", "test"])
        .current_dir(e2e_dir())
        .env("CI", "1");
    run(&mut pw)?;
    sizes(true)?;
    Ok(())
}
