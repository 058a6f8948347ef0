//! The first screen: the window is shown only once the UI has put its first screen's data on
//! the page (no white window while it loads), and the work that can wait — the reminder
//! scheduler's first look, with its catch-up digest and the tray's count — starts only once
//! that screen's first frame is drawn, so it never holds the database or a core while the
//! first screen waits for them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tauri::{AppHandle, Manager, Runtime};
use tokio::sync::watch;

/// Set (non-empty) to keep WebKit's GPU compositing (see `lighten_web_view`).
pub const GPU_COMPOSITING_ENV: &str = "CARTERA_GPU_COMPOSITING";

/// If the UI has not reported its first screen by then (a web view that cannot start), the
/// window is shown anyway and the scheduler starts: reminders never wait on the web view.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// Tauri state: whether the first screen was painted, and whether to show the window then.
pub struct FirstScreen {
    /// Show the window once painted (false for a start at login, which stays in the tray).
    show: AtomicBool,
    started: Instant,
    painted: watch::Sender<bool>,
    /// The shown window's first frame is drawn: what the deferred work waits for. Started at
    /// the report that shows the window, the scheduler's first look (seconds of CPU after a
    /// week away) took a core from the web view while it drew: warm starts at 20,000 clients
    /// went from 890-955 to 1,150-1,395 ms on this 2-core machine (BENCHMARKS.md).
    drawn: watch::Sender<bool>,
    shown: AtomicBool,
}

impl FirstScreen {
    pub fn new(show: bool, started: Instant) -> Self {
        Self {
            show: AtomicBool::new(show),
            started,
            painted: watch::Sender::new(false),
            drawn: watch::Sender::new(false),
            shown: AtomicBool::new(false),
        }
    }

    /// Resolves once the first screen's first frame is drawn, or after [`PATIENCE`]; at once
    /// for a start in the tray (nobody is waiting for a screen).
    pub fn wait(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut drawn = self.drawn.subscribe();
        let hidden = !self.show.load(Ordering::SeqCst);
        async move {
            if hidden {
                return;
            }
            let _ = tokio::time::timeout(PATIENCE, drawn.wait_for(|d| *d)).await;
        }
    }

    /// Records the first paint; true only the first time.
    fn mark_painted(&self) -> bool {
        !self.painted.send_replace(true)
    }

    /// Records the first frame drawn (the deferred work may start).
    pub fn mark_drawn(&self) {
        self.drawn.send_replace(true);
    }
}

/// The UI painted its first screen: show the window (unless started in the tray) and let
/// the deferred work start. Later calls do nothing.
pub fn painted<R: Runtime>(app: &AppHandle<R>) {
    let screen = app.state::<FirstScreen>();
    if !screen.mark_painted() {
        return;
    }
    tracing::info!(
        after_ms = screen.started.elapsed().as_millis() as u64,
        "first screen painted"
    );
    show_once(app);
}

/// Shows the window the first time either the UI reports its first screen or [`PATIENCE`]
/// runs out, whichever comes first.
fn show_once<R: Runtime>(app: &AppHandle<R>) {
    let screen = app.state::<FirstScreen>();
    if screen.show.load(Ordering::SeqCst) && !screen.shown.swap(true, Ordering::SeqCst) {
        crate::show_main_window(app);
    }
}

/// A start in the tray that must tell the user something (the recovery screen) shows the
/// window after all, once painted.
pub fn show_when_painted<R: Runtime>(app: &AppHandle<R>) {
    app.state::<FirstScreen>()
        .show
        .store(true, Ordering::SeqCst);
}

/// Registers the state and the fallback that shows the window if the UI never reports.
pub fn manage<R: Runtime>(app: &AppHandle<R>, show: bool, started: Instant) {
    app.manage(FirstScreen::new(show, started));
    lighten_web_view(app);
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(PATIENCE).await;
        if !*handle.state::<FirstScreen>().painted.borrow() {
            tracing::warn!("the first screen was not painted in time: showing the window");
            show_once(&handle);
        }
    });
}

/// WebKitGTK's memory and drawing settings for a one-page app:
/// - the "document viewer" cache model: a page that never navigates needs none of the
///   browser caches (back-forward pages, the memory cache of past pages);
/// - no GPU compositing: plain lists and forms draw as fast on the CPU, and the GL context
///   alone (software GL where there is no GPU driver) cost the web process 90 MB and made
///   the first frame and scrolling slower here (BENCHMARKS.md, "Whole app"). WebKit's
///   "on demand" policy behaves as "always" in WebKitGTK 2.50. `CARTERA_GPU_COMPOSITING=1`
///   keeps WebKit's default: the end-to-end tests need it, as WebKitWebDriver's screenshot
///   never returns without compositing.
#[cfg(target_os = "linux")]
fn lighten_web_view<R: Runtime>(app: &AppHandle<R>) {
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.with_webview(|webview| {
            let view = webview.inner();
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
            let gpu = std::env::var_os(GPU_COMPOSITING_ENV).is_some_and(|v| !v.is_empty());
            if let (false, Some(settings)) = (gpu, WebViewExt::settings(&view)) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn lighten_web_view<R: Runtime>(_app: &AppHandle<R>) {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `wait` has resolved within 100 ms.
    async fn resolves_soon(screen: &FirstScreen) -> bool {
        tokio::time::timeout(Duration::from_millis(100), screen.wait())
            .await
            .is_ok()
    }

    #[tokio::test]
    async fn deferred_work_waits_for_the_first_frame_drawn_and_only_the_first_paint_counts() {
        let screen = FirstScreen::new(true, Instant::now());
        assert!(
            !resolves_soon(&screen).await,
            "nothing may start before the first screen is painted"
        );
        assert!(screen.mark_painted());
        assert!(
            !resolves_soon(&screen).await,
            "nothing may start while the shown window draws its first frame"
        );
        assert!(!screen.mark_painted(), "a second report changes nothing");
        screen.mark_drawn();
        assert!(resolves_soon(&screen).await);
    }

    #[tokio::test]
    async fn a_start_in_the_tray_waits_for_no_screen() {
        let screen = FirstScreen::new(false, Instant::now());
        assert!(resolves_soon(&screen).await);
    }
}
