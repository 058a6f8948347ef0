//! A green client as the user lives it: we ask, the wait counts from the asking, the client
//! calls back with an answer, and one click on the proposed step moves them on.

use cartera_core::agenda;
use cartera_core::answer::{self, NextStep};
use cartera_core::clients::{self, ClientInput, FollowUpColour};
use cartera_core::db;
use cartera_core::follow_ups::{self, Action, Origin};
use cartera_core::interactions::{self, Direction, InteractionInput, Outcome};
use cartera_core::planning::{Planner, PlanningSettings};
use chrono::NaiveDate;
use chrono_tz::Europe::Madrid;
use rusqlite::Connection;

mod common;
use common::{date, write};

/// 09:00 UTC (10:00 in Madrid) on `day`.
fn on(day: &str) -> Planner {
    let now = format!("{day}T09:00:00Z").parse().unwrap();
    Planner::new(now, Madrid, PlanningSettings::default())
}

fn green_client(conn: &mut Connection, p: &Planner) -> String {
    let input = ClientInput {
        name: "Viveros Soler".into(),
        colour: Some(FollowUpColour::Green),
        ..Default::default()
    };
    write(conn, |tx| Ok(clients::save(tx, None, &input, p)?.id))
}

fn contact(direction: Direction, outcome: Option<Outcome>) -> InteractionInput {
    InteractionInput {
        channel: Action::Call,
        direction,
        outcome,
        summary: String::new(),
        occurred_at: None,
    }
}

/// The client's days waiting, as the waiting list and the client's card say them.
fn waiting(conn: &Connection, id: &str, p: &Planner) -> (Option<i64>, Option<i64>) {
    let list = agenda::waiting_for_answer(conn, p).unwrap();
    let listed = list.items.iter().find(|c| c.client_id == id).unwrap().days;
    let card = agenda::contact_stats(conn, id, p).unwrap().days_waiting;
    (listed, card)
}

fn regime_date(conn: &Connection, id: &str) -> Option<NaiveDate> {
    let pending = follow_ups::pending_for_client(conn, id).unwrap();
    let regime: Vec<_> = pending
        .iter()
        .filter(|f| f.origin == Origin::Regime)
        .collect();
    assert!(regime.len() <= 1, "one regime follow-up at most");
    regime.first().map(|f| f.due_date)
}

#[test]
fn the_wait_counts_from_the_asking_and_the_client_s_call_does_not_restart_it() {
    let mut conn = db::open_in_memory().unwrap();
    // Monday 2 November: made green without a contact; the colour starts the clock.
    let id = green_client(&mut conn, &on("2026-11-02"));
    assert_eq!(waiting(&conn, &id, &on("2026-11-04")), (Some(2), Some(2)));
    assert_eq!(regime_date(&conn, &id), Some(date("2026-11-12")));

    // Thursday 5th we call and send the quote: the wait starts again from the asking.
    let thursday = on("2026-11-05");
    write(&mut conn, |tx| {
        interactions::log(
            tx,
            &id,
            &contact(Direction::Outbound, Some(Outcome::Reached)),
            &thursday,
        )
    });
    assert_eq!(waiting(&conn, &id, &on("2026-11-09")), (Some(4), Some(4)));
    assert_eq!(regime_date(&conn, &id), Some(date("2026-11-16")));

    // Monday 9th the client calls, without an answer yet: still counted from the 5th.
    let monday = on("2026-11-09");
    let call_in = contact(Direction::Inbound, Some(Outcome::Answered));
    assert_eq!(
        answer::proposal(FollowUpColour::Green, &call_in).len(),
        4,
        "an answer the outcome does not tell: every step offered"
    );
    write(&mut conn, |tx| {
        interactions::log(tx, &id, &call_in, &monday)
    });
    assert_eq!(waiting(&conn, &id, &on("2026-11-10")), (Some(5), Some(5)));
    assert_eq!(
        regime_date(&conn, &id),
        Some(date("2026-11-16")),
        "'¿Ha respondido?' stays ten days after the asking"
    );
}

#[test]
fn a_green_client_never_asked_says_so_instead_of_zero_days() {
    let mut conn = db::open_in_memory().unwrap();
    let p = on("2026-11-02");
    let id = green_client(&mut conn, &p);
    // A client made green before the colour's clock was kept, and never contacted.
    conn.execute("UPDATE clients SET colour_since = NULL", [])
        .unwrap();
    assert_eq!(waiting(&conn, &id, &p), (None, None));
    assert_eq!(
        agenda::waiting_at_least(&conn, &p, 0).unwrap(),
        0,
        "not waiting yet"
    );
}

#[test]
fn interested_on_the_phone_one_click_makes_them_yellow_and_ends_the_wait() {
    let mut conn = db::open_in_memory().unwrap();
    let id = green_client(&mut conn, &on("2026-11-02"));
    let wednesday = on("2026-11-11");
    let answer_call = contact(Direction::Inbound, Some(Outcome::Interested));
    let steps = answer::proposal(FollowUpColour::Green, &answer_call);
    assert_eq!(
        steps[0],
        NextStep::Colour {
            colour: FollowUpColour::Yellow
        }
    );
    write(&mut conn, |tx| {
        interactions::log(tx, &id, &answer_call, &wednesday)
    });
    let next = write(&mut conn, |tx| {
        answer::take(tx, &id, steps[0], "", &wednesday)
    })
    .expect("yellow plans a reminder");
    assert_eq!(
        clients::get(&conn, &id).unwrap().colour,
        FollowUpColour::Yellow
    );
    assert_eq!(next.origin, Origin::Regime);
    assert_eq!(
        next.due_date,
        date("2026-11-18"),
        "yellow: a week after the call"
    );
    assert!(
        agenda::waiting_for_answer(&conn, &wednesday)
            .unwrap()
            .items
            .is_empty(),
        "no longer waiting for an answer"
    );
}

#[test]
fn not_interested_ask_again_later_leaves_no_colour_and_one_call_months_ahead() {
    let mut conn = db::open_in_memory().unwrap();
    let id = green_client(&mut conn, &on("2026-11-02"));
    let wednesday = on("2026-11-11");
    let no = contact(Direction::Inbound, Some(Outcome::NotInterested));
    let steps = answer::proposal(FollowUpColour::Green, &no);
    assert_eq!(
        steps,
        [
            NextStep::Colour {
                colour: FollowUpColour::None
            },
            NextStep::AskAgainLater {
                days: answer::ASK_AGAIN_DAYS
            }
        ]
    );
    write(&mut conn, |tx| interactions::log(tx, &id, &no, &wednesday));
    let next = write(&mut conn, |tx| {
        answer::take(tx, &id, steps[1], "Volver a ofrecer", &wednesday)
    })
    .expect("one call planned");
    assert_eq!(
        clients::get(&conn, &id).unwrap().colour,
        FollowUpColour::None
    );
    // 90 days after Wednesday 11 November is Tuesday 9 February.
    assert_eq!(
        (next.due_date, next.origin, next.purpose.as_str()),
        (date("2027-02-09"), Origin::Manual, "Volver a ofrecer")
    );
    assert_eq!(
        follow_ups::pending_for_client(&conn, &id).unwrap().len(),
        1,
        "the green '¿Ha respondido?' is gone"
    );
}

mod intervals {
    //! Changing a regime's interval in the settings re-plans what the old one planned, after
    //! saying how many will move.
    use super::*;
    use cartera_core::replan;
    use cartera_core::settings::{self, Settings};

    fn client(conn: &mut Connection, name: &str, colour: FollowUpColour, p: &Planner) -> String {
        let input = ClientInput {
            name: name.into(),
            colour: Some(colour),
            ..Default::default()
        };
        write(conn, |tx| Ok(clients::save(tx, None, &input, p)?.id))
    }

    fn with_yellow_every(days: u32) -> Settings {
        let mut s = Settings::default();
        s.planning.yellow_every_days = days;
        s
    }

    #[test]
    fn an_interval_change_moves_exactly_the_pending_regime_follow_ups_it_planned() {
        let mut conn = db::open_in_memory().unwrap();
        let monday = on("2026-11-02");
        let call = contact(Direction::Outbound, Some(Outcome::Reached));
        let mut yellow = Vec::new();
        for name in ["Uno", "Dos", "Tres"] {
            let id = client(&mut conn, name, FollowUpColour::Yellow, &monday);
            write(&mut conn, |tx| interactions::log(tx, &id, &call, &monday));
            yellow.push(id);
        }
        // Yellow: a week after the call, Monday 9th.
        assert_eq!(regime_date(&conn, &yellow[0]), Some(date("2026-11-09")));
        // One moved by hand keeps the user's date.
        let moved = follow_ups::pending_for_client(&conn, &yellow[2]).unwrap()[0].clone();
        write(&mut conn, |tx| {
            follow_ups::reschedule(tx, &moved.id, date("2026-11-20"), None, &monday)
        });
        let green = client(&mut conn, "Verde", FollowUpColour::Green, &monday);
        let red = client(&mut conn, "Rojo", FollowUpColour::Red, &monday);
        let (green_before, red_before) = (regime_date(&conn, &green), regime_date(&conn, &red));

        let tuesday = on("2026-11-03");
        let preview = replan::preview(&conn, &tuesday, &with_yellow_every(14).planning).unwrap();
        assert_eq!(
            preview.moving, 2,
            "the two yellow ones still on the old date"
        );
        assert_eq!(
            regime_date(&conn, &yellow[0]),
            Some(date("2026-11-09")),
            "a preview moves nothing"
        );

        write(&mut conn, |tx| {
            replan::save(tx, &tuesday, &with_yellow_every(14))
        });
        assert_eq!(
            settings::load(&conn).unwrap().planning.yellow_every_days,
            14
        );
        for id in &yellow[..2] {
            assert_eq!(regime_date(&conn, id), Some(date("2026-11-16")));
        }
        assert_eq!(regime_date(&conn, &yellow[2]), Some(date("2026-11-20")));
        assert_eq!(
            (regime_date(&conn, &green), regime_date(&conn, &red)),
            (green_before, red_before),
            "other regimes untouched"
        );
        let again = replan::preview(&conn, &on("2026-11-03"), &with_yellow_every(14).planning);
        assert_eq!(again.unwrap().moving, 0, "saved: nothing left to move");
    }

    #[test]
    fn a_later_start_of_the_day_moves_every_pending_all_day_reminder() {
        let mut conn = db::open_in_memory().unwrap();
        let p = on("2026-11-02");
        let id = client(&mut conn, "Uno", FollowUpColour::Yellow, &p);
        let timed = follow_ups::FollowUpInput {
            action: Action::Visit,
            purpose: "a las diez".into(),
            due_date: date("2026-11-05"),
            due_time: Some("10:00".parse().unwrap()),
            recurrence: None,
        };
        let timed = write(&mut conn, |tx| follow_ups::create(tx, &id, &timed, &p));
        let mut later = Settings::default();
        later.planning.day_start = "10:30".parse().unwrap();
        write(&mut conn, |tx| replan::save(tx, &p, &later));
        let pending = follow_ups::pending_for_client(&conn, &id).unwrap();
        let regime = pending.iter().find(|f| f.origin == Origin::Regime).unwrap();
        assert_eq!(
            regime.due_at, "2026-11-02T09:30:00.000Z",
            "the all-day one: 10:30 in Madrid"
        );
        let visit = pending.iter().find(|f| f.id == timed.id).unwrap();
        assert_eq!(visit.due_at, timed.due_at, "a timed one keeps its time");
    }
}
