//! Reminder commands: the reminders the desktop could not show, listed in the app until the
//! user has seen them (see `cartera_core::reminders::delivery`).

use cartera_core::reminders::delivery::{self, MissedNotifications};
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
use crate::events::{changed, Entity};
use crate::store::Store;

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn missed_notifications(
    store: State<'_, Store>,
) -> Result<MissedNotifications, AppError> {
    store.read(delivery::missed).await
}

/// The user has read these: they leave the agenda's list and the tray's count.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn dismiss_missed_notifications<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    ids: Vec<String>,
) -> Result<(), AppError> {
    store
        .write_planned(move |tx, p| delivery::mark_seen(tx, &ids, p.now))
        .await?;
    changed(&app, Entity::Notification, None);
    Ok(())
}
