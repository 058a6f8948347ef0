//! What the integration tests share: fixed instants and dates, a planner in Madrid with the
//! product's settings, and a write transaction. Each test file uses part of it.
#![allow(dead_code)]

use cartera_core::planning::{Planner, PlanningSettings};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Madrid;
use rusqlite::{Connection, Transaction, TransactionBehavior};

/// An instant written in RFC 3339.
pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// A date written `YYYY-MM-DD`.
pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The planner at `now` (RFC 3339) for a user in Madrid with the default settings.
pub fn planner(now: &str) -> Planner {
    Planner::new(at(now), Madrid, PlanningSettings::default())
}

/// Runs `f` in one immediate write transaction and commits it; any error fails the test.
pub fn write<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction) -> cartera_core::Result<T>,
) -> T {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .unwrap();
    let value = f(&tx).unwrap();
    tx.commit().unwrap();
    value
}

/// Every row of the tables a batch may write, and of the tags' agenda rows they keep, as
/// text: what undo must give back.
pub fn snapshot(conn: &Connection) -> Vec<String> {
    let mut rows = Vec::new();
    for table in ["follow_ups", "interactions", "clients"] {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let pairs: Vec<String> = columns.iter().map(|c| format!("'{c}', \"{c}\"")).collect();
        let sql = format!(
            "SELECT '{table}:' || rowid || json_object({}) FROM {table} ORDER BY rowid",
            pairs.join(", ")
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        rows.extend(
            stmt.query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(Result::unwrap),
        );
    }
    // The tags' agenda rows (migration 0019), kept by triggers from those tables.
    let mut stmt = conn
        .prepare(
            "SELECT 'follow_up_tags:' || tag_id || ' ' || due_at || ' ' || follow_up_id
             FROM follow_up_tags ORDER BY tag_id, due_at, client_id, follow_up_id",
        )
        .unwrap();
    rows.extend(
        stmt.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap),
    );
    rows
}
