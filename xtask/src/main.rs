//! Project tasks: `cargo xtask <demo|dist|loader|serve|test|bench|sizes>`.
//!
//! Every task installs what it needs and skips what is already there: the wasm32 target,
//! wasm-bindgen-cli at the version in `Cargo.lock`, Debian's chromium and chromium-driver,
//! and the npm packages of the end-to-end tests.

mod bench;
mod dist;
mod imports;
mod install;
mod json;
mod serve;
mod sizes;
mod studio;
mod test;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

pub(crate) type Result<T = ()> = std::result::Result<T, String>;

const HELP: &str = "usage: cargo xtask <task>

  demo            build dist/ and serve the demo storefront on http://127.0.0.1:8000/
  dist            build the files a store owner hosts into dist/
  loader          rewrite dist/reciprocity.js from src/js/loader/ only (no wasm build)
  serve [PORT]    serve the repository (demo, dist/, test pages) without building
  studio          build only the store owner's studio into dist/studio/
  test            run every test: native engine tests, browser component tests in
                  headless Chromium, end-to-end tests with Playwright and axe-core
  sizes           print raw, gzip and brotli sizes of dist/ and check the budgets
  bench           print engine benchmark figures
";

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub(crate) fn run(cmd: &mut Command) -> Result {
    let shown = format!("{cmd:?}").replace('"', "");
    eprintln!("xtask: {shown}");
    let status = cmd
        .current_dir_if_unset()
        .status()
        .map_err(|e| format!("{shown}: cannot start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown}: {status}"))
    }
}

trait Here {
    fn current_dir_if_unset(&mut self) -> &mut Self;
}

impl Here for Command {
    fn current_dir_if_unset(&mut self) -> &mut Self {
        if self.get_current_dir().is_none() {
            self.current_dir(root());
        }
        self
    }
}

pub(crate) fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub(crate) fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dist") => dist::dist(),
        Some("loader") => fs::create_dir_all(root().join("dist"))
            .map_err(|e| format!("dist/: {e}"))
            .and_then(|()| dist::write_loader(&root().join("dist"))),
        Some("demo") => dist::dist().and_then(|()| serve::serve(8000, false)),
        Some("serve") => serve::serve(
            args.get(1).and_then(|p| p.parse().ok()).unwrap_or(8000),
            true,
        ),
        Some("studio") => studio::build(&root().join("dist")),
        Some("test") => test::test(),
        Some("sizes") => sizes::sizes(true),
        Some("bench") => bench::bench(),
        _ => {
            print!("{HELP}");
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
