//! The bench task: benchmark figures only, nothing asserted.

use std::process::{Command, Stdio};

use crate::dist::dist;
use crate::install::{ensure_chromium, ensure_npm};
use crate::{cargo, run, Result};

/// Prints the figures: engine benchmark, sizes, Lighthouse with and without the widget, and
/// load-to-gesture against a plain-JavaScript banner. Numbers only; nothing is asserted.
pub(crate) fn bench() -> Result {
    run(cargo().args([
        "bench",
        "--bench",
        "decide",
        "--",
        "--warm-up-time",
        "1",
        "--measurement-time",
        "3",
    ]))?;
    ensure_chromium()?;
    dist()?;
    ensure_npm()?;
    let port = 8131;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut server = Command::new(exe)
        .args(["serve", &port.to_string()])
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("serve: {e}"))?;
    std::thread::sleep(std::time::Duration::from_millis(500));
    let url = format!("http://127.0.0.1:{port}");
    let mut result = Ok(());
    for script in ["tests/bench/lighthouse.mjs", "tests/bench/appear.mjs"] {
        let mut c = Command::new("node");
        c.arg(script).env("BENCH_URL", &url);
        if let Err(e) = run(&mut c) {
            result = Err(e);
        }
    }
    let _ = server.kill();
    result
}
