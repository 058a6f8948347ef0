//! The agenda's lists of clients to chase: the green ones waiting for an answer (the longest
//! wait first) and the ones not contacted lately (never contacted first). Each is read page by
//! page to its end in its index's order, with its whole count on the first page.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{start_of, SECTION_LIMIT};
use crate::domain::FollowUpColour;
use crate::follow_ups::ASKED_KEY;
use crate::planning::{days_before, Planner};
use crate::{time, Result};

/// A client in one of the agenda's lists (waiting for an answer, not contacted lately).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClientToChase {
    pub client_id: String,
    pub name: String,
    pub colour: FollowUpColour,
    pub last_contact_at: Option<String>,
    /// Whole days since the clock started (the last contact, or for green when we asked);
    /// `None` when it never started.
    pub days: Option<i64>,
}

/// Which list of clients to chase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ChaseKind {
    /// Green clients waiting for an answer.
    Waiting,
    /// Clients (but former ones) not contacted in the last `quiet_days` days.
    Quiet,
}

/// Where a page of a list ended: its last client's key in the list's order (when we asked, or
/// the last contact; `None` for never) and its row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChaseCursor {
    pub key: Option<String>,
    #[ts(type = "number")]
    pub row: i64,
}

/// What to read of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChaseRequest {
    pub list: ChaseKind,
    /// The page after this one's last client; `None` for the first page.
    pub after: Option<ChaseCursor>,
    pub limit: u32,
}

/// One page of a list of clients to chase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChaseList {
    pub items: Vec<ClientToChase>,
    /// The cursor of the next page; `None` at the list's end.
    pub next: Option<ChaseCursor>,
    /// How many clients the whole list holds (first pages only).
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

/// The most clients a page holds.
pub const MAX_CHASE_PAGE: u32 = 500;

pub(super) fn days_since(planner: &Planner, at: Option<&str>) -> Option<i64> {
    let at = DateTime::parse_from_rfc3339(at?).ok()?.with_timezone(&Utc);
    Some((planner.today() - planner.local_date(at)).num_days())
}

/// A row of `SELECT rowid, id, name, colour, last_contact_at, <key>`, its cursor, and the
/// client with `days` counted from `since`.
fn chased(r: &Row, planner: &Planner) -> rusqlite::Result<(ChaseCursor, ClientToChase)> {
    let key: Option<String> = r.get(5)?;
    let mut client = ClientToChase {
        client_id: r.get(1)?,
        name: r.get(2)?,
        colour: r.get(3)?,
        last_contact_at: r.get(4)?,
        days: None,
    };
    client.days = days_since(planner, key.as_deref().filter(|k| !k.is_empty()));
    let cursor = ChaseCursor {
        key,
        row: r.get(0)?,
    };
    Ok((cursor, client))
}

/// One page of a list as of `planner.now`.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn chase_page(
    conn: &Connection,
    planner: &Planner,
    request: &ChaseRequest,
) -> Result<ChaseList> {
    let limit = request.limit.clamp(1, MAX_CHASE_PAGE);
    let mut rows = match request.list {
        ChaseKind::Waiting => waiting_rows(conn, planner, request.after.as_ref(), limit + 1)?,
        ChaseKind::Quiet => quiet_rows(conn, planner, request.after.as_ref(), limit + 1)?,
    };
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let total = match (&request.after, more) {
        (Some(_), _) => None,
        (None, false) => Some(rows.len() as u64),
        (None, true) => Some(match request.list {
            ChaseKind::Waiting => count_waiting(conn)?,
            ChaseKind::Quiet => count_quiet(conn, planner)?,
        }),
    };
    let next = if more {
        rows.last().map(|(cursor, _)| cursor.clone())
    } else {
        None
    };
    Ok(ChaseList {
        items: rows.into_iter().map(|(_, client)| client).collect(),
        next,
        total,
    })
}

/// The first page of green clients waiting for an answer.
pub fn waiting_for_answer(conn: &Connection, planner: &Planner) -> Result<ChaseList> {
    chase_page(conn, planner, &first_page(ChaseKind::Waiting))
}

/// The first page of clients not contacted lately.
pub fn not_contacted(conn: &Connection, planner: &Planner) -> Result<ChaseList> {
    chase_page(conn, planner, &first_page(ChaseKind::Quiet))
}

fn first_page(list: ChaseKind) -> ChaseRequest {
    ChaseRequest {
        list,
        after: None,
        limit: SECTION_LIMIT,
    }
}

/// Green clients in order of when we asked ([`ASKED_KEY`]), the never asked first, then the
/// longest wait.
fn waiting_rows(
    conn: &Connection,
    planner: &Planner,
    after: Option<&ChaseCursor>,
    limit: u32,
) -> Result<Vec<(ChaseCursor, ClientToChase)>> {
    let key = after.and_then(|a| a.key.clone()).unwrap_or_default();
    let row = after.map_or(i64::MIN, |a| a.row);
    // Pinned: the planner prefers the colour index and then sorts every green client (6 ms at
    // 100k clients); this index yields them already in order, the row as the tie-break.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid, id, name, colour, last_contact_at, {ASKED_KEY}
         FROM clients INDEXED BY clients_green_asked
         WHERE colour = 'green' AND deleted_at IS NULL
           AND ({ASKED_KEY}, rowid) > (?1, ?2)
         ORDER BY {ASKED_KEY}, rowid LIMIT ?3"
    ))?;
    let rows = stmt
        .query_map(params![key, row, limit], |r| chased(r, planner))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn count_waiting(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM clients INDEXED BY clients_green_asked
         WHERE colour = 'green' AND deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}

/// Where "not contacted lately" starts: the start of the day `quiet_days` before today.
fn quiet_cutoff(planner: &Planner) -> String {
    time::timestamp(start_of(
        days_before(planner.today(), u64::from(planner.settings.quiet_days)),
        planner,
    ))
}

/// Clients (but former ones) never contacted, then contacted before the cutoff, the longest
/// ago first: two ranges of `clients_by_last_contact` (migration 0005), each in its order.
fn quiet_rows(
    conn: &Connection,
    planner: &Planner,
    after: Option<&ChaseCursor>,
    limit: u32,
) -> Result<Vec<(ChaseCursor, ClientToChase)>> {
    let mut rows = Vec::new();
    let in_never = after.is_none_or(|a| a.key.is_none());
    if in_never {
        let row = after.map_or(i64::MIN, |a| a.row);
        let mut stmt = conn.prepare_cached(
            "SELECT rowid, id, name, colour, last_contact_at, last_contact_at
             FROM clients INDEXED BY clients_by_last_contact
             WHERE deleted_at IS NULL AND status <> 'former' AND last_contact_at IS NULL
               AND rowid > ?1
             ORDER BY rowid LIMIT ?2",
        )?;
        rows = stmt
            .query_map(params![row, limit], |r| chased(r, planner))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
    }
    let left = limit as usize - rows.len();
    if left > 0 {
        let (key, row) = match after.and_then(|a| a.key.clone().map(|k| (k, a.row))) {
            Some(at) => at,
            None => (String::new(), i64::MIN),
        };
        let mut stmt = conn.prepare_cached(
            "SELECT rowid, id, name, colour, last_contact_at, last_contact_at
             FROM clients INDEXED BY clients_by_last_contact
             WHERE deleted_at IS NULL AND status <> 'former'
               AND last_contact_at < ?1 AND (last_contact_at, rowid) > (?2, ?3)
             ORDER BY last_contact_at, rowid LIMIT ?4",
        )?;
        let contacted = stmt
            .query_map(params![quiet_cutoff(planner), key, row, left as i64], |r| {
                chased(r, planner)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.extend(contacted);
    }
    Ok(rows)
}

/// The clients [`quiet_rows`] lists, counted from the kept tally by day of last contact
/// (migration 0015): the days before the cutoff's (never contacted included, as ''), then
/// the clients of the cutoff's own UTC day contacted before it, from the index.
fn count_quiet(conn: &Connection, planner: &Planner) -> Result<u64> {
    let cutoff = quiet_cutoff(planner);
    let day = cutoff.get(..10).unwrap_or(&cutoff).to_string();
    let n: i64 = conn
        .prepare_cached(
            "SELECT
                 (SELECT coalesce(sum(clients), 0) FROM contact_days WHERE day < ?2)
               + (SELECT count(*) FROM clients INDEXED BY clients_by_last_contact
                  WHERE deleted_at IS NULL AND status <> 'former'
                    AND last_contact_at >= ?2 AND last_contact_at < ?1)",
        )?
        .query_row(params![cutoff, day], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// Green clients asked at least `days` days ago without an answer (the morning digest's
/// "esperando respuesta"); clients never asked are not waiting yet.
pub fn waiting_at_least(conn: &Connection, planner: &Planner, days: u32) -> Result<u64> {
    // Waiting `days` or more ⇔ the clock started before the day after `today - days`.
    let first_too_recent = planner
        .today()
        .checked_sub_days(Days::new(u64::from(days)))
        .and_then(|d| d.succ_opt())
        .unwrap_or(NaiveDate::MIN);
    let cutoff = start_of(first_too_recent, planner);
    let n: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM clients INDEXED BY clients_green_asked
             WHERE colour = 'green' AND deleted_at IS NULL
               AND {ASKED_KEY} > '' AND {ASKED_KEY} < ?1"
        ),
        [time::timestamp(cutoff)],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}
