//! The reminder scheduler: a tokio task that asks the core what is due, shows it as native
//! notifications, and sleeps until the next reminder, but never more than 60 s (a laptop's
//! sleep stops monotonic clocks, so a long sleep could oversleep a suspend). Any write to the
//! store wakes it at once. Every decision lives in `cartera_core::reminders::tick`; what the
//! desktop did with each notification goes back to the core's outbox
//! (`reminders::delivery`), so a refused notification is retried and then shown in the app.

use std::sync::Arc;
use std::time::Duration;

use cartera_core::reminders::delivery::{self, Delivery};
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
    /// Shows one notification; `Err` with the reason when the desktop did not take it.
    /// Called on a blocking thread: it may wait on D-Bus.
    fn show(&self, notification: &Notification) -> Result<(), String>;
    /// Today's pending count (overdue included) and the reminders the app shows itself
    /// because the desktop could not, for the tray and the open views.
    fn counts(&self, _due_by_today: u64, _missed: u64, _lang: Language) {}
}

/// How long to sleep until `next_wake`, capped at [`MAX_SLEEP`].
pub fn sleep_for(now: DateTime<Utc>, next_wake: DateTime<Utc>) -> Duration {
    (next_wake - now)
        .to_std()
        .unwrap_or(Duration::ZERO)
        .min(MAX_SLEEP)
}

/// One wake-up: fire what is due, retry what the desktop refused, and return when to wake
/// next.
pub async fn run_once(store: &Store, notifier: &Arc<dyn Notifier>) -> Duration {
    let decided = store
        .write_quietly(|tx| {
            let loaded = settings::load(tx)?;
            let lang = clock::language(&loaded);
            let planner = clock::planner(loaded.planning);
            let tick = reminders::tick(tx, &planner, lang)?;
            Ok((tick, planner.now, lang))
        })
        .await;
    let (tick, now, lang) = match decided {
        Ok(decided) => decided,
        Err(error) => {
            tracing::error!(%error, "reminder check failed; retrying in a minute");
            return MAX_SLEEP;
        }
    };
    let results = deliver(notifier, tick.to_deliver).await;
    let report = store
        .write_quietly(move |tx| delivery::record(tx, &results, now))
        .await;
    match report {
        Ok(report) => {
            notifier.counts(tick.due_by_today, report.in_app, lang);
            let wake = report
                .retry_at
                .map_or(tick.next_wake, |retry| retry.min(tick.next_wake));
            sleep_for(now, wake)
        }
        // The outbox still holds them: the next tick delivers them again.
        Err(error) => {
            tracing::error!(%error, "could not record reminder deliveries");
            sleep_for(now, tick.next_wake)
        }
    }
}

/// Shows each notification on a blocking thread and says what the desktop did with it.
async fn deliver(
    notifier: &Arc<dyn Notifier>,
    outgoing: Vec<delivery::Outgoing>,
) -> Vec<(String, Delivery)> {
    if outgoing.is_empty() {
        return Vec::new();
    }
    let ids: Vec<String> = outgoing.iter().map(|o| o.id.clone()).collect();
    let notifier = notifier.clone();
    let shown = tauri::async_runtime::spawn_blocking(move || {
        outgoing
            .into_iter()
            .map(|o| {
                let outcome = match notifier.show(&o.notification) {
                    Ok(()) => Delivery::Shown,
                    Err(reason) => Delivery::Refused(reason),
                };
                (o.id, outcome)
            })
            .collect()
    })
    .await;
    // A notifier that panicked showed nothing we can vouch for: count it as refused.
    shown.unwrap_or_else(|error| {
        ids.into_iter()
            .map(|id| (id, Delivery::Refused(format!("notifier failed: {error}"))))
            .collect()
    })
}

/// Starts the scheduler once `first_screen` resolves; it runs for the life of the app.
pub fn spawn(
    store: Store,
    notifier: Arc<dyn Notifier>,
    first_screen: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let rearm: Arc<Notify> = store.rearm_signal();
    tauri::async_runtime::spawn(async move {
        first_screen.await;
        loop {
            let pause = run_once(&store, &notifier).await;
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

#[cfg(test)]
mod delivery_tests {
    //! `run_once` against a real database and a notifier double that can refuse, as a desktop
    //! without a notification daemon (or with a D-Bus error) does.
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    use cartera_core::db;
    use cartera_core::reminders::delivery;

    use super::*;

    /// Refuses the first `refuse` notifications, then shows the rest.
    #[derive(Default)]
    struct FakeDesktop {
        refuse: AtomicUsize,
        shown: Mutex<Vec<String>>,
        counts: Mutex<Option<(u64, u64)>>,
    }

    impl FakeDesktop {
        fn refusing(n: usize) -> Arc<Self> {
            let fake = Self::default();
            fake.refuse.store(n, Ordering::SeqCst);
            Arc::new(fake)
        }
        fn shown(&self) -> Vec<String> {
            self.shown.lock().unwrap().clone()
        }
        fn missed(&self) -> u64 {
            self.counts.lock().unwrap().map_or(0, |(_, missed)| missed)
        }
    }

    impl Notifier for FakeDesktop {
        fn show(&self, notification: &Notification) -> Result<(), String> {
            let left = self.refuse.load(Ordering::SeqCst);
            if left > 0 {
                self.refuse.store(left - 1, Ordering::SeqCst);
                return Err("org.freedesktop.DBus.Error.ServiceUnknown".into());
            }
            self.shown.lock().unwrap().push(notification.title.clone());
            Ok(())
        }
        fn counts(&self, due_by_today: u64, missed: u64, _lang: Language) {
            *self.counts.lock().unwrap() = Some((due_by_today, missed));
        }
    }

    /// A store with one reminder already decided and waiting for the desktop.
    fn store_with_a_reminder() -> Store {
        let mut conn = db::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        let reminder = Notification {
            title: "Llamar a Ferretería López".into(),
            body: "10:00 — ofrecer nueva lista de precios".into(),
        };
        delivery::enqueue(&tx, &[reminder], Utc::now()).unwrap();
        tx.commit().unwrap();
        Store::from_connection(conn)
    }

    fn run(store: &Store, desktop: &Arc<FakeDesktop>) -> Duration {
        let notifier: Arc<dyn Notifier> = desktop.clone();
        tauri::async_runtime::block_on(run_once(store, &notifier))
    }

    /// Everything not yet delivered, due or not.
    fn waiting(store: &Store) -> usize {
        let far = Utc::now() + chrono::Duration::hours(1);
        delivery::to_deliver(&store.blocking_connection(), far)
            .unwrap()
            .len()
    }

    /// The retry interval goes by (the scheduler reads the real clock).
    fn retry_interval_passes(store: &Store) {
        let earlier = Utc::now() - delivery::RETRY_AFTER - chrono::Duration::seconds(1);
        store
            .blocking_connection()
            .execute(
                "UPDATE notifications SET updated_at = ?1 WHERE attempts > 0",
                [cartera_core::time::timestamp(earlier)],
            )
            .unwrap();
    }

    #[test]
    fn a_delivered_reminder_is_shown_once() {
        let store = store_with_a_reminder();
        let desktop = FakeDesktop::refusing(0);
        run(&store, &desktop);
        run(&store, &desktop);
        assert_eq!(
            desktop.shown(),
            ["Llamar a Ferretería López"],
            "shown exactly once"
        );
        assert_eq!(waiting(&store), 0);
        assert_eq!(desktop.missed(), 0);
    }

    #[test]
    fn a_refused_reminder_is_retried_on_the_next_tick_soon() {
        let store = store_with_a_reminder();
        let desktop = FakeDesktop::refusing(1);
        let pause = run(&store, &desktop);
        assert!(desktop.shown().is_empty());
        assert!(
            pause <= delivery::RETRY_AFTER.to_std().unwrap(),
            "a refused reminder must be retried within half a minute, not at the next due time"
        );
        run(&store, &desktop);
        assert!(
            desktop.shown().is_empty(),
            "a wake-up right after the refusal (any write) must not spend the retry"
        );
        retry_interval_passes(&store);
        run(&store, &desktop);
        assert_eq!(
            desktop.shown(),
            ["Llamar a Ferretería López"],
            "the retry showed it"
        );
        assert_eq!(waiting(&store), 0);
        assert_eq!(
            desktop.missed(),
            0,
            "delivered on retry: nothing for the app to show"
        );
    }

    #[test]
    fn without_a_notification_daemon_the_reminder_is_shown_in_the_app() {
        let store = store_with_a_reminder();
        let desktop = FakeDesktop::refusing(usize::MAX);
        run(&store, &desktop);
        retry_interval_passes(&store);
        run(&store, &desktop);
        assert!(desktop.shown().is_empty());
        assert_eq!(
            desktop.missed(),
            1,
            "the tray and the open views are told to show it"
        );
        let missed = delivery::missed(&store.blocking_connection()).unwrap();
        assert_eq!(
            missed.items[0].title, "Llamar a Ferretería López",
            "never dropped"
        );
        run(&store, &desktop);
        assert_eq!(
            waiting(&store),
            0,
            "given up on the desktop: no endless retries"
        );
    }
}
