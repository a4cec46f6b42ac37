//! The decision: which gesture, if any, to show now, and why.
//!
//! [`decide`] is a pure function of the config, the history and the moment (time, page,
//! triggering event). It checks the global rules first (holdout, checkout, attention
//! budget), then every gesture's schedule, conditions, caps and give-before-ask, and picks
//! the eligible gesture with the highest priority (ties: config order). Every check leaves a
//! [`Reason`]; the chosen gesture's reasons are what "why am I seeing this" shows.

use std::collections::BTreeMap;

use serde::Serialize;

use super::config::{
    config_instant, Config, Gesture, Kind, Occasion, OneOrMany, Period, Role, Scale,
};
use super::event::{Cents, Event};
use super::history::{GestureStats, History};
use super::profile::Profile;
use super::template::{Formatter, Template, TokenValue};
use super::time::{format_instant, Millis, DAY, HOUR, MINUTE};
use super::url::{percent_encode, url_matches};
use super::why::Why;

/// The moment of a decision.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Now.
    pub now: Millis,
    /// The shopper's UTC offset in minutes (east positive).
    pub offset_min: i32,
    /// The current page.
    pub url: Option<&'a str>,
    /// The events that triggered this decision: everything the page did before the
    /// widget loaded (its page view, the pushes already in the dataLayer), or one later push.
    pub events: &'a [Event],
}

/// One check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The gesture id, or `*` for rules that apply to all.
    pub gesture: String,
    /// Whether the check passed.
    pub ok: bool,
    /// Which rule (`event`, `nth_order`, `cap`, `budget`, ...).
    pub rule: &'static str,
    /// In plain words.
    pub text: String,
}

/// A code as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownCode {
    /// The static code, when the config has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Where a single-use code is fetched from on reveal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue_url: Option<String>,
    /// When it stops working.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Expiry as milliseconds, for the UI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_ms: Option<Millis>,
    /// Expiry formatted for the shopper.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_text: Option<String>,
    /// A link that applies the code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apply_url: Option<String>,
}

/// A link as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownLink {
    /// Its text.
    pub label: String,
    /// Its target (always http(s) or a path).
    pub url: String,
}

/// A feedback question as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownFeedback {
    /// The question.
    pub question: String,
    /// Stars, NPS or text only.
    pub scale: Scale,
    /// Label of the short-text answer, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Shown after submitting.
    pub thanks: String,
}

/// A gesture ready to render: all texts are final plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shown {
    /// Gesture id.
    pub id: String,
    /// What it is (`data-gesture-kind`).
    pub kind: Kind,
    /// Whether it gives, asks or informs.
    pub role: Role,
    /// Heading.
    pub title: String,
    /// Body.
    pub text: String,
    /// The code, for code gestures and gifts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<ShownCode>,
    /// Call to action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<ShownLink>,
    /// The question, for feedback prompts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<ShownFeedback>,
    /// Modal dialog rather than banner.
    pub modal: bool,
    /// "Why am I seeing this", in plain words.
    pub why: Vec<String>,
    /// Shown as a store-owner preview, outside the rules.
    pub preview: bool,
}

/// The outcome of [`decide`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The gesture to show, if any.
    pub gesture: Option<Shown>,
    /// Every check made, for and against each candidate.
    pub reasons: Vec<Reason>,
}

impl Decision {
    /// Nothing new to decide: the triggering event was a duplicate (a reloaded confirmation
    /// page repeats its purchase).
    pub fn duplicate(why: &str) -> Decision {
        Decision {
            gesture: None,
            reasons: vec![Reason {
                gesture: "*".into(),
                ok: false,
                rule: "duplicate",
                text: why.to_string(),
            }],
        }
    }
}

/// FNV-1a, 64 bit: a stable hash for holdout groups (the same on every platform).
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Whether a shopper id falls in the holdout group.
pub fn in_holdout(config: &Config, shopper_id: &str) -> bool {
    let share = (config.holdout.percent * 100.0).round() as u64;
    share > 0 && fnv1a(&format!("{}:{shopper_id}", config.holdout.salt)) % 10_000 < share
}

/// A recorded instant, read against a clock that may have gone back: a time in the future
/// counts as now, so a clock jump never lets a gesture show sooner.
fn seen(t: Millis, now: Millis) -> Millis {
    t.min(now)
}

struct Checks<'a> {
    gesture: &'a str,
    reasons: Vec<Reason>,
    /// The shopper's "why am I seeing this": the passed checks that mean something to them.
    why: Vec<Why>,
    ok: bool,
}

impl Checks<'_> {
    /// A check that, when it passes, explains the gesture to the shopper; when it fails, the
    /// store owner reads the error text.
    fn check(&mut self, rule: &'static str, result: Result<Why, String>) {
        match result {
            Ok(why) => {
                self.quiet(rule, true, why.english());
                self.why.push(why);
            }
            Err(text) => self.quiet(rule, false, text),
        }
    }

    /// A check that is only reported to the store owner (schedules, pages, windows).
    fn quiet(&mut self, rule: &'static str, ok: bool, text: impl Into<String>) {
        self.ok &= ok;
        self.reasons.push(Reason {
            gesture: self.gesture.to_string(),
            ok,
            rule,
            text: text.into(),
        });
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn global_checks(config: &Config, h: &History, ctx: &Context, checks: &mut Checks) {
    let b = &config.budget;
    let now = ctx.now;
    if in_holdout(config, &h.id) {
        checks.quiet(
            "holdout",
            false,
            format!(
                "this shopper is in the {}% holdout group that sees no gestures",
                config.holdout.percent
            ),
        );
    }
    if let Some(url) = ctx.url {
        if let Some(p) = b.never_on.iter().find(|p| url_matches(p, url)) {
            checks.quiet(
                "budget",
                false,
                format!("nothing is shown on pages matching {p:?} (checkout)"),
            );
        }
    }
    if let Some(e) = ctx
        .events
        .iter()
        .find(|e| b.never_after_events.contains(&e.name))
    {
        {
            checks.quiet(
                "budget",
                false,
                format!("nothing is shown during {:?}", e.name),
            );
        }
    }
    let shows = &h.agg.shows;
    let session_start = h.agg.session_start.unwrap_or(now);
    let in_session = shows
        .iter()
        .filter(|t| seen(**t, now) >= session_start)
        .count();
    if in_session >= b.max_per_session as usize {
        checks.quiet(
            "budget",
            false,
            format!(
                "{} already shown this visit (budget {})",
                plural(in_session as i64, "gesture", "gestures"),
                b.max_per_session
            ),
        );
    }
    let in_week = shows
        .iter()
        .filter(|t| seen(**t, now) > now - 7 * DAY)
        .count();
    if in_week >= b.max_per_week as usize {
        checks.quiet(
            "budget",
            false,
            format!(
                "{} already shown in the last 7 days (budget {})",
                plural(in_week as i64, "gesture", "gestures"),
                b.max_per_week
            ),
        );
    }
    if let Some(last) = shows.last() {
        let gap = i64::from(b.min_gap_minutes) * MINUTE;
        if seen(*last, now) + gap > now && gap > 0 {
            checks.quiet(
                "budget",
                false,
                format!(
                    "less than {} minutes since the last gesture",
                    b.min_gap_minutes
                ),
            );
        }
    }
    if let Some(d) = h.agg.last_dismissal {
        let quiet = i64::from(b.quiet_after_dismiss_hours) * HOUR;
        if seen(d, now) + quiet > now && quiet > 0 {
            checks.quiet(
                "budget",
                false,
                format!(
                    "quiet for {} hours after a dismissal",
                    b.quiet_after_dismiss_hours
                ),
            );
        }
    }
}

fn when_checks(g: &Gesture, p: &Profile, h: &History, ctx: &Context, c: &mut Checks) {
    let w = &g.when;
    let purchased = ctx.events.iter().any(|e| e.name == "purchase");
    let wanted = w
        .event
        .as_ref()
        .map(OneOrMany::as_slice)
        .unwrap_or_default();
    // The triggering event a gesture names, or else the most telling one of this moment.
    let event = ctx
        .events
        .iter()
        .rev()
        .find(|e| wanted.contains(&e.name))
        .or_else(|| ctx.events.iter().rev().find(|e| e.name != "page_view"))
        .or(ctx.events.last())
        .map(|e| e.name.as_str());
    if let Some(names) = &w.event {
        let ok = event.is_some_and(|e| names.as_slice().iter().any(|n| n == e));
        match (ok, event) {
            (true, Some("page_view")) => c.quiet("event", true, "this follows your page view"),
            (true, Some("purchase")) => c.check("event", Ok(Why::JustOrdered)),
            (true, Some(e)) => c.check("event", Ok(Why::Follows(e.to_string()))),
            (false, Some(e)) => c.quiet(
                "event",
                false,
                format!("needs event {:?}, got {e:?}", names.as_slice()),
            ),
            (_, None) => c.quiet(
                "event",
                false,
                format!("needs event {:?}", names.as_slice()),
            ),
        }
    }
    if let Some(pats) = &w.url {
        let ok = ctx
            .url
            .is_some_and(|u| pats.as_slice().iter().any(|pat| url_matches(pat, u)));
        c.quiet(
            "url",
            ok,
            if ok {
                "the page matches".to_string()
            } else {
                format!("page does not match {:?}", pats.as_slice())
            },
        );
    }
    if let Some(pats) = &w.url_not {
        let hit = ctx
            .url
            .and_then(|u| pats.as_slice().iter().find(|pat| url_matches(pat, u)));
        if let Some(pat) = hit {
            c.quiet("url", false, format!("page matches excluded {pat:?}"));
        }
    }
    if let Some(stages) = &w.stage {
        let result = if stages.contains(&p.stage) {
            Ok(Why::Stage(p.stage))
        } else {
            Err(format!(
                "stage is {}, needs one of {:?}",
                p.stage.as_str(),
                stages.iter().map(|s| s.as_str()).collect::<Vec<_>>()
            ))
        };
        c.check("stage", result);
    }
    if let Some(o) = w.occasion {
        let result = match o {
            Occasion::FirstVisit => {
                if p.visits <= 1 && p.orders_count == 0 && !p.identified {
                    Ok(Why::Stage(super::profile::Stage::NewVisitor))
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
                let fresh_visit = h
                    .agg
                    .session_start
                    .is_some_and(|s| ctx.now - seen(s, ctx.now) < 30 * MINUTE);
                match p.days_since_last_order {
                    Some(d) if p.stage == super::profile::Stage::Lapsed && fresh_visit => {
                        Ok(Why::WelcomeBack(d))
                    }
                    _ => Err("not a lapsed customer returning"),
                }
            }
        };
        c.check(
            "occasion",
            result.map_err(|text| format!("occasion {o:?}: {text}")),
        );
    }
    if let Some(list) = &w.nth_order {
        let result = if list.contains(&p.orders_count) && purchased {
            Ok(Why::NthOrder(p.orders_count))
        } else {
            Err(format!(
                "needs a purchase that makes order {list:?}, have {} orders",
                p.orders_count
            ))
        };
        c.check("nth_order", result);
    }
    if let Some(min) = w.orders_min {
        let result = if p.orders_count >= min {
            Ok(Why::Orders(p.orders_count))
        } else {
            Err(format!(
                "{}, needs at least {min}",
                plural(i64::from(p.orders_count), "order", "orders")
            ))
        };
        c.check("orders", result);
    }
    if let Some(max) = w.orders_max {
        c.quiet(
            "orders",
            p.orders_count <= max,
            format!(
                "{} (needs at most {max})",
                plural(i64::from(p.orders_count), "order", "orders")
            ),
        );
    }
    let spent = p.total_spent as f64 / 100.0;
    if let Some(min) = w.spent_min {
        let result = if spent >= min {
            Ok(Why::BestCustomer)
        } else {
            Err(format!("spent {spent:.2}, needs at least {min}"))
        };
        c.check("spent", result);
    }
    if let Some(max) = w.spent_max {
        c.quiet(
            "spent",
            spent <= max,
            format!("spent {spent:.2} (needs at most {max})"),
        );
    }
    if let Some(min) = w.days_since_order_min {
        let result = match p.days_since_last_order {
            Some(d) if d >= i64::from(min) => Ok(Why::DaysSinceOrder(d)),
            Some(d) => Err(format!(
                "last order {} ago, needs {min}",
                plural(d, "day", "days")
            )),
            None => Err("no order yet".to_string()),
        };
        c.check("days_since_order", result);
    }
    if let Some(max) = w.days_since_order_max {
        let ok = p.days_since_last_order.is_some_and(|d| d <= i64::from(max));
        c.quiet(
            "days_since_order",
            ok,
            format!(
                "last order within {max} days: {}",
                if ok { "yes" } else { "no" }
            ),
        );
    }
    if let Some(min) = w.days_since_visit_min {
        let result = match p.days_since_last_visit {
            Some(d) if d >= i64::from(min) => Ok(Why::DaysSinceVisit(d)),
            Some(d) => Err(format!(
                "previous visit {} ago (needs {min})",
                plural(d, "day", "days")
            )),
            None => Err("no previous visit".to_string()),
        };
        c.check("days_since_visit", result);
    }
    if let Some(cats) = &w.favourite_category {
        let hit = cats
            .as_slice()
            .iter()
            .find(|c| p.favourite_categories.contains(c));
        c.check(
            "favourite_category",
            match hit {
                Some(cat) => Ok(Why::Likes(cat.clone())),
                None => Err(format!(
                    "favourite categories {:?} do not include {:?}",
                    p.favourite_categories,
                    cats.as_slice()
                )),
            },
        );
    }
    if let Some(cats) = &w.bought_category {
        let hit = cats
            .as_slice()
            .iter()
            .find(|c| p.last_categories.contains(c));
        c.check(
            "bought_category",
            match hit {
                Some(cat) => Ok(Why::Bought(cat.clone())),
                None => Err(format!("last order has no item in {:?}", cats.as_slice())),
            },
        );
    }
    if let Some(want) = w.feedback_given {
        let given = p.feedback_count > 0;
        let why = if given {
            Why::FeedbackGiven
        } else {
            Why::NoFeedbackYet
        };
        c.check(
            "feedback_given",
            if given == want {
                Ok(why)
            } else {
                Err(why.english())
            },
        );
    }
    if let Some(counts) = &w.counts_min {
        for (name, min) in counts {
            let n = h.agg.counts.get(name).copied().unwrap_or(0);
            let result = if n >= *min {
                Ok(Why::Did(name.clone(), n))
            } else {
                Err(format!("{name:?} recorded {n}×, needs {min}"))
            };
            c.check("counts", result);
        }
    }
    if let Some(want) = w.identified {
        let why = Why::SignedIn(p.identified);
        c.check(
            "identified",
            if p.identified == want {
                Ok(why)
            } else {
                Err(why.english())
            },
        );
    }
}

fn period_start(per: Period, h: &History, p: &Profile, now: Millis) -> Option<Millis> {
    match per {
        Period::Lifetime => None,
        Period::Session => Some(h.agg.session_start.unwrap_or(now)),
        Period::Day => Some(now - DAY),
        Period::Week => Some(now - 7 * DAY),
        Period::Year => Some(now - 365 * DAY),
        Period::Order => p.last_order_at,
    }
}

fn period_name(per: Period) -> &'static str {
    match per {
        Period::Lifetime => "ever",
        Period::Session => "this visit",
        Period::Day => "in 24 hours",
        Period::Week => "in 7 days",
        Period::Year => "in a year",
        Period::Order => "since the last order",
    }
}

fn cap_checks(
    g: &Gesture,
    stats: Option<&GestureStats>,
    h: &History,
    p: &Profile,
    now: Millis,
    c: &mut Checks,
) {
    let Some(s) = stats else { return };
    let cap = &g.cap;
    let start = period_start(cap.per, h, p, now);
    let within = |t: Millis| start.is_none_or(|st| seen(t, now) >= st);
    let shown = match start {
        None => s.shown as usize,
        Some(_) => s.shows.iter().filter(|t| within(**t)).count(),
    };
    if shown >= cap.max_shows as usize {
        c.quiet(
            "cap",
            false,
            format!(
                "shown {} {} (cap {})",
                plural(shown as i64, "time", "times"),
                period_name(cap.per),
                cap.max_shows
            ),
        );
    }
    if let Some(last) = s.shows.last() {
        let cool = i64::from(cap.cooldown_hours) * HOUR;
        if cool > 0 && seen(*last, now) + cool > now {
            c.quiet(
                "cap",
                false,
                format!(
                    "cooling down for {} hours after the last show",
                    cap.cooldown_hours
                ),
            );
        }
    }
    if cap.stop_after_dismiss && s.dismissed.is_some_and(within) {
        c.quiet("cap", false, format!("dismissed {}", period_name(cap.per)));
    }
    if cap.stop_after_action && s.acted.is_some_and(within) {
        c.quiet(
            "cap",
            false,
            format!("already used {}", period_name(cap.per)),
        );
    }
}

fn code_expiry(g: &Gesture, stats: Option<&GestureStats>, now: Millis) -> Option<Millis> {
    let code = g.code.as_ref()?;
    let fixed = config_instant(&code.expires_at);
    let rolling = code.valid_days.map(|d| {
        let first = stats
            .and_then(|s| s.shows.first().copied())
            .map_or(now, |t| seen(t, now));
        first + i64::from(d) * DAY
    });
    match (fixed, rolling) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Decides which gesture to show.
pub fn decide(config: &Config, h: &History, ctx: &Context, fmt: &dyn Formatter) -> Decision {
    let profile = Profile::build(h, &config.profile, ctx.now, ctx.offset_min);
    let mut reasons = Vec::new();
    let mut global = Checks {
        gesture: "*",
        reasons: Vec::new(),
        why: Vec::new(),
        ok: true,
    };
    global_checks(config, h, ctx, &mut global);
    reasons.append(&mut global.reasons);
    let mut best: Option<(&Gesture, Vec<Why>)> = None;
    for g in &config.gestures {
        let mut c = Checks {
            gesture: &g.id,
            reasons: Vec::new(),
            why: Vec::new(),
            ok: true,
        };
        let stats = h.gestures.get(&g.id);
        if let Some(start) = config_instant(&g.schedule.start) {
            c.quiet(
                "schedule",
                ctx.now >= start,
                format!("starts {}", format_instant(start)),
            );
        }
        if let Some(end) = config_instant(&g.schedule.end) {
            c.quiet(
                "schedule",
                ctx.now < end,
                format!("ends {}", format_instant(end)),
            );
        }
        when_checks(g, &profile, h, ctx, &mut c);
        cap_checks(g, stats, h, &profile, ctx.now, &mut c);
        if let Some(exp) = code_expiry(g, stats, ctx.now) {
            if ctx.now >= exp {
                c.quiet(
                    "code",
                    false,
                    format!("the code expired {}", format_instant(exp)),
                );
            }
        }
        if g.recommend.is_some() && recommendation(g, &profile).is_none() {
            c.quiet(
                "recommend",
                false,
                "nothing to recommend for the last order's categories",
            );
        }
        if config.give_before_ask && g.role() == Role::Ask {
            let cycle = profile.last_order_at;
            let gave = h
                .agg
                .last_give
                .is_some_and(|t| cycle.is_none_or(|start| t >= start));
            c.quiet(
                "give_before_ask",
                gave,
                if gave {
                    "we thanked you first"
                } else {
                    "asks only after a thank-you or gift in this cycle"
                },
            );
        }
        let better = best.as_ref().is_none_or(|(b, _)| g.priority > b.priority);
        if c.ok && global.ok && better {
            let mut why = std::mem::take(&mut c.why);
            if why.is_empty() {
                why.push(Why::Everyone(config.store.name.clone()));
            }
            best = Some((g, why));
        }
        reasons.append(&mut c.reasons);
        if c.ok {
            reasons.push(Reason {
                gesture: g.id.clone(),
                ok: true,
                rule: "eligible",
                text: format!("eligible with priority {}", g.priority),
            });
        }
    }
    let gesture = best.map(|(g, why)| render(config, g, h, &profile, ctx.now, fmt, why, false));
    if let Some(s) = &gesture {
        reasons.push(Reason {
            gesture: s.id.clone(),
            ok: true,
            rule: "chosen",
            text: "highest priority among the eligible".into(),
        });
    }
    Decision { gesture, reasons }
}

/// Renders any gesture for a store owner's preview, without applying the rules.
pub fn preview(
    config: &Config,
    id: &str,
    h: &History,
    ctx: &Context,
    fmt: &dyn Formatter,
) -> Option<Shown> {
    let g = config.gesture(id)?;
    let profile = Profile::build(h, &config.profile, ctx.now, ctx.offset_min);
    let why = vec![Why::Preview];
    Some(render(config, g, h, &profile, ctx.now, fmt, why, true))
}

fn recommendation<'a>(g: &'a Gesture, p: &Profile) -> Option<&'a super::config::Link> {
    let rec = g.recommend.as_ref()?;
    p.last_categories.iter().find_map(|c| rec.get(c))
}

fn money(c: Option<Cents>, cur: &Option<String>, store: &str) -> Option<TokenValue> {
    c.map(|c| TokenValue::Money(c, cur.clone().unwrap_or_else(|| store.to_string())))
}

#[allow(clippy::too_many_arguments)]
fn render(
    config: &Config,
    g: &Gesture,
    h: &History,
    p: &Profile,
    now: Millis,
    fmt: &dyn Formatter,
    why: Vec<Why>,
    preview: bool,
) -> Shown {
    let locale = fmt.locale();
    let stats = h.gestures.get(&g.id);
    let expiry = code_expiry(g, stats, now);
    let rec = recommendation(g, p);
    let cur = &config.store.currency;
    let mut v: BTreeMap<&'static str, TokenValue> = BTreeMap::new();
    if let Some(n) = &p.first_name {
        v.insert("first_name", TokenValue::Text(n.clone()));
    }
    v.insert("store", TokenValue::Text(config.store.name.clone()));
    v.insert(
        "orders_count",
        TokenValue::Number(i64::from(p.orders_count)),
    );
    v.insert(
        "feedback_count",
        TokenValue::Number(i64::from(p.feedback_count)),
    );
    if p.orders_count > 0 {
        v.insert(
            "total_spent",
            TokenValue::Money(
                p.total_spent,
                p.currency.clone().unwrap_or_else(|| cur.clone()),
            ),
        );
    }
    for (k, val) in [
        ("average_spend", money(p.average_spend, &p.currency, cur)),
        (
            "last_order_value",
            money(p.last_order_value, &p.currency, cur),
        ),
        (
            "days_since_last_order",
            p.days_since_last_order.map(TokenValue::Number),
        ),
        (
            "anniversary_years",
            p.anniversary_years.map(TokenValue::Number),
        ),
        (
            "last_item",
            p.last_items.first().cloned().map(TokenValue::Text),
        ),
        (
            "favourite_category",
            p.favourite_categories
                .first()
                .cloned()
                .map(TokenValue::Text),
        ),
        ("code_expires", expiry.map(TokenValue::Date)),
        (
            "recommendation",
            rec.map(|l| TokenValue::Text(l.label.pick(locale).to_string())),
        ),
        (
            "code",
            g.code
                .as_ref()
                .and_then(|c| c.value.clone())
                .map(TokenValue::Text),
        ),
    ] {
        if let Some(val) = val {
            v.insert(k, val);
        }
    }
    if !p.last_items.is_empty() {
        v.insert("last_items", TokenValue::List(p.last_items.clone()));
    }
    let t = |text: &super::config::Text| {
        Template::parse(text.pick(locale))
            .map(|t| t.render(&v, fmt))
            .unwrap_or_default()
    };
    let code = g.code.as_ref().map(|c| ShownCode {
        value: c.value.clone(),
        issue_url: c.issue_url.clone(),
        expires_at: expiry.map(format_instant),
        expires_ms: expiry,
        expires_text: expiry.map(|e| fmt.date(e)),
        apply_url: c.apply_url.as_ref().map(|u| match &c.value {
            Some(code) => u.replace("{code}", &percent_encode(code)),
            None => u.clone(),
        }),
    });
    let link = rec.or(g.link.as_ref()).map(|l| ShownLink {
        label: t(&l.label),
        url: l.url.clone(),
    });
    let feedback = g.feedback.as_ref().map(|f| ShownFeedback {
        question: t(&f.question),
        scale: f.scale,
        comment: f
            .comment
            .as_ref()
            .map(t)
            .or_else(|| (f.scale == Scale::Text).then(|| t(&f.question))),
        thanks: t(&f.thanks),
    });
    Shown {
        id: g.id.clone(),
        kind: g.kind,
        role: g.role(),
        title: t(&g.title),
        text: g.text.as_ref().map(t).unwrap_or_default(),
        code,
        link,
        feedback,
        modal: g.modal,
        why: why.iter().map(|w| w.for_shopper(fmt)).collect(),
        preview,
    }
}
