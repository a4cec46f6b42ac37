//! Where a panic (a bug) is reported. The recorder's faults end the widget on the page; the
//! UI's end only the gesture on screen (the recorder steps aside and records on). When both
//! are one wasm module (the page where a gesture is likely), the panic is the recorder's if
//! it happened while the recorder was running a job or starting, and the UI's otherwise.

use std::cell::Cell;

thread_local! {
    /// The recorder is running (starting, or draining its jobs).
    static RECORDER_BUSY: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` as the recorder: a panic inside is the recorder's.
#[cfg(feature = "core")]
pub(crate) fn in_recorder<T>(f: impl FnOnce() -> T) -> T {
    let before = RECORDER_BUSY.with(|b| b.replace(true));
    let out = f();
    RECORDER_BUSY.with(|b| b.set(before));
    out
}

/// The module's one panic hook (the recorder's and, through Yew, the UI's).
pub(crate) fn report(info: &std::panic::PanicHookInfo) {
    let message = format!("internal error: {info}");
    let recorder = RECORDER_BUSY.with(Cell::get);
    #[cfg(feature = "ui")]
    if !(recorder && cfg!(feature = "core")) && crate::ui::host::fatal(&message) {
        return;
    }
    #[cfg(feature = "core")]
    crate::platform::fatal(&message);
    let _ = (recorder, message);
}
