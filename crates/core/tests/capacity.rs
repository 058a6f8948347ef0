//! A plan for the day: today measured against the owner's capacity, the surplus moved to the
//! next working days with room (lowest priority first, never an item with a time), as one
//! batch that undo reverses; and the day's visits grouped by city.

use cartera_core::agenda::{self, AgendaFilter, AgendaItem, Section, SectionRequest};
use cartera_core::bulk::{self, BulkAction, ItemDate, Selection};
use cartera_core::capacity::{self, DayPlan, Effort};
use cartera_core::clients::{self, ClientInput, FollowUpColour};
use cartera_core::db;
use cartera_core::follow_ups::{self, Action, FollowUpInput};
use cartera_core::planning::Planner;
use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use proptest::prelude::*;
use rusqlite::{Connection, TransactionBehavior};

mod common;

/// Monday 30 November 2026, 08:00 in Madrid.
fn planner(calls: u32, visits: u32) -> Planner {
    let mut p = common::planner("2026-11-30T07:00:00Z");
    p.settings.calls_per_day = calls;
    p.settings.visits_per_day = visits;
    p
}

const ACTIONS: [Action; 4] = [Action::Call, Action::Visit, Action::Email, Action::Meeting];
const COLOURS: [FollowUpColour; 4] = [
    FollowUpColour::None,
    FollowUpColour::Green,
    FollowUpColour::Yellow,
    FollowUpColour::Red,
];
const CITIES: [Option<&str>; 4] = [Some("Zaragoza"), Some("Ávila"), None, Some("Bilbao")];

/// One planned item: its client (of `CLIENTS`), days from today, at 10:00 or all day, action.
type Plan = (usize, u64, bool, usize);
const CLIENTS: usize = 8;

/// Clients with colours and cities in turn; the regimes plan their own items too.
fn database(plans: &[Plan], p: &Planner) -> Connection {
    let mut conn = db::open_in_memory().unwrap();
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .unwrap();
    let ids: Vec<String> = (0..CLIENTS)
        .map(|i| {
            let input = ClientInput {
                name: format!("Cliente {i}"),
                colour: Some(COLOURS[i % 4]),
                city: CITIES[i % 4].map(Into::into),
                ..Default::default()
            };
            clients::save(&tx, None, &input, p).unwrap().id
        })
        .collect();
    for (n, &(client, days, timed, action)) in plans.iter().enumerate() {
        let input = FollowUpInput {
            action: ACTIONS[action],
            purpose: format!("item {n}"),
            due_date: p.today() + Days::new(days),
            due_time: timed.then(|| NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
            recurrence: None,
        };
        follow_ups::create(&tx, &ids[client], &input, p).unwrap();
    }
    tx.commit().unwrap();
    conn
}

/// Every item due today, in the day's order, as the agenda reads it.
fn today(conn: &Connection, p: &Planner) -> Vec<AgendaItem> {
    let request = SectionRequest {
        section: Section::Today,
        filter: AgendaFilter::default(),
        newest_first: false,
        after: None,
        limit: agenda::MAX_SECTION_PAGE,
    };
    agenda::section_page(conn, p, &request).unwrap().items
}

/// Pending items of `effort` on `day`, counted without the capacity module.
fn planned_on(conn: &Connection, day: NaiveDate, effort: Effort) -> u32 {
    let visits = "f.action IN ('visit', 'meeting')";
    let condition = match effort {
        Effort::Visit => visits.to_string(),
        Effort::Call => format!("NOT ({visits})"),
    };
    conn.query_row(
        &format!(
            "SELECT count(*) FROM follow_ups f JOIN clients c ON c.id = f.client_id
             WHERE f.status = 'pending' AND f.deleted_at IS NULL AND c.deleted_at IS NULL
               AND f.due_date = ?1 AND {condition}"
        ),
        [day],
        |r| r.get(0),
    )
    .unwrap()
}

/// The surplus moved with the dates the plan proposes, as one batch; its id.
fn move_surplus(conn: &mut Connection, p: &Planner, plan: &DayPlan) -> String {
    let to: Vec<ItemDate> = plan
        .surplus
        .iter()
        .filter_map(|m| {
            m.to.map(|date| ItemDate {
                follow_up_id: m.item.follow_up_id.clone(),
                date,
            })
        })
        .collect();
    let selection = Selection::Items {
        ids: to.iter().map(|m| m.follow_up_id.clone()).collect(),
    };
    common::write(conn, |tx| {
        bulk::apply(tx, p, &selection, &BulkAction::Move { to: to.clone() })
    })
    .batch_id
}

#[test]
fn a_heavy_monday_moves_its_lowest_priority_calls_to_the_days_with_room_and_undo_brings_them_back()
{
    let p = planner(5, 1);
    // Today: two calls at a time (they stay), six all-day calls across the colours, the red
    // and yellow regimes' calls of clients 2, 3, 6 and 7, two visits. Tomorrow already holds
    // three e-mails; Wednesday is free.
    let mut plans: Vec<Plan> = vec![(0, 0, true, 0), (1, 0, true, 0)];
    plans.extend((0..6).map(|c| (c, 0, false, 0)));
    plans.extend([(1, 0, false, 1), (5, 0, false, 1)]);
    plans.extend((0..3).map(|c| (c, 1, false, 2)));
    let mut conn = database(&plans, &p);
    let items = today(&conn, &p);
    let plan = capacity::day_plan(&conn, &p).unwrap();
    let calls = items
        .iter()
        .filter(|i| Effort::of(i.action) == Effort::Call);
    assert_eq!(plan.calls.planned as usize, calls.count());
    assert_eq!((plan.calls.planned, plan.calls.capacity), (12, 5));
    assert_eq!(
        (plan.planned, plan.capacity),
        (14, 6),
        "calls and visits together"
    );
    assert!(plan.over_capacity);
    let over = plan.calls.over() + plan.visits.over();
    assert_eq!(plan.surplus.len() as u32, over, "all the surplus can move");
    assert_eq!(plan.placed, over, "each with a day to go to");
    assert!(plan.surplus.iter().all(|m| m.item.due_time.is_none()));
    // The five calls that stay are the two timed ones and the three red clients' (regime
    // and manual): the lower colours move first.
    let moved = |colour| {
        plan.surplus
            .iter()
            .filter(|m| m.item.colour == colour)
            .count()
    };
    assert_eq!(moved(FollowUpColour::Red), 0, "{:#?}", plan.surplus);
    // Tuesday gets what fits next to its three calls, then Wednesday.
    let tuesday = p.today() + Days::new(1);
    let on = |day| plan.surplus.iter().filter(|m| m.to == Some(day)).count() as u32;
    let calls_to_tuesday = plan
        .surplus
        .iter()
        .filter(|m| m.to == Some(tuesday) && Effort::of(m.item.action) == Effort::Call)
        .count();
    assert_eq!(calls_to_tuesday, 2, "Tuesday had room for two calls");
    assert!(on(tuesday + Days::new(1)) > 0);

    let before = common::snapshot(&conn);
    let batch = move_surplus(&mut conn, &p, &plan);
    let after = capacity::day_plan(&conn, &p).unwrap();
    assert_eq!(after.calls.planned, 5, "today holds what the owner can do");
    assert_eq!(after.visits.planned, 1);
    assert!(!after.over_capacity && after.surplus.is_empty());
    assert_eq!(planned_on(&conn, tuesday, Effort::Call), 5);
    assert_eq!(planned_on(&conn, tuesday, Effort::Visit), 1);
    common::write(&mut conn, |tx| bulk::undo(tx, &batch, &p));
    assert_eq!(common::snapshot(&conn), before, "undo puts every row back");
}

#[test]
fn the_days_visits_are_grouped_by_city_as_a_reader_sorts_them() {
    let p = planner(20, 10);
    // A visit for every client: Zaragoza, Ávila, no city, Bilbao, in turn; and a call.
    let mut plans: Vec<Plan> = (0..CLIENTS).map(|c| (c, 0, c == 4, 1)).collect();
    plans.push((0, 0, false, 0));
    let conn = database(&plans, &p);
    let plan = capacity::day_plan(&conn, &p).unwrap();
    let route: Vec<(Option<&str>, Vec<&str>)> = plan
        .route
        .iter()
        .map(|c| {
            (
                c.city.as_deref(),
                c.visits.iter().map(|v| v.client_name.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        route,
        [
            (Some("Ávila"), vec!["Cliente 1", "Cliente 5"]),
            (Some("Bilbao"), vec!["Cliente 3", "Cliente 7"]),
            // The visit at 10:00 first, as the day is read.
            (Some("Zaragoza"), vec!["Cliente 4", "Cliente 0"]),
            (None, vec!["Cliente 2", "Cliente 6"]),
        ]
    );
    assert!(!plan.over_capacity);
}

#[test]
fn a_day_of_more_visits_than_a_route_lists_shows_its_first_by_time_and_counts_them_all() {
    let p = planner(20, 4);
    // 104 visits at 10:00 and, all day, one more for each client (the last of the day's due
    // order: an all-day item falls due at the start of the working day, 9:00, so before).
    let over = capacity::ROUTE_LIMIT as usize + 4;
    let mut plans: Vec<Plan> = (0..over).map(|n| (n % CLIENTS, 0, true, 1)).collect();
    plans.extend((0..CLIENTS).map(|c| (c, 0, false, 1)));
    let conn = database(&plans, &p);
    let plan = capacity::day_plan(&conn, &p).unwrap();
    let listed: Vec<&AgendaItem> = plan.route.iter().flat_map(|c| &c.visits).collect();
    assert_eq!(listed.len(), capacity::ROUTE_LIMIT as usize);
    assert_eq!(
        plan.route_total as usize,
        over + CLIENTS,
        "every visit counted"
    );
    let all_day = listed.iter().filter(|v| v.due_time.is_none()).count();
    assert_eq!(
        all_day, CLIENTS,
        "the all-day ones, due at 9:00, come before 10:00's"
    );
    // In each city, the day's order still: the timed visits first.
    for city in &plan.route {
        let timed: Vec<bool> = city.visits.iter().map(|v| v.due_time.is_some()).collect();
        assert!(timed.windows(2).all(|w| w[0] >= w[1]), "{timed:?}");
    }
}

#[test]
fn a_day_far_over_its_capacity_proposes_its_lowest_priority_calls_a_batch_at_a_time() {
    let p = planner(1, 4);
    let over = capacity::SURPLUS_LIMIT as usize + 10;
    let plans: Vec<Plan> = (0..over).map(|n| (n % CLIENTS, 0, false, 0)).collect();
    let conn = database(&plans, &p);
    let plan = capacity::day_plan(&conn, &p).unwrap();
    assert_eq!(plan.surplus.len(), capacity::SURPLUS_LIMIT as usize);
    assert!(plan.more_surplus, "the plan says more is left to move");
    // The lowest priority first: the red clients' calls are the ones left for later.
    let moved_red = plan
        .surplus
        .iter()
        .filter(|m| m.item.colour == FollowUpColour::Red)
        .count();
    assert!(
        moved_red < plan.surplus.len() / 4,
        "{moved_red} red calls moved"
    );
    let light = capacity::day_plan(&database(&plans[..20], &p), &p).unwrap();
    assert!(!light.more_surplus);
    // Exactly as many all-day calls today as a plan proposes (the regimes' own among them),
    // and timed ones on top (over the capacity, but they never move): nothing is left for a
    // next plan.
    let timed: Vec<Plan> = (0..30).map(|n| (n % CLIENTS, 0, true, 0)).collect();
    let all_day_calls = |conn: &Connection| {
        today(conn, &p)
            .iter()
            .filter(|i| i.due_time.is_none() && Effort::of(i.action) == Effort::Call)
            .count()
    };
    let regimes = all_day_calls(&database(&timed, &p));
    let mut exact = timed.clone();
    exact.extend((regimes..capacity::SURPLUS_LIMIT as usize).map(|n| (n % CLIENTS, 0, false, 0)));
    let conn = database(&exact, &p);
    assert_eq!(all_day_calls(&conn), capacity::SURPLUS_LIMIT as usize);
    let plan = capacity::day_plan(&conn, &p).unwrap();
    assert_eq!(plan.surplus.len(), capacity::SURPLUS_LIMIT as usize);
    assert!(
        !plan.more_surplus,
        "the timed calls over capacity never move"
    );
    // One more all-day call, and one is left for the next plan.
    exact.push((0, 0, false, 0));
    let plan = capacity::day_plan(&database(&exact, &p), &p).unwrap();
    assert!(plan.more_surplus);
}

fn plan_item() -> impl Strategy<Value = Plan> {
    (0..CLIENTS, 0u64..8, any::<bool>(), 0..ACTIONS.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn the_surplus_moves_lowest_priority_first_never_overfills_a_day_and_undoes_exactly(
        plans in proptest::collection::vec(plan_item(), 0..45),
        calls in 1u32..6,
        visits in 0u32..3,
    ) {
        let p = planner(calls, visits);
        let mut conn = database(&plans, &p);
        let items = today(&conn, &p);
        let plan = capacity::day_plan(&conn, &p).unwrap();
        let position = |id: &str| items.iter().position(|i| i.follow_up_id == id).unwrap();
        for (effort, load) in [(Effort::Call, plan.calls), (Effort::Visit, plan.visits)] {
            let of_effort: Vec<&AgendaItem> =
                items.iter().filter(|i| Effort::of(i.action) == effort).collect();
            prop_assert_eq!(load.planned as usize, of_effort.len());
            let movable: Vec<&&AgendaItem> =
                of_effort.iter().filter(|i| i.due_time.is_none()).collect();
            let moved: Vec<&AgendaItem> = plan
                .surplus
                .iter()
                .map(|m| &m.item)
                .filter(|i| Effort::of(i.action) == effort)
                .collect();
            prop_assert_eq!(moved.len(), (load.over() as usize).min(movable.len()));
            prop_assert!(moved.iter().all(|i| i.due_time.is_none()), "a timed item moved");
            // Lowest priority first: every item that stays comes before every item that
            // moves in the day's order.
            let first_moved = moved.iter().map(|i| position(&i.follow_up_id)).min();
            for kept in movable.iter().filter(|i| !moved.iter().any(|m| m.follow_up_id == i.follow_up_id)) {
                prop_assert!(first_moved.is_none_or(|f| position(&kept.follow_up_id) < f));
            }
        }
        // Every target is a working day after today, with room for what lands on it.
        let mut targets: Vec<NaiveDate> = plan.surplus.iter().filter_map(|m| m.to).collect();
        targets.sort();
        targets.dedup();
        for day in &targets {
            prop_assert!(*day > p.today() && day.weekday().number_from_monday() <= 5);
            for (effort, capacity) in [(Effort::Call, calls), (Effort::Visit, visits)] {
                let landing = plan.surplus.iter()
                    .filter(|m| m.to == Some(*day) && Effort::of(m.item.action) == effort)
                    .count() as u32;
                prop_assert!(
                    landing == 0 || planned_on(&conn, *day, effort) + landing <= capacity,
                    "{} over {:?} capacity", day, effort
                );
            }
        }
        let before = common::snapshot(&conn);
        let batch = move_surplus(&mut conn, &p, &plan);
        let after = capacity::day_plan(&conn, &p).unwrap();
        prop_assert!(after.surplus.iter().all(|m| m.to.is_none()), "a second plan finds nothing to move");
        for day in &targets {
            for (effort, capacity) in [(Effort::Call, calls), (Effort::Visit, visits)] {
                let before_move = plan.surplus.iter().any(|m| m.to == Some(*day) && Effort::of(m.item.action) == effort);
                prop_assert!(!before_move || planned_on(&conn, *day, effort) <= capacity);
            }
        }
        common::write(&mut conn, |tx| bulk::undo(tx, &batch, &p));
        prop_assert_eq!(common::snapshot(&conn), before);
    }
}
