//! Engine integration tests: one scenario per occasion, driven through the `reciprocity`
//! command line exactly as a store owner runs it, plus properties of the whole engine.
//!
//! `cli` drives the command line and checks its own commands, `scenarios` holds one scenario
//! per occasion, `properties` the proptests of the whole engine, `faults` fuzzing, clock jumps
//! and two tabs.

mod cli;
mod faults;
mod moments;
mod properties;
mod scenarios;

use reciprocity::engine::config::Config;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/config.example.json");

fn example() -> Config {
    Config::parse(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap()
}
