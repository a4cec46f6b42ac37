// Longer than 400 lines: each rule with the JSON path it reports, in the order `check`
// prints them; its tests, which pin those messages, are most of the length.

//! The rules serde cannot express: non-empty names, ISO codes, safe links and CSS values,
//! templates that parse, dates in order, caps within what the history remembers.

use crate::engine::small::SmallMap;

use super::theme::{is_css_colour, is_css_length, is_font_list, is_selector};
use super::{config_instant, Config, Errors, Format, Gesture, Kind, OneOrMany, Period, Text};
use crate::engine::event::valid_name;
use crate::engine::history::SHOWS_PER_GESTURE;
use crate::engine::locale;
use crate::engine::template::Template;
use crate::engine::time::parse_instant;
use crate::engine::url::is_web_url;

impl Config {
    /// Checks what serde cannot, adding each problem to `errs`. `places[k]` is where
    /// `self.gestures[k]` stands in the document's list of `listed` gestures (a gesture
    /// serde could not read is not in `self.gestures`, and must not shift the paths of
    /// those after it).
    pub(super) fn validate(&self, places: &[usize], listed: usize, errs: &mut Errors) {
        if self.store.name.trim().is_empty() {
            errs.at("store.name", "must not be empty");
        }
        let cur = &self.store.currency;
        if cur.len() != 3 || !cur.bytes().all(|b| b.is_ascii_uppercase()) {
            errs.at(
                "store.currency",
                format!("{cur:?} is not an ISO 4217 code like \"EUR\""),
            );
        }
        if !locale::is_tag(&self.store.locale) {
            errs.at(
                "store.locale",
                format!(
                    "{:?} is not a language tag like \"en-US\"",
                    self.store.locale
                ),
            );
        }
        if self.budget.max_per_session == 0 || self.budget.max_per_week == 0 {
            errs.at("budget", "max_per_session and max_per_week must be at least 1 (remove the gestures to show none)");
        }
        if !(0.0..=50.0).contains(&self.holdout.percent) {
            errs.at(
                "holdout.percent",
                format!(
                    "{} is outside 0 to 50",
                    crate::engine::json::float_text(self.holdout.percent)
                ),
            );
        }
        if let Some(u) = &self.endpoints.feedback {
            check_https(u, "endpoints.feedback", errs);
        }
        let t = &self.theme;
        for (name, v) in [
            ("accent", &t.accent),
            ("on_accent", &t.on_accent),
            ("background", &t.background),
            ("text", &t.text),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !is_css_colour(v)) {
                errs.at(
                    format!("theme.{name}"),
                    format!("{v:?} is not a colour like \"#1d4ed8\" or \"rgb(29 78 216)\""),
                );
            }
        }
        if let Some(r) = t.radius.as_deref().filter(|r| !is_css_length(r)) {
            errs.at(
                "theme.radius",
                format!("{r:?} is not a length like \"12px\" or \"0.75rem\""),
            );
        }
        if let Some(f) = t.font.as_deref().filter(|f| !is_font_list(f)) {
            errs.at(
                "theme.font",
                format!("{f:?} is not a font list like \"Georgia, serif\""),
            );
        }
        for (j, sel) in t.keep_clear.iter().flatten().enumerate() {
            if !is_selector(sel) {
                errs.at(
                    format!("theme.keep_clear[{j}]"),
                    format!(
                        "{sel:?} is not a CSS selector like \"#add-to-cart\" (1 to 200 characters)"
                    ),
                );
            }
        }
        if self.gestures.is_empty() && listed == 0 {
            errs.at("gestures", "no gestures: add at least one");
        }
        let mut seen = SmallMap::new();
        for (k, g) in self.gestures.iter().enumerate() {
            let i = places.get(k).copied().unwrap_or(k);
            let p = format!("gestures[{i}]");
            if let Some(first) = seen.insert(g.id.clone(), i) {
                errs.at(
                    format!("{p}.id"),
                    format!("{:?} is already the id of gestures[{first}]", g.id),
                );
            }
            self.validate_gesture(g, &p, errs);
        }
    }

    fn validate_gesture(&self, g: &Gesture, p: &str, errs: &mut Errors) {
        if g.id.is_empty()
            || g.id.len() > 64
            || !g
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            errs.at(
                format!("{p}.id"),
                format!("{:?}: use 1 to 64 letters, digits, '-' or '_'", g.id),
            );
        }
        let mut texts: Vec<(String, &Text)> = vec![(format!("{p}.title"), &g.title)];
        if let Some(t) = &g.text {
            texts.push((format!("{p}.text"), t));
        }
        if let Some(l) = &g.link {
            texts.push((format!("{p}.link.label"), &l.label));
            check_url(&l.url, &format!("{p}.link.url"), errs);
        }
        for (cat, l) in g.recommend.iter().flatten() {
            texts.push((format!("{p}.recommend.{cat}.label"), &l.label));
            check_url(&l.url, &format!("{p}.recommend.{cat}.url"), errs);
        }
        if let Some(f) = &g.feedback {
            texts.push((format!("{p}.feedback.question"), &f.question));
            texts.push((format!("{p}.feedback.thanks"), &f.thanks));
            if let Some(c) = &f.comment {
                texts.push((format!("{p}.feedback.comment"), c));
            }
        }
        for (path, text) in texts {
            for (lang, s) in text.all() {
                if let Err(e) = Template::parse(s) {
                    errs.at(format!("{path}{lang}"), e.to_string());
                }
            }
        }
        match (g.kind, &g.code, &g.feedback) {
            (Kind::Code, None, _) => errs.at(
                p,
                "a `code` gesture needs a `code` with a `value` or an `issue_url`",
            ),
            (Kind::Feedback, _, None) => {
                errs.at(p, "a `feedback` gesture needs a `feedback` question")
            }
            (k, _, Some(_)) if k != Kind::Feedback => errs.at(
                format!("{p}.feedback"),
                "only `feedback` gestures ask questions",
            ),
            _ => {}
        }
        if let Some(c) = &g.code {
            let cp = format!("{p}.code");
            match (&c.value, &c.issue_url) {
                (None, None) => errs.at(&cp, "needs a `value` or an `issue_url`"),
                (Some(v), _) if v.trim().is_empty() || v.len() > 64 => {
                    errs.at(format!("{cp}.value"), "must be 1 to 64 characters")
                }
                _ => {}
            }
            if let Some(u) = &c.issue_url {
                check_https(u, &format!("{cp}.issue_url"), errs);
            }
            if let Some(u) = &c.apply_url {
                check_url(u, &format!("{cp}.apply_url"), errs);
            }
            if let Some(e) = &c.expires_at {
                if let Err(err) = parse_instant(e) {
                    errs.at(format!("{cp}.expires_at"), err.to_string());
                }
            }
            if c.valid_days == Some(0) {
                errs.at(format!("{cp}.valid_days"), "must be at least 1");
            }
        }
        let s = &g.schedule;
        for (name, v) in [("start", &s.start), ("end", &s.end)] {
            if let Some(Err(e)) = v.as_deref().map(parse_instant) {
                errs.at(format!("{p}.schedule.{name}"), e.to_string());
            }
        }
        if let (Some(a), Some(b)) = (config_instant(&s.start), config_instant(&s.end)) {
            if a >= b {
                errs.at(format!("{p}.schedule"), "`end` must be after `start`");
            }
        }
        if g.cap.max_shows == 0 {
            errs.at(format!("{p}.cap.max_shows"), "must be at least 1");
        }
        if g.cap.per != Period::Lifetime && g.cap.max_shows > SHOWS_PER_GESTURE as u32 {
            errs.at(
                format!("{p}.cap.max_shows"),
                format!("at most {SHOWS_PER_GESTURE} per period (use \"per\": \"lifetime\" for larger counts)"),
            );
        }
        let w = &g.when;
        if let (Some(a), Some(b)) = (w.orders_min, w.orders_max) {
            if a > b {
                errs.at(format!("{p}.when"), "orders_min is greater than orders_max");
            }
        }
        if let (Some(a), Some(b)) = (w.spent_min, w.spent_max) {
            if a > b {
                errs.at(format!("{p}.when"), "spent_min is greater than spent_max");
            }
        }
        if w.nth_order
            .as_ref()
            .is_some_and(|v| v.is_empty() || v.contains(&0))
        {
            errs.at(
                format!("{p}.when.nth_order"),
                "list order numbers from 1, e.g. [3, 5, 10]",
            );
        }
        check_targeting(g, p, errs);
        check_format(g, p, errs);
        for (name, list) in [("url", &w.url), ("url_not", &w.url_not)] {
            for (j, pat) in list.iter().flat_map(OneOrMany::as_slice).enumerate() {
                if pat.is_empty() || pat.len() > 300 {
                    errs.at(
                        format!("{p}.when.{name}[{j}]"),
                        "a URL pattern must be 1 to 300 characters",
                    );
                }
            }
        }
    }
}

fn check_url(u: &str, path: &str, errs: &mut Errors) {
    if !is_web_url(u) {
        errs.at(
            path,
            format!("{u:?}: links must be http(s) URLs or paths starting with '/'"),
        );
    }
}

fn check_https(u: &str, path: &str, errs: &mut Errors) {
    let l = u.to_ascii_lowercase();
    let local = l.starts_with("http://localhost") || l.starts_with("http://127.0.0.1");
    if !(l.starts_with("https://") || local || (l.starts_with('/') && !l.starts_with("//"))) {
        errs.at(
            path,
            format!("{u:?}: endpoints must be https URLs or paths on the store"),
        );
    }
}

/// The format: modal prompts stay dialogs; `inline` names the page's element with, and
/// only with, the inline format.
fn check_format(g: &Gesture, p: &str, errs: &mut Errors) {
    if g.modal && g.format != Format::Card {
        errs.at(
            format!("{p}.format"),
            format!(
                "{:?}: a modal prompt is always a dialog (remove `format` or `modal`)",
                g.format.as_str()
            ),
        );
    }
    match (g.format, &g.inline) {
        (Format::Inline, None) => errs.at(
            format!("{p}.inline"),
            "the inline format needs `inline`: a CSS selector of the page's element, like \"#reciprocity-slot\"",
        ),
        (Format::Inline, Some(sel)) if !is_selector(sel) => errs.at(
            format!("{p}.inline"),
            format!("{sel:?} is not a CSS selector like \"#reciprocity-slot\" (1 to 200 characters)"),
        ),
        (f, Some(_)) if f != Format::Inline => errs.at(
            format!("{p}.inline"),
            "only for `\"format\": \"inline\"`",
        ),
        _ => {}
    }
}

/// The path of entry `j` of a value given as one or a list.
fn entry_path<T>(path: &str, list: &OneOrMany<T>, j: usize) -> String {
    match list {
        OneOrMany::One(_) => path.to_string(),
        OneOrMany::Many(_) => format!("{path}[{j}]"),
    }
}

/// Time since an event, targeting (device, UTM tags, referrer, language) and the page's
/// trigger.
fn check_targeting(g: &Gesture, p: &str, errs: &mut Errors) {
    let w = &g.when;
    if let Some(list) = &w.since {
        for (j, s) in list.as_slice().iter().enumerate() {
            let sp = entry_path(&format!("{p}.when.since"), list, j);
            if !valid_name(&s.event) {
                errs.at(
                    format!("{sp}.event"),
                    format!(
                        "{:?}: use 1 to 64 letters, digits, '_', '.', ':' or '-'",
                        s.event
                    ),
                );
            }
            match (s.days_min, s.days_max) {
                (None, None) => errs.at(&sp, "set days_min, days_max or both"),
                (Some(a), Some(b)) if a > b => errs.at(&sp, "days_min is greater than days_max"),
                _ => {}
            }
            if s.category.as_deref().is_some_and(|c| c.trim().is_empty()) {
                errs.at(format!("{sp}.category"), "must not be empty");
            }
        }
    }
    if w.device.as_ref().is_some_and(Vec::is_empty) {
        errs.at(
            format!("{p}.when.device"),
            "list at least one of \"phone\", \"tablet\", \"desktop\"",
        );
    }
    for (name, list) in [
        ("utm_source", &w.utm_source),
        ("utm_medium", &w.utm_medium),
        ("utm_campaign", &w.utm_campaign),
    ] {
        let Some(list) = list else { continue };
        for (j, v) in list.as_slice().iter().enumerate() {
            if v.trim().is_empty() || v.chars().count() > 100 {
                let path = entry_path(&format!("{p}.when.{name}"), list, j);
                errs.at(path, "a UTM value must be 1 to 100 characters");
            }
        }
    }
    if let Some(list) = &w.referrer {
        for (j, v) in list.as_slice().iter().enumerate() {
            let site = v.trim();
            let ok = site.contains('.')
                && site.len() <= 100
                && site
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
            if !ok {
                errs.at(
                    entry_path(&format!("{p}.when.referrer"), list, j),
                    format!("{v:?}: write the site's host, like \"instagram.com\""),
                );
            }
        }
    }
    if let Some(list) = &w.language {
        for (j, v) in list.as_slice().iter().enumerate() {
            if !locale::is_tag(v) {
                errs.at(
                    entry_path(&format!("{p}.when.language"), list, j),
                    format!("{v:?} is not a language tag like \"fr\" or \"fr-CA\""),
                );
            }
        }
    }
    let Some(t) = &g.trigger else { return };
    let tp = format!("{p}.trigger");
    for (name, v, max) in [
        ("seconds_on_page", t.seconds_on_page, 3600),
        ("scroll_percent", t.scroll_percent, 100),
        ("idle_seconds", t.idle_seconds, 3600),
        ("page_views_min", t.page_views_min, 1000),
    ] {
        if v.is_some_and(|v| v == 0 || v > max) {
            errs.at(format!("{tp}.{name}"), format!("must be 1 to {max}"));
        }
    }
    if !t.waits() && t.page_views_min.is_none() {
        errs.at(
            tp,
            "set seconds_on_page, scroll_percent, idle_seconds, page_views_min or exit_intent",
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::json;

    use crate::engine::config::errors_of as errors;

    #[test]
    fn err_semantic_problems() {
        insta::assert_snapshot!(errors(json!({
        "store": {"name": " ", "currency": "euro", "locale": "en US"},
        "holdout": {"percent": 80},
        "theme": {"accent": "red;background:url(x)", "radius": "12"},
        "endpoints": {"feedback": "http://collector.example/x"},
        "gestures": [
            {"id": "a", "kind": "code", "title": "Hi {first_name", "code": {"expires_at": "soon"}},
            {"id": "a", "kind": "feedback", "title": "x", "link": {"label": "go", "url": "javascript:alert(1)"}},
            {"id": "b c", "kind": "banner", "title": "x", "schedule": {"start": "2026-02-01", "end": "2026-01-01"},
             "cap": {"max_shows": 20, "per": "week"}, "when": {"nth_order": [0], "orders_min": 5, "orders_max": 2}}
        ]})));
    }

    #[test]
    fn err_time_since_targeting_and_triggers() {
        insta::assert_snapshot!(errors(json!({
        "store": {"name": "Shop", "currency": "EUR", "locale": "en"},
        "gestures": [
            {"id": "a", "kind": "banner", "title": "x", "when": {
                "since": [{"event": "sign up", "days_min": 3}, {"event": "view_item", "category": " "},
                          {"event": "review", "days_min": 9, "days_max": 2}],
                "device": [],
                "utm_source": ["newsletter", ""],
                "referrer": ["https://instagram.com/x", "facebook.com"],
                "language": "fr CA"}},
            {"id": "b", "kind": "banner", "title": "x", "trigger": {"scroll_percent": 150, "seconds_on_page": 0}},
            {"id": "c", "kind": "banner", "title": "x", "trigger": {"exit_intent": false}}
        ]})));
    }

    #[test]
    fn err_formats() {
        insta::assert_snapshot!(errors(json!({
        "store": {"name": "Shop", "currency": "EUR", "locale": "en"},
        "theme": {"keep_clear": ["#buy", "", "a{color:red}"]},
        "gestures": [
            {"id": "a", "kind": "feedback", "title": "x", "modal": true, "format": "bar",
             "feedback": {"question": "q", "thanks": "t"}},
            {"id": "b", "kind": "banner", "title": "x", "format": "inline"},
            {"id": "c", "kind": "banner", "title": "x", "format": "inline", "inline": ""},
            {"id": "d", "kind": "banner", "title": "x", "format": "inline", "inline": "#".repeat(201)},
            {"id": "e", "kind": "banner", "title": "x", "format": "bar", "inline": "#slot"},
            {"id": "f", "kind": "banner", "title": "x", "inline": "#slot"}
        ]})));
    }

    #[test]
    fn ok_formats() {
        let c = crate::engine::config::Config::from_value(json!({
        "store": {"name": "Shop", "currency": "EUR", "locale": "en"},
        "theme": {"keep_clear": ["#add-to-cart", "form[action*='/cart/add'] [type=submit]"]},
        "gestures": [
            {"id": "a", "kind": "banner", "title": "x", "format": "card"},
            {"id": "b", "kind": "banner", "title": "x", "format": "bar"},
            {"id": "c", "kind": "banner", "title": "x", "format": "slide_in"},
            {"id": "d", "kind": "banner", "title": "x", "format": "inline", "inline": "#reciprocity-slot"},
            {"id": "e", "kind": "code", "title": "x", "format": "tab", "code": {"value": "HI"}},
            {"id": "f", "kind": "feedback", "title": "x", "modal": true, "format": "card",
             "feedback": {"question": "q", "thanks": "t"}}
        ]}));
        assert!(c.is_ok(), "{:?}", c.err());
        let c = c.unwrap();
        assert_eq!(c.gestures[2].format, crate::engine::config::Format::SlideIn);
        assert_eq!(c.gestures[0].format, crate::engine::config::Format::Card);
    }

    #[test]
    fn err_unknown_format() {
        let e = errors(json!({
        "store": {"name": "Shop", "currency": "EUR", "locale": "en"},
        "gestures": [{"id": "a", "kind": "banner", "title": "x", "format": "popup"}]}));
        assert!(e.contains("gestures[0].format"), "{e}");
    }

    #[test]
    fn ok_time_since_targeting_and_triggers() {
        let c = crate::engine::config::Config::from_value(json!({
        "store": {"name": "Shop", "currency": "EUR", "locale": "en"},
        "gestures": [
            {"id": "a", "kind": "banner", "title": "x", "when": {
                "since": {"event": "sign_up", "first": true, "days_min": 3, "days_max": 30},
                "device": ["phone", "tablet"], "utm_source": "newsletter", "utm_medium": ["email"],
                "utm_campaign": "spring", "referrer": ["instagram.com"], "language": ["fr", "ar-EG"]},
             "trigger": {"seconds_on_page": 20, "scroll_percent": 50, "idle_seconds": 30,
                         "page_views_min": 3, "exit_intent": true}}
        ]}));
        assert!(c.is_ok(), "{:?}", c.err());
    }
}
