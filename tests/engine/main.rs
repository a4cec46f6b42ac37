//! Engine integration tests: one scenario per occasion, driven through the `reciprocity`
//! command line exactly as a store owner runs it, plus properties of the whole engine.
//!
//! `cli` drives the command line and checks its own commands, `preview` the store owner's
//! preview filled from the sample shopper, `scenarios` holds one scenario
//! per occasion, `properties` the proptests of the whole engine, `faults` fuzzing, clock jumps
//! and two tabs.

mod cli;
mod faults;
mod moments;
mod preview;
mod properties;
mod scenarios;
mod targeting;

use reciprocity::engine::config::Config;
use reciprocity::engine::device::Device;
use reciprocity::engine::history::Store;
use reciprocity::engine::session::{PageOptions, Session};
use reciprocity::engine::template::PlainFormatter;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/config.example.json");

fn example() -> Config {
    Config::parse(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap()
}

/// A journey through the engine's one loop: each event a page of its own
/// ([`Session::visit`]), texts in English.
fn journey<S: Store>(device: Device<S>) -> Session<S, PlainFormatter> {
    Session::new(device, PlainFormatter::new("en"), PageOptions::default())
}
