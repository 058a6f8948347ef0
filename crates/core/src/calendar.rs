//! Calendar export: the upcoming follow-ups as an iCalendar (.ics) file that the user's
//! calendar app imports. Each follow-up keeps its id as the event's UID, so importing a newer
//! export updates the events instead of duplicating them.

use chrono::{Days, Duration};
use icalendar::{Calendar, Component, Event, EventLike};
use rusqlite::Connection;

use crate::agenda::{self, AgendaFilter};
use crate::planning::Planner;
use crate::reminders::action_phrase;
use crate::settings::Language;
use crate::Result;

/// How far ahead the export reaches.
pub const EXPORT_DAYS: u64 = 90;
/// At most this many events (a calendar app chokes on more, a person cannot use more).
pub const EXPORT_LIMIT: u32 = 5_000;
/// A follow-up with a time of day becomes an event of this length.
const EVENT_MINUTES: i64 = 30;

/// The pending follow-ups from today to [`EXPORT_DAYS`] ahead, as iCalendar text.
pub fn upcoming_ics(conn: &Connection, planner: &Planner, lang: Language) -> Result<String> {
    let today = planner.today();
    let items = agenda::items_between(
        conn,
        Some(agenda::start_of(today, planner)),
        agenda::start_of(today + Days::new(EXPORT_DAYS), planner),
        &AgendaFilter::default(),
        false,
        EXPORT_LIMIT,
    )?;
    let mut calendar = Calendar::new();
    calendar.name(match lang {
        Language::Es => "Cartera: seguimientos",
        Language::En => "Cartera: follow-ups",
    });
    for item in items {
        let mut event = Event::new();
        event
            .uid(&format!("{}@cartera", item.follow_up_id))
            .summary(&action_phrase(item.action, &item.client_name, lang))
            .description(&item.purpose)
            .timestamp(planner.now);
        match (
            item.due_time,
            item.due_at.parse::<chrono::DateTime<chrono::Utc>>(),
        ) {
            (Some(_), Ok(at)) => {
                event.starts(at).ends(at + Duration::minutes(EVENT_MINUTES));
            }
            _ => {
                event.all_day(item.due_date);
            }
        }
        calendar.push(event.done());
    }
    Ok(calendar.done().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::{self, ClientInput};
    use crate::follow_ups::{self, Action, FollowUpInput};
    use crate::planning::PlanningSettings;
    use rusqlite::TransactionBehavior;

    #[test]
    fn exports_timed_and_all_day_follow_ups_with_stable_uids() {
        let mut conn = crate::db::open_in_memory().unwrap();
        let p = Planner::new(
            "2026-11-23T08:00:00Z".parse().unwrap(),
            chrono_tz::Europe::Madrid,
            PlanningSettings::default(),
        );
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .unwrap();
        let input = ClientInput {
            name: "Ferretería López".into(),
            ..Default::default()
        };
        let client = clients::save(&tx, None, &input, &p).unwrap();
        let plan = |date: &str, time: Option<&str>, purpose: &str| FollowUpInput {
            action: Action::Call,
            purpose: purpose.into(),
            due_date: date.parse().unwrap(),
            due_time: time.map(|t| t.parse().unwrap()),
            recurrence: None,
        };
        let timed = follow_ups::create(
            &tx,
            &client.id,
            &plan("2026-11-24", Some("10:00:00"), "precios"),
            &p,
        )
        .unwrap();
        follow_ups::create(&tx, &client.id, &plan("2026-11-25", None, "visita"), &p).unwrap();
        follow_ups::create(&tx, &client.id, &plan("2027-06-01", None, "muy lejos"), &p).unwrap();
        tx.commit().unwrap();

        let ics = upcoming_ics(&conn, &p, Language::Es).unwrap();
        assert!(ics.starts_with("BEGIN:VCALENDAR"));
        assert_eq!(
            ics.matches("BEGIN:VEVENT").count(),
            2,
            "only the next 90 days:\n{ics}"
        );
        assert!(ics.contains("SUMMARY:Llamar a Ferretería López"));
        assert!(
            ics.contains(&format!("UID:{}@cartera", timed.id)),
            "stable UIDs update on re-import"
        );
        assert!(
            ics.contains("DTSTART:20261124T090000Z"),
            "10:00 Madrid is 09:00 UTC:\n{ics}"
        );
        assert!(
            ics.contains("DTSTART;VALUE=DATE:20261125"),
            "a day without time is all-day:\n{ics}"
        );
    }
}
