//! A green client's answer. Green means "we asked, and wait for their answer"; when the client
//! gets in touch (an inbound interaction) the wait is over, and what they said decides the
//! next step: interested → a reminders colour, not interested → no colour or another try much
//! later. The core proposes the steps from the outcome; the user picks one, one click.

use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clients;
use crate::domain::{Action, FollowUpColour};
use crate::follow_ups::{self, FollowUp, FollowUpInput};
use crate::interactions::{self, Direction, Interaction, InteractionInput, Outcome};
use crate::planning::{days_after, Planner};
use crate::Result;

/// "Ask again later" plans the next try this many days ahead.
pub const ASK_AGAIN_DAYS: u32 = 90;

/// A next step after a green client's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum NextStep {
    /// The client takes this colour (its regime plans the next contact).
    Colour { colour: FollowUpColour },
    /// No colour, and one call planned `days` ahead to try again.
    AskAgainLater { days: u32 },
}

/// An interaction logged, and the next steps its answer proposes (none but for a green
/// client getting in touch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Logged {
    pub interaction: Interaction,
    pub next_steps: Vec<NextStep>,
}

/// Logs an interaction the user reports ([`interactions::log`]) and proposes the next steps
/// if it was a green client's answer.
pub fn log(
    tx: &Transaction,
    client_id: &str,
    input: &InteractionInput,
    planner: &Planner,
) -> Result<Logged> {
    let colour: Option<FollowUpColour> = tx
        .query_row(
            "SELECT colour FROM clients WHERE id = ?1",
            [client_id],
            |r| r.get(0),
        )
        .optional()?;
    let interaction = interactions::log(tx, client_id, input, planner)?;
    Ok(Logged {
        interaction,
        next_steps: colour.map_or_else(Vec::new, |colour| proposal(colour, input)),
    })
}

/// The steps to propose, most likely first, when `input` is logged for a client whose colour
/// was `colour`: none unless a green client got in touch with us.
pub fn proposal(colour: FollowUpColour, input: &InteractionInput) -> Vec<NextStep> {
    if colour != FollowUpColour::Green || input.direction != Direction::Inbound {
        return Vec::new();
    }
    let yellow = NextStep::Colour {
        colour: FollowUpColour::Yellow,
    };
    let red = NextStep::Colour {
        colour: FollowUpColour::Red,
    };
    let none = NextStep::Colour {
        colour: FollowUpColour::None,
    };
    let later = NextStep::AskAgainLater {
        days: ASK_AGAIN_DAYS,
    };
    match input.outcome {
        Some(Outcome::Interested) => vec![yellow, red],
        // "Call me back": close follow-up, almost daily until it happens.
        Some(Outcome::CallBack) => vec![red, yellow],
        Some(Outcome::NotInterested) => vec![none, later],
        // The answer is not in the outcome: every step, the user says which.
        _ => vec![yellow, red, later, none],
    }
}

/// Takes `step` for the client; returns the client's next pending follow-up. `purpose` is
/// the planned call's purpose for [`NextStep::AskAgainLater`] (in the user's language).
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn take(
    tx: &Transaction,
    client_id: &str,
    step: NextStep,
    purpose: &str,
    planner: &Planner,
) -> Result<Option<FollowUp>> {
    match step {
        NextStep::Colour { colour } => {
            clients::set_colour(tx, client_id, colour, planner)?;
        }
        NextStep::AskAgainLater { days } => {
            clients::set_colour(tx, client_id, FollowUpColour::None, planner)?;
            let date = planner
                .settings
                .working_day_on_or_after(days_after(planner.today(), u64::from(days)));
            let call = FollowUpInput {
                action: Action::Call,
                purpose: purpose.to_string(),
                due_date: date,
                due_time: None,
                recurrence: None,
            };
            follow_ups::create(tx, client_id, &call, planner)?;
        }
    }
    follow_ups::next_pending(tx, client_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inbound(outcome: Option<Outcome>) -> InteractionInput {
        InteractionInput {
            channel: Action::Call,
            direction: Direction::Inbound,
            outcome,
            summary: String::new(),
            occurred_at: None,
        }
    }

    fn colours(steps: &[NextStep]) -> Vec<Option<FollowUpColour>> {
        steps
            .iter()
            .map(|s| match s {
                NextStep::Colour { colour } => Some(*colour),
                NextStep::AskAgainLater { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_green_client_s_answer_proposes_the_next_colour() {
        use FollowUpColour::{Green, None as NoColour, Red, Yellow};
        let cases = [
            (Some(Outcome::Interested), vec![Some(Yellow), Some(Red)]),
            (Some(Outcome::CallBack), vec![Some(Red), Some(Yellow)]),
            (Some(Outcome::NotInterested), vec![Some(NoColour), None]),
            (
                Some(Outcome::Answered),
                vec![Some(Yellow), Some(Red), None, Some(NoColour)],
            ),
            (None, vec![Some(Yellow), Some(Red), None, Some(NoColour)]),
        ];
        for (outcome, expected) in cases {
            assert_eq!(
                colours(&proposal(Green, &inbound(outcome))),
                expected,
                "{outcome:?}"
            );
        }
    }

    #[test]
    fn only_a_green_client_getting_in_touch_is_an_answer() {
        let mut outbound = inbound(Some(Outcome::Interested));
        outbound.direction = Direction::Outbound;
        assert!(proposal(FollowUpColour::Green, &outbound).is_empty());
        for colour in [
            FollowUpColour::Red,
            FollowUpColour::Yellow,
            FollowUpColour::None,
        ] {
            assert!(proposal(colour, &inbound(Some(Outcome::Interested))).is_empty());
        }
    }
}
