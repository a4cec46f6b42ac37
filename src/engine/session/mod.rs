// Longer than 400 lines: the loop itself (navigate, input, decide, show, sync, forget,
// opt out, alarm, debug); the inputs, privacy, reactions and view already have rooms of
// their own.

//! One page's session: the loop every input of a page goes through, and what the page must do
//! about it.
//!
//! The browser's recorder and `reciprocity simulate` both drive a [`Session`]: each input
//! (a dataLayer push, a `track` or `identify` call, a navigation, a reaction from the UI) is
//! normalized, recorded on the [`Device`] (dedupe, aggregates, persist) and, when it is a
//! storefront event, decided on; a chosen gesture is remembered as shown. Nothing here
//! touches a browser: what the page must do comes back as [`Effect`]s (announce a step, hand
//! a gesture to the UI, close it, send a beacon), which the recorder carries out and tests
//! read directly.

mod inputs;
mod privacy;
mod reactions;
mod view;

pub use view::{Detail, Dir, Effect, View};

use super::alarm::{alarm, Alarm};
use super::consent;
use super::decide::{Context, Decision, Shown};
use super::device::Device;
use super::event::{Event, Input};
use super::history::{Appended, History, Store, StoreError};
use super::owed::Hold;
use super::page::{DeviceClass, PageFacts};
use super::reaction::Step;
use super::sample::Sample;
use super::template::Formatter;
use super::time::Millis;

/// How a session starts.
#[derive(Debug, Clone, Default)]
pub struct PageOptions {
    /// The page's URL (none in a replayed journey that names no page).
    pub url: Option<String>,
    /// Minutes to add to UTC for the shopper's local time.
    pub offset_min: i32,
    /// The texts' locale.
    pub locale: String,
    /// Its direction.
    pub dir: Dir,
    /// A store owner's preview page: nothing is stored or decided, so the shopper's real
    /// history and caps stay untouched.
    pub preview_mode: bool,
    /// The loader's hash of the config text, stored with the alarm.
    pub config_hash: String,
    /// The page's Google Consent Mode for keeping the history (`personalization_storage`),
    /// as it stood when the widget started; `None` when the page does not use it.
    pub consent: Option<bool>,
    /// A new shopper id for the history, should the page revoke consent (a revocation
    /// forgets, and the next history must not carry the old id).
    pub fresh_id: String,
    /// The device class, as the browser reports it (`None`: not told).
    pub device: Option<DeviceClass>,
    /// The page's referrer (`document.referrer`): when this page starts a visit, its site
    /// is the visit's referrer. Only the host is kept.
    pub referrer: Option<String>,
    /// The store owner's debug view (`?reciprocity-debug`): the page's decisions are kept
    /// for [`Session::debug_json`].
    pub debug: bool,
    /// The device was told to forget earlier in this tab (`keys::FORGOT` in the tab's
    /// `sessionStorage`): not a first visit, though the history is new.
    pub forgot: bool,
}

/// One page of one device.
pub struct Session<S: Store, F: Formatter> {
    /// The device (config, history, store).
    pub device: Device<S>,
    fmt: F,
    page: PageOptions,
    /// The gesture on screen, if any: no second gesture while one is shown.
    on_screen: Option<String>,
    /// The preview on screen: its reactions are not recorded.
    preview: Option<String>,
    /// Consent to keep the history on the device (see `session/privacy.rs`).
    consent: consent::State,
    /// The stored history, set aside while consent is withheld (the page then works from a
    /// fresh one); taken back on a grant.
    kept: Option<History>,
    /// The history changed since the alarm was last computed.
    alarm_dirty: bool,
    /// While the page's earlier pushes are read at start, events are collected here and one
    /// decision is made afterwards with all of them as its triggers.
    startup: Option<Vec<Event>>,
    /// A purchase was recorded on this page: it is past checkout.
    purchased_here: bool,
    /// Nothing more shows on this page (the UI failed): what comes due is owed.
    away: bool,
    /// Storage problems already reported.
    reported: usize,
    effects: Vec<Effect>,
    /// The chosen gesture that waits on the page for its trigger (it is `on_screen` too:
    /// nothing else shows meanwhile).
    waiting: Option<Shown>,
    /// The page's decisions, for the debug view (only with `page.debug`; the latest 20).
    decisions: Vec<Decision>,
}

impl<S: Store, F: Formatter> Session<S, F> {
    /// Starts a page on `device`, rendering texts with `fmt`. Decisions wait for
    /// [`settle`](Self::settle), so everything the page did before is one decision; storage
    /// problems met while loading are reported.
    pub fn new(device: Device<S>, fmt: F, page: PageOptions) -> Session<S, F> {
        let mut s = Session {
            device,
            fmt,
            page,
            on_screen: None,
            preview: None,
            consent: consent::State::default(),
            kept: None,
            alarm_dirty: false,
            startup: Some(Vec::new()),
            purchased_here: false,
            away: false,
            reported: 0,
            decisions: Vec::new(),
            effects: Vec::new(),
            waiting: None,
        };
        s.device.set_paused(s.page.preview_mode);
        s.report_problems();
        s.consent.policy = s.device.config.consent;
        s.consent.mode = s.page.consent;
        if !s.consent.granted() {
            s.withhold();
        }
        s
    }

    /// What the page must do, in order, since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// A new page of `url` begins on this device: the gesture on the last page is gone,
    /// and decisions wait for [`settle`](Self::settle) again.
    pub fn begin_page(&mut self, url: Option<String>) {
        self.leave();
        self.page.url = url;
        self.startup = Some(Vec::new());
        self.purchased_here = false;
        self.away = false;
    }

    /// The gesture on screen.
    pub fn on_screen(&self) -> Option<&str> {
        self.on_screen.as_deref()
    }

    /// Whether a gesture may show on this page at all (not a `budget.never_on` page). The
    /// loader fetches the UI early only then.
    pub fn may_show_here(&self) -> bool {
        let never_on = &self.device.config.budget.never_on;
        super::decide::never_on_hit(never_on, self.page.url.as_deref()).is_none()
    }

    fn emit(&mut self, step: Step, detail: Detail) {
        self.effects.push(Effect::Emit(step, detail));
    }

    /// Reports a problem on `reciprocity:error`.
    pub fn report(&mut self, message: impl Into<String>) {
        let message = Some(message.into());
        self.emit(
            Step::Error,
            Detail {
                message,
                ..Detail::default()
            },
        );
    }

    fn report_problems(&mut self) {
        let news: Vec<String> = self.device.problems
            [self.reported.min(self.device.problems.len())..]
            .iter()
            .map(ToString::to_string)
            .collect();
        self.reported = self.device.problems.len();
        for p in news {
            self.report(p);
        }
    }

    fn persist(&mut self) {
        let _ = self.device.persist();
        self.report_problems();
    }

    /// Records an input; a new storefront event is also a decision point (or, during
    /// start-up, one of the triggers of the first decision).
    pub fn input(&mut self, mut input: Input) -> Appended {
        if let Input::Event(e) = &mut input {
            if e.url.is_none() {
                e.url.clone_from(&self.page.url);
            }
        }
        let event = match &input {
            Input::Event(e) => Some(e.clone()),
            _ => None,
        };
        let appended = self.device.record(input);
        self.report_problems();
        if let (Some(e), Appended::Recorded) = (event, &appended) {
            self.purchased_here |= e.name == "purchase";
            match &mut self.startup {
                Some(events) => events.push(e),
                None => {
                    self.decide(std::slice::from_ref(&e));
                }
            }
        }
        appended
    }

    /// Ends start-up: announces `ready` and makes one decision for everything the page did
    /// so far (with every event as a trigger). Returns that decision.
    pub fn settle(&mut self) -> Option<Decision> {
        self.emit(Step::Ready, Detail::default());
        let events = self.startup.take()?;
        self.decide(&events)
    }

    /// Decides with `triggers` (recorded events of this page, the last one the moment of
    /// the decision); a chosen gesture is remembered as shown and handed to the UI, moments
    /// held back are owed. While a gesture is on screen nothing else shows, but a moment
    /// that comes due is owed; a preview page decides nothing.
    pub fn decide(&mut self, triggers: &[Event]) -> Option<Decision> {
        let trigger = triggers.last()?;
        if self.page.preview_mode {
            return None;
        }
        let url = self.page.url.clone();
        let language = self.page.locale.clone();
        let mut ctx = Context::new(trigger.at, self.page.offset_min, url.as_deref(), triggers);
        ctx.purchased_here = self.purchased_here;
        ctx.page = Some(PageFacts {
            device: self.page.device,
            language: &language,
            forgot: self.page.forgot,
        });
        if self.away {
            ctx.hold = Some(Hold::Away);
        } else if self.on_screen.is_some() {
            ctx.hold = Some(Hold::OnScreen);
        }
        let decision = self.device.decide_and_remember(&ctx, &self.fmt);
        self.report_problems();
        if cfg!(any(not(target_arch = "wasm32"), feature = "reasons"))
            && self.page.debug
            && self.decisions.len() < 20
        {
            self.decisions.push(decision.clone());
        }
        if let Some(g) = &decision.gesture {
            self.on_screen = Some(g.id.clone());
            match self.page_trigger(g) {
                Some(trigger) => {
                    self.waiting = Some(g.clone());
                    self.effects.push(Effect::Await {
                        gesture: g.id.clone(),
                        trigger,
                    });
                }
                None => self.show(g),
            }
        }
        self.alarm_dirty = true;
        Some(decision)
    }

    /// The debug view's document: this page's decisions (each with the gesture shown, if
    /// any, every check with its reason, the moments owed) and the gesture on screen. Empty
    /// reasons unless the module was built with the owner's texts (`reciprocity-debug`); the
    /// storefront's modules leave it out.
    #[cfg(any(not(target_arch = "wasm32"), feature = "reasons"))]
    pub fn debug_json(&self) -> String {
        serde_json::json!({
            "decisions": self.decisions,
            "on_screen": self.on_screen,
            // In the export's readable names.
            "owed": self.device.history.export().owed,
        })
        .to_string()
    }

    /// What the page must wait for before showing `g`, as JSON (`{"seconds_on_page": 20}`),
    /// or `None` when it shows at once. Exit intent is only listened for on a desktop.
    fn page_trigger(&self, g: &Shown) -> Option<String> {
        let mut t = self.device.config.gesture(&g.id)?.trigger.clone()?;
        if g.preview || !t.waits() {
            return None;
        }
        t.page_views_min = None;
        t.exit_intent &= self.page.device.is_none_or(|d| d == DeviceClass::Desktop);
        serde_json::to_string(&t).ok()
    }

    /// The page's trigger for the waiting gesture `id` fired: it goes on screen now, and
    /// is recorded as shown. A trigger that fires late (the gesture was closed, another
    /// page began) does nothing.
    pub fn triggered(&mut self, id: &str, now: Millis) {
        if self.device.history.opted_out.is_some() {
            // The shopper chose "stop showing me these" meanwhile (here or in another tab).
            self.waiting = None;
            return;
        }
        let Some(g) = self.waiting.take_if(|g| g.id == id) else {
            return;
        };
        self.device.shown_after_trigger(id, now);
        self.report_problems();
        self.alarm_dirty = true;
        self.show(&g);
    }

    /// The gesture waiting for its trigger on this page, if any.
    pub fn waiting(&self) -> Option<&str> {
        self.waiting.as_ref().map(|g| g.id.as_str())
    }

    /// One event on a page of its own (a journey replayed event by event): begins a page at
    /// the event's URL, records the event and decides with it as the trigger. A duplicate
    /// (a reloaded confirmation page) decides nothing new.
    pub fn visit(&mut self, event: Event) -> (Appended, Decision) {
        self.begin_page(event.url.clone());
        let appended = self.input(Input::Event(event));
        let events = self.startup.take().unwrap_or_default();
        let decision = match &appended {
            Appended::Duplicate(why) => Decision::duplicate(why),
            Appended::OptedOut => {
                Decision::opted_out(self.device.history.opted_out.unwrap_or_default())
            }
            Appended::Recorded => self.decide(&events).unwrap_or_else(|| Decision {
                gesture: None,
                reasons: Vec::new(),
                owed: Vec::new(),
            }),
        };
        (appended, decision)
    }

    /// Nothing more shows on this page (the UI module failed): recording goes on, and a
    /// moment that comes due is owed to a later page.
    pub fn step_aside(&mut self) {
        self.away = true;
        self.on_screen = None;
        self.waiting = None;
    }

    /// The page is left behind (a journey replayed page by page): the gesture on screen is
    /// gone with it.
    pub fn leave(&mut self) {
        self.on_screen = None;
        self.preview = None;
        self.waiting = None;
    }

    fn show(&mut self, g: &Shown) {
        let view = View {
            gesture: g,
            theme: &self.device.config.theme,
            locale: &self.page.locale,
            dir: self.page.dir,
        };
        let json = serde_json::to_string(&view).unwrap_or_default();
        self.emit(
            Step::Shown,
            Detail {
                gesture_id: Some(g.id.clone()),
                gesture_kind: Some(g.kind),
                preview: Some(g.preview),
                ..Detail::default()
            },
        );
        self.effects.push(Effect::Show(json));
    }

    /// `reciprocity('preview', id)`: shows a gesture for the store owner, outside the rules
    /// and without recording anything, filled from the sample shopper where the device's
    /// history lacks a value (the page's URL may set them: [`Sample::from_url`]).
    pub fn preview(&mut self, id: &str, now: Millis) {
        let url = self.page.url.clone();
        let sample = url.as_deref().map(Sample::from_url).unwrap_or_default();
        let ctx = Context::new(now, self.page.offset_min, url.as_deref(), &[]);
        match self.device.preview(id, &ctx, &self.fmt, &sample) {
            Some(g) => {
                self.on_screen = Some(g.id.clone());
                self.preview = Some(g.id.clone());
                self.show(&g);
            }
            None => self.report(format!("preview: no gesture with id {id:?}")),
        }
    }

    /// Another tab may have changed the history: take it in, and close the gesture on
    /// screen when it was dismissed or used there.
    pub fn sync(&mut self) {
        if !self.device.sync() {
            return;
        }
        self.alarm_dirty = true;
        let (Some(id), None) = (self.on_screen.clone(), &self.preview) else {
            return;
        };
        let Some(stats) = self.device.history.gestures.get(&id) else {
            return;
        };
        let shown = stats.shows.last().copied().unwrap_or(i64::MIN);
        let ended = [stats.dismissed, stats.acted]
            .into_iter()
            .flatten()
            .any(|t| t >= shown);
        if ended {
            self.on_screen = None;
            self.waiting = None;
            self.effects.push(Effect::Close(id));
        }
    }

    /// `reciprocity('forget')`: wipes what the device remembers.
    pub fn forget(&mut self, fresh_id: &str) {
        self.page.forgot = true;
        self.wipe(fresh_id);
        self.alarm_dirty = true;
        self.emit(Step::Forgotten, Detail::default());
    }

    /// The shopper's "stop showing me these" (in the "why" panel): forgets everything and
    /// keeps only that choice, so nothing shows or is recorded on this device from now on;
    /// the gesture on screen closes.
    pub fn opt_out(&mut self, fresh_id: &str, now: Millis) {
        let on_screen = self.on_screen.take();
        self.waiting = None;
        self.device.history.opted_out = Some(now);
        self.page.forgot = true;
        self.wipe(fresh_id);
        if let Some(id) = on_screen {
            self.effects.push(Effect::Close(id));
        }
        self.alarm_dirty = true;
        self.emit(Step::Forgotten, Detail::default());
    }

    /// Forgets the history and everything else the widget keeps on the device.
    fn wipe(&mut self, fresh_id: &str) {
        if let Err(e) = self.device.forget(fresh_id, !self.page.preview_mode) {
            self.report(e.to_string());
        }
        self.kept = None;
        self.device.take_journal();
        self.device
            .set_paused(!self.consent.granted() || self.page.preview_mode);
        self.effects.push(Effect::Wipe);
    }

    /// The alarm for the loader, when the history changed since the last one (never on a
    /// preview page, nor without consent unless the shopper opted out).
    pub fn alarm(&mut self, now: Millis) -> Option<Alarm> {
        // Without consent only an opted-out device's alarm is kept: it says nothing but
        // that (the loader then stays asleep), and honours the shopper's own request.
        let out = self.device.history.opted_out.is_some();
        if !std::mem::take(&mut self.alarm_dirty)
            || self.page.preview_mode
            || !(self.consent.granted() || out)
        {
            return None;
        }
        let mut a = alarm(
            &self.device.config,
            &self.device.history,
            now,
            self.page.offset_min,
            self.page.device,
            self.page.forgot,
            &self.fmt,
        );
        a.config = self.page.config_hash.clone();
        Some(a)
    }
}

/// Storage problems met while loading that are worth a copy of the raw value: the caller
/// keeps the unreadable value aside before it is overwritten.
pub fn is_corrupt(problems: &[StoreError]) -> bool {
    problems.iter().any(|p| matches!(p, StoreError::Corrupt(_)))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
