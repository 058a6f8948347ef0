//! Delivery of reminders as a guarantee: the notifications a tick decides to show wait in an
//! outbox (`notifications`) until the desktop confirms each one. One that the desktop refuses
//! is tried again on the next tick; after [`MAX_ATTEMPTS`] it is given up on the desktop and
//! shown inside the app instead (and counted in the tray) until the user has seen it.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Notification;
use crate::{time, Result};

/// Attempts on the desktop before a notification is shown in the app instead.
pub const MAX_ATTEMPTS: i64 = 2;
/// How soon a refused notification is tried again.
pub const RETRY_AFTER: Duration = Duration::seconds(30);
/// Delivered or seen notifications are kept this long, then pruned.
pub const KEEP_FOR: Duration = Duration::days(30);
/// The most in-app notifications listed at once (the count is always the whole count).
pub const IN_APP_LIMIT: u32 = 50;

/// A notification waiting in the outbox for the desktop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub id: String,
    pub notification: Notification,
}

/// What the desktop did with one notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Shown,
    /// Not shown (no notification daemon, a D-Bus error…), with the reason for the log.
    Refused(String),
}

/// After recording a round of deliveries: when the next retry is due (the scheduler wakes for
/// it), and how many notifications the app must show itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryReport {
    /// The earliest instant [`to_deliver`] has something again; `None` when nothing waits.
    pub retry_at: Option<DateTime<Utc>>,
    pub in_app: u64,
}

/// A reminder the desktop could not show, as the app lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissedNotification {
    pub id: String,
    pub title: String,
    pub body: String,
    /// When the reminder was due to pop up (RFC 3339, UTC).
    pub created_at: String,
}

/// The reminders the app shows because the desktop could not: the oldest first, at most
/// [`IN_APP_LIMIT`], with the whole count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissedNotifications {
    pub items: Vec<MissedNotification>,
    #[ts(type = "number")]
    pub total: u64,
}

/// Puts `notifications` in the outbox, in the transaction that decided them.
pub fn enqueue(tx: &Transaction, notifications: &[Notification], now: DateTime<Utc>) -> Result<()> {
    let now = time::timestamp(now);
    let mut insert = tx.prepare_cached(
        "INSERT INTO notifications (id, title, body, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?;
    for n in notifications {
        insert.execute(params![time::new_id(), n.title, n.body, now])?;
    }
    Ok(())
}

/// What the desktop must be asked to show at `now`, oldest first: new notifications, and
/// refused ones whose retry is due ([`RETRY_AFTER`] after the refusal; a write that wakes the
/// scheduler sooner must not spend the retry at once).
pub fn to_deliver(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<Outgoing>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, body FROM notifications
         WHERE delivered_at IS NULL AND failed_at IS NULL
           AND (attempts = 0 OR updated_at <= ?1)
         ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([time::timestamp(now - RETRY_AFTER)], |r| {
        Ok(Outgoing {
            id: r.get(0)?,
            notification: Notification {
                title: r.get(1)?,
                body: r.get(2)?,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records what the desktop did with each notification and prunes old ones.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn record(
    tx: &Transaction,
    results: &[(String, Delivery)],
    now: DateTime<Utc>,
) -> Result<DeliveryReport> {
    let stamp = time::timestamp(now);
    let mut shown = tx.prepare_cached(
        "UPDATE notifications SET delivered_at = ?2, updated_at = ?2
         WHERE id = ?1 AND delivered_at IS NULL",
    )?;
    let mut refused = tx.prepare_cached(
        "UPDATE notifications
         SET attempts = attempts + 1, last_error = ?3, updated_at = ?2,
             failed_at = CASE WHEN attempts + 1 >= ?4 THEN ?2 END
         WHERE id = ?1 AND delivered_at IS NULL AND failed_at IS NULL",
    )?;
    for (id, outcome) in results {
        match outcome {
            Delivery::Shown => shown.execute(params![id, stamp])?,
            Delivery::Refused(reason) => {
                tracing::warn!(%reason, "the desktop did not show a reminder");
                refused.execute(params![id, stamp, reason, MAX_ATTEMPTS])?
            }
        };
    }
    tx.execute(
        "DELETE FROM notifications
         WHERE coalesce(delivered_at, seen_at) IS NOT NULL AND updated_at < ?1",
        [time::timestamp(now - KEEP_FOR)],
    )?;
    // New ones are due at once; a refused one RETRY_AFTER after its refusal.
    let oldest_refusal: Option<String> = tx.query_row(
        "SELECT min(CASE WHEN attempts = 0 THEN ?1 ELSE updated_at END) FROM notifications
         WHERE delivered_at IS NULL AND failed_at IS NULL",
        [time::timestamp(now - RETRY_AFTER)],
        |r| r.get(0),
    )?;
    let retry_at = oldest_refusal
        .and_then(|at| DateTime::parse_from_rfc3339(&at).ok())
        .map(|at| at.with_timezone(&Utc) + RETRY_AFTER);
    Ok(DeliveryReport {
        retry_at,
        in_app: in_app_count(tx)?,
    })
}

/// How many reminders the app must show because the desktop could not.
pub fn in_app_count(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM notifications WHERE failed_at IS NOT NULL AND seen_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}

/// The reminders the app shows because the desktop could not.
pub fn missed(conn: &Connection) -> Result<MissedNotifications> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, body, created_at FROM notifications
         WHERE failed_at IS NOT NULL AND seen_at IS NULL
         ORDER BY created_at, id LIMIT ?1",
    )?;
    let items = stmt
        .query_map([IN_APP_LIMIT], |r| {
            Ok(MissedNotification {
                id: r.get(0)?,
                title: r.get(1)?,
                body: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(MissedNotifications {
        items,
        total: in_app_count(conn)?,
    })
}

/// The user has seen these in the app: they leave the list and the tray's count.
pub fn mark_seen(tx: &Transaction, ids: &[String], now: DateTime<Utc>) -> Result<()> {
    let stamp = time::timestamp(now);
    let mut seen = tx.prepare_cached(
        "UPDATE notifications SET seen_at = ?2, updated_at = ?2
         WHERE id = ?1 AND failed_at IS NOT NULL AND seen_at IS NULL",
    )?;
    for id in ids {
        seen.execute(params![id, stamp])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{database, write};

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn note(title: &str) -> Notification {
        Notification {
            title: title.into(),
            body: "cuerpo".into(),
        }
    }

    fn refused_all(out: &[Outgoing]) -> Vec<(String, Delivery)> {
        out.iter()
            .map(|o| (o.id.clone(), Delivery::Refused("no daemon".into())))
            .collect()
    }

    #[test]
    fn a_shown_notification_leaves_the_outbox() {
        let mut conn = database();
        let now = at("2026-11-30T09:00:00Z");
        write(&mut conn, |tx| enqueue(tx, &[note("Llamar a Ana")], now)).unwrap();
        let out = to_deliver(&conn, now).unwrap();
        assert_eq!(out.len(), 1);
        let report = write(&mut conn, |tx| {
            record(tx, &[(out[0].id.clone(), Delivery::Shown)], now)
        })
        .unwrap();
        assert_eq!(
            report,
            DeliveryReport {
                retry_at: None,
                in_app: 0
            }
        );
        assert!(
            to_deliver(&conn, now).unwrap().is_empty(),
            "shown once, never again"
        );
    }

    #[test]
    fn a_refused_notification_is_retried_then_shown_in_the_app_never_dropped() {
        let mut conn = database();
        let now = at("2026-11-30T09:00:00Z");
        write(&mut conn, |tx| enqueue(tx, &[note("Llamar a Ana")], now)).unwrap();

        let first = to_deliver(&conn, now).unwrap();
        let report = write(&mut conn, |tx| record(tx, &refused_all(&first), now)).unwrap();
        assert_eq!(
            report.retry_at,
            Some(now + RETRY_AFTER),
            "a refused reminder is tried again, after its interval"
        );
        assert_eq!(report.in_app, 0);

        assert!(
            to_deliver(&conn, now + Duration::seconds(1))
                .unwrap()
                .is_empty(),
            "a write that wakes the scheduler at once must not spend the retry"
        );
        let later = now + RETRY_AFTER;
        let retry = to_deliver(&conn, later).unwrap();
        assert_eq!(retry, first, "the same reminder comes back for the retry");
        let report = write(&mut conn, |tx| record(tx, &refused_all(&retry), later)).unwrap();
        assert_eq!(
            report.retry_at, None,
            "given up on the desktop after two tries"
        );
        assert_eq!(
            report.in_app, 1,
            "the app (and the tray) must show it instead"
        );

        let missed = missed(&conn).unwrap();
        assert_eq!(missed.total, 1);
        assert_eq!(missed.items[0].title, "Llamar a Ana");

        // Pruning a month later must not drop a reminder nobody has seen yet.
        write(&mut conn, |tx| record(tx, &[], later + Duration::days(60))).unwrap();
        assert_eq!(
            in_app_count(&conn).unwrap(),
            1,
            "unseen reminders are never pruned"
        );

        write(&mut conn, |tx| {
            mark_seen(tx, &[missed.items[0].id.clone()], later)
        })
        .unwrap();
        assert_eq!(
            in_app_count(&conn).unwrap(),
            0,
            "seen in the app: no longer counted"
        );
    }

    #[test]
    fn the_in_app_list_is_capped_but_its_count_is_whole() {
        let mut conn = database();
        let now = at("2026-11-30T09:00:00Z");
        let many: Vec<Notification> = (0..IN_APP_LIMIT + 5)
            .map(|i| note(&format!("n{i}")))
            .collect();
        write(&mut conn, |tx| enqueue(tx, &many, now)).unwrap();
        for attempt in 0..MAX_ATTEMPTS {
            let at = now + RETRY_AFTER * attempt as i32;
            let out = to_deliver(&conn, at).unwrap();
            write(&mut conn, |tx| record(tx, &refused_all(&out), at)).unwrap();
        }
        let missed = missed(&conn).unwrap();
        assert_eq!(missed.items.len(), IN_APP_LIMIT as usize);
        assert_eq!(
            missed.total,
            u64::from(IN_APP_LIMIT) + 5,
            "a real count, not the list's length"
        );
    }

    #[test]
    fn delivered_notifications_are_pruned_after_a_month() {
        let mut conn = database();
        let now = at("2026-11-30T09:00:00Z");
        write(&mut conn, |tx| enqueue(tx, &[note("a")], now)).unwrap();
        let out = to_deliver(&conn, now).unwrap();
        write(&mut conn, |tx| {
            record(tx, &[(out[0].id.clone(), Delivery::Shown)], now)
        })
        .unwrap();
        write(&mut conn, |tx| {
            record(tx, &[], now + KEEP_FOR + Duration::days(1))
        })
        .unwrap();
        let left: i64 = conn
            .query_row("SELECT count(*) FROM notifications", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }
}
