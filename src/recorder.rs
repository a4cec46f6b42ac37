//! The recorder/decider module's JavaScript API (feature `core`), used by the loader.
//!
//! It wires the engine's [`Device`] to the platform layer: every dataLayer push, `track`,
//! `identify` and navigation is recorded and decided on; a due gesture is handed to the
//! loader's `onGesture` callback as JSON (the loader then fetches the UI module). Reactions
//! come back through [`Recorder::react`]. Nothing here knows about the UI.
//!
//! Calls can arrive re-entrantly (a host listener of `reciprocity:shown` calling `track`);
//! they are queued and run one at a time, so the state is never borrowed twice.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use crate::engine::alarm::alarm;
use crate::engine::config::Config;
use crate::engine::decide::Context;
use crate::engine::device::Device;
use crate::engine::event::{from_data_layer, from_identify, from_track, Event, Input, Reaction};
use crate::engine::history::Appended;
use crate::engine::template::Formatter;
use crate::platform::{self, IntlFormatter, LocalStore};

/// Where the history is kept in `localStorage`.
pub const STORAGE_KEY: &str = "reciprocity";
/// Where the alarm for the loader is kept.
pub const ALARM_KEY: &str = "reciprocity:alarm";
/// Where the loader notes page views while the recorder sleeps.
pub const INBOX_KEY: &str = "reciprocity:inbox";

enum Job {
    /// Page views the loader noted while the recorder slept (JSON array of
    /// `{t, url, dl: [push JSON...], calls: [[name, data JSON]...]}`).
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
        step: String,
        detail: String,
    },
    Consent(bool),
    Forget,
}

struct State {
    device: Device<LocalStore>,
    fmt: IntlFormatter,
    on_gesture: js_sys::Function,
    /// The gesture on screen, if any: no second gesture while one is shown.
    on_screen: Option<String>,
    /// The preview on screen: its reactions are not recorded.
    preview: Option<String>,
    /// Storing is paused after `consent(false)`.
    consent: bool,
    /// The loader's hash of the config text, stored with the alarm.
    config_hash: String,
    /// The history changed since the alarm was last stored.
    alarm_dirty: bool,
    /// A store owner's preview page (`?reciprocity-preview=`): nothing is stored or decided,
    /// so the shopper's real history and caps stay untouched.
    preview_mode: bool,
    url: String,
    /// While the page's earlier pushes are read at start, events are collected here and one
    /// decision is made afterwards with all of them as its triggers.
    startup: Option<Vec<Event>>,
}

struct Shared {
    state: RefCell<State>,
    jobs: RefCell<VecDeque<Job>>,
    /// A drain is already waiting for the cross-tab lock.
    scheduled: std::cell::Cell<bool>,
    this: RefCell<std::rc::Weak<Shared>>,
}

/// The running recorder/decider.
#[wasm_bindgen]
pub struct Recorder {
    shared: Rc<Shared>,
    // Kept alive for as long as the page listens.
    _push: Closure<dyn FnMut(Option<String>)>,
    _nav: Closure<dyn FnMut(String)>,
}

fn emit(step: &str, detail: Value) {
    let detail_json = detail.to_string();
    platform::dispatch(step, &detail_json);
    let mut push = json!({"event": format!("reciprocity_{step}")});
    if let (Some(p), Value::Object(d)) = (push.as_object_mut(), detail) {
        for (k, v) in d {
            p.insert(k, v);
        }
    }
    platform::push_data_layer(&push.to_string());
}

/// Reports a problem on `reciprocity:error` and the dataLayer.
pub fn report(message: &str) {
    emit("error", json!({"message": message}));
}

fn parse_json(s: &str) -> Result<Value, String> {
    serde_json::from_str(s).map_err(|e| format!("not JSON: {e}"))
}

impl Shared {
    /// Queues a job; the queue is worked off while holding the cross-tab lock, so two tabs
    /// never read-modify-write the stored history at the same time.
    fn enqueue(&self, job: Job) {
        self.jobs.borrow_mut().push_back(job);
        if self.scheduled.replace(true) {
            return;
        }
        let weak = self.this.borrow().clone();
        let run = Closure::once_into_js(move || {
            if let Some(shared) = weak.upgrade() {
                shared.scheduled.set(false);
                shared.drain();
            }
        });
        platform::with_lock(&run);
    }

    fn drain(&self) {
        // A re-entrant call finds the state busy and leaves its job for the loop below.
        let Ok(mut state) = self.state.try_borrow_mut() else {
            return;
        };
        // Take in what other tabs wrote before changing anything.
        state.sync();
        loop {
            let Some(job) = self.jobs.borrow_mut().pop_front() else {
                break;
            };
            state.run(job);
        }
        // One alarm for the whole burst of jobs.
        if std::mem::take(&mut state.alarm_dirty) {
            state.set_alarm(platform::now());
        }
    }
}

impl State {
    fn now(&self) -> i64 {
        platform::now()
    }

    fn run(&mut self, job: Job) {
        let now = self.now();
        match job {
            Job::Settle => {
                emit("ready", json!({}));
                self.settle();
            }
            Job::Sync => {}
            Job::Replay(text) => self.replay(&text),
            Job::Export(resolve) => {
                let text = self.device.history.encode();
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&text));
            }
            Job::Preview(id) => self.preview(&id, now),
            Job::Push(json) => {
                let Some(json) = json else {
                    return report("dataLayer: a push could not be read (not JSON-safe)");
                };
                match parse_json(&json)
                    .and_then(|v| from_data_layer(&v, now).map_err(|e| e.to_string()))
                {
                    Ok(Some(input)) => self.input(input),
                    Ok(None) => {}
                    Err(e) => report(&format!("dataLayer: {e}")),
                }
            }
            Job::Track(name, data) => {
                let data = match data.as_deref().map(parse_json).transpose() {
                    Ok(d) => d,
                    Err(e) => return report(&format!("track: {e}")),
                };
                let name = Value::String(name);
                match from_track(&name, data.as_ref(), now) {
                    Ok(input) => self.input(input),
                    Err(e) => report(&e.to_string()),
                }
            }
            Job::Identify(json) => match parse_json(&json)
                .and_then(|v| from_identify(&v, now).map_err(|e| e.to_string()))
            {
                Ok(input) => self.input(input),
                Err(e) => report(&e),
            },
            Job::Navigate(url) => {
                self.url = url.clone();
                let mut e = Event::new("page_view", now);
                e.url = Some(url);
                self.input(Input::Event(e));
            }
            Job::React {
                gesture,
                step,
                detail,
            } => self.react(&gesture, &step, &detail, now),
            Job::Consent(granted) => {
                self.consent = granted;
                if granted {
                    self.persist();
                } else if let Err(e) = self.device.forget(&platform::random_id()) {
                    report(&e.to_string());
                }
            }
            Job::Forget => {
                if let Err(e) = self.device.forget(&platform::random_id()) {
                    report(&e.to_string());
                }
                emit("forgotten", json!({}));
            }
        }
    }

    /// Another tab may have changed the history: take it in, and close the gesture on
    /// screen when it was dismissed or used there.
    fn sync(&mut self) {
        if !self.device.sync() {
            return;
        }
        let Some(id) = self.on_screen.clone() else {
            return;
        };
        if self.preview.is_some() {
            return;
        }
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
            let _ = self.on_gesture.call1(
                &JsValue::NULL,
                &JsValue::from_str(&json!({"close": id}).to_string()),
            );
        }
    }

    /// Records what happened on the pages where the recorder did not run, with their times.
    fn replay(&mut self, text: &str) {
        let Ok(Value::Array(pages)) = serde_json::from_str::<Value>(text) else {
            return report("inbox: unreadable, dropped");
        };
        for p in pages.iter().take(500) {
            let Some(at) = p.get("t").and_then(Value::as_i64) else {
                continue;
            };
            let mut e = Event::new("page_view", at);
            e.url = p.get("url").and_then(Value::as_str).map(str::to_string);
            self.device.history.append(Input::Event(e));
            for push in p.get("dl").and_then(Value::as_array).into_iter().flatten() {
                let v = push
                    .as_str()
                    .and_then(|s| serde_json::from_str::<Value>(s).ok())
                    .unwrap_or(Value::Null);
                if let Ok(Some(input)) = from_data_layer(&v, at) {
                    self.device.history.append(input);
                }
            }
            for call in p
                .get("calls")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let name = call.get(0).cloned().unwrap_or(Value::Null);
                let data = call
                    .get(1)
                    .and_then(Value::as_str)
                    .and_then(|s| serde_json::from_str::<Value>(s).ok());
                if let Ok(input) = from_track(&name, data.as_ref(), at) {
                    self.device.history.append(input);
                }
            }
        }
        self.persist();
        platform::storage_remove_key(INBOX_KEY);
    }

    /// Stores the alarm the loader checks on the next page views.
    fn set_alarm(&mut self, now: i64) {
        if self.preview_mode || !self.consent {
            return;
        }
        let a = alarm(
            &self.device.config,
            &self.device.history,
            now,
            platform::timezone_offset(),
            &self.fmt,
        );
        let record = json!({"v": a.v, "at": a.at, "events": a.events, "urls": a.urls, "config": self.config_hash});
        platform::storage_set_key(ALARM_KEY, &record.to_string());
    }

    fn preview(&mut self, id: &str, now: i64) {
        let url = self.url.clone();
        let ctx = Context {
            now,
            offset_min: platform::timezone_offset(),
            url: Some(&url),
            events: &[],
        };
        match self.device.preview(id, &ctx, &self.fmt) {
            Some(g) => {
                self.on_screen = Some(g.id.clone());
                self.preview = Some(g.id.clone());
                self.show(&g);
            }
            None => report(&format!("preview: no gesture with id {id:?}")),
        }
    }

    fn persist(&mut self) {
        if !self.consent || self.preview_mode {
            return;
        }
        let before = self.device.problems.len();
        let _ = self.device.persist();
        self.report_new_problems(before);
    }

    fn report_new_problems(&mut self, before: usize) {
        let news: Vec<String> = self.device.problems[before..]
            .iter()
            .map(ToString::to_string)
            .collect();
        for p in news {
            report(&p);
        }
    }

    /// Records an input; a storefront event is also a decision point.
    fn input(&mut self, mut input: Input) {
        if let Input::Event(e) = &mut input {
            if e.url.is_none() {
                e.url = Some(self.url.clone());
            }
        }
        let appended = self.device.history.append(input.clone());
        if appended == Appended::Recorded {
            self.persist();
        }
        if let Input::Event(e) = input {
            if appended != Appended::Recorded {
                // A repeated purchase (a reloaded confirmation page) decides nothing new.
                return;
            }
            match &mut self.startup {
                Some(events) => events.push(e),
                None => self.decide(std::slice::from_ref(&e)),
            }
        }
    }

    /// Ends start-up: one decision for everything the page did before we loaded.
    fn settle(&mut self) {
        let Some(events) = self.startup.take() else {
            return;
        };
        self.decide(&events);
    }

    fn decide(&mut self, triggers: &[Event]) {
        let Some(trigger) = triggers.last() else {
            return;
        };
        if self.on_screen.is_some() || self.preview_mode {
            return;
        }
        platform::recheck_data_layer();
        let ctx = Context {
            now: trigger.at,
            offset_min: platform::timezone_offset(),
            url: Some(&self.url),
            events: triggers,
        };
        let decision = self.device.decide(&ctx, &self.fmt);
        if let Some(g) = decision.gesture {
            self.on_screen = Some(g.id.clone());
            self.device
                .history
                .append(Input::Gesture(crate::engine::event::GestureReaction {
                    at: trigger.at,
                    gesture: g.id.clone(),
                    reaction: Reaction::Shown,
                    gives: g.role == "give",
                }));
            self.persist();
            self.show(&g);
        }
        self.alarm_dirty = true;
    }

    fn show(&mut self, g: &crate::engine::decide::Shown) {
        let locale = self.fmt.locale().to_string();
        let view = json!({
            "gesture": g,
            "theme": self.device.config.theme,
            "locale": locale,
            "dir": platform::text_direction(&locale),
        });
        emit(
            "shown",
            json!({"gesture_id": g.id, "gesture_kind": g.kind, "preview": g.preview}),
        );
        let _ = self
            .on_gesture
            .call1(&JsValue::NULL, &JsValue::from_str(&view.to_string()));
    }

    fn react(&mut self, gesture: &str, step: &str, detail: &str, now: i64) {
        let detail: Value = parse_json(detail).unwrap_or(Value::Null);
        let preview = self.preview.as_deref() == Some(gesture);
        let reaction = match step {
            "dismissed" => Some(Reaction::Dismissed),
            "acted" => Some(Reaction::Acted),
            "code_revealed" => Some(Reaction::CodeRevealed),
            "code_copied" => Some(Reaction::CodeCopied),
            "feedback_submitted" => Some(Reaction::FeedbackSubmitted),
            "closed" => None,
            _ => return report(&format!("unknown gesture step {step:?}")),
        };
        if matches!(step, "dismissed" | "closed") {
            self.on_screen = None;
            if preview {
                self.preview = None;
            }
        }
        let kind = self
            .device
            .config
            .gesture(gesture)
            .map(|g| g.kind.as_str())
            .unwrap_or("");
        let mut out = json!({"gesture_id": gesture, "gesture_kind": kind, "preview": preview});
        if let Some(reason) = detail.get("reason").and_then(Value::as_str) {
            out["reason"] = json!(reason.chars().take(40).collect::<String>());
        }
        if step == "feedback_submitted" {
            let score = detail
                .get("score")
                .and_then(Value::as_i64)
                .filter(|s| (0..=10).contains(s));
            let comment: Option<String> = detail.get("comment").and_then(Value::as_str).map(|c| {
                c.chars()
                    .filter(|ch| !ch.is_control() || *ch == '\n')
                    .take(1000)
                    .collect()
            });
            out["score"] = json!(score);
            out["comment"] = json!(comment);
            if let (Some(url), false) = (&self.device.config.endpoints.feedback, preview) {
                let payload = json!({"gesture_id": gesture, "score": score, "comment": comment, "page": self.url});
                platform::send_beacon(url, &payload.to_string());
            }
        }
        self.alarm_dirty = true;
        if let (Some(r), false) = (reaction, preview) {
            self.device
                .history
                .append(Input::Gesture(crate::engine::event::GestureReaction {
                    at: now,
                    gesture: gesture.to_string(),
                    reaction: r,
                    gives: false,
                }));
            self.persist();
        }
        emit(step, out);
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
        if what == "panic" {
            panic!("deliberate fault requested by reciprocity('debug', 'panic')");
        }
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

    /// A reaction from the UI: `dismissed`, `acted`, `code_revealed`, `code_copied`,
    /// `feedback_submitted` (detail `{score, comment}`), or `closed` (removed without a
    /// dismissal, e.g. an expired code).
    pub fn react(&self, gesture: String, step: String, detail: String) {
        self.shared.enqueue(Job::React {
            gesture,
            step,
            detail,
        });
    }

    /// Fetches a single-use code from the gesture's issuing URL (a promise of the code).
    #[wasm_bindgen(js_name = issueCode)]
    pub fn issue_code(&self, gesture: &str) -> js_sys::Promise {
        let url = self.shared.state.try_borrow().ok().and_then(|s| {
            s.device
                .config
                .gesture(gesture)
                .and_then(|g| g.code.as_ref()?.issue_url.clone())
        });
        match url {
            Some(u) => platform::fetch_code(&u, &json!({"gesture_id": gesture}).to_string()),
            None => js_sys::Promise::reject(&JsValue::from_str("this gesture has no issuing URL")),
        }
    }
}

/// Starts recording: loads the history, replays the loader's inbox (pages where the recorder
/// slept), records this page view, reads the dataLayer
/// (entries pushed before we loaded, then every later push) and follows navigation. The
/// first decision waits for [`Recorder::settle`].
/// `on_gesture` receives `{gesture, theme, locale, dir}` JSON whenever a gesture is due;
/// `serializer` is the loader's function that turns a dataLayer entry into JSON text.
#[wasm_bindgen]
pub fn start(
    config_json: &str,
    on_gesture: js_sys::Function,
    locale: Option<String>,
    preview: bool,
    config_hash: Option<String>,
    inbox: Option<String>,
    serializer: JsValue,
) -> Result<Recorder, JsError> {
    let config = Config::parse(config_json).map_err(|errs| {
        let list: Vec<String> = errs.iter().map(ToString::to_string).collect();
        JsError::new(&format!("config: {}", list.join("; ")))
    })?;
    let locale = locale
        .filter(|l| !l.is_empty())
        .unwrap_or_else(platform::shopper_locale);
    let store = LocalStore::new(STORAGE_KEY);
    let raw = crate::engine::history::Store::load(&store).ok().flatten();
    let device = Device::open(config, store, &platform::random_id());
    let url = platform::page_url();
    let mut state = State {
        device,
        fmt: IntlFormatter::new(&locale),
        on_gesture,
        on_screen: None,
        preview: None,
        consent: true,
        config_hash: config_hash.unwrap_or_default(),
        alarm_dirty: false,
        preview_mode: preview,
        url: url.clone(),
        startup: Some(Vec::new()),
    };
    if !state.device.problems.is_empty() {
        if let (Some(raw), true) = (
            raw,
            state
                .device
                .problems
                .iter()
                .any(|p| matches!(p, crate::engine::history::StoreError::Corrupt(_))),
        ) {
            state.device.store().keep_aside(&raw);
        }
        state.report_new_problems(0);
    }
    let shared = Rc::new(Shared {
        state: RefCell::new(state),
        jobs: RefCell::new(VecDeque::new()),
        scheduled: std::cell::Cell::new(false),
        this: RefCell::new(std::rc::Weak::new()),
    });
    *shared.this.borrow_mut() = Rc::downgrade(&shared);
    // A panic inside the wasm (a bug) is reported as fatal: the loader removes the widget.
    std::panic::set_hook(Box::new(|info| {
        platform::fatal(&format!("internal error: {info}"))
    }));
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
    platform::on_storage_change(STORAGE_KEY, &storage);
    storage.forget();
    // Leaving the page (a followed link, a closed tab) cannot wait for the lock: write what
    // is still queued now. `drain` reads other tabs' writes first, so little can be lost.
    let s = Rc::clone(&shared);
    let hide = Closure::<dyn FnMut()>::new(move || {
        if !s.jobs.borrow().is_empty() {
            s.drain();
        }
    });
    platform::on_page_hide(&hide);
    hide.forget();
    Ok(Recorder {
        shared,
        _push: push,
        _nav: nav,
    })
}
