//! `dist/studio/`: the store owner's studio, a wasm module of its own (feature `studio`) with
//! its page. No storefront loads it, so it is outside the size budgets and is neither
//! minified nor optimized.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::install::ensure_wasm_toolchain;
use crate::{cargo, root, run, Result};

/// Where cargo puts the wasm build (`CARGO_TARGET_DIR` when set).
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if Path::new(&d).is_absolute() => PathBuf::from(d),
        Some(d) => root().join(d),
        None => root().join("target"),
    }
}

/// Copies every file under `from` into `to`, keeping the folders.
fn copy_tree(from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let dest = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &dest)?;
        } else {
            fs::copy(&path, &dest).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Builds the studio into `out/studio/`: the wasm module and its glue
/// (`reciprocity-studio.js`), and the page from `www/studio/` (the starters with it).
pub(crate) fn build(out: &Path) -> Result {
    ensure_wasm_toolchain()?;
    run(cargo().args([
        "build",
        "--release",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--features",
        "studio",
    ]))?;
    let dir = out.join("studio");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let wasm = target_dir().join("wasm32-unknown-unknown/release/reciprocity.wasm");
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript"])
        .args(["--out-name", "reciprocity-studio", "--out-dir"])
        .arg(&dir)
        .arg(&wasm))?;
    copy_tree(&root().join("www/studio"), &dir)?;
    eprintln!(
        "xtask: dist/studio/ ready (open http://127.0.0.1:8000/studio/ with `cargo xtask serve`)"
    );
    Ok(())
}
