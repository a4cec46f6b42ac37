//! The decision: which gesture, if any, to show now, and why.
//!
//! [`decide`] is a pure function of the config, the history and the moment (time, page,
//! triggering event). It checks the global rules first (holdout, checkout, attention
//! budget), then every gesture's schedule, conditions, caps and give-before-ask, and picks
//! the eligible gesture with the highest priority (ties: config order). Every check leaves a
//! [`Reason`]; the chosen gesture's reasons are what "why am I seeing this" shows.
//!
//! Each rule is one small function that returns a `Check`, and `Checks` records them:
//!
//! - `budget`: the rules for every gesture (holdout, checkout pages, attention budget);
//! - `when`: a gesture's conditions (its `when` section);
//! - `caps`: a gesture's caps, schedule, code expiry, recommendation and give-before-ask;
//! - `render`: the chosen gesture as the shopper sees it ([`Shown`]).

mod budget;
mod caps;
mod render;
mod when;

use serde::Serialize;

use super::config::{Config, Gesture, Role};
use super::event::Event;
use super::history::History;
use super::profile::Profile;
use super::template::Formatter;
use super::time::Millis;
use super::why::Why;

pub use budget::in_holdout;
pub use render::{Shown, ShownCode, ShownFeedback, ShownLink};

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

/// What one rule found, before [`Checks`] records it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Check {
    /// A rule the shopper may be told about: when it passes, what it means to them (their
    /// "why am I seeing this"); when it fails, the store owner's reason.
    Shopper(Result<Why, String>),
    /// A rule only the store owner reads about (schedules, pages, windows): whether it
    /// passed, and in plain words.
    Quiet(bool, String),
    /// Nothing to report: a rule that only speaks when it blocks, and does not block.
    Silent,
}

impl Check {
    /// A failed rule that only the store owner reads about.
    fn blocks(text: impl Into<String>) -> Check {
        Check::Quiet(false, text.into())
    }

    /// Whether the rule passed and what the store owner reads; `None` when silent. A
    /// passed shopper rule reads as the English of its [`Why`].
    fn reason(&self) -> Option<(bool, String)> {
        match self {
            Check::Shopper(Ok(why)) => Some((true, why.english())),
            Check::Shopper(Err(text)) => Some((false, text.clone())),
            Check::Quiet(ok, text) => Some((*ok, text.clone())),
            Check::Silent => None,
        }
    }

    /// The check in one line, for tests: `why: …` (passed, and the shopper is told),
    /// `ok: …` (passed), `no: …` (failed), or empty (silent).
    #[cfg(all(test, not(target_arch = "wasm32")))]
    fn said(&self) -> String {
        match (self, self.reason()) {
            (Check::Shopper(Ok(_)), Some((_, text))) => format!("why: {text}"),
            (_, Some((true, text))) => format!("ok: {text}"),
            (_, Some((false, text))) => format!("no: {text}"),
            (_, None) => String::new(),
        }
    }
}

/// The checks of one gesture (or of the global rules, `*`), as they are made.
struct Checks<'a> {
    gesture: &'a str,
    reasons: Vec<Reason>,
    /// The shopper's "why am I seeing this": the passed checks that mean something to them.
    why: Vec<Why>,
    ok: bool,
}

impl<'a> Checks<'a> {
    fn new(gesture: &'a str) -> Checks<'a> {
        Checks {
            gesture,
            reasons: Vec::new(),
            why: Vec::new(),
            ok: true,
        }
    }

    /// Records what a rule found under its name (`event`, `cap`, `budget`, ...).
    fn add(&mut self, rule: &'static str, check: Check) {
        if let Some((ok, text)) = check.reason() {
            self.ok &= ok;
            self.reasons.push(Reason {
                gesture: self.gesture.to_string(),
                ok,
                rule,
                text,
            });
        }
        if let Check::Shopper(Ok(why)) = check {
            self.why.push(why);
        }
    }
}

/// A recorded instant, read against a clock that may have gone back: a time in the future
/// counts as now, so a clock jump never lets a gesture show sooner.
fn seen(t: Millis, now: Millis) -> Millis {
    t.min(now)
}

/// A count and its noun: `1 order`, `2 orders`.
fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Every check of one gesture, in the order the store owner reads them.
fn gesture_checks(
    config: &Config,
    g: &Gesture,
    p: &Profile,
    h: &History,
    ctx: &Context,
    c: &mut Checks,
) {
    let stats = h.gestures.get(&g.id);
    caps::schedule_checks(&g.schedule, ctx.now, c);
    when::when_checks(&g.when, p, h, ctx, c);
    caps::cap_checks(&g.cap, stats, h, p, ctx.now, c);
    if let Some(exp) = caps::code_expiry(g, stats, ctx.now) {
        c.add("code", caps::code_expired(exp, ctx.now));
    }
    if g.recommend.is_some() {
        c.add("recommend", caps::recommend_available(g, p));
    }
    if config.give_before_ask && g.role() == Role::Ask {
        let gave = caps::give_before_ask(h.agg.last_give, p.last_order_at);
        c.add("give_before_ask", gave);
    }
}

/// Decides which gesture to show.
pub fn decide(config: &Config, h: &History, ctx: &Context, fmt: &dyn Formatter) -> Decision {
    let profile = Profile::build(h, &config.profile, ctx.now, ctx.offset_min);
    let mut reasons = Vec::new();
    let mut global = Checks::new("*");
    budget::global_checks(config, h, ctx, &mut global);
    reasons.append(&mut global.reasons);
    let mut best: Option<(&Gesture, Vec<Why>)> = None;
    for g in &config.gestures {
        let mut c = Checks::new(&g.id);
        gesture_checks(config, g, &profile, h, ctx, &mut c);
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
    let gesture =
        best.map(|(g, why)| render::render(config, g, h, &profile, ctx.now, fmt, why, false));
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
    Some(render::render(
        config, g, h, &profile, ctx.now, fmt, why, true,
    ))
}
