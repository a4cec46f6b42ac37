//! reciprocity: sincere, well-timed storefront gestures decided from the shopper's own
//! on-device history.
//!
//! The [`engine`] is pure Rust: it normalizes storefront events (GA4 dataLayer pushes,
//! gtag calls, Universal Analytics pushes, `track`/`identify`), keeps a bounded history,
//! derives a shopper profile and decides which gesture, if any, to show and why.
//!
//! ```
//! use reciprocity::engine::{config::Config, decide::Context, device::Device, event::Event,
//!     history::MemoryStore, template::PlainFormatter, time::parse_instant};
//!
//! let config = Config::parse(r#"{
//!   "store": {"name": "Tea & Co", "currency": "EUR"},
//!   "gestures": [{"id": "thanks", "kind": "thank_you", "when": {"event": "purchase"},
//!                 "title": "Thank you for your {orders_count, ordinal} order!"}]
//! }"#).unwrap();
//! let mut device = Device::open(config, MemoryStore::default(), "shopper-1");
//! let mut purchase = Event::new("purchase", parse_instant("2026-03-01T10:00:00Z").unwrap());
//! purchase.transaction_id = Some("T-1".into());
//! let (_, decision) = device.step(purchase, 0, &PlainFormatter::new("en"));
//! assert_eq!(decision.gesture.unwrap().title, "Thank you for your 1st order!");
//! ```

// Every public item of the engine is part of what store-facing tools and the browser build
// rely on: keep it documented.
#![deny(missing_docs)]

pub mod engine;

#[cfg(feature = "core")]
pub mod platform;
#[cfg(feature = "core")]
pub mod recorder;
#[cfg(feature = "ui")]
pub mod ui;
