//! Cartera's desktop shell: opens the database, wires the IPC commands and the plugins, and
//! hosts the web UI. Every rule lives in `cartera-core`; this crate only adapts it to Tauri.

mod clock;
pub mod commands;
pub mod error;
pub mod events;
mod logging;
pub mod scheduler;
pub mod store;
mod tray;

use std::path::PathBuf;

use std::sync::Arc;

use tauri::{AppHandle, Manager, RunEvent, Runtime, WindowEvent};
use tauri_plugin_autostart::MacosLauncher;
use tauri_plugin_window_state::StateFlags;

use crate::store::Store;

/// Environment variable that puts the database and logs in another folder (tests use it).
pub const DATA_DIR_ENV: &str = "CARTERA_DATA_DIR";

/// Command-line flag to start in the tray without showing the window (autostart uses it).
pub const HIDDEN_FLAG: &str = "--hidden";

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
        commands::follow_ups::create_follow_up,
        commands::follow_ups::reschedule_follow_up,
        commands::follow_ups::snooze_follow_up,
        commands::follow_ups::complete_follow_up,
        commands::follow_ups::cancel_follow_up,
        commands::follow_ups::client_follow_ups,
        commands::follow_ups::log_interaction,
        commands::follow_ups::client_timeline,
        commands::follow_ups::contact_stats,
        commands::agenda::get_agenda,
        commands::agenda::get_week,
        commands::agenda::waiting_for_answer,
        commands::agenda::not_contacted,
        commands::calendar::export_calendar,
        commands::contacts::update_contact,
        commands::contacts::remove_contact,
        commands::settings::get_settings,
        commands::settings::save_settings,
    ])
}

/// Starts the desktop app.
pub fn run() {
    let app = with_commands(tauri::Builder::default())
        // First, so a second launch hands over to the running instance before doing anything.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            show_main_window(app);
        }))
        // Position and size are restored; visibility is ours (hidden start, tray).
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(StateFlags::all() - StateFlags::VISIBLE)
                .build(),
        )
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_autostart::init(
            MacosLauncher::LaunchAgent,
            Some(vec![HIDDEN_FLAG]),
        ))
        .setup(|app| {
            let dir = data_dir(app.handle())?;
            app.manage(logging::init(&dir.join("logs"))?);
            tracing::info!(data_dir = %dir.display(), "starting Cartera");
            let store = Store::open(&dir)?;
            app.manage(store.clone());
            let lang =
                clock::language(&cartera_core::settings::load(&store.blocking_connection())?);
            let desktop = tray::install(app.handle(), lang)?;
            scheduler::spawn(store, Arc::new(desktop));
            if !std::env::args().any(|arg| arg == HIDDEN_FLAG) {
                show_main_window(app.handle());
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window keeps Cartera in the tray so reminders keep firing.
            if let WindowEvent::CloseRequested { api, .. } = event {
                api.prevent_close();
                let _ = window.hide();
            }
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(%error, "Cartera could not start");
            eprintln!("Cartera could not start: {error}");
            std::process::exit(1);
        }
    };
    app.run(|_app, event| {
        // Only "Quit" in the tray (an explicit exit code) ends the app; the last window
        // going away does not.
        if let RunEvent::ExitRequested {
            code: None, api, ..
        } = event
        {
            api.prevent_exit();
        }
    });
}
