//! The gesture's UI state: `GestureState::apply` is a pure transition; each action once,
//! and the ones that must not undo what came before.
#![cfg(all(target_arch = "wasm32", feature = "ui"))]

use std::rc::Rc;

use reciprocity::ui::state::{Action, CodeState, CopyState, GestureState};
use wasm_bindgen_test::*;
use yew::{AttrValue, Reducible};

wasm_bindgen_test_configure!(run_in_browser);

fn after(actions: Vec<Action>) -> GestureState {
    actions
        .into_iter()
        .fold(GestureState::default(), |s, a| s.apply(a))
}

#[wasm_bindgen_test]
fn ok_appear_and_close() {
    let s = after(vec![Action::Appear]);
    assert!(s.visible && !s.closed);
    let s = s.apply(Action::Close);
    assert!(s.closed);
}

#[wasm_bindgen_test]
fn ok_why_toggles_and_forget_sticks() {
    let s = after(vec![Action::ToggleWhy]);
    assert!(s.why_open);
    let s = after(vec![Action::ToggleWhy, Action::ToggleWhy, Action::Forgot]);
    assert!(!s.why_open && s.forgotten);
}

#[wasm_bindgen_test]
fn ok_reveal_loading_then_code_resets_copy() {
    let s = after(vec![Action::RevealStart]);
    assert_eq!(s.code, CodeState::Loading);
    let s = after(vec![
        Action::RevealStart,
        Action::Revealed(AttrValue::from("A1")),
        Action::Copied,
    ]);
    assert_eq!(s.code, CodeState::Revealed("A1".into()));
    assert_eq!(s.copy, CopyState::Copied);
    let s = s.apply(Action::Revealed(AttrValue::from("B2")));
    assert_eq!(s.copy, CopyState::Idle, "a new code is not copied yet");
}

#[wasm_bindgen_test]
fn err_reveal_again_keeps_a_revealed_code() {
    let s = after(vec![
        Action::Revealed(AttrValue::from("A1")),
        Action::RevealStart,
    ]);
    assert_eq!(s.code, CodeState::Revealed("A1".into()));
}

#[wasm_bindgen_test]
fn err_issuing_fails_then_retry() {
    let s = after(vec![Action::RevealStart, Action::RevealFailed]);
    assert_eq!(s.code, CodeState::Failed);
    assert_eq!(s.apply(Action::RevealStart).code, CodeState::Loading);
}

#[wasm_bindgen_test]
fn err_clipboard_refused_falls_back_to_manual() {
    assert_eq!(after(vec![Action::CopyRefused]).copy, CopyState::Manual);
}

#[wasm_bindgen_test]
fn ok_submit_clears_a_missing_score() {
    let s = after(vec![Action::MissingScore]);
    assert!(s.missing_score);
    let s = s.apply(Action::Submitted);
    assert!(s.submitted && !s.missing_score);
}

#[wasm_bindgen_test]
fn ok_picking_a_score_clears_a_missing_score() {
    let s = after(vec![Action::MissingScore, Action::ScorePicked]);
    assert!(!s.missing_score && !s.submitted);
    let again = s.apply(Action::ScorePicked);
    assert_eq!(again, s, "picking again changes nothing");
}

#[wasm_bindgen_test]
fn ok_reduce_keeps_the_same_rc_when_nothing_changed() {
    let s = Rc::new(after(vec![Action::Appear]));
    let same = Rc::clone(&s).reduce(Action::Appear);
    assert!(Rc::ptr_eq(&s, &same), "no render for a no-op");
    let other = Rc::clone(&s).reduce(Action::ToggleWhy);
    assert!(!Rc::ptr_eq(&s, &other));
}

#[wasm_bindgen_test]
fn ok_minimise_and_restore_keep_the_rest() {
    let s = after(vec![Action::Appear, Action::ToggleWhy, Action::Minimise]);
    assert!(s.minimised && s.visible && s.why_open && !s.closed);
    let s = s.apply(Action::Restore);
    assert!(!s.minimised && s.why_open);
    // Minimising twice changes nothing (no render).
    let once = Rc::new(after(vec![Action::Minimise]));
    let twice = once.clone().reduce(Action::Minimise);
    assert!(Rc::ptr_eq(&once, &twice));
}
