//! The fixture every storage test starts from: a fresh in-memory database with all
//! migrations applied, and writes in an immediate transaction like the app's.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::{db, Result};

/// A fresh database with every migration applied.
pub(crate) fn database() -> Connection {
    db::open_in_memory().expect("the migrations must apply to an empty database")
}

/// Runs `f` in an immediate write transaction and commits it when `f` succeeds (a failing
/// write rolls back, as in the app).
pub(crate) fn write<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction) -> Result<T>,
) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// The test clock: every call is one millisecond after the previous one (across all tests), so
/// each write is later than the last without sleeping.
pub(crate) fn later() -> chrono::DateTime<chrono::Utc> {
    use std::sync::atomic::{AtomicI64, Ordering};
    static MILLIS: AtomicI64 = AtomicI64::new(0);
    let start =
        chrono::DateTime::<chrono::Utc>::from_timestamp(1_790_000_000, 0).unwrap_or_default();
    start + chrono::Duration::milliseconds(MILLIS.fetch_add(1, Ordering::SeqCst))
}
