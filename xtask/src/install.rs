//! Installing what the tasks need when it is missing: the wasm32 target and wasm-bindgen-cli,
//! Chromium and its driver, and the npm packages of the end-to-end tests.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, output, root, run, Result};

/// The wasm-bindgen version pinned in Cargo.lock.
fn wasm_bindgen_version() -> Result<String> {
    let lock =
        fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|v| v.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen".into())
}

pub(crate) fn ensure_wasm_toolchain() -> Result {
    let targets =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !targets
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let want = wasm_bindgen_version()?;
    let have = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if !have.contains(&want) {
        // `--locked` asks for a dependency version the registry mirror lacks; see TOOLCHAIN.
        run(cargo().args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={want}"),
        ]))?;
    }
    Ok(())
}

pub(crate) fn ensure_chromium() -> Result {
    ensure_debian(
        &["/usr/bin/chromium", "/usr/bin/chromedriver"],
        &["chromium", "chromium-driver"],
    )
}

pub(crate) fn e2e_dir() -> PathBuf {
    root().join("tests").join("e2e")
}

pub(crate) fn ensure_npm() -> Result {
    let dir = e2e_dir();
    if !dir.join("package.json").exists() {
        return Ok(());
    }
    // Installed, and not older than the lock file (a package added since runs `npm ci` again).
    let modified = |p: PathBuf| fs::metadata(p).and_then(|m| m.modified()).ok();
    let installed = modified(dir.join("node_modules").join(".package-lock.json"));
    let locked = modified(dir.join("package-lock.json"));
    if matches!((installed, locked), (Some(i), Some(l)) if i >= l) {
        return Ok(());
    }
    let mut c = Command::new("npm");
    c.args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir);
    run(&mut c)
}

/// PHP and PHPUnit from Debian, for the WooCommerce plugin's tests.
pub(crate) fn ensure_php() -> Result {
    ensure_debian(
        &["/usr/bin/php", "/usr/bin/phpunit"],
        &["php-cli", "phpunit"],
    )
}

/// Installs Debian `packages` unless every one of `files` is there (the package lists are
/// refreshed only when the install fails without it).
fn ensure_debian(files: &[&str], packages: &[&str]) -> Result {
    if files.iter().all(|f| Path::new(f).exists()) {
        return Ok(());
    }
    let apt = |args: &[&str]| {
        let mut c = Command::new("apt-get");
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut c)
    };
    let install: Vec<&str> = ["install", "-y", "--no-install-recommends"]
        .into_iter()
        .chain(packages.iter().copied())
        .collect();
    if apt(&install).is_err() {
        apt(&["update"])?;
        apt(&install)?;
    }
    Ok(())
}
