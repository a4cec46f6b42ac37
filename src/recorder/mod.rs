//! The recorder/decider module's JavaScript API (feature `core`), used by the loader.
//!
//! A thin layer over the engine's [`Session`]: every dataLayer push, `track`, `identify`,
//! navigation and reaction becomes a [`Job`]; jobs run one at a time under the cross-tab lock
//! ([`queue`]); each is handed to the session, and the [`Effect`]s it returns are carried
//! out on the page ([`effects`]). A due gesture reaches the loader's `onGesture` callback as
//! JSON (the loader then fetches the UI module). Nothing here knows about the UI, and nothing
//! here decides: the session does, natively tested with the in-memory store.

mod effects;
mod queue;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::engine::config::Config;
use crate::engine::device::Device;
use crate::engine::history::Store;
use crate::engine::keys;
use crate::engine::session::{is_corrupt, Dir, PageOptions, Session};
use crate::platform::{self, IntlFormatter, LocalStore};

use queue::{Job, Shared};

/// The session as the browser runs it.
type BrowserSession = Session<LocalStore, IntlFormatter>;

/// The running recorder/decider.
#[wasm_bindgen]
pub struct Recorder {
    shared: Rc<Shared>,
    /// The page's callbacks into the recorder, kept alive for as long as the page listens;
    /// dropped by `destroy`.
    hooks: RefCell<Hooks>,
}

/// The closures the page calls, held only to keep them alive.
#[derive(Default)]
struct Hooks {
    _listeners: Vec<Closure<dyn FnMut()>>,
    _push: Option<Closure<dyn FnMut(Option<String>)>>,
    _nav: Option<Closure<dyn FnMut(String)>>,
}

impl Hooks {
    fn clear(&mut self) {
        *self = Hooks::default();
    }
}

#[wasm_bindgen]
impl Recorder {
    /// Ends start-up, once the calls queued before loading are replayed: emits `ready` and
    /// makes one decision for everything this page did so far.
    pub fn settle(&self) {
        self.shared.enqueue(Job::Settle);
    }

    /// Another tab wrote the history (the `storage` event): take it in.
    pub fn sync(&self) {
        self.shared.enqueue(Job::Sync);
    }

    /// Fault injection for the test suite: `reciprocity('debug', 'panic')` panics inside the
    /// wasm, which must remove the widget and leave the page working.
    pub fn debug(&self, what: &str) {
        crate::fault::in_recorder(|| {
            if what == "panic" {
                panic!("deliberate fault requested by reciprocity('debug', 'panic')");
            }
        })
    }

    /// `reciprocity('track', name, data)`; `data` is JSON text.
    pub fn track(&self, name: String, data: Option<String>) {
        self.shared.enqueue(Job::Track(name, data));
    }

    /// `reciprocity('identify', facts)`; JSON text.
    pub fn identify(&self, facts: String) {
        self.shared.enqueue(Job::Identify(facts));
    }

    /// `reciprocity('consent', granted)`: without consent nothing is stored.
    pub fn consent(&self, granted: bool) {
        self.shared.enqueue(Job::Consent(granted));
    }

    /// `reciprocity('forget')`: wipes what the device remembers.
    pub fn forget(&self) {
        self.shared.enqueue(Job::Forget);
    }

    /// The shopper's "stop showing me these" (the "why" panel): forgets everything and keeps
    /// only that choice; nothing is shown or recorded on this device again.
    #[wasm_bindgen(js_name = optOut)]
    pub fn opt_out(&self) {
        self.shared.enqueue(Job::OptOut);
    }

    /// `reciprocity('export')`: calls `resolve` with the stored data as JSON text, after the
    /// inputs queued before it.
    pub fn export(&self, resolve: js_sys::Function) {
        self.shared.enqueue(Job::Export(resolve));
    }

    /// `reciprocity('preview', id)`: shows a gesture for the store owner, outside the rules
    /// and without recording anything.
    pub fn preview(&self, id: String) {
        self.shared.enqueue(Job::Preview(id));
    }

    /// What the UI reports about gesture `gesture`: JSON text of the engine's
    /// [`Report`](crate::engine::reaction::Report) (`{"step": "dismissed"}`,
    /// `{"step": "feedback_submitted", "score": 9, "comment": "..."}`, ...).
    pub fn react(&self, gesture: String, report: String) {
        self.shared.enqueue(Job::React { gesture, report });
    }

    /// The gesture could not reach the screen (the UI module failed to load): it is closed
    /// without a dismissal.
    #[wasm_bindgen(js_name = notShown)]
    pub fn not_shown(&self, gesture: String) {
        self.shared.enqueue(Job::NotShown(gesture));
    }

    /// The debug view's document (`?reciprocity-debug`): this page's decisions and their
    /// reasons, the gesture on screen, the moments owed (see `Session::debug_json`).
    #[cfg(feature = "reasons")]
    #[wasm_bindgen(js_name = debugReport)]
    pub fn debug_report(&self) -> String {
        crate::fault::in_recorder(|| {
            self.shared
                .session
                .try_borrow()
                .map(|s| s.debug_json())
                .unwrap_or_default()
        })
    }

    /// Whether a gesture may show on this page (not a `budget.never_on` page): the loader
    /// fetches the UI early only then.
    #[wasm_bindgen(js_name = mayShowHere)]
    pub fn may_show_here(&self) -> bool {
        crate::fault::in_recorder(|| {
            self.shared
                .session
                .try_borrow()
                .map(|s| s.may_show_here())
                .unwrap_or(false)
        })
    }

    /// Fetches a single-use code from the gesture's issuing URL (a promise of the code).
    #[wasm_bindgen(js_name = issueCode)]
    pub fn issue_code(&self, gesture: &str) -> js_sys::Promise {
        crate::fault::in_recorder(|| self.issue(gesture))
    }

    fn issue(&self, gesture: &str) -> js_sys::Promise {
        let url = self.shared.session.try_borrow().ok().and_then(|s| {
            s.device
                .config
                .gesture(gesture)
                .and_then(|g| g.code.as_ref()?.issue_url.clone())
        });
        match url {
            Some(u) => {
                let body = crate::engine::json::object(&[(
                    "gesture_id",
                    crate::engine::json::text(gesture),
                )]);
                platform::fetch_code(&u, &body)
            }
            None => js_sys::Promise::reject(&JsValue::from_str("this gesture has no issuing URL")),
        }
    }

    /// Stops recording: removes every listener, hook and timer the recorder added to the
    /// page (the dataLayer `push` wrapper, navigation hooks, storage and page-hide
    /// listeners). Calls still waiting for the cross-tab lock are dropped: the store owner
    /// asked for the widget to go, and running them now, outside the lock, could overwrite
    /// another tab's writes. Safe to call from inside a call into the recorder.
    pub fn destroy(&self) {
        crate::fault::in_recorder(|| {
            self.shared.stop();
            platform::stop();
            if let Ok(mut hooks) = self.hooks.try_borrow_mut() {
                hooks.clear();
            }
        })
    }

    /// After a fault in the UI module: nothing more shows on this page, but the recorder
    /// goes on recording, and a moment that comes due is owed to a later page.
    #[wasm_bindgen(js_name = stepAside)]
    pub fn step_aside(&self) {
        crate::fault::in_recorder(|| self.shared.step_aside())
    }
}

/// Starts recording: loads the history, replays the loader's inbox (pages where the recorder
/// slept), records this page view, reads the dataLayer
/// (entries pushed before we loaded, then every later push) and follows navigation. The
/// first decision waits for [`Recorder::settle`].
/// `on_gesture` receives the engine's [`View`](crate::engine::session::View) as JSON
/// whenever a gesture is due, and `{"close": id}` when it must leave the screen;
/// `serializer` is the loader's function that turns a dataLayer entry into JSON text;
/// `consent` is the page's Google Consent Mode for `personalization_storage` as the loader
/// found it in the dataLayer (`None`: the page does not use it); `debug` keeps the page's
/// decisions for the owner's debug view.
// The loader's one call into the module: plain arguments keep the JavaScript side free of
// an options object the two would have to agree on.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn start(
    config_json: &str,
    on_gesture: js_sys::Function,
    locale: Option<String>,
    preview: bool,
    config_hash: Option<String>,
    inbox: Option<String>,
    serializer: JsValue,
    consent: Option<bool>,
    debug: bool,
) -> Result<Recorder, JsError> {
    let config = Config::parse(config_json).map_err(|errs| {
        // "config: a; b": written out, as `join` on a list of `String`s is the only one of
        // its kind in the recorder (65 bytes, brotli).
        let mut msg = String::from("config: ");
        for (i, e) in errs.iter().enumerate() {
            if i > 0 {
                msg.push_str("; ");
            }
            msg.push_str(&e.to_string());
        }
        JsError::new(&msg)
    })?;
    let locale = locale
        .filter(|l| !l.is_empty())
        .unwrap_or_else(platform::shopper_locale);
    // `<html lang="fr_CA">` is common; `Intl` only takes `fr-CA`.
    let locale = crate::engine::locale::tag(&locale);
    let store = LocalStore::new(keys::HISTORY);
    let raw = store.load().ok().flatten();
    let device = Device::open(config, store, &platform::random_id());
    let first_visit_possible = device.history.agg.sessions <= 1;
    if let (Some(raw), true) = (raw, is_corrupt(&device.problems)) {
        // Kept aside before the first write replaces it.
        device.store().keep_aside(&raw);
    }
    let url = platform::page_url();
    let dir = if crate::engine::locale::is_rtl(&locale) {
        Dir::Rtl
    } else {
        Dir::Ltr
    };
    let page = PageOptions {
        url: Some(url.clone()),
        offset_min: platform::timezone_offset(),
        locale: locale.clone(),
        dir,
        preview_mode: preview,
        config_hash: config_hash.unwrap_or_default(),
        consent,
        fresh_id: platform::random_id(),
        device: Some(platform::device_class()),
        referrer: platform::referrer(),
        debug,
        // Read only where it can matter: a device that remembers more than one visit is past
        // its first whatever this tab did (the first `sessionStorage` read costs a few ms).
        forgot: first_visit_possible && platform::tab_flag(keys::FORGOT, false),
    };
    let session = Session::new(device, IntlFormatter::new(&locale), page);
    let shared = Shared::new(session, on_gesture);
    // A panic inside the wasm (a bug) is reported as fatal: the loader removes the widget.
    std::panic::set_hook(Box::new(crate::fault::report));
    // What earlier pages did while we slept, then this page view, then what this page
    // pushed before we loaded.
    if let (Some(text), false) = (inbox, preview) {
        shared.enqueue(Job::Replay(text));
    }
    shared.enqueue(Job::Navigate(url));
    let s = Rc::clone(&shared);
    let push = Closure::<dyn FnMut(Option<String>)>::new(move |json| s.enqueue(Job::Push(json)));
    platform::hook_data_layer(&push, &serializer);
    let s = Rc::clone(&shared);
    let nav = Closure::<dyn FnMut(String)>::new(move |url| s.enqueue(Job::Navigate(url)));
    platform::hook_navigation(&nav);
    let s = Rc::clone(&shared);
    let storage = Closure::<dyn FnMut()>::new(move || s.enqueue(Job::Sync));
    platform::on_storage_change(keys::HISTORY, &storage);
    // Leaving the page (a followed link, a closed tab) cannot wait for the lock: write what
    // is still queued now. `drain` reads other tabs' writes first, so little can be lost.
    let s = Rc::clone(&shared);
    let hide = Closure::<dyn FnMut()>::new(move || {
        if !s.jobs.borrow().is_empty() {
            s.drain();
        }
        s.store_alarm();
    });
    platform::on_page_hide(&hide);
    Ok(Recorder {
        shared,
        hooks: RefCell::new(Hooks {
            _listeners: vec![storage, hide],
            _push: Some(push),
            _nav: Some(nav),
        }),
    })
}
