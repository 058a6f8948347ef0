//! A month of use on top of the example clients, so a first-time user sees every state of the
//! agenda: contacts over the past weeks (each one re-planning its client's regime as it would
//! have then), clients neglected since they were added, follow-ups overdue by a few days, a
//! full today, a visit every two weeks, and a green client waiting twelve days for an answer.
//! Everything goes through the app's own writes, each at the instant it would have happened.

use chrono::{Datelike, Duration, NaiveTime};
use rusqlite::Transaction;

use super::Rng;
use crate::domain::{Action, FollowUpColour};
use crate::follow_ups::{self, FollowUpInput};
use crate::interactions::{self, Direction, InteractionInput, Outcome};
use crate::planning::{days_after, Planner, Recurrence, RepeatUnit};
use crate::Result;

/// How long ago the example clients joined the book.
pub(super) const DAYS: i64 = 30;
/// The green client's wait for an answer, in days.
pub(super) const GREEN_WAIT_DAYS: i64 = 12;

const CONTACTS: &[(Action, Direction, Outcome, &str)] = &[
    (
        Action::Call,
        Direction::Outbound,
        Outcome::Reached,
        "Llamada para revisar el último pedido",
    ),
    (
        Action::Email,
        Direction::Outbound,
        Outcome::Answered,
        "Enviado el catálogo de temporada",
    ),
    (
        Action::Visit,
        Direction::Outbound,
        Outcome::Interested,
        "Visita: repuesto el expositor y tomado pedido",
    ),
    (
        Action::Whatsapp,
        Direction::Outbound,
        Outcome::Reached,
        "Recordada la oferta del mes",
    ),
    (
        Action::Call,
        Direction::Outbound,
        Outcome::NoAnswer,
        "No contesta; probar por la tarde",
    ),
    (
        Action::Call,
        Direction::Inbound,
        Outcome::CallBack,
        "Llamó por los plazos de entrega; pide que le llamemos",
    ),
    (
        Action::Whatsapp,
        Direction::Inbound,
        Outcome::Interested,
        "Pide una muestra del producto nuevo",
    ),
];
const OVERDUE: &[(Action, &str)] = &[
    (Action::Call, "Confirmar el pedido de la semana"),
    (Action::Email, "Enviar la lista de precios nueva"),
    (Action::Call, "Preguntar por la factura pendiente"),
    (Action::Visit, "Llevar muestras del producto nuevo"),
    (Action::Whatsapp, "Cerrar fecha de la próxima visita"),
];
const TODAY: &[(&str, Action, &str)] = &[
    ("09:30", Action::Call, "Presentar la oferta de invierno"),
    ("10:30", Action::Visit, "Revisar el stock del almacén"),
    ("12:00", Action::Whatsapp, "Resolver la duda sobre el envío"),
    ("16:30", Action::Visit, "Entregar el pedido de muestra"),
    ("17:30", Action::Call, "Llamar antes del cierre del mes"),
];

/// `planner` as it was `days` days before, at the same time of day.
pub(super) fn ago(planner: &Planner, days: i64) -> Planner {
    Planner::new(
        planner.now - Duration::days(days),
        planner.tz,
        planner.settings.clone(),
    )
}

/// Lives the month up to `planner.now` for `clients` (ids and colours, as added a month ago).
pub(super) fn live(
    tx: &Transaction,
    clients: &[(String, FollowUpColour)],
    planner: &Planner,
) -> Result<()> {
    let mut rng = Rng(super::EXAMPLE_SEED ^ 0x006d_6f6e_7468);
    let waiting = clients
        .iter()
        .position(|(_, colour)| *colour == FollowUpColour::Green);

    for (i, (id, _)) in clients.iter().enumerate() {
        if Some(i) == waiting {
            // We sent a quote twelve days ago and heard nothing since.
            let asked = InteractionInput {
                channel: Action::Email,
                direction: Direction::Outbound,
                outcome: Some(Outcome::Reached),
                summary: "Enviado el presupuesto; queda en contestar".into(),
                occurred_at: None,
            };
            interactions::log(tx, id, &asked, &ago(planner, GREEN_WAIT_DAYS))?;
            continue;
        }
        // Up to three contacts over the month, oldest first; a quarter of the clients none
        // (neglected since they joined: their regime's follow-up is long overdue).
        let mut days: Vec<i64> = (0..rng.below(4))
            .map(|_| 1 + rng.below(28) as i64)
            .collect();
        days.sort_unstable_by(|a, b| b.cmp(a));
        days.dedup();
        for days_ago in days {
            let (channel, direction, outcome, summary) = CONTACTS[rng.below(CONTACTS.len())];
            let contact = InteractionInput {
                channel,
                direction,
                outcome: Some(outcome),
                summary: summary.into(),
                occurred_at: None,
            };
            interactions::log(tx, id, &contact, &ago(planner, days_ago))?;
        }
    }

    // Follow-ups planned a few days before their date, which passed without them done.
    for (n, (action, purpose)) in OVERDUE.iter().enumerate() {
        let (id, _) = &clients[(3 + 7 * n) % clients.len()];
        let late = 1 + rng.below(9) as i64;
        let planned_on = ago(planner, late + 3);
        let input = FollowUpInput {
            action: *action,
            purpose: (*purpose).into(),
            due_date: days_after(planned_on.today(), 3),
            due_time: None,
            recurrence: None,
        };
        follow_ups::create(tx, id, &input, &planned_on)?;
    }

    // Today at set times.
    for (n, (time, action, purpose)) in TODAY.iter().enumerate() {
        let (id, _) = &clients[(5 + 11 * n) % clients.len()];
        let input = FollowUpInput {
            action: *action,
            purpose: (*purpose).into(),
            due_date: planner.today(),
            due_time: time.parse::<NaiveTime>().ok(),
            recurrence: None,
        };
        follow_ups::create(tx, id, &input, planner)?;
    }

    // A visit every two weeks on Tuesdays at 10:00, from the next Tuesday.
    let today = planner.today();
    let to_tuesday = match (9 - today.weekday().number_from_monday()) % 7 {
        0 => 7,
        days => days,
    };
    let first = days_after(today, u64::from(to_tuesday));
    let visit = FollowUpInput {
        action: Action::Visit,
        purpose: "Reponer el expositor".into(),
        due_date: first,
        due_time: NaiveTime::from_hms_opt(10, 0, 0),
        recurrence: Some(Recurrence {
            every: 2,
            unit: RepeatUnit::Week,
            weekdays: vec![2],
            until: None,
        }),
    };
    follow_ups::create(tx, &clients[1].0, &visit, planner)?;
    Ok(())
}
