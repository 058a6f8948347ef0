//! Writes the app-level measurement data set: clients through `sample::load` (the app's own
//! save path: names, search words, contact people, colours and their regimes), then a year of
//! history per client with bulk SQL in the agenda bench's shape (`benches/support/history.rs`,
//! shared with that bench), plus one client with a long history; last, each client's last
//! contact and regime follow-up brought in line with that history through the core, as the app
//! does when an interaction is logged. Dates are relative to `--now`.
//!
//! ```sh
//! cargo run --release -p cartera-core --example measure_data -- \
//!     --clients 20000 --now 2026-11-23T08:30:00Z --out /tmp/cartera-20k.sqlite3
//! ```
//!
//! The file is written as `<out>.partial` and renamed when complete, closed cleanly (the app
//! opens it without an integrity check). No `ANALYZE`: the app never runs it.

#[path = "../benches/support/history.rs"]
mod history;

use std::error::Error;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use cartera_core::db::{self, recovery};
use cartera_core::planning::{Planner, PlanningSettings};
use cartera_core::{follow_ups, sample, time};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use rusqlite::{Connection, TransactionBehavior};

use history::{History, Rng};

const USAGE: &str = "usage: measure_data [--clients N] [--now RFC3339] --out PATH
  --clients  clients to write (default 100000)
  --now      the data set's present (default: the current instant)
  --out      the database file to write (replaced if it exists)";

/// The clients' seed: the same one as the client list bench, so the same clients.
const SEED: u64 = 20_261_122;
/// The long-history client's interactions, over the two years before `--now`.
const LONG_INTERACTIONS: u64 = 2_000;
/// The long-history client's done follow-ups, over the same two years.
const LONG_DONE_FOLLOW_UPS: u64 = 200;

struct Args {
    clients: u64,
    now: DateTime<Utc>,
    out: PathBuf,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut clients = 100_000;
    let mut now = Utc::now().trunc_subsecs(0);
    let mut out = None;
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--clients" => {
                let text = value()?;
                clients = text
                    .replace('_', "")
                    .parse()
                    .map_err(|_| format!("--clients: not a number: {text}"))?;
            }
            "--now" => {
                let text = value()?;
                now = DateTime::parse_from_rfc3339(&text)
                    .map_err(|e| format!("--now: not an RFC 3339 instant ({e}): {text}"))?
                    .with_timezone(&Utc);
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    let out = out.ok_or("--out is required")?;
    Ok(Args { clients, now, out })
}

/// `path` with `suffix` added to its file name: `x.sqlite3` → `x.sqlite3-wal`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes a database file and what SQLite and Cartera keep beside it.
fn remove_database(path: &Path) -> std::io::Result<()> {
    for file in [
        path.to_path_buf(),
        with_suffix(path, "-wal"),
        with_suffix(path, "-shm"),
        with_suffix(path, ".open"),
    ] {
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Rows of the app are named like the app names them (UUIDv7).
fn app_id(_kind: char, _client: u64, _n: u64) -> String {
    time::new_id()
}

fn count(conn: &Connection, table: &str) -> rusqlite::Result<i64> {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
}

fn write(args: &Args) -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let partial = with_suffix(&args.out, ".partial");
    remove_database(&partial)?;
    let planner = Planner::new(
        args.now,
        chrono_tz::Europe::Madrid,
        PlanningSettings::default(),
    );
    let mut conn = db::open(&partial)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    sample::load(&tx, args.clients, SEED, &planner)?;
    let loaded = started.elapsed();
    let ids: Vec<String> = tx
        .prepare("SELECT id FROM clients ORDER BY seq")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // The client with a long history: the first company, a key account of many years.
    let (long_id, long_name): (String, String) = tx.query_row(
        "SELECT id, name FROM clients WHERE kind = 'company' ORDER BY seq LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    {
        // Every follow-up written here is manual: `sample::load` planned each coloured
        // client's regime follow-up through the app's save path already.
        let mut history = History::new(&tx, args.now, app_id, "manual")?;
        let mut rng = Rng(SEED);
        for (ordinal, id) in ids.iter().enumerate() {
            history.year(&mut rng, ordinal as u64, id)?;
        }
        let two_years_in_minutes = 2 * 365 * 24 * 60;
        for _ in 0..LONG_INTERACTIONS {
            let at = args.now - Duration::minutes(rng.below(two_years_in_minutes) as i64 + 1);
            history.interaction(&time::new_id(), &long_id, at)?;
        }
        for _ in 0..LONG_DONE_FOLLOW_UPS {
            let due = args.now - Duration::days(rng.below(2 * 365) as i64 + 1);
            history.follow_up(&time::new_id(), &long_id, due, "manual", "done")?;
        }
    }
    // Each client's last contact is its newest interaction, and each coloured client's regime
    // follow-up is planned from it, as logging that interaction in the app would leave them.
    tx.execute(
        "UPDATE clients SET last_contact_at =
             (SELECT max(occurred_at) FROM interactions i
              WHERE i.client_id = clients.id AND i.deleted_at IS NULL)",
        [],
    )?;
    let coloured: Vec<String> = tx
        .prepare("SELECT id FROM clients WHERE colour <> 'none' ORDER BY seq")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &coloured {
        follow_ups::replan_regime(&tx, id, &planner)?;
    }
    tx.commit()?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    let counts = [
        ("clients", count(&conn, "clients")?),
        ("contact people", count(&conn, "contact_people")?),
        ("follow-ups", count(&conn, "follow_ups")?),
        ("interactions", count(&conn, "interactions")?),
    ];
    conn.close().map_err(|(_, e)| e)?;
    recovery::mark_closed(&partial);
    // A new file must never meet the old file's write-ahead log: clear the place first.
    remove_database(&args.out)?;
    std::fs::rename(&partial, &args.out)?;

    println!(
        "wrote {} (now = {})",
        args.out.display(),
        args.now.to_rfc3339()
    );
    for (what, n) in counts {
        println!("  {n:>9} {what}");
    }
    println!(
        "  long history: client {long_id} \"{long_name}\" ({LONG_INTERACTIONS} interactions, \
         {LONG_DONE_FOLLOW_UPS} done follow-ups over two years)"
    );
    println!(
        "{} clients in {:.1?} (sample::load {:.1?}, history {:.1?})",
        args.clients,
        started.elapsed(),
        loaded,
        started.elapsed() - loaded
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(problem) => {
            if !problem.is_empty() {
                eprintln!("measure_data: {problem}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match write(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("measure_data: {error}");
            ExitCode::FAILURE
        }
    }
}
