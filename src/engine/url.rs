//! URLs: the store owner's page patterns, the links a gesture may carry, and
//! percent-encoding for a code placed in a link.
//!
//! The same checks run in the engine's config validation, in event normalization and again
//! in the UI, so they live in one place.

/// `*` matches any run of characters. A pattern with `://` is matched against the whole URL,
/// otherwise against the path (with query).
pub fn url_matches(pattern: &str, url: &str) -> bool {
    let target = if pattern.contains("://") {
        url
    } else {
        match url.find("://") {
            Some(i) => url[i + 3..].find('/').map_or("/", |p| &url[i + 3 + p..]),
            None => url,
        }
    };
    glob(pattern.as_bytes(), target.as_bytes())
}

fn glob(p: &[u8], s: &[u8]) -> bool {
    // Iterative wildcard match with single backtrack point: linear in practice.
    let (mut pi, mut si, mut star, mut mark) = (0, 0, None, 0);
    while si < s.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = si;
            pi += 1;
        } else if pi < p.len() && p[pi] == s[si] {
            pi += 1;
            si += 1;
        } else if let Some(st) = star {
            pi = st + 1;
            mark += 1;
            si = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// `true` for an absolute `http:` or `https:` URL or a site-relative path: the only links a
/// gesture may carry.
pub fn is_web_url(u: &str) -> bool {
    let l = u.trim_start().to_ascii_lowercase();
    l.starts_with("https://")
        || l.starts_with("http://")
        || (l.starts_with('/') && !l.starts_with("//"))
}

/// Percent-encodes a code for a URL query (unreserved characters kept).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The value of the query parameter `name` in `url` (the first one, `+` read as a space and
/// percent-escapes decoded; a broken escape is kept as written). `None` when absent.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split('#').next()?.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(k) == name).then(|| percent_decode(v))
    })
}

/// Decodes `%XX` escapes and `+` (a query's space); invalid UTF-8 is replaced.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |i: usize| {
        b.get(i)
            .and_then(|c| (*c as char).to_digit(16))
            .map(|d| d as u8)
    };
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
            (b'+', _, _) => out.push(b' '),
            (c, _, _) => out.push(c),
        }
        i += 1;
    }
    lossy(&out)
}

/// `String::from_utf8_lossy`, written with `str::from_utf8` (which the module has anyway):
/// each invalid sequence becomes one U+FFFD, as `Utf8Error::error_len` documents it. Its
/// own decoder costs the recorder 368 bytes more (brotli).
fn lossy(mut rest: &[u8]) -> String {
    let mut s = String::with_capacity(rest.len());
    loop {
        match std::str::from_utf8(rest) {
            Ok(v) => {
                s.push_str(v);
                return s;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                s.push_str(std::str::from_utf8(good).unwrap_or_default());
                s.push('\u{FFFD}');
                match e.error_len() {
                    Some(n) => rest = &bad[n..],
                    None => return s,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_url_patterns() {
        assert!(url_matches(
            "/thank-you*",
            "https://shop.example/thank-you?order=1"
        ));
        assert!(url_matches(
            "*/checkout*",
            "https://shop.example/cart/checkout/step2"
        ));
        assert!(!url_matches(
            "/thank-you*",
            "https://shop.example/products/thank-you"
        ));
        assert!(url_matches(
            "https://shop.example/*",
            "https://shop.example/a"
        ));
        assert!(url_matches("*", "/"));
    }

    #[test]
    fn ok_web_urls_only() {
        assert!(is_web_url("https://shop.example/x") && is_web_url("/products/mug"));
        assert!(
            !is_web_url("javascript:alert(1)")
                && !is_web_url("//evil.example")
                && !is_web_url("data:text/html,x")
        );
    }

    #[test]
    fn ok_query_param() {
        let u = "https://shop.example/p?reciprocity-preview=thanks&reciprocity-name=Ana+Mar%C3%ADa&x#frag";
        assert_eq!(
            query_param(u, "reciprocity-preview").as_deref(),
            Some("thanks")
        );
        assert_eq!(
            query_param(u, "reciprocity-name").as_deref(),
            Some("Ana María")
        );
        assert_eq!(query_param(u, "x").as_deref(), Some(""));
        assert_eq!(query_param(u, "frag"), None);
        assert_eq!(query_param("/p?a=100%&b", "a").as_deref(), Some("100%"));
        assert_eq!(query_param("/p", "a"), None);
    }

    #[test]
    fn ok_percent_encode() {
        assert_eq!(percent_encode("THANKS-10_a.b~"), "THANKS-10_a.b~");
        assert_eq!(percent_encode("a b&c/é"), "a%20b%26c%2F%C3%A9");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod lossy_tests {
    use proptest::prelude::*;

    proptest! {
        /// The same text as `String::from_utf8_lossy`, for any bytes (mostly UTF-8 pieces,
        /// cut and mixed with stray bytes).
        #[test]
        fn ok_lossy_as_std(parts in proptest::collection::vec(
            prop_oneof![
                any::<String>().prop_map(String::into_bytes),
                proptest::collection::vec(any::<u8>(), 0..6),
                any::<char>().prop_map(|c| c.to_string().into_bytes()[..1].to_vec()),
            ],
            0..8,
        )) {
            let bytes: Vec<u8> = parts.concat();
            prop_assert_eq!(super::lossy(&bytes), String::from_utf8_lossy(&bytes).into_owned());
        }
    }
}
