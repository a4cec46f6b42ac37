//! The job queue: calls can arrive re-entrantly (a host listener of `reciprocity:shown`
//! calling `track`), so each becomes a job, and jobs run one at a time while this tab holds
//! the cross-tab Web Lock `reciprocity`: two tabs never read-modify-write the stored history
//! at the same time.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;

use super::{effects, BrowserSession};
use crate::engine::keys;
use crate::platform;

/// One call into the recorder.
pub(super) enum Job {
    /// Page views the loader noted while the recorder slept (its inbox, JSON text).
    Replay(String),
    Settle,
    Sync,
    Export(js_sys::Function),
    Preview(String),
    Push(Option<String>),
    Track(String, Option<String>),
    Identify(String),
    Navigate(String),
    React {
        gesture: String,
        report: String,
    },
    /// The gesture never reached the screen (the UI failed to load).
    NotShown(String),
    /// The page's trigger for the waiting gesture fired: show it now.
    Triggered(String),
    Consent(bool),
    Forget,
    /// The shopper's "stop showing me these".
    OptOut,
}

/// What the recorder's callbacks share.
pub(super) struct Shared {
    pub(super) session: RefCell<BrowserSession>,
    /// Oldest first (a `Vec`: a `VecDeque` costs the recorder more code for a short list).
    pub(super) jobs: RefCell<Vec<Job>>,
    on_gesture: js_sys::Function,
    /// A drain is already waiting for the cross-tab lock.
    scheduled: Cell<bool>,
    /// After `destroy`: jobs are dropped.
    stopped: Cell<bool>,
    /// After a fault in the UI: nothing more shows on this page.
    aside: Cell<bool>,
    /// A burst of jobs ended and its alarm is not stored yet.
    alarm_due: Cell<bool>,
    this: Weak<Shared>,
}

impl Shared {
    pub(super) fn new(session: BrowserSession, on_gesture: js_sys::Function) -> Rc<Shared> {
        Rc::new_cyclic(|this| Shared {
            session: RefCell::new(session),
            jobs: RefCell::new(Vec::new()),
            on_gesture,
            scheduled: Cell::new(false),
            stopped: Cell::new(false),
            aside: Cell::new(false),
            alarm_due: Cell::new(false),
            this: this.clone(),
        })
    }

    /// Queues a job and, unless a drain is already waiting, asks for the lock.
    pub(super) fn enqueue(&self, job: Job) {
        if self.stopped.get() {
            return;
        }
        self.jobs.borrow_mut().push(job);
        if self.scheduled.replace(true) {
            return;
        }
        let weak = self.this.clone();
        let run = Closure::once_into_js(move || {
            if let Some(shared) = weak.upgrade() {
                shared.scheduled.set(false);
                shared.drain();
            }
        });
        platform::with_lock(&run);
    }

    /// No job runs after this.
    pub(super) fn stop(&self) {
        self.stopped.set(true);
        if let Ok(mut jobs) = self.jobs.try_borrow_mut() {
            jobs.clear();
        }
    }

    /// Nothing more shows on this page (taken into the session at the next drain).
    pub(super) fn step_aside(&self) {
        self.aside.set(true);
    }

    /// Works off the queue; then stores one alarm for the whole burst of jobs.
    pub(super) fn drain(&self) {
        crate::fault::in_recorder(|| self.drain_jobs());
    }

    fn drain_jobs(&self) {
        if self.stopped.get() {
            return;
        }
        // A re-entrant call finds the session busy and leaves its job for the loop below.
        let Ok(mut session) = self.session.try_borrow_mut() else {
            return;
        };
        if self.aside.get() {
            session.step_aside();
        }
        // A page that replaced its dataLayer array: read the new one (its entries queue up
        // as jobs for this drain).
        platform::recheck_data_layer();
        // Take in what other tabs wrote before changing anything.
        session.sync();
        loop {
            if self.stopped.get() {
                break;
            }
            let job = {
                let mut jobs = self.jobs.borrow_mut();
                if jobs.is_empty() {
                    break;
                }
                jobs.remove(0)
            };
            run(&mut session, job);
            // Carried out between jobs, in order: host listeners may queue more jobs.
            effects::carry_out(session.take_effects(), &self.on_gesture, &self.this);
        }
        // The alarm probes hundreds of decisions: it is stored once the page is idle, after
        // the gesture this burst handed to the loader is on screen (and at once should the
        // page be left first: `store_alarm` on `pagehide`).
        if !self.alarm_due.replace(true) {
            let weak = self.this.clone();
            let later = Closure::once_into_js(move || {
                if let Some(shared) = weak.upgrade() {
                    shared.store_alarm();
                }
            });
            platform::when_idle(&later);
        }
    }

    /// Stores the alarm for the jobs done so far, if a burst's alarm is due.
    pub(super) fn store_alarm(&self) {
        crate::fault::in_recorder(|| {
            if self.stopped.get() || !self.alarm_due.get() {
                return;
            }
            // Busy (a drain in progress): that drain's own alarm follows it.
            let Ok(mut session) = self.session.try_borrow_mut() else {
                return;
            };
            self.alarm_due.set(false);
            if let Some(alarm) = session.alarm(platform::now()) {
                if let Ok(text) = serde_json::to_string(&alarm) {
                    platform::storage_set_key(keys::ALARM, &text);
                }
            }
        });
    }
}

fn run(session: &mut BrowserSession, job: Job) {
    let now = platform::now();
    match job {
        Job::Settle => {
            session.settle();
        }
        Job::Sync => {}
        Job::Replay(text) => {
            session.replay(&text);
            platform::storage_remove_key(keys::INBOX);
        }
        Job::Export(resolve) => {
            let text = serde_json::to_string(&session.device.history.export()).unwrap_or_default();
            let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&text));
        }
        Job::Preview(id) => session.preview(&id, now),
        Job::Push(json) => session.push(json.as_deref(), now),
        Job::Track(name, data) => session.track(&name, data.as_deref(), now),
        Job::Identify(json) => session.identify(&json, now),
        Job::Navigate(url) => session.navigate(&url, now),
        Job::React { gesture, report } => session.react(&gesture, &report, now),
        Job::NotShown(gesture) => session.not_shown(&gesture, now),
        Job::Triggered(gesture) => session.triggered(&gesture, now),
        Job::Consent(granted) => session.consent(granted, &platform::random_id()),
        Job::Forget => session.forget(&platform::random_id()),
        Job::OptOut => session.opt_out(&platform::random_id(), now),
    }
}
