//! What the shopper does with the gesture on screen, as the UI reports it: recorded (unless
//! it is a preview), announced, a feedback answer sent to the store's endpoint, and the
//! gesture taken off the screen when it closes.

use super::{Detail, Effect, Session};
use crate::engine::history::Store;
use crate::engine::reaction::Report;
use crate::engine::template::Formatter;
use crate::engine::time::Millis;

impl<S: Store, F: Formatter> Session<S, F> {
    /// What the UI reports about the gesture `gesture` (JSON text of a [`Report`]): recorded
    /// (unless it is a preview), announced, and a feedback answer sent to the store's
    /// endpoint. A gesture that closes leaves the screen.
    pub fn react(&mut self, gesture: &str, report: &str, now: Millis) {
        match Report::from_json(report) {
            Ok(r) => self.report_of(gesture, r, now),
            Err(e) => self.report(format!("unknown gesture report {report:?}: {e}")),
        }
    }

    /// The gesture `gesture` never reached the screen (the UI module failed to load, or
    /// refused it: an inline gesture whose element is not on the page): it closes, its show
    /// is taken back and the moment it answers is owed to a later page.
    pub fn not_shown(&mut self, gesture: &str, now: Millis) {
        let preview = self.preview.as_deref() == Some(gesture);
        if !preview && self.device.not_shown(gesture) {
            self.report_problems();
        }
        self.report_of(gesture, Report::Closed { reason: None }, now);
    }

    /// What the UI reports about the gesture `gesture`, already read: see [`react`](Self::react).
    pub fn report_of(&mut self, gesture: &str, report: Report, now: Millis) {
        let preview = self.preview.as_deref() == Some(gesture);
        let step = report.step();
        if report.closes() {
            if self.on_screen.as_deref() == Some(gesture) {
                self.on_screen = None;
            }
            // Still waiting for its trigger: it will not show on this page.
            if self.waiting.as_ref().is_some_and(|g| g.id == gesture) {
                self.waiting = None;
            }
            if preview {
                self.preview = None;
            }
            self.effects.push(Effect::Close(gesture.to_string()));
        }
        let mut detail = Detail {
            gesture_id: Some(gesture.to_string()),
            gesture_kind: self.device.config.gesture(gesture).map(|g| g.kind),
            preview: Some(preview),
            ..Detail::default()
        };
        match report {
            Report::Closed { reason } => detail.reason = reason,
            Report::FeedbackSubmitted { score, comment } => {
                let score = score.filter(|s| (0..=10).contains(s));
                let comment: Option<String> = comment.map(|c| {
                    c.chars()
                        .filter(|ch| !ch.is_control() || *ch == '\n')
                        .take(1000)
                        .collect()
                });
                if let (Some(url), false) = (&self.device.config.endpoints.feedback, preview) {
                    use crate::engine::json::{object, text};
                    let or_null = |s: Option<&str>| s.map_or_else(|| "null".into(), text);
                    let payload = object(&[
                        ("comment", or_null(comment.as_deref())),
                        ("gesture_id", text(gesture)),
                        ("page", or_null(self.page.url.as_deref())),
                        (
                            "score",
                            score.map_or_else(|| "null".into(), |s| s.to_string()),
                        ),
                    ]);
                    self.effects.push(Effect::Beacon {
                        url: url.clone(),
                        payload,
                    });
                }
                detail.score = Some(score);
                detail.comment = Some(comment);
            }
            _ => {}
        }
        self.alarm_dirty = true;
        if let (Some(r), false) = (step.reaction(), preview) {
            self.device.react(gesture, r, now);
            self.report_problems();
        }
        self.emit(step, detail);
    }
}
