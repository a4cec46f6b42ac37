//! The store owner's studio (feature `studio`): a Yew application, served from
//! `www/studio/` and built into `dist/studio/`, where the owner writes the config through
//! forms (the JSON kept in step), sees the engine's problems at each field, previews each
//! gesture with the real gesture components, rehearses a shopper's journey with the real
//! engine, and exports the config, the embed snippet and the journey.
//!
//! Everything runs in the browser: the engine is compiled in, the example config, the
//! starters and the demo journey are compiled in too, and the only network requests are
//! for the studio's own files. It is a separate wasm module that no storefront loads.
//!
//! The pure parts are plain Rust, tested natively: [`doc`] (the document and its
//! transitions), [`check`] (the same problems as `reciprocity check`), [`sample`] (the sample
//! shopper and the preview's view) and [`journey`] (the rehearsal, the same answers as
//! `reciprocity simulate`). The components wire them: [`app`], [`fields`], [`texts`],
//! [`gesture_form`], [`settings`], [`preview`], [`shopper`], [`rehearse`]. Browser calls
//! live in [`browser`].

pub mod app;
pub mod browser;
pub mod check;
pub mod doc;
pub mod fields;
pub mod gesture_form;
pub mod journey;
pub mod preview;
pub mod rehearse;
pub mod sample;
pub mod settings;
pub mod shopper;
pub mod texts;

use wasm_bindgen::prelude::*;

/// Mounts the studio into `root` (the page's `#studio`); it stays for the page's life.
#[wasm_bindgen(js_name = runStudio)]
pub fn run_studio(root: web_sys::Element) {
    root.set_text_content(None);
    yew::Renderer::<app::Studio>::with_root(root).render();
}
