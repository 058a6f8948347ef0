//! Late to buy as a user lives it: three regular purchases put the client on the agenda once
//! the tolerance has run out; a new purchase, the trash, a snooze, a dismissal and new
//! settings each change what the agenda lists; and the kept table always equals one rebuilt
//! from the purchases.

use chrono::NaiveDate;
use proptest::prelude::*;
use rusqlite::Connection;

use super::late::{self, LateClient};
use super::tests::{cash, client, on, record};
use super::*;
use crate::clients::{self, ClientInput, ClientStatus};
use crate::error::CoreError;
use crate::planning::{Planner, PlanningSettings};
use crate::replan;
use crate::settings::{self, Settings};
use crate::testing::{database, later, write};

/// Every three weeks: the expected day is 2026-12-03, tolerated to the 10th (30 % of 21 is
/// 6.3, rounded up to 7 days), late from the 11th.
const EVERY_21_DAYS: [&str; 3] = ["2026-10-01", "2026-10-22", "2026-11-12"];

fn regular(conn: &mut Connection, name: &str) -> String {
    let id = client(conn, name);
    for date in EVERY_21_DAYS {
        record(conn, &id, &cash(date, "Pedido", "120")).unwrap();
    }
    id
}

fn listed(conn: &Connection, today: &str) -> Vec<LateClient> {
    late::page(conn, on(today), None, 50).unwrap().items
}

fn names(conn: &Connection, today: &str) -> Vec<String> {
    listed(conn, today).into_iter().map(|c| c.name).collect()
}

/// Every kept row, as the agenda's rules read it.
fn kept(conn: &Connection) -> Vec<(String, NaiveDate, u32, NaiveDate)> {
    conn.prepare(
        "SELECT client_id, last_purchase_on, median_days, late_from FROM buying_rhythms
         ORDER BY client_id",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

#[test]
fn three_regular_purchases_list_the_client_once_the_tolerance_has_run_out() {
    let mut conn = database();
    let id = regular(&mut conn, "Distribuidora Norte");
    assert!(
        names(&conn, "2026-12-10").is_empty(),
        "the last tolerated day"
    );
    let page = late::page(&conn, on("2026-12-12"), None, 50).unwrap();
    assert_eq!(page.total, Some(1));
    assert_eq!(
        page.items,
        [LateClient {
            client_id: id.clone(),
            name: "Distribuidora Norte".into(),
            colour: crate::domain::FollowUpColour::None,
            median_days: 21,
            last_purchase_on: on("2026-11-12"),
            days_since_last: 30,
            late_from: on("2026-12-11"),
        }]
    );
    // The card's rhythm says the same, from the same rule.
    let rhythm = buying_rhythm(&conn, &id, on("2026-12-11"), &PurchaseSettings::default());
    assert!(rhythm.unwrap().late);
    let rhythm = buying_rhythm(&conn, &id, on("2026-12-10"), &PurchaseSettings::default());
    assert!(!rhythm.unwrap().late);
}

#[test]
fn a_new_purchase_takes_the_client_off_until_late_again_and_the_trash_puts_it_back() {
    let mut conn = database();
    let id = regular(&mut conn, "Distribuidora Norte");
    let new = record(&mut conn, &id, &cash("2026-12-04", "Pedido", "90")).unwrap();
    // Gaps 21, 21, 22: still every 21 days, now from the 4th: late from 2027-01-02.
    assert!(names(&conn, "2027-01-01").is_empty());
    assert_eq!(names(&conn, "2027-01-02"), ["Distribuidora Norte"]);

    write(&mut conn, |tx| trash(tx, &new.id, later())).unwrap();
    assert_eq!(names(&conn, "2026-12-12"), ["Distribuidora Norte"]);
    // Two buying days left: no rhythm, nothing claimed.
    let first = page(&conn, &id, None, 10).unwrap().items.pop().unwrap();
    write(&mut conn, |tx| trash(tx, &first.id, later())).unwrap();
    assert!(names(&conn, "2027-06-01").is_empty());
    assert!(kept(&conn).is_empty());
    write(&mut conn, |tx| restore(tx, &first.id, later())).unwrap();
    assert_eq!(names(&conn, "2026-12-12"), ["Distribuidora Norte"]);
    // Emptying the trash for good changes nothing that was live.
    write(&mut conn, crate::trash::empty).unwrap();
    assert_eq!(names(&conn, "2026-12-12"), ["Distribuidora Norte"]);
}

#[test]
fn a_snoozed_item_comes_back_on_its_day_and_a_new_purchase_ends_the_snooze() {
    let mut conn = database();
    let id = regular(&mut conn, "Distribuidora Norte");
    let today = on("2026-12-12");
    late::snooze(&conn, &id, on("2026-12-19"), today).unwrap();
    assert!(names(&conn, "2026-12-18").is_empty());
    assert_eq!(names(&conn, "2026-12-19"), ["Distribuidora Norte"]);
    for bad in ["2026-12-12", "2026-12-01", "2027-12-13"] {
        let err = late::snooze(&conn, &id, on(bad), today).unwrap_err();
        assert!(
            matches!(err, CoreError::Validation { field: "until", .. }),
            "{bad}: {err:?}"
        );
    }
    let other = client(&mut conn, "Sin compras");
    assert!(matches!(
        late::snooze(&conn, &other, on("2026-12-19"), today),
        Err(CoreError::NotFound { .. })
    ));

    late::snooze(&conn, &id, on("2027-03-01"), today).unwrap();
    record(&mut conn, &id, &cash("2026-12-04", "Pedido", "90")).unwrap();
    assert_eq!(
        names(&conn, "2027-01-02"),
        ["Distribuidora Norte"],
        "a snooze is for the lateness it was given on"
    );
}

#[test]
fn a_snooze_lasts_a_week_or_until_the_day_after_the_planned_call() {
    let today = on("2026-12-12");
    assert_eq!(late::snooze_until(today, None), on("2026-12-19"));
    assert_eq!(
        late::snooze_until(today, Some(on("2026-12-15"))),
        on("2026-12-16")
    );
    assert_eq!(
        late::snooze_until(today, Some(on("2026-12-01"))),
        on("2026-12-13"),
        "a call dated in the past: back tomorrow"
    );
    assert_eq!(
        late::snooze_until(today, Some(on("2028-06-01"))),
        on("2027-12-12"),
        "at most a year ahead"
    );
}

#[test]
fn a_dismissal_lasts_until_the_next_purchase() {
    let mut conn = database();
    let id = regular(&mut conn, "Distribuidora Norte");
    late::dismiss(&conn, &id).unwrap();
    assert!(names(&conn, "2026-12-12").is_empty());
    assert!(names(&conn, "2027-12-01").is_empty(), "however long");
    // An older purchase typed late is not the next one.
    record(&mut conn, &id, &cash("2026-09-10", "Pedido", "90")).unwrap();
    assert!(names(&conn, "2027-12-01").is_empty());
    record(&mut conn, &id, &cash("2026-12-04", "Pedido", "90")).unwrap();
    assert!(names(&conn, "2027-01-01").is_empty());
    assert_eq!(names(&conn, "2027-01-02"), ["Distribuidora Norte"]);
}

#[test]
fn former_and_trashed_clients_are_not_chased_and_the_oldest_lateness_comes_first() {
    let mut conn = database();
    let norte = regular(&mut conn, "Distribuidora Norte");
    let sur = client(&mut conn, "Almacén Sur");
    for date in ["2026-09-01", "2026-09-15", "2026-09-29"] {
        record(&mut conn, &sur, &cash(date, "Pedido", "40")).unwrap();
    }
    let former = regular(&mut conn, "Antiguo Cliente");
    let input = ClientInput {
        name: "Antiguo Cliente".into(),
        status: Some(ClientStatus::Former),
        ..ClientInput::default()
    };
    write(&mut conn, |tx| {
        clients::update(tx, &former, &input, later()).map(|_| ())
    })
    .unwrap();
    assert_eq!(
        names(&conn, "2026-12-12"),
        ["Almacén Sur", "Distribuidora Norte"],
        "late since 18 October before late since 11 December"
    );
    let active = ClientInput {
        status: Some(ClientStatus::Active),
        ..input
    };
    write(&mut conn, |tx| {
        clients::update(tx, &former, &active, later()).map(|_| ())
    })
    .unwrap();
    let mut again = names(&conn, "2026-12-12");
    again[1..].sort();
    assert_eq!(
        again,
        ["Almacén Sur", "Antiguo Cliente", "Distribuidora Norte"],
        "a client again is chased again (the two late on one day in the order of their ids)"
    );
    write(&mut conn, |tx| clients::trash(tx, &former, later())).unwrap();
    write(&mut conn, |tx| clients::trash(tx, &norte, later())).unwrap();
    assert_eq!(names(&conn, "2026-12-12"), ["Almacén Sur"]);
    write(&mut conn, |tx| {
        clients::restore(tx, &norte, later()).map(|_| ())
    })
    .unwrap();
    assert_eq!(
        names(&conn, "2026-12-12"),
        ["Almacén Sur", "Distribuidora Norte"]
    );
    write(&mut conn, |tx| clients::trash(tx, &norte, later())).unwrap();
    write(&mut conn, clients::empty_trash).unwrap();
    assert_eq!(
        kept(&conn).len(),
        1,
        "the trashed clients' rhythms went with them"
    );
}

#[test]
fn pages_visit_every_late_client_once_with_the_count_on_the_first() {
    let mut conn = database();
    for n in 0..7 {
        regular(&mut conn, &format!("Cliente {n}"));
    }
    let today = on("2026-12-20");
    let first = late::page(&conn, today, None, 3).unwrap();
    assert_eq!(first.total, Some(7));
    let mut seen: Vec<String> = first.items.iter().map(|c| c.name.clone()).collect();
    let mut next = first.next;
    while let Some(after) = next {
        let page = late::page(&conn, today, Some(&after), 3).unwrap();
        assert_eq!(page.total, None);
        seen.extend(page.items.iter().map(|c| c.name.clone()));
        next = page.next;
    }
    seen.sort();
    let mut all: Vec<String> = (0..7).map(|n| format!("Cliente {n}")).collect();
    all.sort();
    assert_eq!(seen, all);
}

#[test]
fn new_tolerance_settings_move_when_every_client_becomes_late() {
    let mut conn = database();
    regular(&mut conn, "Distribuidora Norte");
    let planner = Planner::new(
        "2026-12-04T10:00:00Z".parse().unwrap(),
        chrono_tz::Europe::Madrid,
        PlanningSettings::default(),
    );
    let strict = Settings {
        purchases: PurchaseSettings {
            late_tolerance_percent: 0,
            late_tolerance_min_days: 0,
            ..PurchaseSettings::default()
        },
        ..settings::load(&conn).unwrap()
    };
    write(&mut conn, |tx| replan::save(tx, &planner, &strict)).unwrap();
    assert!(
        names(&conn, "2026-12-03").is_empty(),
        "the expected day itself"
    );
    assert_eq!(names(&conn, "2026-12-04"), ["Distribuidora Norte"]);
}

#[test]
fn a_database_with_purchases_from_before_the_table_gets_its_rhythms_when_opened() {
    let mut conn = database();
    let id = regular(&mut conn, "Distribuidora Norte");
    let before = kept(&conn);
    // As migration 0021 leaves an older database: the table empty, the rebuild asked for.
    conn.execute_batch(
        "DELETE FROM buying_rhythms;
         INSERT INTO settings (key, value, updated_at)
         VALUES ('rebuild_buying_rhythms', 'true', '2026-12-04T00:00:00Z');",
    )
    .unwrap();
    late::rebuild_if_asked(&mut conn).unwrap();
    assert_eq!(kept(&conn), before);
    assert_eq!(before[0].0, id);
    let asked: i64 = conn
        .query_row(
            "SELECT count(*) FROM settings WHERE key = 'rebuild_buying_rhythms'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(asked, 0, "asked once, done once");
}

/// One write a user may make to the purchases of three clients.
#[derive(Debug, Clone)]
enum Step {
    Record { client: usize, day: u32 },
    Edit { nth: usize, day: u32 },
    Trash { nth: usize },
    Restore { nth: usize },
    EmptyTrash,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0usize..3, 0u32..200).prop_map(|(client, day)| Step::Record { client, day }),
        1 => (0usize..40, 0u32..200).prop_map(|(nth, day)| Step::Edit { nth, day }),
        1 => (0usize..40).prop_map(|nth| Step::Trash { nth }),
        1 => (0usize..40).prop_map(|nth| Step::Restore { nth }),
        1 => Just(Step::EmptyTrash),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_kept_rhythms_always_equal_a_rebuild_from_the_purchases(
        steps in prop::collection::vec(step(), 1..40),
    ) {
        let mut conn = database();
        let clients: Vec<String> = (0..3).map(|n| client(&mut conn, &format!("C{n}"))).collect();
        let mut made: Vec<(String, String)> = Vec::new();
        let date = |day: u32| crate::planning::days_after(on("2026-05-01"), u64::from(day));
        for step in steps {
            // A step that is refused (a purchase already in or out of the trash) changes
            // nothing; the table must still match.
            let _ = match step {
                Step::Record { client: c, day } => {
                    let input = cash(&date(day).to_string(), "Pedido", "10");
                    record(&mut conn, &clients[c], &input).map(|p| made.push((clients[c].clone(), p.id)))
                }
                Step::Edit { nth, day } if !made.is_empty() => {
                    let (c, id) = made[nth % made.len()].clone();
                    let input = cash(&date(day).to_string(), "Pedido", "10");
                    let s = PurchaseSettings::default();
                    write(&mut conn, |tx| save(tx, &c, Some(&id), &input, on(super::tests::TODAY), later(), &s)).map(|_| ())
                }
                Step::Trash { nth } if !made.is_empty() => {
                    let id = made[nth % made.len()].1.clone();
                    write(&mut conn, |tx| trash(tx, &id, later())).map(|_| ())
                }
                Step::Restore { nth } if !made.is_empty() => {
                    let id = made[nth % made.len()].1.clone();
                    write(&mut conn, |tx| restore(tx, &id, later())).map(|_| ())
                }
                Step::EmptyTrash => write(&mut conn, crate::trash::empty).map(|_| ()),
                _ => Ok(()),
            };
            let live = kept(&conn);
            let tx = conn.transaction().unwrap();
            late::rebuild(&tx, &PurchaseSettings::default()).unwrap();
            let rebuilt = kept(&tx);
            tx.rollback().unwrap();
            prop_assert_eq!(live, rebuilt);
        }
    }
}
