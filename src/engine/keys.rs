//! Where the widget keeps things in the browser's `localStorage`. The loader reads and
//! writes the same keys; `tests/cases/storage.json` pins both sides to these values.

/// The shopper's history (the engine's encoded [`History`](super::history::History)).
pub const HISTORY: &str = "reciprocity";
/// The alarm the recorder leaves for the loader ([`Alarm`](super::alarm::Alarm) as JSON).
pub const ALARM: &str = "reciprocity:alarm";
/// Page views the loader noted while the recorder slept (replayed by
/// [`Session::replay`](super::session::Session::replay)).
pub const INBOX: &str = "reciprocity:inbox";
/// The last `identify` facts, so the loader can tell whether new ones wake the recorder.
pub const FACTS: &str = "reciprocity:facts";
/// In the tab's `sessionStorage`, the recorder's alone: the device was told to forget
/// earlier in this tab, so the rest of the visit is no first visit. It goes with the tab.
pub const FORGOT: &str = "reciprocity:forgot";
