//! One shopper's device: the config, the history and where it is stored, and the loop every
//! input goes through (record, persist, decide, remember what was shown).

use super::config::{Config, Role};
use super::decide::{decide, preview, Context, Decision, Shown};
use super::event::{Event, GestureReaction, Input, Reaction};
use super::history::{load, Appended, History, Store, StoreError};
use super::template::Formatter;
use super::time::Millis;

/// The config and history of one device, with its store.
pub struct Device<S: Store> {
    /// The store owner's config.
    pub config: Config,
    /// The history in memory (the source of truth for this page).
    pub history: History,
    store: S,
    writable: bool,
    /// Storage problems met so far (reported once, then kept working in memory).
    pub problems: Vec<StoreError>,
}

impl<S: Store> Device<S> {
    /// Loads the history from `store`; `fresh_id` becomes the shopper id of a new history.
    pub fn open(config: Config, store: S, fresh_id: &str) -> Device<S> {
        let (history, writable, problems) = load(&store, fresh_id);
        Device {
            config,
            history,
            store,
            writable,
            problems,
        }
    }

    /// Whether changes reach the store (not when it holds a newer format or is blocked).
    pub fn writable(&self) -> bool {
        self.writable
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Writes the history back; failures are recorded in `problems` and the page keeps
    /// working from memory.
    pub fn persist(&mut self) -> Result<(), StoreError> {
        if !self.writable {
            return Ok(());
        }
        let s = self.history.encode();
        self.store
            .save(&s)
            .inspect_err(|e| self.problems.push(e.clone()))
    }

    /// Records an input and persists.
    pub fn record(&mut self, mut input: Input) -> Appended {
        if let Input::Gesture(g) = &mut input {
            g.gives = self
                .config
                .gesture(&g.gesture)
                .is_some_and(|c| c.role() == Role::Give);
        }
        let r = self.history.append(input);
        if r == Appended::Recorded {
            let _ = self.persist();
        }
        r
    }

    /// Decides with the current history.
    pub fn decide(&self, ctx: &Context, fmt: &dyn Formatter) -> Decision {
        decide(&self.config, &self.history, ctx, fmt)
    }

    /// A preview of a gesture; nothing is recorded.
    pub fn preview(&self, id: &str, ctx: &Context, fmt: &dyn Formatter) -> Option<Shown> {
        preview(&self.config, id, &self.history, ctx, fmt)
    }

    /// Records a reaction to a gesture (shown, dismissed, ...).
    pub fn react(&mut self, gesture: &str, reaction: Reaction, at: Millis) {
        self.record(Input::Gesture(GestureReaction {
            at,
            gesture: gesture.to_string(),
            reaction,
            gives: false,
        }));
    }

    /// Records an event and decides with it as the trigger; a chosen gesture is recorded as
    /// shown. This is what happens on every page view and every storefront event.
    pub fn step(
        &mut self,
        event: Event,
        offset_min: i32,
        fmt: &dyn Formatter,
    ) -> (Appended, Decision) {
        let appended = self.record(Input::Event(event.clone()));
        let url = event.url.clone();
        let ctx = Context {
            now: event.at,
            offset_min,
            url: url.as_deref(),
            events: std::slice::from_ref(&event),
        };
        let decision = self.decide(&ctx, fmt);
        if let Some(g) = &decision.gesture {
            self.react(&g.id.clone(), Reaction::Shown, event.at);
        }
        (appended, decision)
    }

    /// Forgets everything the device remembers (a new, empty history with a new id).
    pub fn forget(&mut self, fresh_id: &str) -> Result<(), StoreError> {
        self.history = History::new(fresh_id);
        self.writable = true;
        self.store.clear()
    }
}
