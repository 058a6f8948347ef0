//! Calendar export command: writes the upcoming follow-ups as an .ics file to Downloads.

use cartera_core::{calendar, settings};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::clock;
use crate::error::AppError;
use crate::store::Store;

/// Writes the export to the Downloads folder (the home folder if there is none) under a new
/// dated name, never over an existing file, and returns its path for the UI to show.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn export_calendar<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
) -> Result<String, AppError> {
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|e| AppError::internal(format!("no folder to write to: {e}")))?;
    let (ics, today) = store
        .read_planned(|conn, p| {
            let lang = clock::language(&settings::load(conn)?);
            Ok((calendar::upcoming_ics(conn, p, lang)?, p.today()))
        })
        .await?;
    let path =
        tauri::async_runtime::spawn_blocking(move || calendar::write_export(&dir, today, &ics))
            .await
            .map_err(|e| AppError::internal(e.to_string()))??;
    Ok(path.display().to_string())
}
