//! Settings commands.

use cartera_core::settings::{self, Settings};
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
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
    let saved = store.write(move |tx| settings::save(tx, &settings)).await?;
    changed(&app, Entity::Settings, None);
    Ok(saved)
}
