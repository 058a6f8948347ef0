//! Triage in bulk: what an action on many agenda items will do, doing it as one batch, and
//! undoing the batch.

use cartera_core::bulk::{self, BatchDone, BulkAction, BulkPreview, Selection};
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
use crate::events::{changed, Entity};
use crate::store::Store;

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn preview_bulk(
    store: State<'_, Store>,
    selection: Selection,
    action: BulkAction,
) -> Result<BulkPreview, AppError> {
    store
        .read_planned(move |conn, p| bulk::preview(conn, p, &selection, &action))
        .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn apply_bulk<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    selection: Selection,
    action: BulkAction,
) -> Result<BatchDone, AppError> {
    let done = store
        .write_planned(move |tx, p| bulk::apply(tx, p, &selection, &action))
        .await?;
    changed(&app, Entity::FollowUp, None);
    Ok(done)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn undo_bulk<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    batch_id: String,
) -> Result<u64, AppError> {
    let undone = store
        .write_planned(move |tx, p| bulk::undo(tx, &batch_id, p))
        .await?;
    changed(&app, Entity::FollowUp, None);
    Ok(undone)
}
