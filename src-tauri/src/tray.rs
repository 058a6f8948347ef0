//! The tray and the window's life: closing the window hides it (reminders keep firing), the
//! tray menu opens the agenda, shows today's count and really quits. Notifications go to the
//! desktop through notify-rust, which says whether the desktop took each one.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use cartera_core::reminders::Notification;
use cartera_core::settings::Language;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Runtime, Wry};

use crate::events::{changed, Entity};
use crate::scheduler::Notifier;

/// Asks the UI to show a screen (the tray's "open" shows the agenda).
pub const NAVIGATE: &str = "cartera://navigate";

const OPEN: &str = "open";
const TODAY: &str = "today";
const QUIT: &str = "quit";

/// The tray's texts in the user's language.
fn texts(lang: Language) -> (&'static str, &'static str) {
    match lang {
        Language::Es => ("Abrir la agenda", "Salir de Cartera"),
        Language::En => ("Open the agenda", "Quit Cartera"),
    }
}

/// The tray's count line: today's follow-ups, and the reminders the desktop could not show
/// (the app lists them on the agenda).
fn today_text(count: u64, missed: u64, lang: Language) -> String {
    let today = match (lang, count) {
        (Language::Es, 1) => "Hoy: 1 seguimiento".to_string(),
        (Language::Es, n) => format!("Hoy: {n} seguimientos"),
        (Language::En, 1) => "Today: 1 follow-up".to_string(),
        (Language::En, n) => format!("Today: {n} follow-ups"),
    };
    match (lang, missed) {
        (_, 0) => today,
        (Language::Es, 1) => format!("{today} · 1 aviso sin mostrar"),
        (Language::Es, n) => format!("{today} · {n} avisos sin mostrar"),
        (Language::En, 1) => format!("{today} · 1 reminder not shown"),
        (Language::En, n) => format!("{today} · {n} reminders not shown"),
    }
}

/// How many shown notifications keep their D-Bus connection open: some servers (GNOME's)
/// close a notification as soon as the connection that sent it goes away.
const KEEP_SHOWN: usize = 16;

/// Shows the main window on the agenda.
pub fn open_agenda<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    let _ = app.emit(NAVIGATE, "agenda");
}

/// The app's notifier: native notifications, and the tray's "today" line.
pub struct Desktop {
    app: AppHandle<Wry>,
    /// The tray menu's items, `None` when the tray could not be built.
    menu: Option<TrayMenu>,
    #[cfg(all(unix, not(target_os = "macos")))]
    shown: Mutex<VecDeque<notify_rust::NotificationHandle>>,
    /// The last in-app count the views were told about, to tell them only of changes.
    missed: AtomicU64,
}

impl Notifier for Desktop {
    fn show(&self, notification: &Notification) -> Result<(), String> {
        let mut native = notify_rust::Notification::new();
        native
            .appname("Cartera")
            .summary(&notification.title)
            .body(&notification.body);
        #[cfg(windows)]
        native.app_id(&self.app.config().identifier);
        let handle = native.show().map_err(|error| error.to_string())?;
        tracing::info!("notification shown");
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            let mut shown = self.shown.lock().unwrap_or_else(|p| p.into_inner());
            if shown.len() == KEEP_SHOWN {
                shown.pop_front();
            }
            shown.push_back(handle);
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        drop(handle);
        Ok(())
    }

    fn counts(&self, due_by_today: u64, missed: u64, lang: Language) {
        if let Some(menu) = &self.menu {
            let (open, quit) = texts(lang);
            let _ = menu.today.set_text(today_text(due_by_today, missed, lang));
            let _ = menu.open.set_text(open);
            let _ = menu.quit.set_text(quit);
        }
        if self.missed.swap(missed, Ordering::SeqCst) != missed {
            changed(&self.app, Entity::Notification, None);
        }
    }
}

/// The tray menu items whose text follows the counts and the language.
struct TrayMenu {
    today: MenuItem<Wry>,
    open: MenuItem<Wry>,
    quit: MenuItem<Wry>,
}

impl Desktop {
    fn new(app: &AppHandle<Wry>, menu: Option<TrayMenu>) -> Self {
        Self {
            app: app.clone(),
            menu,
            #[cfg(all(unix, not(target_os = "macos")))]
            shown: Mutex::new(VecDeque::with_capacity(KEEP_SHOWN)),
            missed: AtomicU64::new(0),
        }
    }

    /// Notifications only, for a desktop where the tray could not be built.
    pub fn without_tray(app: &AppHandle<Wry>) -> Self {
        Self::new(app, None)
    }
}

/// Builds the tray icon and menu; returns the notifier that keeps them current.
pub fn install(app: &AppHandle<Wry>, lang: Language) -> tauri::Result<Desktop> {
    let (open_text, quit_text) = texts(lang);
    let open = MenuItem::with_id(app, OPEN, open_text, true, None::<&str>)?;
    let today = MenuItem::with_id(app, TODAY, today_text(0, 0, lang), false, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, quit_text, true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&open, &today, &separator, &quit])?;
    let mut tray = TrayIconBuilder::with_id("cartera")
        .tooltip("Cartera")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id().as_ref() {
            OPEN | TODAY => open_agenda(app),
            QUIT => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(Desktop::new(app, Some(TrayMenu { today, open, quit })))
}
