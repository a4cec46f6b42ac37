//! The pure core: events, history, profile, config, decisions, templates.
//!
//! Nothing here touches a browser or a clock: time comes in as an argument and storage sits
//! behind the [`history::Store`] trait. The native CLI and the browser build share it.

pub mod alarm;
pub mod config;
pub mod consent;
pub mod decide;
pub mod device;
pub mod event;
pub mod history;
pub mod json;
pub mod keys;
pub mod locale;
pub mod owed;
pub mod page;
pub mod profile;
pub mod reaction;
pub mod sample;
pub mod session;
pub mod simulate;
pub mod small;
pub mod template;
pub mod time;
pub mod url;
pub mod why;
