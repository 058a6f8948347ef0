//! Logs: `tracing` to a daily file in the app's log folder (and to stderr in debug builds).

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Keeps the log writer alive for the app's lifetime (managed as Tauri state).
pub struct LogGuard(#[allow(dead_code)] WorkerGuard);

/// Installs the global subscriber; `RUST_LOG` overrides the default `info` level.
pub fn init(log_dir: &Path) -> std::io::Result<LogGuard> {
    std::fs::create_dir_all(log_dir)?;
    let (file, guard) =
        tracing_appender::non_blocking(tracing_appender::rolling::daily(log_dir, "cartera.log"));
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,cartera=info,cartera_core=info"));
    let registry = tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(file).with_ansi(false));
    let result = if cfg!(debug_assertions) {
        registry
            .with(fmt::layer().with_writer(std::io::stderr))
            .try_init()
    } else {
        registry.try_init()
    };
    if let Err(error) = result {
        eprintln!("logging already initialised: {error}");
    }
    Ok(LogGuard(guard))
}
