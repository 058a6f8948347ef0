//! A year of follow-ups and interactions per client, written with bulk SQL in the shape the
//! app produces (the domain API would take minutes for millions of rows). Shared by the agenda
//! bench and the `measure_data` example with `#[path]`, so both measure the same history.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Statement, Transaction};

use cartera_core::time::timestamp;

/// Follow-ups per client: mostly done, some overdue, one or two planned ahead.
const FOLLOW_UPS_PER_CLIENT: u64 = 10;
/// Interactions per client, over the past year.
const INTERACTIONS_PER_CLIENT: u64 = 10;
/// One client in this many has a recurring visit (a series every 1 to 4 weeks): 10,000 series
/// at 100,000 clients.
const SERIES_EVERY_CLIENTS: u64 = 10;

/// A tiny deterministic generator (SplitMix64): the same history on every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Names a new row from its kind (`'f'` follow-up, `'i'` interaction), the client's ordinal
/// and the row's number within the client.
pub type NewId = fn(char, u64, u64) -> String;

/// Prepared inserts of follow-ups and interactions inside one write transaction.
pub struct History<'tx> {
    follow_up: Statement<'tx>,
    series: Statement<'tx>,
    interaction: Statement<'tx>,
    /// "Now" of the data set: history lies before it, planned follow-ups after it.
    now: DateTime<Utc>,
    new_id: NewId,
    /// The origin of each client's first planned follow-up: `regime` where the client rows
    /// were written without their colour's follow-up (the agenda bench), else `manual`.
    first_planned_origin: &'static str,
}

impl<'tx> History<'tx> {
    pub fn new(
        tx: &'tx Transaction,
        now: DateTime<Utc>,
        new_id: NewId,
        first_planned_origin: &'static str,
    ) -> rusqlite::Result<Self> {
        Ok(Self {
            follow_up: tx.prepare(
                "INSERT INTO follow_ups (id, client_id, action, purpose, due_date, due_time,
                                         due_at, origin, status, completed_at, notified_at,
                                         created_at, updated_at)
                 VALUES (?1, ?2, 'call', 'revisar pedido', ?3, iif(?5 = 'regime', NULL, '10:00:00'),
                         ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            )?,
            series: tx.prepare(
                "INSERT INTO follow_ups (id, client_id, action, purpose, due_date, due_time,
                                         due_at, recurrence, series_id, series_start, origin,
                                         created_at, updated_at)
                 VALUES (?1, ?2, 'visit', 'reponer expositor', ?3, '10:00:00', ?4, ?5, ?1, ?3,
                         'manual', ?6, ?6)",
            )?,
            interaction: tx.prepare(
                "INSERT INTO interactions (id, client_id, channel, direction, outcome, summary,
                                           occurred_at, created_at, updated_at)
                 VALUES (?1, ?2, 'call', 'outbound', 'reached', 'llamada de seguimiento',
                         ?3, ?3, ?3)",
            )?,
            now,
            new_id,
            first_planned_origin,
        })
    }

    /// One client's year: ten follow-ups (one planned in the next 60 days and a second one
    /// for half the clients, or a recurring visit in the next two weeks for one client in
    /// [`SERIES_EVERY_CLIENTS`]; 5 % of clients with one left overdue within the last 30
    /// days; the rest done over the past year) and ten interactions over the past year.
    pub fn year(&mut self, rng: &mut Rng, ordinal: u64, client_id: &str) -> rusqlite::Result<()> {
        for f in 0..FOLLOW_UPS_PER_CLIENT {
            if f == 1 && ordinal % SERIES_EVERY_CLIENTS == 0 {
                let due = self.now + Duration::days(rng.below(14) as i64 + 1);
                let weeks = rng.below(4) + 1;
                self.series(&(self.new_id)('f', ordinal, f), client_id, due, weeks)?;
                continue;
            }
            let (offset_days, status) = match f {
                0 => (rng.below(60) as i64 + 1, "pending"),
                1 if rng.below(2) == 0 => (rng.below(60) as i64 + 1, "pending"),
                2 if rng.below(20) == 0 => (-(rng.below(30) as i64) - 1, "pending"),
                _ => (-(rng.below(365) as i64) - 1, "done"),
            };
            let origin = if f == 0 {
                self.first_planned_origin
            } else {
                "manual"
            };
            let id = (self.new_id)('f', ordinal, f);
            let due = self.now + Duration::days(offset_days);
            self.follow_up(&id, client_id, due, origin, status)?;
        }
        for i in 0..INTERACTIONS_PER_CLIENT {
            let at = self.now - Duration::days(rng.below(365) as i64 + 1);
            self.interaction(&(self.new_id)('i', ordinal, i), client_id, at)?;
        }
        Ok(())
    }

    /// A call due at `due`, planned a week before; a done one was completed on time, and one
    /// due in the past was notified when due. A regime's call is all day, as the app plans it
    /// (due at the start of a working day in Madrid, 9:00, taken as 08:00 UTC).
    pub fn follow_up(
        &mut self,
        id: &str,
        client_id: &str,
        due: DateTime<Utc>,
        origin: &str,
        status: &str,
    ) -> rusqlite::Result<()> {
        let due = if origin == "regime" {
            due.date_naive()
                .and_hms_opt(8, 0, 0)
                .map_or(due, |at| at.and_utc())
        } else {
            due
        };
        let done = status == "done";
        let notified = (done || due < self.now).then(|| timestamp(due));
        self.follow_up.execute(params![
            id,
            client_id,
            due.date_naive(),
            timestamp(due),
            origin,
            status,
            done.then(|| timestamp(due)),
            notified,
            timestamp(due - Duration::days(7)),
        ])?;
        Ok(())
    }

    /// A visit due at `due` repeating every `weeks` weeks on its weekday, planned a week
    /// before: the pending occurrence that starts its series.
    pub fn series(
        &mut self,
        id: &str,
        client_id: &str,
        due: DateTime<Utc>,
        weeks: u64,
    ) -> rusqlite::Result<()> {
        let rule = format!(r#"{{"every":{weeks},"unit":"week","weekdays":[],"until":null}}"#);
        self.series.execute(params![
            id,
            client_id,
            due.date_naive(),
            timestamp(due),
            rule,
            timestamp(due - Duration::days(7)),
        ])?;
        Ok(())
    }

    /// An outbound call that reached the client at `at`.
    pub fn interaction(
        &mut self,
        id: &str,
        client_id: &str,
        at: DateTime<Utc>,
    ) -> rusqlite::Result<()> {
        self.interaction
            .execute(params![id, client_id, timestamp(at)])?;
        Ok(())
    }
}
