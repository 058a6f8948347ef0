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

use crate::agenda::{
    self, start_of, AgendaFilter, AgendaItem, Section, SectionRequest, MAX_SECTION_PAGE,
};
use crate::bulk::{MAX_BATCH, MAX_SPREAD_DAYS};
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
    /// Cities alphabetical (as a reader sorts them), the clients without one last.
    pub route: Vec<CityVisits>,
}

/// Today's plan as of `planner.now`.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn day_plan(conn: &Connection, planner: &Planner) -> Result<DayPlan> {
    let items = today_items(conn, planner)?;
    let settings = &planner.settings;
    let load = |effort: Effort, capacity: u32| Load {
        planned: items
            .iter()
            .filter(|i| Effort::of(i.action) == effort)
            .count() as u32,
        capacity,
    };
    let calls = load(Effort::Call, settings.calls_per_day);
    let visits = load(Effort::Visit, settings.visits_per_day);
    let mut moving: Vec<&AgendaItem> = Vec::new();
    for (effort, load) in [(Effort::Call, calls), (Effort::Visit, visits)] {
        let movable = items
            .iter()
            .filter(|i| Effort::of(i.action) == effort && i.due_time.is_none() && !i.projected);
        // The end of the day's order is its lowest priority.
        let mut taken: Vec<&AgendaItem> = movable.rev().take(load.over() as usize).collect();
        taken.reverse();
        moving.extend(taken);
    }
    // Back in the day's order, so the highest priority of the surplus gets the nearest day.
    let order = |item: &AgendaItem| {
        items
            .iter()
            .position(|i| i.follow_up_id == item.follow_up_id)
    };
    moving.sort_by_key(|i| order(i));
    let mut days = Days::new(conn, planner);
    let mut surplus = Vec::with_capacity(moving.len());
    for item in moving {
        let to = days.next_with_room(Effort::of(item.action))?;
        surplus.push(SurplusMove {
            item: item.clone(),
            to,
        });
    }
    Ok(DayPlan {
        today: planner.today(),
        planned: calls.planned + visits.planned,
        capacity: calls.capacity + visits.capacity,
        over_capacity: calls.over() > 0 || visits.over() > 0,
        calls,
        visits,
        surplus,
        route: route(&items),
    })
}

/// Every item due today, in the day's order (at most [`MAX_BATCH`]).
fn today_items(conn: &Connection, planner: &Planner) -> Result<Vec<AgendaItem>> {
    let mut request = SectionRequest {
        section: Section::Today,
        filter: AgendaFilter::default(),
        newest_first: false,
        after: None,
        limit: MAX_SECTION_PAGE,
    };
    let mut items = Vec::new();
    loop {
        let page = agenda::section_page(conn, planner, &request)?;
        items.extend(page.items);
        match page.next {
            Some(next) if items.len() < MAX_BATCH => request.after = Some(next),
            _ => return Ok(items),
        }
    }
}

/// The day's visits by city.
fn route(items: &[AgendaItem]) -> Vec<CityVisits> {
    let mut route: Vec<CityVisits> = Vec::new();
    for item in items.iter().filter(|i| i.action == Action::Visit) {
        match route.iter_mut().find(|c| c.city == item.city) {
            Some(city) => city.visits.push(item.clone()),
            None => route.push(CityVisits {
                city: item.city.clone(),
                visits: vec![item.clone()],
            }),
        }
    }
    route.sort_by_cached_key(|c| match &c.city {
        Some(city) => (false, crate::text::fold(city), city.clone()),
        None => (true, String::new(), String::new()),
    });
    route
}

/// The working days after today and the room each has left for calls and for visits, read
/// as they are needed.
struct Days<'a> {
    conn: &'a Connection,
    planner: &'a Planner,
    days: Vec<(NaiveDate, [u32; 2])>,
    /// For calls and for visits, the first day that may still have room.
    first: [usize; 2],
}

impl<'a> Days<'a> {
    fn new(conn: &'a Connection, planner: &'a Planner) -> Self {
        Self {
            conn,
            planner,
            days: Vec::new(),
            first: [0, 0],
        }
    }

    /// The nearest working day after today with room for one more `effort`, that room taken.
    fn next_with_room(&mut self, effort: Effort) -> Result<Option<NaiveDate>> {
        let e = effort as usize;
        loop {
            let at = self.first[e];
            if at == self.days.len() {
                if at as u32 == MAX_SPREAD_DAYS {
                    return Ok(None);
                }
                self.read_next_day()?;
            }
            let (day, room) = &mut self.days[at];
            if room[e] > 0 {
                room[e] -= 1;
                return Ok(Some(*day));
            }
            self.first[e] += 1;
        }
    }

    fn read_next_day(&mut self) -> Result<()> {
        let after = self.days.last().map_or(self.planner.today(), |d| d.0);
        let settings = &self.planner.settings;
        let day = settings.working_day_on_or_after(days_after(after, 1));
        let room = |effort, capacity: u32| -> Result<u32> {
            Ok(capacity.saturating_sub(planned_on(self.conn, self.planner, day, effort)?))
        };
        let room = [
            room(Effort::Call, settings.calls_per_day)?,
            room(Effort::Visit, settings.visits_per_day)?,
        ];
        self.days.push((day, room));
        Ok(())
    }
}

/// How many pending items of `effort` fall due on `day` (trash left out).
fn planned_on(conn: &Connection, planner: &Planner, day: NaiveDate, effort: Effort) -> Result<u32> {
    let (conditions, values) = agenda::range_conditions(
        Some(start_of(day, planner)),
        start_of(days_after(day, 1), planner),
        &AgendaFilter::default(),
    );
    // A trashed client's follow-ups have no colour (migration 0006).
    let sql = format!(
        "SELECT count(*) FROM follow_ups f
         WHERE f.status = 'pending' AND f.deleted_at IS NULL AND f.client_colour IS NOT NULL
           AND {}{conditions}",
        effort.actions_sql()
    );
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(values), |r| r.get(0))?;
    Ok(n.max(0) as u32)
}
