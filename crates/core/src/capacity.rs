//! A plan for the day: today's follow-ups measured against what the owner can do in a day
//! (calls and visits, from the settings), the surplus they could move to the next working
//! days that still have room, and the day's visits grouped by city so the route is obvious.
//!
//! What moves is chosen by priority: the day is read in its own order (timed items, then the
//! all-day ones red, yellow, green, none), and the surplus is taken from its end, so the
//! lowest priority moves first. An item with a time of day stays: a time was agreed with
//! someone. Moving is done by [`crate::bulk`] (one undoable batch) with the dates proposed
//! here, or the ones the user chose instead.

use chrono::NaiveDate;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::agenda::{self, start_of, AgendaFilter, AgendaItem};
use crate::bulk::MAX_SPREAD_DAYS;
use crate::domain::Action;
use crate::planning::{days_after, Planner};
use crate::Result;

/// Which part of the day's capacity an action uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Effort {
    /// A contact at a distance: a call, an e-mail, a WhatsApp, a sample sent, a survey.
    Call = 0,
    /// Going to see the client: a visit or a meeting.
    Visit = 1,
}

impl Effort {
    pub fn of(action: Action) -> Self {
        match action {
            Action::Visit | Action::Meeting => Effort::Visit,
            _ => Effort::Call,
        }
    }

    /// The condition on `f.action` for the actions that use this part of the capacity.
    fn actions_sql(self) -> &'static str {
        match self {
            Effort::Visit => "f.action IN ('visit', 'meeting')",
            Effort::Call => "f.action NOT IN ('visit', 'meeting')",
        }
    }
}

/// Planned against possible, for one part of the capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Load {
    pub planned: u32,
    pub capacity: u32,
}

impl Load {
    pub fn over(&self) -> u32 {
        self.planned.saturating_sub(self.capacity)
    }
}

/// A surplus item and the working day proposed for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SurplusMove {
    pub item: AgendaItem,
    /// `None`: no working day in the next [`MAX_SPREAD_DAYS`] has room for it; it stays.
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
}

/// The day's visits in one city.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CityVisits {
    /// `None`: the clients without a city.
    pub city: Option<String>,
    /// In the day's order: the timed ones by time first.
    pub visits: Vec<AgendaItem>,
}

/// Today against the owner's capacity, and the day's route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DayPlan {
    #[ts(type = "string")]
    pub today: NaiveDate,
    /// Everything due today, and what the owner can do in a day (calls and visits together).
    pub planned: u32,
    pub capacity: u32,
    /// Today holds more calls or more visits than fit.
    pub over_capacity: bool,
    pub calls: Load,
    pub visits: Load,
    /// What could move, the highest priority first (it gets the nearest day).
    pub surplus: Vec<SurplusMove>,
    /// How many of the surplus have a day to go to (the offer to move them says so).
    pub placed: u32,
    /// The day holds more that could move than the [`SURPLUS_LIMIT`] proposed for each of
    /// calls and visits: once these move, the next plan proposes more.
    pub more_surplus: bool,
    /// Cities alphabetical (as a reader sorts them), the clients without one last: the day's
    /// first [`ROUTE_LIMIT`] visits by time.
    pub route: Vec<CityVisits>,
    /// How many visits the day holds (more than the route shows past [`ROUTE_LIMIT`]).
    pub route_total: u32,
}

/// The most calls, and the most visits, a plan proposes to move at once: each is read with
/// its client (1,700 read in 10 ms at 100,000 clients) and shown in a list to check by hand,
/// and 60 working days at the default capacity hold 1,200 calls.
pub const SURPLUS_LIMIT: u32 = 200;

/// The most visits the day's route lists: a route of more is not one a person drives, and
/// reading them all cost as much as the rest of the day plan.
pub const ROUTE_LIMIT: u32 = 100;

/// Today's plan as of `planner.now`.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn day_plan(conn: &Connection, planner: &Planner) -> Result<DayPlan> {
    let settings = &planner.settings;
    let today = planner.today();
    let calls = Load {
        planned: planned_on(conn, planner, today, Effort::Call, None)?,
        capacity: settings.calls_per_day,
    };
    let visits = Load {
        planned: planned_on(conn, planner, today, Effort::Visit, None)?,
        capacity: settings.visits_per_day,
    };
    let mut days = Days::new(conn, planner);
    let mut surplus = Vec::new();
    let mut more_surplus = false;
    for (effort, load) in [(Effort::Call, calls), (Effort::Visit, visits)] {
        let over = load.over().min(SURPLUS_LIMIT);
        if over == 0 {
            continue;
        }
        // Taken from the end of the day's order, placed from its highest priority: the
        // nearest day with room goes to the most urgent of what moves. One more than proposed
        // is read to know whether more could move (timed items count as over but never move).
        let reading = if load.over() > SURPLUS_LIMIT {
            over + 1
        } else {
            over
        };
        let mut moving = agenda::all_day_tail(conn, planner, effort.actions_sql(), reading)?;
        more_surplus |= moving.len() > over as usize;
        moving.truncate(over as usize);
        moving.reverse();
        for item in moving {
            let to = days.next_with_room(effort)?;
            surplus.push(SurplusMove { item, to });
        }
    }
    // Shown in the day's order: by regime (red first), then due.
    surplus.sort_by_key(|m| (agenda::regime_rank(m.item.colour), m.item.due_at.clone()));
    let placed = surplus.iter().filter(|m| m.to.is_some()).count() as u32;
    let visits_today = agenda::visits_today(conn, planner, ROUTE_LIMIT)?;
    Ok(DayPlan {
        today,
        planned: calls.planned + visits.planned,
        capacity: calls.capacity + visits.capacity,
        over_capacity: calls.over() > 0 || visits.over() > 0,
        calls,
        visits,
        surplus,
        placed,
        more_surplus,
        route: route(visits_today.items),
        route_total: visits_today.total as u32,
    })
}

/// The day's visits by city.
fn route(visits: Vec<AgendaItem>) -> Vec<CityVisits> {
    let mut route: Vec<CityVisits> = Vec::new();
    for item in visits {
        match route.iter_mut().find(|c| c.city == item.city) {
            Some(city) => city.visits.push(item),
            None => route.push(CityVisits {
                city: item.city.clone(),
                visits: vec![item],
            }),
        }
    }
    route.sort_by_cached_key(|c| match &c.city {
        Some(city) => (false, crate::text::fold(city), city.clone()),
        None => (true, String::new(), String::new()),
    });
    route
}

/// The working days after today and the room each has left for calls and for visits, each
/// read as it is needed: a day plan moving only calls never counts a visit.
struct Days<'a> {
    conn: &'a Connection,
    planner: &'a Planner,
    /// The working days after today, in order, as far as either effort has looked.
    dates: Vec<NaiveDate>,
    /// For calls and for visits, the room left on each day read so far.
    room: [Vec<u32>; 2],
}

impl<'a> Days<'a> {
    fn new(conn: &'a Connection, planner: &'a Planner) -> Self {
        Self {
            conn,
            planner,
            dates: Vec::new(),
            room: [Vec::new(), Vec::new()],
        }
    }

    /// The nearest working day after today with room for one more `effort`, that room taken.
    fn next_with_room(&mut self, effort: Effort) -> Result<Option<NaiveDate>> {
        let e = effort as usize;
        loop {
            // The days before the last one read are full for this effort.
            if let Some(room) = self.room[e].last_mut().filter(|room| **room > 0) {
                *room -= 1;
                return Ok(Some(self.dates[self.room[e].len() - 1]));
            }
            let at = self.room[e].len();
            if at as u32 == MAX_SPREAD_DAYS {
                return Ok(None);
            }
            if at == self.dates.len() {
                let after = self.dates.last().copied().unwrap_or(self.planner.today());
                let next = self
                    .planner
                    .settings
                    .working_day_on_or_after(days_after(after, 1));
                self.dates.push(next);
            }
            let capacity = match effort {
                Effort::Call => self.planner.settings.calls_per_day,
                Effort::Visit => self.planner.settings.visits_per_day,
            };
            let planned = planned_on(
                self.conn,
                self.planner,
                self.dates[at],
                effort,
                Some(capacity),
            )?;
            self.room[e].push(capacity.saturating_sub(planned));
        }
    }
}

/// How many pending items of `effort` fall due on `day` (trash left out), counted up to
/// `up_to` if given: the room left on a day needs no more than its capacity counted, and on a
/// full day of 3,000 items that is the difference between reading 20 index entries and all.
fn planned_on(
    conn: &Connection,
    planner: &Planner,
    day: NaiveDate,
    effort: Effort,
    up_to: Option<u32>,
) -> Result<u32> {
    let (conditions, values) = agenda::range_conditions(
        Some(start_of(day, planner)),
        start_of(days_after(day, 1), planner),
        &AgendaFilter::default(),
    );
    // A trashed client's follow-ups have no colour (migration 0006): the four colours named,
    // the count reads four ranges of `follow_ups_pending_by_colour` alone (which carries the
    // action), not each item's row (10 ms for a day of 3,000 items at 100,000 clients).
    let limit = up_to.map_or(-1, i64::from);
    let sql = format!(
        "SELECT count(*) FROM (
             SELECT 1 FROM follow_ups f
             WHERE f.status = 'pending' AND f.deleted_at IS NULL
               AND f.client_colour IN ('red', 'yellow', 'green', 'none')
               AND {}{conditions}
             LIMIT {limit})",
        effort.actions_sql()
    );
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(values), |r| r.get(0))?;
    Ok(n.max(0) as u32)
}
