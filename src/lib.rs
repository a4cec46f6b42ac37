//! reciprocity: sincere, well-timed storefront gestures decided from the shopper's own
//! on-device history.
//!
//! The [`engine`] is pure Rust: it normalizes storefront events (GA4 dataLayer pushes,
//! gtag calls, Universal Analytics pushes, `track`/`identify`), keeps a bounded history,
//! derives a shopper profile and decides which gesture, if any, to show and why. Every input
//! of a page goes through one loop, [`engine::session::Session`], in the browser and in the
//! command-line tool alike.
//!
//! ```
//! use reciprocity::engine::{config::Config, device::Device, history::MemoryStore,
//!     session::{Effect, PageOptions, Session}, template::PlainFormatter,
//!     time::parse_instant};
//!
//! let config = Config::parse(r#"{
//!   "store": {"name": "Tea & Co", "currency": "EUR"},
//!   "gestures": [{"id": "thanks", "kind": "thank_you", "when": {"event": "purchase"},
//!                 "title": "Thank you for your {orders_count, ordinal} order!"}]
//! }"#).unwrap();
//! let device = Device::open(config, MemoryStore::default(), "shopper-1");
//! let page = PageOptions { locale: "en".into(), ..PageOptions::default() };
//! let mut session = Session::new(device, PlainFormatter::new("en"), page);
//! let now = parse_instant("2026-03-01T10:00:00Z").unwrap();
//! // The order page: its page view, then the storefront's dataLayer push.
//! session.navigate("https://tea.example/order-received", now);
//! session.push(Some(r#"{"event": "purchase", "ecommerce": {"transaction_id": "T-1"}}"#), now);
//! let decision = session.settle().unwrap();
//! assert_eq!(decision.gesture.unwrap().title, "Thank you for your 1st order!");
//! // What the page must do: announce `ready` and `shown`, hand the view to the UI.
//! assert!(session.take_effects().iter().any(|e| matches!(e, Effect::Show(_))));
//! ```

// Every public item of the engine is part of what store-facing tools and the browser build
// rely on: keep it documented.
#![deny(missing_docs)]

pub mod engine;

// The browser modules allocate with talc: about 2 KB (brotli) smaller than std's dlmalloc
// (Cargo.toml). A module is single-threaded (no `atomics`).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(any(feature = "core", feature = "ui"))]
mod fault;
#[cfg(feature = "core")]
pub mod platform;
#[cfg(feature = "core")]
pub mod recorder;
#[cfg(feature = "studio")]
pub mod studio;
#[cfg(feature = "ui")]
pub mod ui;
