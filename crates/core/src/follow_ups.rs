//! Follow-ups: planned actions on a client at a date and optional local time, maybe recurring.
//! Completing one logs an interaction; recurring ones plan their next occurrence; the client's
//! colour regime keeps exactly one pending "regime" follow-up, re-planned on every contact.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::domain::Action;
use crate::domain::{ensure_live_client, FollowUpColour};
use crate::planning::{self, Planner, Recurrence, RepeatUnit, Snooze};
use crate::sql_enum::sql_enum;
use crate::validation::{self, Checks};
use crate::{time, CoreError, Result};

sql_enum! {
    /// Who planned it: the user, or the client's colour regime.
    pub enum Origin { Manual = "manual", Regime = "regime" }
}

sql_enum! {
    pub enum FollowUpStatus { Pending = "pending", Done = "done", Cancelled = "cancelled" }
}

/// A planned action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowUp {
    pub id: String,
    pub client_id: String,
    pub action: Action,
    /// What for, in the user's words; empty for a regime follow-up (the UI names its regime).
    pub purpose: String,
    /// Local calendar date, `YYYY-MM-DD`.
    #[ts(type = "string")]
    pub due_date: NaiveDate,
    /// Local wall-clock time, `HH:MM:SS`; `None` = any time that day.
    #[ts(type = "string | null")]
    pub due_time: Option<NaiveTime>,
    /// The UTC instant it falls due.
    pub due_at: String,
    pub recurrence: Option<Recurrence>,
    /// The series it is an occurrence of (see migration 0007); `None` for a one-off.
    pub series_id: Option<String>,
    pub origin: Origin,
    pub status: FollowUpStatus,
    pub completed_at: Option<String>,
    pub notified_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What the form sends to plan or re-plan a follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowUpInput {
    pub action: Action,
    pub purpose: String,
    #[ts(type = "string")]
    pub due_date: NaiveDate,
    #[ts(type = "string | null")]
    pub due_time: Option<NaiveTime>,
    pub recurrence: Option<Recurrence>,
}

pub const MAX_PURPOSE: usize = 500;

/// Checks every field of a follow-up planned on `today` and reports every problem at once.
fn validate(input: &FollowUpInput, today: NaiveDate) -> Result<()> {
    let mut checks = Checks::new();
    checks.long_text("purpose", &input.purpose, MAX_PURPOSE);
    checks.date("dueDate", input.due_date, validation::plan_dates(today));
    if let Some(rule) = &input.recurrence {
        checks.number("every", i64::from(rule.every), 1, 365);
        if rule.weekdays.iter().any(|d| !(1..=7).contains(d)) {
            checks.invalid("weekdays", "weekdays are 1 (Monday) to 7");
        }
        if let Some(until) = rule.until {
            if until < input.due_date {
                checks.invalid("until", "the series ends before it starts");
            } else {
                checks.date("until", until, validation::plan_dates(today));
            }
        }
    }
    checks.finish()
}

/// Checks a new date for a pending follow-up (reschedule, snooze to another date).
fn validate_date(date: NaiveDate, today: NaiveDate) -> Result<()> {
    let mut checks = Checks::new();
    checks.date("dueDate", date, validation::plan_dates(today));
    checks.finish()
}

/// Plans a follow-up on a live client.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn create(
    tx: &Transaction,
    client_id: &str,
    input: &FollowUpInput,
    planner: &Planner,
) -> Result<FollowUp> {
    validate(input, planner.today())?;
    ensure_live_client(tx, client_id)?;
    insert(tx, client_id, input, Origin::Manual, None, planner)
}

/// The series a stored occurrence continues: its id and the date it started on.
struct Series {
    id: String,
    start: NaiveDate,
}

/// Stores a follow-up. A recurring one continues `series`, or starts a series of its own
/// (named by its id, anchored on its date).
fn insert(
    tx: &Transaction,
    client_id: &str,
    input: &FollowUpInput,
    origin: Origin,
    series: Option<Series>,
    planner: &Planner,
) -> Result<FollowUp> {
    let id = time::new_id();
    let series = input.recurrence.as_ref().map(|_| {
        series.unwrap_or_else(|| Series {
            id: id.clone(),
            start: input.due_date,
        })
    });
    let now = time::timestamp(planner.now);
    let due_at = time::timestamp(planner.due_at(input.due_date, input.due_time));
    let recurrence = input
        .recurrence
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| CoreError::validation("recurrence", e.to_string()))?;
    tx.execute(
        "INSERT INTO follow_ups (id, client_id, action, purpose, due_date, due_time, due_at,
                                 recurrence, series_id, series_start, origin, created_at,
                                 updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        params![
            id,
            client_id,
            input.action,
            input.purpose.trim(),
            input.due_date,
            input.due_time,
            due_at,
            recurrence,
            series.as_ref().map(|s| &s.id),
            series.as_ref().map(|s| s.start),
            origin,
            now
        ],
    )?;
    get(tx, &id)
}

/// A follow-up by id.
pub fn get(conn: &Connection, id: &str) -> Result<FollowUp> {
    // Cached: a batch reads each of its thousand items through here.
    conn.prepare_cached("SELECT * FROM follow_ups WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| CoreError::not_found("follow-up"))
}

fn pending(conn: &Connection, id: &str) -> Result<FollowUp> {
    let follow_up = get(conn, id)?;
    if follow_up.status != FollowUpStatus::Pending {
        return Err(CoreError::Conflict {
            field: None,
            message: "the follow-up is no longer pending".into(),
        });
    }
    Ok(follow_up)
}

/// Moves a pending follow-up to another date and time (its reminder will fire again).
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn reschedule(
    tx: &Transaction,
    id: &str,
    date: NaiveDate,
    time: Option<NaiveTime>,
    planner: &Planner,
) -> Result<FollowUp> {
    pending(tx, id)?;
    move_pending(tx, id, date, time, planner)?;
    get(tx, id)
}

/// [`reschedule`] for a follow-up the caller has just read as pending, returning nothing: a
/// batch moves a thousand, and each read saved is a tenth of its time.
pub(crate) fn move_pending(
    tx: &Transaction,
    id: &str,
    date: NaiveDate,
    time: Option<NaiveTime>,
    planner: &Planner,
) -> Result<()> {
    validate_date(date, planner.today())?;
    // An occurrence of a series moved alone keeps its slot: the series goes on from there.
    // Cached: preparing an update of follow-ups (its triggers and a batch's log compiled in)
    // cost a batch of 1,000 moves more than the updates themselves.
    tx.prepare_cached(
        "UPDATE follow_ups SET due_date = ?2, due_time = ?3, due_at = ?4, notified_at = NULL,
                updated_at = ?5,
                slot_date = iif(recurrence IS NULL, NULL, coalesce(slot_date, due_date))
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        date,
        time,
        time::timestamp(planner.due_at(date, time)),
        time::timestamp(planner.now)
    ])?;
    Ok(())
}

/// Moves an occurrence of a series and every one after it ("esta y las siguientes"): the
/// series now starts on `date` at `time`, and a weekly rule's day follows the move (a Tuesday
/// visit moved to Thursday repeats on Thursdays; other days of the rule stay). A one-off is
/// simply rescheduled.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn reschedule_series(
    tx: &Transaction,
    id: &str,
    date: NaiveDate,
    time: Option<NaiveTime>,
    planner: &Planner,
) -> Result<FollowUp> {
    // Moved alone first (checked, its slot kept), then the series re-anchored on it.
    let moved = reschedule(tx, id, date, time, planner)?;
    let Some(mut rule) = moved.recurrence.clone() else {
        return Ok(moved);
    };
    let slot: NaiveDate = tx.query_row(
        "SELECT coalesce(slot_date, due_date) FROM follow_ups WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    if rule.unit == RepeatUnit::Week && !rule.weekdays.is_empty() {
        let from = slot.weekday().number_from_monday() as u8;
        let to = date.weekday().number_from_monday() as u8;
        for day in rule.weekdays.iter_mut().filter(|d| **d == from) {
            *day = to;
        }
        rule.weekdays.sort_unstable();
        rule.weekdays.dedup();
    }
    let recurrence = serde_json::to_string(&rule)
        .map_err(|e| CoreError::validation("recurrence", e.to_string()))?;
    tx.execute(
        "UPDATE follow_ups SET recurrence = ?2, series_start = due_date, slot_date = NULL
         WHERE id = ?1",
        params![id, recurrence],
    )?;
    get(tx, id)
}

/// Puts a pending follow-up off by one of the snooze choices.
pub fn snooze(tx: &Transaction, id: &str, choice: Snooze, planner: &Planner) -> Result<FollowUp> {
    let (date, time) = planning::snooze_target(choice, planner);
    reschedule(tx, id, date, time, planner)
}

/// Drops a pending follow-up without doing it.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn cancel(tx: &Transaction, id: &str, planner: &Planner) -> Result<()> {
    pending(tx, id)?;
    tx.execute(
        "UPDATE follow_ups SET status = 'cancelled', updated_at = ?2 WHERE id = ?1",
        params![id, time::timestamp(planner.now)],
    )?;
    Ok(())
}

/// What becomes of the occurrences of a series that went by while its current one waited
/// (see [`missed_dates`]) when that one is done or skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum MissedOccurrences {
    /// Each is stored as missed on its date (migration 0014): the client's history shows it.
    Log,
    /// They are left unrecorded; the series simply goes on.
    Forget,
}

/// Closes a pending follow-up as done and, for a recurring one, stores its series' next
/// occurrence (see [`continue_series`]). What happened is recorded by the caller,
/// [`crate::interactions::complete`].
pub(crate) fn close_as_done(
    tx: &Transaction,
    id: &str,
    missed: MissedOccurrences,
    planner: &Planner,
) -> Result<FollowUp> {
    let done = pending(tx, id)?;
    let now = time::timestamp(planner.now);
    tx.execute(
        "UPDATE follow_ups SET status = 'done', completed_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    continue_series(tx, &done, missed, planner)?;
    Ok(done)
}

/// Skips one occurrence of a series: it is cancelled and the series goes on (see
/// [`continue_series`]). Returns the occurrence now stored, `None` when the series ended.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn skip(
    tx: &Transaction,
    id: &str,
    missed: MissedOccurrences,
    planner: &Planner,
) -> Result<Option<FollowUp>> {
    let skipped = pending(tx, id)?;
    if skipped.recurrence.is_none() {
        return Err(CoreError::validation(
            "recurrence",
            "only an occurrence of a series can be skipped",
        ));
    }
    cancel(tx, id, planner)?;
    continue_series(tx, &skipped, missed, planner)
}

/// Where a stored occurrence's series starts and where its rule put the occurrence (its date,
/// unless it alone was moved): the series steps on from the slot.
fn start_and_slot(conn: &Connection, id: &str) -> Result<(NaiveDate, NaiveDate)> {
    Ok(conn.query_row(
        "SELECT coalesce(series_start, due_date), coalesce(slot_date, due_date)
         FROM follow_ups WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The dates of the occurrences of `id`'s series that went by while it waited: after its slot
/// and before today, none of them stored. Completing or skipping it brings the series back on
/// today or later, so these are the ones the user may log as missed. Empty for a one-off or
/// an occurrence not yet overdue by a whole step.
pub fn missed_dates(conn: &Connection, id: &str, planner: &Planner) -> Result<Vec<NaiveDate>> {
    let waiting = pending(conn, id)?;
    let Some(rule) = &waiting.recurrence else {
        return Ok(Vec::new());
    };
    let (start, slot) = start_and_slot(conn, id)?;
    Ok(went_by(rule, start, slot, planner.today()))
}

/// The occurrences of a series (`rule` from `start`) after `slot` and before `today`, all of
/// them: past the projection's cap a daily series years late would lose some.
fn went_by(
    rule: &Recurrence,
    start: NaiveDate,
    slot: NaiveDate,
    today: NaiveDate,
) -> Vec<NaiveDate> {
    let mut dates = Vec::new();
    let mut after = slot;
    loop {
        let more = planning::occurrences_between(rule, start, after, after, today);
        let Some(last) = more.last().copied() else {
            return dates;
        };
        dates.extend(more);
        after = last;
    }
}

/// Stores the next occurrence of the series `closed` (done or skipped) belonged to: the first
/// after it that is not in the past, so a series long overdue comes back on today or later
/// instead of proposing a date that already went by. Returns it; `None` for a one-off or a
/// series that ended.
fn continue_series(
    tx: &Transaction,
    closed: &FollowUp,
    missed: MissedOccurrences,
    planner: &Planner,
) -> Result<Option<FollowUp>> {
    let Some(rule) = &closed.recurrence else {
        return Ok(None);
    };
    let (start, slot) = start_and_slot(tx, &closed.id)?;
    let series = || Series {
        id: closed
            .series_id
            .clone()
            .unwrap_or_else(|| closed.id.clone()),
        start,
    };
    if missed == MissedOccurrences::Log {
        for date in went_by(rule, start, slot, planner.today()) {
            log_missed(tx, closed, date, series(), planner)?;
        }
    }
    // From the slot the rule gave the closed occurrence (it may have been moved alone).
    let after = slot.max(planning::days_before(planner.today(), 1));
    let Some(date) = planning::next_occurrence(rule, start, after) else {
        return Ok(None);
    };
    let next = FollowUpInput {
        action: closed.action,
        purpose: closed.purpose.clone(),
        due_date: date,
        due_time: closed.due_time,
        recurrence: Some(rule.clone()),
    };
    insert(
        tx,
        &closed.client_id,
        &next,
        closed.origin,
        Some(series()),
        planner,
    )
    .map(Some)
}

/// Stores the occurrence of `closed`'s series on `date` as missed: closed, not done, on its
/// own date (migration 0014).
fn log_missed(
    tx: &Transaction,
    closed: &FollowUp,
    date: NaiveDate,
    series: Series,
    planner: &Planner,
) -> Result<()> {
    let occurrence = FollowUpInput {
        action: closed.action,
        purpose: closed.purpose.clone(),
        due_date: date,
        due_time: closed.due_time,
        recurrence: closed.recurrence.clone(),
    };
    let stored = insert(
        tx,
        &closed.client_id,
        &occurrence,
        closed.origin,
        Some(series),
        planner,
    )?;
    tx.execute(
        "UPDATE follow_ups SET status = 'cancelled', missed = 1 WHERE id = ?1",
        [&stored.id],
    )?;
    Ok(())
}

/// The client's earliest pending follow-up.
pub fn next_pending(conn: &Connection, client_id: &str) -> Result<Option<FollowUp>> {
    Ok(conn
        .query_row(
            "SELECT * FROM follow_ups
             WHERE client_id = ?1 AND status = 'pending' AND deleted_at IS NULL
             ORDER BY due_at LIMIT 1",
            [client_id],
            from_row,
        )
        .optional()?)
}

/// A client's pending follow-ups, soonest first.
pub fn pending_for_client(conn: &Connection, client_id: &str) -> Result<Vec<FollowUp>> {
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM follow_ups
         WHERE client_id = ?1 AND status = 'pending' AND deleted_at IS NULL
         ORDER BY due_at LIMIT 200",
    )?;
    let items = stmt
        .query_map([client_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

/// [`ASKED_KEY`] as a literal, for `concat!`.
macro_rules! asked_key {
    () => {
        "max(coalesce(last_outbound_at, ''), coalesce(colour_since, ''))"
    };
}

/// [`ASKED_AT`] as a literal, for `concat!`.
macro_rules! asked_at {
    () => {
        concat!("nullif(", asked_key!(), ", '')")
    };
}

/// [`ASKED_AT`] with '' for never: the key the `clients_green_asked` index (migration 0008)
/// is ordered by, which a query must repeat word for word to read it.
pub(crate) const ASKED_KEY: &str = asked_key!();

/// When a green client was asked what they are to answer: our last outbound contact, or when
/// the colour was set if that came later (an SQL expression on `clients`, the key of the
/// `clients_green_asked` index of migration 0008; `NULL` when neither is known).
pub(crate) const ASKED_AT: &str = asked_at!();

/// What a client's regime plans from: its colour and the clock of that colour.
pub(crate) struct RegimeClock {
    colour: FollowUpColour,
    last_contact_at: Option<String>,
    asked_at: Option<String>,
}

impl RegimeClock {
    /// The columns of `clients` it is read from (the first three of a row).
    pub(crate) const COLUMNS: &str = concat!("colour, last_contact_at, ", asked_at!());

    pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(Self {
            colour: r.get(0)?,
            last_contact_at: r.get(1)?,
            asked_at: r.get(2)?,
        })
    }

    /// The date of the regime's next follow-up under `planner`'s settings; `None` for no
    /// colour. Red and yellow count from the last contact either way, green from when we
    /// asked.
    pub(crate) fn next_date(&self, planner: &Planner) -> Option<NaiveDate> {
        let clock = match self.colour {
            FollowUpColour::Green => self.asked_at.as_deref(),
            _ => self.last_contact_at.as_deref(),
        };
        let clock = clock
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|at| planner.local_date(at.with_timezone(&Utc)));
        planning::regime_next_date(self.colour, clock, planner.today(), &planner.settings)
    }
}

/// Re-plans the client's regime follow-up from its colour and the regime's clock: the
/// pending one is cancelled and the next is planned, so there is exactly one (none for no
/// colour). Called after every contact and every colour change.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn replan_regime(
    tx: &Transaction,
    client_id: &str,
    planner: &Planner,
) -> Result<Option<FollowUp>> {
    let clock = tx
        .query_row(
            &format!(
                "SELECT {} FROM clients WHERE id = ?1 AND deleted_at IS NULL",
                RegimeClock::COLUMNS
            ),
            [client_id],
            RegimeClock::from_row,
        )
        .optional()?
        .ok_or_else(|| CoreError::not_found("client"))?;
    tx.execute(
        "UPDATE follow_ups SET status = 'cancelled', updated_at = ?2
         WHERE client_id = ?1 AND origin = 'regime' AND status = 'pending'",
        params![client_id, time::timestamp(planner.now)],
    )?;
    let Some(date) = clock.next_date(planner) else {
        return Ok(None);
    };
    let input = FollowUpInput {
        action: Action::Call,
        purpose: String::new(),
        due_date: date,
        due_time: None,
        recurrence: None,
    };
    insert(tx, client_id, &input, Origin::Regime, None, planner).map(Some)
}

fn from_row(r: &Row) -> rusqlite::Result<FollowUp> {
    let recurrence: Option<String> = r.get("recurrence")?;
    Ok(FollowUp {
        id: r.get("id")?,
        client_id: r.get("client_id")?,
        action: r.get("action")?,
        purpose: r.get("purpose")?,
        due_date: r.get("due_date")?,
        due_time: r.get("due_time")?,
        due_at: r.get("due_at")?,
        // A rule this version cannot read is shown as a one-off rather than failing the list.
        recurrence: recurrence.and_then(|json| serde_json::from_str(&json).ok()),
        series_id: r.get("series_id")?,
        origin: r.get("origin")?,
        status: r.get("status")?,
        completed_at: r.get("completed_at")?,
        notified_at: r.get("notified_at")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}
