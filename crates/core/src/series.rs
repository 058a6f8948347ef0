//! Recurring series drawn ahead. Only a series' current occurrence is stored (completing it
//! stores the next); the occurrences after it are projected from its rule for any range, so
//! the week view and the calendar export show a visit every two weeks in every week it falls
//! on, and nothing has to be kept in step when the rule or the series changes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::types::{Type, Value, ValueRef};
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
#[derive(Debug, PartialEq)]
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

/// The rows shown, by row id (sorted): looked up once per occurrence, with no hashing.
struct ShownRows(Vec<(i64, Shown)>);

impl ShownRows {
    fn get(&self, rowid: i64) -> Option<&Shown> {
        let at = self.0.binary_search_by_key(&rowid, |(r, _)| *r).ok()?;
        Some(&self.0[at].1)
    }
}

/// Every occurrence the pending series (under `filter`) draw on `from <= date < to` after their
/// stored occurrence, in due order: its instant, its series (into [`Projection::series`]) and
/// its date.
struct Projection {
    /// The series read: pending, due before this instant, under this filter.
    read: (DateTime<Utc>, AgendaFilter),
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
        let end = agenda::start_of(to, planner);
        let (series, rules) = pending_series(conn, end, filter)?;
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
            read: (end, filter.clone()),
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
        let mut rowids: Vec<i64> = chosen.iter().map(|d| self.series[d.1].rowid).collect();
        rowids.sort_unstable();
        rowids.dedup();
        let shown = if rowids.len() * RESCAN_SHARE >= self.series.len() {
            shown_from_index(conn, &self.read, &rowids)?
        } else {
            shown_rows(conn, &rowids)?
        };
        let mut items = Vec::with_capacity(chosen.len());
        // The occurrences come in due order, many at one instant (a morning's visits at
        // 10:00): each instant is written out once.
        let mut written: Option<(DateTime<Utc>, String)> = None;
        for &(at, index, date) in chosen {
            let s = &self.series[index];
            let due_at = match &written {
                Some((last, text)) if *last == at => text.clone(),
                _ => {
                    let text = time::timestamp(at);
                    written = Some((at, text.clone()));
                    text
                }
            };
            // Gone since the first read only if written meanwhile: a read sees one snapshot.
            let Some(row) = shown.get(s.rowid) else {
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
                due_at,
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
    let (sql, values) = series_query(
        "f.rowid, coalesce(f.slot_date, f.due_date), f.due_time, f.recurrence, f.series_start",
        end,
        filter,
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

/// The query of `columns` (SQL on `f`) of every pending series of a live client under
/// `filter` whose stored occurrence falls due before `end`, read from the series' covering
/// index (migrations 0007 and 0012) alone.
fn series_query(columns: &str, end: DateTime<Utc>, filter: &AgendaFilter) -> (String, Vec<Value>) {
    let (conditions, values) = agenda::range_conditions(None, end, filter);
    // A client in the trash leaves its follow-ups without a colour (migration 0006): the
    // check needs no client row.
    let sql = format!(
        "SELECT {columns}
         FROM follow_ups f INDEXED BY follow_ups_pending_series
         WHERE f.status = 'pending' AND f.deleted_at IS NULL AND f.recurrence IS NOT NULL
           AND f.client_colour IS NOT NULL{conditions}"
    );
    (sql, values)
}

/// Past this share of the series read (one in `RESCAN_SHARE`), the rows shown are read by
/// walking the series' index once more instead of looking each one up in the table: at 10,000
/// series, 5,000 rows looked up (a month's export) took 12 ms, scattered over as many table
/// pages, while a second walk of the index reads its 10,000 entries in about 2; the week's
/// 350 take well under a millisecond either way.
const RESCAN_SHARE: usize = 4;

/// [`shown_rows`] for many of the series `read` (their end and filter, as the projection read
/// them): their own columns from a second walk of the series' covering index, keeping the
/// `rowids` (sorted) only, and their clients' from the clients' agenda index, each client once.
fn shown_from_index(
    conn: &Connection,
    read: &(DateTime<Utc>, AgendaFilter),
    rowids: &[i64],
) -> Result<ShownRows> {
    let (sql, values) = series_query(
        "f.rowid, f.id, f.client_id, f.action, f.purpose, f.origin, f.series_id",
        read.0,
        &read.1,
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(values))?;
    let mut own = Vec::with_capacity(rowids.len());
    while let Some(r) = rows.next()? {
        let rowid: i64 = r.get(0)?;
        // Only the columns of the rows kept are read out of the entry.
        if rowids.binary_search(&rowid).is_ok() {
            own.push((
                rowid,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Action>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Origin>(5)?,
                r.get::<_, Option<String>>(6)?,
            ));
        }
    }
    let mut clients: Vec<&str> = own.iter().map(|o| o.2.as_str()).collect();
    clients.sort_unstable();
    clients.dedup();
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.colour, c.city
         FROM json_each(?1) j JOIN clients c INDEXED BY clients_for_agenda ON c.id = j.value
         WHERE c.deleted_at IS NULL",
    )?;
    let mut named: Fnv<String, (String, FollowUpColour, Option<String>)> =
        Fnv::with_capacity_and_hasher(clients.len(), Default::default());
    let mut rows = stmt.query([serde_json::Value::from(clients).to_string()])?;
    while let Some(r) = rows.next()? {
        named.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?));
    }
    let mut shown: Vec<(i64, Shown)> = own
        .into_iter()
        .filter_map(
            |(rowid, id, client_id, action, purpose, origin, series_id)| {
                // A client trashed since the first walk shows nothing, as in [`shown_rows`].
                let (name, colour, city) = named.get(&client_id)?.clone();
                let shown = Shown {
                    follow_up_id: id,
                    client_id,
                    client_name: name,
                    city,
                    colour,
                    action,
                    purpose,
                    origin,
                    series_id,
                };
                Some((rowid, shown))
            },
        )
        .collect();
    shown.sort_unstable_by_key(|(rowid, _)| *rowid);
    Ok(ShownRows(shown))
}

/// The rest of the stored occurrences `rowids` (sorted, each once) and their clients' names,
/// by row id, in one query (5,000 lookups one by one spent a third of their time taking the
/// read lock).
fn shown_rows(conn: &Connection, rowids: &[i64]) -> Result<ShownRows> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.rowid, f.id, f.client_id, c.name, c.colour, f.action, f.purpose, f.origin,
                f.series_id, c.city
         FROM json_each(?1) j
           JOIN follow_ups f ON f.rowid = j.value
           JOIN clients c INDEXED BY clients_for_agenda ON c.id = f.client_id
         WHERE c.deleted_at IS NULL",
    )?;
    let mut shown: Vec<(i64, Shown)> = stmt
        .query_map(
            [serde_json::Value::from(rowids.to_vec()).to_string()],
            |r| {
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
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    // Rows come in the list's order, which is the row ids'; sorted all the same.
    shown.sort_unstable_by_key(|(rowid, _)| *rowid);
    Ok(ShownRows(shown))
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
    use crate::clients::{self, ClientInput};
    use crate::follow_ups::{self, FollowUpInput};
    use crate::planning::{PlanningSettings, RepeatUnit};
    use crate::testing::{database, write};

    #[test]
    fn both_readings_of_the_shown_rows_agree() {
        let mut conn = database();
        let p = Planner::new(
            "2026-11-25T11:00:00Z".parse().unwrap(),
            chrono_tz::Europe::Madrid,
            PlanningSettings::default(),
        );
        write(&mut conn, |tx| {
            for (n, city) in [(0, Some("Ávila")), (1, None), (2, Some("Soria"))] {
                let client = ClientInput {
                    name: format!("Cliente {n}"),
                    city: city.map(Into::into),
                    ..Default::default()
                };
                let id = clients::save(tx, None, &client, &p)?.id;
                for weeks in 1..=2 {
                    let plan = FollowUpInput {
                        action: Action::Visit,
                        purpose: format!("visita {n}/{weeks}"),
                        due_date: p.today() + chrono::Days::new(n + weeks),
                        due_time: None,
                        recurrence: Some(Recurrence {
                            every: weeks as u32,
                            unit: RepeatUnit::Week,
                            weekdays: vec![],
                            until: None,
                        }),
                    };
                    follow_ups::create(tx, &id, &plan, &p)?;
                }
            }
            Ok(())
        })
        .unwrap();
        let to = p.today() + chrono::Days::new(60);
        let projection =
            Projection::of(&conn, &p, p.today(), to, &AgendaFilter::default()).unwrap();
        let mut rowids: Vec<i64> = projection.series.iter().map(|s| s.rowid).collect();
        rowids.sort_unstable();
        assert_eq!(rowids.len(), 6, "every series is read");
        let by_rowid = shown_rows(&conn, &rowids).unwrap();
        let from_index = shown_from_index(&conn, &projection.read, &rowids[1..4]).unwrap();
        assert_eq!(by_rowid.0.len(), 6);
        assert_eq!(
            from_index.0.iter().map(|(r, _)| *r).collect::<Vec<_>>(),
            rowids[1..4],
            "the second walk keeps only the rows asked for"
        );
        for (rowid, shown) in &from_index.0 {
            assert_eq!(
                by_rowid.get(*rowid),
                Some(shown),
                "a series reads the same however its rows are looked up"
            );
        }
    }

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
