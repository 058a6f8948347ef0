//! Follow-up and interaction commands: plan, move, snooze, complete, cancel; log what
//! happened; a client's timeline and contact frequency.

use cartera_core::agenda::{self, ContactStats};
use cartera_core::answer::{self, Logged, NextStep};
use cartera_core::follow_ups::{self, FollowUp, FollowUpInput, MissedOccurrences};
use cartera_core::interactions::{self, Completion, InteractionInput, Outcome};
use cartera_core::planning::Snooze;
use chrono::{NaiveDate, NaiveTime};
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
use crate::events::{changed, Entity};
use crate::store::Store;

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn create_follow_up<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    client_id: String,
    input: FollowUpInput,
) -> Result<FollowUp, AppError> {
    let planned = store
        .write_planned(move |tx, p| follow_ups::create(tx, &client_id, &input, p))
        .await?;
    changed(&app, Entity::FollowUp, Some(&planned.client_id));
    Ok(planned)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn reschedule_follow_up<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
    date: NaiveDate,
    time: Option<NaiveTime>,
    following: Option<bool>,
) -> Result<FollowUp, AppError> {
    // An occurrence of a series moves alone unless the user chose "this and the following".
    let moved = store
        .write_planned(move |tx, p| {
            if following.unwrap_or(false) {
                follow_ups::reschedule_series(tx, &id, date, time, p)
            } else {
                follow_ups::reschedule(tx, &id, date, time, p)
            }
        })
        .await?;
    changed(&app, Entity::FollowUp, Some(&moved.client_id));
    Ok(moved)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn snooze_follow_up<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
    choice: Snooze,
) -> Result<FollowUp, AppError> {
    let moved = store
        .write_planned(move |tx, p| follow_ups::snooze(tx, &id, choice, p))
        .await?;
    changed(&app, Entity::FollowUp, Some(&moved.client_id));
    Ok(moved)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn complete_follow_up<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
    outcome: Outcome,
    note: String,
    missed: MissedOccurrences,
) -> Result<Completion, AppError> {
    let done = store
        .write_planned(move |tx, p| interactions::complete(tx, &id, outcome, &note, missed, p))
        .await?;
    changed(&app, Entity::FollowUp, Some(&done.interaction.client_id));
    Ok(done)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn cancel_follow_up<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
) -> Result<(), AppError> {
    let client_id = store
        .write_planned(move |tx, p| {
            let client_id = follow_ups::get(tx, &id)?.client_id;
            follow_ups::cancel(tx, &id, p)?;
            Ok(client_id)
        })
        .await?;
    changed(&app, Entity::FollowUp, Some(&client_id));
    Ok(())
}

/// The dates of the occurrences of a series that went by while this one waited, which
/// completing or skipping it may log as missed.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn missed_occurrences(
    store: State<'_, Store>,
    id: String,
) -> Result<Vec<NaiveDate>, AppError> {
    store
        .read_planned(move |conn, p| follow_ups::missed_dates(conn, &id, p))
        .await
}

/// Skips one occurrence of a series; returns the occurrence now stored (`None`: the series
/// ended).
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn skip_occurrence<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
    missed: MissedOccurrences,
) -> Result<Option<FollowUp>, AppError> {
    let (client_id, next) = store
        .write_planned(move |tx, p| {
            let client_id = follow_ups::get(tx, &id)?.client_id;
            Ok((client_id, follow_ups::skip(tx, &id, missed, p)?))
        })
        .await?;
    changed(&app, Entity::FollowUp, Some(&client_id));
    Ok(next)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn client_follow_ups(
    store: State<'_, Store>,
    client_id: String,
) -> Result<Vec<FollowUp>, AppError> {
    store
        .read(move |conn| follow_ups::pending_for_client(conn, &client_id))
        .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn log_interaction<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    client_id: String,
    input: InteractionInput,
) -> Result<Logged, AppError> {
    let logged = store
        .write_planned(move |tx, p| answer::log(tx, &client_id, &input, p))
        .await?;
    changed(
        &app,
        Entity::Interaction,
        Some(&logged.interaction.client_id),
    );
    Ok(logged)
}

/// Takes the next step a green client's answer proposed; returns the client's next pending
/// follow-up. `purpose` names the call an "ask again later" plans.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn take_next_step<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    client_id: String,
    step: NextStep,
    purpose: String,
) -> Result<Option<FollowUp>, AppError> {
    let id = client_id.clone();
    let next = store
        .write_planned(move |tx, p| answer::take(tx, &id, step, &purpose, p))
        .await?;
    changed(&app, Entity::Client, Some(&client_id));
    Ok(next)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn contact_stats(
    store: State<'_, Store>,
    client_id: String,
) -> Result<ContactStats, AppError> {
    store
        .read_planned(move |conn, p| agenda::contact_stats(conn, &client_id, p))
        .await
}
