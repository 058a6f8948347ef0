//! Settings commands.

use cartera_core::planning::PlanningSettings;
use cartera_core::replan::{self, PlanChange};
use cartera_core::settings::{self, Settings};
use tauri::{AppHandle, Runtime, State};

use crate::autostart;
use crate::error::{AppError, ErrorKind};
use crate::events::{changed, Entity};
use crate::store::Store;

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn get_settings(store: State<'_, Store>) -> Result<Settings, AppError> {
    store.read(settings::load).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn save_settings<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    settings: Settings,
) -> Result<Settings, AppError> {
    // Checked, then applied, then saved: a stored "on" always means the entry is there, and
    // a refused form leaves the entry as it was.
    let settings = settings::check(&settings)?;
    autostart::apply(&app, settings.autostart).map_err(|detail| {
        AppError::new(
            ErrorKind::Storage,
            format!("could not change the autostart entry: {detail}"),
            Some("autostart"),
        )
    })?;
    let saved = store
        .write_planned(move |tx, p| replan::save(tx, p, &settings))
        .await?;
    changed(&app, Entity::Settings, None);
    // What was planned may have moved with the new intervals or start of the day.
    changed(&app, Entity::FollowUp, None);
    Ok(saved)
}

/// How many pending regime follow-ups saving `planning` would move (asked before saving).
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn preview_planning(
    store: State<'_, Store>,
    planning: PlanningSettings,
) -> Result<PlanChange, AppError> {
    store
        .read_planned(move |conn, p| replan::preview(conn, p, &planning))
        .await
}
