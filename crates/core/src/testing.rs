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
