// Longer than 400 lines: one small function per condition of `when` (orders, spend,
// days, occasions, time since an event, device, UTM tags, referrer, language, the page's
// trigger); they share the Check helpers and the owner's wording. A next split would put the
// page and visit targeting in a room of its own.

//! A gesture's conditions, its `when` section: one function per condition, each returning
//! the [`Check`] the store owner reads. Conditions that mean something to the shopper (an
//! order, a category, an occasion) tell them why when they pass; page and window conditions
//! are quiet.

use crate::engine::small::SmallMap;

use super::{any_of, money, plural, seen, Check, Checks, Context};
use crate::engine::config::{Occasion, When};
use crate::engine::event::Event;
use crate::engine::history::History;
use crate::engine::profile::{Profile, Stage};
use crate::engine::template::ordinal;
use crate::engine::time::{Millis, MINUTE};
use crate::engine::url::url_matches;
use crate::engine::why::{stage_words, Why};

use crate::engine::config::{OneOrMany, Since, Trigger};
use crate::engine::history::{category_key, Aggregates};
use crate::engine::locale;
use crate::engine::page::{host_is, DeviceClass, Landing, PageFacts};
use crate::engine::time::DAY;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

/// Every condition that is set, in the order the store owner reads them; amounts are in
/// `currency`, the store's.
pub(super) fn when_checks(
    w: &When,
    p: &Profile,
    h: &History,
    ctx: &Context,
    currency: &str,
    c: &mut Checks,
) {
    let purchased = ctx.events.iter().any(|e| e.name == "purchase");
    if let Some(names) = &w.event {
        c.add("event", event(names.as_slice(), ctx.events));
    }
    if let Some(pats) = &w.url {
        c.add("url", url(pats.as_slice(), ctx.url));
    }
    if let Some(pats) = &w.url_not {
        c.add("url", url_not(pats.as_slice(), ctx.url));
    }
    if let Some(stages) = &w.stage {
        c.add("stage", stage(stages, p));
    }
    if let Some(o) = w.occasion {
        let started = h.agg.session_start;
        let forgot = ctx.page.map_or(ctx.forgot, |f| f.forgot);
        c.add(
            "occasion",
            occasion(o, p, purchased, forgot, started, ctx.now),
        );
    }
    if let Some(list) = &w.nth_order {
        c.add("nth_order", nth_order(list, p, purchased));
    }
    if let Some(min) = w.orders_min {
        c.add("orders", orders_min(min, p));
    }
    if let Some(max) = w.orders_max {
        c.add("orders", orders_max(max, p));
    }
    if let Some(min) = w.spent_min {
        c.add("spent", spent_min(min, p, currency));
    }
    if let Some(max) = w.spent_max {
        c.add("spent", spent_max(max, p, currency));
    }
    if let Some(min) = w.days_since_order_min {
        c.add("days_since_order", days_since_order_min(min, p));
    }
    if let Some(max) = w.days_since_order_max {
        c.add("days_since_order", days_since_order_max(max, p));
    }
    if let Some(min) = w.days_since_visit_min {
        c.add("days_since_visit", days_since_visit_min(min, p));
    }
    if let Some(min) = w.days_since_feedback_min {
        let last = h.agg.last_feedback;
        c.add(
            "days_since_feedback",
            days_since_feedback_min(min, last, ctx.now),
        );
    }
    if let Some(cats) = &w.favourite_category {
        c.add("favourite_category", favourite_category(cats.as_slice(), p));
    }
    if let Some(cats) = &w.bought_category {
        c.add("bought_category", bought_category(cats.as_slice(), p));
    }
    if let Some(want) = w.feedback_given {
        c.add("feedback_given", feedback_given(want, p));
    }
    for (name, min) in w.counts_min.iter().flatten() {
        c.add("counts", counts_min(name, *min, &h.agg.counts));
    }
    if let Some(want) = w.identified {
        c.add("identified", identified(want, p));
    }
    for s in w.since.iter().flat_map(OneOrMany::as_slice) {
        c.add("since", since(s, &h.agg, ctx.now));
    }
    if let Some(classes) = &w.device {
        let class = ctx.page.map(|p| p.device).or(ctx.device.map(Some));
        c.add("device", device(classes, class));
    }
    let landing = ctx.page.and(visit_landing(h));
    for (rule, wanted) in [
        ("utm_source", &w.utm_source),
        ("utm_medium", &w.utm_medium),
        ("utm_campaign", &w.utm_campaign),
    ] {
        if let Some(wanted) = wanted {
            c.add(rule, utm(rule, wanted.as_slice(), ctx.page, landing));
        }
    }
    if let Some(sites) = &w.referrer {
        c.add("referrer", referrer(sites.as_slice(), ctx.page, landing));
    }
    if let Some(langs) = &w.language {
        c.add("language", language(langs.as_slice(), ctx.page));
    }
}

/// The triggering event is one of `names`. The event read is the one the gesture names, or
/// else the most telling one of this moment (anything but a page view, else the last).
fn event(names: &[String], events: &[Event]) -> Check {
    let event = events
        .iter()
        .rev()
        .find(|e| names.contains(&e.name))
        .or_else(|| events.iter().rev().find(|e| e.name != "page_view"))
        .or(events.last())
        .map(|e| e.name.as_str());
    let ok = event.is_some_and(|e| names.iter().any(|n| n == e));
    match (ok, event) {
        (true, Some("page_view")) => Check::Quiet(true, reason!("follows a page view")),
        (true, Some("purchase")) => Check::Shopper(Ok(Why::JustOrdered)),
        (true, Some(e)) => Check::Shopper(Ok(Why::Follows(e.to_string()))),
        (false, Some(e)) => Check::blocks(reason!(
            "waits for a {} event; this moment's event is {e:?}",
            any_of(names)
        )),
        (_, None) => Check::blocks(reason!("waits for a {} event", any_of(names))),
    }
}

/// The page matches one of the patterns.
fn url(patterns: &[String], url: Option<&str>) -> Check {
    let ok = url.is_some_and(|u| patterns.iter().any(|pat| url_matches(pat, u)));
    if ok {
        Check::Quiet(true, reason!("the page matches"))
    } else {
        Check::blocks(reason!("the page does not match {}", any_of(patterns)))
    }
}

/// The page matches none of the patterns.
fn url_not(patterns: &[String], url: Option<&str>) -> Check {
    match url.and_then(|u| patterns.iter().find(|pat| url_matches(pat, u))) {
        Some(pat) => Check::blocks(reason!("the page matches {pat:?}, which is excluded")),
        None => Check::Silent,
    }
}

/// Words in the store owner's list: `a`, `a or b`, `a, b or c`.
fn or_list(mut words: Vec<String>) -> String {
    match words.pop() {
        Some(last) if !words.is_empty() => format!("{} or {last}", words.join(", ")),
        Some(last) => last,
        None => String::new(),
    }
}

/// The shopper's lifecycle stage is one of `stages`.
fn stage(stages: &[Stage], p: &Profile) -> Check {
    Check::Shopper(if stages.contains(&p.stage) {
        Ok(Why::Stage(p.stage))
    } else {
        // The words are made inside `reason!`: the storefront's modules make none of them.
        Err(reason!(
            "the shopper is {}, and the gesture is for {}",
            stage_words(p.stage),
            or_list(stages.iter().map(|s| stage_words(*s).to_string()).collect())
        ))
    })
}

/// The moment is the occasion: a first visit, an anniversary, a birthday, an order just
/// placed, or a lapsed customer's return (a visit begun in the last 30 minutes). A visit
/// in which the shopper had the device forget (`forgot`) is no first visit.
fn occasion(
    o: Occasion,
    p: &Profile,
    purchased: bool,
    forgot: bool,
    session_start: Option<Millis>,
    now: Millis,
) -> Check {
    let result = match o {
        Occasion::FirstVisit => {
            if p.visits <= 1 && p.orders_count == 0 && !p.identified && !forgot {
                Ok(Why::Stage(Stage::NewVisitor))
            } else {
                Err("not the shopper's first visit")
            }
        }
        Occasion::Anniversary => p
            .anniversary_years
            .map(Why::Anniversary)
            .ok_or("not the anniversary of the shopper's first order"),
        Occasion::Birthday => match p.birthday_offset_days {
            Some(_) => Ok(Why::Birthday),
            None => Err("the shopper's birthday is not near today, or is not known"),
        },
        Occasion::JustPurchased => {
            if purchased {
                Ok(Why::JustOrdered)
            } else {
                Err("the shopper did not just place an order")
            }
        }
        Occasion::LapsedReturn => {
            let fresh_visit = session_start.is_some_and(|s| now - seen(s, now) < 30 * MINUTE);
            match p.days_since_last_order {
                Some(d) if p.stage == Stage::Lapsed && fresh_visit => Ok(Why::WelcomeBack(d)),
                _ => Err("not a lapsed customer coming back"),
            }
        }
    };
    Check::Shopper(result.map_err(|e| reason!("{e}")))
}

/// An order was just placed and it is one of the listed (`[3, 5, 10]`: milestones).
fn nth_order(list: &[u32], p: &Profile, purchased: bool) -> Check {
    let nth = |n: u32| ordinal("en", i64::from(n), &n.to_string());
    // Made inside `reason!` only: the storefront's modules make none of these words.
    let wanted = || or_list(list.iter().map(|n| nth(*n)).collect());
    Check::Shopper(if list.contains(&p.orders_count) && purchased {
        Ok(Why::NthOrder(p.orders_count))
    } else if purchased {
        Err(reason!(
            "this is the shopper's {} order, and the gesture is for the {}",
            nth(p.orders_count),
            wanted()
        ))
    } else {
        Err(reason!(
            "waits for the shopper's {} order (the shopper has {})",
            wanted(),
            plural(i64::from(p.orders_count), "order", "orders")
        ))
    })
}

/// At least `min` orders.
fn orders_min(min: u32, p: &Profile) -> Check {
    Check::Shopper(if p.orders_count >= min {
        Ok(Why::Orders(p.orders_count))
    } else {
        Err(reason!(
            "the shopper has {}, needs at least {min}",
            plural(i64::from(p.orders_count), "order", "orders")
        ))
    })
}

/// At most `max` orders.
fn orders_max(max: u32, p: &Profile) -> Check {
    // The words are made inside `reason!` only (none in the storefront's modules).
    let orders = || plural(i64::from(p.orders_count), "order", "orders");
    if p.orders_count <= max {
        Check::Quiet(
            true,
            reason!("the shopper has {} (at most {max})", orders()),
        )
    } else {
        Check::blocks(reason!("the shopper has {}, needs at most {max}", orders()))
    }
}

/// An amount of the config (store currency units, as written) in cents.
fn cents(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}

/// Net spend at least `min` (amounts in `currency`).
fn spent_min(min: f64, p: &Profile, currency: &str) -> Check {
    let (spent, min) = (p.total_spent, cents(min));
    let (has, least) = (|| money(spent, currency), || money(min, currency));
    if spent >= min {
        Check::Told(
            Why::BestCustomer,
            reason!("the shopper has spent {} (at least {})", has(), least()),
        )
    } else {
        Check::Shopper(Err(reason!(
            "the shopper has spent {}, needs at least {}",
            has(),
            least()
        )))
    }
}

/// Net spend at most `max` (amounts in `currency`).
fn spent_max(max: f64, p: &Profile, currency: &str) -> Check {
    let (spent, max) = (p.total_spent, cents(max));
    let (has, most) = (|| money(spent, currency), || money(max, currency));
    if spent <= max {
        Check::Quiet(
            true,
            reason!("the shopper has spent {} (at most {})", has(), most()),
        )
    } else {
        Check::blocks(reason!(
            "the shopper has spent {}, needs at most {}",
            has(),
            most()
        ))
    }
}

/// At least `min` days since the latest order.
fn days_since_order_min(min: u32, p: &Profile) -> Check {
    Check::Shopper(match p.days_since_last_order {
        Some(d) if d >= i64::from(min) => Ok(Why::DaysSinceOrder(d)),
        Some(d) => Err(reason!(
            "the shopper's last order was {} ago, needs at least {min}",
            plural(d, "day", "days")
        )),
        None => Err(reason!("the shopper has not ordered yet")),
    })
}

/// At most `max` days since the latest order.
fn days_since_order_max(max: u32, p: &Profile) -> Check {
    match p.days_since_last_order {
        Some(d) => {
            let ago = || plural(d, "day", "days");
            if d <= i64::from(max) {
                Check::Quiet(
                    true,
                    reason!("the shopper's last order was {} ago (at most {max})", ago()),
                )
            } else {
                Check::blocks(reason!(
                    "the shopper's last order was {} ago, needs at most {max}",
                    ago()
                ))
            }
        }
        None => Check::blocks(reason!("the shopper has not ordered yet")),
    }
}

/// At least `min` days since the previous visit.
fn days_since_visit_min(min: u32, p: &Profile) -> Check {
    Check::Shopper(match p.days_since_last_visit {
        Some(d) if d >= i64::from(min) => Ok(Why::DaysSinceVisit(d)),
        Some(d) => Err(reason!(
            "the shopper's previous visit was {} ago, needs at least {min}",
            plural(d, "day", "days")
        )),
        None => Err(reason!("this is the shopper's first visit")),
    })
}

/// At least `min` whole days (24 hours each) since the latest feedback.
fn days_since_feedback_min(min: u32, last: Option<Millis>, now: Millis) -> Check {
    match last {
        Some(t) => {
            let days = (now - seen(t, now)) / (24 * 60 * MINUTE);
            let ago = || plural(days, "day", "days");
            if days >= i64::from(min) {
                Check::Quiet(
                    true,
                    reason!(
                        "the shopper's last feedback was {} ago (at least {min})",
                        ago()
                    ),
                )
            } else {
                Check::blocks(reason!(
                    "the shopper's last feedback was {} ago, needs at least {min}",
                    ago()
                ))
            }
        }
        None => Check::blocks(reason!("the shopper has not given feedback yet")),
    }
}

/// One of `cats` is among the shopper's favourite categories.
fn favourite_category(cats: &[String], p: &Profile) -> Check {
    Check::Shopper(
        match cats.iter().find(|c| p.favourite_categories.contains(c)) {
            Some(cat) => Ok(Why::Likes(cat.clone())),
            None if p.favourite_categories.is_empty() => Err(reason!(
                "the shopper has no favourite category yet (the gesture is for {})",
                any_of(cats)
            )),
            None => Err(reason!(
                "the shopper's favourite categories ({}) do not include {}",
                p.favourite_categories
                    .iter()
                    .map(|c| reason!("{c:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                any_of(cats)
            )),
        },
    )
}

/// The latest order had an item in one of `cats`.
fn bought_category(cats: &[String], p: &Profile) -> Check {
    Check::Shopper(match cats.iter().find(|c| p.last_categories.contains(c)) {
        Some(cat) => Ok(Why::Bought(cat.clone())),
        None => Err(reason!(
            "the shopper's last order has no item in {}",
            any_of(cats)
        )),
    })
}

/// The shopper has (`want`) or has not given feedback.
fn feedback_given(want: bool, p: &Profile) -> Check {
    let given = p.feedback_count > 0;
    let why = if given {
        Why::FeedbackGiven
    } else {
        Why::NoFeedbackYet
    };
    Check::Shopper(if given == want {
        Ok(why)
    } else if given {
        Err(reason!("the shopper has already given feedback"))
    } else {
        Err(reason!("{}", why.owner()))
    })
}

/// The event `name` was recorded at least `min` times.
fn counts_min(name: &str, min: u32, counts: &SmallMap<String, u32>) -> Check {
    let n = counts.get(name).copied().unwrap_or(0);
    Check::Shopper(if n >= min {
        Ok(Why::Did(name.to_string(), n))
    } else {
        Err(reason!(
            "the shopper's {name:?} event was recorded {}, needs at least {min}",
            plural(i64::from(n), "time", "times")
        ))
    })
}

/// The storefront has (`want`) or has not identified the customer.
fn identified(want: bool, p: &Profile) -> Check {
    let why = Why::SignedIn(p.identified);
    Check::Shopper(if p.identified == want {
        Ok(why)
    } else {
        Err(reason!("{}", why.owner()))
    })
}

/// The page-side trigger's conditions: the visit's page count (`page_views_min`), exit
/// intent only on a desktop, and, for the store owner, what the page waits for.
pub(super) fn trigger_checks(t: &Trigger, h: &History, ctx: &Context, c: &mut Checks) {
    if let Some(min) = t.page_views_min {
        c.add(
            "trigger",
            page_views_min(min, h.agg.session_page_views, ctx.page),
        );
    }
    if t.waits() {
        c.add("trigger", waits_for(t, ctx.page));
    }
}

/// The landing of the current visit, if its first page set one.
fn visit_landing(h: &History) -> Option<&Landing> {
    h.agg
        .landing
        .as_ref()
        .filter(|l| Some(l.at) == h.agg.session_start)
}

/// The first or latest `s.event` (with an item in `s.category`, if set) was at least
/// `days_min` and at most `days_max` whole days (24 hours each) ago.
fn since(s: &Since, agg: &Aggregates, now: Millis) -> Check {
    let (span, what) = match &s.category {
        Some(cat) => (
            agg.category_times.get(&category_key(&s.event, cat)),
            reason!("{:?} with an item in {cat:?}", s.event),
        ),
        None => (agg.times.get(&s.event), reason!("{:?}", s.event)),
    };
    let Some((first, last)) = span else {
        return Check::blocks(reason!("the shopper has no {what} event recorded"));
    };
    let at = if s.first { *first } else { *last };
    let days = (now - seen(at, now)) / DAY;
    let which = if s.first { "first" } else { "latest" };
    let bounds = match (s.days_min, s.days_max) {
        (Some(a), Some(b)) => reason!("{a} to {b}"),
        (Some(a), None) => reason!("at least {a}"),
        (None, Some(b)) => reason!("at most {b}"),
        (None, None) => reason!("any number"),
    };
    let ok = s.days_min.is_none_or(|m| days >= i64::from(m))
        && s.days_max.is_none_or(|m| days <= i64::from(m));
    let text = reason!(
        "the shopper's {which} {what} was {} ago",
        plural(days, "day", "days")
    );
    if !ok {
        return Check::blocks(reason!("{text}, needs {bounds} days"));
    }
    let text = reason!("{text} ({bounds} days)");
    if s.event.starts_with("reciprocity_") {
        // The widget's own steps are not news to the shopper.
        Check::Quiet(true, text)
    } else {
        let why = Why::Since {
            event: s.event.clone(),
            category: s.category.clone(),
            days,
        };
        Check::Told(why, text)
    }
}

/// The page is on one of the device classes. `class`: `None` when neither the page nor the
/// device is known (a probe), `Some(None)` when the browser did not tell.
fn device(classes: &[DeviceClass], class: Option<Option<DeviceClass>>) -> Check {
    // Made inside `reason!` only: the storefront's modules make none of these words.
    let wanted = || -> Vec<String> { classes.iter().map(|d| d.as_str().to_string()).collect() };
    match class {
        None => Check::Quiet(true, reason!("the device class is checked on the page")),
        Some(None) => Check::blocks(reason!(
            "the browser did not tell the device class (the gesture is for {})",
            any_of(&wanted())
        )),
        Some(Some(d)) if classes.contains(&d) => {
            Check::Quiet(true, reason!("the shopper is on a {}", d.as_str()))
        }
        Some(Some(d)) => Check::blocks(reason!(
            "the shopper is on a {}, and the gesture is for {}",
            d.as_str(),
            any_of(&wanted())
        )),
    }
}

/// The visit's landing page had one of the `wanted` values of the UTM tag `tag`.
fn utm(
    tag: &'static str,
    wanted: &[String],
    page: Option<PageFacts>,
    landing: Option<&Landing>,
) -> Check {
    if page.is_none() {
        return Check::Quiet(true, reason!("the visit's {tag} is checked on the page"));
    }
    let value = landing.and_then(|l| match tag {
        "utm_source" => l.source.as_deref(),
        "utm_medium" => l.medium.as_deref(),
        _ => l.campaign.as_deref(),
    });
    match value {
        Some(v) if wanted.iter().any(|w| w.trim().eq_ignore_ascii_case(v)) => {
            Check::Quiet(true, reason!("the visit came with {tag} {v:?}"))
        }
        Some(v) => Check::blocks(reason!(
            "the visit came with {tag} {v:?}, and the gesture is for {}",
            any_of(wanted)
        )),
        None => Check::blocks(reason!(
            "the visit came with no {tag} (the gesture is for {})",
            any_of(wanted)
        )),
    }
}

/// The visit was referred by one of the `sites` (or a subdomain of one).
fn referrer(sites: &[String], page: Option<PageFacts>, landing: Option<&Landing>) -> Check {
    if page.is_none() {
        return Check::Quiet(true, reason!("the visit's referrer is checked on the page"));
    }
    match landing.and_then(|l| l.referrer.as_deref()) {
        Some(h) if sites.iter().any(|s| host_is(h, s)) => {
            Check::Quiet(true, reason!("the visit came from {h:?}"))
        }
        Some(h) => Check::blocks(reason!(
            "the visit came from {h:?}, and the gesture is for visits from {}",
            any_of(sites)
        )),
        None => Check::blocks(reason!(
            "the visit came from no other site (the gesture is for visits from {})",
            any_of(sites)
        )),
    }
}

/// The page's language is one of `langs`: a bare language (`fr`) matches its regions
/// (`fr-CA`), a tag with a region only itself.
fn language(langs: &[String], page: Option<PageFacts>) -> Check {
    let Some(page) = page else {
        return Check::Quiet(true, reason!("the page's language is checked on the page"));
    };
    let lang = page.language;
    let matches = |w: &String| {
        if w.contains(['-', '_']) {
            locale::same_tag(w, lang)
        } else {
            !w.is_empty() && locale::language(lang) == w.to_ascii_lowercase().as_str()
        }
    };
    if langs.iter().any(matches) {
        Check::Quiet(true, reason!("the page is in {lang:?}"))
    } else if lang.is_empty() {
        Check::blocks(reason!(
            "the page's language is not known (the gesture is for {})",
            any_of(langs)
        ))
    } else {
        Check::blocks(reason!(
            "the page is in {lang:?}, and the gesture is for {}",
            any_of(langs)
        ))
    }
}

/// This page is at least the `min`-th page view of the visit.
fn page_views_min(min: u32, pages: u32, page: Option<PageFacts>) -> Check {
    if page.is_none() {
        return Check::Quiet(
            true,
            reason!("the visit's page count is checked on the page"),
        );
    }
    if pages >= min {
        Check::Quiet(
            true,
            reason!("this is page {pages} of the visit (at least {min})"),
        )
    } else {
        Check::blocks(reason!(
            "this is page {pages} of the visit, needs at least {min}"
        ))
    }
}

/// What the page waits for before showing; exit intent alone never waits on a touch
/// device (it cannot happen there).
fn waits_for(t: &Trigger, page: Option<PageFacts>) -> Check {
    let mut parts = Vec::new();
    if let Some(s) = t.seconds_on_page {
        parts.push(reason!(
            "{} on the page",
            plural(i64::from(s), "second", "seconds")
        ));
    }
    if let Some(p) = t.scroll_percent {
        parts.push(reason!("a scroll through {p} % of the page"));
    }
    if let Some(s) = t.idle_seconds {
        parts.push(reason!(
            "{} without activity",
            plural(i64::from(s), "second", "seconds")
        ));
    }
    let touch = page
        .and_then(|p| p.device)
        .is_some_and(|d| d != DeviceClass::Desktop);
    if t.exit_intent && !touch {
        parts.push(reason!("the pointer leaving through the top of the page"));
    }
    if parts.is_empty() {
        return Check::blocks(reason!(
            "exit intent only happens on a desktop, and this is a touch device"
        ));
    }
    Check::Quiet(true, reason!("shows after {}", parts.join(", or ")))
}
