//! The agenda's lists of clients to chase read page by page: whatever the page size, the
//! pages visit every client of the list exactly once, in the list's order, and the first
//! page's count is the whole list's (no "más de 1.000": every client is reachable).

use std::collections::BTreeSet;

use cartera_core::agenda::{self, ChaseKind, ChaseRequest};
use cartera_core::clients::{self, ClientInput, ClientStatus, FollowUpColour};
use cartera_core::db;
use cartera_core::planning::Planner;
use chrono::Duration;
use proptest::prelude::*;
use rusqlite::{params, Connection, TransactionBehavior};

mod common;

/// Monday 30 November 2026, 10:00 in Madrid.
fn planner() -> Planner {
    common::planner("2026-11-30T09:00:00Z")
}

const COLOURS: [FollowUpColour; 4] = [
    FollowUpColour::Red,
    FollowUpColour::Yellow,
    FollowUpColour::Green,
    FollowUpColour::None,
];

/// One client: colour, a former client, last contact (days ago; none for never), when we last
/// asked (days ago), in the trash.
type Spec = (usize, bool, Option<i64>, Option<i64>, bool);

fn database(specs: &[Spec]) -> (Connection, Vec<String>) {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner();
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .unwrap();
    let mut ids = Vec::new();
    for (n, &(colour, former, contact, asked, trashed)) in specs.iter().enumerate() {
        let input = ClientInput {
            // Names repeat: the row keeps the order whole.
            name: format!("Cliente {}", n % 3),
            colour: Some(COLOURS[colour]),
            status: former.then_some(ClientStatus::Former),
            ..Default::default()
        };
        // Set a while ago, so the clock of a colour that is never asked stays before it.
        let id = clients::save(&tx, None, &input, &common::planner("2025-01-01T09:00:00Z"))
            .unwrap()
            .id;
        let ago = |days: Option<i64>| {
            days.map(|d| cartera_core::time::timestamp(p.now - Duration::days(d)))
        };
        // The clocks as the history would have left them (the rules that set them are
        // tested with the history itself).
        tx.execute(
            "UPDATE clients SET last_contact_at = ?2, last_outbound_at = ?3, colour_since = NULL
             WHERE id = ?1",
            params![id, ago(contact), ago(asked)],
        )
        .unwrap();
        if trashed {
            clients::trash(&tx, &id, p.now).unwrap();
        }
        ids.push(id);
    }
    tx.commit().unwrap();
    (conn, ids)
}

/// The list's clients by id, page by page of `size`, and the first page's count.
fn paged(conn: &Connection, list: ChaseKind, size: u32) -> (Vec<(String, Option<i64>)>, u64) {
    let p = planner();
    let mut request = ChaseRequest {
        list,
        after: None,
        limit: size,
    };
    let mut seen = Vec::new();
    let mut total = None;
    loop {
        let page = agenda::chase_page(conn, &p, &request).unwrap();
        assert!(page.items.len() <= size as usize);
        if request.after.is_none() {
            total = page.total;
        } else {
            assert_eq!(page.total, None, "a later page does not count again");
        }
        seen.extend(page.items.iter().map(|c| (c.client_id.clone(), c.days)));
        match page.next {
            Some(next) => request.after = Some(next),
            None => break,
        }
        assert!(seen.len() < 10_000, "paging must end");
    }
    (seen, total.unwrap())
}

/// The list's clients, found from the specs alone.
fn expected(specs: &[Spec], ids: &[String], list: ChaseKind) -> BTreeSet<String> {
    let quiet_days = planner().settings.quiet_days as i64;
    specs
        .iter()
        .zip(ids)
        .filter(|((colour, former, contact, _, trashed), _)| {
            !trashed
                && match list {
                    ChaseKind::Waiting => COLOURS[*colour] == FollowUpColour::Green,
                    // Contacted before the start of the day `quiet_days` ago.
                    ChaseKind::Quiet => !former && contact.is_none_or(|d| d > quiet_days),
                }
        })
        .map(|(_, id)| id.clone())
        .collect()
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0..COLOURS.len(),
        proptest::bool::weighted(0.15),
        proptest::option::of(0i64..60),
        proptest::option::of(0i64..40),
        proptest::bool::weighted(0.1),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn paging_either_list_visits_every_client_once_in_order_and_agrees_with_its_count(
        specs in proptest::collection::vec(spec(), 0..40),
        size in 1u32..7,
    ) {
        let (conn, ids) = database(&specs);
        for list in [ChaseKind::Waiting, ChaseKind::Quiet] {
            let (seen, total) = paged(&conn, list, size);
            let whole = paged(&conn, list, 500).0;
            prop_assert_eq!(&seen, &whole, "pages of {} read as one page, {:?}", size, list);
            let unique: BTreeSet<String> = seen.iter().map(|s| s.0.clone()).collect();
            prop_assert_eq!(unique.len(), seen.len(), "a client twice in {:?}", list);
            prop_assert_eq!(&unique, &expected(&specs, &ids, list), "{:?}", list);
            prop_assert_eq!(total, seen.len() as u64, "the count of {:?}", list);
            // Never started first, then the longest wait or silence.
            let days: Vec<i64> = seen.iter().map(|s| s.1.unwrap_or(i64::MAX)).collect();
            prop_assert!(days.windows(2).all(|w| w[0] >= w[1]), "{:?} in order: {:?}", list, days);
        }
    }
}

#[test]
fn a_thousand_quiet_clients_are_counted_and_read_to_the_last() {
    let specs: Vec<Spec> = (0..1_250)
        .map(|n| (3, false, (n % 2 == 0).then_some(90), None, false))
        .collect();
    let (conn, _) = database(&specs);
    let (seen, total) = paged(&conn, ChaseKind::Quiet, 200);
    assert_eq!(total, 1_250, "the whole count, not \"más de 1.000\"");
    assert_eq!(seen.len(), 1_250);
    assert_eq!(seen[0].1, None, "never contacted first");
    assert_eq!(seen[1_249].1, Some(90));
}

/// The quiet count is summed from a tally kept by triggers (migration 0015): it must follow
/// every way a client enters or leaves the list, or changes day of last contact.
#[test]
fn the_quiet_count_follows_every_write_that_moves_a_client_in_or_out() {
    // Never contacted; contacted 90, 31 (the cutoff's own UTC day, before it) and 10 days ago.
    let specs: Vec<Spec> = [None, Some(90), Some(31), Some(10)]
        .into_iter()
        .map(|contact| (3, false, contact, None, false))
        .collect();
    let (mut conn, ids) = database(&specs);
    let p = planner();
    let check = |conn: &Connection, expected: u64, after: &str| {
        let (seen, total) = paged(conn, ChaseKind::Quiet, 2);
        assert_eq!(seen.len() as u64, expected, "listed, after {after}");
        assert_eq!(total, expected, "counted, after {after}");
    };
    check(&conn, 3, "loading");
    let step = |what: &str, expected: u64, sql: &str, id: &str| {
        conn.execute(sql, [id]).unwrap();
        check(&conn, expected, what);
    };
    let day = |d: i64| cartera_core::time::timestamp(p.now - Duration::days(d));
    step(
        "a contact today for the one never contacted",
        2,
        &format!(
            "UPDATE clients SET last_contact_at = '{}' WHERE id = ?1",
            day(0)
        ),
        &ids[0],
    );
    step(
        "the one of 10 days ago turned quiet by an older date",
        3,
        &format!(
            "UPDATE clients SET last_contact_at = '{}' WHERE id = ?1",
            day(45)
        ),
        &ids[3],
    );
    step(
        "a former client",
        2,
        "UPDATE clients SET status = 'former' WHERE id = ?1",
        &ids[1],
    );
    step(
        "active again",
        3,
        "UPDATE clients SET status = 'active' WHERE id = ?1",
        &ids[1],
    );
    let tx = conn.transaction().unwrap();
    clients::trash(&tx, &ids[2], p.now).unwrap();
    tx.commit().unwrap();
    check(&conn, 2, "the trash");
    let tx = conn.transaction().unwrap();
    clients::restore(&tx, &ids[2], p.now).unwrap();
    tx.commit().unwrap();
    check(&conn, 3, "a restore");
    let tx = conn.transaction().unwrap();
    clients::trash(&tx, &ids[1], p.now).unwrap();
    clients::empty_trash(&tx).unwrap();
    tx.commit().unwrap();
    check(&conn, 2, "emptying the trash");
    conn.execute("DELETE FROM clients WHERE id = ?1", [&ids[3]])
        .unwrap();
    check(&conn, 1, "a live client deleted");
}
