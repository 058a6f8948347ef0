//! Start-up commands: the UI asks first whether the database is open; the recovery screen
//! retries, opens the backups folder, or restores the latest backup.

use cartera_core::db::recovery::{self, Restored};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::error::{AppError, ErrorKind};
use crate::startup::{self, Startup, StartupStatus};

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn startup_status(startup: State<'_, Startup>) -> Result<StartupStatus, AppError> {
    Ok(startup.status())
}

/// The UI has put its first screen (the agenda, the client list or the recovery screen) on
/// the page: the window shows and the deferred start-up work begins.
#[tauri::command]
pub async fn first_screen_painted<R: Runtime>(app: AppHandle<R>) -> Result<(), AppError> {
    crate::first_screen::painted(&app);
    Ok(())
}

/// The shown window drew its first frame with the first screen: the deferred start-up work
/// (the scheduler's first look) may begin.
#[tauri::command]
pub async fn first_frame_drawn<R: Runtime>(app: AppHandle<R>) -> Result<(), AppError> {
    app.state::<crate::first_screen::FirstScreen>().mark_drawn();
    Ok(())
}

/// Tries to open the database again (the other program let go, the disk is back…).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn retry_open<R: Runtime>(app: AppHandle<R>) -> Result<StartupStatus, AppError> {
    open_on_main_thread(&app).await?;
    Ok(app.state::<Startup>().status())
}

/// Puts the latest backup in place (the replaced file is kept beside it), then opens it.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn restore_latest_backup<R: Runtime>(app: AppHandle<R>) -> Result<Restored, AppError> {
    // Only a file that cannot be used is set aside: never the open database, and never a
    // sound file that is only locked, read-only or briefly unreadable (retry is the way).
    let startup = app.state::<Startup>();
    if app.try_state::<crate::store::Store>().is_some() || !startup.may_restore() {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "restoring a backup is only for a damaged or newer database",
            Some("backup"),
        ));
    }
    let path = startup
        .database_path()
        .ok_or_else(|| AppError::internal("no data folder"))?;
    let restored = tauri::async_runtime::spawn_blocking(move || {
        recovery::restore_latest_backup(&path).map_err(|e| AppError::from(e).on_field("backup"))
    })
    .await
    .map_err(|e| AppError::internal(format!("restore task failed: {e}")))??;
    open_on_main_thread(&app).await?;
    Ok(restored)
}

/// Shows the backups folder in the file manager (created if it is not there yet).
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn open_backups_folder<R: Runtime>(app: AppHandle<R>) -> Result<(), AppError> {
    let path = app
        .state::<Startup>()
        .database_path()
        .ok_or_else(|| AppError::internal("no data folder"))?;
    let dir = cartera_core::db::backup_dir(&path);
    recovery::create_private_dir(&dir).map_err(AppError::from)?;
    app.opener()
        .open_path(dir.display().to_string(), None::<&str>)
        .map_err(|e| AppError::internal(format!("could not open the folder: {e}")))
}

/// Runs `startup::try_open` on the main thread (the tray must be built there) and waits.
async fn open_on_main_thread<R: Runtime>(app: &AppHandle<R>) -> Result<(), AppError> {
    let (send, receive) = tokio::sync::oneshot::channel();
    let handle = app.clone();
    app.run_on_main_thread(move || {
        let _ = send.send(startup::try_open(&handle));
    })
    .map_err(|e| AppError::internal(format!("main thread unavailable: {e}")))?;
    match receive.await {
        // The UI reads the failure from the status it asks for next.
        Ok(_) => Ok(()),
        Err(_) => Err(AppError::internal("the open attempt was dropped")),
    }
}
