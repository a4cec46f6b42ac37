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
    fn ok_percent_encode() {
        assert_eq!(percent_encode("THANKS-10_a.b~"), "THANKS-10_a.b~");
        assert_eq!(percent_encode("a b&c/é"), "a%20b%26c%2F%C3%A9");
    }
}
