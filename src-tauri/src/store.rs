//! The database as the shell holds it: one connection behind a mutex, used only from
//! blocking worker threads so the main (UI) thread never waits on SQLite.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

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
        tauri::async_runtime::spawn_blocking(move || f(&Self::lock(&conn)).map_err(AppError::from))
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
            let mut conn = Self::lock(&conn);
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(CoreError::from)?;
            let value = f(&tx)?;
            tx.commit().map_err(CoreError::from)?;
            Ok(value)
        })
        .await
        .map_err(|e| AppError::internal(format!("database task failed: {e}")))?
    }
}
