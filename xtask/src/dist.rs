//! `dist/`: the wasm modules with their glue, and the loader joined from its parts.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::install::{e2e_dir, ensure_npm, ensure_wasm_toolchain};
use crate::json::json_strings;
use crate::sizes::sizes;
use crate::{cargo, root, run, Result};

/// The wasm modules built from the one crate: the recorder/decider (loaded when the alarm
/// rings), the gesture UI (loaded only when a gesture is due), and both in one module for a
/// page where a gesture is likely (a first visit, the alarm's time has come): the code they
/// share is downloaded and compiled once there, about 23 KB (brotli) less than the two; and
/// the debug view's module.
pub(crate) const MODULES: [(&str, &str); 4] = [
    ("core", "reciprocity-core"),
    ("ui", "reciprocity-ui"),
    ("core,ui", "reciprocity-all"),
    // The same with the store owner's reasons, loaded only for `?reciprocity-debug`.
    ("core,ui,reasons", "reciprocity-debug"),
];

/// The loader's parts, joined in the order `src/js/loader/parts.json` lists them inside one
/// function (one scope, nothing global but `window.reciprocity`): the one file a page
/// references. Every `.js` file in the folder must be listed. Every page view downloads it,
/// so the lines that are only comments (the type annotations among them) are left out;
/// the `/*!` banner stays.
pub(crate) fn loader() -> Result<String> {
    let dir = root().join("src/js/loader");
    let list = fs::read_to_string(dir.join("parts.json"))
        .map_err(|e| format!("src/js/loader/parts.json: {e}"))?;
    let parts = json_strings(&list, "parts");
    let mut present: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("src/js/loader: {e}"))?
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".js"))
        .collect();
    present.sort();
    let mut listed = parts.clone();
    listed.sort();
    if present != listed {
        return Err(format!(
            "src/js/loader/parts.json lists {listed:?}, the folder holds {present:?}"
        ));
    }
    let mut out = String::from("(function () {\n'use strict';\n");
    for part in &parts {
        let text =
            fs::read_to_string(dir.join(part)).map_err(|e| format!("src/js/loader/{part}: {e}"))?;
        out.push_str(&code_lines(&text));
    }
    out.push_str("})();\n");
    Ok(out)
}

/// Writes the loader into `out` (`reciprocity.js`), with the owner's debug panel beside it
/// (`reciprocity-debug-panel.js`, which the loader imports only on a `?reciprocity-debug`
/// page).
pub(crate) fn write_loader(out: &Path) -> Result {
    // Their brotli copies from an earlier `dist` would be stale (`dist` writes them again).
    for name in ["reciprocity.js.br", "reciprocity-debug-panel.js.br"] {
        let _ = fs::remove_file(out.join(name));
    }
    fs::write(out.join("reciprocity.js"), loader()?).map_err(|e| format!("loader: {e}"))?;
    fs::copy(
        root().join("src/js/debug/panel.js"),
        out.join("reciprocity-debug-panel.js"),
    )
    .map(drop)
    .map_err(|e| format!("src/js/debug/panel.js: {e}"))
}

/// `text` without its blank lines and the lines that hold only a comment: `// ...`, and
/// `/* ... */` blocks that no code follows on their last line (a `/*!` banner is kept).
fn code_lines(text: &str) -> String {
    let mut out = String::new();
    let mut in_comment = false;
    for line in text.lines() {
        let t = line.trim();
        if in_comment {
            in_comment = !t.ends_with("*/");
            continue;
        }
        let block = t.starts_with("/*") && !t.starts_with("/*!");
        let code_after = t.find("*/").is_some_and(|end| end + 2 < t.len());
        if block && !code_after {
            in_comment = !t.ends_with("*/");
            continue;
        }
        if !block && (t.is_empty() || t.starts_with("//")) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Minifies every JavaScript file of `dist/` in place (the loader, the glue with the
/// platform snippets it imports bundled in) with esbuild from the end-to-end tests' npm
/// packages: the loader is fetched on every page view, the rest with every gesture. Names a
/// module exports stay.
fn minify(out: &Path) -> Result {
    ensure_npm()?;
    let esbuild = e2e_dir().join("node_modules/.bin/esbuild");
    let mut files = Vec::new();
    let mut dirs = vec![out.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "js") {
                files.push(path);
            }
        }
    }
    for file in files {
        let mut c = Command::new(&esbuild);
        c.arg(&file)
            .args(["--minify", "--legal-comments=none", "--log-level=warning"])
            .args(["--allow-overwrite", "--charset=utf8"])
            .arg(format!("--outfile={}", file.display()));
        // A module's glue takes its platform snippet in (`bindings.js`): one request fewer,
        // and the wasm no longer waits for a file the glue asks for only once it is parsed.
        let glue = file.parent() == Some(out)
            && fs::read_to_string(&file).is_ok_and(|t| t.contains("./snippets/"));
        if glue {
            // (wasm-bindgen's import object names the snippet once per import.)
            c.args(["--bundle", "--format=esm"])
                .arg("--log-override:duplicate-object-key=silent");
        }
        run(&mut c)?;
    }
    // Every snippet is inside the glue that imports it now.
    let _ = fs::remove_dir_all(out.join("snippets"));
    Ok(())
}

/// Shrinks a wasm module in place with wasm-opt from npm's binaryen (Debian's older one
/// breaks wasm-bindgen's output). Without inlining: plain `-Oz` inlines, and these modules
/// came out 7-10 KB larger after brotli; this way about 1.2-1.4 KB smaller each.
fn optimize(wasm: &Path) -> Result {
    let mut c = Command::new(e2e_dir().join("node_modules/.bin/wasm-opt"));
    c.arg(wasm)
        .args(["-Oz", "-ocimfs=0", "-aimfs=0"])
        .args(["--enable-bulk-memory", "--enable-sign-ext"])
        .args([
            "--enable-nontrapping-float-to-int",
            "--enable-reference-types",
        ])
        .arg("-o")
        .arg(wasm);
    run(&mut c)
}

/// Writes each script and module of `dist/` in brotli beside it (`name.br`, quality 11, what
/// the size report measures), for hosts that serve precompressed files (nginx's
/// `brotli_static`, most CDNs); the demo server sends them.
fn precompress(out: &Path) -> Result {
    for entry in fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|x| x == "js" || x == "wasm") {
            let raw = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let br = PathBuf::from(format!("{}.br", path.display()));
            fs::write(&br, crate::sizes::brotli(&raw, 11))
                .map_err(|e| format!("{}: {e}", br.display()))?;
        }
    }
    Ok(())
}

/// Builds `dist/`: the loader, and each wasm module with its glue.
pub(crate) fn dist() -> Result {
    ensure_wasm_toolchain()?;
    let root = root();
    let out = root.join("dist");
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).map_err(|e| format!("dist/: {e}"))?;
    let wasm = root.join("target/wasm32-unknown-unknown/release/reciprocity.wasm");
    for (feature, name) in MODULES {
        run(cargo().args([
            "build",
            "--release",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--features",
            feature,
        ]))?;
        run(Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--remove-name-section",
                "--remove-producers-section",
            ])
            .args(["--out-name", name, "--out-dir"])
            .arg(&out)
            .arg(&wasm))?;
        crate::imports::shorten(
            &out.join(format!("{name}_bg.wasm")),
            &out.join(format!("{name}.js")),
            name,
        )?;
    }
    write_loader(&out)?;
    minify(&out)?;
    for (_, name) in MODULES {
        optimize(&out.join(format!("{name}_bg.wasm")))?;
    }
    precompress(&out)?;
    eprintln!("xtask: dist/ ready");
    sizes(false)?;
    crate::studio::build(&out)?;
    Ok(())
}
