//! Interactions: what happened with a client (a call, a visit, a message), in either
//! direction. Logging one restarts the client's regime clock and re-plans its follow-up.

use chrono::{DateTime, Utc};
use rusqlite::{params, params_from_iter, types::Value, Connection, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{ensure_live_client, Action};
use crate::follow_ups::{self, FollowUp, MissedOccurrences};
use crate::planning::Planner;
use crate::sql_enum::sql_enum;
use crate::validation::{self, Checks};
use crate::{time, Result};

/// The longest summary of an interaction.
pub const MAX_SUMMARY: usize = 5_000;

sql_enum! {
    /// Who started it.
    pub enum Direction {
        /// We contacted the client.
        Outbound = "outbound",
        /// The client contacted us.
        Inbound = "inbound",
    }
}

sql_enum! {
    /// How it went.
    pub enum Outcome {
        Reached = "reached",
        NoAnswer = "no_answer",
        Answered = "answered",
        Interested = "interested",
        NotInterested = "not_interested",
        CallBack = "call_back",
    }
}

/// Something that happened with a client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Interaction {
    pub id: String,
    pub client_id: String,
    pub channel: Action,
    pub direction: Direction,
    pub outcome: Option<Outcome>,
    pub summary: String,
    /// UTC instant it happened.
    pub occurred_at: String,
    /// The follow-up it completed, if any.
    pub follow_up_id: Option<String>,
}

/// One entry of a client's history: an interaction, or an occurrence of a series that went by
/// undone and was logged as missed (see [`MissedOccurrences`]). A missed one reads as the
/// contact we planned: its action as the channel, outbound, no outcome, its purpose as the
/// summary, its due instant as when, and its own id as the follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimelineEntry {
    #[serde(flatten)]
    pub entry: Interaction,
    pub missed: bool,
}

/// What the form sends to log an interaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InteractionInput {
    pub channel: Action,
    pub direction: Direction,
    pub outcome: Option<Outcome>,
    pub summary: String,
    /// When it happened (RFC 3339); `None` = now.
    pub occurred_at: Option<String>,
}

/// The result of completing a follow-up: the interaction it logged and what comes next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Completion {
    pub interaction: Interaction,
    /// The client's next pending follow-up (the series' next occurrence or the regime's),
    /// which the UI offers to adjust.
    pub next: Option<FollowUp>,
}

/// Marks a follow-up done with its outcome and note: closes it (planning a recurring one's
/// next occurrence), logs the interaction (which restarts the regime's clock), and returns
/// what is next.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn complete(
    tx: &Transaction,
    follow_up_id: &str,
    outcome: Outcome,
    note: &str,
    missed: MissedOccurrences,
    planner: &Planner,
) -> Result<Completion> {
    let done = follow_ups::close_as_done(tx, follow_up_id, missed, planner)?;
    let interaction = log_for_follow_up(
        tx,
        &done.client_id,
        &InteractionInput {
            channel: done.action,
            direction: Direction::Outbound,
            outcome: Some(outcome),
            summary: note.to_string(),
            occurred_at: None,
        },
        Some(follow_up_id),
        planner,
    )?;
    let next = follow_ups::next_pending(tx, &done.client_id)?;
    Ok(Completion { interaction, next })
}

/// Logs an interaction the user reports directly (a call that came in, a visit).
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn log(
    tx: &Transaction,
    client_id: &str,
    input: &InteractionInput,
    planner: &Planner,
) -> Result<Interaction> {
    log_for_follow_up(tx, client_id, input, None, planner)
}

/// Logs an interaction, optionally the one that completed `follow_up_id`, moves the client's
/// last contact forward and re-plans its regime follow-up.
fn log_for_follow_up(
    tx: &Transaction,
    client_id: &str,
    input: &InteractionInput,
    follow_up_id: Option<&str>,
    planner: &Planner,
) -> Result<Interaction> {
    ensure_live_client(tx, client_id)?;
    let mut checks = Checks::new();
    let occurred = match &input.occurred_at {
        None => planner.now,
        Some(text) => match DateTime::parse_from_rfc3339(text) {
            Ok(at) => at.with_timezone(&Utc),
            Err(_) => {
                checks.invalid("occurredAt", "not a date and time");
                planner.now
            }
        },
    };
    if occurred > planner.now + chrono::Duration::minutes(5) {
        checks.invalid("occurredAt", "an interaction cannot happen in the future");
    } else {
        checks.date(
            "occurredAt",
            planner.local_date(occurred),
            validation::history_dates(),
        );
    }
    checks.long_text("summary", &input.summary, MAX_SUMMARY);
    checks.finish()?;
    let id = time::new_id();
    let occurred_at = time::timestamp(occurred);
    let now = time::timestamp(planner.now);
    tx.execute(
        "INSERT INTO interactions (id, client_id, channel, direction, outcome, summary,
                                   occurred_at, follow_up_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            id,
            client_id,
            input.channel,
            input.direction,
            input.outcome,
            input.summary.trim(),
            occurred_at,
            follow_up_id,
            now
        ],
    )?;
    // Text comparison is time order: every instant is stored in the same UTC format. An
    // outbound contact is also what a green client's wait counts from (migration 0008).
    tx.execute(
        "UPDATE clients SET last_contact_at = max(coalesce(last_contact_at, ''), ?2),
             last_outbound_at = iif(?3, max(coalesce(last_outbound_at, ''), ?2), last_outbound_at)
         WHERE id = ?1",
        params![
            client_id,
            occurred_at,
            input.direction == Direction::Outbound
        ],
    )?;
    follow_ups::replan_regime(tx, client_id, planner)?;
    Ok(Interaction {
        id,
        client_id: client_id.to_string(),
        channel: input.channel,
        direction: input.direction,
        outcome: input.outcome,
        summary: input.summary.trim().to_string(),
        occurred_at,
        follow_up_id: follow_up_id.map(String::from),
    })
}

/// A client's timeline, newest first, `limit` at a time after the cursor (`occurred_at`, id):
/// its interactions and the occurrences logged as missed, each side read in order from its
/// index (`interactions_by_client`, `follow_ups_missed_by_client`) and merged.
pub fn timeline(
    conn: &Connection,
    client_id: &str,
    before: Option<(&str, &str)>,
    limit: u32,
) -> Result<Vec<TimelineEntry>> {
    let mut values = vec![Value::Text(client_id.to_string())];
    let (mut interactions_after, mut missed_after) = ("", "");
    if let Some((at, id)) = before {
        values.push(Value::Text(at.to_string()));
        values.push(Value::Text(id.to_string()));
        interactions_after = "AND (occurred_at, id) < (?2, ?3)";
        missed_after = "AND (due_at, id) < (?2, ?3)";
    }
    let limit = limit.clamp(1, 500);
    let sql = format!(
        "SELECT * FROM (
             SELECT id, client_id, channel, direction, outcome, summary, occurred_at,
                    follow_up_id, 0 AS missed
             FROM interactions
             WHERE client_id = ?1 AND deleted_at IS NULL {interactions_after}
             ORDER BY occurred_at DESC, id DESC LIMIT {limit})
         UNION ALL
         SELECT * FROM (
             SELECT id, client_id, action, 'outbound', NULL, purpose, due_at, id, 1
             FROM follow_ups
             WHERE client_id = ?1 AND missed = 1 AND deleted_at IS NULL {missed_after}
             ORDER BY due_at DESC, id DESC LIMIT {limit})
         ORDER BY occurred_at DESC, id DESC LIMIT {limit}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt
        .query_map(params_from_iter(values), |r| {
            Ok(TimelineEntry {
                entry: from_row(r)?,
                missed: r.get("missed")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

fn from_row(r: &Row) -> rusqlite::Result<Interaction> {
    Ok(Interaction {
        id: r.get("id")?,
        client_id: r.get("client_id")?,
        channel: r.get("channel")?,
        direction: r.get("direction")?,
        outcome: r.get("outcome")?,
        summary: r.get("summary")?,
        occurred_at: r.get("occurred_at")?,
        follow_up_id: r.get("follow_up_id")?,
    })
}
