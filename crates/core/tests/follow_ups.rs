//! Follow-ups, regimes, the agenda and reminders against a real SQLite database, with the
//! clock injected through `Planner`: every "now" here is a fixed instant.

use cartera_core::agenda::{self, AgendaFilter};
use cartera_core::clients::{self, ClientInput, FollowUpColour};
use cartera_core::db;
use cartera_core::follow_ups::MissedOccurrences::Forget;
use cartera_core::follow_ups::{self, Action, FollowUpInput, FollowUpStatus, Origin};
use cartera_core::interactions::{self, Direction, InteractionInput, Outcome};
use cartera_core::planning::{Planner, PlanningSettings, Recurrence, RepeatUnit};
use cartera_core::reminders;
use cartera_core::settings::Language;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Madrid;
use rusqlite::Connection;

mod common;
use common::{at, date, planner, write};

fn client(conn: &mut Connection, name: &str, colour: FollowUpColour, p: &Planner) -> String {
    write(conn, |tx| {
        let input = ClientInput {
            name: name.into(),
            colour: Some(colour),
            ..Default::default()
        };
        Ok(clients::save(tx, None, &input, p)?.id)
    })
}

fn set_colour(conn: &mut Connection, id: &str, colour: FollowUpColour, p: &Planner) {
    write(conn, |tx| {
        let mut input: ClientInput = ClientInput {
            name: clients::get(tx, id)?.name,
            ..Default::default()
        };
        input.colour = Some(colour);
        clients::save(tx, Some(id), &input, p)
    });
}

fn pending_regime(conn: &Connection, client_id: &str) -> Vec<follow_ups::FollowUp> {
    follow_ups::pending_for_client(conn, client_id)
        .unwrap()
        .into_iter()
        .filter(|f| f.origin == Origin::Regime)
        .collect()
}

fn call(date_: &str, time: Option<&str>, purpose: &str) -> FollowUpInput {
    FollowUpInput {
        action: Action::Call,
        purpose: purpose.into(),
        due_date: date(date_),
        due_time: time.map(|t| t.parse::<NaiveTime>().unwrap()),
        recurrence: None,
    }
}

#[test]
fn a_red_client_gets_one_follow_up_each_working_day() {
    let mut conn = db::open_in_memory().unwrap();
    let friday = planner("2026-11-27T10:00:00Z");
    let id = client(&mut conn, "Ferretería López", FollowUpColour::Red, &friday);
    let planned = pending_regime(&conn, &id);
    assert_eq!(
        planned.len(),
        1,
        "a regime always has exactly one pending follow-up"
    );
    assert_eq!(
        planned[0].due_date,
        date("2026-11-27"),
        "red, never contacted: today"
    );

    write(&mut conn, |tx| {
        interactions::log(
            tx,
            &id,
            &InteractionInput {
                channel: Action::Call,
                direction: Direction::Inbound,
                outcome: Some(Outcome::Answered),
                summary: "Llamó para pedir precios".into(),
                occurred_at: None,
            },
            &friday,
        )
    });
    let planned = pending_regime(&conn, &id);
    assert_eq!(
        planned.len(),
        1,
        "the contact re-plans, it does not add a second one"
    );
    assert_eq!(
        planned[0].due_date,
        date("2026-11-30"),
        "any interaction restarts the clock: next working day is Monday"
    );
}

#[test]
fn changing_the_colour_replans_and_no_colour_clears() {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-23T10:00:00Z");
    let id = client(&mut conn, "Bodegas Ruiz", FollowUpColour::Yellow, &p);
    assert_eq!(pending_regime(&conn, &id)[0].due_date, date("2026-11-23"));
    set_colour(&mut conn, &id, FollowUpColour::Green, &p);
    let planned = pending_regime(&conn, &id);
    assert_eq!(planned.len(), 1);
    assert_eq!(
        planned[0].due_date,
        date("2026-12-03"),
        "green: raise after 10 days without answer"
    );
    set_colour(&mut conn, &id, FollowUpColour::None, &p);
    assert!(
        pending_regime(&conn, &id).is_empty(),
        "no colour, no regime follow-up"
    );
}

#[test]
fn completing_logs_the_interaction_and_plans_the_next_occurrence() {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-23T09:00:00Z");
    let id = client(&mut conn, "Panadería Gil", FollowUpColour::None, &p);
    let mut input = call(
        "2026-11-23",
        Some("10:00"),
        "ofrecer nueva lista de precios",
    );
    input.recurrence = Some(Recurrence {
        every: 1,
        unit: RepeatUnit::Month,
        weekdays: vec![],
        until: None,
    });
    let planned = write(&mut conn, |tx| follow_ups::create(tx, &id, &input, &p));
    assert_eq!(
        planned.due_at, "2026-11-23T09:00:00.000Z",
        "10:00 in Madrid in winter is 09:00 UTC"
    );

    let later = planner("2026-11-23T09:30:00Z");
    let done = write(&mut conn, |tx| {
        interactions::complete(
            tx,
            &planned.id,
            Outcome::Interested,
            "Quiere 20 cajas",
            Forget,
            &later,
        )
    });
    assert_eq!(done.interaction.outcome, Some(Outcome::Interested));
    assert_eq!(
        done.interaction.follow_up_id.as_deref(),
        Some(planned.id.as_str())
    );
    let next = done.next.expect("the series goes on");
    assert_eq!(next.due_date, date("2026-12-23"));
    assert_eq!(next.purpose, "ofrecer nueva lista de precios");
    assert_eq!(
        follow_ups::get(&conn, &planned.id).unwrap().status,
        FollowUpStatus::Done
    );
    let timeline = interactions::timeline(&conn, &id, None, 10).unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].entry.summary, "Quiere 20 cajas");
    let stats = agenda::contact_stats(&conn, &id, &later).unwrap();
    assert_eq!((stats.contacts_30_days, stats.contacts_90_days), (1, 1));
}

#[test]
fn agenda_splits_overdue_today_and_upcoming() {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-25T11:00:00Z");
    let id = client(&mut conn, "Óptica Peña", FollowUpColour::None, &p);
    for (d, purpose) in [
        ("2026-11-20", "vencido"),
        ("2026-11-25", "hoy"),
        ("2026-11-30", "pronto"),
        ("2026-12-10", "lejos"),
    ] {
        write(&mut conn, |tx| {
            follow_ups::create(tx, &id, &call(d, None, purpose), &p)
        });
    }
    let a = agenda::agenda(&conn, &p, &AgendaFilter::default()).unwrap();
    let purposes =
        |items: &[agenda::AgendaItem]| items.iter().map(|i| i.purpose.clone()).collect::<Vec<_>>();
    assert_eq!(purposes(&a.overdue), ["vencido"]);
    assert_eq!(purposes(&a.due_today), ["hoy"]);
    assert_eq!(purposes(&a.upcoming), ["pronto"], "only the next 7 days");
    let reds = agenda::agenda(
        &conn,
        &p,
        &AgendaFilter {
            colour: Some(FollowUpColour::Red),
            action: None,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(reds.due_today.is_empty(), "the colour filter applies");
}

#[test]
fn a_reminder_fires_once_at_its_time_and_never_again_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::DATABASE_FILE);
    let mut conn = db::open(&path).unwrap();
    let p = planner("2026-11-23T08:00:00Z");
    let id = client(&mut conn, "Ferretería López", FollowUpColour::None, &p);
    write(&mut conn, |tx| {
        follow_ups::create(
            tx,
            &id,
            &call(
                "2026-11-23",
                Some("10:00"),
                "ofrecer nueva lista de precios",
            ),
            &p,
        )
    });

    assert_eq!(
        reminders::next_due_at(&conn).unwrap(),
        Some(at("2026-11-23T09:00:00Z"))
    );
    let early = write(&mut conn, |tx| {
        reminders::take_due(tx, at("2026-11-23T08:59:59Z"))
    });
    assert!(early.is_empty(), "nothing fires before its time");

    let now = at("2026-11-23T09:00:00Z");
    let due = write(&mut conn, |tx| reminders::take_due(tx, now));
    assert_eq!(due.len(), 1);
    let shown = reminders::notifications(&due, None, now, Language::Es);
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].title, "Llamar a Ferretería López");
    assert_eq!(shown[0].body, "10:00 — ofrecer nueva lista de precios");

    drop(conn);
    let mut conn = db::open(&path).unwrap();
    let again = write(&mut conn, |tx| {
        reminders::take_due(tx, at("2026-11-23T09:00:30Z"))
    });
    assert!(
        again.is_empty(),
        "a restart must not fire again what was fired"
    );
    assert_eq!(reminders::next_due_at(&conn).unwrap(), None);
}

#[test]
fn after_an_eight_hour_suspend_the_missed_reminders_come_as_one_digest() {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-23T07:00:00Z");
    let id = client(&mut conn, "Talleres Martín", FollowUpColour::None, &p);
    for hour in ["09:00", "10:30", "12:00", "14:15"] {
        write(&mut conn, |tx| {
            follow_ups::create(tx, &id, &call("2026-11-23", Some(hour), ""), &p)
        });
    }
    // The laptop slept from 07:00 to 15:00 UTC: the scheduler wakes once, late.
    let wake = at("2026-11-23T15:00:00Z");
    let due = write(&mut conn, |tx| reminders::take_due(tx, wake));
    assert_eq!(due.len(), 4);
    let last_look = Some(at("2026-11-23T07:00:00Z"));
    let shown = reminders::notifications(&due, last_look, wake, Language::Es);
    assert_eq!(
        shown.len(),
        1,
        "missed reminders arrive as one digest, not four pop-ups"
    );
    assert!(
        shown[0].body.contains("4 seguimientos"),
        "{}",
        shown[0].body
    );
}

#[test]
fn many_reminders_at_once_are_grouped() {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-23T07:00:00Z");
    for name in ["Ana", "Luis", "Eva", "Paco", "Rosa"] {
        let id = client(&mut conn, name, FollowUpColour::None, &p);
        write(&mut conn, |tx| {
            follow_ups::create(tx, &id, &call("2026-11-23", Some("09:00"), ""), &p)
        });
    }
    let now = at("2026-11-23T08:00:10Z");
    let due = write(&mut conn, |tx| reminders::take_due(tx, now));
    let shown = reminders::notifications(&due, Some(at("2026-11-23T07:59:30Z")), now, Language::En);
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].title, "5 follow-ups due now");
}

#[test]
fn trashed_clients_do_not_remind() {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-23T07:00:00Z");
    let id = client(&mut conn, "Cliente Borrado", FollowUpColour::None, &p);
    write(&mut conn, |tx| {
        follow_ups::create(tx, &id, &call("2026-11-23", Some("09:00"), ""), &p)
    });
    write(&mut conn, |tx| clients::trash(tx, &id, p.now));
    assert_eq!(reminders::next_due_at(&conn).unwrap(), None);
    assert!(write(&mut conn, |tx| reminders::take_due(
        tx,
        at("2026-11-23T12:00:00Z")
    ))
    .is_empty());
}

#[test]
fn an_empty_day_sends_no_digest() {
    let conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-23T07:00:00Z");
    assert_eq!(
        reminders::morning_digest(&conn, &p, Language::Es).unwrap(),
        None
    );
}

#[test]
fn morning_digest_counts_by_colour() {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner("2026-11-23T07:00:00Z");
    client(&mut conn, "Rojo Uno", FollowUpColour::Red, &p);
    client(&mut conn, "Rojo Dos", FollowUpColour::Red, &p);
    client(&mut conn, "Amarillo", FollowUpColour::Yellow, &p);
    let digest = reminders::morning_digest(&conn, &p, Language::Es)
        .unwrap()
        .expect("three items today");
    assert_eq!(digest.title, "Hoy: 3 seguimientos");
    assert_eq!(digest.body, "2 rojos, 1 amarillo, 0 esperando respuesta");
    assert_eq!(
        reminders::next_digest_at(&p, None),
        at("2026-11-23T07:00:00Z"),
        "08:00 in Madrid"
    );
    assert_eq!(
        reminders::next_digest_at(&p, Some(date("2026-11-23"))),
        at("2026-11-24T07:00:00Z"),
        "sent today: tomorrow's"
    );
}

mod regime_properties {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Step {
        Colour(usize),
        Interaction { days_later: i64 },
        CompleteNext,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0usize..4).prop_map(Step::Colour),
            (0i64..5).prop_map(|d| Step::Interaction { days_later: d }),
            Just(Step::CompleteNext),
        ]
    }

    const COLOURS: [FollowUpColour; 4] = [
        FollowUpColour::Red,
        FollowUpColour::Yellow,
        FollowUpColour::Green,
        FollowUpColour::None,
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever happens to a client, its regime has exactly one pending follow-up while it
        /// has a colour and none without, never in the past.
        #[test]
        fn a_regime_always_has_exactly_one_next_follow_up(steps in proptest::collection::vec(step(), 1..12)) {
            let mut conn = db::open_in_memory().unwrap();
            let mut now = at("2026-11-23T08:00:00Z");
            let id = client(&mut conn, "Cliente", FollowUpColour::Red, &Planner::new(now, Madrid, PlanningSettings::default()));
            let mut colour = FollowUpColour::Red;
            for s in steps {
                let p = Planner::new(now, Madrid, PlanningSettings::default());
                match s {
                    Step::Colour(i) => {
                        colour = COLOURS[i];
                        set_colour(&mut conn, &id, colour, &p);
                    }
                    Step::Interaction { days_later } => {
                        now += chrono::Duration::days(days_later);
                        let p = Planner::new(now, Madrid, PlanningSettings::default());
                        write(&mut conn, |tx| interactions::log(tx, &id, &InteractionInput {
                            channel: Action::Visit, direction: Direction::Outbound, outcome: None,
                            summary: String::new(), occurred_at: None }, &p));
                    }
                    Step::CompleteNext => {
                        if let Some(next) = follow_ups::next_pending(&conn, &id).unwrap() {
                            write(&mut conn, |tx| interactions::complete(tx, &next.id, Outcome::Reached, "", Forget, &p));
                        }
                    }
                }
                let planned = pending_regime(&conn, &id);
                let today = Planner::new(now, Madrid, PlanningSettings::default()).today();
                if colour == FollowUpColour::None {
                    prop_assert!(planned.is_empty(), "no colour, no regime follow-up");
                } else {
                    prop_assert_eq!(planned.len(), 1, "exactly one regime follow-up");
                    prop_assert!(planned[0].due_date >= today, "never planned in the past");
                }
            }
        }
    }
}

mod scheduler_tick {
    //! `reminders::tick` is the scheduler's whole decision; the shell only sleeps and shows.
    use super::*;

    fn tick_at(conn: &mut Connection, now: &str) -> reminders::Tick {
        let p = planner(now);
        write(conn, |tx| reminders::tick(tx, &p, Language::Es))
    }

    fn titles(t: &reminders::Tick) -> Vec<String> {
        t.notifications.iter().map(|n| n.title.clone()).collect()
    }

    #[test]
    fn fires_once_at_due_time_and_wakes_for_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(db::DATABASE_FILE);
        let mut conn = db::open(&path).unwrap();
        let p = planner("2026-11-23T06:00:00Z");
        let id = client(&mut conn, "Ferretería López", FollowUpColour::None, &p);
        write(&mut conn, |tx| {
            follow_ups::create(tx, &id, &call("2026-11-23", Some("10:00"), "precios"), &p)
        });
        write(&mut conn, |tx| {
            follow_ups::create(tx, &id, &call("2026-11-23", Some("12:00"), "pedido"), &p)
        });

        let before = tick_at(&mut conn, "2026-11-23T06:00:00Z");
        assert!(
            before.notifications.is_empty(),
            "nothing is due and the day is empty: no digest"
        );
        assert_eq!(
            before.next_wake,
            at("2026-11-23T07:00:00Z"),
            "wakes for the 08:00 digest first"
        );

        let digest = tick_at(&mut conn, "2026-11-23T07:00:00Z");
        assert_eq!(
            titles(&digest),
            ["Hoy: 2 seguimientos"],
            "the morning digest, once"
        );
        assert_eq!(digest.next_wake, at("2026-11-23T09:00:00Z"));

        assert_eq!(
            digest.due_by_today, 2,
            "the tray counts both of today's follow-ups"
        );
        let due = tick_at(&mut conn, "2026-11-23T09:00:00Z");
        assert_eq!(titles(&due), ["Llamar a Ferretería López"]);
        assert_eq!(due.next_wake, at("2026-11-23T11:00:00Z"));
        assert!(
            tick_at(&mut conn, "2026-11-23T09:00:40Z")
                .notifications
                .is_empty(),
            "fired once"
        );

        // A restart (the file reopened) must not repeat the reminder or the digest.
        drop(conn);
        let mut conn = db::open(&path).unwrap();
        assert!(tick_at(&mut conn, "2026-11-23T09:01:00Z")
            .notifications
            .is_empty());
    }

    #[test]
    fn after_an_eight_hour_suspend_the_missed_ones_come_as_one_digest() {
        let mut conn = db::open_in_memory().unwrap();
        let p = planner("2026-11-23T07:30:00Z");
        let id = client(&mut conn, "Talleres Martín", FollowUpColour::None, &p);
        write(&mut conn, |tx| reminders::tick(tx, &p, Language::Es)); // digest day handled
        for hour in ["09:00", "11:00", "13:00"] {
            write(&mut conn, |tx| {
                follow_ups::create(tx, &id, &call("2026-11-23", Some(hour), ""), &p)
            });
        }
        // Asleep from 07:30 to 15:30 UTC: one late wake-up.
        let woke = tick_at(&mut conn, "2026-11-23T15:30:00Z");
        assert_eq!(
            woke.notifications.len(),
            1,
            "one catch-up digest, not three pop-ups"
        );
        assert!(woke.notifications[0].body.contains("3 seguimientos"));
    }
}

mod catch_up_properties {
    //! The catch-up digest ("while Cartera was closed or the computer asleep…") against the
    //! scheduler's real tick, with the clock stepped as the running app steps it.
    use super::*;
    use proptest::prelude::*;

    const CATCH_UP: &str = "Seguimientos pendientes";

    #[derive(Debug, Clone)]
    enum Step {
        /// The user plans a call `minutes` from now (negative: already due).
        Plan { minutes: i64 },
        /// The user changes a client's colour: its regime is planned again.
        Colour(usize),
        /// The user moves a pending follow-up `minutes` from now.
        Reschedule { minutes: i64 },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (-4320i64..120).prop_map(|minutes| Step::Plan { minutes }),
            (0usize..4).prop_map(Step::Colour),
            (-4320i64..120).prop_map(|minutes| Step::Reschedule { minutes }),
        ]
    }

    const COLOURS: [FollowUpColour; 4] = [
        FollowUpColour::Red,
        FollowUpColour::Yellow,
        FollowUpColour::Green,
        FollowUpColour::None,
    ];

    /// A call at `minutes` from `now`, as the form plans it (local date and time).
    fn call_at(now: DateTime<Utc>, minutes: i64) -> FollowUpInput {
        let due = (now + chrono::Duration::minutes(minutes)).with_timezone(&Madrid);
        FollowUpInput {
            action: Action::Call,
            purpose: String::new(),
            due_date: due.date_naive(),
            due_time: Some(due.time()),
            recurrence: None,
        }
    }

    fn tick(conn: &mut Connection, now: DateTime<Utc>) -> reminders::Tick {
        let p = Planner::new(now, Madrid, PlanningSettings::default());
        write(conn, |tx| reminders::tick(tx, &p, Language::Es))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the user plans or re-plans while Cartera runs (the scheduler looks at least
        /// once a minute, and right after each change), nothing is ever called missed.
        #[test]
        fn planning_while_running_never_yields_a_catch_up(
            steps in proptest::collection::vec((step(), 1i64..60), 1..16)
        ) {
            let mut conn = db::open_in_memory().unwrap();
            let mut now = at("2026-11-23T10:00:00Z");
            let p = Planner::new(now, Madrid, PlanningSettings::default());
            let id = client(&mut conn, "Ferretería López", FollowUpColour::Red, &p);
            tick(&mut conn, now);
            for (s, seconds) in steps {
                now += chrono::Duration::seconds(seconds);
                let p = Planner::new(now, Madrid, PlanningSettings::default());
                match s {
                    Step::Plan { minutes } => {
                        write(&mut conn, |tx| follow_ups::create(tx, &id, &call_at(now, minutes), &p));
                    }
                    Step::Colour(i) => set_colour(&mut conn, &id, COLOURS[i], &p),
                    Step::Reschedule { minutes } => {
                        if let Some(next) = follow_ups::next_pending(&conn, &id).unwrap() {
                            let to = call_at(now, minutes);
                            write(&mut conn, |tx| follow_ups::reschedule(tx, &next.id, to.due_date, to.due_time, &p));
                        }
                    }
                }
                let looked = tick(&mut conn, now);
                prop_assert!(
                    looked.notifications.iter().all(|n| n.title != CATCH_UP),
                    "a catch-up while running: {:?}", looked.notifications
                );
            }
        }

        /// Closed for eight hours: exactly the follow-ups that fell due meanwhile (planned
        /// before closing) come in one catch-up digest, once.
        #[test]
        fn an_eight_hour_closed_period_yields_one_catch_up_with_exactly_what_fell_due(
            dues in proptest::collection::vec(3i64..477, 0..12),
            // Strictly after the reopening: one due at that very minute is on time, not missed.
            later in proptest::collection::vec(481i64..900, 0..4),
        ) {
            let mut conn = db::open_in_memory().unwrap();
            let closed_at = at("2026-11-23T07:30:00Z");
            let p = Planner::new(closed_at, Madrid, PlanningSettings::default());
            let id = client(&mut conn, "Talleres Martín", FollowUpColour::None, &p);
            for minutes in dues.iter().chain(&later) {
                write(&mut conn, |tx| follow_ups::create(tx, &id, &call_at(closed_at, *minutes), &p));
            }
            tick(&mut conn, closed_at);

            let reopened = closed_at + chrono::Duration::hours(8);
            let first = tick(&mut conn, reopened);
            let digests: Vec<_> = first.notifications.iter().filter(|n| n.title == CATCH_UP).collect();
            if dues.is_empty() {
                prop_assert!(digests.is_empty());
            } else {
                prop_assert_eq!(digests.len(), 1, "one digest: {:?}", first.notifications);
                let count = if dues.len() == 1 {
                    "venció 1 seguimiento".to_string()
                } else {
                    format!("vencieron {} seguimientos", dues.len())
                };
                prop_assert!(digests[0].body.contains(&count), "{}", digests[0].body);
            }
            prop_assert!(
                first.notifications.iter().all(|n| n.title == CATCH_UP || n.title.starts_with("Hoy")),
                "nothing else pops for the closed period: {:?}", first.notifications
            );
            let again = tick(&mut conn, reopened + chrono::Duration::seconds(30));
            prop_assert!(again.notifications.iter().all(|n| n.title != CATCH_UP), "once");
        }
    }
}

mod true_counts {
    //! Every number the user sees is a whole count from the core, and every filter runs
    //! before any cap: a capped list never passes for a total.
    use super::*;
    use cartera_core::agenda::{SECTION_LIMIT, WEEK_DAY_LIMIT};

    fn many_calls(conn: &mut Connection, id: &str, n: u32, day: &str, p: &Planner) {
        write(conn, |tx| {
            for i in 0..n {
                let time = format!("{:02}:{:02}", 8 + i / 60 % 10, i % 60);
                follow_ups::create(tx, id, &call(day, Some(&time), ""), p)?;
            }
            Ok(())
        });
    }

    #[test]
    fn agenda_sections_count_past_their_cap() {
        let mut conn = db::open_in_memory().unwrap();
        let p = planner("2026-11-23T09:00:00Z");
        let id = client(&mut conn, "Ferretería López", FollowUpColour::None, &p);
        many_calls(&mut conn, &id, SECTION_LIMIT + 5, "2026-11-20", &p);

        let shown = agenda::agenda(
            &conn,
            &planner("2026-11-23T09:00:00Z"),
            &AgendaFilter::default(),
        )
        .unwrap();
        assert_eq!(shown.overdue.len(), SECTION_LIMIT as usize);
        assert_eq!(
            shown.overdue_total,
            u64::from(SECTION_LIMIT) + 5,
            "the heading must say 205, not 200+"
        );
        let red_only = AgendaFilter {
            colour: Some(FollowUpColour::Red),
            action: None,
            ..Default::default()
        };
        let filtered = agenda::agenda(&conn, &p, &red_only).unwrap();
        assert_eq!((filtered.overdue.len(), filtered.overdue_total), (0, 0));
    }

    #[test]
    fn whole_counts_leave_out_the_trash() {
        let mut conn = db::open_in_memory().unwrap();
        let p = planner("2026-11-23T09:00:00Z");
        let kept = client(&mut conn, "Sigue Aquí", FollowUpColour::None, &p);
        let gone = client(&mut conn, "En la Papelera", FollowUpColour::None, &p);
        many_calls(&mut conn, &kept, SECTION_LIMIT + 5, "2026-11-20", &p);
        many_calls(&mut conn, &gone, 7, "2026-11-20", &p);
        write(&mut conn, |tx| clients::trash(tx, &gone, p.now));
        let shown = agenda::agenda(&conn, &p, &AgendaFilter::default()).unwrap();
        assert_eq!(shown.overdue_total, u64::from(SECTION_LIMIT) + 5);
        assert_eq!(
            reminders::due_by_today(&conn, &p).unwrap(),
            u64::from(SECTION_LIMIT) + 5,
            "the tray must not count a trashed client's calls"
        );
    }

    #[test]
    fn each_day_of_the_week_is_filtered_and_capped_on_its_own() {
        let mut conn = db::open_in_memory().unwrap();
        let p = planner("2026-11-23T06:00:00Z");
        let busy = client(&mut conn, "Mucho Trabajo", FollowUpColour::None, &p);
        let visit = client(&mut conn, "Visita Tardía", FollowUpColour::None, &p);
        // Monday is full of calls, past its cap; three visits come on Friday.
        many_calls(&mut conn, &busy, WEEK_DAY_LIMIT + 10, "2026-11-23", &p);
        write(&mut conn, |tx| {
            for hour in ["10:00", "11:00", "12:00"] {
                let mut input = call("2026-11-27", Some(hour), "catálogo");
                input.action = Action::Visit;
                follow_ups::create(tx, &visit, &input, &p)?;
            }
            Ok(())
        });
        let monday = date("2026-11-23");
        let all = agenda::week(&conn, &p, monday, &AgendaFilter::default()).unwrap();
        let shown: Vec<(usize, u64)> = all.days.iter().map(|d| (d.items.len(), d.total)).collect();
        let limit = WEEK_DAY_LIMIT as usize;
        assert_eq!(
            shown,
            [
                (limit, u64::from(WEEK_DAY_LIMIT) + 10),
                (0, 0),
                (0, 0),
                (0, 0),
                (3, 3),
                (0, 0),
                (0, 0)
            ],
            "Monday shows its first and counts them all; Friday keeps its own visits"
        );
        assert_eq!(all.total(), u64::from(WEEK_DAY_LIMIT) + 13);
        let visits = AgendaFilter {
            colour: None,
            action: Some(Action::Visit),
            ..Default::default()
        };
        let filtered = agenda::week(&conn, &p, monday, &visits).unwrap();
        assert_eq!(filtered.items().count(), 3);
        assert_eq!(filtered.total(), 3);
        assert_eq!(filtered.days[0].total, 0, "Monday's calls filtered out");
    }

    #[test]
    fn the_morning_digest_counts_beyond_the_agenda_cap() {
        let mut conn = db::open_in_memory().unwrap();
        let p = planner("2026-11-23T07:00:00Z");
        let id = client(&mut conn, "Rojo Grande", FollowUpColour::Red, &p);
        many_calls(&mut conn, &id, SECTION_LIMIT + 50, "2026-11-23", &p);
        let digest = reminders::morning_digest(&conn, &p, Language::Es)
            .unwrap()
            .expect("a busy day");
        // The red regime may add its own follow-up for today: count with the agenda's totals.
        let day = agenda::agenda(&conn, &p, &AgendaFilter::default()).unwrap();
        let expected = day.overdue_total + day.due_today_total;
        assert!(expected >= u64::from(SECTION_LIMIT) + 50);
        assert_eq!(digest.title, format!("Hoy: {expected} seguimientos"));
        assert!(digest.body.starts_with(&format!("{expected} rojos")));
    }

    #[test]
    fn waiting_counts_only_clients_whose_clock_ran_long_enough() {
        let mut conn = db::open_in_memory().unwrap();
        let asked = planner("2026-11-02T10:00:00Z");
        client(&mut conn, "Esperando", FollowUpColour::Green, &asked);
        let today = planner("2026-11-23T07:00:00Z");
        client(&mut conn, "Recién", FollowUpColour::Green, &today);
        assert_eq!(agenda::waiting_at_least(&conn, &today, 10).unwrap(), 1);
        assert_eq!(agenda::waiting_at_least(&conn, &today, 21).unwrap(), 1);
        assert_eq!(agenda::waiting_at_least(&conn, &today, 22).unwrap(), 0);
        assert_eq!(agenda::waiting_at_least(&conn, &today, 0).unwrap(), 2);
        let list = agenda::waiting_for_answer(&conn, &today).unwrap();
        assert_eq!(list.total, Some(2));
    }
}

mod date_limits {
    //! A date typed wrong (the year 10000, a year 20 000 days ahead) is refused with the range
    //! it must fall in, instead of sorting before today and firing at once.
    use super::*;
    use cartera_core::validation::Rule;
    use cartera_core::CoreError;

    #[test]
    fn a_follow_up_in_the_year_ten_thousand_is_refused_with_the_allowed_range() {
        let mut conn = db::open_in_memory().unwrap();
        let p = planner("2026-11-30T09:00:00Z");
        let id = client(&mut conn, "Ferretería López", FollowUpColour::None, &p);
        let far = FollowUpInput {
            due_date: NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(),
            ..call("2026-12-01", None, "")
        };
        let tx = conn.transaction().unwrap();
        let Err(CoreError::Invalid(errors)) = follow_ups::create(&tx, &id, &far, &p) else {
            panic!("the year 10000 must be refused");
        };
        assert_eq!(errors[0].field, "dueDate");
        assert_eq!(errors[0].rule, Rule::DateOutOfRange);
        assert_eq!(
            (errors[0].from, errors[0].to),
            (Some(date("2025-11-30")), Some(date("2076-11-30")))
        );
    }

    #[test]
    fn rescheduling_far_into_the_future_is_refused_and_leaves_the_date() {
        let mut conn = db::open_in_memory().unwrap();
        let p = planner("2026-11-30T09:00:00Z");
        let id = client(&mut conn, "Ferretería López", FollowUpColour::None, &p);
        let planned = write(&mut conn, |tx| {
            follow_ups::create(tx, &id, &call("2026-12-01", None, ""), &p)
        });
        let tx = conn.transaction().unwrap();
        let refused =
            follow_ups::reschedule(&tx, &planned.id, date("2090-01-01"), None, &p).unwrap_err();
        assert!(matches!(refused, CoreError::Invalid(_)));
        drop(tx);
        assert_eq!(
            follow_ups::get(&conn, &planned.id).unwrap().due_date,
            date("2026-12-01")
        );
    }

    #[test]
    fn an_interaction_before_1900_is_refused() {
        let mut conn = db::open_in_memory().unwrap();
        let p = planner("2026-11-30T09:00:00Z");
        let id = client(&mut conn, "Ferretería López", FollowUpColour::None, &p);
        let old = InteractionInput {
            channel: Action::Call,
            direction: Direction::Outbound,
            outcome: Some(Outcome::Reached),
            summary: String::new(),
            occurred_at: Some("1850-01-01T10:00:00Z".into()),
        };
        let tx = conn.transaction().unwrap();
        let Err(CoreError::Invalid(errors)) = interactions::log(&tx, &id, &old, &p) else {
            panic!("1850 must be refused");
        };
        assert_eq!(errors[0].field, "occurredAt");
    }
}
