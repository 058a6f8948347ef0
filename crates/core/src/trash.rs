//! The trash as one place: clients, purchases and notes deleted by the user stay in it, restorable,
//! until it is emptied, the only permanent delete.

use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{clients, notes, purchases, Result};

/// Where a page of trashed purchases or notes ends: when and which one was trashed last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrashCursor {
    pub deleted_at: String,
    pub id: String,
}

/// What emptying the trash deleted for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Emptied {
    /// Clients, each with everything that was theirs.
    #[ts(type = "number")]
    pub clients: u64,
    /// Purchases trashed one by one (not counting those of the clients above).
    #[ts(type = "number")]
    pub purchases: u64,
    /// Notes trashed one by one (not counting those of the clients above).
    #[ts(type = "number")]
    pub notes: u64,
}

/// Deletes for good everything in the trash.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn empty(tx: &Transaction) -> Result<Emptied> {
    let purchases = purchases::empty_trash(tx)?;
    let notes = notes::empty_trash(tx)?;
    let clients = clients::empty_trash(tx)?;
    Ok(Emptied {
        clients,
        purchases,
        notes,
    })
}
