//! Every agenda section read page by page: under any filter (colour, action, segment, tag,
//! city) and order, the pages visit each of the section's items exactly once, in the
//! section's order, and agree with its count.

use std::collections::BTreeSet;

use cartera_core::agenda::{self, AgendaFilter, Section, SectionRequest};
use cartera_core::clients::{self, ClientInput, FollowUpColour};
use cartera_core::follow_ups::{self, Action, FollowUpInput};
use cartera_core::planning::Planner;
use cartera_core::{db, labels};
use chrono::{Days, NaiveDate, NaiveTime};
use proptest::prelude::*;

mod common;
use rusqlite::{Connection, TransactionBehavior};

/// Wednesday 25 November 2026, 12:00 in Madrid.
fn planner() -> Planner {
    common::planner("2026-11-25T11:00:00Z")
}

const COLOURS: [FollowUpColour; 4] = [
    FollowUpColour::Red,
    FollowUpColour::Yellow,
    FollowUpColour::Green,
    FollowUpColour::None,
];
const ACTIONS: [Action; 3] = [Action::Call, Action::Visit, Action::Email];

const SEGMENTS: [&str; 2] = ["Hostelería", "Comercio"];
const TAG: &str = "VIP";
/// The third client of three has no city.
const CITIES: [&str; 2] = ["Madrid", "Ávila"];

/// One planned item: its client (of `CLIENTS`), days from today, an hour or all day, action.
type Plan = (usize, i64, Option<u32>, usize);
const CLIENTS: usize = 5;

fn database(plans: &[Plan], trashed: Option<usize>) -> (Connection, Vec<String>) {
    let mut conn = db::open_in_memory().unwrap();
    let p = planner();
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .unwrap();
    let ids: Vec<String> = (0..CLIENTS)
        .map(|i| {
            let input = ClientInput {
                // Two clients share a name: the sort name is no tie-breaker alone.
                name: format!("Cliente {}", i.min(3)),
                colour: Some(COLOURS[i % 4]),
                segment: Some(SEGMENTS[i % 2].into()),
                tags: if i % 3 == 0 { vec![TAG.into()] } else { vec![] },
                city: CITIES.get(i % 3).map(|c| c.to_string()),
                ..Default::default()
            };
            clients::save(&tx, None, &input, &p).unwrap().id
        })
        .collect();
    for &(client, days, hour, action) in plans {
        let date = if days < 0 {
            p.today() - Days::new(days.unsigned_abs())
        } else {
            p.today() + Days::new(days as u64)
        };
        let input = FollowUpInput {
            action: ACTIONS[action],
            purpose: String::new(),
            due_date: date,
            due_time: hour.map(|h| NaiveTime::from_hms_opt(h, 0, 0).unwrap()),
            recurrence: None,
        };
        follow_ups::create(&tx, &ids[client], &input, &p).unwrap();
    }
    if let Some(i) = trashed {
        clients::trash(&tx, &ids[i], p.now).unwrap();
    }
    tx.commit().unwrap();
    (conn, ids)
}

/// Every item of `section` under `filter`, page by page of `size`; and the first page's total.
fn paged(
    conn: &Connection,
    section: Section,
    filter: &AgendaFilter,
    newest_first: bool,
    size: u32,
) -> (Vec<(String, NaiveDate)>, u64) {
    let p = planner();
    let mut request = SectionRequest {
        section,
        filter: filter.clone(),
        newest_first,
        after: None,
        limit: size,
    };
    let mut seen = Vec::new();
    let mut total = None;
    loop {
        let page = agenda::section_page(conn, &p, &request).unwrap();
        assert!(page.items.len() <= size as usize);
        if request.after.is_none() {
            total = page.total;
        } else {
            assert_eq!(page.total, None, "a later page does not count again");
        }
        seen.extend(
            page.items
                .iter()
                .map(|i| (i.follow_up_id.clone(), i.due_date)),
        );
        match page.next {
            Some(next) => request.after = Some(next),
            None => break,
        }
        assert!(seen.len() < 10_000, "paging must end");
    }
    (seen, total.unwrap())
}

/// The section's items, found without the agenda: every pending follow-up of a live client,
/// its date in the section, kept by the filter.
fn expected(
    conn: &Connection,
    ids: &[String],
    section: Section,
    filter: &AgendaFilter,
) -> BTreeSet<String> {
    let today = planner().today();
    let mut found = BTreeSet::new();
    for id in ids {
        let Ok(client) = clients::get(conn, id) else {
            continue;
        };
        let labels = labels::all(conn).unwrap();
        let name_of = |list: &[labels::Label], id: &Option<String>| {
            id.as_ref()
                .map(|id| list.iter().find(|l| &l.id == id).unwrap().name.clone())
        };
        let segment = name_of(&labels.segments, &filter.segment_id);
        let tag = name_of(&labels.tags, &filter.tag_id);
        if client.deleted_at.is_some()
            || filter.colour.is_some_and(|c| c != client.colour)
            || segment.is_some_and(|s| Some(s) != client.segment)
            || tag.is_some_and(|t| !client.tags.contains(&t))
            || filter
                .city
                .as_ref()
                .is_some_and(|c| Some(c) != client.city.as_ref())
        {
            continue;
        }
        for f in follow_ups::pending_for_client(conn, id).unwrap() {
            let days = (f.due_date - today).num_days();
            let inside = match section {
                Section::Overdue => days < 0,
                Section::Today => days == 0,
                Section::Upcoming => (1..=7).contains(&days),
            };
            if inside && filter.action.is_none_or(|a| a == f.action) {
                found.insert(f.id);
            }
        }
    }
    found
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        0..CLIENTS,
        -9i64..10,
        proptest::option::of(prop_oneof![Just(9u32), Just(10), Just(16)]),
        0..ACTIONS.len(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn paging_any_section_visits_every_item_once_in_order_and_agrees_with_its_count(
        plans in proptest::collection::vec(plan(), 0..40),
        trashed in proptest::option::of(0..CLIENTS),
        colour in proptest::option::of(0usize..4),
        action in proptest::option::of(0..ACTIONS.len()),
        segment in proptest::option::of(0..SEGMENTS.len()),
        tagged in any::<bool>(),
        city in proptest::option::of(0..CITIES.len()),
        size in 1u32..7,
    ) {
        let (conn, ids) = database(&plans, trashed);
        let labels = labels::all(&conn).unwrap();
        let id_of = |list: &[labels::Label], name: &str| {
            list.iter().find(|l| l.name == name).map(|l| l.id.clone())
        };
        let filter = AgendaFilter {
            colour: colour.map(|c| COLOURS[c]),
            action: action.map(|a| ACTIONS[a]),
            segment_id: segment.and_then(|s| id_of(&labels.segments, SEGMENTS[s])),
            tag_id: if tagged { id_of(&labels.tags, TAG) } else { None },
            city: city.map(|c| CITIES[c].to_string()),
        };
        for (section, newest_first) in [
            (Section::Overdue, false),
            (Section::Overdue, true),
            (Section::Today, false),
            (Section::Upcoming, false),
        ] {
            let (seen, total) = paged(&conn, section, &filter, newest_first, size);
            let whole = paged(&conn, section, &filter, newest_first, 500).0;
            prop_assert_eq!(&seen, &whole, "pages of {} read as one page, {:?}", size, section);
            let unique: BTreeSet<String> = seen.iter().map(|s| s.0.clone()).collect();
            prop_assert_eq!(unique.len(), seen.len(), "an item twice in {:?}", section);
            prop_assert_eq!(&unique, &expected(&conn, &ids, section, &filter), "{:?}", section);
            prop_assert_eq!(total, seen.len() as u64, "the count of {:?}", section);
            let dates: Vec<NaiveDate> = seen.iter().map(|s| s.1).collect();
            let ordered = match (section, newest_first) {
                (Section::Overdue, true) => dates.windows(2).all(|w| w[0] >= w[1]),
                _ => dates.windows(2).all(|w| w[0] <= w[1]),
            };
            prop_assert!(ordered, "{:?} in date order: {:?}", section, dates);
        }
    }
}

#[test]
fn the_oldest_neglected_item_is_first_by_default_and_reachable_at_any_depth() {
    // 250 overdue calls, one a day back from yesterday, spread over the five clients.
    let plans: Vec<Plan> = (1..=250)
        .map(|d| ((d % CLIENTS as i64) as usize, -d, None, 0))
        .collect();
    let (conn, _) = database(&plans, None);
    let p = planner();
    let request = SectionRequest {
        section: Section::Overdue,
        filter: AgendaFilter::default(),
        newest_first: false,
        after: None,
        limit: 100,
    };
    let first = agenda::section_page(&conn, &p, &request).unwrap();
    // Regime items of the coloured clients are due today, not overdue.
    assert_eq!(first.total, Some(250));
    assert_eq!(first.items[0].due_date, p.today() - Days::new(250));
    let (all, _) = paged(
        &conn,
        Section::Overdue,
        &AgendaFilter::default(),
        false,
        100,
    );
    assert_eq!(all.len(), 250);
    assert_eq!(all.last().unwrap().1, p.today() - Days::new(1));
}

#[test]
fn a_client_who_moves_city_takes_their_items_to_the_new_city_and_the_trash_takes_them_out() {
    // Client 1 (Ávila, yellow): a call today and a visit in two days, besides its regime's.
    let (mut conn, ids) = database(&[(1, 0, None, 0), (1, 2, Some(10), 1)], None);
    let p = planner();
    let in_city = |conn: &Connection, city: &str| {
        let filter = AgendaFilter {
            city: Some(city.into()),
            ..Default::default()
        };
        let today = paged(conn, Section::Today, &filter, false, 10).1;
        let upcoming = paged(conn, Section::Upcoming, &filter, false, 10).1;
        today + upcoming
    };
    let avila = in_city(&conn, "Ávila");
    let madrid = in_city(&conn, "Madrid");
    assert!(avila >= 2, "the call and the visit at least: {avila}");
    // Client 4 lives in Ávila too and stays.
    let moved = ClientInput {
        name: "Cliente 1".into(),
        colour: Some(COLOURS[1]),
        segment: Some(SEGMENTS[1].into()),
        city: Some("Madrid".into()),
        ..Default::default()
    };
    common::write(&mut conn, |tx| clients::save(tx, Some(&ids[1]), &moved, &p));
    let left = avila - in_city(&conn, "Ávila");
    assert!(left >= 2, "the client's items left the old city: {left}");
    assert_eq!(
        in_city(&conn, "Madrid"),
        madrid + left,
        "and arrived in the new one"
    );
    common::write(&mut conn, |tx| clients::trash(tx, &ids[1], p.now));
    assert_eq!(
        in_city(&conn, "Madrid"),
        madrid,
        "the trash takes the client's items out of the city's agenda"
    );
}

#[test]
fn a_client_who_changes_segment_takes_their_items_along_and_the_trash_takes_them_out() {
    // Client 1 (Comercio): a call today and a visit in two days, besides its regime's.
    let (mut conn, ids) = database(&[(1, 0, None, 0), (1, 2, Some(10), 1)], None);
    let p = planner();
    let labels = labels::all(&conn).unwrap();
    let segment_id = |name: &str| {
        labels
            .segments
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.id.clone())
    };
    let in_segment = |conn: &Connection, name: &str| {
        let filter = AgendaFilter {
            segment_id: segment_id(name),
            ..Default::default()
        };
        let today = paged(conn, Section::Today, &filter, false, 10).1;
        let upcoming = paged(conn, Section::Upcoming, &filter, false, 10).1;
        today + upcoming
    };
    let (commerce, hospitality) = (
        in_segment(&conn, SEGMENTS[1]),
        in_segment(&conn, SEGMENTS[0]),
    );
    assert!(commerce >= 2, "the call and the visit at least: {commerce}");
    let moved = ClientInput {
        name: "Cliente 1".into(),
        colour: Some(COLOURS[1]),
        segment: Some(SEGMENTS[0].into()),
        city: Some("Ávila".into()),
        ..Default::default()
    };
    common::write(&mut conn, |tx| clients::save(tx, Some(&ids[1]), &moved, &p));
    let left = commerce - in_segment(&conn, SEGMENTS[1]);
    assert!(left >= 2, "the client's items left the old segment: {left}");
    assert_eq!(in_segment(&conn, SEGMENTS[0]), hospitality + left);
    common::write(&mut conn, |tx| clients::trash(tx, &ids[1], p.now));
    assert_eq!(
        in_segment(&conn, SEGMENTS[0]),
        hospitality,
        "the trash takes them out"
    );
    common::write(&mut conn, |tx| {
        clients::restore(tx, &ids[1], p.now).map(|_| ())
    });
    assert_eq!(
        in_segment(&conn, SEGMENTS[0]),
        hospitality + left,
        "a restore brings them back"
    );
}
