//! Calendar export command: writes the upcoming follow-ups as an .ics file to Downloads.

use cartera_core::{calendar, settings};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::clock;
use crate::error::AppError;
use crate::store::Store;

/// The exported file's name.
const FILE_NAME: &str = "cartera-seguimientos.ics";

/// Writes the export to the Downloads folder (the home folder if there is none) and returns
/// its path for the UI to show.
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
    let ics = store
        .read_planned(|conn, p| {
            let lang = clock::language(&settings::load(conn)?);
            calendar::upcoming_ics(conn, p, lang)
        })
        .await?;
    let path = dir.join(FILE_NAME);
    tauri::async_runtime::spawn_blocking({
        let path = path.clone();
        move || std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, ics))
    })
    .await
    .map_err(|e| AppError::internal(e.to_string()))?
    .map_err(|e| AppError::from(cartera_core::CoreError::Io(e)))?;
    Ok(path.display().to_string())
}
