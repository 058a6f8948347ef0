//! Recurring series as the user lives them: planned once, drawn in every week they fall on and
//! in the calendar export, and moved on past today when an occurrence is done or skipped long
//! after its date.

use cartera_core::agenda::{self, AgendaFilter, AgendaItem};
use cartera_core::calendar;
use cartera_core::clients::{self, ClientInput, FollowUpColour};
use cartera_core::db;
use cartera_core::follow_ups::MissedOccurrences::{self, Forget};
use cartera_core::follow_ups::{self, Action, FollowUpInput, FollowUpStatus};
use cartera_core::interactions::{self, Outcome};
use cartera_core::planning::{Planner, Recurrence, RepeatUnit};
use cartera_core::settings::Language;
use rusqlite::Connection;

mod common;
use common::{date, planner, write};

fn client(conn: &mut Connection, name: &str, p: &Planner) -> String {
    let input = ClientInput {
        name: name.into(),
        colour: Some(FollowUpColour::None),
        ..Default::default()
    };
    write(conn, |tx| Ok(clients::save(tx, None, &input, p)?.id))
}

/// A visit at 10:00 on `first`, repeating every `weeks` weeks on the same weekday.
fn visit_every(weeks: u32, first: &str) -> FollowUpInput {
    FollowUpInput {
        action: Action::Visit,
        purpose: "reponer expositor".into(),
        due_date: date(first),
        due_time: Some("10:00".parse().unwrap()),
        recurrence: Some(Recurrence {
            every: weeks,
            unit: RepeatUnit::Week,
            weekdays: vec![2],
            until: None,
        }),
    }
}

fn week_of(conn: &Connection, p: &Planner, monday: &str) -> Vec<AgendaItem> {
    agenda::week(conn, p, date(monday), &AgendaFilter::default())
        .unwrap()
        .items()
        .cloned()
        .collect()
}

#[test]
fn a_visit_every_two_weeks_is_drawn_in_every_week_it_falls_on() {
    let mut conn = db::open_in_memory().unwrap();
    // Monday 30 November 2026; the series starts on Tuesday 1 December.
    let p = planner("2026-11-30T08:00:00Z");
    let id = client(&mut conn, "Droguería Sanz", &p);
    let stored = write(&mut conn, |tx| {
        follow_ups::create(tx, &id, &visit_every(2, "2026-12-01"), &p)
    });

    let expected = [
        ("2026-11-30", Some("2026-12-01"), false),
        ("2026-12-07", None, false),
        ("2026-12-14", Some("2026-12-15"), true),
        ("2026-12-21", None, false),
        ("2026-12-28", Some("2026-12-29"), true),
        // Across the change of year and, in March, of summer time.
        ("2027-03-22", Some("2027-03-23"), true),
        ("2027-03-29", None, false),
        ("2027-04-05", Some("2027-04-06"), true),
    ];
    for (monday, visit, projected) in expected {
        let items = week_of(&conn, &p, monday);
        match visit {
            None => assert!(items.is_empty(), "week of {monday}: free, got {items:?}"),
            Some(day) => {
                assert_eq!(items.len(), 1, "week of {monday}: {items:?}");
                let item = &items[0];
                assert_eq!(item.due_date, date(day));
                assert_eq!(item.projected, projected, "week of {monday}");
                assert_eq!(item.follow_up_id, stored.id, "it acts on the stored one");
                assert_eq!(item.series_id.as_deref(), Some(stored.id.as_str()));
                assert!(item.recurrence.is_some(), "the row describes its rule");
                // 10:00 in Madrid: 09:00 UTC in winter, 08:00 UTC in summer time.
                let utc_hour = if day >= "2027-03-28" { "08" } else { "09" };
                assert_eq!(item.due_at, format!("{day}T{utc_hour}:00:00.000Z"));
            }
        }
    }
    // The week's count includes what it draws; a colour filter the client fails drops both.
    let week = agenda::week(&conn, &p, date("2026-12-14"), &AgendaFilter::default()).unwrap();
    assert_eq!(week.total(), 1);
    let red = AgendaFilter {
        colour: Some(FollowUpColour::Red),
        action: None,
        ..Default::default()
    };
    assert_eq!(
        agenda::week(&conn, &p, date("2026-12-14"), &red)
            .unwrap()
            .total(),
        0
    );
    // A series that ends stops being drawn after its end.
    let mut ending = visit_every(1, "2026-12-01");
    ending.recurrence.as_mut().unwrap().until = Some(date("2026-12-08"));
    let other = client(&mut conn, "Farmacia Luna", &p);
    write(&mut conn, |tx| follow_ups::create(tx, &other, &ending, &p));
    let named = |monday| -> Vec<String> {
        week_of(&conn, &p, monday)
            .into_iter()
            .map(|i| i.client_name)
            .collect()
    };
    assert_eq!(named("2026-12-07"), ["Farmacia Luna"]);
    assert_eq!(named("2026-12-14"), ["Droguería Sanz"]);
}

#[test]
fn the_calendar_export_holds_every_occurrence_under_a_name_that_outlives_completion() {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-30T08:00:00Z");
    let id = client(&mut conn, "Droguería Sanz", &p);
    let stored = write(&mut conn, |tx| {
        follow_ups::create(tx, &id, &visit_every(2, "2026-12-01"), &p)
    });
    let ics = calendar::upcoming_ics(&conn, &p, Language::Es).unwrap();
    let uids: Vec<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
    // 90 days from 30 November: 1 and 15 December, … 23 February.
    assert_eq!(uids.len(), 7, "{ics}");
    assert_eq!(uids[0], format!("UID:{}-20261201@cartera", stored.id));
    assert_eq!(uids[1], format!("UID:{}-20261215@cartera", stored.id));

    // Done on its day: the next occurrence is now the stored one, and keeps its event.
    let tuesday = planner("2026-12-01T10:00:00Z");
    write(&mut conn, |tx| {
        interactions::complete(tx, &stored.id, Outcome::Reached, "", Forget, &tuesday)
    });
    let ics = calendar::upcoming_ics(&conn, &tuesday, Language::Es).unwrap();
    assert!(
        ics.contains(&format!("UID:{}-20261215@cartera", stored.id)),
        "{ics}"
    );
    assert!(!ics.contains("20261201@cartera"), "done, not exported");
}

#[test]
fn an_occurrence_moved_alone_keeps_its_event_and_never_takes_another_ones_name() {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-30T08:00:00Z");
    let id = client(&mut conn, "Droguería Sanz", &p);
    let stored = write(&mut conn, |tx| {
        follow_ups::create(tx, &id, &visit_every(1, "2026-12-01"), &p)
    });
    let uids = |conn: &Connection| -> Vec<String> {
        calendar::upcoming_ics(conn, &p, Language::Es)
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("UID:").map(String::from))
            .take(3)
            .collect()
    };
    // Named by the series and the day the rule gave: 1, 8 and 15 December.
    let before = uids(&conn);
    // This Tuesday's visit moved alone onto next Tuesday, where the series has one too.
    write(&mut conn, |tx| {
        follow_ups::reschedule(tx, &stored.id, date("2026-12-08"), None, &p)
    });
    let mut after = uids(&conn);
    after.sort();
    after.dedup();
    assert_eq!(
        after, before,
        "the moved visit is still the 1st's event (now on the 8th), next to the series' own \
         visit on the 8th: no event lost, none named twice"
    );
    assert_eq!(before[0], format!("{}-20261201@cartera", stored.id));
}

#[test]
fn done_or_skipped_long_after_its_date_the_series_comes_back_on_today_or_later() {
    let mut conn = db::open_in_memory().unwrap();
    let planned_on = planner("2026-10-05T08:00:00Z");
    let id = client(&mut conn, "Droguería Sanz", &planned_on);
    let first = write(&mut conn, |tx| {
        follow_ups::create(tx, &id, &visit_every(1, "2026-10-06"), &planned_on)
    });

    // Seven weeks later, on Monday 23 November, the 6 October visit is done.
    let monday = planner("2026-11-23T09:00:00Z");
    let done = write(&mut conn, |tx| {
        interactions::complete(tx, &first.id, Outcome::Reached, "", Forget, &monday)
    });
    let next = done.next.expect("the series goes on");
    assert_eq!(
        next.due_date,
        date("2026-11-24"),
        "the first Tuesday not past, not 13 October"
    );

    // Skipped a week after its date: the series comes back on today, a Tuesday.
    let tuesday = planner("2026-12-01T07:00:00Z");
    let after_skip = write(&mut conn, |tx| {
        follow_ups::skip(tx, &next.id, Forget, &tuesday)
    })
    .expect("the series goes on");
    assert_eq!(after_skip.due_date, date("2026-12-01"));
    assert_eq!(
        follow_ups::get(&conn, &next.id).unwrap().status,
        FollowUpStatus::Cancelled
    );
    // Skipping today's moves it to next week, and keeps one pending occurrence.
    let again = write(&mut conn, |tx| {
        follow_ups::skip(tx, &after_skip.id, Forget, &tuesday)
    })
    .expect("the series goes on");
    assert_eq!(again.due_date, date("2026-12-08"));
    assert_eq!(follow_ups::pending_for_client(&conn, &id).unwrap().len(), 1);

    // A one-off cannot be skipped (it would silently vanish): cancel is its word.
    let one_off = FollowUpInput {
        recurrence: None,
        ..visit_every(1, "2026-12-02")
    };
    let one_off = write(&mut conn, |tx| {
        follow_ups::create(tx, &id, &one_off, &tuesday)
    });
    let tx = conn.transaction().unwrap();
    assert!(follow_ups::skip(&tx, &one_off.id, Forget, &tuesday).is_err());
}

#[test]
fn the_occurrences_that_went_by_can_be_logged_as_missed_and_show_in_the_clients_history() {
    let mut conn = db::open_in_memory().unwrap();
    let planned_on = planner("2026-10-05T08:00:00Z");
    let id = client(&mut conn, "Droguería Sanz", &planned_on);
    let first = write(&mut conn, |tx| {
        follow_ups::create(tx, &id, &visit_every(2, "2026-10-06"), &planned_on)
    });
    // Nothing went by while it is not yet overdue by a whole step.
    let week_later = planner("2026-10-19T09:00:00Z");
    assert!(follow_ups::missed_dates(&conn, &first.id, &week_later)
        .unwrap()
        .is_empty());

    // On Monday 23 November the 6 October visit is done: 20 October, 3 and 17 November went
    // by; 1 December is the series' next.
    let monday = planner("2026-11-23T09:00:00Z");
    let went_by = follow_ups::missed_dates(&conn, &first.id, &monday).unwrap();
    assert_eq!(
        went_by,
        [date("2026-10-20"), date("2026-11-03"), date("2026-11-17")]
    );
    let done = write(&mut conn, |tx| {
        interactions::complete(
            tx,
            &first.id,
            Outcome::Reached,
            "Repuesto",
            MissedOccurrences::Log,
            &monday,
        )
    });
    let next = done.next.expect("the series goes on");
    assert_eq!(next.due_date, date("2026-12-01"));
    assert_eq!(
        follow_ups::pending_for_client(&conn, &id).unwrap().len(),
        1,
        "the missed ones are closed, never pending"
    );

    // The history, newest first: the visit done today, then the three missed at 10:00 on
    // their own dates, each its own follow-up of the same series.
    let history = interactions::timeline(&conn, &id, None, 10).unwrap();
    let read: Vec<(bool, &str)> = history
        .iter()
        .map(|e| (e.missed, e.entry.occurred_at.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            (false, "2026-11-23T09:00:00.000Z"),
            (true, "2026-11-17T09:00:00.000Z"),
            (true, "2026-11-03T09:00:00.000Z"),
            (true, "2026-10-20T08:00:00.000Z"),
        ]
    );
    for missed in &history[1..] {
        let stored = follow_ups::get(&conn, missed.entry.id.as_str()).unwrap();
        assert_eq!(stored.status, FollowUpStatus::Cancelled);
        assert_eq!(stored.series_id.as_deref(), Some(first.id.as_str()));
        assert_eq!(missed.entry.summary, "reponer expositor");
        assert_eq!(missed.entry.channel, Action::Visit);
    }
    // Paged through the keyset, the two kinds interleave without a gap or a repeat.
    let page = interactions::timeline(&conn, &id, None, 2).unwrap();
    let last = &page[1].entry;
    let rest = interactions::timeline(
        &conn,
        &id,
        Some((last.occurred_at.as_str(), last.id.as_str())),
        10,
    )
    .unwrap();
    let paged: Vec<&str> = page
        .iter()
        .chain(&rest)
        .map(|e| e.entry.id.as_str())
        .collect();
    let whole: Vec<&str> = history.iter().map(|e| e.entry.id.as_str()).collect();
    assert_eq!(paged, whole);

    // Skipped three weeks later and forgotten: only the skipped occurrence is closed, nothing
    // is added to the history.
    let later = planner("2026-12-22T09:00:00Z");
    assert_eq!(
        follow_ups::missed_dates(&conn, &next.id, &later).unwrap(),
        [date("2026-12-15")]
    );
    let after = write(&mut conn, |tx| {
        follow_ups::skip(tx, &next.id, Forget, &later)
    })
    .expect("the series goes on");
    assert_eq!(after.due_date, date("2026-12-29"));
    assert_eq!(
        interactions::timeline(&conn, &id, None, 10).unwrap().len(),
        4
    );
}

/// The dates of the week's items, each with whether it is drawn ahead.
fn dates_of(conn: &Connection, p: &Planner, monday: &str) -> Vec<(String, bool)> {
    week_of(conn, p, monday)
        .iter()
        .map(|i| (i.due_date.to_string(), i.projected))
        .collect()
}

#[test]
fn one_occurrence_moved_alone_keeps_the_series_on_its_days() {
    let mut conn = db::open_in_memory().unwrap();
    // Monday 30 November 2026; a visit every week on Tuesday from 8 December.
    let p = planner("2026-11-30T08:00:00Z");
    let id = client(&mut conn, "Droguería Sanz", &p);
    let stored = write(&mut conn, |tx| {
        follow_ups::create(tx, &id, &visit_every(1, "2026-12-08"), &p)
    });
    // Tuesday's visit moves a day earlier, to Monday 7 ("only this one"): its own Tuesday is
    // not drawn again beside it, and the next Tuesday is.
    write(&mut conn, |tx| {
        follow_ups::reschedule(tx, &stored.id, date("2026-12-07"), None, &p)
    });
    assert_eq!(
        dates_of(&conn, &p, "2026-12-07"),
        [("2026-12-07".into(), false)],
        "the moved visit alone: its slot is not drawn again"
    );
    assert_eq!(
        dates_of(&conn, &p, "2026-12-14"),
        [("2026-12-15".into(), true)]
    );
    // Done on Monday: the next stored is the Tuesday of the week after, not the day after.
    let monday = planner("2026-12-07T09:00:00Z");
    let done = write(&mut conn, |tx| {
        interactions::complete(tx, &stored.id, Outcome::Reached, "", Forget, &monday)
    });
    let next = done.next.expect("the series goes on");
    assert_eq!(
        next.due_date,
        date("2026-12-15"),
        "the series keeps its Tuesdays"
    );
    // Snoozing moves one occurrence alone too: a week later, the series does not follow.
    write(&mut conn, |tx| {
        follow_ups::reschedule(tx, &next.id, date("2026-12-21"), None, &monday)
    });
    assert_eq!(
        dates_of(&conn, &monday, "2026-12-21"),
        [("2026-12-21".into(), false), ("2026-12-22".into(), true)]
    );
}

#[test]
fn an_occurrence_moved_with_the_following_moves_the_series_to_its_new_day() {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-30T08:00:00Z");
    let id = client(&mut conn, "Droguería Sanz", &p);
    let stored = write(&mut conn, |tx| {
        follow_ups::create(tx, &id, &visit_every(2, "2026-12-01"), &p)
    });
    // Tuesday 1 December → Thursday 3 December at 11:00, "this and the following".
    let moved = write(&mut conn, |tx| {
        follow_ups::reschedule_series(
            tx,
            &stored.id,
            date("2026-12-03"),
            Some("11:00".parse().unwrap()),
            &p,
        )
    });
    let rule = moved.recurrence.expect("still a series");
    assert_eq!(
        (rule.every, rule.weekdays),
        (2, vec![4]),
        "every 2 weeks, Thursdays"
    );
    assert_eq!(
        dates_of(&conn, &p, "2026-12-14"),
        [("2026-12-17".into(), true)],
        "two weeks on, a Thursday"
    );
    assert_eq!(
        dates_of(&conn, &p, "2026-12-07"),
        [],
        "the week between is free"
    );
    let done = write(&mut conn, |tx| {
        interactions::complete(tx, &stored.id, Outcome::Reached, "", Forget, &p)
    });
    let next = done.next.expect("goes on");
    assert_eq!(next.due_date, date("2026-12-17"));
    assert_eq!(next.due_time, Some("11:00".parse().unwrap()));
}

#[test]
fn the_week_comes_in_the_order_a_day_column_reads() {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-30T08:00:00Z");
    let call = |date: &str, time: Option<&str>| FollowUpInput {
        action: Action::Call,
        purpose: String::new(),
        due_date: common::date(date),
        due_time: time.map(|t| t.parse().unwrap()),
        recurrence: None,
    };
    // Wednesday: two all-day calls, one at 08:00 (before the working day starts, so before the
    // all-day ones in due order) and one at 10:00; a Tuesday visit drawn ahead from a series.
    for (name, time) in [
        ("Zapatería Ruiz", Some("10:00")),
        ("Ñandú Deportes", None),
        ("Bodegas Ana", Some("08:00")),
        ("Ánfora Cerámica", None),
    ] {
        let id = client(&mut conn, name, &p);
        write(&mut conn, |tx| {
            follow_ups::create(tx, &id, &call("2026-12-09", time), &p)
        });
    }
    let sanz = client(&mut conn, "Droguería Sanz", &p);
    write(&mut conn, |tx| {
        follow_ups::create(tx, &sanz, &visit_every(1, "2026-12-01"), &p)
    });
    let order: Vec<(String, String)> = week_of(&conn, &p, "2026-12-07")
        .into_iter()
        .map(|i| (i.due_date.to_string(), i.client_name))
        .collect();
    let expected = [
        ("2026-12-08", "Droguería Sanz"),
        ("2026-12-09", "Ánfora Cerámica"),
        ("2026-12-09", "Ñandú Deportes"),
        ("2026-12-09", "Bodegas Ana"),
        ("2026-12-09", "Zapatería Ruiz"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(d, n)| (d.to_string(), n.to_string()))
        .collect();
    assert_eq!(order, expected);
}

#[test]
fn a_day_drawn_full_of_series_shows_its_first_and_counts_every_occurrence() {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-30T08:00:00Z");
    let over = agenda::WEEK_DAY_LIMIT as usize + 5;
    for n in 0..over {
        let id = client(&mut conn, &format!("Cliente {n:02}"), &p);
        write(&mut conn, |tx| {
            follow_ups::create(tx, &id, &visit_every(1, "2026-12-01"), &p)
        });
    }
    // A Wednesday visit, after the Tuesday ones in the week's due order.
    let late = client(&mut conn, "Zapatería Ruiz", &p);
    let mut wednesdays = visit_every(1, "2026-12-02");
    wednesdays.recurrence.as_mut().unwrap().weekdays = vec![3];
    write(&mut conn, |tx| {
        follow_ups::create(tx, &late, &wednesdays, &p)
    });
    let week = agenda::week(&conn, &p, date("2026-12-07"), &AgendaFilter::default()).unwrap();
    let tuesday = &week.days[1];
    assert_eq!(tuesday.date, date("2026-12-08"));
    assert_eq!(tuesday.items.len(), agenda::WEEK_DAY_LIMIT as usize);
    assert_eq!(tuesday.total, over as u64);
    assert!(tuesday.items.iter().all(|i| i.projected));
    assert_eq!(
        week.days[2]
            .items
            .iter()
            .map(|i| i.client_name.as_str())
            .collect::<Vec<_>>(),
        ["Zapatería Ruiz"],
        "Wednesday keeps its own"
    );
}

#[test]
fn a_daily_series_more_than_four_hundred_days_late_logs_every_day_that_went_by() {
    let mut conn = db::open_in_memory().unwrap();
    let planned_on = planner("2025-06-02T08:00:00Z");
    let id = client(&mut conn, "Panadería Soler", &planned_on);
    let daily = FollowUpInput {
        recurrence: Some(Recurrence {
            every: 1,
            unit: RepeatUnit::Day,
            weekdays: vec![],
            until: None,
        }),
        ..visit_every(1, "2025-06-02")
    };
    let first = write(&mut conn, |tx| {
        follow_ups::create(tx, &id, &daily, &planned_on)
    });
    // 2 June 2025 to 30 November 2026: 546 days, the 545 after the first and before today.
    let late = planner("2026-11-30T09:00:00Z");
    let went_by = follow_ups::missed_dates(&conn, &first.id, &late).unwrap();
    assert_eq!(went_by.len(), 545);
    assert_eq!(went_by.first(), Some(&date("2025-06-03")));
    assert_eq!(went_by.last(), Some(&date("2026-11-29")));
    write(&mut conn, |tx| {
        follow_ups::skip(tx, &first.id, MissedOccurrences::Log, &late)
    });
    let logged: i64 = conn
        .query_row(
            "SELECT count(*) FROM follow_ups WHERE missed = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 545, "none lost past the projection's cap");
}
