//! What the current page tells about the visit, for targeting: the device class, the page's
//! language, and the visit's landing (its UTM tags and the site that referred it).
//!
//! The device class and the language are read from the page each time. The landing is kept
//! for the visit on the device: the first page of a visit sets it (from its URL's
//! `utm_source`, `utm_medium`, `utm_campaign` and the referring site), later pages of the
//! same visit keep it, so a shopper who lands from the newsletter and browses on is still
//! "from the newsletter" three pages later.

use serde::{Deserialize, Serialize};

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

use super::time::Millis;
use super::url::query_param;

/// A device class, as the browser reports it (a coarse pointer and the screen's width), not
/// from the user agent string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceClass {
    /// A touch screen narrower than 600 CSS pixels on its short side.
    Phone,
    /// A touch screen at least 600 CSS pixels on its short side.
    Tablet,
    /// A fine pointer (mouse, trackpad).
    Desktop,
}

impl DeviceClass {
    /// The class's name (its serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceClass::Phone => "phone",
            DeviceClass::Tablet => "tablet",
            DeviceClass::Desktop => "desktop",
        }
    }

    /// The class of that name.
    pub fn from_name(name: &str) -> Option<DeviceClass> {
        [
            DeviceClass::Phone,
            DeviceClass::Tablet,
            DeviceClass::Desktop,
        ]
        .into_iter()
        .find(|d| d.as_str() == name)
    }

    /// The class from what the browser says: a coarse primary pointer is a touch device,
    /// a phone when the screen's short side is under 600 CSS pixels.
    pub fn of_screen(coarse_pointer: bool, short_side: u32) -> DeviceClass {
        match (coarse_pointer, short_side) {
            (false, _) => DeviceClass::Desktop,
            (true, w) if w < 600 => DeviceClass::Phone,
            (true, _) => DeviceClass::Tablet,
        }
    }
}

/// How a visit arrived: the landing page's UTM tags and the referring site's host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Landing {
    /// The start of the visit it belongs to.
    #[serde(rename = "t")]
    pub at: Millis,
    /// `utm_source`, lower case.
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// `utm_medium`, lower case.
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<String>,
    /// `utm_campaign`, lower case.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// The referring site's host, lower case, without `www.` (none when the visit came
    /// from the store itself or from nowhere).
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
}

/// Longest UTM value or host kept, in characters.
const MAX_TAG: usize = 100;

impl Landing {
    /// The landing of a visit that started at `at` on `url`, referred by `referrer` (the
    /// page's `document.referrer`; a page of the store itself is no referrer).
    pub fn of_page(at: Millis, url: Option<&str>, referrer: Option<&str>) -> Landing {
        let tag = |name: &str| {
            url.and_then(|u| query_param(u, name))
                .map(|v| {
                    v.trim()
                        .to_ascii_lowercase()
                        .chars()
                        .take(MAX_TAG)
                        .collect::<String>()
                })
                .filter(|v| !v.is_empty())
        };
        let own = url.and_then(host);
        let referrer = referrer
            .and_then(host)
            .filter(|h| own.as_deref() != Some(h.as_str()));
        Landing {
            at,
            source: tag("utm_source"),
            medium: tag("utm_medium"),
            campaign: tag("utm_campaign"),
            referrer,
        }
    }
}

/// The host of an absolute URL (or a bare host), lower case, without a leading `www.` and
/// without port; `None` for a path or anything else.
pub fn host(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest,
        None if !url.contains('/') && url.contains('.') => url,
        None => return None,
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let hostport = authority.rsplit('@').next().unwrap_or(authority);
    let h = hostport
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let h = h.strip_prefix("www.").unwrap_or(&h);
    (!h.is_empty() && h.len() <= MAX_TAG).then(|| h.to_string())
}

/// Whether `host` is `site` or one of its subdomains (`l.instagram.com` is `instagram.com`).
pub fn host_is(host: &str, site: &str) -> bool {
    let site = site.trim().to_ascii_lowercase();
    let site = site.strip_prefix("www.").unwrap_or(&site);
    host == site
        || host
            .strip_suffix(site)
            .is_some_and(|head| head.ends_with('.'))
}

/// What the current page says for targeting; the landing is the history's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageFacts<'a> {
    /// The device class, when the browser told it.
    pub device: Option<DeviceClass>,
    /// The page's language (`<html lang>`, else the browser's).
    pub language: &'a str,
    /// The shopper had the device forget earlier in this tab's visit: a fresh history, but
    /// not a first visit (no first-visit welcome right after "Forget").
    pub forgot: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_device_classes() {
        assert_eq!(DeviceClass::of_screen(true, 390), DeviceClass::Phone);
        assert_eq!(DeviceClass::of_screen(true, 820), DeviceClass::Tablet);
        assert_eq!(DeviceClass::of_screen(false, 390), DeviceClass::Desktop);
        for d in [
            DeviceClass::Phone,
            DeviceClass::Tablet,
            DeviceClass::Desktop,
        ] {
            assert_eq!(DeviceClass::from_name(d.as_str()), Some(d));
            assert_eq!(
                serde_json::to_string(&d).unwrap(),
                format!("{:?}", d.as_str())
            );
        }
    }

    #[test]
    fn ok_landing_from_the_page() {
        let l = Landing::of_page(
            5,
            Some("https://shop.example/p?utm_source=Newsletter&utm_medium=email&utm_campaign=spring+sale#x"),
            Some("https://l.instagram.com/redirect?u=1"),
        );
        assert_eq!(l.source.as_deref(), Some("newsletter"));
        assert_eq!(l.medium.as_deref(), Some("email"));
        assert_eq!(l.campaign.as_deref(), Some("spring sale"));
        assert_eq!(l.referrer.as_deref(), Some("l.instagram.com"));
        assert!(host_is("l.instagram.com", "instagram.com"));
        assert!(host_is("instagram.com", "www.instagram.com"));
        assert!(!host_is("notinstagram.com", "instagram.com"));
    }

    #[test]
    fn err_own_site_and_broken_referrers_are_no_referrer() {
        let own = Landing::of_page(
            0,
            Some("https://www.shop.example/a"),
            Some("https://shop.example/b"),
        );
        assert_eq!(own.referrer, None);
        assert_eq!(own.source, None);
        assert_eq!(host("/just/a/path"), None);
        assert_eq!(host("Shop.Example").as_deref(), Some("shop.example"));
        assert_eq!(host("https://"), None);
        assert_eq!(
            host("https://user@Shop.Example:8443/x").as_deref(),
            Some("shop.example")
        );
    }
}
