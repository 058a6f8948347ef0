//! Writing and reading notes: checked as a whole (every problem on its field), read newest
//! first in keyset pages of every kind or of one, trashed and restored, answered and reopened.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};

use super::{
    Note, NoteCursor, NoteInput, NoteKind, NotePage, TrashCursor, TrashedNote, TrashedNotePage,
    MAX_BODY, MAX_COMPETITOR, MAX_OPEN,
};
use crate::domain::ensure_live_client;
use crate::error::{FieldError, Rule};
use crate::validation::Checks;
use crate::{paging, time, CoreError, Result};

const COLUMNS: &str = "n.id, n.client_id, n.kind, n.body, n.sentiment, n.competitor, n.aspect,
    n.resolved_at, n.noted_at, n.updated_at, n.deleted_at";

fn from_row(r: &Row) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get("id")?,
        client_id: r.get("client_id")?,
        kind: r.get("kind")?,
        body: r.get("body")?,
        sentiment: r.get("sentiment")?,
        competitor: r.get("competitor")?,
        aspect: r.get("aspect")?,
        resolved_at: r.get("resolved_at")?,
        noted_at: r.get("noted_at")?,
        updated_at: r.get("updated_at")?,
        deleted_at: r.get("deleted_at")?,
    })
}

/// `input` cleaned, or every problem with it: the body is required; a feeling belongs to an
/// opinion, a competitor and what they are compared on to a comparison (both required there).
fn check(input: &NoteInput) -> Result<NoteInput> {
    let mut checks = Checks::new();
    let body = checks.long_text("body", &input.body, MAX_BODY);
    if body.is_empty() {
        checks.fail(FieldError::new("body", Rule::Required, "required"));
    }
    let opinion = input.kind == NoteKind::Opinion;
    let comparison = input.kind == NoteKind::Competitor;
    if let Some(sentiment) = input.sentiment {
        if opinion {
            checks.number("sentiment", i64::from(sentiment), 1, 5);
        } else {
            checks.invalid("sentiment", "only an opinion has a feeling");
        }
    }
    let before = checks.len();
    let competitor = checks.text("competitor", input.competitor.as_deref(), MAX_COMPETITOR);
    let too_long = checks.len() > before;
    match (comparison, competitor.is_some()) {
        (true, false) if !too_long => {
            checks.fail(FieldError::new("competitor", Rule::Required, "required"))
        }
        (false, true) => checks.invalid("competitor", "only a comparison names a competitor"),
        _ => {}
    }
    match (comparison, input.aspect.is_some()) {
        (true, false) => checks.fail(FieldError::new("aspect", Rule::Required, "required")),
        (false, true) => checks.invalid("aspect", "only a comparison has an aspect"),
        _ => {}
    }
    checks.finish()?;
    Ok(NoteInput {
        kind: input.kind,
        body,
        sentiment: input.sentiment.filter(|_| opinion),
        competitor: competitor.filter(|_| comparison),
        aspect: input.aspect.filter(|_| comparison),
    })
}

/// The note `id`, in the trash or not.
pub fn get(conn: &Connection, id: &str) -> Result<Note> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM client_notes n WHERE n.id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(CoreError::not_found("note"))
}

/// Notes a new note of `client_id` (`id` is `None`) or edits one of theirs outside the trash.
/// An edit keeps when it was noted; a note that stops being a doubt or a need loses its answer.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn save(
    tx: &Transaction,
    client_id: &str,
    id: Option<&str>,
    input: &NoteInput,
    at: DateTime<Utc>,
) -> Result<Note> {
    ensure_live_client(tx, client_id)?;
    let note = check(input)?;
    let now = time::timestamp(at);
    let (sql, id) = match id {
        None => (
            "INSERT INTO client_notes (id, client_id, kind, body, sentiment, competitor, aspect,
                 noted_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8)",
            time::new_id(),
        ),
        Some(id) => (
            "UPDATE client_notes SET kind = ?3, body = ?4, sentiment = ?5, competitor = ?6,
                 aspect = ?7, updated_at = ?8,
                 resolved_at = CASE WHEN ?3 IN ('doubt', 'need') THEN resolved_at END
             WHERE id = ?1 AND client_id = ?2 AND deleted_at IS NULL",
            id.to_string(),
        ),
    };
    let changed = tx.execute(
        sql,
        params![
            id,
            client_id,
            note.kind,
            note.body,
            note.sentiment,
            note.competitor,
            note.aspect,
            now
        ],
    )?;
    if changed == 0 {
        return Err(CoreError::not_found("note"));
    }
    get(tx, &id)
}

/// Marks a doubt or a need answered (`answered`) or open again.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn resolve(tx: &Transaction, id: &str, answered: bool, at: DateTime<Utc>) -> Result<Note> {
    let note = get(tx, id)?;
    if note.deleted_at.is_some() {
        return Err(CoreError::not_found("note"));
    }
    if !note.kind.can_be_answered() {
        return Err(CoreError::validation(
            "kind",
            "only a doubt or a need is answered",
        ));
    }
    let now = time::timestamp(at);
    tx.execute(
        "UPDATE client_notes SET resolved_at = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, answered.then_some(&now), now],
    )?;
    get(tx, id)
}

/// Moves a note to the trash; returns its client's id.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn trash(tx: &Transaction, id: &str, at: DateTime<Utc>) -> Result<String> {
    tx.query_row(
        "UPDATE client_notes SET deleted_at = ?2, updated_at = ?2
         WHERE id = ?1 AND deleted_at IS NULL RETURNING client_id",
        params![id, time::timestamp(at)],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(CoreError::not_found("note"))
}

/// Brings a note back from the trash; its client must be outside the trash.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn restore(tx: &Transaction, id: &str, at: DateTime<Utc>) -> Result<Note> {
    let note = get(tx, id)?;
    if note.deleted_at.is_none() {
        return Err(CoreError::not_found("note in the trash"));
    }
    ensure_live_client(tx, &note.client_id)?;
    tx.execute(
        "UPDATE client_notes SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1",
        params![id, time::timestamp(at)],
    )?;
    get(tx, id)
}

/// Deletes for good every note in the trash; returns how many.
pub fn empty_trash(tx: &Transaction) -> Result<u64> {
    Ok(tx.execute("DELETE FROM client_notes WHERE deleted_at IS NOT NULL", [])? as u64)
}

/// A client's notes outside the trash, newest first, of `kind` or of every kind.
pub fn page(
    conn: &Connection,
    client_id: &str,
    kind: Option<NoteKind>,
    after: Option<&NoteCursor>,
    limit: u32,
) -> Result<NotePage> {
    let limit = limit.clamp(1, super::MAX_PAGE);
    let mut values = vec![Value::Text(client_id.into())];
    let mut conditions = String::new();
    let index = match kind {
        Some(kind) => {
            values.push(Value::Text(kind.as_str().into()));
            conditions.push_str(&format!(" AND kind = ?{}", values.len()));
            "INDEXED BY client_notes_by_kind"
        }
        None => "INDEXED BY client_notes_by_client",
    };
    if let Some(after) = after {
        values.push(Value::Text(after.noted_at.clone()));
        values.push(Value::Text(after.id.clone()));
        let n = values.len();
        conditions.push_str(&format!(" AND (noted_at, id) < (?{}, ?{n})", n - 1));
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM client_notes n {index}
         WHERE client_id = ?1 AND deleted_at IS NULL{conditions}
         ORDER BY noted_at DESC, id DESC LIMIT {}",
        limit + 1
    );
    let mut items = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(values), from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let next = paging::cut(&mut items, limit, |n| NoteCursor {
        noted_at: n.noted_at.clone(),
        id: n.id.clone(),
    });
    Ok(NotePage { items, next })
}

/// A client's doubts and needs still to answer, the oldest first (they have waited longest).
pub fn open(conn: &Connection, client_id: &str) -> Result<Vec<Note>> {
    let notes = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM client_notes n INDEXED BY client_notes_open
             WHERE client_id = ?1 AND deleted_at IS NULL AND resolved_at IS NULL
               AND kind IN ('doubt', 'need')
             ORDER BY noted_at, id LIMIT ?2"
        ))?
        .query_map(params![client_id, MAX_OPEN], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(notes)
}

/// The notes in the trash, latest trashed first, with their clients' names.
pub fn trash_page(
    conn: &Connection,
    after: Option<&TrashCursor>,
    limit: u32,
) -> Result<TrashedNotePage> {
    let limit = limit.clamp(1, super::MAX_PAGE);
    let (at, id) = match after {
        Some(a) => (a.deleted_at.clone(), a.id.clone()),
        // Past any timestamp: the first page starts at the latest.
        None => ("~".to_string(), String::new()),
    };
    let mut items = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, c.name AS client_name
             FROM client_notes n INDEXED BY client_notes_in_trash
             JOIN clients c ON c.id = n.client_id
             WHERE n.deleted_at IS NOT NULL AND (n.deleted_at, n.id) < (?1, ?2)
             ORDER BY n.deleted_at DESC, n.id DESC LIMIT ?3"
        ))?
        .query_map(params![at, id, limit + 1], |r| {
            Ok(TrashedNote {
                note: from_row(r)?,
                client_name: r.get("client_name")?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let next = paging::cut(&mut items, limit, |t| TrashCursor {
        deleted_at: t.note.deleted_at.clone().unwrap_or_default(),
        id: t.note.id.clone(),
    });
    Ok(TrashedNotePage { items, next })
}
