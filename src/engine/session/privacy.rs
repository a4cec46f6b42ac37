//! Consent on a page: the config's policy, the page's Google Consent Mode and
//! `reciprocity('consent', …)` decide whether the history is kept on the device (see
//! [`crate::engine::consent`]). While it is withheld the stored history is set aside and the
//! page works from a fresh one that is never written; a grant takes the stored history back
//! with what the page did meanwhile; a revocation forgets.

use std::mem;

use super::Session;
use crate::engine::consent;
use crate::engine::history::{History, Store};
use crate::engine::owed;
use crate::engine::template::Formatter;

impl<S: Store, F: Formatter> Session<S, F> {
    /// Whether the history may be kept on the device now.
    pub fn consent_granted(&self) -> bool {
        self.consent.granted()
    }

    /// `reciprocity('consent', granted)`: wins over Consent Mode. A refusal forgets what was
    /// stored.
    pub fn consent(&mut self, granted: bool, fresh_id: &str) {
        let before = self.consent.granted();
        self.consent.explicit = Some(granted);
        if granted {
            self.grant(before);
        } else {
            self.wipe(fresh_id);
        }
    }

    /// A Consent Mode command from the page. `default` denied sets the stored history aside;
    /// an `update` that denies after a grant is a revocation, and forgets.
    pub fn consent_mode(&mut self, signal: consent::Signal, fresh_id: &str) {
        let before = self.consent.granted();
        self.consent.mode = Some(signal.granted);
        let after = self.consent.granted();
        match (before, after) {
            (false, true) => self.grant(before),
            (true, false) if signal.update => self.wipe(fresh_id),
            (true, false) => self.withhold(),
            _ => {}
        }
    }

    /// Sets the stored history aside and works from a fresh one that is never written.
    pub(super) fn withhold(&mut self) {
        let mut fresh = History::new(self.device.history.id.clone());
        // The shopper's "stop showing me these" holds all the same.
        fresh.opted_out = self.device.history.opted_out;
        let stored = mem::replace(&mut self.device.history, fresh);
        self.kept.get_or_insert(stored);
        self.device.set_paused(true);
        // What the page does meanwhile (events, facts, gestures shown and answered) is
        // taken into the stored history on a grant.
        self.device.start_journal();
    }

    /// Starts keeping the history: the stored one comes back with what the page did while
    /// consent was withheld.
    fn grant(&mut self, before: bool) {
        if before {
            return;
        }
        self.device.set_paused(self.page.preview_mode);
        let journal = self.device.take_journal();
        if let Some(stored) = self.kept.take() {
            let page = mem::replace(&mut self.device.history, stored);
            for input in journal {
                self.device.append(input);
            }
            for o in page.owed {
                owed::owe(&mut self.device.history.owed, o);
            }
        }
        self.alarm_dirty = true;
        self.persist();
    }
}
