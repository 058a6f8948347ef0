//! Follow-ups, regimes, the agenda and reminders against a real SQLite database, with the
//! clock injected through `Planner`: every "now" here is a fixed instant.

use cartera_core::agenda::{self, AgendaFilter};
use cartera_core::clients::{self, ClientInput, FollowUpColour};
use cartera_core::db;
use cartera_core::follow_ups::{self, Action, FollowUpInput, FollowUpStatus, Origin};
use cartera_core::interactions::{self, Direction, InteractionInput, Outcome};
use cartera_core::planning::{Planner, PlanningSettings, Recurrence, RepeatUnit};
use cartera_core::reminders;
use cartera_core::settings::Language;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Madrid;
use rusqlite::{Connection, Transaction, TransactionBehavior};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn planner(now: &str) -> Planner {
    Planner::new(at(now), Madrid, PlanningSettings::default())
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn write<T>(conn: &mut Connection, f: impl FnOnce(&Transaction) -> cartera_core::Result<T>) -> T {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .unwrap();
    let value = f(&tx).unwrap();
    tx.commit().unwrap();
    value
}

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
        follow_ups::complete(
            tx,
            &planned.id,
            Outcome::Interested,
            "Quiere 20 cajas",
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
    assert_eq!(timeline[0].summary, "Quiere 20 cajas");
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
    let shown = reminders::notifications(&due, now, Language::Es);
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
    let shown = reminders::notifications(&due, wake, Language::Es);
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
    let shown = reminders::notifications(&due, now, Language::En);
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
    write(&mut conn, |tx| clients::trash(tx, &id));
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
                            write(&mut conn, |tx| follow_ups::complete(tx, &next.id, Outcome::Reached, "", &p));
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
