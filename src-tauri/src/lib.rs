//! Cartera's desktop shell: opens the database, wires the IPC commands and the plugins, and
//! hosts the web UI. Every rule lives in `cartera-core`; this crate only adapts it to Tauri.

mod autostart;
mod clock;
pub mod commands;
pub mod error;
pub mod events;
pub mod first_screen;
mod logging;
pub mod scheduler;
pub mod startup;
pub mod store;
mod tray;

use std::path::PathBuf;

use tauri::{AppHandle, Manager, RunEvent, Runtime, WindowEvent};
use tauri_plugin_window_state::StateFlags;

/// Environment variable that puts the database and logs in another folder (tests use it).
pub const DATA_DIR_ENV: &str = "CARTERA_DATA_DIR";

/// Command-line flag to start in the tray without showing the window (autostart uses it).
pub const HIDDEN_FLAG: &str = "--hidden";

/// Where the database lives: `$CARTERA_DATA_DIR`, else the platform's app data folder
/// (`~/.local/share/es.cartera.app` on Linux).
fn data_dir<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, String> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => app.path().app_data_dir().map_err(|e| e.to_string()),
    }
}

/// Brings the main window to the front (a second launch calls this in the first instance).
pub(crate) fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// A session that ends (logout, shutdown) or a `kill` sends SIGTERM: quit the way the tray's
/// "Salir" does, so the database is marked closed cleanly and the next start does not spend
/// seconds checking it (`PRAGMA quick_check` took 6.5 s on a 600 MB file here).
#[cfg(unix)]
fn quit_on_termination<R: Runtime>(app: &AppHandle<R>) {
    use tokio::signal::unix::{signal, SignalKind};
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let (Ok(mut term), Ok(mut int), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
            signal(SignalKind::hangup()),
        ) else {
            tracing::warn!("no signal handlers: a logout will not close the database cleanly");
            return;
        };
        let mut asked = false;
        loop {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
                _ = hup.recv() => {}
            }
            if asked {
                // Asked twice: the clean exit is stuck (a long check at start): stop now.
                std::process::exit(1);
            }
            asked = true;
            tracing::info!("asked to stop: quitting cleanly");
            app.exit(0);
        }
    });
}

/// Registers every IPC command on `builder`; the app and the shell's tests (on Tauri's mock
/// runtime) share it, so the tests exercise exactly the commands the UI calls.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::startup::startup_status,
        commands::startup::retry_open,
        commands::startup::restore_latest_backup,
        commands::startup::open_backups_folder,
        commands::startup::first_screen_painted,
        commands::startup::first_frame_drawn,
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
        commands::clients::check_tax_id,
        commands::contacts::add_contact,
        commands::follow_ups::create_follow_up,
        commands::follow_ups::reschedule_follow_up,
        commands::follow_ups::snooze_follow_up,
        commands::follow_ups::complete_follow_up,
        commands::follow_ups::cancel_follow_up,
        commands::follow_ups::skip_occurrence,
        commands::follow_ups::missed_occurrences,
        commands::follow_ups::take_next_step,
        commands::follow_ups::client_follow_ups,
        commands::follow_ups::log_interaction,
        commands::history::client_history,
        commands::follow_ups::contact_stats,
        commands::agenda::get_agenda,
        commands::agenda::get_section,
        commands::bulk::preview_bulk,
        commands::bulk::apply_bulk,
        commands::bulk::undo_bulk,
        commands::agenda::get_week,
        commands::agenda::get_chase,
        commands::agenda::get_day_plan,
        commands::agenda::list_cities,
        commands::calendar::export_calendar,
        commands::reminders::missed_notifications,
        commands::reminders::dismiss_missed_notifications,
        commands::contacts::update_contact,
        commands::contacts::remove_contact,
        commands::settings::get_settings,
        commands::settings::save_settings,
        commands::settings::preview_planning,
        commands::purchases::save_purchase,
        commands::purchases::trash_purchase,
        commands::purchases::restore_purchase,
        commands::purchases::client_purchases,
        commands::purchases::purchase_summary,
        commands::purchases::set_payment_terms,
        commands::purchases::list_trashed_purchases,
        commands::purchases::set_buying_mode,
        commands::purchases::late_to_buy,
        commands::catalogue::list_catalogue,
        commands::catalogue::catalogue_categories,
        commands::catalogue::save_catalogue_item,
        commands::catalogue::archive_catalogue_item,
        commands::notes::save_note,
        commands::notes::resolve_note,
        commands::notes::trash_note,
        commands::notes::restore_note,
        commands::notes::client_notes,
        commands::notes::open_notes,
        commands::notes::list_trashed_notes,
        commands::purchases::snooze_late_to_buy,
        commands::purchases::dismiss_late_to_buy,
    ])
}

/// Starts the desktop app.
pub fn run() {
    let started = std::time::Instant::now();
    let builder = tauri::Builder::default();
    #[cfg(not(target_os = "linux"))]
    let builder = builder.plugin(tauri_plugin_autostart::init(
        tauri_plugin_autostart::MacosLauncher::LaunchAgent,
        Some(vec![HIDDEN_FLAG]),
    ));
    let app = with_commands(builder)
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
        .plugin(tauri_plugin_opener::init())
        .manage(autostart::Managed)
        .setup(move |app| {
            // Nothing here may return an error: Tauri panics when `setup` fails. A database
            // that cannot be opened leaves the window on the recovery screen instead.
            let dir = data_dir(app.handle());
            // Owner-only before anything (the logs) is written into it.
            if let Ok(dir) = &dir {
                if let Err(error) = cartera_core::db::recovery::create_private_dir(dir) {
                    eprintln!("Cartera: the data folder is not private: {error}");
                }
            }
            match dir.as_ref().map(|d| logging::init(&d.join("logs"))) {
                Ok(Ok(guard)) => {
                    app.manage(guard);
                }
                Ok(Err(error)) => eprintln!("Cartera: no log file: {error}"),
                Err(_) => {}
            }
            tracing::info!("starting Cartera");
            // A start at login stays in the tray; otherwise the window shows once the UI has
            // painted its first screen.
            let hidden = std::env::args().any(|arg| arg == HIDDEN_FLAG);
            first_screen::manage(app.handle(), !hidden, started);
            #[cfg(unix)]
            quit_on_termination(app.handle());
            let desktop = app.handle().clone();
            startup::begin(
                app.handle(),
                dir,
                Box::new(move |store, lang| startup::start_desktop(&desktop, store, lang)),
            );
            // Even a start at login shows the recovery screen: the user must be told.
            if app.state::<startup::Startup>().status().failure.is_some() {
                first_screen::show_when_painted(app.handle());
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window keeps Cartera in the tray so reminders keep firing.
            // Without an open database (the recovery screen) there is no tray to come back
            // from: closing the window quits.
            if let WindowEvent::CloseRequested { api, .. } = event {
                if window.app_handle().try_state::<store::Store>().is_some() {
                    api.prevent_close();
                    let _ = window.hide();
                }
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
    app.run(|app, event| match event {
        // Only "Quit" in the tray (an explicit exit code) ends the app; the last window
        // going away does not.
        RunEvent::ExitRequested {
            code: None, api, ..
        } if app.try_state::<store::Store>().is_some() => api.prevent_exit(),
        RunEvent::Exit => startup::end(app),
        _ => {}
    });
}
