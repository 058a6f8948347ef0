//! The reminder scheduler: a tokio task that asks the core what is due, shows it as native
//! notifications, and sleeps until the next reminder, but never more than 60 s (a laptop's
//! sleep stops monotonic clocks, so a long sleep could oversleep a suspend). Any write to the
//! store wakes it at once. Every decision lives in `cartera_core::reminders::tick`.

use std::sync::Arc;
use std::time::Duration;

use cartera_core::reminders::{self, Notification};
use cartera_core::settings::{self, Language};
use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use crate::clock;
use crate::store::Store;

/// The longest the scheduler sleeps between two looks at the clock.
pub const MAX_SLEEP: Duration = Duration::from_secs(60);

/// Where notifications go (the desktop in the app; a list in tests).
pub trait Notifier: Send + Sync + 'static {
    fn show(&self, notification: &Notification);
    /// Today's pending count (overdue included), for the tray.
    fn today_count(&self, _count: u64, _lang: Language) {}
}

/// How long to sleep until `next_wake`, capped at [`MAX_SLEEP`].
pub fn sleep_for(now: DateTime<Utc>, next_wake: DateTime<Utc>) -> Duration {
    (next_wake - now)
        .to_std()
        .unwrap_or(Duration::ZERO)
        .min(MAX_SLEEP)
}

/// One wake-up: fire what is due and return when to wake next.
pub async fn run_once(store: &Store, notifier: &dyn Notifier) -> Duration {
    let result = store
        .write_quietly(|tx| {
            let loaded = settings::load(tx)?;
            let lang = clock::language(&loaded);
            let planner = clock::planner(loaded.planning);
            let tick = reminders::tick(tx, &planner, lang)?;
            Ok((tick, planner.now, lang))
        })
        .await;
    match result {
        Ok((tick, now, lang)) => {
            for notification in &tick.notifications {
                notifier.show(notification);
            }
            notifier.today_count(tick.due_by_today, lang);
            sleep_for(now, tick.next_wake)
        }
        Err(error) => {
            tracing::error!(%error, "reminder check failed; retrying in a minute");
            MAX_SLEEP
        }
    }
}

/// Starts the scheduler; it runs for the life of the app.
pub fn spawn(store: Store, notifier: Arc<dyn Notifier>) {
    let rearm: Arc<Notify> = store.rearm_signal();
    tauri::async_runtime::spawn(async move {
        loop {
            let pause = run_once(&store, notifier.as_ref()).await;
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = rearm.notified() => {}
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleeps_until_the_next_reminder_but_never_more_than_a_minute() {
        let now: DateTime<Utc> = "2026-11-23T09:00:00Z".parse().unwrap();
        let soon = now + chrono::Duration::seconds(5);
        let later = now + chrono::Duration::hours(8);
        assert_eq!(sleep_for(now, soon), Duration::from_secs(5));
        assert_eq!(
            sleep_for(now, later),
            MAX_SLEEP,
            "a long sleep could oversleep a laptop suspend"
        );
        assert_eq!(
            sleep_for(now, now - chrono::Duration::seconds(1)),
            Duration::ZERO
        );
    }
}
