//! Planning settings applied to what is already planned. A regime's interval or the working
//! days decide the date of every pending regime follow-up, and the start of the day the
//! instant of every all-day follow-up: saving them re-plans those, in the same transaction,
//! after the user has seen how many will change date.
//!
//! A regime follow-up moves only if it still sits on the date the old settings planned: one
//! the user moved by hand (snoozed, rescheduled) keeps the user's date, and one already
//! overdue stays overdue rather than quietly becoming today's.
//!
//! A new tolerance for late purchases works out again when each client becomes late to buy.

use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::agenda;
use crate::follow_ups::{self, RegimeClock};
use crate::planning::{days_after, Planner, PlanningSettings};
use crate::purchases::{late, PurchaseSettings};
use crate::settings::{self, Settings};
use crate::{time, Result};

/// What saving new planning settings changes in what is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlanChange {
    /// Pending regime follow-ups that move to another date.
    #[ts(type = "number")]
    pub moving: u64,
}

/// The clients whose pending regime follow-up moves when `planner`'s settings become `new`.
fn moving_clients(
    conn: &Connection,
    planner: &Planner,
    new: &PlanningSettings,
) -> Result<Vec<String>> {
    let after = Planner::new(planner.now, planner.tz, new.clone());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {}, c.id, f.due_date
         FROM clients c JOIN follow_ups f ON f.client_id = c.id
         WHERE c.deleted_at IS NULL AND c.colour <> 'none'
           AND f.origin = 'regime' AND f.status = 'pending' AND f.deleted_at IS NULL",
        RegimeClock::COLUMNS
    ))?;
    let mut rows = stmt.query([])?;
    let mut moving = Vec::new();
    while let Some(r) = rows.next()? {
        let clock = RegimeClock::from_row(r)?;
        let stored: chrono::NaiveDate = r.get(4)?;
        let untouched = clock.next_date(planner) == Some(stored);
        if untouched && clock.next_date(&after) != Some(stored) {
            moving.push(r.get(3)?);
        }
    }
    Ok(moving)
}

/// How many pending regime follow-ups move if the planning settings become `new`.
pub fn preview(conn: &Connection, planner: &Planner, new: &PlanningSettings) -> Result<PlanChange> {
    let moving = if moves_regimes(&planner.settings, new) {
        moving_clients(conn, planner, new)?.len() as u64
    } else {
        0
    };
    Ok(PlanChange { moving })
}

/// Whether going from `old` to `new` can move a regime's date: its intervals or the working
/// days changed (the language, the digest's time… cannot, and skip the look at every client).
fn moves_regimes(old: &PlanningSettings, new: &PlanningSettings) -> bool {
    old.yellow_every_days != new.yellow_every_days
        || old.green_wait_days != new.green_wait_days
        || old.working_days != new.working_days
}

/// Saves `settings` and applies its planning to what is planned: the regime follow-ups that
/// move are re-planned, and a new start of the day moves the instant of every pending all-day
/// follow-up. `planner` carries the settings being replaced.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn save(tx: &Transaction, planner: &Planner, settings: &Settings) -> Result<Settings> {
    let before = settings::purchases(tx)?;
    let saved = settings::save(tx, settings)?;
    let tolerance = |p: &PurchaseSettings| (p.late_tolerance_percent, p.late_tolerance_min_days);
    if tolerance(&before) != tolerance(&saved.purchases) {
        late::retime(tx, &saved.purchases)?;
    }
    let new = &saved.planning;
    let after = Planner::new(planner.now, planner.tz, new.clone());
    if moves_regimes(&planner.settings, new) {
        for client_id in &moving_clients(tx, planner, new)? {
            follow_ups::replan_regime(tx, client_id, &after)?;
        }
    }
    if new.day_start != planner.settings.day_start {
        move_all_day(tx, &after)?;
    }
    Ok(saved)
}

/// Works out again the instant of every pending all-day follow-up, from `planner`'s start of
/// the day: one update a date.
fn move_all_day(tx: &Transaction, planner: &Planner) -> Result<()> {
    let dates: Vec<chrono::NaiveDate> = tx
        .prepare(
            "SELECT DISTINCT due_date FROM follow_ups
             WHERE status = 'pending' AND deleted_at IS NULL AND due_time IS NULL",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // An all-day follow-up is due within its own local day: that day's range of the pending
    // index finds it (there is no index on the date).
    let mut update = tx.prepare(
        "UPDATE follow_ups SET due_at = ?4, updated_at = ?5
         WHERE status = 'pending' AND deleted_at IS NULL AND due_at >= ?2 AND due_at < ?3
           AND due_date = ?1 AND due_time IS NULL",
    )?;
    let now = time::timestamp(planner.now);
    for date in dates {
        update.execute(params![
            date,
            time::timestamp(agenda::start_of(date, planner)),
            time::timestamp(agenda::start_of(days_after(date, 1), planner)),
            time::timestamp(planner.due_at(date, None)),
            now
        ])?;
    }
    Ok(())
}
