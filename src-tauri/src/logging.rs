//! Logs: `tracing` to a daily file in the app's log folder (and to stderr in debug builds).
//! At the default `info` level the logs carry ids, counts and failures, never what the user
//! typed about a client (names, phones, e-mails, tax ids, notes, notification texts).

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// One file a day, named `cartera.log.2026-11-30` (the name earlier versions used, so their
/// files fall under the same cap).
const FILE_PREFIX: &str = "cartera.log";
/// Days of logs kept: enough to report last week's problem, not a history of the user's work.
pub const MAX_LOG_FILES: usize = 7;
/// The level when `RUST_LOG` is not set. Personal data is only ever logged below it.
const DEFAULT_FILTER: &str = "info";

/// Keeps the log writer alive for the app's lifetime (managed as Tauri state).
pub struct LogGuard(#[allow(dead_code)] WorkerGuard);

/// Installs the global subscriber; `RUST_LOG` overrides the default `info` level.
pub fn init(log_dir: &Path) -> std::io::Result<LogGuard> {
    std::fs::create_dir_all(log_dir)?;
    let folder_private = make_private(log_dir);
    let appender = file_appender(log_dir).map_err(std::io::Error::other)?;
    // The appender has opened today's file by now: tighten it and any older ones.
    let files_private = make_files_private(log_dir);
    let (file, guard) = tracing_appender::non_blocking(appender);
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
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
    // Logging must not stop the app (a data folder on a USB stick may not take Unix modes);
    // say so in the log instead.
    if let Err(error) = folder_private {
        tracing::warn!(%error, "could not make the log folder private");
    }
    if let Err(error) = files_private {
        tracing::warn!(%error, "could not make the log files private");
    }
    Ok(LogGuard(guard))
}

/// Daily files in `log_dir`, keeping the newest [`MAX_LOG_FILES`] (older ones are deleted when
/// the appender starts and at each rotation).
fn file_appender(
    log_dir: &Path,
) -> Result<RollingFileAppender, tracing_appender::rolling::InitError> {
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .max_log_files(MAX_LOG_FILES)
        .build(log_dir)
}

/// Makes the log folder readable by the user alone (0700).
///
/// The appender creates each day's file itself with the default mode (0644 under the usual
/// umask) and offers no way to choose it; changing the process umask would affect every file
/// the app and its libraries create. A 0700 folder keeps those files private all the same,
/// since nobody else can enter it; files already there are also set to 0600
/// ([`make_files_private`]) in case the folder is ever opened up.
#[cfg(unix)]
fn make_private(log_dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(log_dir, std::fs::Permissions::from_mode(0o700))
}

#[cfg(not(unix))]
fn make_private(_log_dir: &Path) -> std::io::Result<()> {
    // Elsewhere the folder inherits the user profile's access rules.
    Ok(())
}

/// Sets every log file in `log_dir` to 0600 (read and write by the user only).
#[cfg(unix)]
fn make_files_private(log_dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for entry in std::fs::read_dir(log_dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_files_private(_log_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn log_folder_and_files_are_private_to_the_user() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        let logs = home.path().join("logs");
        std::fs::create_dir(&logs).unwrap();
        std::fs::set_permissions(&logs, std::fs::Permissions::from_mode(0o755)).unwrap();
        let old = logs.join("cartera.log.2020-01-01");
        std::fs::write(&old, "yesterday").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();

        make_private(&logs).unwrap();
        let _appender = file_appender(&logs).unwrap();
        make_files_private(&logs).unwrap();

        assert_eq!(
            mode(&logs),
            0o700,
            "other users on the machine must not list or read the logs"
        );
        for entry in std::fs::read_dir(&logs).unwrap() {
            let path = entry.unwrap().path();
            assert_eq!(
                mode(&path),
                0o600,
                "{} is readable by others",
                path.display()
            );
        }
        assert!(
            std::fs::read_dir(&logs).unwrap().count() >= 2,
            "today's file was created and tightened too"
        );
    }

    #[test]
    fn at_most_seven_daily_files_are_kept() {
        let logs = tempfile::tempdir().unwrap();
        for day in 1..=12 {
            std::fs::write(
                logs.path().join(format!("cartera.log.2020-01-{day:02}")),
                "old",
            )
            .unwrap();
        }
        std::fs::write(logs.path().join("notes.txt"), "not a log").unwrap();

        let _appender = file_appender(logs.path()).unwrap();

        let logs_left = std::fs::read_dir(logs.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(FILE_PREFIX)
            })
            .count();
        assert_eq!(
            logs_left, MAX_LOG_FILES,
            "old logs (with whatever an older version wrote) must not pile up"
        );
        assert!(
            logs.path().join("notes.txt").exists(),
            "only log files are pruned"
        );
    }
}
