//! `reciprocity`: the store owner's command-line tool (check, simulate, schema).

// The tool is native only; a wasm build of the crate gets an empty binary.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {

    use std::path::PathBuf;
    use std::process::ExitCode;

    use clap::{Parser, Subcommand};
    use reciprocity::engine::config::{gestures, schema, warnings, Config};
    use reciprocity::engine::page::DeviceClass;
    use reciprocity::engine::simulate::{parse_entries, simulate_visit, Visit};
    use reciprocity::engine::template::PlainFormatter;
    use reciprocity::engine::time::parse_instant;

    #[derive(Parser)]
    #[command(
        name = "reciprocity",
        version,
        about = "Check, simulate and describe reciprocity gesture configs"
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Validate a config: exit 0 when valid, otherwise print one error per problem and exit 1.
        Check {
            /// The config file.
            config: PathBuf,
        },
        /// Print, as JSON, the gesture a shopper with this history would see now, and why.
        ///
        /// Entries dated before --now are replayed with the widget's own decisions; entries
        /// dated exactly --now are the current page, which is also recorded as a page_view of
        /// --url. The decision uses the last of them as the triggering event.
        Simulate {
            /// The config file.
            #[arg(long)]
            config: PathBuf,
            /// A JSON array of {"at", "dataLayer"|"gtag"|"track"|"identify"} entries.
            #[arg(long)]
            history: PathBuf,
            /// The moment to decide at (RFC 3339).
            #[arg(long)]
            now: String,
            /// The page the shopper is on.
            #[arg(long)]
            url: Option<String>,
            /// Language of the texts (default: the config's store.locale).
            #[arg(long)]
            locale: Option<String>,
            /// The device's random id (decides the holdout group).
            #[arg(long, default_value = "simulated-shopper")]
            shopper_id: String,
            /// The device class: phone, tablet or desktop.
            #[arg(long, default_value = "desktop")]
            device: String,
            /// The page's referrer (a URL or a host), for a page that starts a visit.
            #[arg(long)]
            referrer: Option<String>,
        },
        /// Print the JSON Schema of the config, for editor completion.
        Schema,
    }

    fn read(path: &PathBuf) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
    }

    /// The config at `path`, with the JSON value it was read from.
    fn load_config(path: &PathBuf) -> Result<(Config, serde_json::Value), Vec<String>> {
        let text = read(path).map_err(|e| vec![e])?;
        let config = Config::parse(&text).map_err(|errs| {
            errs.iter()
                .map(|e| format!("{}: {e}", path.display()))
                .collect::<Vec<_>>()
        })?;
        // Valid JSON: `parse` read it.
        Ok((config, serde_json::from_str(&text).unwrap_or_default()))
    }

    fn run(cli: Cli) -> Result<(), Vec<String>> {
        match cli.command {
            Command::Check { config } => {
                let (c, value) = load_config(&config)?;
                eprintln!("{}: ok ({})", config.display(), gestures(c.gestures.len()));
                for w in warnings(&value) {
                    eprintln!("{}: warning: {w}", config.display());
                }
                Ok(())
            }
            Command::Schema => {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&schema()).unwrap_or_default()
                );
                Ok(())
            }
            Command::Simulate {
                config,
                history,
                now,
                url,
                locale,
                shopper_id,
                device,
                referrer,
            } => {
                let (c, _) = load_config(&config)?;
                let device = DeviceClass::from_name(&device).ok_or_else(|| {
                    vec![format!(
                        "--device: {device:?} is not a device class: use phone, tablet or desktop"
                    )]
                })?;
                let visit = Visit {
                    device: Some(device),
                    referrer,
                };
                let now = parse_instant(&now).map_err(|e| vec![format!("--now: {e}")])?;
                let text = read(&history).map_err(|e| vec![e])?;
                let entries = parse_entries(&text).map_err(|errs| {
                    errs.iter()
                        .map(|e| format!("{}: {e}", history.display()))
                        .collect::<Vec<_>>()
                })?;
                let fmt = PlainFormatter::new(locale.as_deref().unwrap_or(&c.store.locale));
                let sim = simulate_visit(c, entries, now, url.as_deref(), &visit, &shopper_id, fmt)
                    .map_err(|e| vec![e])?;
                for note in &sim.notes {
                    eprintln!("note: {note}");
                }
                let out = serde_json::json!({"gesture": sim.decision.gesture, "reasons": sim.decision.reasons});
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
                Ok(())
            }
        }
    }

    pub fn main() -> ExitCode {
        match run(Cli::parse()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(errs) => {
                for e in errs {
                    eprintln!("{e}");
                }
                ExitCode::FAILURE
            }
        }
    }
}
