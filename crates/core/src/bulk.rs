//! Triage in bulk: complete, snooze, spread over the next working days or cancel many agenda
//! items at once, as one transaction and one batch that a single undo reverses.
//!
//! A batch is undone from a log of the rows it wrote (migration 0009): for its duration,
//! temporary triggers copy every row of `follow_ups`, `interactions` and `clients` the batch
//! inserts, updates or deletes, as it was, into `batch_changes`. The log therefore holds the
//! writes of every rule the actions run (the regime re-planned after a contact, a series'
//! next occurrence, the client's last contact) without this module knowing them.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::agenda::{self, AgendaFilter, Section, SectionRequest};
use crate::follow_ups::{self, MissedOccurrences, Origin};
use crate::interactions::{self, Outcome};
use crate::planning::{days_after, Planner, Snooze};
use crate::{time, CoreError, Result};

/// Which items a bulk action is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum Selection {
    /// These follow-ups, in this order.
    Items { ids: Vec<String> },
    /// Every item of a section under a filter ("select all N"), in the section's order.
    Section {
        section: Section,
        filter: AgendaFilter,
        #[serde(default)]
        newest_first: bool,
    },
}

/// What to do with the selected items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum BulkAction {
    /// Done, all with one outcome and note.
    Complete {
        outcome: Outcome,
        note: String,
    },
    Snooze {
        choice: Snooze,
    },
    /// Moved to the next `days` working days after today, at most `per_day` a day, in the
    /// selection's order (the longest neglected first); the ones that do not fit stay.
    Spread {
        days: u32,
        per_day: u32,
    },
    /// Dropped. A regime's follow-up is left: its colour plans it (change the colour instead).
    Cancel,
    /// Each item to its own date (a day's surplus moved within capacity, see
    /// [`crate::capacity`]); a selected item without a date here stays.
    Move {
        to: Vec<ItemDate>,
    },
}

/// The date one item of a [`BulkAction::Move`] goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ItemDate {
    pub follow_up_id: String,
    #[ts(type = "string")]
    pub date: NaiveDate,
}

/// What a bulk action will do, said before it is done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BulkPreview {
    /// Items the action applies to.
    #[ts(type = "number")]
    pub acting: u64,
    /// Selected items it leaves as they are (a spread's surplus, a cancel's regime items).
    #[ts(type = "number")]
    pub left: u64,
    /// A spread's new dates and how many land on each.
    pub days: Vec<DayLoad>,
}

/// How many of a spread's items land on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DayLoad {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub count: u32,
}

/// A bulk action done: its batch (to undo it) and how many items it acted on and left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchDone {
    pub batch_id: String,
    #[ts(type = "number")]
    pub acting: u64,
    #[ts(type = "number")]
    pub left: u64,
}

/// The most items one bulk action takes (a bigger selection is refused, not cut).
pub const MAX_BATCH: usize = 10_000;
/// The longest spread, in working days.
pub const MAX_SPREAD_DAYS: u32 = 60;

/// A selected pending follow-up.
struct Selected {
    id: String,
    origin: Origin,
}

/// The pending follow-ups `selection` names, in its order.
fn resolve(conn: &Connection, planner: &Planner, selection: &Selection) -> Result<Vec<Selected>> {
    let mut found = Vec::new();
    match selection {
        Selection::Items { ids } => {
            for id in ids {
                // Gone or no longer pending since it was selected: nothing to do with it.
                if let Ok(f) = follow_ups::get(conn, id) {
                    if f.status == follow_ups::FollowUpStatus::Pending {
                        found.push(Selected {
                            id: f.id,
                            origin: f.origin,
                        });
                    }
                }
            }
        }
        Selection::Section {
            section,
            filter,
            newest_first,
        } => {
            let mut request = SectionRequest {
                section: *section,
                filter: filter.clone(),
                newest_first: *newest_first,
                after: None,
                limit: agenda::MAX_SECTION_PAGE,
            };
            loop {
                let page = agenda::section_page(conn, planner, &request)?;
                found.extend(page.items.into_iter().map(|i| Selected {
                    id: i.follow_up_id,
                    origin: i.origin,
                }));
                if found.len() > MAX_BATCH {
                    break;
                }
                match page.next {
                    Some(next) => request.after = Some(next),
                    None => break,
                }
            }
        }
    }
    if found.len() > MAX_BATCH {
        return Err(CoreError::validation(
            "selection",
            format!("at most {MAX_BATCH} items at once"),
        ));
    }
    Ok(found)
}

/// The dates a spread gives `count` items: the working days after today, `per_day` each, for
/// at most `days` days; the items past them get none.
pub fn spread_dates(planner: &Planner, count: usize, days: u32, per_day: u32) -> Vec<NaiveDate> {
    let per_day = per_day.max(1) as usize;
    let mut dates = Vec::with_capacity(count);
    let mut day = planner.today();
    for _ in 0..days.min(MAX_SPREAD_DAYS) {
        day = planner.settings.working_day_on_or_after(days_after(day, 1));
        for _ in 0..per_day {
            if dates.len() == count {
                return dates;
            }
            dates.push(day);
        }
    }
    dates
}

/// What `action` on `selection` would do.
pub fn preview(
    conn: &Connection,
    planner: &Planner,
    selection: &Selection,
    action: &BulkAction,
) -> Result<BulkPreview> {
    let selected = resolve(conn, planner, selection)?;
    Ok(plan(planner, &selected, action).0)
}

/// The preview, and for each selected item what happens to it (`None`: left as it is; for a
/// spread, its new date).
fn plan(
    planner: &Planner,
    selected: &[Selected],
    action: &BulkAction,
) -> (BulkPreview, Vec<Option<Option<NaiveDate>>>) {
    let each: Vec<Option<Option<NaiveDate>>> = match action {
        BulkAction::Spread { days, per_day } => {
            let dates = spread_dates(planner, selected.len(), *days, *per_day);
            (0..selected.len())
                .map(|i| dates.get(i).map(|d| Some(*d)))
                .collect()
        }
        BulkAction::Cancel => selected
            .iter()
            .map(|s| (s.origin == Origin::Manual).then_some(None))
            .collect(),
        BulkAction::Move { to } => {
            // By id: a day's surplus may be thousands of items.
            let dates: HashMap<&str, NaiveDate> = to
                .iter()
                .map(|m| (m.follow_up_id.as_str(), m.date))
                .collect();
            selected
                .iter()
                .map(|s| dates.get(s.id.as_str()).map(|date| Some(*date)))
                .collect()
        }
        _ => selected.iter().map(|_| Some(None)).collect(),
    };
    let mut days: Vec<DayLoad> = Vec::new();
    for date in each.iter().flatten().flatten() {
        match days.iter_mut().find(|load| load.date == *date) {
            Some(load) => load.count += 1,
            None => days.push(DayLoad {
                date: *date,
                count: 1,
            }),
        }
    }
    days.sort_by_key(|load| load.date);
    let acting = each.iter().filter(|e| e.is_some()).count() as u64;
    let preview = BulkPreview {
        acting,
        left: selected.len() as u64 - acting,
        days,
    };
    (preview, each)
}

/// Does `action` on `selection` as one batch.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn apply(
    tx: &Transaction,
    planner: &Planner,
    selection: &Selection,
    action: &BulkAction,
) -> Result<BatchDone> {
    let selected = resolve(tx, planner, selection)?;
    let (_, each) = plan(planner, &selected, action);
    let batch_id = time::new_id();
    let kind = match action {
        BulkAction::Complete { .. } => "complete",
        BulkAction::Snooze { .. } => "snooze",
        BulkAction::Spread { .. } => "spread",
        BulkAction::Cancel => "cancel",
        // Items moved to dates: a spread whose dates were chosen (the kinds migration 0009
        // allows; nothing reads the kind back but a person looking at the file).
        BulkAction::Move { .. } => "spread",
    };
    tx.execute(
        "INSERT INTO batches (id, kind, items, created_at) VALUES (?1, ?2, 0, ?3)",
        params![batch_id, kind, time::timestamp(planner.now)],
    )?;
    let log = ChangeLog::start(tx, &batch_id)?;
    let mut acting: u64 = 0;
    for (item, what) in selected.iter().zip(&each) {
        let Some(date) = what else { continue };
        // An earlier item's action may have settled this one: completing a client's call
        // re-plans the client's regime, cancelling its pending regime call.
        let current = follow_ups::get(tx, &item.id)?;
        if current.status != follow_ups::FollowUpStatus::Pending {
            continue;
        }
        acting += 1;
        match action {
            BulkAction::Complete { outcome, note } => {
                // Occurrences a series missed are not logged from a batch: its summary does
                // not ask.
                interactions::complete(
                    tx,
                    &item.id,
                    *outcome,
                    note,
                    MissedOccurrences::Forget,
                    planner,
                )?;
            }
            BulkAction::Snooze { choice } => {
                follow_ups::snooze(tx, &item.id, *choice, planner)?;
            }
            BulkAction::Spread { .. } | BulkAction::Move { .. } => {
                let to = date.unwrap_or(current.due_date);
                follow_ups::move_pending(tx, &item.id, to, current.due_time, planner)?;
            }
            BulkAction::Cancel => follow_ups::cancel(tx, &item.id, planner)?,
        }
    }
    log.stop(tx)?;
    tx.execute(
        "UPDATE batches SET items = ?2 WHERE id = ?1",
        params![batch_id, acting as i64],
    )?;
    Ok(BatchDone {
        batch_id,
        acting,
        left: selected.len() as u64 - acting,
    })
}

/// The columns of a client a batch may write, all that its undo puts back.
const CLIENT_COLUMNS: [&str; 2] = ["last_contact_at", "last_outbound_at"];

/// The tables a batch's log covers.
const LOGGED: [&str; 3] = ["follow_ups", "interactions", "clients"];

/// The temporary triggers that log a batch's writes while it runs.
struct ChangeLog;

impl ChangeLog {
    fn start(tx: &Transaction, batch_id: &str) -> Result<Self> {
        // The id is ours (a UUID): safe to write into the triggers' text.
        let next_seq = format!(
            "(SELECT coalesce(max(seq), -1) + 1 FROM batch_changes WHERE batch_id = '{batch_id}')"
        );
        for table in LOGGED {
            let old = json_of_row(tx, table, "old")?;
            tx.execute_batch(&format!(
                "CREATE TEMP TRIGGER batch_log_{table}_insert AFTER INSERT ON main.{table} BEGIN
                     INSERT INTO batch_changes (batch_id, seq, tbl, op, row_id, old)
                     VALUES ('{batch_id}', {next_seq}, '{table}', 'insert', new.rowid, NULL);
                 END;
                 CREATE TEMP TRIGGER batch_log_{table}_update BEFORE UPDATE ON main.{table} BEGIN
                     INSERT INTO batch_changes (batch_id, seq, tbl, op, row_id, old)
                     VALUES ('{batch_id}', {next_seq}, '{table}', 'update', old.rowid, {old});
                 END;
                 CREATE TEMP TRIGGER batch_log_{table}_delete BEFORE DELETE ON main.{table} BEGIN
                     INSERT INTO batch_changes (batch_id, seq, tbl, op, row_id, old)
                     VALUES ('{batch_id}', {next_seq}, '{table}', 'delete', old.rowid, {old});
                 END;"
            ))?;
        }
        Ok(Self)
    }

    fn stop(self, tx: &Transaction) -> Result<()> {
        for table in LOGGED {
            tx.execute_batch(&format!(
                "DROP TRIGGER temp.batch_log_{table}_insert;
                 DROP TRIGGER temp.batch_log_{table}_update;
                 DROP TRIGGER temp.batch_log_{table}_delete;"
            ))?;
        }
        Ok(())
    }
}

/// The columns of `table`, as the schema has them now (a later migration's columns included).
fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// SQL for a JSON object of the row `alias` (`old` in a trigger) of `table`, by column.
fn json_of_row(conn: &Connection, table: &str, alias: &str) -> Result<String> {
    let pairs: Vec<String> = columns(conn, table)?
        .iter()
        .map(|c| format!("'{c}', {alias}.\"{c}\""))
        .collect();
    Ok(format!("json_object({})", pairs.join(", ")))
}

/// The statements that put back a row of `table` from its logged JSON (`?2`) by row id
/// (`?1`): deleting a row the batch inserted, restoring one it updated (every column in
/// `cols`), inserting one it deleted.
fn restore_statements(table: &str, cols: &[String]) -> [String; 3] {
    let value = |c: &String| format!("json_extract(?2, '$.\"{c}\"')");
    // The id never changes, and setting it would make SQLite look for the rows that refer to
    // it (a scan of a million interactions per row).
    let sets: Vec<String> = cols
        .iter()
        .filter(|c| *c != "id")
        .map(|c| format!("\"{c}\" = {}", value(c)))
        .collect();
    let names: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
    let values: Vec<String> = cols.iter().map(value).collect();
    [
        format!("DELETE FROM main.{table} WHERE rowid = ?1"),
        format!(
            "UPDATE main.{table} SET {} WHERE rowid = ?1",
            sets.join(", ")
        ),
        format!(
            "INSERT INTO main.{table} (rowid, {}) VALUES (?1, {})",
            names.join(", "),
            values.join(", ")
        ),
    ]
}

/// Reverses a batch: every row it wrote is put back as it was, newest write first. Refused
/// when the batch was undone already, or when one of its follow-ups or interactions changed
/// since (undoing then would throw that later change away).
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn undo(tx: &Transaction, batch_id: &str, planner: &Planner) -> Result<u64> {
    let (created_at, undone_at): (String, Option<String>) = tx
        .query_row(
            "SELECT created_at, undone_at FROM batches WHERE id = ?1",
            [batch_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::not_found("batch"))?;
    if undone_at.is_some() {
        return Err(CoreError::Conflict {
            field: None,
            message: "this batch was undone already".into(),
        });
    }
    for table in ["follow_ups", "interactions"] {
        // The batch's rows looked up by row id (a join let the planner scan the table).
        let changed_since: bool = tx.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM main.{table} t
                                WHERE t.rowid IN (SELECT row_id FROM batch_changes
                                                  WHERE batch_id = ?1 AND tbl = '{table}')
                                  AND t.updated_at > ?2)"
            ),
            params![batch_id, created_at],
            |r| r.get(0),
        )?;
        if changed_since {
            return Err(CoreError::Conflict {
                field: None,
                message: "some of these items changed after the batch".into(),
            });
        }
    }
    // A client the batch touched (its last contact moved) and contacted or recoloured since:
    // undoing would take its last contact back past that later one.
    let client_changed_since: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM clients c
                        WHERE c.rowid IN (SELECT row_id FROM batch_changes
                                          WHERE batch_id = ?1 AND tbl = 'clients')
                          AND (coalesce(c.last_contact_at, '') > ?2
                               OR coalesce(c.colour_since, '') > ?2))",
        params![batch_id, created_at],
        |r| r.get(0),
    )?;
    if client_changed_since {
        return Err(CoreError::Conflict {
            field: None,
            message: "some of these clients were contacted or changed after the batch".into(),
        });
    }
    let changes: Vec<(String, String, i64, Option<String>)> = tx
        .prepare(
            "SELECT tbl, op, row_id, old FROM batch_changes WHERE batch_id = ?1
             ORDER BY seq DESC",
        )?
        .query_map([batch_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Of a client, a batch only moves the last contacts (a completion logs one): those are put
    // back, and nothing a later edit may have changed.
    let restored_columns = [
        columns(tx, "follow_ups")?,
        columns(tx, "interactions")?,
        CLIENT_COLUMNS.iter().map(|c| c.to_string()).collect(),
    ];
    // Each table's three statements, made once and prepared once: a batch of 1,000 spent
    // more of its undo compiling each row's statement (and the triggers it fires) than
    // running it.
    let statements: Vec<[String; 3]> = LOGGED
        .iter()
        .zip(&restored_columns)
        .map(|(table, cols)| restore_statements(table, cols))
        .collect();
    let mut restored = 0;
    for (table, op, row_id, old) in &changes {
        // Only the tables the log covers: the names are ours, checked against the list.
        let Some(at) = LOGGED.iter().position(|t| t == table) else {
            continue;
        };
        let [delete, update, insert] = &statements[at];
        match op.as_str() {
            "insert" => tx.prepare_cached(delete)?.execute([row_id])?,
            "update" => tx.prepare_cached(update)?.execute(params![row_id, old])?,
            _ => tx.prepare_cached(insert)?.execute(params![row_id, old])?,
        };
        restored += 1;
    }
    tx.execute(
        "UPDATE batches SET undone_at = ?2 WHERE id = ?1",
        params![batch_id, time::timestamp(planner.now)],
    )?;
    Ok(restored)
}
