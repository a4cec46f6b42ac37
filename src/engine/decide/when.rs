//! A gesture's conditions, its `when` section: one function per condition, each returning
//! the [`Check`] the store owner reads. Conditions that mean something to the shopper (an
//! order, a category, an occasion) tell them why when they pass; page and window conditions
//! are quiet.

use crate::engine::small::SmallMap;

use super::{plural, seen, Check, Checks, Context};
use crate::engine::config::{Occasion, When};
use crate::engine::event::Event;
use crate::engine::history::History;
use crate::engine::profile::{Profile, Stage};
use crate::engine::time::{Millis, MINUTE};
use crate::engine::url::url_matches;
use crate::engine::why::Why;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

/// Every condition that is set, in the order the store owner reads them.
pub(super) fn when_checks(w: &When, p: &Profile, h: &History, ctx: &Context, c: &mut Checks) {
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
        c.add("occasion", occasion(o, p, purchased, started, ctx.now));
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
        c.add("spent", spent_min(min, p));
    }
    if let Some(max) = w.spent_max {
        c.add("spent", spent_max(max, p));
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
        (true, Some("page_view")) => Check::Quiet(true, "this follows your page view".into()),
        (true, Some("purchase")) => Check::Shopper(Ok(Why::JustOrdered)),
        (true, Some(e)) => Check::Shopper(Ok(Why::Follows(e.to_string()))),
        (false, Some(e)) => Check::blocks(format!("needs event {names:?}, got {e:?}")),
        (_, None) => Check::blocks(format!("needs event {names:?}")),
    }
}

/// The page matches one of the patterns.
fn url(patterns: &[String], url: Option<&str>) -> Check {
    let ok = url.is_some_and(|u| patterns.iter().any(|pat| url_matches(pat, u)));
    if ok {
        Check::Quiet(true, "the page matches".to_string())
    } else {
        Check::blocks(format!("page does not match {patterns:?}"))
    }
}

/// The page matches none of the patterns.
fn url_not(patterns: &[String], url: Option<&str>) -> Check {
    match url.and_then(|u| patterns.iter().find(|pat| url_matches(pat, u))) {
        Some(pat) => Check::blocks(format!("page matches excluded {pat:?}")),
        None => Check::Silent,
    }
}

/// The shopper's lifecycle stage is one of `stages`.
fn stage(stages: &[Stage], p: &Profile) -> Check {
    Check::Shopper(if stages.contains(&p.stage) {
        Ok(Why::Stage(p.stage))
    } else {
        Err(format!(
            "stage is {}, needs one of {:?}",
            p.stage.as_str(),
            stages.iter().map(|s| s.as_str()).collect::<Vec<_>>()
        ))
    })
}

/// The moment is the occasion: a first visit, an anniversary, a birthday, an order just
/// placed, or a lapsed customer's return (a visit begun in the last 30 minutes).
fn occasion(
    o: Occasion,
    p: &Profile,
    purchased: bool,
    session_start: Option<Millis>,
    now: Millis,
) -> Check {
    let result = match o {
        Occasion::FirstVisit => {
            if p.visits <= 1 && p.orders_count == 0 && !p.identified {
                Ok(Why::Stage(Stage::NewVisitor))
            } else {
                Err("this is not the first visit")
            }
        }
        Occasion::Anniversary => p
            .anniversary_years
            .map(Why::Anniversary)
            .ok_or("not the anniversary of the first order"),
        Occasion::Birthday => match p.birthday_offset_days {
            Some(_) => Ok(Why::Birthday),
            None => Err("no birthday near today"),
        },
        Occasion::JustPurchased => {
            if purchased {
                Ok(Why::JustOrdered)
            } else {
                Err("no order placed just now")
            }
        }
        Occasion::LapsedReturn => {
            let fresh_visit = session_start.is_some_and(|s| now - seen(s, now) < 30 * MINUTE);
            match p.days_since_last_order {
                Some(d) if p.stage == Stage::Lapsed && fresh_visit => Ok(Why::WelcomeBack(d)),
                _ => Err("not a lapsed customer returning"),
            }
        }
    };
    Check::Shopper(result.map_err(|text| format!("occasion {o:?}: {text}")))
}

/// An order was just placed and it is one of the listed (`[3, 5, 10]`: milestones).
fn nth_order(list: &[u32], p: &Profile, purchased: bool) -> Check {
    Check::Shopper(if list.contains(&p.orders_count) && purchased {
        Ok(Why::NthOrder(p.orders_count))
    } else {
        Err(format!(
            "needs a purchase that makes order {list:?}, have {} orders",
            p.orders_count
        ))
    })
}

/// At least `min` orders.
fn orders_min(min: u32, p: &Profile) -> Check {
    Check::Shopper(if p.orders_count >= min {
        Ok(Why::Orders(p.orders_count))
    } else {
        Err(format!(
            "{}, needs at least {min}",
            plural(i64::from(p.orders_count), "order", "orders")
        ))
    })
}

/// At most `max` orders.
fn orders_max(max: u32, p: &Profile) -> Check {
    let orders = plural(i64::from(p.orders_count), "order", "orders");
    Check::Quiet(
        p.orders_count <= max,
        format!("{orders} (needs at most {max})"),
    )
}

/// Net spend in store currency units (the profile keeps cents).
fn spent(p: &Profile) -> f64 {
    p.total_spent as f64 / 100.0
}

/// Net spend at least `min`.
fn spent_min(min: f64, p: &Profile) -> Check {
    let spent = spent(p);
    Check::Shopper(if spent >= min {
        Ok(Why::BestCustomer)
    } else {
        Err(format!("spent {spent:.2}, needs at least {min}"))
    })
}

/// Net spend at most `max`.
fn spent_max(max: f64, p: &Profile) -> Check {
    let spent = spent(p);
    Check::Quiet(
        spent <= max,
        format!("spent {spent:.2} (needs at most {max})"),
    )
}

/// At least `min` days since the latest order.
fn days_since_order_min(min: u32, p: &Profile) -> Check {
    Check::Shopper(match p.days_since_last_order {
        Some(d) if d >= i64::from(min) => Ok(Why::DaysSinceOrder(d)),
        Some(d) => Err(format!(
            "last order {} ago, needs {min}",
            plural(d, "day", "days")
        )),
        None => Err("no order yet".to_string()),
    })
}

/// At most `max` days since the latest order.
fn days_since_order_max(max: u32, p: &Profile) -> Check {
    let ok = p.days_since_last_order.is_some_and(|d| d <= i64::from(max));
    let yes = if ok { "yes" } else { "no" };
    Check::Quiet(ok, format!("last order within {max} days: {yes}"))
}

/// At least `min` days since the previous visit.
fn days_since_visit_min(min: u32, p: &Profile) -> Check {
    Check::Shopper(match p.days_since_last_visit {
        Some(d) if d >= i64::from(min) => Ok(Why::DaysSinceVisit(d)),
        Some(d) => Err(format!(
            "previous visit {} ago (needs {min})",
            plural(d, "day", "days")
        )),
        None => Err("no previous visit".to_string()),
    })
}

/// At least `min` whole days (24 hours each) since the latest feedback.
fn days_since_feedback_min(min: u32, last: Option<Millis>, now: Millis) -> Check {
    match last {
        Some(t) => {
            let days = (now - seen(t, now)) / (24 * 60 * MINUTE);
            Check::Quiet(
                days >= i64::from(min),
                format!(
                    "last feedback {} ago (needs {min})",
                    plural(days, "day", "days")
                ),
            )
        }
        None => Check::blocks("no feedback yet"),
    }
}

/// One of `cats` is among the shopper's favourite categories.
fn favourite_category(cats: &[String], p: &Profile) -> Check {
    Check::Shopper(
        match cats.iter().find(|c| p.favourite_categories.contains(c)) {
            Some(cat) => Ok(Why::Likes(cat.clone())),
            None => Err(format!(
                "favourite categories {:?} do not include {cats:?}",
                p.favourite_categories,
            )),
        },
    )
}

/// The latest order had an item in one of `cats`.
fn bought_category(cats: &[String], p: &Profile) -> Check {
    Check::Shopper(match cats.iter().find(|c| p.last_categories.contains(c)) {
        Some(cat) => Ok(Why::Bought(cat.clone())),
        None => Err(format!("last order has no item in {cats:?}")),
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
    } else {
        Err(why.english())
    })
}

/// The event `name` was recorded at least `min` times.
fn counts_min(name: &str, min: u32, counts: &SmallMap<String, u32>) -> Check {
    let n = counts.get(name).copied().unwrap_or(0);
    Check::Shopper(if n >= min {
        Ok(Why::Did(name.to_string(), n))
    } else {
        Err(format!("{name:?} recorded {n}×, needs {min}"))
    })
}

/// The storefront has (`want`) or has not identified the customer.
fn identified(want: bool, p: &Profile) -> Check {
    let why = Why::SignedIn(p.identified);
    Check::Shopper(if p.identified == want {
        Ok(why)
    } else {
        Err(why.english())
    })
}
