//! Segments (one per client) and tags (any number per client). Both are named labels the user
//! creates by typing a new name in the client form; names match accent- and case-insensitively.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{text, time, Result};

/// A segment or a tag, as the filters list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Label {
    pub id: String,
    pub name: String,
    /// Live clients carrying it.
    #[ts(type = "number")]
    pub clients: u64,
}

/// Every segment and tag, for the list's filters and the form's suggestions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Labels {
    pub segments: Vec<Label>,
    pub tags: Vec<Label>,
}

/// Segments and tags in one call.
pub fn all(conn: &Connection) -> Result<Labels> {
    Ok(Labels {
        segments: segments(conn)?,
        tags: tags(conn)?,
    })
}

/// The two label tables; their names are fixed here, never taken from input.
#[derive(Clone, Copy)]
enum Table {
    Segments,
    Tags,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Segments => "segments",
            Table::Tags => "tags",
        }
    }
}

/// The id of the label called `name`, created if it does not exist yet.
fn id_for(tx: &Transaction, table: Table, name: &str, now: &str) -> Result<String> {
    let key = text::fold(name);
    let table = table.name();
    let existing: Option<String> = tx
        .query_row(
            &format!("SELECT id FROM {table} WHERE name_key = ?1"),
            [&key],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        tx.execute(
            &format!(
                "UPDATE {table} SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL"
            ),
            [&id],
        )?;
        return Ok(id);
    }
    let id = time::new_id();
    tx.execute(
        &format!(
            "INSERT INTO {table} (id, name, name_key, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)"
        ),
        params![id, name, key, now],
    )?;
    Ok(id)
}

/// The segment id for a client's segment name (`None` for no segment).
pub(crate) fn segment_id_for(
    tx: &Transaction,
    name: Option<&str>,
    now: &str,
) -> Result<Option<String>> {
    name.map(|n| id_for(tx, Table::Segments, n, now))
        .transpose()
}

/// Makes `names` the client's tags, creating new tags as needed. Only the links that change
/// are written: each written link rewrites the client's search-index entry and its tag's count
/// (triggers of migration 0006), so an edit that keeps the tags writes none.
pub(crate) fn set_client_tags(
    tx: &Transaction,
    client_id: &str,
    names: &[String],
    now: &str,
) -> Result<()> {
    let tag_ids = names
        .iter()
        .map(|name| id_for(tx, Table::Tags, name, now))
        .collect::<Result<Vec<String>>>()?;
    let kept = serde_json::Value::from(tag_ids.clone()).to_string();
    tx.execute(
        "DELETE FROM client_tags
         WHERE client_id = ?1 AND tag_id NOT IN (SELECT value FROM json_each(?2))",
        params![client_id, kept],
    )?;
    let mut link =
        tx.prepare_cached("INSERT OR IGNORE INTO client_tags (client_id, tag_id) VALUES (?1, ?2)")?;
    for tag_id in &tag_ids {
        link.execute(params![client_id, tag_id])?;
    }
    Ok(())
}

/// A client's tag names, alphabetical.
pub(crate) fn client_tag_names(conn: &Connection, client_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM client_tags ct JOIN tags t ON t.id = ct.tag_id
         WHERE ct.client_id = ?1 ORDER BY t.name_key",
    )?;
    let names = stmt
        .query_map([client_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// Every segment with its number of live clients, alphabetical. The numbers are kept by
/// triggers in `segment_counts` (migration 0006), so the menu never counts clients.
pub fn segments(conn: &Connection) -> Result<Vec<Label>> {
    list(
        conn,
        "SELECT l.id, l.name, coalesce(n.clients, 0) AS clients
         FROM segments l LEFT JOIN segment_counts n ON n.segment_id = l.id
         WHERE l.deleted_at IS NULL ORDER BY l.name_key",
    )
}

/// Every tag with its number of live clients, alphabetical, kept in `tag_counts`.
pub fn tags(conn: &Connection) -> Result<Vec<Label>> {
    list(
        conn,
        "SELECT l.id, l.name, coalesce(n.clients, 0) AS clients
         FROM tags l LEFT JOIN tag_counts n ON n.tag_id = l.id
         WHERE l.deleted_at IS NULL ORDER BY l.name_key",
    )
}

/// Every city of a live client with its number of clients, alphabetical as a reader expects
/// ("Ávila" before "Bilbao"). A city is its stored text (trimmed when saved), so it is its own
/// id. Read from `clients_by_city` (migration 0011) alone.
pub fn cities(conn: &Connection) -> Result<Vec<Label>> {
    let mut cities = list(
        conn,
        "SELECT city AS id, city AS name, count(*) AS clients FROM clients
         WHERE deleted_at IS NULL AND city IS NOT NULL GROUP BY city",
    )?;
    cities.sort_by_cached_key(|c| (crate::text::fold(&c.name), c.name.clone()));
    Ok(cities)
}

fn list(conn: &Connection, sql: &str) -> Result<Vec<Label>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let labels = stmt
        .query_map([], |r| {
            Ok(Label {
                id: r.get("id")?,
                name: r.get("name")?,
                clients: r.get::<_, i64>("clients")?.max(0) as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(labels)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rusqlite::{Connection, TransactionBehavior};

    use crate::clients::{self, ClientInput, FollowUpColour};
    use crate::follow_ups::{self, Action, FollowUpInput, MissedOccurrences};
    use crate::interactions::{self, Outcome};
    use crate::planning::{Planner, PlanningSettings};
    use crate::testing::{database, later, write};

    #[test]
    fn counts_leave_out_trashed_clients() {
        let mut conn = crate::db::open_in_memory().unwrap();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .unwrap();
        let mut ids = Vec::new();
        for name in ["Ana", "Luis", "Eva"] {
            let input = ClientInput {
                name: name.into(),
                segment: Some("Hostelería".into()),
                tags: vec!["VIP".into(), "Temporada".into()],
                ..Default::default()
            };
            ids.push(
                clients::create(&tx, &input, crate::testing::later())
                    .unwrap()
                    .id,
            );
        }
        clients::trash(&tx, &ids[0], crate::testing::later()).unwrap();
        let labels = super::all(&tx).unwrap();
        assert_eq!(
            labels.segments[0].clients, 2,
            "a trashed client is not counted"
        );
        assert!(
            labels.tags.iter().all(|t| t.clients == 2),
            "tag counts leave out the trash: {:?}",
            labels.tags
        );
    }

    #[test]
    fn cities_are_listed_as_a_reader_sorts_them_with_their_live_clients() {
        let mut conn = crate::db::open_in_memory().unwrap();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .unwrap();
        let mut ids = Vec::new();
        for (name, city) in [
            ("Ana", Some("Zaragoza")),
            ("Luis", Some("Ávila")),
            ("Eva", Some("Zaragoza")),
            ("Rosa", None),
            ("Pablo", Some("Bilbao")),
        ] {
            let input = ClientInput {
                name: name.into(),
                city: city.map(Into::into),
                ..Default::default()
            };
            ids.push(clients::create(&tx, &input, later()).unwrap().id);
        }
        clients::trash(&tx, &ids[4], later()).unwrap();
        let cities: Vec<(String, u64)> = super::cities(&tx)
            .unwrap()
            .into_iter()
            .map(|c| (c.name, c.clients))
            .collect();
        assert_eq!(
            cities,
            [("Ávila".to_string(), 1), ("Zaragoza".to_string(), 2)],
            "accents sort as their letter; no city and the trash are left out"
        );
    }

    /// Each segment's and each tag's (id, live clients), alphabetical.
    type Counts = (Vec<(String, u64)>, Vec<(String, u64)>);

    /// The counts as a plain query finds them, label by label: what the kept counts must be.
    fn counted(conn: &Connection) -> Counts {
        let query = |sql: &str| -> Vec<(String, u64)> {
            let mut stmt = conn.prepare(sql).unwrap();
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
                .unwrap();
            rows.map(Result::unwrap).collect()
        };
        (
            query(
                "SELECT l.id, (SELECT count(*) FROM clients c
                               WHERE c.segment_id = l.id AND c.deleted_at IS NULL)
                 FROM segments l WHERE l.deleted_at IS NULL ORDER BY l.name_key",
            ),
            query(
                "SELECT l.id, (SELECT count(*) FROM client_tags ct JOIN clients c
                               ON c.id = ct.client_id
                               WHERE ct.tag_id = l.id AND c.deleted_at IS NULL)
                 FROM tags l WHERE l.deleted_at IS NULL ORDER BY l.name_key",
            ),
        )
    }

    /// The counts the menus show.
    fn kept(conn: &Connection) -> Counts {
        let labels = super::all(conn).unwrap();
        let pairs = |l: Vec<super::Label>| l.into_iter().map(|l| (l.id, l.clients)).collect();
        (pairs(labels.segments), pairs(labels.tags))
    }

    #[test]
    fn deleting_a_live_client_outside_the_app_keeps_the_counts() {
        let mut conn = database();
        let input = ClientInput {
            name: "Ana".into(),
            segment: Some("Hostelería".into()),
            tags: vec!["VIP".into()],
            ..Default::default()
        };
        let id = write(&mut conn, |tx| clients::create(tx, &input, later()))
            .unwrap()
            .id;
        // The app only deletes trashed clients; a live one deleted by hand (a repair, a
        // script) takes its tag links with it before any AFTER trigger could read them.
        conn.execute("DELETE FROM clients WHERE id = ?1", [&id])
            .unwrap();
        assert_eq!(
            kept(&conn),
            counted(&conn),
            "a deleted client must leave its segment's and its tags' counts"
        );
        assert_eq!(crate::testing::search_index_mismatch(&conn), None);
        assert_eq!(crate::testing::follow_up_tags_mismatch(&conn), None);
    }

    const SEGMENTS: &[&str] = &["Hostelería", "hosteleria", "Minorista", "Mayorista"];
    const TAGS: &[&str] = &["VIP", "vip", "Temporada", "Muestras", "Navidad"];

    /// One write of the property below, on the n-th client ever created (modulo how many).
    #[derive(Debug, Clone)]
    enum Op {
        Create {
            segment: Option<usize>,
            tags: Vec<usize>,
            colour: FollowUpColour,
        },
        Segment(usize, Option<usize>),
        Tag(usize, usize),
        Untag(usize, usize),
        Recolour(usize, FollowUpColour),
        Trash(usize),
        Restore(usize),
        EmptyTrash,
        /// A call planned for the client in this many days.
        Plan(usize, u64),
        /// The client's first pending follow-up done, moved this many days on, or cancelled.
        Done(usize),
        Move(usize, u64),
        Cancel(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        let colour = prop::sample::select(FollowUpColour::ALL);
        prop_oneof![
            3 => (
                prop::option::of(0..SEGMENTS.len()),
                prop::collection::vec(0..TAGS.len(), 0..=3),
                colour.clone(),
            )
                .prop_map(|(segment, tags, colour)| Op::Create { segment, tags, colour }),
            2 => (any::<usize>(), prop::option::of(0..SEGMENTS.len()))
                .prop_map(|(n, s)| Op::Segment(n, s)),
            2 => (any::<usize>(), 0..TAGS.len()).prop_map(|(n, t)| Op::Tag(n, t)),
            2 => (any::<usize>(), 0..TAGS.len()).prop_map(|(n, t)| Op::Untag(n, t)),
            1 => (any::<usize>(), colour).prop_map(|(n, c)| Op::Recolour(n, c)),
            2 => any::<usize>().prop_map(Op::Trash),
            2 => any::<usize>().prop_map(Op::Restore),
            1 => Just(Op::EmptyTrash),
            2 => (any::<usize>(), 0..20u64).prop_map(|(n, d)| Op::Plan(n, d)),
            1 => any::<usize>().prop_map(Op::Done),
            1 => (any::<usize>(), 1..20u64).prop_map(|(n, d)| Op::Move(n, d)),
            1 => any::<usize>().prop_map(Op::Cancel),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever the sequence of writes through the core's API, the menus' kept counts are
        /// what counting finds, the search index holds exactly the live clients' words and
        /// filter values, every follow-up carries its client's colour, and each tag's agenda
        /// rows are its clients' pending follow-ups.
        #[test]
        fn kept_counts_and_index_follow_every_write(ops in prop::collection::vec(op(), 1..40)) {
            let mut conn = database();
            let planner = || Planner::new(
                later(), chrono_tz::Europe::Madrid, PlanningSettings::default(),
            );
            // Every client created: its id and the form it was last saved with.
            let mut made: Vec<(String, ClientInput)> = Vec::new();
            for op in ops {
                // The client an op acts on, with its form changed by `edit`: saved if live,
                // refused (NotFound) if trashed or purged.
                let mut edit = |n: usize, change: &dyn Fn(&mut ClientInput)| {
                    if made.is_empty() {
                        return;
                    }
                    let n = n % made.len();
                    let mut input = made[n].1.clone();
                    change(&mut input);
                    let id = made[n].0.clone();
                    let saved = write(&mut conn, |tx| {
                        clients::save(tx, Some(&id), &input, &planner())
                    });
                    if saved.is_ok() {
                        made[n].1 = input;
                    }
                };
                match op.clone() {
                    Op::Create { segment, tags, colour } => {
                        let input = ClientInput {
                            name: format!("Cliente {}", made.len()),
                            segment: segment.map(|s| SEGMENTS[s].into()),
                            tags: tags.iter().map(|&t| TAGS[t].into()).collect(),
                            colour: Some(colour),
                            ..Default::default()
                        };
                        let id = write(&mut conn, |tx| clients::save(tx, None, &input, &planner()))
                            .unwrap()
                            .id;
                        made.push((id, input));
                    }
                    Op::Segment(n, s) => edit(n, &|i| i.segment = s.map(|s| SEGMENTS[s].into())),
                    Op::Tag(n, t) => edit(n, &|i| i.tags.push(TAGS[t].into())),
                    Op::Untag(n, t) => edit(n, &|i| {
                        i.tags.retain(|x| crate::text::fold(x) != crate::text::fold(TAGS[t]));
                    }),
                    Op::Recolour(n, c) => edit(n, &|i| i.colour = Some(c)),
                    Op::Trash(n) | Op::Restore(n) if !made.is_empty() => {
                        let id = made[n % made.len()].0.clone();
                        // Refused (not found) unless the client is where the op expects it.
                        let _ = write(&mut conn, |tx| match &op {
                            Op::Trash(_) => clients::trash(tx, &id, later()),
                            _ => clients::restore(tx, &id, later()).map(drop),
                        });
                    }
                    Op::Trash(_) | Op::Restore(_) => {}
                    Op::EmptyTrash => {
                        write(&mut conn, clients::empty_trash).unwrap();
                    }
                    Op::Plan(n, days) if !made.is_empty() => {
                        let id = made[n % made.len()].0.clone();
                        let p = planner();
                        let input = FollowUpInput {
                            action: Action::Call,
                            purpose: String::new(),
                            due_date: p.today() + chrono::Days::new(days),
                            due_time: None,
                            recurrence: None,
                        };
                        // Refused for a client in the trash or purged.
                        let _ = write(&mut conn, |tx| follow_ups::create(tx, &id, &input, &p));
                    }
                    Op::Done(n) | Op::Move(n, _) | Op::Cancel(n) if !made.is_empty() => {
                        let client = made[n % made.len()].0.clone();
                        let p = planner();
                        let first = follow_ups::next_pending(&conn, &client).unwrap();
                        if let Some(item) = first {
                            let _ = write(&mut conn, |tx| match &op {
                                Op::Done(_) => interactions::complete(
                                    tx, &item.id, Outcome::Reached, "",
                                    MissedOccurrences::Forget, &p,
                                ).map(drop),
                                Op::Move(_, days) => follow_ups::reschedule(
                                    tx, &item.id, item.due_date + chrono::Days::new(*days),
                                    item.due_time, &p,
                                ).map(drop),
                                _ => follow_ups::cancel(tx, &item.id, &p),
                            });
                        }
                    }
                    Op::Plan(..) | Op::Done(_) | Op::Move(..) | Op::Cancel(_) => {}
                }
                prop_assert_eq!(kept(&conn), counted(&conn), "after {:?}", op);
                prop_assert_eq!(
                    crate::testing::follow_up_tags_mismatch(&conn), None,
                    "a tag's agenda rows must follow every write; after {:?}", op
                );
                prop_assert_eq!(crate::testing::search_index_mismatch(&conn), None, "after {:?}", op);
                let off: i64 = conn.query_row(
                    "SELECT count(*) FROM follow_ups f JOIN clients c ON c.id = f.client_id
                     WHERE f.client_colour IS NOT iif(c.deleted_at IS NULL, c.colour, NULL)",
                    [],
                    |r| r.get(0),
                ).unwrap();
                prop_assert_eq!(off, 0, "a follow-up lost its client's colour after {:?}", op);
            }
        }
    }
}
