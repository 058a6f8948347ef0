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

/// Whether the search index holds exactly what `client_index_words` says of every live client
/// (its words and its filters' reserved words) and nothing else: no trashed or deleted client,
/// no word or filter value a client had before. The index keeps no copy of its text
/// (contentless), so this compares its vocabulary, word by word and client by client.
pub(crate) fn search_index_mismatch(conn: &Connection) -> Option<String> {
    use std::collections::BTreeSet;
    let set = |sql: &str| -> BTreeSet<(String, i64)> {
        let mut stmt = conn.prepare(sql).expect("readable");
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .expect("readable");
        rows.map(|r| r.expect("readable")).collect()
    };
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.clients_fts_terms
         USING fts5vocab(main, clients_fts, instance)",
    )
    .expect("the index's vocabulary can be read");
    let indexed = set("SELECT term, doc FROM temp.clients_fts_terms");
    // The `ascii` tokenizer: cut at the spaces, ASCII letters in lower case.
    let expected: BTreeSet<(String, i64)> = set("SELECT words, seq FROM client_index_words")
        .into_iter()
        .flat_map(|(words, seq)| {
            words
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| (w.to_ascii_lowercase(), seq))
                .collect::<Vec<_>>()
        })
        .collect();
    (indexed != expected).then(|| {
        format!(
            "indexed but not expected: {:?}; expected but not indexed: {:?}",
            indexed.difference(&expected).take(5).collect::<Vec<_>>(),
            expected.difference(&indexed).take(5).collect::<Vec<_>>()
        )
    })
}

/// Whether `follow_up_tags` holds exactly the rows its definition gives
/// (`follow_up_tags_expected`, migration 0019): the first row one has and the other lacks.
pub(crate) fn follow_up_tags_mismatch(conn: &Connection) -> Option<String> {
    let first = |sql: &str| -> Option<String> { conn.query_row(sql, [], |r| r.get(0)).ok() };
    let row = "tag_id || ' ' || due_at || ' ' || client_id || ' ' || follow_up_id";
    first(&format!(
        "SELECT 'kept, not expected: ' || {row} FROM
           (SELECT * FROM follow_up_tags EXCEPT SELECT * FROM follow_up_tags_expected)"
    ))
    .or_else(|| {
        first(&format!(
            "SELECT 'expected, not kept: ' || {row} FROM
               (SELECT * FROM follow_up_tags_expected EXCEPT SELECT * FROM follow_up_tags)"
        ))
    })
}
