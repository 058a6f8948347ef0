//! The database as the shell holds it: one connection behind a mutex, used only from
//! blocking worker threads so the main (UI) thread never waits on SQLite.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use cartera_core::planning::Planner;
use cartera_core::{db, settings, CoreError};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::AppError;

/// Shared handle to the open database.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    /// Signalled after every committed write, so the reminder scheduler re-plans at once.
    rearm: Arc<Notify>,
}

impl Store {
    /// Opens (creating and migrating as needed) the database file in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Self, CoreError> {
        let conn = db::open(&data_dir.join(db::DATABASE_FILE))?;
        Ok(Self::from_connection(conn))
    }

    pub fn from_connection(conn: Connection) -> Self {
        Self {
            conn: Arc::new(Mutex::new(conn)),
            rearm: Arc::new(Notify::new()),
        }
    }

    /// The connection, for start-up code that runs before any command (never from a command).
    pub fn blocking_connection(&self) -> MutexGuard<'_, Connection> {
        Self::lock(&self.conn)
    }

    fn lock(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
        // A panic mid-transaction rolled that transaction back; the connection is still sound.
        conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs a read on a worker thread.
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, CoreError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tauri::async_runtime::spawn_blocking(move || {
            let timing = Timing::start();
            let conn = Self::lock(&conn);
            let timing = timing.locked();
            let value = f(&conn).map_err(AppError::from);
            timing.done("read");
            value
        })
        .await
        .map_err(|e| AppError::internal(format!("database task failed: {e}")))?
    }

    /// [`Store::read`] with a planner for this instant (clock, time zone, the user's settings).
    pub async fn read_planned<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &Planner) -> Result<T, CoreError> + Send + 'static,
    {
        self.read(move |conn| f(conn, &crate::clock::planner(settings::planning(conn)?)))
            .await
    }

    /// [`Store::write`] with a planner for this instant.
    pub async fn write_planned<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction, &Planner) -> Result<T, CoreError> + Send + 'static,
    {
        self.write(move |tx| f(tx, &crate::clock::planner(settings::planning(tx)?)))
            .await
    }

    /// The signal the scheduler waits on besides its timer.
    pub fn rearm_signal(&self) -> Arc<Notify> {
        self.rearm.clone()
    }

    /// Runs a write in one immediate transaction on a worker thread; commits only on success,
    /// then wakes the reminder scheduler (the write may have planned or moved a reminder).
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T, CoreError> + Send + 'static,
    {
        let value = self.write_quietly(f).await?;
        // A stored permit: a write while the scheduler is busy still wakes it afterwards.
        self.rearm.notify_one();
        Ok(value)
    }

    /// [`Store::write`] without waking the scheduler: for the scheduler's own bookkeeping.
    pub async fn write_quietly<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T, CoreError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tauri::async_runtime::spawn_blocking(move || {
            let timing = Timing::start();
            let mut conn = Self::lock(&conn);
            let timing = timing.locked();
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(CoreError::from)?;
            let value = f(&tx)?;
            tx.commit().map_err(CoreError::from)?;
            timing.done("write");
            Ok(value)
        })
        .await
        .map_err(|e| AppError::internal(format!("database task failed: {e}")))?
    }
}

/// How long a database call waited for the connection and how long it worked: logged at
/// debug level, and as a warning when slow enough for a person to notice.
struct Timing {
    asked: Instant,
    locked: Option<Instant>,
}

/// Database work longer than this is logged as a warning.
const SLOW: Duration = Duration::from_millis(100);

impl Timing {
    fn start() -> Self {
        Self {
            asked: Instant::now(),
            locked: None,
        }
    }

    fn locked(self) -> Self {
        Self {
            locked: Some(Instant::now()),
            ..self
        }
    }

    fn done(self, what: &str) {
        let locked = self.locked.unwrap_or(self.asked);
        let waited = locked - self.asked;
        let worked = locked.elapsed();
        let (waited_ms, worked_ms) = (waited.as_secs_f64() * 1e3, worked.as_secs_f64() * 1e3);
        if waited + worked >= SLOW {
            tracing::warn!(waited_ms, worked_ms, "slow database {what}");
        } else {
            tracing::debug!(waited_ms, worked_ms, "database {what}");
        }
    }
}
