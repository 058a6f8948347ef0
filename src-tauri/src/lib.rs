//! Cartera's desktop shell: opens the database, wires the IPC commands and the plugins, and
//! hosts the web UI. Every rule lives in `cartera-core`; this crate only adapts it to Tauri.

pub mod commands;
pub mod error;
pub mod events;
mod logging;
pub mod store;

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};

use crate::store::Store;

/// Environment variable that puts the database and logs in another folder (tests use it).
pub const DATA_DIR_ENV: &str = "CARTERA_DATA_DIR";

/// Where the database lives: `$CARTERA_DATA_DIR`, else the platform's app data folder
/// (`~/.local/share/es.cartera.app` on Linux).
fn data_dir<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, Box<dyn std::error::Error>> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => Ok(app.path().app_data_dir()?),
    }
}

/// Brings the main window to the front (a second launch calls this in the first instance).
fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Registers every IPC command on `builder`; the app and the shell's tests (on Tauri's mock
/// runtime) share it, so the tests exercise exactly the commands the UI calls.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::clients::list_clients,
        commands::clients::count_clients,
        commands::clients::get_client,
        commands::clients::create_client,
        commands::clients::update_client,
        commands::clients::trash_client,
        commands::clients::restore_client,
        commands::clients::list_trash,
        commands::clients::empty_trash,
        commands::clients::list_labels,
        commands::clients::is_database_empty,
        commands::clients::load_example_data,
        commands::contacts::add_contact,
        commands::contacts::update_contact,
        commands::contacts::remove_contact,
        commands::settings::get_settings,
        commands::settings::save_settings,
    ])
}

/// Starts the desktop app.
pub fn run() {
    let result = with_commands(tauri::Builder::default())
        // First, so a second launch hands over to the running instance before doing anything.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            show_main_window(app);
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            let dir = data_dir(app.handle())?;
            app.manage(logging::init(&dir.join("logs"))?);
            tracing::info!(data_dir = %dir.display(), "starting Cartera");
            let store = Store::open(&dir)?;
            app.manage(store);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(error) = result {
        tracing::error!(%error, "Cartera stopped with an error");
        eprintln!("Cartera could not start: {error}");
        std::process::exit(1);
    }
}
