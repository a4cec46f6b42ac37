//! One shopper's device: the config, the history and where it is stored, and the two halves
//! of the loop every input goes through: [`Device::record`] (dedupe, aggregates, persist)
//! and [`Device::decide_and_remember`] (decide, record the chosen gesture as shown). The page
//! around them (what is on screen, start-up batching, reactions) is
//! [`Session`](super::session::Session), which the browser and `simulate` both drive.

use super::config::{Config, Role};
use super::decide::{decide, owed_while_waiting, preview, Context, Decision, Shown};
use super::event::{GestureReaction, Input, Reaction};
use super::history::{load, Appended, History, ShowMark, Store, StoreError};
use super::owed;
use super::sample::Sample;
use super::template::Formatter;
use super::time::Millis;

/// The most inputs a journal keeps (one page's worth, and more).
const JOURNAL_LIMIT: usize = 1000;

/// The config and history of one device, with its store.
pub struct Device<S: Store> {
    /// The store owner's config.
    pub config: Config,
    /// The history in memory (the source of truth for this page).
    pub history: History,
    store: S,
    writable: bool,
    /// Writing is held back (no consent, or a store owner's preview page); the history
    /// still changes in memory.
    paused: bool,
    /// While kept: every input appended, to be taken into another history later (the
    /// stored one, when consent comes).
    journal: Option<Vec<Input>>,
    /// The stored value as last read or written, to notice another tab's writes.
    last_raw: Option<String>,
    /// Storage problems met so far (reported once, then kept working in memory).
    pub problems: Vec<StoreError>,
    /// The last gesture recorded as shown, with the moment it answers: taken back and owed
    /// again should it never reach the screen ([`not_shown`](Self::not_shown)).
    last_show: Option<(ShowMark, Option<owed::Owed>)>,
}

impl<S: Store> Device<S> {
    /// Loads the history from `store`; `fresh_id` becomes the shopper id of a new history.
    pub fn open(config: Config, store: S, fresh_id: &str) -> Device<S> {
        let (history, writable, problems) = load(&store, fresh_id);
        let last_raw = if problems.is_empty() {
            store.load().ok().flatten()
        } else {
            None
        };
        Device {
            config,
            history,
            store,
            writable,
            paused: false,
            journal: None,
            last_raw,
            problems,
            last_show: None,
        }
    }

    /// Holds back (or resumes) writing to the store.
    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Writes the history back; failures are recorded in `problems` and the page keeps
    /// working from memory.
    pub fn persist(&mut self) -> Result<(), StoreError> {
        if !self.writable || self.paused {
            return Ok(());
        }
        self.write()
    }

    /// Writes the history back, whatever holds writing back.
    fn write(&mut self) -> Result<(), StoreError> {
        let s = self.history.encode();
        let r = self
            .store
            .save(&s)
            .inspect_err(|e| self.problems.push(e.clone()));
        if r.is_ok() {
            self.last_raw = Some(s);
        }
        r
    }

    /// Takes in what another tab wrote since this device last read or wrote the store.
    /// Returns whether the history changed. A store that was cleared keeps the history in
    /// memory (it is written back on the next change); an unreadable value is left alone.
    pub fn sync(&mut self) -> bool {
        if !self.writable {
            return false;
        }
        let Ok(raw) = self.store.load() else {
            return false;
        };
        if raw == self.last_raw {
            return false;
        }
        let Some(text) = raw.as_deref() else {
            self.last_raw = None;
            return false;
        };
        match History::decode(text, &self.history.id) {
            Ok(d) if d.problems.is_empty() => {
                self.history = d.history;
                self.last_raw = raw;
                true
            }
            _ => false,
        }
    }

    /// Adds an input to the history in memory (dedupe, aggregates), without writing it. A
    /// gesture reaction learns from the config whether the gesture gives.
    pub fn append(&mut self, mut input: Input) -> Appended {
        if self.history.opted_out.is_some() {
            return Appended::OptedOut;
        }
        if let Input::Gesture(g) = &mut input {
            g.gives = self
                .config
                .gesture(&g.gesture)
                .is_some_and(|c| c.role() == Role::Give);
        }
        if let Some(journal) = &mut self.journal {
            if journal.len() < JOURNAL_LIMIT {
                journal.push(input.clone());
            }
        }
        self.history.append(input)
    }

    /// Starts keeping a journal of the inputs appended from now on.
    pub fn start_journal(&mut self) {
        self.journal.get_or_insert_with(Vec::new);
    }

    /// The inputs appended since [`start_journal`](Self::start_journal); the journal stops.
    pub fn take_journal(&mut self) -> Vec<Input> {
        self.journal.take().unwrap_or_default()
    }

    /// Records an input: [`append`](Self::append), then persists when it was new.
    pub fn record(&mut self, input: Input) -> Appended {
        let r = self.append(input);
        if r == Appended::Recorded {
            let _ = self.persist();
        }
        r
    }

    /// Decides with the current history.
    pub fn decide(&self, ctx: &Context, fmt: &dyn Formatter) -> Decision {
        if let Some(at) = self.history.opted_out {
            return Decision::opted_out(at);
        }
        decide(&self.config, &self.history, ctx, fmt)
    }

    /// Decides, records a chosen gesture as shown and the moments held back as owed (and
    /// persists): the second half of the loop.
    pub fn decide_and_remember(&mut self, ctx: &Context, fmt: &dyn Formatter) -> Decision {
        let decision = self.decide(ctx, fmt);
        let before = self.history.owed.clone();
        owed::expire(&mut self.history.owed, ctx.now);
        for o in &decision.owed {
            owed::owe(&mut self.history.owed, o.clone());
        }
        let waits = decision.gesture.as_ref().and_then(|g| self.waiting(g, ctx));
        if let Some(owed) = waits {
            // Not on screen yet: the page waits for the gesture's trigger. Its moment is
            // owed meanwhile (unless it already was), so leaving first loses nothing.
            if let Some(o) = owed {
                if !self.history.owed.iter().any(|x| x.gesture == o.gesture) {
                    owed::owe(&mut self.history.owed, o);
                }
            }
            let _ = self.persist();
        } else if let Some(g) = &decision.gesture {
            let moment = self.config.gesture(&g.id).and_then(|c| {
                (!g.preview)
                    .then(|| owed_while_waiting(c, ctx.events, ctx.now))
                    .flatten()
            });
            self.shown(&g.id, ctx.now, moment);
        } else if self.history.owed != before {
            let _ = self.persist();
        }
        decision
    }

    /// For a chosen gesture that waits on the page for its trigger (time, scrolling,
    /// idleness, exit intent): `Some`, with the moment to owe while it waits, if it marks
    /// one. `None` for a gesture that shows at once (and for a preview).
    fn waiting(&self, g: &Shown, ctx: &Context) -> Option<Option<owed::Owed>> {
        let config = self.config.gesture(&g.id)?;
        let waits = !g.preview && config.trigger.as_ref().is_some_and(|t| t.waits());
        waits.then(|| owed_while_waiting(config, ctx.events, ctx.now))
    }

    /// The gesture `id`, which waited for its trigger, is on screen now: recorded as shown
    /// and no longer owed.
    pub fn shown_after_trigger(&mut self, id: &str, now: Millis) {
        self.shown(id, now, None);
    }

    /// Records the gesture `id` as shown at `now` and no longer owed, keeping what it
    /// changed (and the moment it answers: the one it was owed for, or `moment`) until the
    /// page reports on it.
    fn shown(&mut self, id: &str, now: Millis, moment: Option<owed::Owed>) {
        let owed = self.history.owed.iter().position(|o| o.gesture == id);
        let owed = owed.map(|i| self.history.owed.remove(i)).or(moment);
        self.last_show = Some((self.history.show_mark(id, now), owed));
        self.react(id, Reaction::Shown, now);
    }

    /// The gesture `id` never reached the screen (its UI failed to load, or refused it):
    /// when it answered a moment, its show is taken back and the moment is owed again, so
    /// the next page may show it. Only once: a second failure (or a gesture without a
    /// moment) leaves the show counted, so a browser that cannot show it is not offered it
    /// on every page. Returns whether the show was taken back.
    pub fn not_shown(&mut self, id: &str) -> bool {
        let Some((mark, owed)) = self.last_show.take_if(|(m, _)| m.gesture == id) else {
            return false;
        };
        let Some(mut o) = owed.filter(|o| !o.unseen) else {
            return false;
        };
        // Forgotten, or opted out, since (here or in another tab): nothing to take back.
        if self.history.id != mark.history || self.history.opted_out.is_some() {
            return false;
        }
        self.history.take_back_show(&mark);
        if let Some(journal) = &mut self.journal {
            // Consent withheld: a grant must not add the show back.
            journal.retain(|i| {
                !matches!(i, Input::Gesture(g) if g.gesture == id && g.at == mark.at && g.reaction == Reaction::Shown)
            });
        }
        o.unseen = true;
        owed::owe(&mut self.history.owed, o);
        let _ = self.persist();
        true
    }

    /// A preview of a gesture, filled from `sample` where the history lacks a value;
    /// nothing is recorded.
    pub fn preview(
        &self,
        id: &str,
        ctx: &Context,
        fmt: &dyn Formatter,
        sample: &Sample,
    ) -> Option<Shown> {
        preview(&self.config, id, &self.history, ctx, fmt, sample)
    }

    /// Records a reaction to a gesture (shown, dismissed, ...).
    pub fn react(&mut self, gesture: &str, reaction: Reaction, at: Millis) -> Appended {
        self.record(Input::Gesture(GestureReaction {
            at,
            gesture: gesture.to_string(),
            reaction,
            gives: false,
        }))
    }

    /// Forgets everything the device remembers (a new, empty history with a new id), but
    /// for the shopper's "stop showing me these": that choice is kept, alone (not even an
    /// id), and written even while writing is held back for consent: it is the shopper's
    /// own request, and honouring it on the next page needs it kept. A store owner's
    /// preview page (`write_choice` false) writes nothing.
    pub fn forget(&mut self, fresh_id: &str, write_choice: bool) -> Result<(), StoreError> {
        let out = self.history.opted_out;
        self.history = History::new(if out.is_some() { "" } else { fresh_id });
        self.history.opted_out = out;
        self.last_show = None;
        self.writable = true;
        self.store.clear()?;
        match out {
            Some(_) if write_choice => self.write(),
            _ => Ok(()),
        }
    }
}
