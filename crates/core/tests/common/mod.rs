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
