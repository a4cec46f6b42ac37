//! The size report of `dist/`: raw, gzip and brotli bytes, and the page-view budgets.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::json::{json_number, json_section, json_strings};
use crate::{root, Result};

fn compress(data: &[u8]) -> (usize, usize) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = gz.write_all(data);
    let gz = gz.finish().map(|v| v.len()).unwrap_or(0);
    (gz, brotli(data, 11).len())
}

/// `data` in brotli at `quality` (0 to 11), with a 4 MB window.
pub(crate) fn brotli(data: &[u8], quality: i32) -> Vec<u8> {
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 22,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &data[..], &mut br, &params);
    br
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Prints the size of every file in `dist/` (raw, gzip, brotli -q 11), then the bytes of a
/// quiet page view and of a page view that shows a gesture against `xtask/budgets.json`.
/// With `strict`, a total over its `limit` is an error.
pub(crate) fn sizes(strict: bool) -> Result {
    let dir = root().join("dist");
    if !dir.is_dir() {
        return Err("dist/ is missing (run `cargo xtask dist`)".into());
    }
    let mut list = Vec::new();
    files(&dir, &mut list);
    list.sort();
    // The store owner's studio is built into dist/studio/ too; storefront pages never load
    // it, so it is left out of the report and the budgets.
    list.retain(|p| !p.starts_with(dir.join("studio")));
    // The precompressed copies `dist` writes beside each file are that file, sent another way.
    list.retain(|p| p.extension().is_none_or(|x| x != "br"));
    println!("{:<40} {:>9} {:>9} {:>9}", "dist/", "raw", "gzip", "brotli");
    let mut brotli_of = std::collections::BTreeMap::new();
    let (mut tr, mut tg, mut tb) = (0, 0, 0);
    let measure = |p: &Path| -> Result<(usize, usize, usize)> {
        let mut data = Vec::new();
        fs::File::open(p)
            .and_then(|mut f| f.read_to_end(&mut data))
            .map_err(|err| format!("{}: {err}", p.display()))?;
        let (g, b) = compress(&data);
        Ok((data.len(), g, b))
    };
    for p in &list {
        let (r, g, b) = measure(p)?;
        let name = p
            .strip_prefix(&dir)
            .unwrap_or(p)
            .to_string_lossy()
            .to_string();
        brotli_of.insert(name.clone(), b);
        let shown = if name.len() > 40 {
            format!("…{}", &name[name.len() - 39..])
        } else {
            name
        };
        println!("{:<40} {:>9} {:>9} {:>9}", shown, r, g, b);
        tr += r;
        tg += g;
        tb += b;
    }
    println!("{:<40} {:>9} {:>9} {:>9}", "total", tr, tg, tb);
    let budgets = fs::read_to_string(root().join("xtask/budgets.json"))
        .map_err(|e| format!("xtask/budgets.json: {e}"))?;
    let mut failures = Vec::new();
    println!(
        "\n{:<30} {:>14} {:>12} {:>12}  status",
        "page view", "brotli bytes", "limit", "target"
    );
    for kind in [
        "quiet_page_view",
        "woken_quiet_page_view",
        "gesture_page_view",
        "gesture_after_waking_page_view",
    ] {
        let section = json_section(&budgets, kind).ok_or(format!("budgets.json: no {kind}"))?;
        let mut total = 0;
        for f in json_strings(&section, "files") {
            if let Some(rest) = f.strip_prefix("../") {
                total += measure(&root().join(rest))?.2;
            } else if f.ends_with('/') {
                total += brotli_of
                    .iter()
                    .filter(|(k, _)| k.starts_with(&f))
                    .map(|(_, v)| v)
                    .sum::<usize>();
            } else {
                total += brotli_of
                    .get(&f)
                    .copied()
                    .ok_or(format!("budgets.json: dist/{f} is missing"))?;
            }
        }
        let limit = json_number(&section, "limit").unwrap_or(0);
        let target = json_number(&section, "target").unwrap_or(0);
        let status = match (total <= limit, total <= target) {
            (_, true) => "within target",
            (true, false) => "within limit, over target",
            (false, _) => "OVER LIMIT",
        };
        println!(
            "{:<30} {:>14} {:>12} {:>12}  {status}",
            kind, total, limit, target
        );
        if total > limit {
            failures.push(format!(
                "{kind}: {total} bytes brotli, over the limit of {limit}"
            ));
        }
    }
    if strict && !failures.is_empty() {
        return Err(failures.join("; "));
    }
    Ok(())
}
