//! Recurring series drawn ahead. Only a series' current occurrence is stored (completing it
//! stores the next); the occurrences after it are projected from its rule for any range, so
//! the week view and the calendar export show a visit every two weeks in every week it falls
//! on, and nothing has to be kept in step when the rule or the series changes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::types::{Type, ValueRef};
use rusqlite::{params_from_iter, Connection};

use crate::agenda::{self, AgendaFilter, AgendaItem, AgendaItems};
use crate::domain::{Action, FollowUpColour};
use crate::follow_ups::Origin;
use crate::planning::{self, Planner, Recurrence};
use crate::{time, Result};

/// A map with the FNV-1a hash: its keys here (a rule's short text, a date) are read once per
/// series, and the standard hash, built to resist attacks no local file makes, cost as much
/// as the projection.
type Fnv<K, V> = HashMap<K, V, BuildHasherDefault<FnvHasher>>;

#[derive(Default)]
struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A pending series, as much of it as projecting needs: read for every series of the range,
/// so it holds no text (the rest is read for the occurrences returned).
struct Series {
    rowid: i64,
    /// Where the rule put the stored occurrence (its date, unless it alone was moved): the
    /// series steps on from here.
    slot: NaiveDate,
    due_time: Option<NaiveTime>,
    /// Into the distinct rules read.
    rule: usize,
    anchor: NaiveDate,
}

/// What an occurrence shows besides its date: its stored occurrence's row and its client's
/// name.
struct Shown {
    follow_up_id: String,
    client_id: String,
    client_name: String,
    city: Option<String>,
    colour: FollowUpColour,
    action: Action,
    purpose: String,
    origin: Origin,
    series_id: Option<String>,
}

/// Every occurrence the pending series (under `filter`) draw on `from <= date < to` after their
/// stored occurrence, in due order: its instant, its series (into [`Projection::series`]) and
/// its date.
struct Projection {
    series: Vec<Series>,
    rules: Vec<Recurrence>,
    drawn: Vec<(DateTime<Utc>, usize, NaiveDate)>,
}

impl Projection {
    fn of(
        conn: &Connection,
        planner: &Planner,
        from: NaiveDate,
        to: NaiveDate,
        filter: &AgendaFilter,
    ) -> Result<Self> {
        let (series, rules) = pending_series(conn, agenda::start_of(to, planner), filter)?;
        let mut instants: Fnv<(NaiveDate, Option<NaiveTime>), DateTime<Utc>> = Fnv::default();
        let mut drawn: Vec<(DateTime<Utc>, usize, NaiveDate)> = Vec::new();
        for (index, s) in series.iter().enumerate() {
            let rule = &rules[s.rule];
            for date in planning::occurrences_between(rule, s.anchor, s.slot, from, to) {
                let at = *instants
                    .entry((date, s.due_time))
                    .or_insert_with(|| planner.due_at(date, s.due_time));
                drawn.push((at, index, date));
            }
        }
        drawn.sort_unstable();
        Ok(Self {
            series,
            rules,
            drawn,
        })
    }

    /// The occurrences `chosen` (of [`Self::drawn`]) as agenda items, in their order, each
    /// marked `projected`: the rest of each series read in one query.
    fn items(
        &self,
        conn: &Connection,
        chosen: &[(DateTime<Utc>, usize, NaiveDate)],
    ) -> Result<Vec<AgendaItem>> {
        let shown = shown_rows(conn, chosen.iter().map(|d| self.series[d.1].rowid))?;
        let mut items = Vec::with_capacity(chosen.len());
        for &(at, index, date) in chosen {
            let s = &self.series[index];
            // Gone since the first read only if written meanwhile: a read sees one snapshot.
            let Some(row) = shown.get(&s.rowid) else {
                continue;
            };
            items.push(AgendaItem {
                follow_up_id: row.follow_up_id.clone(),
                client_id: row.client_id.clone(),
                client_name: row.client_name.clone(),
                city: row.city.clone(),
                colour: row.colour,
                action: row.action,
                purpose: row.purpose.clone(),
                origin: row.origin,
                due_date: date,
                due_time: s.due_time,
                due_at: time::timestamp(at),
                recurrence: Some(self.rules[s.rule].clone()),
                series_id: row.series_id.clone(),
                projected: true,
            });
        }
        Ok(items)
    }
}

/// The occurrences on `from <= date < to` that the pending series (under `filter`) draw after
/// their stored occurrence, each marked `projected`: the first `limit` in due order, and how
/// many there are in all.
///
/// Built for 10,000 series at 100,000 clients: the series come from one covering index range
/// (migration 0007) with no text but their rule, each distinct rule is parsed once, each
/// date's instant is worked out once, and the rest of a series (its purpose, its client's
/// name) is read only for the occurrences returned, in one query.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn drawn_ahead(
    conn: &Connection,
    planner: &Planner,
    from: NaiveDate,
    to: NaiveDate,
    filter: &AgendaFilter,
    limit: u32,
) -> Result<AgendaItems> {
    let projection = Projection::of(conn, planner, from, to, filter)?;
    let total = projection.drawn.len() as u64;
    let chosen = &projection.drawn[..projection.drawn.len().min(limit as usize)];
    let items = projection.items(conn, chosen)?;
    Ok(AgendaItems { items, total })
}

/// [`drawn_ahead`] day by day: for each date of the range with occurrences, its first
/// `per_day` in due order and how many it has in all.
pub(crate) fn drawn_ahead_by_day(
    conn: &Connection,
    planner: &Planner,
    from: NaiveDate,
    to: NaiveDate,
    filter: &AgendaFilter,
    per_day: u32,
) -> Result<HashMap<NaiveDate, AgendaItems>> {
    let projection = Projection::of(conn, planner, from, to, filter)?;
    let mut totals: Fnv<NaiveDate, u64> = Fnv::default();
    let mut chosen = Vec::new();
    for drawn in &projection.drawn {
        let total = totals.entry(drawn.2).or_default();
        *total += 1;
        if *total <= u64::from(per_day) {
            chosen.push(*drawn);
        }
    }
    let mut days: HashMap<NaiveDate, AgendaItems> = totals
        .into_iter()
        .map(|(date, total)| {
            let day = AgendaItems {
                items: Vec::new(),
                total,
            };
            (date, day)
        })
        .collect();
    for item in projection.items(conn, &chosen)? {
        if let Some(day) = days.get_mut(&item.due_date) {
            day.items.push(item);
        }
    }
    Ok(days)
}

/// Every pending series of a live client (under `filter`) whose stored occurrence falls due
/// before `end` (the ones that may draw occurrences before it), and the distinct rules they
/// follow.
fn pending_series(
    conn: &Connection,
    end: DateTime<Utc>,
    filter: &AgendaFilter,
) -> Result<(Vec<Series>, Vec<Recurrence>)> {
    let (conditions, values) = agenda::range_conditions(None, end, filter);
    // A client in the trash leaves its follow-ups without a colour (migration 0006): the
    // check needs no client row.
    let sql = format!(
        "SELECT f.rowid, coalesce(f.slot_date, f.due_date), f.due_time, f.recurrence,
                f.series_start
         FROM follow_ups f INDEXED BY follow_ups_pending_series
         WHERE f.status = 'pending' AND f.deleted_at IS NULL AND f.recurrence IS NOT NULL
           AND f.client_colour IS NOT NULL{conditions}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut known: Fnv<String, Option<usize>> = Fnv::default();
    let mut rules = Vec::new();
    let mut rows = stmt.query(params_from_iter(values))?;
    let mut series = Vec::new();
    while let Some(r) = rows.next()? {
        let text = r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
        let rule = match known.get(text) {
            Some(rule) => *rule,
            None => {
                // A rule this version cannot read draws nothing ahead rather than failing.
                let rule = serde_json::from_str::<Recurrence>(text).ok().map(|rule| {
                    rules.push(rule);
                    rules.len() - 1
                });
                known.insert(text.to_string(), rule);
                rule
            }
        };
        let Some(rule) = rule else { continue };
        let slot = date(r.get_ref(1)?)?;
        series.push(Series {
            rowid: r.get(0)?,
            slot,
            due_time: match r.get_ref(2)? {
                ValueRef::Null => None,
                value => Some(clock_time(value)?),
            },
            rule,
            anchor: match r.get_ref(4)? {
                ValueRef::Null => slot,
                value => date(value)?,
            },
        });
    }
    Ok((series, rules))
}

/// The rest of the stored occurrences `rowids` and their clients' names, by row id, in one
/// query (5,000 lookups one by one spent a third of their time taking the read lock).
fn shown_rows(conn: &Connection, rowids: impl Iterator<Item = i64>) -> Result<HashMap<i64, Shown>> {
    let mut rowids: Vec<i64> = rowids.collect();
    rowids.sort_unstable();
    rowids.dedup();
    let mut stmt = conn.prepare_cached(
        "SELECT f.rowid, f.id, f.client_id, c.name, c.colour, f.action, f.purpose, f.origin,
                f.series_id, c.city
         FROM json_each(?1) j
           JOIN follow_ups f ON f.rowid = j.value
           JOIN clients c INDEXED BY clients_for_agenda ON c.id = f.client_id
         WHERE c.deleted_at IS NULL",
    )?;
    let shown = stmt
        .query_map([serde_json::Value::from(rowids).to_string()], |r| {
            Ok((
                r.get(0)?,
                Shown {
                    follow_up_id: r.get(1)?,
                    client_id: r.get(2)?,
                    client_name: r.get(3)?,
                    colour: r.get(4)?,
                    action: r.get(5)?,
                    purpose: r.get(6)?,
                    origin: r.get(7)?,
                    series_id: r.get(8)?,
                    city: r.get(9)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(shown)
}

/// A stored date, `YYYY-MM-DD`, read without chrono's format machinery (which cost more than
/// the projection itself at 10,000 series).
fn date(value: ValueRef) -> Result<NaiveDate> {
    let text = value.as_str().map_err(rusqlite::Error::from)?;
    let fast = digits(text, b"NNNN-NN-NN")
        .and_then(|n| NaiveDate::from_ymd_opt(i32::try_from(n[0]).ok()?, n[1], n[2]));
    fast.map_or_else(|| parsed(text), Ok)
}

/// A stored wall-clock time, `HH:MM:SS` (read like [`date`]).
fn clock_time(value: ValueRef) -> Result<NaiveTime> {
    let text = value.as_str().map_err(rusqlite::Error::from)?;
    let fast = digits(text, b"NN:NN:NN").and_then(|n| NaiveTime::from_hms_opt(n[0], n[1], n[2]));
    fast.map_or_else(|| parsed(text), Ok)
}

/// The three numbers of `text` if it has exactly the `shape` (`N` a digit, anything else
/// itself), else `None`.
fn digits(text: &str, shape: &[u8]) -> Option<[u32; 3]> {
    let bytes = text.as_bytes();
    if bytes.len() != shape.len() {
        return None;
    }
    let mut numbers = [0u32; 3];
    let mut field = 0;
    for (&b, &expected) in bytes.iter().zip(shape) {
        if expected == b'N' {
            if !b.is_ascii_digit() {
                return None;
            }
            numbers[field] = numbers[field] * 10 + u32::from(b - b'0');
        } else if b == expected {
            field += 1;
        } else {
            return None;
        }
    }
    Some(numbers)
}

fn parsed<T>(text: &str) -> Result<T>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().map_err(|e: T::Err| {
        rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(e)).into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_dates_and_times_read_as_chrono_reads_them() {
        let date_of = |text: &str| date(ValueRef::Text(text.as_bytes())).ok();
        let time_of = |text: &str| clock_time(ValueRef::Text(text.as_bytes())).ok();
        for text in [
            "2026-11-30",
            "2028-02-29",
            "0001-01-01",
            "2026-02-30",
            "2026-1-30",
            "x",
        ] {
            assert_eq!(date_of(text), text.parse().ok(), "{text}");
        }
        for text in [
            "10:00:00",
            "23:59:59",
            "10:00",
            "10:00:00.5",
            "24:00:00",
            "1:00:00",
        ] {
            assert_eq!(time_of(text), text.parse().ok(), "{text}");
        }
    }
}
