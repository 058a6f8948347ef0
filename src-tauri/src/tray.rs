//! The tray and the window's life: closing the window hides it (reminders keep firing), the
//! tray menu opens the agenda, shows today's count and really quits. Notifications go to the
//! desktop through the notification plugin.

use cartera_core::reminders::Notification;
use cartera_core::settings::Language;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Runtime, Wry};
use tauri_plugin_notification::NotificationExt;

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

fn today_text(count: u64, lang: Language) -> String {
    match (lang, count) {
        (Language::Es, 1) => "Hoy: 1 seguimiento".into(),
        (Language::Es, n) => format!("Hoy: {n} seguimientos"),
        (Language::En, 1) => "Today: 1 follow-up".into(),
        (Language::En, n) => format!("Today: {n} follow-ups"),
    }
}

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
    today: MenuItem<Wry>,
    open: MenuItem<Wry>,
    quit: MenuItem<Wry>,
}

impl Notifier for Desktop {
    fn show(&self, notification: &Notification) {
        let shown = self
            .app
            .notification()
            .builder()
            .title(&notification.title)
            .body(&notification.body)
            .show();
        match shown {
            Ok(()) => tracing::info!(title = %notification.title, "notification shown"),
            Err(error) => tracing::warn!(%error, "could not show a notification"),
        }
    }

    fn today_count(&self, count: u64, lang: Language) {
        let (open, quit) = texts(lang);
        let _ = self.today.set_text(today_text(count, lang));
        let _ = self.open.set_text(open);
        let _ = self.quit.set_text(quit);
    }
}

/// Builds the tray icon and menu; returns the notifier that keeps them current.
pub fn install(app: &AppHandle<Wry>, lang: Language) -> tauri::Result<Desktop> {
    let (open_text, quit_text) = texts(lang);
    let open = MenuItem::with_id(app, OPEN, open_text, true, None::<&str>)?;
    let today = MenuItem::with_id(app, TODAY, today_text(0, lang), false, None::<&str>)?;
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
    Ok(Desktop {
        app: app.clone(),
        today,
        open,
        quit,
    })
}
