//! Reminders: which follow-ups fall due now, and the notifications they become. The shell's
//! scheduler only sleeps and shows what this module hands it; every decision is here, as a
//! function of the database and `now`, so it is tested without a clock.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::agenda;
use crate::domain::{Action, FollowUpColour};
use crate::follow_ups::Origin;
use crate::planning::{due_instant, Planner};
use crate::settings::Language;
use crate::{time, Result};

pub mod delivery;

/// A follow-up whose reminder is being shown.
#[derive(Debug, Clone, PartialEq)]
pub struct DueReminder {
    pub follow_up_id: String,
    pub client_name: String,
    pub colour: FollowUpColour,
    pub action: Action,
    pub purpose: String,
    pub origin: Origin,
    pub due_time: Option<NaiveTime>,
    pub due_at: DateTime<Utc>,
}

/// A native notification to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Notification {
    pub title: String,
    pub body: String,
}

/// A reminder taken longer than this after it fell due was missed: the scheduler wakes at each
/// due instant, so only a closed app or a sleeping computer makes it this late. Missed ones go
/// into one catch-up digest instead of popping up on their own.
pub const MISSED_AFTER: Duration = Duration::minutes(2);
/// Client names longer than this are cut with "…" in notifications (a desktop notification
/// shows a line or two).
pub const NAME_CHARS: usize = 40;

/// How a reminder taken by the scheduler is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Showing {
    /// It falls due now: a reminder of its own (or in a group).
    Fresh,
    /// It fell due while Cartera was closed or the computer slept: in the catch-up digest.
    Missed,
    /// Not at all: it was already due when planned (by the user or a regime, while Cartera
    /// was running, after the scheduler's last look). The agenda and the tray show it.
    Quiet,
}

/// How a reminder due at `due_at`, taken at `now`, is shown, given when the scheduler last
/// looked before (`last_look`; `None` for its first look ever, or a clock that went back).
/// Everything that fell due before the last look was taken by it: what is still untaken
/// from then was planned afterwards, already due.
pub fn showing(
    due_at: DateTime<Utc>,
    last_look: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Showing {
    match last_look.filter(|look| *look <= now) {
        Some(look) if due_at <= look => Showing::Quiet,
        _ if now - due_at > MISSED_AFTER => Showing::Missed,
        _ => Showing::Fresh,
    }
}
/// More reminders than this falling due together become one grouped notification.
pub const GROUP_OVER: usize = 3;

/// The earliest instant a pending, not yet notified follow-up of a live client falls due.
pub fn next_due_at(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    let at: Option<String> = conn
        .query_row(
            "SELECT f.due_at FROM follow_ups f JOIN clients c ON c.id = f.client_id
             WHERE f.status = 'pending' AND f.notified_at IS NULL AND f.deleted_at IS NULL
               AND c.deleted_at IS NULL
             ORDER BY f.due_at LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(at
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|at| at.with_timezone(&Utc)))
}

/// Every follow-up due at `now` whose reminder was not shown yet, marked as shown in the same
/// transaction: once this commits, nothing here fires again, after a restart or a crash too.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn take_due(tx: &Transaction, now: DateTime<Utc>) -> Result<Vec<DueReminder>> {
    let now_text = time::timestamp(now);
    let mut stmt = tx.prepare_cached(
        "SELECT f.id, c.name, c.colour, f.action, f.purpose, f.origin, f.due_time, f.due_at
         FROM follow_ups f JOIN clients c ON c.id = f.client_id
         WHERE f.status = 'pending' AND f.notified_at IS NULL AND f.deleted_at IS NULL
           AND c.deleted_at IS NULL AND f.due_at <= ?1
         ORDER BY f.due_at",
    )?;
    let due = stmt
        .query_map([&now_text], |r| {
            let due_at: String = r.get(7)?;
            Ok(DueReminder {
                follow_up_id: r.get(0)?,
                client_name: r.get(1)?,
                colour: r.get(2)?,
                action: r.get(3)?,
                purpose: r.get(4)?,
                origin: r.get(5)?,
                due_time: r.get(6)?,
                due_at: DateTime::parse_from_rfc3339(&due_at)
                    .map(|at| at.with_timezone(&Utc))
                    .unwrap_or(now),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut mark = tx.prepare_cached("UPDATE follow_ups SET notified_at = ?2 WHERE id = ?1")?;
    for reminder in &due {
        mark.execute(params![reminder.follow_up_id, now_text])?;
    }
    Ok(due)
}

/// The notifications for reminders taken at `now` (see [`showing`]): missed ones in one
/// catch-up digest, fresh ones one by one, or grouped when many fall due together; those
/// planned already due, none.
pub fn notifications(
    due: &[DueReminder],
    last_look: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    lang: Language,
) -> Vec<Notification> {
    let of = |kind| -> Vec<&DueReminder> {
        due.iter()
            .filter(|r| showing(r.due_at, last_look, now) == kind)
            .collect()
    };
    let (missed, fresh) = (of(Showing::Missed), of(Showing::Fresh));
    let mut out = Vec::new();
    if !missed.is_empty() {
        out.push(catch_up(&missed, lang));
    }
    if fresh.len() > GROUP_OVER {
        out.push(Notification {
            title: match lang {
                Language::Es => format!("Vencen {}", count_es(fresh.len() as u64)),
                Language::En => format!("{} due now", capitalise(&count_en(fresh.len() as u64))),
            },
            body: names(&fresh),
        });
    } else {
        out.extend(fresh.into_iter().map(|r| single(r, lang)));
    }
    out
}

/// "Mientras Cartera estaba cerrada o el equipo en reposo, vencieron 3 seguimientos: …".
fn catch_up(missed: &[&DueReminder], lang: Language) -> Notification {
    let n = missed.len() as u64;
    match lang {
        Language::Es => Notification {
            title: "Seguimientos pendientes".into(),
            body: format!(
                "Mientras Cartera estaba cerrada o el equipo en reposo, {} {}: {}",
                if n == 1 { "venció" } else { "vencieron" },
                count_es(n),
                names(missed)
            ),
        },
        Language::En => Notification {
            title: "Follow-ups waiting".into(),
            body: format!(
                "While Cartera was closed or the computer asleep, {} fell due: {}",
                count_en(n),
                names(missed)
            ),
        },
    }
}

fn count_es(n: u64) -> String {
    if n == 1 {
        "1 seguimiento".into()
    } else {
        format!("{n} seguimientos")
    }
}

fn count_en(n: u64) -> String {
    if n == 1 {
        "1 follow-up".into()
    } else {
        format!("{n} follow-ups")
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The first few client names, then "…" for the rest.
fn names(due: &[&DueReminder]) -> String {
    let mut list: Vec<String> = due.iter().take(4).map(|r| short(&r.client_name)).collect();
    if due.len() > 4 {
        list.push("…".into());
    }
    list.join(", ")
}

/// A client's name cut to [`NAME_CHARS`] characters, with "…" when cut.
fn short(name: &str) -> String {
    if name.chars().count() <= NAME_CHARS {
        return name.to_string();
    }
    let cut: String = name.chars().take(NAME_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// "Llamar a Ferretería López — 10:00 — ofrecer nueva lista de precios".
fn single(r: &DueReminder, lang: Language) -> Notification {
    let mut parts = vec![action_phrase(r.action, &short(&r.client_name), lang)];
    if let Some(t) = r.due_time {
        parts.push(t.format("%H:%M").to_string());
    }
    let purpose = if r.origin == Origin::Regime && r.purpose.is_empty() {
        regime_phrase(r.colour, lang).to_string()
    } else {
        r.purpose.clone()
    };
    if !purpose.is_empty() {
        parts.push(purpose);
    }
    Notification {
        title: parts.remove(0),
        body: if parts.is_empty() {
            match lang {
                Language::Es => "Seguimiento pendiente".into(),
                Language::En => "Follow-up due".into(),
            }
        } else {
            parts.join(" — ")
        },
    }
}

/// What to do, with whom, in the user's language.
pub fn action_phrase(action: Action, client: &str, lang: Language) -> String {
    match lang {
        Language::Es => match action {
            Action::Call => format!("Llamar a {client}"),
            Action::Visit => format!("Visitar a {client}"),
            Action::Email => format!("Escribir un correo a {client}"),
            Action::Whatsapp => format!("Escribir por WhatsApp a {client}"),
            Action::Sample => format!("Llevar muestras a {client}"),
            Action::Survey => format!("Dejar una encuesta a {client}"),
            Action::Meeting => format!("Reunión con {client}"),
            Action::Other => format!("Seguimiento de {client}"),
        },
        Language::En => match action {
            Action::Call => format!("Call {client}"),
            Action::Visit => format!("Visit {client}"),
            Action::Email => format!("E-mail {client}"),
            Action::Whatsapp => format!("WhatsApp {client}"),
            Action::Sample => format!("Bring samples to {client}"),
            Action::Survey => format!("Leave a survey with {client}"),
            Action::Meeting => format!("Meeting with {client}"),
            Action::Other => format!("Follow up with {client}"),
        },
    }
}

fn regime_phrase(colour: FollowUpColour, lang: Language) -> &'static str {
    match (lang, colour) {
        (Language::Es, FollowUpColour::Red) => "seguimiento casi diario (rojo)",
        (Language::Es, FollowUpColour::Yellow) => "recordatorio (amarillo)",
        (Language::Es, FollowUpColour::Green) => "¿ha respondido? (verde)",
        (Language::Es, FollowUpColour::None) => "",
        (Language::En, FollowUpColour::Red) => "near-daily follow-up (red)",
        (Language::En, FollowUpColour::Yellow) => "reminder (yellow)",
        (Language::En, FollowUpColour::Green) => "any answer yet? (green)",
        (Language::En, FollowUpColour::None) => "",
    }
}

/// When the next morning digest is due: today at the digest time if not sent today, else
/// tomorrow's. A digest whose time passed today while the app was closed is due at once.
pub fn next_digest_at(planner: &Planner, sent_on: Option<NaiveDate>) -> DateTime<Utc> {
    let today = planner.today();
    let day = if sent_on.is_some_and(|d| d >= today) {
        today.succ_opt().unwrap_or(today)
    } else {
        today
    };
    due_instant(day, planner.settings.digest_time, &planner.tz)
}

/// The morning digest: "Hoy: 4 rojos, 6 amarillos, 2 esperando respuesta". `None` on a day
/// with nothing to do: an empty digest would only teach the user to ignore it.
pub fn morning_digest(
    conn: &Connection,
    planner: &Planner,
    lang: Language,
) -> Result<Option<Notification>> {
    let due = due_by_colour(conn, planner)?;
    let count = |colour| {
        due.iter()
            .find(|(c, _)| *c == colour)
            .map_or(0, |(_, n)| *n)
    };
    let (red, yellow) = (count(FollowUpColour::Red), count(FollowUpColour::Yellow));
    let total: u64 = due.iter().map(|(_, n)| n).sum();
    let waiting = agenda::waiting_at_least(conn, planner, planner.settings.green_wait_days)?;
    if total == 0 && waiting == 0 {
        return Ok(None);
    }
    Ok(Some(match lang {
        Language::Es => Notification {
            title: format!("Hoy: {}", count_es(total)),
            body: format!(
                "{red} {}, {yellow} {}, {waiting} esperando respuesta",
                if red == 1 { "rojo" } else { "rojos" },
                if yellow == 1 { "amarillo" } else { "amarillos" }
            ),
        },
        Language::En => Notification {
            title: format!("Today: {}", count_en(total)),
            body: format!("{red} red, {yellow} yellow, {waiting} waiting for an answer"),
        },
    }))
}

/// What one wake-up of the scheduler does: the notifications to show now and when to wake
/// next (the shell caps the sleep at 60 s, because a laptop's sleep stops monotonic clocks).
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// The notifications decided at this tick (already in the outbox).
    pub notifications: Vec<Notification>,
    /// Everything the desktop must show now: this tick's notifications and earlier ones
    /// waiting for a retry (see [`delivery`]).
    pub to_deliver: Vec<delivery::Outgoing>,
    pub next_wake: DateTime<Utc>,
    /// Pending follow-ups due today or earlier (the tray's "today" line).
    pub due_by_today: u64,
}

/// One scheduler wake-up at `planner.now`: takes the due reminders, adds the morning digest
/// once a day, and puts both in the delivery outbox in the same transaction, so a crash
/// after the commit cannot repeat the decision and a crash before it loses nothing; the
/// outbox then holds them until the desktop confirms them.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn tick(tx: &Transaction, planner: &Planner, lang: Language) -> Result<Tick> {
    let last_look = crate::settings::scheduler_ran_at(tx)?;
    let due = take_due(tx, planner.now)?;
    let mut shown = notifications(&due, last_look, planner.now, lang);
    crate::settings::mark_scheduler_ran(tx, planner.now)?;
    let sent_on = crate::settings::digest_sent_on(tx)?;
    if planner.now >= next_digest_at(planner, sent_on) {
        if let Some(digest) = morning_digest(tx, planner, lang)? {
            shown.insert(0, digest);
        }
        crate::settings::mark_digest_sent(tx, planner.today())?;
    }
    delivery::enqueue(tx, &shown, planner.now)?;
    let digest = next_digest_at(planner, crate::settings::digest_sent_on(tx)?);
    let next_wake = next_due_at(tx)?.map_or(digest, |due| due.min(digest));
    Ok(Tick {
        notifications: shown,
        to_deliver: delivery::to_deliver(tx, planner.now)?,
        next_wake,
        due_by_today: due_by_today(tx, planner)?,
    })
}

/// Pending follow-ups due by the end of today (overdue included), counted by the client's
/// colour: the whole counts, not the agenda's capped sections. One index range per colour
/// (`follow_ups_pending_by_colour`) instead of a join of every due item to its client.
fn due_by_colour(conn: &Connection, planner: &Planner) -> Result<Vec<(FollowUpColour, u64)>> {
    let end = end_of_today(planner);
    FollowUpColour::ALL
        .iter()
        .map(|&colour| {
            let filter = agenda::AgendaFilter {
                colour: Some(colour),
                action: None,
                ..Default::default()
            };
            Ok((colour, agenda::due_by(conn, end, &filter)?))
        })
        .collect()
}

/// The first instant of tomorrow, local time.
fn end_of_today(planner: &Planner) -> DateTime<Utc> {
    let tomorrow = planner.today().succ_opt().unwrap_or(planner.today());
    due_instant(tomorrow, NaiveTime::MIN, &planner.tz)
}

/// How many pending follow-ups of live clients are due today or were due before: the whole
/// count, not the agenda's capped sections.
pub fn due_by_today(conn: &Connection, planner: &Planner) -> Result<u64> {
    agenda::due_by(
        conn,
        end_of_today(planner),
        &agenda::AgendaFilter::default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn call(client: &str, due_at: &str) -> DueReminder {
        DueReminder {
            follow_up_id: client.into(),
            client_name: client.into(),
            colour: FollowUpColour::None,
            action: Action::Call,
            purpose: String::new(),
            origin: Origin::Manual,
            due_time: None,
            due_at: at(due_at),
        }
    }

    /// The first notification for calls to `names` due at `due_at`, taken at 12:00 by a
    /// scheduler's first look.
    fn first(names: &[&str], due_at: &str, lang: Language) -> Notification {
        let due: Vec<DueReminder> = names.iter().map(|n| call(n, due_at)).collect();
        notifications(&due, None, at("2026-11-30T12:00:00Z"), lang).remove(0)
    }

    #[test]
    fn a_reminder_is_missed_only_when_it_fell_due_after_the_last_look_and_long_ago() {
        let now = at("2026-11-30T12:00:00Z");
        let look = Some("2026-11-30T11:59:10Z");
        let long_ago = Some("2026-11-30T04:00:00Z");
        let cases = [
            // Planned while running with a date already past: never a pop-up.
            ("2026-11-30T08:00:00Z", look, Showing::Quiet),
            ("2026-11-30T11:59:10Z", look, Showing::Quiet),
            // Fell due since the last look: on time.
            ("2026-11-30T11:59:30Z", look, Showing::Fresh),
            // The last look was hours ago (closed or asleep): what fell due since is
            // missed, except what falls due just now.
            ("2026-11-30T09:00:00Z", long_ago, Showing::Missed),
            ("2026-11-30T11:59:00Z", long_ago, Showing::Fresh),
            // Never looked before (a first start): judged by how late it is.
            ("2026-11-30T09:00:00Z", None, Showing::Missed),
            // A clock set back behind the last look does not silence what falls due.
            (
                "2026-11-30T11:59:30Z",
                Some("2026-11-30T13:00:00Z"),
                Showing::Fresh,
            ),
        ];
        for (due, last_look, expected) in cases {
            assert_eq!(
                showing(at(due), last_look.map(at), now),
                expected,
                "due {due}, last look {last_look:?}"
            );
        }
    }

    #[test]
    fn every_counted_message_agrees_in_number_in_spanish_and_english() {
        let body = |names: &[&str], lang| first(names, "2026-11-30T08:00:00Z", lang).body;
        assert_eq!(
            body(&["Ana"], Language::Es),
            "Mientras Cartera estaba cerrada o el equipo en reposo, venció 1 seguimiento: Ana"
        );
        assert_eq!(
            body(&["Ana", "Luis"], Language::Es),
            "Mientras Cartera estaba cerrada o el equipo en reposo, vencieron 2 seguimientos: \
             Ana, Luis"
        );
        assert_eq!(
            body(&["Ana"], Language::En),
            "While Cartera was closed or the computer asleep, 1 follow-up fell due: Ana"
        );
        assert_eq!(
            body(&["Ana", "Luis"], Language::En),
            "While Cartera was closed or the computer asleep, 2 follow-ups fell due: Ana, Luis"
        );
        let four = ["Ana", "Luis", "Eva", "Paco"];
        let grouped = |lang| first(&four, "2026-11-30T12:00:00Z", lang).title;
        assert_eq!(grouped(Language::Es), "Vencen 4 seguimientos");
        assert_eq!(grouped(Language::En), "4 follow-ups due now");
        assert_eq!(count_es(1), "1 seguimiento");
        assert_eq!(count_es(0), "0 seguimientos");
        assert_eq!(count_en(1), "1 follow-up");
        assert_eq!(count_en(0), "0 follow-ups");
    }

    #[test]
    fn long_client_names_are_cut_with_an_ellipsis() {
        let long = "Distribuciones Hosteleras del Mediterráneo Oriental S.L.U.";
        let title = first(&[long], "2026-11-30T12:00:00Z", Language::Es).title;
        let name = title.strip_prefix("Llamar a ").unwrap();
        assert_eq!(name.chars().count(), NAME_CHARS);
        assert!(name.ends_with('…'), "{name}");
        assert!(long.starts_with(name.trim_end_matches('…')));
        assert_eq!(short("Ana Martínez"), "Ana Martínez");
    }
}
