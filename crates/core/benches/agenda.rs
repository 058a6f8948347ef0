//! The agenda and the reminder scheduler's queries at 100,000 clients with 1,000,000
//! follow-ups and 1,000,000 interactions, against the target of 5 ms (median).
//!
//! The data is written with bulk SQL (the domain API would take minutes for two million rows)
//! in the shape the app produces: per client ten follow-ups over the past year, mostly done,
//! some overdue, one or two planned ahead, and ten interactions. It is cached under the target
//! directory, keyed by the schema, so reruns start measuring at once.
//! Run with `cargo bench -p cartera-core --bench agenda`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use cartera_core::agenda::{self, AgendaFilter};
use cartera_core::clients::FollowUpColour;
use cartera_core::planning::{Planner, PlanningSettings};
use cartera_core::{db, reminders};
use chrono::{DateTime, Days, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use rusqlite::{params, Connection, TransactionBehavior};

const CLIENTS: u64 = 100_000;
const FOLLOW_UPS_PER_CLIENT: u64 = 10;
const INTERACTIONS_PER_CLIENT: u64 = 10;
const TARGET: Duration = Duration::from_millis(5);

/// "Now" in the data set: a Monday morning in Madrid.
fn now() -> DateTime<Utc> {
    "2026-11-23T08:30:00Z".parse().expect("a valid instant")
}

fn planner() -> Planner {
    Planner::new(
        now(),
        chrono_tz::Europe::Madrid,
        PlanningSettings::default(),
    )
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A tiny deterministic generator (SplitMix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn dataset() -> PathBuf {
    let schema = {
        let conn = db::open_in_memory().expect("migrations apply");
        conn.query_row(
            "SELECT group_concat(coalesce(sql, ''), ';') FROM (SELECT sql FROM sqlite_schema ORDER BY name)",
            [],
            |r| r.get::<_, String>(0),
        )
        .expect("schema readable")
    };
    let key = schema.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(|t| PathBuf::from(t).join("bench-data"))
        .unwrap_or(dir);
    let path = dir.join(format!("agenda-{key:016x}.sqlite3"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).expect("bench data folder");
    // Data sets of older schemas are dead weight (600 MB each): remove them.
    for old in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if old.file_name().to_string_lossy().starts_with("agenda-") {
            let _ = std::fs::remove_file(old.path());
        }
    }
    let tmp = path.with_extension("partial");
    let _ = std::fs::remove_file(&tmp);
    let started = Instant::now();
    let mut conn = db::open(&tmp).expect("open the bench database");
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .expect("transaction");
    {
        let mut client = tx
            .prepare(
                "INSERT INTO clients (id, kind, name, sort_name, colour, status, created_at,
                                      updated_at, last_contact_at, colour_since)
                 VALUES (?1, 'company', ?2, ?3, ?4, 'active', ?5, ?5, ?6, ?5)",
            )
            .expect("prepare");
        let mut follow_up = tx
            .prepare(
                "INSERT INTO follow_ups (id, client_id, action, purpose, due_date, due_time, due_at,
                                         origin, status, completed_at, notified_at, created_at, updated_at)
                 VALUES (?1, ?2, 'call', 'revisar pedido', ?3, '10:00:00', ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            )
            .expect("prepare");
        let mut interaction = tx
            .prepare(
                "INSERT INTO interactions (id, client_id, channel, direction, outcome, summary,
                                           occurred_at, created_at, updated_at)
                 VALUES (?1, ?2, 'call', 'outbound', 'reached', 'llamada de seguimiento', ?3, ?3, ?3)",
            )
            .expect("prepare");
        let mut rng = Rng(2026);
        let colours = [
            "red", "yellow", "green", "none", "none", "none", "none", "none", "none", "none",
        ];
        let base = now();
        for c in 0..CLIENTS {
            let id = format!("c{c:08}");
            let name = format!("Cliente {c:06}");
            let last_contact = base - chrono::Duration::days(rng.below(120) as i64);
            client
                .execute(params![
                    id,
                    name,
                    name.to_lowercase(),
                    colours[rng.below(10) as usize],
                    stamp(base - chrono::Duration::days(400)),
                    stamp(last_contact)
                ])
                .expect("client");
            for f in 0..FOLLOW_UPS_PER_CLIENT {
                // Mostly done in the past year; 5% left overdue; one or two ahead (60 days).
                let (offset_days, status) = match f {
                    0 => (rng.below(60) as i64 + 1, "pending"),
                    1 if rng.below(2) == 0 => (rng.below(60) as i64 + 1, "pending"),
                    2 if rng.below(20) == 0 => (-(rng.below(30) as i64) - 1, "pending"),
                    _ => (-(rng.below(365) as i64) - 1, "done"),
                };
                let due = base + chrono::Duration::days(offset_days);
                let date: NaiveDate = due.date_naive();
                let notified = (status == "done" || offset_days < 0).then(|| stamp(due));
                follow_up
                    .execute(params![
                        format!("f{c:08}{f:02}"),
                        id,
                        date,
                        stamp(due),
                        if f == 0 { "regime" } else { "manual" },
                        status,
                        (status == "done").then(|| stamp(due)),
                        notified,
                        stamp(due - chrono::Duration::days(7))
                    ])
                    .expect("follow-up");
            }
            for i in 0..INTERACTIONS_PER_CLIENT {
                let at = base - chrono::Duration::days(rng.below(365) as i64 + 1);
                interaction
                    .execute(params![format!("i{c:08}{i:02}"), id, stamp(at)])
                    .expect("interaction");
            }
        }
    }
    tx.commit().expect("commit");
    conn.execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("analyze");
    drop(conn);
    std::fs::rename(&tmp, &path).expect("publish the data set");
    eprintln!("generated the agenda data set in {:.1?}", started.elapsed());
    path
}

fn median(conn: &Connection, run: &dyn Fn(&Connection) -> usize) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..101 {
        let t = Instant::now();
        rows = run(conn);
        times.push(t.elapsed());
    }
    times.sort();
    (times[times.len() / 2], rows)
}

type Case = (&'static str, Box<dyn Fn(&Connection) -> usize>);

fn cases() -> Vec<Case> {
    let p = planner();
    let monday = p.today();
    vec![
        (
            "agenda: overdue + today + 7 days",
            Box::new({
                let p = p.clone();
                move |c: &Connection| {
                    let a = agenda::agenda(c, &p, &AgendaFilter::default()).expect("agenda");
                    a.overdue.len() + a.due_today.len() + a.upcoming.len()
                }
            }),
        ),
        (
            "agenda filtered by colour (red)",
            Box::new({
                let p = p.clone();
                move |c: &Connection| {
                    let f = AgendaFilter {
                        colour: Some(FollowUpColour::Red),
                        action: None,
                    };
                    let a = agenda::agenda(c, &p, &f).expect("agenda");
                    a.overdue.len() + a.due_today.len() + a.upcoming.len()
                }
            }),
        ),
        (
            "next reminder (scheduler)",
            Box::new(|c: &Connection| {
                usize::from(reminders::next_due_at(c).expect("next").is_some())
            }),
        ),
        (
            "take due reminders (scheduler tick, rolled back)",
            Box::new(|c: &Connection| {
                // Dropping the transaction rolls it back: every iteration sees the same data.
                let tx = c.unchecked_transaction().expect("tx");
                reminders::take_due(&tx, now()).expect("take").len()
            }),
        ),
        (
            "week view",
            Box::new({
                let p = p.clone();
                move |c: &Connection| {
                    agenda::week(c, &p, monday + Days::new(7), &AgendaFilter::default())
                        .expect("week")
                        .items
                        .len()
                }
            }),
        ),
        (
            "not contacted in 30 days",
            Box::new({
                let p = p.clone();
                move |c: &Connection| agenda::not_contacted(c, &p).expect("quiet").items.len()
            }),
        ),
        (
            "waiting for an answer (green)",
            Box::new({
                let p = p.clone();
                move |c: &Connection| {
                    agenda::waiting_for_answer(c, &p)
                        .expect("waiting")
                        .items
                        .len()
                }
            }),
        ),
    ]
}

fn bench_agenda(c: &mut Criterion) {
    let conn = db::open(&dataset()).expect("open the data set");
    let cases = cases();
    let mut group = c.benchmark_group("agenda");
    group.sample_size(50);
    for (name, run) in &cases {
        group.bench_function(*name, |b| b.iter(|| run(&conn)));
    }
    group.finish();
    println!("\n| case | median | rows | target |\n|---|---|---|---|");
    for (name, run) in &cases {
        let (m, rows) = median(&conn, run.as_ref());
        let ok = if m <= TARGET {
            "✓ ≤ 5 ms"
        } else {
            "✗ over 5 ms"
        };
        println!(
            "| {name} | {:.3} ms | {rows} | {ok} |",
            m.as_secs_f64() * 1e3
        );
    }
}

criterion_group!(benches, bench_agenda);
criterion_main!(benches);
