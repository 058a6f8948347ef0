//! Each agenda section read page by page to its end: keyset pages in the section's order, so
//! the oldest overdue item of a week away is as reachable as the newest, and every page costs
//! the same however deep it is.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    count_between, item_from_row, items_from, listed_range_conditions, start_of, AgendaFilter,
    AgendaItem, ItemOrder, DAY_KEYS, ITEM_COLUMNS, SHOWN, UPCOMING_DAYS,
};
use crate::planning::{days_after, Planner};
use crate::Result;

/// A section of the agenda's follow-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Section {
    /// Due before today.
    Overdue,
    /// Due today.
    Today,
    /// Due in the [`UPCOMING_DAYS`] after today.
    Upcoming,
}

/// What to read of a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SectionRequest {
    pub section: Section,
    pub filter: AgendaFilter,
    /// Overdue only: the most recent first instead of the longest neglected.
    pub newest_first: bool,
    /// The page after this one's last item; `None` for the first page.
    pub after: Option<SectionCursor>,
    pub limit: u32,
}

/// Where a page ended: its last item's place in the section's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SectionCursor {
    pub due_at: String,
    pub client_id: String,
    pub follow_up_id: String,
    /// Today's order only: all day (after the timed items), the regime's rank (-1 for a
    /// timed item), the client's sort name.
    pub all_day: bool,
    pub rank: i32,
    pub sort_name: String,
}

/// One page of a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SectionPage {
    pub items: Vec<AgendaItem>,
    /// The cursor of the next page; `None` at the section's end.
    pub next: Option<SectionCursor>,
    /// The whole section's count under the filter (first pages only: a later page is the
    /// same section).
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

/// The most items a page holds.
pub const MAX_SECTION_PAGE: u32 = 500;

/// One page of a section as of `planner.now`.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn section_page(
    conn: &Connection,
    planner: &Planner,
    request: &SectionRequest,
) -> Result<SectionPage> {
    let (from, to) = bounds(request.section, planner);
    let (mut conditions, mut values) = listed_range_conditions(from, to, &request.filter);
    let order = match (request.section, request.newest_first) {
        (Section::Today, _) => ItemOrder::Day,
        (Section::Overdue, true) => ItemOrder::DueDescending,
        _ => ItemOrder::Due,
    };
    if let Some(after) = &request.after {
        let slots: Vec<String> = cursor_values(order, after)
            .into_iter()
            .map(|v| {
                values.push(v);
                format!("?{}", values.len())
            })
            .collect();
        let op = if order == ItemOrder::DueDescending {
            "<"
        } else {
            ">"
        };
        conditions.push_str(&format!(
            " AND ({}) {op} ({})",
            order.keys(&request.filter),
            slots.join(", ")
        ));
    }
    let limit = request.limit.clamp(1, MAX_SECTION_PAGE);
    let sql = format!(
        // The cursor is read from the day's own keys (all day, rank, due, sort name, id): the
        // same expressions the order and the next page compare.
        "SELECT {ITEM_COLUMNS}, f.client_id, {DAY_KEYS}
         FROM {} JOIN clients c ON c.id = f.client_id
         WHERE {SHOWN}{conditions} ORDER BY {} LIMIT {}",
        items_from(&request.filter, order),
        order.sql(&request.filter),
        limit + 1
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(values))?;
    let mut items = Vec::new();
    let mut last = None;
    let mut more = false;
    while let Some(r) = rows.next()? {
        if items.len() == limit as usize {
            more = true;
            break;
        }
        let item = item_from_row(r)?;
        last = Some(SectionCursor {
            due_at: item.due_at.clone(),
            client_id: r.get(13)?,
            follow_up_id: item.follow_up_id.clone(),
            all_day: r.get(14)?,
            rank: r.get(15)?,
            sort_name: r.get(17)?,
        });
        items.push(item);
    }
    let total = match request.after {
        Some(_) => None,
        None if !more => Some(items.len() as u64),
        None => Some(count_between(conn, from, to, &request.filter)?),
    };
    Ok(SectionPage {
        items,
        next: last.filter(|_| more),
        total,
    })
}

/// The instants a section spans, `from <= due_at < to` (`from` open for the overdue).
fn bounds(section: Section, planner: &Planner) -> (Option<DateTime<Utc>>, DateTime<Utc>) {
    let today = planner.today();
    let day = |n| start_of(days_after(today, n), planner);
    match section {
        Section::Overdue => (None, day(0)),
        Section::Today => (Some(day(0)), day(1)),
        Section::Upcoming => (Some(day(1)), day(1 + UPCOMING_DAYS)),
    }
}

/// The cursor's values for `order`'s keys ([`ItemOrder::keys`]), in the same order.
fn cursor_values(order: ItemOrder, after: &SectionCursor) -> Vec<Value> {
    match order {
        ItemOrder::Due | ItemOrder::DueDescending => vec![
            Value::Text(after.due_at.clone()),
            Value::Text(after.client_id.clone()),
            Value::Text(after.follow_up_id.clone()),
        ],
        ItemOrder::Day => vec![
            Value::Integer(i64::from(after.all_day)),
            Value::Integer(i64::from(after.rank)),
            Value::Text(after.due_at.clone()),
            Value::Text(after.sort_name.clone()),
            Value::Text(after.follow_up_id.clone()),
        ],
    }
}
