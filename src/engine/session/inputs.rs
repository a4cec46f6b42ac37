//! The page's inputs as the browser hands them over (JSON text written by the loader's
//! serializer), read into engine inputs and fed to [`Session::input`]; a value that cannot
//! be read is reported, never dropped silently.

use serde_json::Value;

use super::Session;
use crate::engine::consent;
use crate::engine::decide::Context;
use crate::engine::event::{from_data_layer, from_identify, from_track, Event, Input};
use crate::engine::history::{Appended, Store};
use crate::engine::owed::Hold;
use crate::engine::page::host;
use crate::engine::template::Formatter;
use crate::engine::time::Millis;

/// The most page views replayed from the loader's inbox at once.
const INBOX_PAGES: usize = 500;

impl<S: Store, F: Formatter> Session<S, F> {
    /// A dataLayer entry as JSON text (`None`: the page's value could not be read).
    pub fn push(&mut self, json: Option<&str>, now: Millis) {
        let Some(json) = json else {
            return self.report("dataLayer: a push could not be read (not JSON-safe)");
        };
        let value = match parse_json(json) {
            Ok(v) => v,
            Err(e) => return self.report(format!("dataLayer: {e}")),
        };
        if let Some(signal) = consent::signal(&value) {
            let fresh = self.page.fresh_id.clone();
            return self.consent_mode(signal, &fresh);
        }
        match from_data_layer(&value, now).map_err(|e| e.to_string()) {
            Ok(Some(input)) => {
                self.input(input);
            }
            Ok(None) => {}
            Err(e) => self.report(format!("dataLayer: {e}")),
        }
    }

    /// `reciprocity('track', name, data)`; `data` is JSON text.
    pub fn track(&mut self, name: &str, data: Option<&str>, now: Millis) {
        let data = match data.map(parse_json).transpose() {
            Ok(d) => d,
            Err(e) => return self.report(format!("track: {e}")),
        };
        match from_track(&Value::String(name.to_string()), data.as_ref(), now) {
            Ok(input) => {
                self.input(input);
            }
            Err(e) => self.report(e.to_string()),
        }
    }

    /// `reciprocity('identify', facts)`; JSON text.
    pub fn identify(&mut self, json: &str, now: Millis) {
        match parse_json(json).and_then(|v| from_identify(&v, now).map_err(|e| e.to_string())) {
            Ok(input) => {
                self.input(input);
            }
            Err(e) => self.report(e),
        }
    }

    /// A page view of `url` (the first one, or a single-page app's navigation).
    pub fn navigate(&mut self, url: &str, now: Millis) {
        self.page.url = Some(url.to_string());
        self.purchased_here = false;
        let mut e = Event::new("page_view", now);
        e.url = Some(url.to_string());
        // The page's referrer is the referrer of its first page view only (a single-page
        // app's navigations keep `document.referrer`).
        e.referrer = self.page.referrer.take().as_deref().and_then(host);
        self.input(Input::Event(e));
    }

    /// Records what happened on the pages where the recorder did not run, with their
    /// times: the loader's inbox, a JSON array of
    /// `{t, url, ref, dl: [push JSON...], calls: [[name, data JSON]...]}` (`ref`: the page's
    /// referrer, of which only the host is kept), a call named `identify`
    /// carrying facts (written by the loader
    /// on quiet pages, and by platform integrations such as the Shopify pixel on order pages
    /// where no storefront script runs). Entries that cannot be read are skipped. Those pages
    /// are over: nothing shows for them, but a moment they held (a purchase, a review) is
    /// decided on there and then, and what comes due is owed to the next page.
    pub fn replay(&mut self, text: &str) {
        let Ok(Value::Array(pages)) = serde_json::from_str::<Value>(text) else {
            return self.report("inbox: unreadable, dropped");
        };
        for p in pages.iter().take(INBOX_PAGES) {
            let Some(at) = p.get("t").and_then(Value::as_i64) else {
                continue;
            };
            let url = p.get("url").and_then(Value::as_str).map(str::to_string);
            let referrer = p.get("ref").and_then(Value::as_str).and_then(host);
            let mut inputs = vec![Input::Event(Event {
                url: url.clone(),
                referrer,
                ..Event::new("page_view", at)
            })];
            for push in p.get("dl").and_then(Value::as_array).into_iter().flatten() {
                let v = push
                    .as_str()
                    .and_then(|s| serde_json::from_str::<Value>(s).ok())
                    .unwrap_or(Value::Null);
                if let Ok(Some(input)) = from_data_layer(&v, at) {
                    inputs.push(input);
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
                // `["identify", facts]`: what a platform knows of the customer (the Shopify
                // pixel's buyer), taken in after the page's events.
                let input = if name == "identify" {
                    data.as_ref().and_then(|d| from_identify(d, at).ok())
                } else {
                    from_track(&name, data.as_ref(), at).ok()
                };
                inputs.extend(input);
            }
            let mut recorded = Vec::new();
            for mut input in inputs {
                if let Input::Event(e) = &mut input {
                    if e.url.is_none() {
                        e.url.clone_from(&url);
                    }
                    let e = e.clone();
                    if self.device.append(input) == Appended::Recorded {
                        recorded.push(e);
                    }
                } else {
                    self.device.append(input);
                }
            }
            if recorded.iter().any(|e| e.name != "page_view") && !self.page.preview_mode {
                let mut ctx = Context::new(at, self.page.offset_min, url.as_deref(), &recorded);
                ctx.hold = Some(Hold::Away);
                self.device.decide_and_remember(&ctx, &self.fmt);
            }
        }
        self.alarm_dirty = true;
        self.persist();
    }
}

fn parse_json(s: &str) -> Result<Value, String> {
    serde_json::from_str(s).map_err(|e| format!("not JSON: {e}"))
}
