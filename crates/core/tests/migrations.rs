//! The migration gate: landed migrations are frozen, and a database made by the first
//! released build opens and upgrades with its data intact and every query working.

use std::path::{Path, PathBuf};

use cartera_core::agenda;
use cartera_core::clients::{self, ClientFilter};
use cartera_core::db;
use cartera_core::planning::{Planner, PlanningSettings};
use cartera_core::purchases::late;
use cartera_core::reminders;
use cartera_core::settings::Language;
use chrono_tz::Europe::Madrid;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

/// Every landed migration and the SHA-256 of its bytes. A new migration adds its line when it
/// lands; a landed line never changes.
const LANDED: &[(&str, &str)] = &[
    (
        "0001_clients.sql",
        "249e1ec3a1bc3584c0fbaa5e8772174e2547ddd6f7c532c8ccde374432785123",
    ),
    (
        "0002_follow_ups.sql",
        "cbedfa89010aa424b67953325906ca5689cbabe5e2eb5d8838268040d2fb542d",
    ),
    (
        "0003_pinned_indexes.sql",
        "e94eb1e388803116387f77178aadf1a025028183368a4747ba9dec583a91215c",
    ),
    (
        "0004_notification_outbox.sql",
        "980c6028699ef6bf539fce2a92f58572d9a57811b028858608d512878c758868",
    ),
    (
        "0005_quiet_clients_index.sql",
        "350a924f777e69b8b4098a45af2a68abd1c9cf1f989a0325056cd58e521520de",
    ),
    (
        "0006_filters_indexed_and_counts_kept.sql",
        "124a40d9c40dc490f006013ed567d7f092b5086d27c06d8b678e44e75d674200",
    ),
    (
        "0007_series_ahead.sql",
        "af0a3353dc53c397a22b8da893c1346a9f8a4b06da076c45db7c5f187deacac2",
    ),
    (
        "0008_green_waits_from_the_ask.sql",
        "77544b2d3e1e41dc2512786f1fd0f622702bdc5ad6becc737c1d3ecaf276a377",
    ),
    (
        "0009_batches.sql",
        "e604dbd5a8e2f98d33f9ad6607c28a2e28d97165516d72f801bc33f057383cb6",
    ),
    (
        "0010_undo_and_action_filter_indexes.sql",
        "f219634a8ae6887362f39e87f71873922c8bf4250c6b01ed67e9fec7b66f20e6",
    ),
    (
        "0011_cities_indexed.sql",
        "bc01b7df2dc211c3ea3d8e40f92fa542bde5cc5ed9079f7d566c90de8a609368",
    ),
    (
        "0012_series_slots.sql",
        "7486432b9cf1453b934a0bd520cb4b0402c86122840da7e05aaaed6d086e280d",
    ),
    (
        "0013_city_on_follow_ups.sql",
        "c988d5d21c9113943b55daa93b5cf5c051bff9d64fb0ad5725ee656d66356146",
    ),
    (
        "0014_missed_occurrences.sql",
        "f5ee4ff407b407437ed5bb3bc476324b8b63cfe324d1d4f25f7ae27cd5c40609",
    ),
    (
        "0015_day_plan_and_quiet_count.sql",
        "b5169320ff419faac6d8dd1ebf74433874dbfabe14603ca495e962e39862a5e3",
    ),
    (
        "0016_segment_on_follow_ups.sql",
        "fcfdb51bd1e23c2242b6b2e5085b9c9ab580352d0a32fea570315d79ca109ffe",
    ),
    (
        "0017_day_tail_from_indexes.sql",
        "1c12672bc0f9ff342261cffd54f5152f210b8b675c1d1d73d206bb0e54fe9c53",
    ),
    (
        "0018_sort_names_apart.sql",
        "2e0ec712ba27b96109bbcf44e0f0ce8d4451081029d4f83c6ed7973b8fe60c6c",
    ),
    (
        "0019_tag_agenda.sql",
        "04c7ebf8e7fcde2302417fee9c4a63e566bee32f981b721e082b8c458083da24",
    ),
    (
        "0020_purchases.sql",
        "d659db241e37f7e981cf219660d5e195690a828dccc180e600705d71ef5985bc",
    ),
    (
        "0021_late_to_buy.sql",
        "a48f2b2f9d87725b824283e1a2e3402ded0e142a78b19adfc05092df898244ed",
    ),
    (
        "0022_client_notes.sql",
        "ce82e19d45e3de14c0632e49fb43176c885994ee7e42e0aeb6ad8bec2689c33a",
    ),
    (
        "0023_catalogue.sql",
        "ea73e0a7503e2f7878b9e1b396bcb6b1b964419ae8204aa23cf92f84af87c091",
    ),
    (
        "0024_buying_mode.sql",
        "76aeb9202a32dc30de20a89b737efc7099b1279181c1100c9c71ab1442939949",
    ),
];

fn migrations_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations")
}

fn sha256(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn landed_migrations_are_frozen() {
    let mut on_disk: Vec<String> = std::fs::read_dir(migrations_dir())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    on_disk.sort();
    let mut problems = Vec::new();
    for (name, expected) in LANDED {
        let path = migrations_dir().join(name);
        if !path.exists() {
            problems.push(format!(
                "{name} landed and is gone: a landed migration is never removed"
            ));
            continue;
        }
        let actual = sha256(&path);
        if actual != *expected {
            problems.push(format!(
                "{name} changed after it landed (sha256 {actual}): databases that already ran \
                 it will never see the change. Restore it and write the change as a new \
                 migration (the next number)."
            ));
        }
    }
    for name in &on_disk {
        if !LANDED.iter().any(|(landed, _)| landed == name) {
            problems.push(format!(
                "{name} is new: add (\"{name}\", \"{}\") to LANDED in this test as it lands",
                sha256(&migrations_dir().join(name))
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The schema the first released build wrote: its migrations, applied as rusqlite_migration
/// applies them (each file in order, then `user_version`).
fn first_release_database(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    for (i, name) in ["0001_clients.sql", "0002_follow_ups.sql"]
        .iter()
        .enumerate()
    {
        let sql = std::fs::read_to_string(migrations_dir().join(name)).unwrap();
        conn.execute_batch(&sql).unwrap();
        conn.pragma_update(None, "user_version", i as i64 + 1)
            .unwrap();
    }
    conn.execute_batch(
        "INSERT INTO clients (id, kind, name, sort_name, search_words, phone, colour,
                              colour_since, created_at, updated_at)
         VALUES ('c1', 'company', 'Ferretería López', 'ferreteria lopez',
                 ' ferreteria lopez 612345678', '612 345 678', 'green',
                 '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z');
         INSERT INTO follow_ups (id, client_id, action, purpose, due_date, due_time, due_at,
                                 created_at, updated_at)
         VALUES ('f1', 'c1', 'call', 'ofrecer nueva lista de precios', '2026-11-30', '10:00',
                 '2026-11-30T09:00:00Z', '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z');
         -- A visit every week on Tuesday, first on 1 December.
         INSERT INTO follow_ups (id, client_id, action, purpose, due_date, due_time, due_at,
                                 recurrence, series_start, created_at, updated_at)
         VALUES ('f2', 'c1', 'visit', '', '2026-12-01', NULL, '2026-12-01T08:00:00Z',
                 '{\"every\":1,\"unit\":\"week\",\"weekdays\":[2],\"until\":null}',
                 '2026-12-01', '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z');
         -- We asked on the 10th; the client called on the 20th (not an answer yet).
         INSERT INTO interactions (id, client_id, channel, direction, occurred_at, created_at,
                                   updated_at)
         VALUES ('i1', 'c1', 'email', 'outbound', '2026-11-10T09:00:00.000Z',
                 '2026-11-10T09:00:00Z', '2026-11-10T09:00:00Z'),
                ('i2', 'c1', 'call', 'inbound', '2026-11-20T09:00:00.000Z',
                 '2026-11-20T09:00:00Z', '2026-11-20T09:00:00Z');
         UPDATE clients SET last_contact_at = '2026-11-20T09:00:00.000Z';",
    )
    .unwrap();
    conn
}

/// Every query that touches the upgraded file: search, the agenda, the side lists and a
/// scheduler tick.
fn assert_every_query_works(conn: &mut Connection) {
    let found = clients::count(
        conn,
        &ClientFilter {
            search: Some("ferre".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        found, 1,
        "search must still find the released build's client"
    );
    let p = Planner::new(
        "2026-11-30T09:00:30Z".parse().unwrap(),
        Madrid,
        PlanningSettings::default(),
    );
    let waiting = agenda::waiting_for_answer(conn, &p).unwrap();
    assert_eq!(
        waiting.total,
        Some(1),
        "the green client waits for an answer"
    );
    assert_eq!(
        waiting.items[0].days,
        Some(20),
        "since we asked on the 10th (the history's last outbound contact), not since the \
         client's call on the 20th"
    );
    // Two months on, the client contacted on the 20th is quiet, counted from the tally the
    // upgrade filled in (migration 0015) and listed alike.
    let later = Planner {
        now: "2027-01-30T09:00:00Z".parse().unwrap(),
        ..p.clone()
    };
    let quiet = agenda::not_contacted(conn, &later).unwrap();
    assert_eq!((quiet.total, quiet.items.len()), (Some(1), 1));
    // The stored series is drawn ahead in the weeks after its first Tuesday.
    let week = agenda::week(conn, &p, "2026-12-14".parse().unwrap(), &Default::default()).unwrap();
    assert_eq!(
        week.items()
            .map(|i| (i.due_date.to_string(), i.projected, i.series_id.as_deref()))
            .collect::<Vec<_>>(),
        [("2026-12-15".to_string(), true, Some("f2"))]
    );
    let tx = conn.transaction().unwrap();
    let tick = reminders::tick(&tx, &p, Language::Es).unwrap();
    tx.commit().unwrap();
    assert!(
        tick.notifications
            .iter()
            .any(|n| n.title == "Llamar a Ferretería López"),
        "the released build's follow-up must fire after the upgrade: {:?}",
        tick.notifications
    );
}

#[test]
fn a_database_from_the_first_release_upgrades_with_a_backup_and_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::DATABASE_FILE);
    drop(first_release_database(&path));

    let mut conn = db::open(&path).unwrap();
    assert_eq!(db::schema_version(&conn).unwrap(), db::latest_version());
    let backups = std::fs::read_dir(dir.path().join(db::BACKUP_DIR))
        .unwrap()
        .count();
    assert_eq!(
        backups, 1,
        "the released file is backed up before the upgrade"
    );
    assert_every_query_works(&mut conn);
}

#[test]
fn a_database_from_a_build_without_the_pinned_indexes_upgrades_and_ticks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::DATABASE_FILE);
    {
        // Builds before the first release made these indexes differently or not at all.
        let conn = first_release_database(&path);
        conn.execute_batch(
            "DROP INDEX clients_for_agenda;
             DROP INDEX clients_green_waiting;
             DROP INDEX follow_ups_pending;
             CREATE INDEX follow_ups_pending ON follow_ups (due_at)
                 WHERE status = 'pending' AND deleted_at IS NULL;",
        )
        .unwrap();
    }
    let mut conn = db::open(&path).unwrap();
    assert_every_query_works(&mut conn);
    let columns: String = conn
        .query_row(
            "SELECT group_concat(name) FROM pragma_index_info('follow_ups_pending')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        columns, "due_at,client_id,action",
        "the agenda's index in its current shape"
    );
}

#[test]
fn a_database_with_purchases_from_before_the_kept_rhythms_gets_them_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(db::DATABASE_FILE);
    {
        // The build that recorded purchases but kept no rhythms: migrations 0001 to 0020.
        let conn = Connection::open(&path).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(migrations_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql") && n.as_str() <= "0020_purchases.sql")
            .collect();
        names.sort();
        for (i, name) in names.iter().enumerate() {
            let sql = std::fs::read_to_string(migrations_dir().join(name)).unwrap();
            conn.execute_batch(&sql).unwrap();
            conn.pragma_update(None, "user_version", i as i64 + 1)
                .unwrap();
        }
        assert_eq!(names.len(), 20);
        conn.execute_batch(
            "INSERT INTO clients (id, kind, name, sort_name, search_words, colour, created_at,
                                  updated_at)
             VALUES ('c1', 'company', 'Distribuidora Norte', 'distribuidora norte',
                     ' distribuidora norte', 'none', '2026-09-01T09:00:00Z',
                     '2026-09-01T09:00:00Z');
             INSERT INTO purchases (id, client_id, purchased_on, currency, total_minor,
                                    payment_method, created_at, updated_at)
             VALUES ('p1', 'c1', '2026-10-01', 'EUR', 12000, 'cash', 'x', 'x'),
                    ('p2', 'c1', '2026-10-22', 'EUR', 12000, 'cash', 'x', 'x'),
                    ('p3', 'c1', '2026-11-12', 'EUR', 12000, 'cash', 'x', 'x');",
        )
        .unwrap();
    }
    let conn = db::open(&path).unwrap();
    let late = late::page(&conn, "2026-12-12".parse().unwrap(), None, 10).unwrap();
    assert_eq!(
        late.items
            .iter()
            .map(|c| (c.name.as_str(), c.median_days, c.days_since_last))
            .collect::<Vec<_>>(),
        [("Distribuidora Norte", 21, 30)],
        "the purchases recorded before the upgrade make the client late to buy"
    );
}

/// `INDEXED BY name` in the core's source.
fn pinned_indexes(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pinned_indexes(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for part in text.split("INDEXED BY ").skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.push(name);
            }
        }
    }
}

#[test]
fn every_index_a_query_pins_is_created_by_a_migration() {
    let mut pinned = Vec::new();
    pinned_indexes(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut pinned,
    );
    assert!(!pinned.is_empty());
    let conn = db::open_in_memory().unwrap();
    for name in pinned {
        let exists: bool = conn
            .query_row(
                "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [&name],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            exists,
            "a query pins {name}, which no migration creates: every tick would fail"
        );
    }
}
