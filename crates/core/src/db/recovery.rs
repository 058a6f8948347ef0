//! When the database cannot be opened: why, in terms the recovery screen can explain, and the
//! way back to the latest backup, without ever overwriting the user's file. Also the marker
//! that tells a clean shutdown from a crash, so a crashed run's file is checked on next open.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

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
    /// Whether a backup may replace the file: only a damaged one, or one from a newer Cartera
    /// (kept beside it either way). A locked, read-only or unreadable file is sound: retrying
    /// opens it once the other program, the permissions or the disk allow.
    pub fn backup_may_replace(self) -> bool {
        matches!(self, Self::Damaged | Self::TooNew)
    }

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

/// How many pre-upgrade backups are kept (the newest); each is a whole copy of the file.
pub const KEEP_BACKUPS: usize = 5;

/// The backups in `dir` (`*.sqlite3`), newest first.
fn backups_newest_first(dir: &Path) -> Result<Vec<(SystemTime, PathBuf)>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let file = entry.path();
        if file.extension().is_some_and(|e| e == "sqlite3") {
            found.push((entry.metadata()?.modified()?, file));
        }
    }
    found.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    Ok(found)
}

/// Whether `file` can stand in for the database: a Cartera database (schema 1 or later, with
/// its clients table) that this version can open. Cheap: no integrity check here.
fn usable_backup(file: &Path) -> bool {
    let Ok(conn) = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return false;
    };
    let version = schema_version(&conn).unwrap_or(0);
    let has_clients = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'clients'",
            [],
            |r| r.get::<_, bool>(0),
        )
        .unwrap_or(false);
    (1..=latest_version()).contains(&version) && has_clients
}

/// The most recent backup of the database at `path` that can replace it, if any: an empty
/// file, another program's file or one from a newer Cartera never qualifies.
pub fn latest_backup(path: &Path) -> Result<Option<PathBuf>> {
    Ok(backups_newest_first(&backup_dir(path))?
        .into_iter()
        .map(|(_, file)| file)
        .find(|file| usable_backup(file)))
}

/// A backup of schema `from` taken after the database at `path` (and its WAL) last changed:
/// what a retry of a failed upgrade can reuse instead of copying the whole file again.
pub(crate) fn fresh_backup_of(path: &Path, from: usize) -> Result<Option<PathBuf>> {
    let changed = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let mut wal = path.as_os_str().to_os_string();
    wal.push("-wal");
    let last_change = changed(path).max(changed(Path::new(&wal)));
    let prefix = format!("cartera-v{from}-");
    Ok(backups_newest_first(&backup_dir(path))?
        .into_iter()
        .find(|(at, file)| {
            Some(*at) > last_change
                && file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&prefix))
        })
        .map(|(_, file)| file))
}

/// Deletes all but the newest [`KEEP_BACKUPS`] backups in `dir`.
pub(crate) fn prune_backups(dir: &Path) -> Result<()> {
    for (_, old) in backups_newest_first(dir)?.into_iter().skip(KEEP_BACKUPS) {
        std::fs::remove_file(old)?;
    }
    Ok(())
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

/// Makes `dir` (created with its parents if missing) readable by the owner only: it holds the
/// client records. A folder that exists is tightened too: an earlier version, or the log
/// writer starting first, may have made it readable by others.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(dir)?.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
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
        let replaceable: Vec<OpenProblem> = [
            OpenProblem::Damaged,
            OpenProblem::Locked,
            OpenProblem::ReadOnly,
            OpenProblem::TooNew,
            OpenProblem::Unreadable,
        ]
        .into_iter()
        .filter(|p| p.backup_may_replace())
        .collect();
        assert_eq!(
            replaceable,
            [OpenProblem::Damaged, OpenProblem::TooNew],
            "a sound file that is only locked or unreadable must never be set aside"
        );
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
    fn an_empty_or_foreign_file_in_backups_is_never_offered() {
        let dir = tempfile::tempdir().unwrap();
        let path = database_with_backup(dir.path());
        let good = latest_backup(&path).unwrap().expect("the real backup");
        // A copy that failed half-way (a full disk) and another program's database, both newer.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(backup_dir(&path).join("cartera-v4-2.sqlite3"), b"").unwrap();
        Connection::open(backup_dir(&path).join("cartera-v4-3.sqlite3"))
            .unwrap()
            .execute_batch("PRAGMA user_version = 4; CREATE TABLE other (x);")
            .unwrap();
        assert_eq!(
            latest_backup(&path).unwrap(),
            Some(good),
            "restoring an empty file would open an empty agenda in place of the user's"
        );
    }

    #[test]
    fn a_retried_upgrade_reuses_its_copy_and_old_backups_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let path = database_with_backup(dir.path());
        std::thread::sleep(std::time::Duration::from_millis(20));
        let copy = backup_dir(&path).join("cartera-v4-20261130T1.sqlite3");
        std::fs::copy(backup_dir(&path).join("cartera-v4-1.sqlite3"), &copy).unwrap();
        assert_eq!(fresh_backup_of(&path, 4).unwrap(), Some(copy.clone()));
        assert_eq!(
            fresh_backup_of(&path, 3).unwrap(),
            None,
            "another version's copy"
        );
        // The file changes: the copy is no longer of it.
        std::thread::sleep(std::time::Duration::from_millis(20));
        Connection::open(&path)
            .unwrap()
            .execute(
                "INSERT INTO settings (key, value, updated_at) VALUES ('n', '1', 'now')",
                [],
            )
            .unwrap();
        assert_eq!(fresh_backup_of(&path, 4).unwrap(), None);

        for i in 0..KEEP_BACKUPS + 2 {
            std::thread::sleep(std::time::Duration::from_millis(5));
            std::fs::copy(
                &copy,
                backup_dir(&path).join(format!("cartera-v4-x{i}.sqlite3")),
            )
            .unwrap();
        }
        prune_backups(&backup_dir(&path)).unwrap();
        let left = backups_newest_first(&backup_dir(&path)).unwrap();
        assert_eq!(left.len(), KEEP_BACKUPS);
        assert!(
            left[0]
                .1
                .ends_with(format!("cartera-v4-x{}.sqlite3", KEEP_BACKUPS + 1)),
            "the newest are kept"
        );
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
        // Made readable by others before Cartera first opens it (the log writer used to).
        std::fs::create_dir_all(data.join("logs")).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = database_with_backup(&data);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&backup_dir(&path)), 0o700);
        let _conn = open(&path).unwrap();
        assert_eq!(mode(&data.join("cartera.sqlite3-wal")), 0o600);
    }
}
