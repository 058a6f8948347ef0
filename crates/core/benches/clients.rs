//! The client list at 100,000 clients: every query a screenful of the list or the search box
//! runs, measured against the target of 5 ms (median) at the database.
//!
//! The data set is `sample::load` (deterministic) written once into a WAL file database opened
//! with `db::open`, like the app's. It is cached under the target directory, keyed by its size
//! and a fingerprint of the schema and of the code that generates it, so reruns start
//! measuring at once. Run with `cargo bench -p cartera-core --bench clients`; a table of
//! medians is printed at the end. `CARTERA_BENCH_CLIENTS` sets another size.

#[path = "support/bench_env.rs"]
mod bench_env;

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cartera_core::clients::{
    self, ClientCursor, ClientFilter, ClientPageRequest, ClientSort, FollowUpColour,
};
use cartera_core::db::{self, recovery};
use cartera_core::planning::{Planner, PlanningSettings};
use cartera_core::{labels, sample};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rusqlite::{Connection, TransactionBehavior};

/// Seed of the data set: the same clients on every machine.
const SEED: u64 = 20_261_122;
/// One screenful of the list.
const PAGE: u32 = 50;
/// The target for each case, median at the database.
const TARGET: Duration = Duration::from_millis(5);

/// FNV-1a: a stable hash for the cache key (std's hasher may change between releases).
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// What the cached file depends on: the schema, the code that writes the clients and how many.
fn fingerprint(clients: u64) -> u64 {
    let conn = db::open_in_memory().expect("the migrations must apply to an empty database");
    let schema: String = conn
        .query_row(
            "SELECT group_concat(coalesce(sql, ''), ';') FROM
                 (SELECT sql FROM sqlite_schema ORDER BY type, name)",
            [],
            |r| r.get(0),
        )
        .expect("the schema can be read");
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for part in [
        schema.as_str(),
        include_str!("../src/sample/mod.rs"),
        include_str!("../src/clients/store.rs"),
        include_str!("../src/clients/validate.rs"),
        include_str!("../src/clients/contacts.rs"),
        include_str!("../src/follow_ups.rs"),
        include_str!("../src/labels.rs"),
        include_str!("../src/text.rs"),
    ] {
        h.write(part.as_bytes());
    }
    h.write_u64(clients);
    h.write_u64(SEED);
    h.finish()
}

/// The path of the database of `clients` clients (company clients bring one or two contact
/// people each), generated on the first run.
fn dataset(clients: u64) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!(
        "cartera-bench-{clients}-v{}-{:016x}.sqlite3",
        db::latest_version(),
        fingerprint(clients)
    ));
    if path.exists() {
        return path;
    }
    // Files of older schemas or generators are about 200 MB each at 100,000 clients: only the
    // current one of each size stays.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!("cartera-bench-{clients}-")) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    // Written under another name and renamed when complete: an interrupted run never leaves
    // a half-filled file that a later run would trust.
    let partial = path.with_extension("partial");
    eprintln!("generating {clients} clients into {} …", path.display());
    let started = Instant::now();
    {
        let mut conn = db::open(&partial).expect("the bench database opens");
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .expect("a write transaction starts");
        let planner = Planner::new(
            "2026-11-23T09:00:00Z".parse().expect("instant"),
            chrono_tz::Europe::Madrid,
            PlanningSettings::default(),
        );
        sample::load(&tx, clients, SEED, &planner).expect("the sample data loads");
        tx.commit().expect("the sample data commits");
        // No ANALYZE: the app never runs it, so the plans measured are the app's plans.
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("the database is checkpointed");
    }
    recovery::mark_closed(&partial);
    std::fs::rename(&partial, &path).expect("the finished database is renamed into place");
    eprintln!("generated in {:.1?}", started.elapsed());
    path
}

/// The sort key and id of the client at `position` in `sort` order, for a deep page's cursor.
fn cursor_at(conn: &Connection, sort: ClientSort, position: u64) -> ClientCursor {
    let sql = match sort {
        ClientSort::Name => {
            "SELECT sort_name, id FROM clients WHERE deleted_at IS NULL
             ORDER BY sort_name, id LIMIT 1 OFFSET ?1"
        }
        ClientSort::Updated => {
            "SELECT updated_at, id FROM clients WHERE deleted_at IS NULL
             ORDER BY updated_at DESC, id DESC LIMIT 1 OFFSET ?1"
        }
    };
    conn.query_row(sql, [position as i64], |r| {
        Ok(ClientCursor {
            key: r.get(0)?,
            id: r.get(1)?,
        })
    })
    .expect("the data set has that many clients")
}

/// A contact person's full name from the middle of the data set.
fn contact_name(conn: &Connection) -> String {
    conn.query_row(
        "SELECT name FROM contact_people ORDER BY id LIMIT 1 OFFSET
             (SELECT count(*) / 2 FROM contact_people)",
        [],
        |r| r.get(0),
    )
    .expect("the data set has contact people")
}

fn request(
    filter: ClientFilter,
    sort: ClientSort,
    after: Option<ClientCursor>,
) -> ClientPageRequest {
    ClientPageRequest {
        filter,
        sort,
        after,
        limit: PAGE,
    }
}

fn search(text: &str) -> ClientFilter {
    ClientFilter {
        search: Some(text.into()),
        ..ClientFilter::default()
    }
}

/// One measured query: a name for the table and what it runs.
enum Case {
    Page(ClientPageRequest),
    Count(ClientFilter),
    /// The list header's count: exact, or "more than 1,000" past the cap.
    Bounded(ClientFilter),
    /// Segments and tags with their client counts (the list's filter menus).
    Labels,
}

impl Case {
    /// Runs the query; returns how many rows (page) or clients (count) it found.
    fn run(&self, conn: &Connection) -> u64 {
        match self {
            Case::Page(r) => clients::page(conn, r).expect("page").items.len() as u64,
            Case::Count(f) => clients::count(conn, f).expect("count"),
            Case::Bounded(f) => clients::count_bounded(conn, f).expect("count").total,
            Case::Labels => {
                let l = labels::all(conn).expect("labels");
                (l.segments.len() + l.tags.len()) as u64
            }
        }
    }
}

fn cases(conn: &Connection) -> Vec<(String, Case)> {
    let live = clients::count(conn, &ClientFilter::default()).expect("count");
    let deep = live * 9 / 10;
    let labels = labels::all(conn).expect("labels");
    let segment = labels
        .segments
        .iter()
        .find(|s| s.name == "Hostelería")
        .expect("the sample has the Hostelería segment")
        .id
        .clone();
    let tag = labels
        .tags
        .iter()
        .find(|t| t.name == "VIP")
        .expect("the sample has the VIP tag")
        .id
        .clone();
    let contact = contact_name(conn);
    let name = ClientSort::Name;
    let updated = ClientSort::Updated;
    let none = ClientFilter::default;
    vec![
        (
            "list by name, first page".into(),
            Case::Page(request(none(), name, None)),
        ),
        (
            "list by name, page at 90%".into(),
            Case::Page(request(none(), name, Some(cursor_at(conn, name, deep)))),
        ),
        (
            "list by updated, first page".into(),
            Case::Page(request(none(), updated, None)),
        ),
        (
            "list by updated, page at 90%".into(),
            Case::Page(request(
                none(),
                updated,
                Some(cursor_at(conn, updated, deep)),
            )),
        ),
        (
            "segment Hostelería, first page".into(),
            Case::Page(request(
                ClientFilter {
                    segment_id: Some(segment.clone()),
                    ..none()
                },
                name,
                None,
            )),
        ),
        (
            "segment Hostelería, by updated".into(),
            Case::Page(request(
                ClientFilter {
                    segment_id: Some(segment.clone()),
                    ..none()
                },
                updated,
                None,
            )),
        ),
        (
            "colour red, first page".into(),
            Case::Page(request(
                ClientFilter {
                    colour: Some(FollowUpColour::Red),
                    ..none()
                },
                name,
                None,
            )),
        ),
        (
            "tag VIP, first page".into(),
            Case::Page(request(
                ClientFilter {
                    tag_id: Some(tag.clone()),
                    ..none()
                },
                name,
                None,
            )),
        ),
        ("count, no filter".into(), Case::Count(none())),
        (
            "count, segment".into(),
            Case::Count(ClientFilter {
                segment_id: Some(segment.clone()),
                ..none()
            }),
        ),
        (
            "count, tag".into(),
            Case::Count(ClientFilter {
                tag_id: Some(tag.clone()),
                ..none()
            }),
        ),
        (
            "search \"m\"".into(),
            Case::Page(request(search("m"), name, None)),
        ),
        (
            "search \"ma\"".into(),
            Case::Page(request(search("ma"), name, None)),
        ),
        (
            "search \"mar\"".into(),
            Case::Page(request(search("mar"), name, None)),
        ),
        (
            "search \"mar\" by updated".into(),
            Case::Page(request(search("mar"), updated, None)),
        ),
        (
            "search \"ibá\" (accent)".into(),
            Case::Page(request(search("ibá"), name, None)),
        ),
        (
            "search rare \"790\"".into(),
            Case::Page(request(search("790"), name, None)),
        ),
        (
            "search no match \"qxz\"".into(),
            Case::Page(request(search("qxz"), name, None)),
        ),
        (
            format!("search contact \"{contact}\""),
            Case::Page(request(search(&contact), name, None)),
        ),
        (
            "search \"6\" (every mobile)".into(),
            Case::Page(request(search("6"), name, None)),
        ),
        (
            "search \"ovi\" (4%, spread out)".into(),
            Case::Page(request(search("ovi"), name, None)),
        ),
        (
            "search \"ma ga\" (3%, by name)".into(),
            Case::Page(request(search("ma ga"), name, None)),
        ),
        (
            "search \"tal\" (3%, bunched at 95%)".into(),
            Case::Page(request(search("tal"), name, None)),
        ),
        ("count, search \"m\"".into(), Case::Count(search("m"))),
        ("count, search \"6\"".into(), Case::Count(search("6"))),
        (
            "count, search \"m\" + segment".into(),
            Case::Count(ClientFilter {
                segment_id: Some(segment.clone()),
                ..search("m")
            }),
        ),
        (
            "header count, search \"6\"".into(),
            Case::Bounded(search("6")),
        ),
        (
            "header count, search \"m\" + segment".into(),
            Case::Bounded(ClientFilter {
                segment_id: Some(segment),
                ..search("m")
            }),
        ),
        ("count, search \"mar\"".into(), Case::Count(search("mar"))),
        (
            format!("count, search contact \"{contact}\""),
            Case::Count(search(&contact)),
        ),
        ("labels with counts (labels::all)".into(), Case::Labels),
    ]
}

fn bench_clients(c: &mut Criterion) {
    let path = dataset(bench_env::clients());
    let conn = db::open(&path).expect("the bench database opens");
    let cases = cases(&conn);
    let mut group = c.benchmark_group("clients");
    for (name, case) in &cases {
        eprintln!("{name}: {} rows", case.run(&conn));
        let times = bench_env::repeats(name);
        group.bench_function(name.as_str(), |b| {
            b.iter(|| {
                let mut rows = 0;
                for _ in 0..times {
                    rows = black_box(case.run(&conn));
                }
                rows
            })
        });
    }
    group.finish();
    print_medians(&cases);
    // A clean close: the next run's `db::open` skips its integrity check of the file.
    drop(conn);
    recovery::mark_closed(&path);
}

/// Prints each case's median from criterion's estimates, against the target.
fn print_medians(cases: &[(String, Case)]) {
    // Where criterion writes: `CRITERION_HOME`, else `criterion/` in the target directory.
    let home = match std::env::var_os("CRITERION_HOME") {
        Some(home) => PathBuf::from(home),
        None => match Path::new(env!("CARGO_TARGET_TMPDIR")).parent() {
            Some(target) => target.join("criterion"),
            None => return,
        },
    };
    // Other work on the machine shows in the medians: say how busy it was.
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("\nload average at the end: {}", load.trim());
    }
    println!("\n| case | median | target |");
    println!("| --- | ---: | --- |");
    for (name, _) in cases {
        // Criterion's directory names replace characters a file name cannot hold.
        let dir: String = name
            .chars()
            .map(|c| if "?\"/\\*<>:|^".contains(c) { '_' } else { c })
            .collect();
        let file = home.join("clients").join(dir).join("new/estimates.json");
        let median = std::fs::read_to_string(&file)
            .ok()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
            .and_then(|v| v["median"]["point_estimate"].as_f64());
        match median {
            Some(ns) => {
                let d = Duration::from_nanos(ns as u64);
                let verdict = if d <= TARGET { "ok" } else { "MISSED" };
                println!("| {name} | {:.3} ms | {verdict} |", ns / 1e6);
            }
            None => println!("| {name} | (not measured) | |"),
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench_clients
}
criterion_main!(benches);
