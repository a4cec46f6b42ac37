//! Project tasks: `cargo xtask <demo|dist|loader|serve|test|bench|sizes>`.
//!
//! Every task installs what it needs and skips what is already there: the wasm32 target,
//! wasm-bindgen-cli at the version in `Cargo.lock`, Debian's chromium and chromium-driver,
//! and the npm packages of the end-to-end tests.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

type Result<T = ()> = std::result::Result<T, String>;

const HELP: &str = "usage: cargo xtask <task>

  demo            build dist/ and serve the demo storefront on http://127.0.0.1:8000/
  dist            build the files a store owner hosts into dist/
  loader          rewrite dist/reciprocity.js from src/js/loader/ only (no wasm build)
  serve [PORT]    serve the repository (demo, dist/, test pages) without building
  test            run every test: native engine tests, browser component tests in
                  headless Chromium, end-to-end tests with Playwright and axe-core
  sizes           print raw, gzip and brotli sizes of dist/ and check the budgets
  bench           print engine benchmark figures
";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn run(cmd: &mut Command) -> Result {
    let shown = format!("{cmd:?}").replace('"', "");
    eprintln!("xtask: {shown}");
    let status = cmd
        .current_dir_if_unset()
        .status()
        .map_err(|e| format!("{shown}: cannot start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown}: {status}"))
    }
}

trait Here {
    fn current_dir_if_unset(&mut self) -> &mut Self;
}

impl Here for Command {
    fn current_dir_if_unset(&mut self) -> &mut Self {
        if self.get_current_dir().is_none() {
            self.current_dir(root());
        }
        self
    }
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

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

fn ensure_wasm_toolchain() -> Result {
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

fn ensure_chromium() -> Result {
    let have =
        Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists();
    if have {
        return Ok(());
    }
    let apt = |args: &[&str]| {
        let mut c = Command::new("apt-get");
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut c)
    };
    if apt(&[
        "install",
        "-y",
        "--no-install-recommends",
        "chromium",
        "chromium-driver",
    ])
    .is_err()
    {
        apt(&["update"])?;
        apt(&[
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ])?;
    }
    Ok(())
}

fn e2e_dir() -> PathBuf {
    root().join("tests").join("e2e")
}

fn ensure_npm() -> Result {
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

/// The two wasm modules built from the one crate: the recorder/decider (loaded after every
/// page load) and the gesture UI (loaded only when a gesture is due).
const MODULES: [(&str, &str); 2] = [("core", "reciprocity-core"), ("ui", "reciprocity-ui")];

/// The loader's parts, joined in the order `src/js/loader/parts.json` lists them inside one
/// function (one scope, nothing global but `window.reciprocity`): the one file a page
/// references. Every `.js` file in the folder must be listed. Every page view downloads it,
/// so the lines that are only comments (the type annotations among them) are left out;
/// the `/*!` banner stays.
fn loader() -> Result<String> {
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

/// Builds `dist/`: the loader, and each wasm module with its glue.
fn dist() -> Result {
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
    }
    fs::write(out.join("reciprocity.js"), loader()?).map_err(|e| format!("loader: {e}"))?;
    eprintln!("xtask: dist/ ready");
    sizes(false)?;
    Ok(())
}

fn compress(data: &[u8]) -> (usize, usize) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = gz.write_all(data);
    let gz = gz.finish().map(|v| v.len()).unwrap_or(0);
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &data[..], &mut br, &params);
    (gz, br.len())
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
fn sizes(strict: bool) -> Result {
    let dir = root().join("dist");
    if !dir.is_dir() {
        return Err("dist/ is missing (run `cargo xtask dist`)".into());
    }
    let mut list = Vec::new();
    files(&dir, &mut list);
    list.sort();
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
        "\n{:<22} {:>14} {:>12} {:>12}  status",
        "page view", "brotli bytes", "limit", "target"
    );
    for kind in ["quiet_page_view", "gesture_page_view"] {
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
            "{:<22} {:>14} {:>12} {:>12}  {status}",
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

/// The text of `"key": { ... }` in a small JSON document (budgets.json has no nesting
/// beyond one level).
fn json_section(doc: &str, key: &str) -> Option<String> {
    let start = doc.find(&format!("\"{key}\""))?;
    let open = start + doc[start..].find('{')?;
    let close = open + doc[open..].find('}')?;
    Some(doc[open..=close].to_string())
}

fn json_strings(section: &str, key: &str) -> Vec<String> {
    let Some(start) = section.find(&format!("\"{key}\"")) else {
        return Vec::new();
    };
    let Some(open) = section[start..].find('[').map(|i| start + i) else {
        return Vec::new();
    };
    let Some(close) = section[open..].find(']').map(|i| open + i) else {
        return Vec::new();
    };
    section[open + 1..close]
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn json_number(section: &str, key: &str) -> Option<usize> {
    let start = section.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = section[start..].trim_start_matches([':', ' ']);
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// A static file server for the demo and the tests: the repository root, with CORS on
/// `dist/` (so another origin may load the widget) and the strict Content-Security-Policy on
/// pages whose name contains `csp`.
fn serve(port: u16, quiet: bool) -> Result {
    let addr = format!("127.0.0.1:{port}");
    let server = tiny_http::Server::http(&addr).map_err(|e| format!("{addr}: {e}"))?;
    println!("reciprocity demo storefront: http://{addr}/");
    let _ = std::io::stdout().flush();
    let root = root();
    let mut issued = 0u32;
    // Feedback the demo store received, listed at GET /api/feedback.
    let mut inbox: Vec<String> = Vec::new();
    for mut req in server.incoming_requests() {
        let url = req
            .url()
            .split(['?', '#'])
            .next()
            .unwrap_or("/")
            .to_string();
        // The demo store's own endpoints: a code-issuing URL and a feedback collector.
        if *req.method() == tiny_http::Method::Post && url.starts_with("/api/") {
            let mut body = String::new();
            let _ = req.as_reader().take(64 * 1024).read_to_string(&mut body);
            let resp = if url.starts_with("/api/codes/") {
                issued += 1;
                let code = format!(
                    "BDAY-{:04X}{:02}",
                    std::process::id() % 0xFFFF,
                    issued % 100
                );
                tiny_http::Response::from_string(format!("{{\"code\":\"{code}\"}}")).with_header(
                    tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"application/json"[..])
                        .unwrap(),
                )
            } else if url == "/api/feedback" {
                if !quiet {
                    eprintln!("feedback received: {body}");
                }
                if inbox.len() < 1000 {
                    inbox.push(body);
                }
                tiny_http::Response::from_string("")
            } else {
                tiny_http::Response::from_string("not found").with_status_code(404)
            };
            let _ = req.respond(resp);
            continue;
        }
        if url == "/api/feedback" {
            let list = format!(
                "[{}]",
                inbox
                    .iter()
                    .filter(|b| b.starts_with('{'))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let _ = req.respond(tiny_http::Response::from_string(list));
            continue;
        }
        let mut rel = url.trim_start_matches('/').to_string();
        if rel.is_empty() || rel.ends_with('/') {
            rel.push_str("index.html");
        }
        let path = root.join(&rel);
        let safe =
            !rel.split('/').any(|p| p == ".." || p.starts_with('.')) && path.starts_with(&root);
        let header =
            |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
        let resp = match (safe, fs::read(&path)) {
            (true, Ok(body)) => {
                let mut r = tiny_http::Response::from_data(body);
                r = r.with_header(header("Content-Type", content_type(&path)).unwrap());
                r = r.with_header(header("Cache-Control", "no-store").unwrap());
                if rel.starts_with("dist/") {
                    r = r.with_header(header("Access-Control-Allow-Origin", "*").unwrap());
                }
                if rel.contains("csp") && rel.ends_with(".html") {
                    let csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
                    r = r.with_header(header("Content-Security-Policy", csp).unwrap());
                }
                r.boxed()
            }
            _ => {
                if !quiet {
                    eprintln!("404 {url}");
                }
                tiny_http::Response::from_string("not found")
                    .with_status_code(404)
                    .boxed()
            }
        };
        let _ = req.respond(resp);
    }
    Ok(())
}

fn test() -> Result {
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

/// Prints the figures: engine benchmark, sizes, Lighthouse with and without the widget, and
/// load-to-gesture against a plain-JavaScript banner. Numbers only; nothing is asserted.
fn bench() -> Result {
    run(cargo().args([
        "bench",
        "--bench",
        "decide",
        "--",
        "--warm-up-time",
        "1",
        "--measurement-time",
        "3",
    ]))?;
    ensure_chromium()?;
    dist()?;
    ensure_npm()?;
    let port = 8131;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut server = Command::new(exe)
        .args(["serve", &port.to_string()])
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("serve: {e}"))?;
    std::thread::sleep(std::time::Duration::from_millis(500));
    let url = format!("http://127.0.0.1:{port}");
    let mut result = Ok(());
    for script in ["tests/bench/lighthouse.mjs", "tests/bench/appear.mjs"] {
        let mut c = Command::new("node");
        c.arg(script).env("BENCH_URL", &url);
        if let Err(e) = run(&mut c) {
            result = Err(e);
        }
    }
    let _ = server.kill();
    result
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dist") => dist(),
        Some("loader") => fs::create_dir_all(root().join("dist"))
            .map_err(|e| format!("dist/: {e}"))
            .and_then(|()| loader())
            .and_then(|js| {
                fs::write(root().join("dist/reciprocity.js"), js)
                    .map_err(|e| format!("loader: {e}"))
            }),
        Some("demo") => dist().and_then(|()| serve(8000, false)),
        Some("serve") => serve(
            args.get(1).and_then(|p| p.parse().ok()).unwrap_or(8000),
            true,
        ),
        Some("test") => test(),
        Some("sizes") => sizes(true),
        Some("bench") => bench(),
        _ => {
            print!("{HELP}");
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
