//! When the database cannot be opened: why, in terms the recovery screen can explain, and the
//! way back to the latest backup, without ever overwriting the user's file. Also the marker
//! that tells a clean shutdown from a crash, so a crashed run's file is checked on next open.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{backup_dir, latest_version, schema_version};
use crate::{time, CoreError, Result};

/// Why the database could not be opened, as the user is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OpenProblem {
    /// Not a database, truncated, or `quick_check` found damage.
    Damaged,
    /// Another program holds the file (or another Cartera that did not hand over).
    Locked,
    /// The file, its folder or the disk cannot be written.
    ReadOnly,
    /// Written by a newer Cartera.
    TooNew,
    /// Anything else: missing permissions, a disk error.
    Unreadable,
}

impl OpenProblem {
    /// What kind of problem `error` (from [`super::open`]) is.
    pub fn of(error: &CoreError) -> Self {
        match error {
            CoreError::DatabaseTooNew { .. } => Self::TooNew,
            CoreError::DatabaseReadOnly => Self::ReadOnly,
            CoreError::DatabaseDamaged(_) => Self::Damaged,
            CoreError::Storage(e)
            | CoreError::Migration(rusqlite_migration::Error::RusqliteError { err: e, .. }) => {
                match e.sqlite_error_code() {
                    Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Self::Damaged,
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Locked,
                    Some(ErrorCode::ReadOnly) => Self::ReadOnly,
                    _ => Self::Unreadable,
                }
            }
            CoreError::Io(e) if e.kind() == std::io::ErrorKind::ReadOnlyFilesystem => {
                Self::ReadOnly
            }
            _ => Self::Unreadable,
        }
    }
}

/// The file that exists while Cartera has the database open.
fn open_marker(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".open");
    path.with_file_name(name)
}

/// Whether the last run that opened `path` closed it (no marker left behind).
pub fn closed_cleanly(path: &Path) -> bool {
    !open_marker(path).exists()
}

/// Records that the database is open; [`mark_closed`] removes the record on a clean exit.
pub fn mark_open(path: &Path) -> Result<()> {
    create_private_file(&open_marker(path))
}

/// A clean exit: the next start skips the integrity check.
pub fn mark_closed(path: &Path) {
    if let Err(error) = std::fs::remove_file(open_marker(path)) {
        if error.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(%error, "could not record a clean exit");
        }
    }
}

/// `PRAGMA quick_check`: `Ok` when SQLite finds the file sound.
pub fn quick_check(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA quick_check")?;
    let findings: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if findings.len() == 1 && findings[0] == "ok" {
        Ok(())
    } else {
        Err(CoreError::DatabaseDamaged(findings.join("; ")))
    }
}

/// The most recent backup of the database at `path`, if any.
pub fn latest_backup(path: &Path) -> Result<Option<PathBuf>> {
    let dir = backup_dir(path);
    if !dir.exists() {
        return Ok(None);
    }
    let mut newest: Option<(std::time::SystemTime, PathBuf)> = None;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let file = entry.path();
        if file.extension().is_none_or(|e| e != "sqlite3") {
            continue;
        }
        let modified = entry.metadata()?.modified()?;
        if newest.as_ref().is_none_or(|(at, _)| modified > *at) {
            newest = Some((modified, file));
        }
    }
    Ok(newest.map(|(_, file)| file))
}

/// What a restore did: which backup came back, and where the file it replaced was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Restored {
    pub backup: String,
    /// The replaced database, renamed beside it; `None` when there was no file.
    pub kept_as: Option<String>,
}

/// Puts the latest backup in place of the database at `path`. The backup is checked first
/// (sound, and not newer than this version); the file it replaces is renamed, never
/// overwritten, together with its `-wal` and `-shm` (a stale WAL would corrupt the restored
/// file).
#[tracing::instrument(skip_all, err)]
pub fn restore_latest_backup(path: &Path) -> Result<Restored> {
    let backup = latest_backup(path)?.ok_or_else(|| CoreError::not_found("backup"))?;
    {
        let copy = Connection::open_with_flags(&backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        quick_check(&copy)?;
        let found = schema_version(&copy)?;
        if found > latest_version() {
            return Err(CoreError::DatabaseTooNew {
                found,
                supported: latest_version(),
            });
        }
    }
    let stamp: String = time::now()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let mut kept_as = None;
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(suffix);
        let file = path.with_file_name(&name);
        if file.exists() {
            name.push(format!(".damaged-{stamp}"));
            let kept = path.with_file_name(name);
            std::fs::rename(&file, &kept)?;
            if suffix.is_empty() {
                kept_as = Some(kept.display().to_string());
            }
        }
    }
    std::fs::copy(&backup, path)?;
    tracing::info!("restored the latest backup");
    Ok(Restored {
        backup: backup.display().to_string(),
        kept_as,
    })
}

/// Creates `dir` (and its parents) readable by the owner only: it holds the client records.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    Ok(())
}

/// Creates the empty file `path` readable by the owner only, unless it exists. SQLite gives
/// the database's `-wal` and `-shm` the database file's mode, so they are private too.
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{open, DATABASE_FILE};

    fn problem(path: &Path) -> OpenProblem {
        OpenProblem::of(&open(path).expect_err("the file must be refused"))
    }

    /// A real database with one setting in it, closed cleanly, and a backup of it.
    fn database_with_backup(dir: &Path) -> PathBuf {
        let path = dir.join(DATABASE_FILE);
        let conn = open(&path).unwrap();
        conn.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES ('k', '\"kept\"', 'now')",
            [],
        )
        .unwrap();
        create_private_dir(&backup_dir(&path)).unwrap();
        conn.backup(
            rusqlite::MAIN_DB,
            backup_dir(&path).join("cartera-v4-1.sqlite3"),
            None,
        )
        .unwrap();
        drop(conn);
        mark_closed(&path);
        path
    }

    #[test]
    fn a_garbage_file_is_damaged_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let garbage = b"these are not the clients you are looking for".repeat(100);
        std::fs::write(&path, &garbage).unwrap();
        assert_eq!(problem(&path), OpenProblem::Damaged);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            garbage,
            "never overwrite the user's file"
        );
    }

    #[test]
    fn a_truncated_file_after_a_crash_is_found_by_the_quick_check() {
        let dir = tempfile::tempdir().unwrap();
        let path = database_with_backup(dir.path());
        {
            let conn = open(&path).unwrap();
            let filler = "x".repeat(4000);
            for i in 0..200 {
                conn.execute(
                    "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, 'now')",
                    rusqlite::params![format!("k{i}"), filler],
                )
                .unwrap();
            }
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .unwrap();
        }
        // The app "crashed" (no mark_closed) and the disk lost the file's second half.
        let len = std::fs::metadata(&path).unwrap().len();
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.set_len(len / 2).unwrap();
        assert!(!closed_cleanly(&path));
        assert_eq!(problem(&path), OpenProblem::Damaged);
    }

    #[test]
    fn a_file_held_by_another_program_is_locked() {
        let dir = tempfile::tempdir().unwrap();
        let path = database_with_backup(dir.path());
        // Another program that takes the file for itself (WAL lets ordinary writers share).
        let other = Connection::open(&path).unwrap();
        other
            .execute_batch(
                "PRAGMA locking_mode = EXCLUSIVE;
                 BEGIN EXCLUSIVE;
                 INSERT INTO settings (key, value, updated_at) VALUES ('other', '1', 'now');",
            )
            .unwrap();
        assert_eq!(problem(&path), OpenProblem::Locked);
        other.execute_batch("COMMIT").unwrap();
        drop(other);
        assert!(
            open(&path).is_ok(),
            "retry works once the other program lets go"
        );
    }

    #[test]
    fn read_only_and_too_new_are_told_apart() {
        assert_eq!(
            OpenProblem::of(&CoreError::DatabaseReadOnly),
            OpenProblem::ReadOnly
        );
        let readonly = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
            None,
        );
        assert_eq!(
            OpenProblem::of(&CoreError::Storage(readonly)),
            OpenProblem::ReadOnly
        );
        let newer = CoreError::DatabaseTooNew {
            found: 9,
            supported: 4,
        };
        assert_eq!(OpenProblem::of(&newer), OpenProblem::TooNew);
    }

    #[test]
    fn restoring_the_latest_backup_keeps_the_damaged_file_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = database_with_backup(dir.path());
        std::fs::write(&path, b"garbage").unwrap();
        std::fs::write(dir.path().join("cartera.sqlite3-wal"), b"stale wal").unwrap();

        let restored = restore_latest_backup(&path).unwrap();
        let kept = PathBuf::from(restored.kept_as.expect("the damaged file is kept"));
        assert_eq!(
            std::fs::read(&kept).unwrap(),
            b"garbage",
            "nothing of the user's is lost"
        );
        assert!(
            !dir.path().join("cartera.sqlite3-wal").exists(),
            "a stale WAL must not be replayed onto the restored file"
        );
        let conn = open(&path).unwrap();
        let value: String = conn
            .query_row("SELECT value FROM settings WHERE key = 'k'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(value, "\"kept\"", "the backup's data is back");
    }

    #[test]
    fn without_a_backup_restore_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        std::fs::write(&path, b"garbage").unwrap();
        assert!(matches!(
            restore_latest_backup(&path),
            Err(CoreError::NotFound { entity: "backup" })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"garbage");
    }

    #[cfg(unix)]
    #[test]
    fn the_database_its_folder_and_backups_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let path = database_with_backup(&data);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&backup_dir(&path)), 0o700);
        let _conn = open(&path).unwrap();
        assert_eq!(mode(&data.join("cartera.sqlite3-wal")), 0o600);
    }
}
