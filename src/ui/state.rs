//! The gesture's UI state as a pure transition function; Yew only wires it (a `Reducible`
//! that returns the same `Rc` when nothing changed, so no render happens).

use std::rc::Rc;

use yew::{AttrValue, Reducible};

/// Where a code is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CodeState {
    /// Not revealed yet.
    #[default]
    Hidden,
    /// Being fetched from the store's issuing URL.
    Loading,
    /// Revealed.
    Revealed(AttrValue),
    /// The issuing URL failed; the shopper may retry.
    Failed,
}

/// Copy outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CopyState {
    /// Not copied.
    #[default]
    Idle,
    /// Copied to the clipboard.
    Copied,
    /// The clipboard was refused: the code is selected for a manual copy.
    Manual,
}

/// The state of one gesture on screen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GestureState {
    /// Rendered into the live region (after the first paint, so it is announced).
    pub visible: bool,
    /// The "why" panel is open.
    pub why_open: bool,
    /// The device's memory was wiped from the why panel.
    pub forgotten: bool,
    /// The code.
    pub code: CodeState,
    /// The copy.
    pub copy: CopyState,
    /// Feedback was sent.
    pub submitted: bool,
    /// A feedback submit without a score.
    pub missing_score: bool,
    /// Closed: off the screen, waiting to be removed.
    pub closed: bool,
    /// Collapsed to the tab (the `tab` format, minimised, or moved off the page's primary
    /// action): not a dismissal, nothing is recorded.
    pub minimised: bool,
}

/// What can happen to a gesture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// First paint done: show it.
    Appear,
    /// Open or close the why panel.
    ToggleWhy,
    /// The device forgot everything.
    Forgot,
    /// Reveal started (an issued code is loading).
    RevealStart,
    /// The code is known.
    Revealed(AttrValue),
    /// The issuing URL failed.
    RevealFailed,
    /// Copied.
    Copied,
    /// The clipboard refused.
    CopyRefused,
    /// Submit pressed without a score.
    MissingScore,
    /// A score was picked: the "choose a score" message goes.
    ScorePicked,
    /// Feedback sent.
    Submitted,
    /// Dismissed or closed: leave the screen now.
    Close,
    /// Collapse to the tab.
    Minimise,
    /// Open again from the tab.
    Restore,
}

impl GestureState {
    /// The next state.
    pub fn apply(&self, action: Action) -> GestureState {
        let mut s = self.clone();
        match action {
            Action::Appear => s.visible = true,
            Action::ToggleWhy => s.why_open = !s.why_open,
            Action::Forgot => s.forgotten = true,
            Action::RevealStart if !matches!(s.code, CodeState::Revealed(_)) => {
                s.code = CodeState::Loading
            }
            Action::RevealStart => {}
            Action::Revealed(code) => {
                s.code = CodeState::Revealed(code);
                s.copy = CopyState::Idle;
            }
            Action::RevealFailed => s.code = CodeState::Failed,
            Action::Copied => s.copy = CopyState::Copied,
            Action::CopyRefused => s.copy = CopyState::Manual,
            Action::MissingScore => s.missing_score = true,
            Action::ScorePicked => s.missing_score = false,
            Action::Submitted => {
                s.submitted = true;
                s.missing_score = false;
            }
            Action::Close => s.closed = true,
            Action::Minimise => s.minimised = true,
            Action::Restore => s.minimised = false,
        }
        s
    }
}

impl Reducible for GestureState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.apply(action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}
