//! Opening the database: connection settings, migrations from `migrations/` (embedded at build
//! time) and a backup of an existing file before any pending migration touches it. When the
//! file cannot be opened, [`recovery`] says why and restores the latest backup.

use std::path::{Path, PathBuf};
use std::time::Duration;

use include_dir::{include_dir, Dir};
use rusqlite::{Connection, OpenFlags, MAIN_DB};
use rusqlite_migration::{Migrations, M};

use crate::{time, CoreError, Result};

pub mod recovery;

static MIGRATIONS_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../migrations");

/// The file name of the database inside the data directory.
pub const DATABASE_FILE: &str = "cartera.sqlite3";

/// Where pre-migration backups go, beside the database file.
pub const BACKUP_DIR: &str = "backups";

/// The embedded migrations, ordered by their `NNNN_name.sql` file names.
fn migrations() -> Migrations<'static> {
    let mut files: Vec<_> = MIGRATIONS_DIR
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort_by_key(|f| f.path());
    Migrations::new(
        files
            .into_iter()
            .filter_map(|f| f.contents_utf8())
            .map(M::up)
            .collect(),
    )
}

/// How many migrations this build knows: the schema version of an up-to-date database.
pub fn latest_version() -> usize {
    MIGRATIONS_DIR
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "sql"))
        .count()
}

/// The schema version recorded in the file (`PRAGMA user_version`).
pub fn schema_version(conn: &Connection) -> Result<usize> {
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok(usize::try_from(v).unwrap_or(0))
}

/// Settings every connection gets. WAL lets reads run beside a write; `synchronous=FULL`
/// because writes are paced by a person and a committed change must survive a power cut.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // 32 MiB of page cache (the default is 2 MiB): at 100k clients the agenda's pages and those
    // a search and its count read stay in memory together, so typing does not go back to the
    // file. Only pages read use it, and all of it counts in the app's memory: in the app, 64
    // MiB searched no faster and weighed 33 MiB more (BENCHMARKS.md, "Whole app").
    conn.pragma_update(None, "cache_size", -32_768)?;
    // Statement journals (every write whose triggers may abort it midway keeps one) and
    // temporary triggers in memory: a batch of 1,000 moves wrote a temporary file page by
    // page. They hold a statement's pages, never a whole database.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// Opens (or creates) the database at `path`, backs it up if migrations are pending on an
/// existing file, and brings it to the latest schema. Refuses, without writing anything, a
/// file it cannot write, a file from a newer Cartera, and a damaged file: after a run that
/// did not close cleanly (see [`recovery::mark_open`]) it runs `PRAGMA quick_check` first.
#[tracing::instrument(skip_all, err)]
pub fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent() {
        recovery::create_private_dir(dir)?;
    }
    let existed = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
    if !existed {
        recovery::create_private_file(path)?;
    }
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // SQLite falls back to read-only when it cannot write the file: refuse instead, so no
    // write fails later halfway through the user's work.
    if conn.is_readonly(MAIN_DB)? {
        return Err(CoreError::DatabaseReadOnly);
    }
    // Nothing below writes to the file until it is known to be readable, sound and ours.
    conn.busy_timeout(Duration::from_secs(5))?;
    let from = schema_version(&conn)?;
    if from > latest_version() {
        return Err(CoreError::DatabaseTooNew {
            found: from,
            supported: latest_version(),
        });
    }
    if existed && !recovery::closed_cleanly(path) {
        tracing::warn!("the last run did not close cleanly: checking the database");
        recovery::quick_check(&conn)?;
    }
    configure(&conn)?;
    if existed && from < latest_version() {
        let backup = backup_before_migration(&conn, path, from)?;
        tracing::info!(from, to = latest_version(), backup = %backup.display(), "migrating");
    }
    migrations().to_latest(&mut conn)?;
    crate::purchases::late::rebuild_if_asked(&mut conn)?;
    recovery::mark_open(path)?;
    Ok(conn)
}

/// An in-memory database with every migration applied: the fixture of the core's tests.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrations().to_latest(&mut conn)?;
    Ok(conn)
}

/// The folder of the pre-upgrade backups of the database at `path`.
pub fn backup_dir(path: &Path) -> PathBuf {
    path.parent()
        .unwrap_or_else(|| Path::new("."))
        .join(BACKUP_DIR)
}

/// Copies the whole database with SQLite's backup API (consistent even in WAL mode) to
/// `backups/cartera-v{from}-{timestamp}.sqlite3` beside it, and returns the copy's path. The
/// copy is written under a `.partial` name and renamed only when complete, so a failed copy
/// (a full disk) never poses as a backup; a retry of a failed upgrade reuses the copy it made
/// of the same, unchanged file; only the newest [`recovery::KEEP_BACKUPS`] are kept.
fn backup_before_migration(conn: &Connection, path: &Path, from: usize) -> Result<PathBuf> {
    let dir = backup_dir(path);
    recovery::create_private_dir(&dir)?;
    if let Some(existing) = recovery::fresh_backup_of(path, from)? {
        return Ok(existing);
    }
    let stamp: String = time::now()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let target = dir.join(format!("cartera-v{from}-{stamp}.sqlite3"));
    let partial = dir.join(format!("cartera-v{from}-{stamp}.sqlite3.partial"));
    recovery::create_private_file(&partial)?;
    if let Err(error) = conn.backup(MAIN_DB, &partial, None) {
        let _ = std::fs::remove_file(&partial);
        return Err(error.into());
    }
    std::fs::rename(&partial, &target)?;
    recovery::prune_backups(&dir)?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_files_are_numbered_without_gaps() {
        let mut names: Vec<String> = MIGRATIONS_DIR
            .files()
            .filter_map(|f| f.path().file_name()?.to_str().map(String::from))
            .filter(|n| n.ends_with(".sql"))
            .collect();
        names.sort();
        for (i, name) in names.iter().enumerate() {
            assert!(
                name.starts_with(&format!("{:04}_", i + 1)),
                "migration {name} is out of sequence: a gap would skip schema changes"
            );
        }
        assert_eq!(names.len(), latest_version());
    }

    #[test]
    fn fresh_database_gets_every_migration_and_settings() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join(DATABASE_FILE)).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), latest_version());
        let fk: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        let sync: i64 = conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        assert_eq!((fk, mode.as_str(), sync), (1, "wal", 2));
        assert!(
            !dir.path().join(BACKUP_DIR).exists(),
            "a brand-new database has nothing to back up"
        );
    }

    #[test]
    fn reopening_is_idempotent_and_keeps_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        {
            let conn = open(&path).unwrap();
            conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 'now')",
                [],
            )
            .unwrap();
        }
        let conn = open(&path).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), latest_version());
        let v: String = conn
            .query_row("SELECT value FROM settings WHERE key = 'k'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(v, "1");
        assert!(
            !path.parent().unwrap().join(BACKUP_DIR).exists(),
            "no migration was pending, so no backup should be taken"
        );
    }

    #[test]
    fn existing_database_is_backed_up_before_pending_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        {
            // An older install: a file at schema version 0 with the user's data in it.
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE legacy (x TEXT); INSERT INTO legacy VALUES ('kept');")
                .unwrap();
        }
        let conn = open(&path).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), latest_version());
        let backups: Vec<_> = std::fs::read_dir(dir.path().join(BACKUP_DIR))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(backups.len(), 1, "exactly one backup before migrating");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&backups[0]).unwrap().permissions().mode();
            assert_eq!(
                mode & 0o777,
                0o600,
                "a backup holds every client: owner only"
            );
        }
        let copy = Connection::open(&backups[0]).unwrap();
        let kept: String = copy
            .query_row("SELECT x FROM legacy", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, "kept", "the backup must hold the data as it was");
        assert_eq!(schema_version(&copy).unwrap(), 0);
    }

    #[test]
    fn upgrading_to_kept_counts_fills_them_from_the_data() {
        // A file as the five earlier migrations left it: a red client with a segment, a tag
        // and a follow-up, the same in the trash, and a plain client.
        let mut conn = Connection::open_in_memory().unwrap();
        configure(&conn).unwrap();
        migrations().to_version(&mut conn, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO segments (id, name, name_key, created_at, updated_at)
             VALUES ('s1', 'Hostelería', 'hosteleria', 't', 't');
             INSERT INTO tags (id, name, name_key, created_at, updated_at)
             VALUES ('t1', 'VIP', 'vip', 't', 't');
             INSERT INTO clients (id, kind, name, sort_name, search_words, segment_id, colour,
                                  created_at, updated_at, deleted_at)
             VALUES ('c1', 'company', 'Bar Marisa', 'bar marisa', ' bar marisa', 's1', 'red',
                     't', 't', NULL),
                    ('c2', 'company', 'Bar Mario', 'bar mario', ' bar mario', 's1', 'red',
                     't', 't', '2026-11-01T09:00:00Z'),
                    ('c3', 'person', 'Ana', 'ana', ' ana', NULL, 'none', 't', 't', NULL);
             INSERT INTO client_tags (client_id, tag_id) VALUES ('c1', 't1'), ('c2', 't1');
             INSERT INTO follow_ups (id, client_id, action, due_date, due_at, created_at,
                                     updated_at)
             VALUES ('f1', 'c1', 'call', '2026-11-30', '2026-11-30T08:00:00Z', 't', 't'),
                    ('f2', 'c2', 'call', '2026-11-30', '2026-11-30T08:00:00Z', 't', 't'),
                    ('f3', 'c3', 'call', '2026-11-30', '2026-11-30T08:00:00Z', 't', 't');",
        )
        .unwrap();
        migrations().to_latest(&mut conn).unwrap();

        let colours: Vec<Option<String>> = conn
            .prepare("SELECT client_colour FROM follow_ups ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(
            colours,
            [Some("red".into()), None, Some("none".into())],
            "follow-ups take their client's colour, none in the trash"
        );
        let labels = crate::labels::all(&conn).unwrap();
        assert_eq!(
            (labels.segments[0].clients, labels.tags[0].clients),
            (1, 1),
            "the counts start from the live clients"
        );
        assert_eq!(crate::testing::search_index_mismatch(&conn), None);
        let found = crate::clients::count(
            &conn,
            &crate::clients::ClientFilter {
                search: Some("mar".into()),
                segment_id: Some("s1".into()),
                tag_id: Some("t1".into()),
                colour: Some(crate::clients::FollowUpColour::Red),
                status: None,
            },
        )
        .unwrap();
        assert_eq!(
            found, 1,
            "the rebuilt index finds the live client by words and filters"
        );
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", 999).unwrap();
        }
        assert!(
            matches!(
                open(&path),
                Err(CoreError::DatabaseTooNew { found: 999, .. })
            ),
            "opening a newer schema must fail instead of corrupting it"
        );
        let conn = Connection::open(&path).unwrap();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(
            mode, "delete",
            "the newer file was not touched (not even set to WAL)"
        );
    }
}
