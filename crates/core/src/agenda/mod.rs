//! The agenda: where follow-ups, regime items and the lists of clients to chase meet. Every
//! query here reads an index range (pending follow-ups by due instant, clients by colour or by
//! last contact), so it stays fast with a million follow-ups.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, params_from_iter, types::Value, Connection, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{Action, FollowUpColour};
use crate::follow_ups::{self, FollowUp, Origin};
use crate::planning::{days_after, days_before, due_instant, Planner, Recurrence};
use crate::{series, text, time, Result};

mod chase;
mod sections;
use chase::days_since;
pub use chase::{
    chase_page, not_contacted, waiting_at_least, waiting_for_answer, ChaseCursor, ChaseKind,
    ChaseList, ChaseRequest, ClientToChase, MAX_CHASE_PAGE,
};
pub use sections::{
    section_page, Section, SectionCursor, SectionPage, SectionRequest, MAX_SECTION_PAGE,
};

/// How many rows the first page of a section holds; the UI reads on page by page.
pub const SECTION_LIMIT: u32 = 200;
/// How many items the week view shows of each day at most (a column holds fewer on screen);
/// each day counts the rest.
pub const WEEK_DAY_LIMIT: u32 = 50;
/// The "upcoming" section spans this many days after today.
pub const UPCOMING_DAYS: u64 = 7;

/// One line of the agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaItem {
    pub follow_up_id: String,
    pub client_id: String,
    pub client_name: String,
    /// The client's city (the day's visits are grouped by it).
    pub city: Option<String>,
    pub colour: FollowUpColour,
    pub action: Action,
    pub purpose: String,
    pub origin: Origin,
    #[ts(type = "string")]
    pub due_date: NaiveDate,
    #[ts(type = "string | null")]
    pub due_time: Option<NaiveTime>,
    pub due_at: String,
    /// The rule of the series this item belongs to (the row describes it); `None` for a
    /// one-off.
    pub recurrence: Option<Recurrence>,
    /// The series this item belongs to (see migration 0007); `None` for a one-off.
    pub series_id: Option<String>,
    /// An occurrence drawn ahead from its series' rule, not stored: `follow_up_id` names the
    /// series' stored (earlier) occurrence, which is what can be done, moved or cancelled.
    pub projected: bool,
}

/// One day of the week view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeekDay {
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// The day's first [`WEEK_DAY_LIMIT`] by due instant, in the order a day reads: the
    /// all-day items first, then by time, then by client name.
    pub items: Vec<AgendaItem>,
    /// How many the day holds (`items` may show fewer).
    #[ts(type = "number")]
    pub total: u64,
}

/// The week view: its seven days, Monday first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Week {
    pub days: Vec<WeekDay>,
}

impl Week {
    /// Every item shown, day after day.
    pub fn items(&self) -> impl Iterator<Item = &AgendaItem> {
        self.days.iter().flat_map(|day| &day.items)
    }

    /// How many items the week holds.
    pub fn total(&self) -> u64 {
        self.days.iter().map(|day| day.total).sum()
    }
}

/// Narrows the agenda: every condition present must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct AgendaFilter {
    pub colour: Option<FollowUpColour>,
    pub action: Option<Action>,
    /// The client's segment.
    pub segment_id: Option<String>,
    /// A tag the client carries.
    pub tag_id: Option<String>,
    /// The client's city, as stored (the choices come from [`crate::labels::cities`]); read
    /// from the follow-up's copy of it (migration 0013).
    pub city: Option<String>,
}

impl AgendaFilter {
    /// The tag, when it is the filter's only condition.
    fn tag_alone(&self) -> Option<&str> {
        let tag = self.tag_id.as_deref()?;
        let rest = Self {
            tag_id: None,
            ..self.clone()
        };
        (rest == Self::default()).then_some(tag)
    }
}

/// The home screen: overdue, today, and the next days. Each section holds its first
/// [`SECTION_LIMIT`] items, its whole count (the filter applied), so every number on screen is
/// true, and the cursor of its next page ([`section_page`] reads on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Agenda {
    #[ts(type = "string")]
    pub today: NaiveDate,
    /// The longest neglected first.
    pub overdue: Vec<AgendaItem>,
    #[ts(type = "number")]
    pub overdue_total: u64,
    pub overdue_next: Option<SectionCursor>,
    /// As a day is read: with a time by time, then all day by regime (red first).
    pub due_today: Vec<AgendaItem>,
    #[ts(type = "number")]
    pub due_today_total: u64,
    pub due_today_next: Option<SectionCursor>,
    pub upcoming: Vec<AgendaItem>,
    #[ts(type = "number")]
    pub upcoming_total: u64,
    pub upcoming_next: Option<SectionCursor>,
}

/// Some of a range's agenda items and the whole range's count.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaItems {
    pub items: Vec<AgendaItem>,
    /// How many there are in all (`items` may hold fewer).
    #[ts(type = "number")]
    pub total: u64,
}

/// An item's columns, as [`item_from_row`] reads them.
const ITEM_COLUMNS: &str = "f.id, f.client_id, c.name, c.colour, f.action, f.purpose, f.origin,
        f.due_date, f.due_time, f.due_at, f.recurrence, f.series_id, c.city";
/// What makes an item show: pending, and neither it nor its client in the trash.
const SHOWN: &str = "f.status = 'pending' AND f.deleted_at IS NULL AND c.deleted_at IS NULL";

fn item_from_row(r: &Row) -> rusqlite::Result<AgendaItem> {
    Ok(AgendaItem {
        follow_up_id: r.get(0)?,
        client_id: r.get(1)?,
        client_name: r.get(2)?,
        colour: r.get(3)?,
        action: r.get(4)?,
        purpose: r.get(5)?,
        origin: r.get(6)?,
        due_date: r.get(7)?,
        due_time: r.get(8)?,
        due_at: r.get(9)?,
        recurrence: r
            .get::<_, Option<String>>(10)?
            .and_then(|json| serde_json::from_str(&json).ok()),
        series_id: r.get(11)?,
        city: r.get(12)?,
        projected: false,
    })
}

/// The `WHERE` conditions and values for pending items with `from <= due_at < to`, in a query
/// that reads `follow_ups f` (a tag's items tested against its rows of `follow_up_tags`).
pub(crate) fn range_conditions(
    from: Option<DateTime<Utc>>,
    to: DateTime<Utc>,
    filter: &AgendaFilter,
) -> (String, Vec<Value>) {
    conditions(from, to, filter, TagRows::Tested)
}

/// [`range_conditions`] for a query that reads from [`items_from`]: under a tag, the range of
/// the tag's rows `t` it is driven from.
fn listed_range_conditions(
    from: Option<DateTime<Utc>>,
    to: DateTime<Utc>,
    filter: &AgendaFilter,
) -> (String, Vec<Value>) {
    conditions(from, to, filter, TagRows::Joined)
}

/// How a query finds a tag's items in `follow_up_tags` (migration 0019).
#[derive(Clone, Copy, PartialEq, Eq)]
enum TagRows {
    /// Its rows `t` are the query's outer loop ([`items_from`]), in due order.
    Joined,
    /// Each item is tested against the range's rows.
    Tested,
}

fn conditions(
    from: Option<DateTime<Utc>>,
    to: DateTime<Utc>,
    filter: &AgendaFilter,
    tag_rows: TagRows,
) -> (String, Vec<Value>) {
    let mut values = vec![Value::Text(time::timestamp(to))];
    let mut sql = String::from(" AND f.due_at < ?1");
    if let Some(from) = from {
        values.push(Value::Text(time::timestamp(from)));
        sql.push_str(&format!(" AND f.due_at >= ?{}", values.len()));
    }
    if let Some(colour) = filter.colour {
        // The follow-up's copy of its client's colour (kept in step by triggers, migration
        // 0006): with it the range is one span of `follow_ups_pending_by_colour`, instead of
        // every item of the range checked against its client.
        values.push(Value::Text(colour.as_str().into()));
        sql.push_str(&format!(" AND f.client_colour = ?{}", values.len()));
    }
    if let Some(action) = filter.action {
        values.push(Value::Text(action.as_str().into()));
        sql.push_str(&format!(" AND f.action = ?{}", values.len()));
    }
    if let Some(segment) = &filter.segment_id {
        // The follow-up's copy of its client's segment (migration 0016): one index range.
        values.push(Value::Text(segment.clone()));
        sql.push_str(&format!(" AND f.client_segment = ?{}", values.len()));
    }
    if let Some(tag) = &filter.tag_id {
        // The tag's items of the range: one range of `follow_up_tags` (migration 0019), as a
        // client carries many tags and no follow-up can hold a copy.
        values.push(Value::Text(tag.clone()));
        let tag = values.len();
        // The range's lower end, `?2`, when there is one.
        let (lower, t_lower) = match from {
            Some(_) => (" AND due_at >= ?2", " AND t.due_at >= ?2"),
            None => ("", ""),
        };
        match tag_rows {
            TagRows::Joined => sql.push_str(&format!(
                " AND t.tag_id = ?{tag} AND t.due_at < ?1{t_lower}"
            )),
            TagRows::Tested => sql.push_str(&format!(
                " AND f.id IN (SELECT follow_up_id FROM follow_up_tags
                               WHERE tag_id = ?{tag} AND due_at < ?1{lower})"
            )),
        }
    }
    if let Some(city) = &filter.city {
        // The follow-up's copy of its client's city (migration 0013): one index range.
        values.push(Value::Text(city.clone()));
        sql.push_str(&format!(" AND f.client_city = ?{}", values.len()));
    }
    (sql, values)
}

/// The order of a list of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemOrder {
    /// Soonest first.
    Due,
    /// Most recent first (the overdue list).
    DueDescending,
    /// A day as it is read: the items with a time, by time; then the all-day ones by their
    /// client's regime (red, yellow, green, none), each regime by due instant and client.
    Day,
}

/// The keys of [`ItemOrder::Due`]: the due instant, then the client and the follow-up, so
/// that items due at the same instant keep one order (a page's cursor needs it). The indexes
/// of pending follow-ups hold the first two.
const DUE_KEYS: &str = "f.due_at, f.client_id, f.id";

/// [`regime_rank`] in SQL, on a follow-up's copy of its client's colour, as a literal for
/// `concat!`.
macro_rules! regime_rank_sql {
    () => {
        "CASE f.client_colour WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 WHEN 'green' THEN 2 \
         ELSE 3 END"
    };
}

/// Where a regime's all-day items stand in the day's order: red first, then yellow, green and
/// none (the same ranks as the SQL of [`DAY_KEYS`]).
pub(crate) fn regime_rank(colour: FollowUpColour) -> u8 {
    match colour {
        FollowUpColour::Red => 0,
        FollowUpColour::Yellow => 1,
        FollowUpColour::Green => 2,
        FollowUpColour::None => 3,
    }
}

/// The keys of [`ItemOrder::Day`]: all day after timed; among all-day items the regime's rank
/// (red 0 … none 3; timed items -1, ordered by time alone); then the due instant, the client's
/// sort name and the follow-up.
const DAY_KEYS: &str = concat!(
    "f.due_time IS NULL, iif(f.due_time IS NULL, ",
    regime_rank_sql!(),
    ", -1), f.due_at, c.sort_name, f.id"
);

/// [`DUE_KEYS`] read from a tag's rows (`follow_up_tags t`, migration 0019), which hold the
/// same values: SQLite keeps the rows' own order for an `ORDER BY` on their columns only, and
/// sorted every item of the range for one on the follow-up's.
const TAGGED_DUE_KEYS: &str = "t.due_at, t.client_id, t.follow_up_id";

impl ItemOrder {
    /// The `ORDER BY` of a query reading from [`items_from`] under `filter`.
    fn sql(self, filter: &AgendaFilter) -> &'static str {
        match (self, filter.tag_id.is_some()) {
            (Self::Due, false) => DUE_KEYS,
            (Self::Due, true) => TAGGED_DUE_KEYS,
            (Self::DueDescending, false) => "f.due_at DESC, f.client_id DESC, f.id DESC",
            (Self::DueDescending, true) => "t.due_at DESC, t.client_id DESC, t.follow_up_id DESC",
            (Self::Day, _) => DAY_KEYS,
        }
    }

    /// The keys a page's cursor is compared on, in order (as [`Self::sql`] reads them).
    fn keys(self, filter: &AgendaFilter) -> &'static str {
        match (self, filter.tag_id.is_some()) {
            (Self::Due | Self::DueDescending, false) => DUE_KEYS,
            (Self::Due | Self::DueDescending, true) => TAGGED_DUE_KEYS,
            (Self::Day, _) => DAY_KEYS,
        }
    }
}

/// Where a query of pending items in `order` under `filter` reads them from. Under a tag, the
/// tag's rows (`t`, with [`listed_range_conditions`] and the order's keys on them). In due
/// order without a colour, a city or a segment (each its own index range), the pending index
/// gives the range already sorted, and is named: with the statistics of some days (SQLite's
/// STAT4 samples), the planner preferred skipping through the colour index's four colours and
/// sorting the whole range, 9 ms for a day of 3,200 items at 100,000 clients against 0.1.
fn items_from(filter: &AgendaFilter, order: ItemOrder) -> &'static str {
    let in_due_order = matches!(order, ItemOrder::Due | ItemOrder::DueDescending);
    let one_range = filter.colour.is_some() || filter.city.is_some() || filter.segment_id.is_some();
    if filter.tag_id.is_some() {
        // A tag's rows in due order, each item looked up from its row: a page reads no more
        // than it returns (see [`TAGGED_DUE_KEYS`]).
        "follow_up_tags t CROSS JOIN follow_ups f ON f.id = t.follow_up_id"
    } else if in_due_order && !one_range {
        "follow_ups f INDEXED BY follow_ups_pending"
    } else {
        "follow_ups f"
    }
}

/// The query for pending items with `from <= due_at < to`, in `order`, at most `limit`.
fn items_query(
    from: Option<DateTime<Utc>>,
    to: DateTime<Utc>,
    filter: &AgendaFilter,
    order: ItemOrder,
    limit: u32,
) -> (String, Vec<Value>) {
    let (conditions, values) = listed_range_conditions(from, to, filter);
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM {} JOIN clients c ON c.id = f.client_id
         WHERE {SHOWN}{conditions} ORDER BY {} LIMIT {limit}",
        items_from(filter, order),
        order.sql(filter)
    );
    (sql, values)
}

/// Pending items with `from <= due_at < to`, in `order`.
fn items_between(
    conn: &Connection,
    from: Option<DateTime<Utc>>,
    to: DateTime<Utc>,
    filter: &AgendaFilter,
    order: ItemOrder,
    limit: u32,
) -> Result<Vec<AgendaItem>> {
    let (sql, values) = items_query(from, to, filter, order, limit);
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt
        .query_map(params_from_iter(values), item_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

/// The query counting pending items with `from <= due_at < to` under `filter`: ranges of
/// `follow_ups_pending_by_colour` alone, one colour's or all four. A follow-up of a trashed
/// client has no colour (migration 0006), so the trash is left out without looking at a
/// client. At 100k clients a join of every item to its client took 11 ms for 5,000 items, and
/// subtracting the trash's items read each trashed client's follow-ups (the tray's count went
/// from 0.2 to 0.8 ms with 1,000 clients in the trash; this stays at 0.2 ms).
fn count_query(
    from: Option<DateTime<Utc>>,
    to: DateTime<Utc>,
    filter: &AgendaFilter,
) -> (String, Vec<Value>) {
    if let Some(tag) = filter.tag_alone() {
        // A tag alone: its range of `follow_up_tags` (migration 0019), which holds the live
        // items of live clients only.
        let mut values = vec![Value::Text(tag.into()), Value::Text(time::timestamp(to))];
        let mut sql =
            String::from("SELECT count(*) FROM follow_up_tags WHERE tag_id = ?1 AND due_at < ?2");
        if let Some(from) = from {
            values.push(Value::Text(time::timestamp(from)));
            sql.push_str(" AND due_at >= ?3");
        }
        return (sql, values);
    }
    let (mut conditions, mut values) = range_conditions(from, to, filter);
    // A city or a segment is NULL on the follow-ups of a trashed client, as the colour is
    // (migrations 0013 and 0016); a tag's rows are those of live clients (migration 0019).
    if filter.colour.is_none()
        && filter.city.is_none()
        && filter.segment_id.is_none()
        && filter.tag_id.is_none()
    {
        let slots: Vec<String> = FollowUpColour::ALL
            .iter()
            .map(|colour| {
                values.push(Value::Text(colour.as_str().into()));
                format!("?{}", values.len())
            })
            .collect();
        conditions.push_str(&format!(" AND f.client_colour IN ({})", slots.join(", ")));
    }
    let sql = format!(
        "SELECT count(*) FROM follow_ups f
         WHERE f.status = 'pending' AND f.deleted_at IS NULL{conditions}"
    );
    (sql, values)
}

/// How many pending items fall in `from <= due_at < to` under `filter`.
fn count_between(
    conn: &Connection,
    from: Option<DateTime<Utc>>,
    to: DateTime<Utc>,
    filter: &AgendaFilter,
) -> Result<u64> {
    let (sql, values) = count_query(from, to, filter);
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(values), |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// Today's range, `from <= due_at < to`.
fn today_range(planner: &Planner) -> (DateTime<Utc>, DateTime<Utc>) {
    let today = planner.today();
    (
        start_of(today, planner),
        start_of(days_after(today, 1), planner),
    )
}

/// Today's first `limit` visits by due instant, in the day's order (the day's route), and how
/// many visits the day holds. Chosen in due order, which the pending index gives without
/// reading the rest: a day's order would read and sort every visit of the day (3.6 ms for
/// 700 at 100,000 clients); a day with fewer visits than `limit` gets them all either way.
pub(crate) fn visits_today(
    conn: &Connection,
    planner: &Planner,
    limit: u32,
) -> Result<AgendaItems> {
    let (from, to) = today_range(planner);
    let visits = AgendaFilter {
        action: Some(Action::Visit),
        ..Default::default()
    };
    let (conditions, values) = range_conditions(Some(from), to, &visits);
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM follow_ups f JOIN clients c ON c.id = f.client_id
         WHERE f.rowid IN (SELECT f.rowid FROM {} JOIN clients c ON c.id = f.client_id
                           WHERE {SHOWN}{conditions} ORDER BY {DUE_KEYS} LIMIT {limit})
         ORDER BY {DAY_KEYS}",
        items_from(&visits, ItemOrder::Due)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let items: Vec<AgendaItem> = stmt
        .query_map(params_from_iter(values), item_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let total = if items.len() < limit as usize {
        items.len() as u64
    } else {
        count_between(conn, Some(from), to, &visits)?
    };
    Ok(AgendaItems { items, total })
}

/// The end of today's order among its all-day items meeting `condition` (SQL on `f`, ours):
/// the lowest priority first, at most `limit`. What the day plan proposes to move, read
/// without sorting the day's timed items or reading more than it moves.
pub(crate) fn all_day_tail(
    conn: &Connection,
    planner: &Planner,
    condition: &str,
    limit: u32,
) -> Result<Vec<AgendaItem>> {
    let (from, to) = today_range(planner);
    let (conditions, values) = range_conditions(Some(from), to, &AgendaFilter::default());
    // The day's order ([`DAY_KEYS`]) among all-day items, backwards. The day's all-day items
    // are one range of their own index (migration 0015), the timed ones never read; the order
    // is found from that index and the clients' sort names (migrations 0017 and 0018), and only
    // the rows returned are read.
    let backwards = format!(
        "{} DESC, f.due_at DESC, c.sort_name DESC, f.id DESC",
        regime_rank_sql!()
    );
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM follow_ups f JOIN clients c ON c.id = f.client_id
         WHERE f.rowid IN (
             SELECT f.rowid FROM follow_ups f INDEXED BY follow_ups_pending_all_day
             JOIN clients c INDEXED BY clients_sort_names ON c.id = f.client_id
             WHERE {SHOWN}{conditions} AND f.due_time IS NULL AND {condition}
             ORDER BY {backwards} LIMIT {limit})
         ORDER BY {backwards}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt
        .query_map(params_from_iter(values), item_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

/// Pending items due before `end` (overdue included), trash left out, under `filter`: the
/// tray's count and the morning digest's counts by colour, the whole of them.
pub fn due_by(conn: &Connection, end: DateTime<Utc>, filter: &AgendaFilter) -> Result<u64> {
    count_between(conn, None, end, filter)
}

/// Up to `limit` items of the range and their whole count; counted only when the page is full,
/// so a light day costs one query.
fn capped_between(
    conn: &Connection,
    from: Option<DateTime<Utc>>,
    to: DateTime<Utc>,
    filter: &AgendaFilter,
    order: ItemOrder,
    limit: u32,
) -> Result<AgendaItems> {
    let mut items = items_between(conn, from, to, filter, order, limit + 1)?;
    let total = if items.len() > limit as usize {
        items.truncate(limit as usize);
        count_between(conn, from, to, filter)?
    } else {
        items.len() as u64
    };
    Ok(AgendaItems { items, total })
}

pub(crate) fn start_of(date: NaiveDate, planner: &Planner) -> DateTime<Utc> {
    due_instant(date, NaiveTime::MIN, &planner.tz)
}

/// The agenda as of `planner.now`.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn agenda(conn: &Connection, planner: &Planner, filter: &AgendaFilter) -> Result<Agenda> {
    let first_page = |section| {
        let request = SectionRequest {
            section,
            filter: filter.clone(),
            newest_first: false,
            after: None,
            limit: SECTION_LIMIT,
        };
        section_page(conn, planner, &request)
    };
    let overdue = first_page(Section::Overdue)?;
    let due_today = first_page(Section::Today)?;
    let upcoming = first_page(Section::Upcoming)?;
    let total = |page: &SectionPage| page.total.unwrap_or(page.items.len() as u64);
    Ok(Agenda {
        today: planner.today(),
        overdue_total: total(&overdue),
        overdue_next: overdue.next,
        overdue: overdue.items,
        due_today_total: total(&due_today),
        due_today_next: due_today.next,
        due_today: due_today.items,
        upcoming_total: total(&upcoming),
        upcoming_next: upcoming.next,
        upcoming: upcoming.items,
    })
}

/// The week starting on `monday` (the week view: days × times), the occurrences its series
/// draw ahead included, filtered before each day's cap so no item the filter keeps can be
/// crowded out, and each day capped on its own so a heavy Monday leaves the other days theirs.
pub fn week(
    conn: &Connection,
    planner: &Planner,
    monday: NaiveDate,
    filter: &AgendaFilter,
) -> Result<Week> {
    let mut ahead = series::drawn_ahead_by_day(
        conn,
        planner,
        monday,
        days_after(monday, 7),
        filter,
        WEEK_DAY_LIMIT,
    )?;
    let mut days = Vec::with_capacity(7);
    for offset in 0..7 {
        let date = days_after(monday, offset);
        let stored = capped_between(
            conn,
            Some(start_of(date, planner)),
            start_of(days_after(date, 1), planner),
            filter,
            ItemOrder::Due,
            WEEK_DAY_LIMIT,
        )?;
        let drawn = ahead.remove(&date).unwrap_or_default();
        let mut items = stored.items;
        items.extend(drawn.items);
        // Stable: a stored item keeps its place before an occurrence due at the same instant;
        // the first of the day by due instant are the ones kept (see [`with_series_ahead`]).
        items.sort_by(|a, b| a.due_at.cmp(&b.due_at));
        items.truncate(WEEK_DAY_LIMIT as usize);
        items.sort_by_cached_key(|item| {
            (
                item.due_time.is_some(),
                item.due_time,
                text::fold(&item.client_name),
            )
        });
        days.push(WeekDay {
            date,
            items,
            total: stored.total + drawn.total,
        });
    }
    Ok(Week { days })
}

/// The pending items on `from <= date < to` and the occurrences their series draw ahead in
/// it, in due order, at most `limit`, and their whole count.
pub(crate) fn with_series_ahead(
    conn: &Connection,
    planner: &Planner,
    from: NaiveDate,
    to: NaiveDate,
    filter: &AgendaFilter,
    limit: u32,
) -> Result<AgendaItems> {
    let stored = capped_between(
        conn,
        Some(start_of(from, planner)),
        start_of(to, planner),
        filter,
        ItemOrder::Due,
        limit,
    )?;
    let ahead = series::drawn_ahead(conn, planner, from, to, filter, limit)?;
    let total = stored.total + ahead.total;
    let mut items = stored.items;
    items.extend(ahead.items);
    // Stable: a stored item keeps its place before an occurrence drawn at the same instant.
    // Of either kind, the ones past `limit` were not returned, but none of them comes before
    // the last one returned of its kind, so the merge's first `limit` are the range's.
    items.sort_by(|a, b| a.due_at.cmp(&b.due_at));
    items.truncate(limit as usize);
    Ok(AgendaItems { items, total })
}

/// How often a client is contacted, for the client's detail view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactStats {
    pub last_contact_at: Option<String>,
    pub contacts_30_days: u32,
    pub contacts_90_days: u32,
    /// For a green client: days waiting for the answer since we asked; `None` when never
    /// asked (or not green).
    pub days_waiting: Option<i64>,
    pub next_follow_up: Option<FollowUp>,
}

/// Contact frequency of one client.
pub fn contact_stats(
    conn: &Connection,
    client_id: &str,
    planner: &Planner,
) -> Result<ContactStats> {
    let since = |days: u64| time::timestamp(start_of(days_before(planner.today(), days), planner));
    let (last_contact_at, colour, asked_at, c30, c90): (
        Option<String>,
        FollowUpColour,
        Option<String>,
        u32,
        u32,
    ) = conn.query_row(
        &format!(
            "SELECT c.last_contact_at, c.colour, {},
                (SELECT count(*) FROM interactions i WHERE i.client_id = c.id
                   AND i.deleted_at IS NULL AND i.occurred_at >= ?2),
                (SELECT count(*) FROM interactions i WHERE i.client_id = c.id
                   AND i.deleted_at IS NULL AND i.occurred_at >= ?3)
             FROM clients c WHERE c.id = ?1",
            follow_ups::ASKED_AT
        ),
        params![client_id, since(30), since(90)],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let days_waiting = (colour == FollowUpColour::Green)
        .then(|| days_since(planner, asked_at.as_deref()))
        .flatten();
    Ok(ContactStats {
        last_contact_at,
        contacts_30_days: c30,
        contacts_90_days: c90,
        days_waiting,
        next_follow_up: follow_ups::next_pending(conn, client_id)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::{self, ClientInput};
    use crate::planning::PlanningSettings;
    use crate::testing::{database, later, write};

    fn planner() -> Planner {
        Planner::new(
            "2026-11-25T11:00:00Z".parse().unwrap(),
            chrono_tz::Europe::Madrid,
            PlanningSettings::default(),
        )
    }

    fn only(colour: FollowUpColour) -> AgendaFilter {
        AgendaFilter {
            colour: Some(colour),
            action: None,
            ..Default::default()
        }
    }

    /// The purposes of every item the agenda and the week view show under `filter`, with
    /// their colours, and the agenda's whole counts.
    fn shown(conn: &Connection, filter: &AgendaFilter) -> (Vec<(String, FollowUpColour)>, u64) {
        let p = planner();
        let a = agenda(conn, &p, filter).unwrap();
        let week = week(conn, &p, p.today(), filter).unwrap();
        let mut items: Vec<_> = [
            a.overdue,
            a.due_today,
            a.upcoming,
            week.items().cloned().collect(),
        ]
        .concat()
        .into_iter()
        .filter(|i| !i.purpose.is_empty())
        .map(|i| (i.purpose, i.colour))
        .collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        items.dedup();
        let total = a.overdue_total + a.due_today_total + a.upcoming_total;
        (items, total)
    }

    #[test]
    fn the_colour_filter_follows_a_client_whose_colour_changes() {
        let mut conn = database();
        let p = planner();
        let form = |colour| ClientInput {
            name: "Óptica Peña".into(),
            colour: Some(colour),
            ..Default::default()
        };
        let id = write(&mut conn, |tx| {
            clients::save(tx, None, &form(FollowUpColour::None), &p)
        })
        .unwrap()
        .id;
        for (date, purpose) in [("2026-11-20", "vencido"), ("2026-11-26", "mañana")] {
            let input = follow_ups::FollowUpInput {
                action: Action::Call,
                purpose: purpose.into(),
                due_date: date.parse().unwrap(),
                due_time: None,
                recurrence: None,
            };
            write(&mut conn, |tx| follow_ups::create(tx, &id, &input, &p)).unwrap();
        }
        let both = |colour| {
            vec![
                ("mañana".to_string(), colour),
                ("vencido".to_string(), colour),
            ]
        };
        assert_eq!(
            shown(&conn, &only(FollowUpColour::None)).0,
            both(FollowUpColour::None)
        );
        assert!(shown(&conn, &only(FollowUpColour::Red)).0.is_empty());

        for colour in [
            FollowUpColour::Red,
            FollowUpColour::Green,
            FollowUpColour::None,
        ] {
            write(&mut conn, |tx| {
                clients::save(tx, Some(&id), &form(colour), &p)
            })
            .unwrap();
            let (items, total) = shown(&conn, &only(colour));
            assert_eq!(
                items,
                both(colour),
                "a client made {colour:?} must bring its follow-ups into the {colour:?} agenda"
            );
            let all = shown(&conn, &AgendaFilter::default()).1;
            assert_eq!(
                total, all,
                "every pending item of the one client is {colour:?}"
            );
            for other in FollowUpColour::ALL.iter().filter(|&&c| c != colour) {
                assert_eq!(
                    shown(&conn, &only(*other)),
                    (Vec::new(), 0),
                    "the {other:?} agenda must lose a client that is now {colour:?}"
                );
            }
        }
        // The whole counts (the tray's, the digest's) follow the trash too.
        let due = |conn: &Connection, filter: &AgendaFilter| {
            due_by(conn, start_of(p.today(), &p), filter).unwrap()
        };
        assert_eq!(
            due(&conn, &only(FollowUpColour::None)),
            1,
            "the overdue one"
        );
        write(&mut conn, |tx| clients::trash(tx, &id, later())).unwrap();
        assert_eq!(shown(&conn, &only(FollowUpColour::None)), (Vec::new(), 0));
        assert_eq!(
            (
                due(&conn, &only(FollowUpColour::None)),
                due(&conn, &AgendaFilter::default())
            ),
            (0, 0),
            "a trashed client's follow-ups count nowhere"
        );
        write(&mut conn, |tx| clients::restore(tx, &id, later())).unwrap();
        assert_eq!(
            shown(&conn, &only(FollowUpColour::None)).0,
            both(FollowUpColour::None)
        );
        assert_eq!(due(&conn, &AgendaFilter::default()), 1);
    }

    #[test]
    fn today_reads_timed_items_by_time_then_all_day_ones_by_regime() {
        let mut conn = database();
        let p = planner();
        let plan = |conn: &mut Connection, colour, time: Option<&str>, purpose: &str| {
            let id = write(conn, |tx| {
                let input = ClientInput {
                    name: format!("Cliente {purpose}"),
                    colour: Some(colour),
                    ..Default::default()
                };
                clients::save(tx, None, &input, &p)
            })
            .unwrap()
            .id;
            let input = follow_ups::FollowUpInput {
                action: Action::Call,
                purpose: purpose.into(),
                due_date: p.today(),
                due_time: time.map(|t| t.parse().unwrap()),
                recurrence: None,
            };
            write(conn, |tx| follow_ups::create(tx, &id, &input, &p)).unwrap();
        };
        // Planned in no particular order.
        plan(&mut conn, FollowUpColour::None, None, "sin semáforo");
        plan(&mut conn, FollowUpColour::Green, None, "verde");
        plan(&mut conn, FollowUpColour::None, Some("16:00"), "a las 16");
        plan(&mut conn, FollowUpColour::Yellow, None, "amarillo");
        plan(
            &mut conn,
            FollowUpColour::Green,
            Some("09:30"),
            "a las 9:30",
        );
        plan(&mut conn, FollowUpColour::Red, None, "rojo");

        let today = agenda(&conn, &p, &AgendaFilter::default())
            .unwrap()
            .due_today;
        let planned: Vec<&str> = today
            .iter()
            .map(|i| i.purpose.as_str())
            .filter(|p| !p.is_empty())
            .collect();
        assert_eq!(
            planned,
            [
                "a las 9:30",
                "a las 16",
                "rojo",
                "amarillo",
                "verde",
                "sin semáforo"
            ]
        );
        // The regimes' own all-day items fall in their colour's group too.
        let rank = |c: FollowUpColour| FollowUpColour::ALL.iter().position(|&x| x == c);
        let all_day: Vec<_> = today
            .iter()
            .filter(|i| i.due_time.is_none())
            .map(|i| rank(i.colour))
            .collect();
        assert!(all_day.windows(2).all(|w| w[0] <= w[1]), "{all_day:?}");
        assert!(today.iter().any(|i| i.origin == Origin::Regime));
    }

    #[test]
    fn colour_filtered_sections_read_one_index_range_in_due_order() {
        // At 100k clients, checking each pending item's client for its colour took 32 ms.
        let conn = database();
        let p = planner();
        let plan = |sql: &str, values: Vec<Value>| -> String {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let rows = stmt
                .query_map(params_from_iter(values), |r| r.get::<_, String>(3))
                .unwrap();
            rows.map(Result::unwrap).collect::<Vec<_>>().join(" / ")
        };
        let today = start_of(p.today(), &p);
        let red = only(FollowUpColour::Red);
        for (from, order) in [
            (None, ItemOrder::DueDescending),
            (Some(today), ItemOrder::Due),
        ] {
            let (sql, values) =
                items_query(from, today + chrono::Duration::days(7), &red, order, 201);
            let items = plan(&sql, values);
            // Sorting the items due at one same instant by id is fine ("RIGHT PART"); sorting
            // the range is not.
            assert!(
                items.contains("follow_ups_pending_by_colour")
                    && !items.contains("TEMP B-TREE FOR ORDER BY"),
                "a colour's section must be one range of its index, already in order: {items}"
            );
            // Without a colour, the pending index in due order, named so that no day's
            // statistics can turn it into a sort of the whole range.
            let (sql, values) = items_query(
                from,
                today + chrono::Duration::days(7),
                &AgendaFilter::default(),
                order,
                201,
            );
            let items = plan(&sql, values);
            assert!(
                items.contains("follow_ups_pending (") && !items.contains("FOR ORDER BY"),
                "an unfiltered section reads the pending index in order: {items}"
            );
            for filter in [&red, &AgendaFilter::default()] {
                let (sql, values) = count_query(from, today, filter);
                let count = plan(&sql, values);
                assert!(
                    count.contains("INDEX follow_ups_pending_by_colour (client_colour=?")
                        && !count.contains("clients"),
                    "a count is ranges of the colour index, with no client to look at: {count}"
                );
            }
        }
    }
}
