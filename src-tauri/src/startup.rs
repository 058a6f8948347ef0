//! Start-up: open the database and start the tray and the reminder scheduler, or, when the
//! database cannot be opened, keep the window on the recovery screen (what happened, where
//! the file is; retry, open the backups folder, restore the latest backup) until it can.
//! Nothing here fails the app's `setup`: Tauri panics when `setup` returns an error.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use cartera_core::agenda::{self, AgendaFilter};
use cartera_core::clients;
use cartera_core::db::recovery::OpenProblem;
use cartera_core::db::{self, recovery};
use cartera_core::settings::{self, Language};
use cartera_core::CoreError;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, Wry};
use ts_rs::TS;

use crate::first_screen::FirstScreen;
use crate::store::Store;
use crate::{autostart, clock, scheduler, tray};

/// Why the database could not be opened, with what the recovery screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenFailure {
    pub problem: OpenProblem,
    /// The database file's full path.
    pub database: String,
    /// The folder of the backups.
    pub backups: String,
    /// The backup "restore" would bring back, if there is one.
    pub latest_backup: Option<String>,
    /// Whether restoring is offered for this problem (see `OpenProblem::backup_may_replace`).
    pub restorable: bool,
    /// SQLite's or the system's own words, for the curious and for support.
    pub detail: String,
}

/// What the UI asks first: whether the database is open, and the language to speak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StartupStatus {
    pub failure: Option<OpenFailure>,
    /// The user's language: the saved choice once the database is open, else the system's.
    pub language: Language,
}

/// What starts once the database is open (the tray and the reminder scheduler in the app).
pub type OnOpen = Box<dyn Fn(Store, Language) + Send + Sync>;

/// Where start-up stands (Tauri state, from the first moment of `setup`).
pub struct Startup {
    data_dir: Option<PathBuf>,
    failure: Mutex<Option<OpenFailure>>,
    language: Mutex<Language>,
    on_open: OnOpen,
}

impl Startup {
    /// The database file, when the data folder is known.
    pub fn database_path(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join(db::DATABASE_FILE))
    }

    /// Whether the recorded problem is one a backup may replace the file for: a damaged file,
    /// or one from a newer Cartera (the replaced file is kept beside it either way).
    pub fn may_restore(&self) -> bool {
        lock(&self.failure)
            .as_ref()
            .is_some_and(|f| f.problem.backup_may_replace())
    }

    /// The current status for the UI.
    pub fn status(&self) -> StartupStatus {
        StartupStatus {
            failure: lock(&self.failure).clone(),
            language: *lock(&self.language),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The failure the user sees for `error` on the database at `path`.
fn failure(path: &Path, error: &CoreError) -> OpenFailure {
    OpenFailure {
        problem: OpenProblem::of(error),
        restorable: OpenProblem::of(error).backup_may_replace(),
        database: path.display().to_string(),
        backups: db::backup_dir(path).display().to_string(),
        latest_backup: recovery::latest_backup(path)
            .ok()
            .flatten()
            .map(|p| p.display().to_string()),
        detail: error.to_string(),
    }
}

/// First step of `setup`: records where the data lives and tries to open the database;
/// `on_open` runs once it is open (now or after a retry from the recovery screen).
pub fn begin<R: Runtime>(app: &AppHandle<R>, data_dir: Result<PathBuf, String>, on_open: OnOpen) {
    let (data_dir, failure) = match data_dir {
        Ok(dir) => (Some(dir), None),
        Err(detail) => (
            None,
            Some(OpenFailure {
                problem: OpenProblem::Unreadable,
                database: String::new(),
                backups: String::new(),
                latest_backup: None,
                restorable: false,
                detail,
            }),
        ),
    };
    app.manage(Startup {
        data_dir,
        failure: Mutex::new(failure),
        language: Mutex::new(clock::system_language()),
        on_open,
    });
    let _ = try_open(app);
}

/// Opens the database and starts everything that needs it; on failure, records why (the UI
/// shows the recovery screen) and returns it. Runs on the main thread (the tray needs it).
pub fn try_open<R: Runtime>(app: &AppHandle<R>) -> Result<(), OpenFailure> {
    let startup = app.state::<Startup>();
    if app.try_state::<Store>().is_some() {
        return Ok(());
    }
    let Some(path) = startup.database_path() else {
        return Err(startup.status().failure.unwrap_or_else(|| OpenFailure {
            problem: OpenProblem::Unreadable,
            database: String::new(),
            backups: String::new(),
            latest_backup: None,
            restorable: false,
            detail: "no data folder".into(),
        }));
    };
    let dir = path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .to_path_buf();
    match Store::open(&dir) {
        Ok(store) => {
            *lock(&startup.failure) = None;
            let saved = settings::load(&store.blocking_connection()).unwrap_or_default();
            let lang = clock::language(&saved);
            // The entry exists if and only if the setting is on, whatever happened meanwhile.
            if let Err(error) = autostart::apply(app, saved.autostart) {
                tracing::warn!(%error, "could not reconcile the autostart entry");
            }
            *lock(&startup.language) = lang;
            app.manage(store.clone());
            prefetch_first_screen(&store);
            (startup.on_open)(store, lang);
            tracing::info!("database open");
            Ok(())
        }
        Err(error) => {
            let failed = failure(&path, &error);
            tracing::error!(problem = ?failed.problem, %error, "the database could not be opened");
            *lock(&startup.failure) = Some(failed.clone());
            Err(failed)
        }
    }
}

/// Runs the first screen's queries while the web view starts (half a second here), so the
/// pages they read are in SQLite's cache when the UI asks for them.
fn prefetch_first_screen(store: &Store) {
    let store = store.clone();
    std::thread::spawn(move || {
        let conn = store.blocking_connection();
        let warmed = clients::is_empty(&conn).and_then(|_| {
            let planner = clock::planner(settings::planning(&conn)?);
            agenda::agenda(&conn, &planner, &AgendaFilter::default())
        });
        if let Err(error) = warmed {
            tracing::warn!(%error, "could not prefetch the agenda");
        }
    });
}

/// The desktop's part of an open database: the tray and the reminder scheduler.
/// The scheduler's first look (catch-up digest, tray count) waits for the first screen.
pub fn start_desktop(app: &AppHandle<Wry>, store: Store, lang: Language) {
    let first_screen = app.state::<FirstScreen>().wait();
    match tray::install(app, lang) {
        Ok(desktop) => scheduler::spawn(store, Arc::new(desktop), first_screen),
        // Without a tray the reminders still fire (the notifier needs no menu).
        Err(error) => {
            tracing::error!(%error, "no tray icon");
            let notifier = Arc::new(tray::Desktop::without_tray(app));
            scheduler::spawn(store, notifier, first_screen);
        }
    }
}

/// A clean exit: the next start skips the integrity check.
pub fn end<R: Runtime>(app: &AppHandle<R>) {
    if app.try_state::<Store>().is_some() {
        if let Some(path) = app.state::<Startup>().database_path() {
            recovery::mark_closed(&path);
        }
    }
}
