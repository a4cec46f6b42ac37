// Longer than 400 lines: the Check type, the `reason!` macro and the choice among the
// eligible gestures, which every rule module uses; the rules themselves live in budget,
// when, caps and moments.

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

/// A reason for the store owner (`reciprocity check` and `simulate`, the studio's
/// rehearsal, the debug view): written in the native, studio and debug builds. The storefront's recorder never
/// shows one, so there it is an empty string and neither the texts nor their formatting are
/// in the wasm module (the `if false` keeps the arguments type-checked and used).
#[cfg(any(not(target_arch = "wasm32"), feature = "studio", feature = "reasons"))]
macro_rules! reason {
    ($($t:tt)*) => { format!($($t)*) };
}
#[cfg(all(
    target_arch = "wasm32",
    not(feature = "studio"),
    not(feature = "reasons")
))]
macro_rules! reason {
    ($($t:tt)*) => {{
        if false {
            let _ = format!($($t)*);
        }
        String::new()
    }};
}

mod budget;
mod caps;
mod moments;
mod render;
mod when;

use serde::Serialize;

use super::config::{Config, Gesture, Role};
use super::event::Event;
use super::history::History;
use super::owed::{Hold, Owed};
use super::page::{DeviceClass, PageFacts};
use super::profile::Profile;
use super::sample::Sample;
use super::template::Formatter;
use super::time::{format_instant, Millis};
use super::why::Why;
use moments::{hold_text, moment, owed_window};

pub use budget::in_holdout;
pub(crate) use budget::never_on_hit;
pub(crate) use moments::owed_while_waiting;
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
    /// A purchase was recorded on this page earlier: it is past checkout, whatever its URL.
    pub purchased_here: bool,
    /// Nothing can show on this page whatever the rules say (another gesture is on screen,
    /// or the page is over): what is due now is owed.
    pub hold: Option<Hold>,
    /// What the page says for targeting (device, language); `None` when no page is known
    /// (the alarm's probes of future pages): conditions on the page and the visit then pass,
    /// to be checked on the page itself.
    pub page: Option<PageFacts<'a>>,
    /// The device class where no page is known: the alarm's probes of this device's
    /// future pages (a phone stays a phone), so a gesture for another class does not wake
    /// the recorder.
    pub device: Option<DeviceClass>,
    /// Where no page is known: the device was told to forget earlier in this tab's visit
    /// (the alarm's probes of its next pages: no first visit then).
    pub forgot: bool,
}

impl<'a> Context<'a> {
    /// A decision at `now` on `url` for `events`, with no hold and no earlier purchase.
    pub fn new(now: Millis, offset_min: i32, url: Option<&'a str>, events: &'a [Event]) -> Self {
        Context {
            now,
            offset_min,
            url,
            events,
            purchased_here: false,
            hold: None,
            page: None,
            device: None,
            forgot: false,
        }
    }
}

/// Whether the checks' reasons are kept: in the builds that show them (native, studio, the
/// debug module). The storefront's modules never read them, so they make none (neither the
/// list nor a copy of each gesture's id for each check, at every decision and alarm probe).
const KEEP_REASONS: bool = cfg!(any(
    not(target_arch = "wasm32"),
    feature = "studio",
    feature = "reasons"
));

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
    /// Moments due now but held back: owed, to show on a later page.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owed: Vec<Owed>,
}

impl Decision {
    /// Nothing shows: the shopper chose "stop showing me these" at `at`.
    pub fn opted_out(at: Millis) -> Decision {
        Decision {
            gesture: None,
            reasons: vec![Reason {
                gesture: "*".into(),
                ok: false,
                rule: "opted_out",
                text: reason!(
                    "the shopper chose to see no gestures on {}",
                    crate::engine::time::format_instant(at)
                ),
            }],
            owed: Vec::new(),
        }
    }

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
            owed: Vec::new(),
        }
    }
}

/// What one rule found, before [`Checks`] records it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Check {
    /// A rule the shopper may be told about: when it passes, what it means to them (their
    /// "why am I seeing this", which the store owner reads as [`Why::owner`]); when it
    /// fails, the store owner's reason.
    Shopper(Result<Why, String>),
    /// A passed rule the shopper is told about as the [`Why`], where the store owner reads
    /// more than the shopper does (how much was spent, against the threshold).
    Told(Why, String),
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
    /// passed shopper rule reads as its [`Why::owner`]: about the shopper, not to them.
    fn reason(&self) -> Option<(bool, String)> {
        match self {
            Check::Shopper(Ok(why)) => Some((true, reason!("{}", why.owner()))),
            Check::Told(_, text) => Some((true, text.clone())),
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
            (Check::Shopper(Ok(_)) | Check::Told(..), Some((_, text))) => format!("why: {text}"),
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
            if KEEP_REASONS {
                self.reasons.push(Reason {
                    gesture: self.gesture.to_string(),
                    ok,
                    rule,
                    text,
                });
            }
        }
        if let Check::Shopper(Ok(why)) | Check::Told(why, _) = check {
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

/// An amount of the store's currency, for the store owner: `18.00 EUR`.
///
/// From cents, with integer arithmetic: formatting an `f64` (`{:.2}`) brings core's exact
/// float printing into the wasm modules (about 7 KB raw).
fn money(cents: i64, currency: &str) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02} {currency}", c / 100, c % 100)
}

/// Items in the store owner's words: `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
fn any_of(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
    match quoted.split_last() {
        None => "nothing".into(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
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
    when::when_checks(&g.when, p, h, ctx, &config.store.currency, c);
    if let Some(t) = &g.trigger {
        when::trigger_checks(t, h, ctx, c);
    }
    caps::cap_checks(&g.cap, stats, h, p, ctx.now, c);
    if let Some(exp) = caps::code_expiry(g, stats, ctx.now) {
        c.add("code", caps::code_expired(exp, ctx.now));
        c.add("code", caps::code_in_hand(stats, exp, ctx.now));
    }
    if g.recommend.is_some() {
        c.add("recommend", caps::recommend_available(g, p));
    }
    if config.give_before_ask && g.role() == Role::Ask {
        let gave = caps::give_before_ask(h.agg.last_give, p.last_order_at);
        c.add("give_before_ask", gave);
    }
}

/// Decides which gesture to show, and which moments due now are owed because something
/// holds them back.
pub fn decide(config: &Config, h: &History, ctx: &Context, fmt: &dyn Formatter) -> Decision {
    let profile = Profile::build(h, &config.profile, ctx.now, ctx.offset_min);
    let mut reasons = Vec::new();
    let mut global = Checks::new("*");
    let globals = budget::global_checks(config, h, ctx, &mut global);
    reasons.append(&mut global.reasons);
    // (gesture, shopper's reasons, the owed entry it settles, its rank)
    type Best<'g> = (&'g Gesture, Vec<Why>, Option<&'g Owed>, (bool, i32));
    let mut best: Option<Best> = None;
    // Moments due now that this page does not show: (gesture, moment).
    let mut due: Vec<(&Gesture, Event)> = Vec::new();
    for g in &config.gestures {
        // An owed moment stands in for its event (within its window), as if it just happened.
        let owed = h
            .owed
            .iter()
            .find(|o| o.gesture == g.id && o.until > ctx.now);
        let with_owed: Vec<Event>;
        let mut gctx = *ctx;
        if let Some(o) = owed {
            with_owed = ctx
                .events
                .iter()
                .cloned()
                .chain([Event::new(o.event.clone(), o.at.min(ctx.now))])
                .collect();
            gctx.events = &with_owed;
        }
        let mut c = Checks::new(&g.id);
        gesture_checks(config, g, &profile, h, &gctx, &mut c);
        if globals.keep_last && g.role() != Role::Give {
            c.add("budget", budget::kept_for_gives());
        }
        if let (Some(o), true) = (owed, c.ok) {
            c.add(
                "owed",
                Check::Quiet(
                    true,
                    reason!(
                        "owed since {}: held back by {}",
                        format_instant(o.at),
                        hold_text(o.held)
                    ),
                ),
            );
        }
        // Thanks and gifts go first when the budget has one gesture left, and when they
        // already waited (an owed moment outranks asks and plain banners).
        let gives = g.role() == Role::Give;
        let rank = (gives && (globals.tight || owed.is_some()), g.priority);
        let better = best.as_ref().is_none_or(|b| rank > b.3);
        if c.ok && global.ok && better {
            let mut why = std::mem::take(&mut c.why);
            if why.is_empty() {
                why.push(Why::Everyone(config.store.name.clone()));
            }
            if let Some(o) = owed {
                // Not "just": the order was a while ago, and the thanks waited.
                for w in why.iter_mut().filter(|w| **w == Why::JustOrdered) {
                    *w = Why::Ordered;
                }
                why.push(Why::Waited {
                    hold: o.held,
                    since: fmt.date(o.at),
                });
            }
            if let Some((prev, _, _, _)) = best.take() {
                if let Some(m) = moment(prev, ctx.events) {
                    due.push((prev, m.clone()));
                }
            }
            best = Some((g, why, owed, rank));
        } else if c.ok && owed.is_none() {
            if let Some(m) = moment(g, ctx.events) {
                due.push((g, m.clone()));
            }
        }
        reasons.append(&mut c.reasons);
        if KEEP_REASONS && c.ok {
            reasons.push(Reason {
                gesture: g.id.clone(),
                ok: true,
                rule: "eligible",
                text: reason!("eligible with priority {}", g.priority),
            });
        }
    }
    // What is due and not shown here is owed: held back by this page's hold, or by the
    // gesture chosen in its place.
    let mut owed = Vec::new();
    // One gesture acknowledges a moment: what else was due for the very moment the chosen
    // gesture marks (the plain thank-you beside a milestone's) is not owed again.
    let marked = best.as_ref().and_then(|(g, _, o, _)| match o {
        Some(o) => Some((o.event.clone(), o.at)),
        None => moment(g, ctx.events).map(|m| (m.name.clone(), m.at)),
    });
    if !globals.held_out {
        for (g, m) in due {
            if marked.as_ref() == Some(&(m.name.clone(), m.at)) {
                continue;
            }
            let held = globals.hold.unwrap_or(Hold::OnScreen);
            let Some(window) = owed_window(g, &m.name) else {
                continue;
            };
            let at = m.at.min(ctx.now);
            if KEEP_REASONS {
                reasons.push(Reason {
                    gesture: g.id.clone(),
                    ok: true,
                    rule: "owed",
                    text: reason!(
                        "due but held back by {}: owed until {}",
                        hold_text(held),
                        format_instant(at + window)
                    ),
                });
            }
            owed.push(Owed {
                gesture: g.id.clone(),
                event: m.name.clone(),
                at,
                until: at + window,
                held,
                unseen: false,
            });
        }
    }
    let gesture =
        best.map(|(g, why, _, _)| render::render(config, g, h, &profile, ctx.now, fmt, why, false));
    if let Some(s) = &gesture {
        if KEEP_REASONS {
            reasons.push(Reason {
                gesture: s.id.clone(),
                ok: true,
                rule: "chosen",
                text: reason!("highest priority among the eligible"),
            });
        }
    }
    Decision {
        gesture,
        reasons,
        owed,
    }
}

/// Renders any gesture for a store owner's preview, without applying the rules; each value
/// the history lacks comes from the sample shopper (see [`Sample`]).
pub fn preview(
    config: &Config,
    id: &str,
    h: &History,
    ctx: &Context,
    fmt: &dyn Formatter,
    sample: &Sample,
) -> Option<Shown> {
    let g = config.gesture(id)?;
    let profile = Profile::build(h, &config.profile, ctx.now, ctx.offset_min);
    let profile = sample.filled(profile, g);
    let why = vec![Why::Preview];
    Some(render::render(
        config, g, h, &profile, ctx.now, fmt, why, true,
    ))
}
