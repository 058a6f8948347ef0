//! Triage in bulk as a distributor back from holidays lives it: a week of overdue items,
//! spread over the next working days, undone, then done with one outcome; and the rules that
//! must hold for any batch: never more than M a day, never a closed day, one pending regime
//! follow-up per coloured client, and undo puts back exactly what was there.

use cartera_core::agenda::{self, AgendaFilter, Section};
use cartera_core::bulk::{self, BulkAction, Selection};
use cartera_core::clients::{self, ClientInput, FollowUpColour};
use cartera_core::db;
use cartera_core::follow_ups::{self, Action, FollowUpInput};
use cartera_core::interactions::Outcome;
use cartera_core::planning::{Planner, PlanningSettings, Snooze};
use chrono::{Datelike, Days, NaiveTime};
use chrono_tz::Europe::Madrid;
use proptest::prelude::*;
use rusqlite::{Connection, TransactionBehavior};

mod common;

/// Monday 30 November 2026, 09:00 in Madrid.
fn planner() -> Planner {
    common::planner("2026-11-30T08:00:00Z")
}

const COLOURS: [FollowUpColour; 4] = [
    FollowUpColour::Red,
    FollowUpColour::Yellow,
    FollowUpColour::Green,
    FollowUpColour::None,
];

/// `clients` clients (colours in turn), each with `overdue` manual items 1.. days late, all
/// written a week ago (the regimes' own items come due today or were due then).
fn week_away(clients: usize, overdue: usize) -> Connection {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner();
    let week_ago = Planner::new(
        p.now - chrono::Duration::days(7),
        Madrid,
        p.settings.clone(),
    );
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .unwrap();
    for c in 0..clients {
        let input = ClientInput {
            name: format!("Cliente {c:03}"),
            colour: Some(COLOURS[c % 4]),
            // Tagged, so undo is seen to give back the tag's agenda rows too.
            tags: if c % 2 == 0 {
                vec!["VIP".into()]
            } else {
                vec![]
            },
            ..Default::default()
        };
        let id = clients::save(&tx, None, &input, &week_ago).unwrap().id;
        for n in 0..overdue {
            let late = 1 + ((c * 7 + n * 3) % 6) as u64;
            let plan = FollowUpInput {
                action: Action::Call,
                purpose: format!("pendiente {n}"),
                due_date: p.today() - Days::new(late),
                due_time: (n % 2 == 0).then(|| NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
                recurrence: None,
            };
            follow_ups::create(&tx, &id, &plan, &week_ago).unwrap();
        }
    }
    tx.commit().unwrap();
    conn
}

fn overdue_all() -> Selection {
    Selection::Section {
        section: Section::Overdue,
        filter: AgendaFilter::default(),
        newest_first: false,
    }
}

fn apply(conn: &mut Connection, selection: &Selection, action: &BulkAction) -> bulk::BatchDone {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .unwrap();
    let done = bulk::apply(&tx, &planner(), selection, action).unwrap();
    tx.commit().unwrap();
    done
}

fn undo(conn: &mut Connection, batch: &str) -> cartera_core::Result<u64> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .unwrap();
    let undone = bulk::undo(&tx, batch, &planner())?;
    tx.commit().unwrap();
    Ok(undone)
}

/// Coloured clients with other than exactly one pending regime follow-up.
fn regimes_broken(conn: &Connection) -> i64 {
    conn.query_row(
        "SELECT count(*) FROM clients c WHERE c.deleted_at IS NULL AND c.colour <> 'none'
           AND (SELECT count(*) FROM follow_ups f WHERE f.client_id = c.id
                  AND f.origin = 'regime' AND f.status = 'pending') <> 1",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn back_from_holidays_spread_undo_then_done_by_the_hundred() {
    let mut conn = week_away(50, 5);
    let p = planner();
    let overdue = agenda::agenda(&conn, &p, &AgendaFilter::default())
        .unwrap()
        .overdue_total;
    // 250 planned by hand, and the regime calls of the 13 red and 13 yellow clients, due the
    // day they were made a week ago.
    assert_eq!(overdue, 276);
    let before = common::snapshot(&conn);

    // Spread over 5 working days, 30 a day: the 150 longest neglected move, the rest stay.
    let spread = BulkAction::Spread {
        days: 5,
        per_day: 30,
    };
    let preview = bulk::preview(&conn, &p, &overdue_all(), &spread).unwrap();
    assert_eq!((preview.acting, preview.left), (150, 126));
    let days: Vec<(String, u32)> = preview
        .days
        .iter()
        .map(|d| (d.date.to_string(), d.count))
        .collect();
    assert_eq!(
        days,
        [
            ("2026-12-01".to_string(), 30),
            ("2026-12-02".to_string(), 30),
            ("2026-12-03".to_string(), 30),
            ("2026-12-04".to_string(), 30),
            ("2026-12-07".to_string(), 30),
        ],
        "the next five working days: the weekend skipped"
    );
    let done = apply(&mut conn, &overdue_all(), &spread);
    assert_eq!(done.acting, 150);
    assert_eq!(
        agenda::agenda(&conn, &p, &AgendaFilter::default())
            .unwrap()
            .overdue_total,
        126
    );
    assert_eq!(regimes_broken(&conn), 0);

    // Undo: every row exactly as before.
    undo(&mut conn, &done.batch_id).unwrap();
    assert_eq!(common::snapshot(&conn), before);
    assert!(
        undo(&mut conn, &done.batch_id).is_err(),
        "a batch is undone once"
    );

    // Then all 276 done with one outcome: the interactions logged, every regime re-planned.
    let complete = BulkAction::Complete {
        outcome: Outcome::Reached,
        note: "Puesto al día".into(),
    };
    let done = apply(&mut conn, &overdue_all(), &complete);
    assert_eq!(done.acting, 276);
    let logged: i64 = conn
        .query_row(
            "SELECT count(*) FROM interactions WHERE summary = 'Puesto al día'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 276);
    assert_eq!(regimes_broken(&conn), 0);
    undo(&mut conn, &done.batch_id).unwrap();
    assert_eq!(
        common::snapshot(&conn),
        before,
        "the interactions and re-plans undone too"
    );
}

#[test]
fn an_item_changed_after_its_batch_refuses_the_undo() {
    let mut conn = week_away(4, 2);
    let done = apply(
        &mut conn,
        &overdue_all(),
        &BulkAction::Snooze {
            choice: Snooze::TomorrowMorning,
        },
    );
    let moved = follow_ups::pending_for_client(&conn, &clients_ids(&conn)[3]).unwrap();
    let later = Planner::new(
        planner().now + chrono::Duration::minutes(5),
        Madrid,
        planner().settings,
    );
    let tx = conn.transaction().unwrap();
    follow_ups::cancel(&tx, &moved[0].id, &later).unwrap();
    tx.commit().unwrap();
    assert!(undo(&mut conn, &done.batch_id).is_err());
}

fn clients_ids(conn: &Connection) -> Vec<String> {
    conn.prepare("SELECT id FROM clients ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn cancel_leaves_the_regimes_own_items_to_their_colour() {
    // Overdue: 8 calls planned by hand, and the regime calls of 2 red and 2 yellow clients.
    let mut conn = week_away(8, 1);
    let p = planner();
    let preview = bulk::preview(&conn, &p, &overdue_all(), &BulkAction::Cancel).unwrap();
    assert_eq!((preview.acting, preview.left), (8, 4));
    apply(&mut conn, &overdue_all(), &BulkAction::Cancel);
    assert_eq!(regimes_broken(&conn), 0);
    let left = agenda::agenda(&conn, &p, &AgendaFilter::default()).unwrap();
    assert_eq!(
        left.overdue_total, 4,
        "the regime calls stay, for the colour to decide"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// A spread never puts more than M on a day, never on a closed day, never today or
    /// before, and moves exactly min(selected, N × M).
    #[test]
    fn a_spread_never_overloads_a_day_nor_lands_on_a_closed_one(
        count in 0usize..300, days in 1u32..12, per_day in 1u32..40,
        saturday in any::<bool>(), offset in 0i64..7,
    ) {
        let mut settings = PlanningSettings::default();
        if saturday { settings.working_days.push(6); }
        let p = Planner::new(planner().now + chrono::Duration::days(offset), Madrid, settings.clone());
        let dates = bulk::spread_dates(&p, count, days, per_day);
        prop_assert_eq!(dates.len(), count.min((days * per_day) as usize));
        for date in &dates {
            prop_assert!(*date > p.today());
            prop_assert!(settings.is_working_day(*date), "{} is closed", date.weekday());
            prop_assert!(dates.iter().filter(|d| *d == date).count() <= per_day as usize);
        }
        prop_assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    }

    /// Any batch keeps one pending regime follow-up per coloured client, and its undo gives
    /// back exactly the rows that were there.
    #[test]
    fn any_batch_keeps_the_regimes_and_its_undo_restores_every_row(
        clients in 1usize..9, overdue in 0usize..4, action in 0usize..4,
        section in 0usize..3, per_day in 1u32..5,
    ) {
        let mut conn = week_away(clients, overdue);
        let before = common::snapshot(&conn);
        let selection = Selection::Section {
            section: [Section::Overdue, Section::Today, Section::Upcoming][section],
            filter: AgendaFilter::default(),
            newest_first: false,
        };
        let action = match action {
            0 => BulkAction::Complete { outcome: Outcome::Reached, note: String::new() },
            1 => BulkAction::Snooze { choice: Snooze::NextWeek },
            2 => BulkAction::Spread { days: 3, per_day },
            _ => BulkAction::Cancel,
        };
        let done = apply(&mut conn, &selection, &action);
        prop_assert_eq!(regimes_broken(&conn), 0);
        undo(&mut conn, &done.batch_id).unwrap();
        prop_assert_eq!(common::snapshot(&conn), before);
    }
}

#[test]
fn completing_a_client_s_call_settles_its_regime_call_further_down_the_selection() {
    // A red client made on Friday: a call planned by hand 5 days late, its regime call 3.
    let mut conn = db::open_in_memory().unwrap();
    let p = planner();
    let friday = Planner::new(
        p.now - chrono::Duration::days(3),
        Madrid,
        p.settings.clone(),
    );
    let tx = conn.transaction().unwrap();
    let input = ClientInput {
        name: "Bodegas Ruiz".into(),
        colour: Some(FollowUpColour::Red),
        ..Default::default()
    };
    let id = clients::save(&tx, None, &input, &friday).unwrap().id;
    let call = FollowUpInput {
        action: Action::Call,
        purpose: "precios".into(),
        due_date: p.today() - Days::new(5),
        due_time: None,
        recurrence: None,
    };
    follow_ups::create(&tx, &id, &call, &friday).unwrap();
    tx.commit().unwrap();

    let complete = BulkAction::Complete {
        outcome: Outcome::Reached,
        note: String::new(),
    };
    let done = apply(&mut conn, &overdue_all(), &complete);
    assert_eq!(
        (done.acting, done.left),
        (1, 1),
        "the call done; the regime call it re-planned was no longer pending"
    );
    assert_eq!(regimes_broken(&conn), 0);

    // Contacted again after the batch: undoing would take that contact back.
    let later = Planner::new(
        p.now + chrono::Duration::hours(1),
        Madrid,
        p.settings.clone(),
    );
    let tx = conn.transaction().unwrap();
    let again = cartera_core::interactions::InteractionInput {
        channel: Action::Call,
        direction: cartera_core::interactions::Direction::Inbound,
        outcome: None,
        summary: String::new(),
        occurred_at: None,
    };
    cartera_core::interactions::log(&tx, &id, &again, &later).unwrap();
    tx.commit().unwrap();
    assert!(undo(&mut conn, &done.batch_id).is_err());
}
