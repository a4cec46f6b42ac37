//! The static server of the demo storefront and the tests, with the demo store's endpoints.

use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::{root, Result};

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

/// Whether a file of this kind is sent brotli-compressed to a browser that accepts it.
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()).unwrap_or(""),
        "html" | "js" | "mjs" | "css" | "json" | "wasm" | "svg"
    )
}

/// Whether `dist` wrote a brotli copy of `path` (`path.br`) since `path` last changed.
fn precompressed(path: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    match (
        modified(Path::new(&format!("{}.br", path.display()))),
        modified(path),
    ) {
        (Some(br), Some(file)) => br >= file,
        _ => false,
    }
}

/// Compressed bodies by path, with the validator each was made from.
type Compressed = Arc<Mutex<HashMap<String, (String, Vec<u8>)>>>;

/// Whether an `Accept-Encoding` value accepts brotli (`br`, not refused with `q=0`).
fn accepts_brotli(value: &str) -> bool {
    value.split(',').any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        parts
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case("br"))
            && parts.all(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_none_or(|q| q > 0.0)
            })
    })
}

/// A static file server for the demo and the tests: the repository root, with CORS on
/// `dist/` (so another origin may load the widget) and the strict Content-Security-Policy on
/// pages whose name contains `csp`.
pub(crate) fn serve(port: u16, quiet: bool) -> Result {
    let addr = format!("127.0.0.1:{port}");
    let server = tiny_http::Server::http(&addr).map_err(|e| format!("{addr}: {e}"))?;
    println!("reciprocity demo storefront: http://{addr}/");
    let _ = std::io::stdout().flush();
    let root = root();
    let mut issued = 0u32;
    // Feedback the demo store received, listed at GET /api/feedback.
    let mut inbox: Vec<String> = Vec::new();
    let compressed: Compressed = Arc::default();
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
        if rel.starts_with("platform/") {
            // A storefront's own URLs (`/platform/checkout/order-received/4321/`, …): one
            // test page plays each platform's order confirmation and checkout steps.
            rel = "tests/e2e/pages/platform.html".into();
        }
        if rel.starts_with("studio/") {
            // The store owner's studio, built with its page into dist/studio/.
            rel = format!("dist/{rel}");
        }
        if rel.is_empty() || rel.ends_with('/') {
            rel.push_str("index.html");
        }
        let path = root.join(&rel);
        let safe =
            !rel.split('/').any(|p| p == ".." || p.starts_with('.')) && path.starts_with(&root);
        let header =
            |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
        let if_none_match = req
            .headers()
            .iter()
            .find(|h| h.field.equiv("If-None-Match"))
            .map(|h| h.value.as_str().to_string());
        // A validator, as static hosts send (nginx's: modification time and size, so no
        // request waits for a file to be hashed): a quiet page asks the config's headers
        // only (HEAD) and compares it with the one its alarm was made with.
        let etag = fs::metadata(&path)
            .ok()
            .filter(|m| safe && m.is_file())
            .map(|m| {
                let mtime = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("\"{mtime:x}-{:x}\"", m.len())
            });
        // Cached, and asked again each time (`no-cache`): an edit shows on the next load, and
        // an unchanged file answers 304, so the browser reuses its copy and, for a wasm
        // module, the code it compiled from it.
        let fresh = etag.is_some() && if_none_match == etag;
        // Compressed as real hosts do (the README's hosting section asks for it), so what a
        // page downloads here is what it downloads from a store's CDN.
        let brotli = compressible(&path)
            && *req.method() == tiny_http::Method::Get
            && req
                .headers()
                .iter()
                .any(|h| h.field.equiv("Accept-Encoding") && accepts_brotli(h.value.as_str()));
        let compressed = compressed.clone();
        // Answered on a thread of its own: a client that stops reading a large body (a page
        // closed mid-download) must not hold up every other request behind it, nor must a
        // file being compressed for the first time.
        std::thread::spawn(move || {
            let body = match (safe, &etag) {
                (true, Some(_)) if fresh => Ok(Vec::new()),
                // The copy `dist` wrote beside the file (quality 11, what the size report
                // measures), when it is not older than the file.
                (true, Some(_)) if brotli && precompressed(&path) => {
                    fs::read(format!("{}.br", path.display()))
                }
                (true, Some(tag)) if brotli => {
                    // Any other file is compressed once per version, quickly (quality 5: the
                    // studio's module is 1.7 MB); the lock makes a second request for it
                    // wait, not redo it.
                    let mut cache = compressed.lock().unwrap_or_else(|e| e.into_inner());
                    match cache.get(&rel) {
                        Some((made, body)) if made == tag => Ok(body.clone()),
                        _ => fs::read(&path).map(|raw| {
                            let body = crate::sizes::brotli(&raw, 5);
                            cache.insert(rel.clone(), (tag.clone(), body.clone()));
                            body
                        }),
                    }
                }
                (true, Some(_)) => fs::read(&path),
                _ => Err(std::io::ErrorKind::NotFound.into()),
            };
            let resp = match (body, etag) {
                (Ok(body), Some(etag)) => {
                    // The length is known: sent as Content-Length, as static hosts do.
                    let mut r =
                        tiny_http::Response::from_data(body).with_chunked_threshold(usize::MAX);
                    if fresh {
                        r = r.with_status_code(304);
                    } else if brotli {
                        r = r.with_header(header("Content-Encoding", "br").unwrap());
                    }
                    if compressible(&path) {
                        r = r.with_header(header("Vary", "Accept-Encoding").unwrap());
                    }
                    r = r.with_header(header("Content-Type", content_type(&path)).unwrap());
                    r = r.with_header(header("ETag", &etag).unwrap());
                    r = r.with_header(header("Cache-Control", "no-cache").unwrap());
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
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::accepts_brotli;

    #[test]
    fn brotli_when_accepted() {
        assert!(accepts_brotli("gzip, deflate, br, zstd"));
        assert!(accepts_brotli("br;q=0.5"));
        assert!(!accepts_brotli("gzip, br;q=0"));
        assert!(!accepts_brotli("gzip, brotli-ish"));
        assert!(!accepts_brotli(""));
    }
}
