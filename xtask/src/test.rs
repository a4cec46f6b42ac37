//! The test task: format, native tests, lints, browser component tests, end-to-end tests
//! and the size budgets.

use std::fs;
use std::process::Command;

use crate::dist::{dist, MODULES};
use crate::install::{e2e_dir, ensure_chromium, ensure_npm, ensure_php};
use crate::sizes::sizes;
use crate::{cargo, output, root, run, Result};

pub(crate) fn test() -> Result {
    if output(cargo().args(["fmt", "--version"])).is_some() {
        run(cargo().args(["fmt", "--all", "--check"]))?;
    } else {
        eprintln!("xtask: rustfmt is not installed; format check skipped");
    }
    run(cargo().args(["test", "--workspace"]))?;
    // The studio's own unit tests (feature `studio`: the engine and the UI in the browser).
    run(cargo().args(["test", "--features", "studio", "--lib", "studio"]))?;
    woocommerce()?;
    let clippy = output(cargo().args(["clippy", "--version"])).is_some();
    if clippy {
        run(cargo().args(["clippy", "--all-targets", "--", "-D", "warnings"]))?;
    } else {
        eprintln!("xtask: clippy is not installed; lint step skipped");
    }
    ensure_chromium()?;
    dist()?;
    for feature in MODULES.iter().map(|m| m.0).chain(["studio"]) {
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
        .filter(|n| n.starts_with("browser_") && n.ends_with(".rs") && n != "browser_studio.rs")
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
    // The studio's components, in its own build.
    let mut st = cargo();
    st.args([
        "test",
        "--target",
        "wasm32-unknown-unknown",
        "--features",
        "studio",
        "--test",
        "browser_studio",
    ]);
    st.env("CHROMEDRIVER", "/usr/bin/chromedriver");
    st.env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    run(&mut st)?;
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
    // The Shopify integration: the pixel in a harness of Shopify's custom-pixel API (it
    // writes tests/cases/shopify_*.json's inputs, replayed by tests/shopify.rs), and the app
    // embed block rendered with LiquidJS from the e2e node_modules.
    let mut shopify = Command::new("node");
    shopify
        .args([
            "--test",
            "../../integrations/shopify/test/pixel.test.mjs",
            "../../integrations/shopify/test/liquid.test.mjs",
        ])
        .current_dir(e2e_dir());
    run(&mut shopify)?;
    let mut pw = Command::new("npx");
    pw.args(["playwright", "test"])
        .current_dir(e2e_dir())
        .env("CI", "1");
    run(&mut pw)?;
    sizes(true)?;
    Ok(())
}

/// The WooCommerce plugin (integrations/woocommerce): `php -l` on each PHP file, then its
/// PHPUnit tests against stubbed WordPress and WooCommerce, which end with `N passed, N failed`.
fn woocommerce() -> Result {
    ensure_php()?;
    let dir = root().join("integrations").join("woocommerce");
    let mut files = Vec::new();
    let mut dirs = vec![dir.clone()];
    while let Some(d) = dirs.pop() {
        for entry in fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "php") {
                files.push(path);
            }
        }
    }
    files.sort();
    for file in &files {
        run(Command::new("php").arg("-l").arg(file))?;
    }
    run(Command::new("phpunit")
        .arg("-c")
        .arg(dir.join("tests").join("phpunit.xml")))
}
