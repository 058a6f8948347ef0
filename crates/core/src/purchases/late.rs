//! Late to buy, kept: every client's cadence (last buying day, median gap) and the first day
//! they are late, in `buying_rhythms` (migration 0021). Every purchase write refreshes its
//! client's row in the same transaction; new tolerance settings work out `late_from` again
//! from the stored cadence; [`rebuild`] makes the whole table again from the purchases. The
//! agenda then reads the clients late as of today from one index, the longest late first.
//!
//! Snoozing and dismissing touch the agenda's item only: the client is still late on their
//! card and in the list. A dismissal lasts until the next purchase, a snooze until its day.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rhythm::{cadence, Cadence};
use super::PurchaseSettings;
use crate::domain::FollowUpColour;
use crate::planning::days_after;
use crate::{paging, settings, CoreError, Result};

/// A client late to buy, as the agenda lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LateClient {
    pub client_id: String,
    pub name: String,
    pub colour: FollowUpColour,
    /// The median of the days between their buying days ("suele comprar cada 21 días").
    pub median_days: u32,
    #[ts(type = "string")]
    pub last_purchase_on: NaiveDate,
    /// Days from the last purchase to today ("van 30").
    pub days_since_last: u32,
    /// The first day they were late.
    #[ts(type = "string")]
    pub late_from: NaiveDate,
}

/// Where a page of the late clients ends: the next page starts after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LateCursor {
    #[ts(type = "string")]
    pub late_from: NaiveDate,
    pub client_id: String,
}

/// One page of the clients late to buy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LatePage {
    pub items: Vec<LateClient>,
    pub next: Option<LateCursor>,
    /// How many the whole list holds (first pages only).
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

/// The most clients a page holds.
pub const MAX_LATE_PAGE: u32 = 500;
/// How far ahead an item may be snoozed.
pub const MAX_SNOOZE_DAYS: u64 = 365;

/// The settings key migration 0021 leaves when purchases were already recorded.
const REBUILD_KEY: &str = "rebuild_buying_rhythms";

/// Writes (or removes, below three buying days) the row of `cadence` for `client_id`. A new
/// last purchase ends a snooze; a dismissal goes stale by itself (see `dismissed_for`).
fn write(
    conn: &Connection,
    client_id: &str,
    cadence: Option<Cadence>,
    s: &PurchaseSettings,
) -> Result<()> {
    let Some(c) = cadence else {
        conn.prepare_cached("DELETE FROM buying_rhythms WHERE client_id = ?1")?
            .execute([client_id])?;
        return Ok(());
    };
    conn.prepare_cached(
        "INSERT INTO buying_rhythms (client_id, last_purchase_on, median_days, late_from)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (client_id) DO UPDATE SET
             snoozed_until = CASE WHEN last_purchase_on = excluded.last_purchase_on
                                  THEN snoozed_until END,
             last_purchase_on = excluded.last_purchase_on,
             median_days = excluded.median_days,
             late_from = excluded.late_from",
    )?
    .execute(params![
        client_id,
        c.last_purchase_on,
        c.median_days,
        c.late_from(s)
    ])?;
    Ok(())
}

/// Works out `client_id`'s row again from their purchases outside the trash. Every purchase
/// write calls it in its transaction.
pub fn refresh(conn: &Connection, client_id: &str, settings: &PurchaseSettings) -> Result<()> {
    let dates = conn
        .prepare_cached(
            "SELECT purchased_on FROM purchases INDEXED BY purchases_by_client
             WHERE client_id = ?1 AND deleted_at IS NULL",
        )?
        .query_map([client_id], |r| r.get::<_, NaiveDate>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    write(conn, client_id, cadence(dates), settings)
}

/// Makes every row again from the purchases (one ordered read of them all); returns how many
/// clients have a rhythm.
#[tracing::instrument(skip_all, err)]
pub fn rebuild(conn: &Connection, settings: &PurchaseSettings) -> Result<u64> {
    conn.execute("DELETE FROM buying_rhythms", [])?;
    let mut stmt = conn.prepare(
        "SELECT client_id, purchased_on FROM purchases INDEXED BY purchases_by_client
         WHERE deleted_at IS NULL ORDER BY client_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut kept = 0;
    let mut current: Option<(String, Vec<NaiveDate>)> = None;
    let mut flush = |client: Option<(String, Vec<NaiveDate>)>| -> Result<()> {
        if let Some((id, dates)) = client {
            if let Some(c) = cadence(dates) {
                write(conn, &id, Some(c), settings)?;
                kept += 1;
            }
        }
        Ok(())
    };
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let on: NaiveDate = r.get(1)?;
        match &mut current {
            Some((at, dates)) if *at == id => dates.push(on),
            _ => flush(current.replace((id, vec![on])))?,
        }
    }
    flush(current)?;
    Ok(kept)
}

/// Rebuilds the table if migration 0021 asked for it (a database that held purchases before
/// the table existed), in one transaction with the removal of the request.
pub fn rebuild_if_asked(conn: &mut Connection) -> Result<()> {
    let asked: bool = conn
        .query_row(
            "SELECT 1 FROM settings WHERE key = ?1",
            [REBUILD_KEY],
            |_| Ok(true),
        )
        .optional()?
        .unwrap_or(false);
    if asked {
        let tx = conn.transaction()?;
        let built = rebuild(&tx, &settings::purchases(&tx)?)?;
        tx.execute("DELETE FROM settings WHERE key = ?1", [REBUILD_KEY])?;
        tx.commit()?;
        tracing::info!(built, "buying rhythms rebuilt from the purchases");
    }
    Ok(())
}

/// Works out every `late_from` again for new tolerance settings, from the stored cadences.
pub fn retime(conn: &Connection, settings: &PurchaseSettings) -> Result<()> {
    let cadences = conn
        .prepare("SELECT client_id, last_purchase_on, median_days FROM buying_rhythms")?
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Cadence {
                    last_purchase_on: r.get(1)?,
                    median_days: r.get(2)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut update =
        conn.prepare("UPDATE buying_rhythms SET late_from = ?2 WHERE client_id = ?1")?;
    for (client_id, c) in cadences {
        update.execute(params![client_id, c.late_from(settings)])?;
    }
    Ok(())
}

/// How long a snooze of the agenda's item lasts.
pub const SNOOZE_DAYS: u64 = 7;

/// When a snoozed item comes back as of `today`: a week on, or, for a call planned on
/// `after_call`, the day after the call (never before tomorrow, never past a year ahead).
pub fn snooze_until(today: NaiveDate, after_call: Option<NaiveDate>) -> NaiveDate {
    let tomorrow = days_after(today, 1);
    match after_call {
        None => days_after(today, SNOOZE_DAYS),
        Some(call) => days_after(call, 1)
            .max(tomorrow)
            .min(days_after(today, MAX_SNOOZE_DAYS)),
    }
}

/// Takes `client_id`'s item off the agenda until `until` (tomorrow to a year ahead).
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn snooze(
    conn: &Connection,
    client_id: &str,
    until: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    let last = days_after(today, MAX_SNOOZE_DAYS);
    if until <= today || until > last {
        return Err(CoreError::validation(
            "until",
            format!("a day after {today}, up to {last}"),
        ));
    }
    let changed = conn.execute(
        "UPDATE buying_rhythms SET snoozed_until = ?2 WHERE client_id = ?1",
        params![client_id, until],
    )?;
    if changed == 0 {
        return Err(CoreError::not_found("buying rhythm"));
    }
    Ok(())
}

/// Takes `client_id`'s item off the agenda until their next purchase.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn dismiss(conn: &Connection, client_id: &str) -> Result<()> {
    let changed = conn.execute(
        "UPDATE buying_rhythms SET dismissed_for = last_purchase_on WHERE client_id = ?1",
        [client_id],
    )?;
    if changed == 0 {
        return Err(CoreError::not_found("buying rhythm"));
    }
    Ok(())
}

/// The late clients the agenda shows as of `today`: late, neither snoozed nor dismissed, live
/// and not former clients (`chased`). All of it is in the index, which yields them in order.
const SHOWN: &str = "FROM buying_rhythms r INDEXED BY buying_rhythms_late
     WHERE r.chased = 1 AND r.late_from <= ?1
       AND (r.snoozed_until IS NULL OR r.snoozed_until <= ?1)
       AND (r.dismissed_for IS NULL OR r.dismissed_for <> r.last_purchase_on)";

fn late_client(r: &Row, today: NaiveDate) -> rusqlite::Result<LateClient> {
    let last: NaiveDate = r.get("last_purchase_on")?;
    Ok(LateClient {
        client_id: r.get("client_id")?,
        name: r.get("name")?,
        colour: r.get("colour")?,
        median_days: r.get("median_days")?,
        last_purchase_on: last,
        days_since_last: (today - last).num_days().max(0) as u32,
        late_from: r.get("late_from")?,
    })
}

/// One page of the clients late to buy as of `today`, the longest late first.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn page(
    conn: &Connection,
    today: NaiveDate,
    after: Option<&LateCursor>,
    limit: u32,
) -> Result<LatePage> {
    let limit = limit.clamp(1, MAX_LATE_PAGE);
    let (from, id) = match after {
        Some(a) => (a.late_from.to_string(), a.client_id.clone()),
        None => (String::new(), String::new()),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT r.client_id, c.name, c.colour, r.median_days, r.last_purchase_on, r.late_from
         FROM (SELECT r.client_id, r.median_days, r.last_purchase_on, r.late_from {SHOWN}
               AND (r.late_from, r.client_id) > (?2, ?3)
               ORDER BY r.late_from, r.client_id LIMIT ?4) r
         CROSS JOIN clients c ON c.id = r.client_id
         ORDER BY r.late_from, r.client_id"
    ))?;
    let mut items = stmt
        .query_map(params![today, from, id, limit + 1], |r| {
            late_client(r, today)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let next = paging::cut(&mut items, limit, |c| LateCursor {
        late_from: c.late_from,
        client_id: c.client_id.clone(),
    });
    let total = match (after, &next) {
        (Some(_), _) => None,
        (None, None) => Some(items.len() as u64),
        (None, Some(_)) => Some(count(conn, today)?),
    };
    Ok(LatePage { items, next, total })
}

/// How many clients the agenda lists as late to buy as of `today`.
pub fn count(conn: &Connection, today: NaiveDate) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached(&format!("SELECT count(*) {SHOWN}"))?
        .query_row([today], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}
