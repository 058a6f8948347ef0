//! Clients: validation, the life of a record, search, keyset pagination and the trash, each
//! test on a fresh database with every migration applied (`crate::testing`).

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use rusqlite::Connection;

use super::*;
use crate::contacts::ContactPersonInput;
use crate::testing::{database, later, write};
use crate::{labels, text, CoreError, Result};
use rusqlite::params_from_iter;

fn input(name: &str) -> ClientInput {
    ClientInput {
        name: name.into(),
        ..ClientInput::default()
    }
}

fn create_client(conn: &mut Connection, input: &ClientInput) -> Result<Client> {
    write(conn, |tx| create(tx, input, later()))
}

fn add_contact(conn: &mut Connection, client_id: &str, name: &str, phone: Option<&str>) {
    let person = ContactPersonInput {
        name: name.into(),
        phone: phone.map(Into::into),
        ..ContactPersonInput::default()
    };
    write(conn, |tx| contacts::add(tx, client_id, &person, later())).expect("the contact is added");
}

/// The one field a validation error names.
fn field_of(err: CoreError) -> String {
    match err {
        CoreError::Invalid(errors) if errors.len() == 1 => errors[0].field.clone(),
        other => panic!("expected one field's error, got {other:?}"),
    }
}

#[test]
fn every_bad_field_is_reported_at_once_with_what_is_allowed() {
    let mut conn = database();
    let bad = ClientInput {
        name: "x".repeat(MAX_NAME + 1),
        email: Some("ana@".into()),
        phone: Some("12".into()),
        tags: (0..=MAX_TAGS).map(|i| format!("t{i}")).collect(),
        ..ClientInput::default()
    };
    let Err(CoreError::Invalid(errors)) = create_client(&mut conn, &bad) else {
        panic!("the form must be refused");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["name", "tags", "phone", "email"],
        "one retry must be enough to fix everything"
    );
    assert_eq!(
        errors[0].max,
        Some(MAX_NAME as i64),
        "the message can say the limit"
    );
    assert_eq!(errors[1].max, Some(MAX_TAGS as i64));
}

#[test]
fn a_tag_longer_than_the_limit_is_refused() {
    let mut conn = database();
    let long_tag = ClientInput {
        tags: vec!["x".repeat(MAX_TAG + 1)],
        ..input("Ana")
    };
    assert_eq!(
        field_of(create_client(&mut conn, &long_tag).unwrap_err()),
        "tags"
    );
}

/// The thresholds that force each plan of `page_with`, besides the app's own.
const EVERY_PLAN: [Plans; 6] = [
    PLANS,
    // Every search and tag reads its set and sorts it.
    Plans {
        small_set: u32::MAX,
        walk: 0,
        after_walk: 0,
    },
    // Every search walks the list checking words, unbounded.
    Plans {
        small_set: 0,
        walk: u32::MAX,
        after_walk: 0,
    },
    // Every search walks one client, then reads its candidates.
    Plans {
        small_set: 0,
        walk: 1,
        after_walk: u32::MAX,
    },
    // Every search walks one client, then checks membership in the candidates.
    Plans {
        small_set: 0,
        walk: 1,
        after_walk: 0,
    },
    // Straight to the candidates' membership walk.
    Plans {
        small_set: 0,
        walk: 0,
        after_walk: 0,
    },
];

/// Every page of the list for `filter` in `sort`, walked by cursor.
fn walk_pages(
    conn: &Connection,
    filter: &ClientFilter,
    sort: ClientSort,
    limit: u32,
    plans: &Plans,
) -> Vec<ClientSummary> {
    let mut items = Vec::new();
    let mut after = None;
    for _ in 0..10_000 {
        let page = page_with(
            conn,
            &ClientPageRequest {
                filter: filter.clone(),
                sort,
                after: after.take(),
                limit,
            },
            plans,
        )
        .expect("a page can always be read");
        assert!(
            page.items.len() <= limit as usize,
            "a page holds at most its limit"
        );
        items.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => return items,
        }
    }
    panic!("the pages never ended: a cursor that does not advance freezes the list");
}

/// The names a search finds, by name; every plan must find the same and `count` must agree.
fn search(conn: &Connection, typed: &str) -> Vec<String> {
    let filter = ClientFilter {
        search: Some(typed.into()),
        ..ClientFilter::default()
    };
    let mut found: Option<Vec<String>> = None;
    for plans in &EVERY_PLAN {
        let names: Vec<String> = walk_pages(conn, &filter, ClientSort::Name, 3, plans)
            .into_iter()
            .map(|c| c.name)
            .collect();
        let counted = count_with(conn, &filter, plans).expect("count");
        assert_eq!(
            counted,
            names.len() as u64,
            "count of {typed:?} disagrees with the list: the header would lie ({plans:?})"
        );
        if let Some(first) = &found {
            assert_eq!(
                first, &names,
                "plans disagree on {typed:?}: the same search would show different clients \
                 depending on how many match ({plans:?})"
            );
        }
        found = Some(names);
    }
    found.unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Validation

#[test]
fn blank_name_is_refused_on_the_name_field() {
    let mut conn = database();
    for name in ["", "   ", "\t\n "] {
        let err = create_client(&mut conn, &input(name)).unwrap_err();
        assert_eq!(
            field_of(err),
            "name",
            "a nameless client cannot be found in the list"
        );
    }
}

#[test]
fn malformed_emails_are_refused_on_the_email_field() {
    let mut conn = database();
    for email in [
        "ana",
        "ana.correo.es",
        "ana@correo",
        "ana @correo.es",
        "ana@correo .es",
        "ana@@correo.es",
        "ana@cor@reo.es",
        "@correo.es",
        "ana@.es",
        "ana@correo.",
        "ana@correo..es",
    ] {
        let err = create_client(
            &mut conn,
            &ClientInput {
                email: Some(email.into()),
                ..input("Ana")
            },
        )
        .unwrap_err();
        assert_eq!(
            field_of(err),
            "email",
            "{email:?} must be refused, or reminders would go nowhere"
        );
    }
}

#[test]
fn malformed_phones_are_refused_on_their_own_field() {
    let mut conn = database();
    let bad = [
        "61234a678",        // letters
        "phone",            // no digits
        "12345",            // too few digits
        "1234567890123456", // more than E.164 allows
        "61+2345678",       // + not first
        "++34612345678",    // two +
        "612_345_678",      // unknown separator
    ];
    for phone in bad {
        let err = create_client(
            &mut conn,
            &ClientInput {
                phone: Some(phone.into()),
                ..input("Ana")
            },
        )
        .unwrap_err();
        assert_eq!(field_of(err), "phone", "phone {phone:?} must be refused");
        let err = create_client(
            &mut conn,
            &ClientInput {
                whatsapp: Some(phone.into()),
                ..input("Ana")
            },
        )
        .unwrap_err();
        assert_eq!(
            field_of(err),
            "whatsapp",
            "the error must point at the field the user has to fix"
        );
    }
}

#[test]
fn good_values_are_accepted_and_cleaned() {
    let mut conn = database();
    let client = create_client(
        &mut conn,
        &ClientInput {
            kind: Some(ClientKind::Person),
            name: "  Ana   López  ".into(),
            tax_id: Some(" 12345678Z ".into()),
            phone: Some(" +34 612 345 678 ".into()),
            email: Some(" ana@correo.es ".into()),
            whatsapp: Some("(91) 555-12-34".into()),
            address: Some("   ".into()),
            city: Some("  San   Sebastián ".into()),
            segment: Some("  ".into()),
            tags: vec![" VIP ".into(), "".into(), "   ".into()],
            profile: Some("  paga al contado  ".into()),
            ..ClientInput::default()
        },
    )
    .expect("valid values are accepted");
    assert_eq!(
        client.name, "Ana López",
        "spaces must be collapsed and trimmed"
    );
    assert_eq!(client.tax_id.as_deref(), Some("12345678Z"));
    assert_eq!(client.phone.as_deref(), Some("+34 612 345 678"));
    assert_eq!(client.email.as_deref(), Some("ana@correo.es"));
    assert_eq!(client.whatsapp.as_deref(), Some("(91) 555-12-34"));
    assert_eq!(client.address, None, "a blank field is stored as nothing");
    assert_eq!(client.city.as_deref(), Some("San Sebastián"));
    assert_eq!(client.segment, None, "a blank segment is no segment");
    assert_eq!(
        client.tags,
        vec!["VIP".to_string()],
        "blank tags are dropped"
    );
    assert_eq!(client.profile, "paga al contado");
    assert_eq!(client.kind, ClientKind::Person);
    assert_eq!(
        client.status,
        ClientStatus::Prospect,
        "a new client is a prospect"
    );
    assert_eq!(client.colour, FollowUpColour::None);
}

#[test]
fn a_tax_id_belongs_to_one_live_client_however_it_is_written() {
    let mut conn = database();
    create_client(
        &mut conn,
        &ClientInput {
            tax_id: Some("B12345678".into()),
            ..input("Ferretería García")
        },
    )
    .unwrap();
    let err = create_client(
        &mut conn,
        &ClientInput {
            tax_id: Some("b-12.345.678".into()),
            ..input("García Ferretería")
        },
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            CoreError::Conflict {
                field: Some("taxId"),
                ..
            }
        ),
        "the same company written differently must not be created twice, got {err:?}"
    );
    let other = create_client(&mut conn, &input("Otra")).unwrap();
    let err = write(&mut conn, |tx| {
        update(
            tx,
            &other.id,
            &ClientInput {
                tax_id: Some("B 12 345 678".into()),
                ..input("Otra")
            },
            later(),
        )
    })
    .unwrap_err();
    assert!(
        matches!(
            err,
            CoreError::Conflict {
                field: Some("taxId"),
                ..
            }
        ),
        "an edit must not steal another client's tax id, got {err:?}"
    );
    let err = create_client(
        &mut conn,
        &ClientInput {
            tax_id: Some(" -.- ".into()),
            ..input("Nadie")
        },
    )
    .unwrap_err();
    assert_eq!(field_of(err), "taxId", "a tax id needs letters or digits");
}

#[test]
fn a_trashed_client_frees_its_tax_id_but_cannot_come_back_over_a_new_holder() {
    let mut conn = database();
    let old = create_client(
        &mut conn,
        &ClientInput {
            tax_id: Some("B12345678".into()),
            ..input("Antigua S.L.")
        },
    )
    .unwrap();
    write(&mut conn, |tx| trash(tx, &old.id, later())).unwrap();
    create_client(
        &mut conn,
        &ClientInput {
            tax_id: Some("b12345678".into()),
            ..input("Nueva S.L.")
        },
    )
    .expect("a client in the trash must not block its tax id");
    let err = write(&mut conn, |tx| restore(tx, &old.id, later())).unwrap_err();
    assert!(
        matches!(
            err,
            CoreError::Conflict {
                field: Some("taxId"),
                ..
            }
        ),
        "restoring must not create a second live holder of a tax id, got {err:?}"
    );
    assert!(
        get(&conn, &old.id).unwrap().deleted_at.is_some(),
        "a refused restore leaves the client in the trash"
    );
}

// ---------------------------------------------------------------------------------------
// The life of a record

#[test]
fn create_and_get_round_trip_every_field_with_segment_and_tags() {
    let mut conn = database();
    let sent = ClientInput {
        kind: Some(ClientKind::Company),
        name: "Ferretería García S.L.".into(),
        tax_id: Some("B12345678".into()),
        phone: Some("+34 912 345 678".into()),
        email: Some("info@ferreteriagarcia.es".into()),
        whatsapp: Some("+34 612 345 678".into()),
        address: Some("Calle Mayor, 1".into()),
        city: Some("Madrid".into()),
        segment: Some("Hostelería".into()),
        tags: vec!["VIP".into(), "Paga al contado".into()],
        status: Some(ClientStatus::Active),
        colour: Some(FollowUpColour::Yellow),
        profile: Some("Compra cada mes.".into()),
    };
    let created = create_client(&mut conn, &sent).unwrap();
    let stored = get(&conn, &created.id).unwrap();
    assert_eq!(stored, created, "what create returns is what is stored");
    assert_eq!(stored.name, "Ferretería García S.L.");
    assert_eq!(stored.kind, ClientKind::Company);
    assert_eq!(stored.tax_id.as_deref(), Some("B12345678"));
    assert_eq!(stored.phone.as_deref(), Some("+34 912 345 678"));
    assert_eq!(stored.email.as_deref(), Some("info@ferreteriagarcia.es"));
    assert_eq!(stored.whatsapp.as_deref(), Some("+34 612 345 678"));
    assert_eq!(stored.address.as_deref(), Some("Calle Mayor, 1"));
    assert_eq!(stored.city.as_deref(), Some("Madrid"));
    assert_eq!(stored.segment.as_deref(), Some("Hostelería"));
    assert_eq!(
        stored.tags,
        vec!["Paga al contado", "VIP"],
        "tags come alphabetical"
    );
    assert_eq!(stored.status, ClientStatus::Active);
    assert_eq!(stored.colour, FollowUpColour::Yellow);
    assert_eq!(stored.profile, "Compra cada mes.");
    assert_eq!(stored.created_at, stored.updated_at);
    assert_eq!(stored.deleted_at, None);
    assert!(stored.contacts.is_empty());
    let labels = labels::all(&conn).unwrap();
    assert_eq!(
        labels.segments.len(),
        1,
        "a new segment name creates the segment"
    );
    assert_eq!(labels.tags.len(), 2, "new tag names create the tags");
}

#[test]
fn segments_and_tags_are_reused_whatever_their_accents_and_case() {
    let mut conn = database();
    let a = create_client(
        &mut conn,
        &ClientInput {
            segment: Some("Hostelería".into()),
            tags: vec!["VIP".into(), "vip".into()],
            ..input("A")
        },
    )
    .unwrap();
    let b = create_client(
        &mut conn,
        &ClientInput {
            segment: Some("hosteleria".into()),
            tags: vec!["Vip".into()],
            ..input("B")
        },
    )
    .unwrap();
    let labels = labels::all(&conn).unwrap();
    assert_eq!(
        labels.segments.len(),
        1,
        "\"Hostelería\" and \"hosteleria\" must be one segment, or the filter splits clients"
    );
    assert_eq!(labels.segments[0].clients, 2);
    assert_eq!(labels.tags.len(), 1, "VIP, vip and Vip are one tag");
    assert_eq!(a.tags, vec!["VIP"], "a tag given twice is kept once");
    assert_eq!(
        b.segment.as_deref(),
        Some("Hostelería"),
        "the first spelling names it"
    );
}

#[test]
fn update_replaces_fields_and_moves_updated_at() {
    let mut conn = database();
    let created = create_client(
        &mut conn,
        &ClientInput {
            city: Some("Madrid".into()),
            tags: vec!["VIP".into()],
            segment: Some("Minorista".into()),
            ..input("Ana López")
        },
    )
    .unwrap();
    let updated = write(&mut conn, |tx| {
        update(
            tx,
            &created.id,
            &ClientInput {
                city: Some("Sevilla".into()),
                tags: vec!["Temporada".into()],
                colour: Some(FollowUpColour::Red),
                status: Some(ClientStatus::AtRisk),
                ..input("Ana López Díaz")
            },
            later(),
        )
    })
    .unwrap();
    assert_eq!(updated.name, "Ana López Díaz");
    assert_eq!(updated.city.as_deref(), Some("Sevilla"));
    assert_eq!(
        updated.tags,
        vec!["Temporada"],
        "tags are replaced, not added"
    );
    assert_eq!(updated.segment, None, "an edit without a segment clears it");
    assert_eq!(updated.colour, FollowUpColour::Red);
    assert_eq!(updated.status, ClientStatus::AtRisk);
    assert_eq!(updated.created_at, created.created_at);
    assert!(
        updated.updated_at > created.updated_at,
        "an edit must move updated_at, or the \"last change\" order hides it"
    );
    assert_eq!(get(&conn, &created.id).unwrap(), updated);
}

#[test]
fn editing_a_missing_or_trashed_client_is_not_found() {
    let mut conn = database();
    let err = write(&mut conn, |tx| update(tx, "nope", &input("X"), later())).unwrap_err();
    assert!(matches!(err, CoreError::NotFound { .. }), "got {err:?}");
    let c = create_client(&mut conn, &input("X")).unwrap();
    write(&mut conn, |tx| trash(tx, &c.id, later())).unwrap();
    let err = write(&mut conn, |tx| update(tx, &c.id, &input("Y"), later())).unwrap_err();
    assert!(
        matches!(err, CoreError::NotFound { .. }),
        "a trashed client must be restored before it is edited, got {err:?}"
    );
    let err = write(&mut conn, |tx| trash(tx, &c.id, later())).unwrap_err();
    assert!(matches!(err, CoreError::NotFound { .. }), "got {err:?}");
    assert!(matches!(
        get(&conn, "nope"),
        Err(CoreError::NotFound { .. })
    ));
}

// ---------------------------------------------------------------------------------------
// Search

/// A small agenda for the search tests.
fn agenda() -> Connection {
    let mut conn = database();
    let clients = [
        ClientInput {
            kind: Some(ClientKind::Company),
            tax_id: Some("B-12.345.678".into()),
            phone: Some("+34 612 345 678".into()),
            email: Some("info@ferreteriagarcia.es".into()),
            city: Some("Valladolid".into()),
            ..input("Ferretería García S.L.")
        },
        ClientInput {
            kind: Some(ClientKind::Person),
            phone: Some("915 551 234".into()),
            email: Some("maria.nunez@correo.es".into()),
            city: Some("Málaga".into()),
            ..input("María Núñez")
        },
        ClientInput {
            kind: Some(ClientKind::Person),
            city: Some("Madrid".into()),
            ..input("Maria Lopez")
        },
        ClientInput {
            kind: Some(ClientKind::Person),
            city: Some("Sevilla".into()),
            ..input("Ana López")
        },
        ClientInput {
            kind: Some(ClientKind::Person),
            city: Some("Sevilla".into()),
            ..input("Ana García")
        },
    ];
    let mut ids = Vec::new();
    for c in &clients {
        ids.push(create_client(&mut conn, c).unwrap().id);
    }
    add_contact(&mut conn, &ids[0], "Begoña Ibáñez", Some("600 111 222"));
    conn
}

#[test]
fn search_finds_name_prefixes() {
    let conn = agenda();
    assert_eq!(search(&conn, "Ferr"), vec!["Ferretería García S.L."]);
    assert_eq!(
        search(&conn, "gar"),
        vec!["Ana García", "Ferretería García S.L."],
        "a prefix of any word of the name matches"
    );
    assert_eq!(search(&conn, "f").len(), 1);
    assert!(
        search(&conn, "errete").is_empty(),
        "only the beginning of a word matches"
    );
}

#[test]
fn search_finds_contact_people_by_name() {
    let conn = agenda();
    assert_eq!(
        search(&conn, "bego"),
        vec!["Ferretería García S.L."],
        "asking for a contact person by name must find their company"
    );
    assert_eq!(
        search(&conn, "Begoña Ibáñez"),
        vec!["Ferretería García S.L."]
    );
}

#[test]
fn search_finds_phones_as_typed_and_as_bare_digits() {
    let conn = agenda();
    for typed in [
        "612 345",
        "612345",
        "612-345-678",
        "+34 612",
        "34612345678",
        "678",
    ] {
        assert_eq!(
            search(&conn, typed),
            vec!["Ferretería García S.L."],
            "{typed:?} must find the client whose phone is +34 612 345 678"
        );
    }
    assert_eq!(search(&conn, "915551"), vec!["María Núñez"]);
    assert_eq!(
        search(&conn, "600111"),
        vec!["Ferretería García S.L."],
        "a contact person's phone finds their company"
    );
}

#[test]
fn search_finds_email_tax_id_and_city() {
    let conn = agenda();
    assert_eq!(search(&conn, "info@ferre"), vec!["Ferretería García S.L."]);
    assert_eq!(search(&conn, "maria.nu"), vec!["María Núñez"]);
    assert_eq!(search(&conn, "B12345"), vec!["Ferretería García S.L."]);
    assert_eq!(search(&conn, "b-12.345"), vec!["Ferretería García S.L."]);
    assert_eq!(search(&conn, "vallad"), vec!["Ferretería García S.L."]);
    assert_eq!(search(&conn, "sevilla"), vec!["Ana García", "Ana López"]);
}

#[test]
fn search_ignores_accents_and_case_both_ways() {
    let conn = agenda();
    assert_eq!(
        search(&conn, "Maria"),
        vec!["Maria Lopez", "María Núñez"],
        "\"Maria\" must find \"María\": users rarely type accents"
    );
    assert_eq!(
        search(&conn, "máría"),
        vec!["Maria Lopez", "María Núñez"],
        "an accent typed by the user must still find the client written without it"
    );
    assert_eq!(search(&conn, "NUÑEZ"), vec!["María Núñez"]);
    assert_eq!(search(&conn, "malaga"), vec!["María Núñez"]);
}

#[test]
fn whole_terms_are_checked_beyond_the_indexed_prefix() {
    // The index answers "mar…" for all three; the whole term decides.
    let mut conn = database();
    for name in ["Martín Gil", "Marta Gil", "María Gil", "Mar Gil"] {
        create_client(&mut conn, &input(name)).unwrap();
    }
    assert_eq!(search(&conn, "marti"), vec!["Martín Gil"]);
    assert_eq!(search(&conn, "marta"), vec!["Marta Gil"]);
    assert_eq!(search(&conn, "maria gil"), vec!["María Gil"]);
    assert_eq!(search(&conn, "mar").len(), 4);
    assert!(search(&conn, "martina").is_empty());
}

#[test]
fn every_word_typed_must_match() {
    let conn = agenda();
    assert_eq!(search(&conn, "ana lop"), vec!["Ana López"]);
    assert_eq!(
        search(&conn, "lop ana"),
        vec!["Ana López"],
        "word order is free"
    );
    assert_eq!(search(&conn, "maria madrid"), vec!["Maria Lopez"]);
    assert!(search(&conn, "ana madrid").is_empty());
}

#[test]
fn fts_syntax_typed_by_the_user_never_errors() {
    let conn = agenda();
    let typed = [
        "\"",
        "\"ana",
        "ana\"",
        "ana*",
        "*",
        "(",
        ")",
        "(ana",
        "AND",
        "OR",
        "NOT",
        "ana OR",
        "NEAR(ana lopez)",
        "ana:lopez",
        "name:ana",
        "^ana",
        "-ana",
        "+",
        "'",
        "';--",
        "\\",
        "{",
        "}",
        "[ana]",
        "ana NOT lopez",
        "🙂",
        "  ",
        "",
        "ana\"OR\"1",
        "%",
        "_",
        "a.b.c",
    ];
    for t in typed {
        // `search` fails the test if any plan or the count errors.
        let found = search(&conn, t);
        if text::search_terms(t) == ["ana"] {
            assert!(!found.is_empty(), "{t:?} still searches for ana");
        }
    }
    assert_eq!(
        search(&conn, "ana OR maria"),
        Vec::<String>::new(),
        "OR is a word to look for, not an operator"
    );
}

#[test]
fn search_follows_edits_renames_and_contact_changes() {
    let mut conn = database();
    let c = create_client(
        &mut conn,
        &ClientInput {
            kind: Some(ClientKind::Company),
            ..input("Alfa Distribuciones")
        },
    )
    .unwrap();
    assert_eq!(search(&conn, "alf"), vec!["Alfa Distribuciones"]);
    write(&mut conn, |tx| {
        update(
            tx,
            &c.id,
            &ClientInput {
                kind: Some(ClientKind::Company),
                ..input("Beta Distribuciones")
            },
            later(),
        )
    })
    .unwrap();
    assert!(
        search(&conn, "alf").is_empty(),
        "the old name must stop matching, or the search shows ghosts"
    );
    assert_eq!(search(&conn, "beta"), vec!["Beta Distribuciones"]);

    add_contact(&mut conn, &c.id, "Zoila Pérez", None);
    assert_eq!(search(&conn, "zoila"), vec!["Beta Distribuciones"]);
    let person = contacts::list_for_client(&conn, &c.id).unwrap().remove(0);
    write(&mut conn, |tx| {
        contacts::update(
            tx,
            &person.id,
            &ContactPersonInput {
                name: "Yago Pérez".into(),
                ..ContactPersonInput::default()
            },
            later(),
        )
    })
    .unwrap();
    assert!(
        search(&conn, "zoila").is_empty(),
        "a renamed contact's old name must go"
    );
    assert_eq!(search(&conn, "yago"), vec!["Beta Distribuciones"]);
    write(&mut conn, |tx| contacts::remove(tx, &person.id, later())).unwrap();
    assert!(
        search(&conn, "yago").is_empty(),
        "a removed contact must not find the company any more"
    );
    // An edit of the client keeps its contacts searchable.
    add_contact(&mut conn, &c.id, "Xenia Ruiz", None);
    write(&mut conn, |tx| {
        update(
            tx,
            &c.id,
            &ClientInput {
                kind: Some(ClientKind::Company),
                city: Some("Bilbao".into()),
                ..input("Beta Distribuciones")
            },
            later(),
        )
    })
    .unwrap();
    assert_eq!(search(&conn, "xenia bilbao"), vec!["Beta Distribuciones"]);
}

#[test]
fn trashed_clients_are_not_found_until_restored() {
    let mut conn = agenda();
    let id = walk_pages(
        &conn,
        &ClientFilter {
            search: Some("ferr".into()),
            ..ClientFilter::default()
        },
        ClientSort::Name,
        10,
        &PLANS,
    )[0]
    .id
    .clone();
    write(&mut conn, |tx| trash(tx, &id, later())).unwrap();
    assert!(
        search(&conn, "ferr").is_empty(),
        "a client in the trash must not show up in searches"
    );
    assert!(search(&conn, "bego").is_empty(), "nor through its contacts");
    write(&mut conn, |tx| restore(tx, &id, later())).unwrap();
    assert_eq!(search(&conn, "bego"), vec!["Ferretería García S.L."]);
}

// ---------------------------------------------------------------------------------------
// Pagination

fn summary(id: &str) -> ClientSummary {
    ClientSummary {
        id: id.into(),
        kind: ClientKind::Person,
        name: id.into(),
        city: None,
        phone: None,
        email: None,
        segment: None,
        status: ClientStatus::Active,
        colour: FollowUpColour::None,
        updated_at: String::new(),
        deleted_at: None,
    }
}

#[test]
fn a_page_fetched_with_one_extra_row_knows_whether_more_follow() {
    let rows = |n: usize| -> Rows {
        (0..n)
            .map(|i| (summary(&format!("id{i}")), format!("key{i}")))
            .collect()
    };
    let exact = page_of(rows(3), 3);
    assert_eq!(exact.items.len(), 3);
    assert_eq!(
        exact.next, None,
        "exactly `limit` rows is the last page: a next cursor would show an empty page"
    );
    let more = page_of(rows(4), 3);
    assert_eq!(more.items.len(), 3, "the extra row is not shown");
    assert_eq!(
        more.next,
        Some(ClientCursor {
            key: "key2".into(),
            id: "id2".into()
        }),
        "the next page starts after the last row shown"
    );
    let empty = page_of(rows(0), 3);
    assert!(empty.items.is_empty() && empty.next.is_none());
}

#[test]
fn an_exact_multiple_of_the_page_size_ends_without_a_next_page() {
    let mut conn = database();
    for i in 0..6 {
        create_client(&mut conn, &input(&format!("Cliente {i}"))).unwrap();
    }
    let first = page(
        &conn,
        &ClientPageRequest {
            filter: ClientFilter::default(),
            sort: ClientSort::Name,
            after: None,
            limit: 3,
        },
    )
    .unwrap();
    let second = page(
        &conn,
        &ClientPageRequest {
            filter: ClientFilter::default(),
            sort: ClientSort::Name,
            after: first.next.clone(),
            limit: 3,
        },
    )
    .unwrap();
    assert!(first.next.is_some());
    assert_eq!(second.items.len(), 3);
    assert_eq!(second.next, None, "6 clients in pages of 3 are two pages");
}

#[test]
fn page_size_is_kept_between_one_and_the_maximum() {
    let mut conn = database();
    for i in 0..3 {
        create_client(&mut conn, &input(&format!("Cliente {i}"))).unwrap();
    }
    let request = |limit| ClientPageRequest {
        filter: ClientFilter::default(),
        sort: ClientSort::Name,
        after: None,
        limit,
    };
    let zero = page(&conn, &request(0)).unwrap();
    assert_eq!(zero.items.len(), 1, "a zero limit still shows a row");
    assert!(zero.next.is_some());
    assert_eq!(page(&conn, &request(u32::MAX)).unwrap().items.len(), 3);
}

#[test]
fn sort_by_name_ignores_accents_and_case() {
    let mut conn = database();
    for name in [
        "Beatriz", "ÁNGEL", "alberto", "Álvaro", "ana", "Ñandú", "nacho",
    ] {
        create_client(&mut conn, &input(name)).unwrap();
    }
    let names: Vec<String> =
        walk_pages(&conn, &ClientFilter::default(), ClientSort::Name, 2, &PLANS)
            .into_iter()
            .map(|c| c.name)
            .collect();
    assert_eq!(
        names,
        vec!["alberto", "Álvaro", "ana", "ÁNGEL", "Beatriz", "nacho", "Ñandú"],
        "Á sorts with A and capitals with lower case, as a person expects"
    );
}

#[test]
fn sort_by_updated_is_newest_first() {
    let mut conn = database();
    let mut ids = Vec::new();
    for name in ["Uno", "Dos", "Tres"] {
        ids.push(create_client(&mut conn, &input(name)).unwrap().id);
    }
    write(&mut conn, |tx| update(tx, &ids[0], &input("Uno"), later())).unwrap();
    let names: Vec<String> = walk_pages(
        &conn,
        &ClientFilter::default(),
        ClientSort::Updated,
        2,
        &PLANS,
    )
    .into_iter()
    .map(|c| c.name)
    .collect();
    assert_eq!(
        names,
        vec!["Uno", "Tres", "Dos"],
        "the client just edited comes first"
    );
}

#[test]
fn count_matches_the_items_over_all_pages() {
    let mut conn = database();
    for i in 0..23 {
        create_client(
            &mut conn,
            &ClientInput {
                segment: Some(["Mayorista", "Minorista"][i % 2].into()),
                tags: if i % 3 == 0 {
                    vec!["VIP".into()]
                } else {
                    vec![]
                },
                colour: Some(FollowUpColour::ALL[i % 4]),
                status: Some(ClientStatus::ALL[i % 5]),
                city: Some(["Madrid", "Málaga"][i % 2].into()),
                ..input(&format!("Cliente {i}"))
            },
        )
        .unwrap();
    }
    let first = walk_pages(&conn, &ClientFilter::default(), ClientSort::Name, 5, &PLANS);
    write(&mut conn, |tx| trash(tx, &first[0].id, later())).unwrap();
    let labels = labels::all(&conn).unwrap();
    let filters = [
        ClientFilter::default(),
        ClientFilter {
            segment_id: Some(labels.segments[0].id.clone()),
            ..ClientFilter::default()
        },
        ClientFilter {
            tag_id: Some(labels.tags[0].id.clone()),
            ..ClientFilter::default()
        },
        ClientFilter {
            colour: Some(FollowUpColour::Red),
            status: Some(ClientStatus::Active),
            ..ClientFilter::default()
        },
        ClientFilter {
            search: Some("ma".into()),
            tag_id: Some(labels.tags[0].id.clone()),
            ..ClientFilter::default()
        },
    ];
    for filter in &filters {
        for sort in [ClientSort::Name, ClientSort::Updated] {
            let items = walk_pages(&conn, filter, sort, 4, &PLANS);
            let ids: BTreeSet<_> = items.iter().map(|c| c.id.clone()).collect();
            assert_eq!(ids.len(), items.len(), "a client shown twice in {filter:?}");
            assert_eq!(
                count(&conn, filter).unwrap(),
                items.len() as u64,
                "the header's count must be what scrolling shows for {filter:?}"
            );
        }
    }
    assert_eq!(count(&conn, &ClientFilter::default()).unwrap(), 22);
}

#[test]
fn a_search_with_filters_is_counted_in_the_index_and_past_the_cap_says_so() {
    let mut conn = database();
    let mut ids = Vec::new();
    for i in 0..6 {
        let form = ClientInput {
            segment: Some("Hostelería".into()),
            tags: vec!["VIP".into()],
            colour: Some(FollowUpColour::Red),
            status: Some(ClientStatus::Active),
            ..input(&format!("Marisquería {i}"))
        };
        ids.push(create_client(&mut conn, &form).unwrap().id);
    }
    let labels = labels::all(&conn).unwrap();
    let (segment, tag) = (labels.segments[0].id.clone(), labels.tags[0].id.clone());
    let filter = ClientFilter {
        search: Some("mar".into()),
        segment_id: Some(segment.clone()),
        tag_id: Some(tag.clone()),
        colour: Some(FollowUpColour::Red),
        status: Some(ClientStatus::Active),
    };
    // Every search has "many" candidates: the count is the index's intersection.
    let index = Plans {
        small_set: 0,
        ..PLANS
    };
    let counted = |conn: &Connection, cap| count_bounded_with(conn, &filter, &index, cap).unwrap();
    assert_eq!(
        counted(&conn, 4),
        ClientCount {
            total: 4,
            more_than: true
        },
        "past the cap the header says 'more than', and only then"
    );
    assert_eq!(
        counted(&conn, 6),
        ClientCount {
            total: 6,
            more_than: false
        }
    );
    // Every filter value an edit, a trash or a tag change takes away leaves the count.
    let edits: [(&str, ClientInput); 4] = [
        (
            "segment",
            ClientInput {
                segment: Some("Minorista".into()),
                ..Default::default()
            },
        ),
        (
            "tag",
            ClientInput {
                tags: vec!["Temporada".into()],
                ..Default::default()
            },
        ),
        (
            "colour",
            ClientInput {
                colour: Some(FollowUpColour::Green),
                ..Default::default()
            },
        ),
        (
            "status",
            ClientInput {
                status: Some(ClientStatus::Former),
                ..Default::default()
            },
        ),
    ];
    for (n, (what, edit)) in edits.into_iter().enumerate() {
        let form = ClientInput {
            segment: edit.segment.or(Some("Hostelería".into())),
            tags: if edit.tags.is_empty() {
                vec!["VIP".into()]
            } else {
                edit.tags
            },
            colour: edit.colour.or(Some(FollowUpColour::Red)),
            status: edit.status.or(Some(ClientStatus::Active)),
            ..input(&format!("Marisquería {n}"))
        };
        write(&mut conn, |tx| update(tx, &ids[n], &form, later())).unwrap();
        assert_eq!(
            counted(&conn, u64::MAX).total,
            5 - n as u64,
            "a client whose {what} changed must leave the filtered count"
        );
    }
    write(&mut conn, |tx| trash(tx, &ids[4], later())).unwrap();
    assert_eq!(
        counted(&conn, u64::MAX).total,
        1,
        "a trashed client leaves the count"
    );
    write(&mut conn, |tx| restore(tx, &ids[4], later()).map(drop)).unwrap();
    assert_eq!(
        counted(&conn, u64::MAX).total,
        2,
        "and comes back on restore"
    );
    assert_eq!(count_with(&conn, &filter, &index).unwrap(), 2);
    assert_eq!(crate::testing::search_index_mismatch(&conn), None);
}

#[test]
fn list_walks_read_their_index_in_order_instead_of_sorting_the_table() {
    // At 100k clients a sort of the whole table takes tens of milliseconds per page.
    let conn = database();
    let segment = Some("s".to_string());
    let filters = [
        ClientFilter::default(),
        ClientFilter {
            segment_id: segment.clone(),
            ..ClientFilter::default()
        },
        ClientFilter {
            colour: Some(FollowUpColour::Red),
            ..ClientFilter::default()
        },
        ClientFilter {
            status: Some(ClientStatus::Active),
            ..ClientFilter::default()
        },
        ClientFilter {
            tag_id: Some("t".into()),
            search: Some("ana lo".into()),
            segment_id: segment,
            ..ClientFilter::default()
        },
    ];
    let cursor = ClientCursor {
        key: "k".into(),
        id: "i".into(),
    };
    for filter in &filters {
        for sort in [ClientSort::Name, ClientSort::Updated] {
            let q = ListQuery::new(filter, sort);
            for after in [None, Some(&cursor)] {
                for (what, (sql, _)) in [
                    ("walk", q.walk_sql(after, 51)),
                    ("dense walk", q.dense_walk_sql(after, 2_500)),
                    ("candidates walk", q.candidates_walk_sql(after, 51)),
                ] {
                    let plan: Vec<String> = conn
                        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                        .unwrap()
                        .query_map(
                            params_from_iter(std::iter::repeat_n("x", sql.matches('?').count())),
                            |r| r.get::<_, String>(3),
                        )
                        .unwrap()
                        .map(Result::unwrap)
                        .collect();
                    assert!(
                        !plan.iter().any(|p| p.contains("TEMP B-TREE FOR ORDER BY")),
                        "the {what} for {filter:?} by {sort:?} sorts instead of walking an \
                         index: {plan:?}"
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Properties

/// Name words with accents, case and duplicates, so that ties in the name order happen.
const WORDS: &[&str] = &[
    "María", "maria", "MARÍA", "Mario", "Ana", "Ána", "Anabel", "Núñez", "nunez", "López", "Lopez",
    "Peña", "pena", "Zoe", "Álvaro", "alvaro", "Marta",
];
const CITIES: &[&str] = &["Madrid", "Málaga", "Ávila", "Murcia"];
const SEGMENTS: &[&str] = &["Hostelería", "hosteleria", "Minorista"];
const TAGS: &[&str] = &["VIP", "vip", "Temporada", "Muestras"];

/// What the reference model knows of a generated client.
#[derive(Debug, Clone)]
struct Spec {
    name: String,
    city: Option<String>,
    segment: Option<usize>,
    tags: Vec<usize>,
    colour: FollowUpColour,
    status: ClientStatus,
    contacts: Vec<String>,
    trashed: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(prop::sample::select(WORDS), 1..=3),
        prop::option::of(prop::sample::select(CITIES)),
        prop::option::of(0..SEGMENTS.len()),
        prop::collection::vec(0..TAGS.len(), 0..=2),
        prop::sample::select(FollowUpColour::ALL),
        prop::sample::select(ClientStatus::ALL),
        prop::collection::vec(prop::sample::select(WORDS), 0..=2),
        prop::bool::weighted(0.15),
    )
        .prop_map(
            |(name, city, segment, tags, colour, status, contacts, trashed)| Spec {
                name: name.join(" "),
                city: city.map(String::from),
                segment,
                tags,
                colour,
                status,
                contacts: contacts.into_iter().map(String::from).collect(),
                trashed,
            },
        )
}

/// A search as a user might type it: prefixes of the words in use, accents and case
/// changed, two words, or junk.
fn typed_search() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => (prop::sample::select(WORDS), 1..4usize)
            .prop_map(|(w, n)| w.chars().take(n).collect::<String>()),
        // Whole words: longer than the index's prefixes, so candidates must be checked.
        2 => prop::sample::select(WORDS).prop_map(String::from),
        1 => (prop::sample::select(WORDS), prop::sample::select(WORDS))
            .prop_map(|(a, b)| format!("{a} {}", b.chars().take(2).collect::<String>())),
        1 => (prop::sample::select(WORDS), prop::sample::select(CITIES)).prop_map(|(w, c)| {
            format!("{} {}", &w.to_uppercase(), c.chars().take(2).collect::<String>())
        }),
        1 => prop::sample::select(vec!["ma", "MÁ", "ñ", "n", "z", "\"m", "(a*", "a OR b", "x", ""])
            .prop_map(String::from),
    ]
}

/// The reference fold for the generator's alphabet, written apart from `text::fold`.
fn fold_ref(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' | 'ü' => 'u',
            'ñ' => 'n',
            c => c,
        })
        .collect()
}

fn words_ref(s: &str) -> Vec<String> {
    fold_ref(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Whether the reference model says `spec` matches the typed search.
fn matches_ref(spec: &Spec, typed: &str) -> bool {
    let mut words = words_ref(&spec.name);
    for field in spec.city.iter().chain(&spec.contacts) {
        words.extend(words_ref(field));
    }
    words_ref(typed)
        .iter()
        .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
}

fn plans() -> impl Strategy<Value = Plans> {
    (
        prop::sample::select(vec![0u32, 1, 3, 8, PLANS.small_set, u32::MAX]),
        prop::sample::select(vec![0u32, 1, 2, 5, PLANS.walk, u32::MAX]),
        prop::sample::select(vec![0u32, 1, 4, PLANS.after_walk, u32::MAX]),
    )
        .prop_map(|(small_set, walk, after_walk)| Plans {
            small_set,
            walk,
            after_walk,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Walking the pages by cursor shows every matching client exactly once, in order,
    /// whatever the filter, order, page size and plan.
    #[test]
    fn keyset_pages_show_every_match_once_in_order(
        specs in prop::collection::vec(spec(), 0..30),
        search in prop::option::weighted(0.8, typed_search()),
        segment in prop::option::weighted(0.2, 0..SEGMENTS.len()),
        tag in prop::option::weighted(0.2, 0..TAGS.len()),
        colour in prop::option::weighted(0.2, prop::sample::select(FollowUpColour::ALL)),
        status in prop::option::weighted(0.2, prop::sample::select(ClientStatus::ALL)),
        by_updated in any::<bool>(),
        limit in 1u32..7,
        plans in plans(),
        cap in prop::sample::select(vec![0u64, 1, 2, 5, COUNT_CAP]),
    ) {
        let mut conn = database();
        // (id, spec, sort_name, updated_at) of every live client, as the reference sees it.
        let mut live = Vec::new();
        for spec in &specs {
            let c = create_client(&mut conn, &ClientInput {
                kind: Some(ClientKind::Company),
                city: spec.city.clone(),
                segment: spec.segment.map(|s| SEGMENTS[s].to_string()),
                tags: spec.tags.iter().map(|&t| TAGS[t].to_string()).collect(),
                colour: Some(spec.colour),
                status: Some(spec.status),
                ..input(&spec.name)
            }).unwrap();
            for person in &spec.contacts {
                add_contact(&mut conn, &c.id, person, None);
            }
            if spec.trashed {
                write(&mut conn, |tx| trash(tx, &c.id, later())).unwrap();
            } else {
                let c = get(&conn, &c.id).unwrap();
                live.push((c.id, spec.clone(), fold_ref(&spec.name), c.updated_at));
            }
        }
        // Labels fold like names: "Hostelería" and "hosteleria" are one segment.
        let labels = labels::all(&conn).unwrap();
        let segment_id = |i: usize| labels.segments.iter()
            .find(|l| fold_ref(&l.name) == fold_ref(SEGMENTS[i])).map(|l| l.id.clone());
        let tag_id = |i: usize| labels.tags.iter()
            .find(|l| fold_ref(&l.name) == fold_ref(TAGS[i])).map(|l| l.id.clone());
        let filter = ClientFilter {
            search: search.clone(),
            segment_id: segment.map(|s| segment_id(s).unwrap_or_else(|| "none".into())),
            tag_id: tag.map(|t| tag_id(t).unwrap_or_else(|| "none".into())),
            colour,
            status,
        };
        let sort = if by_updated { ClientSort::Updated } else { ClientSort::Name };

        let mut expected: Vec<_> = live.iter().filter(|(_, s, _, _)| {
            search.as_deref().is_none_or(|t| matches_ref(s, t))
                && segment.is_none_or(|i| s.segment.is_some_and(|j| fold_ref(SEGMENTS[j]) == fold_ref(SEGMENTS[i])))
                && tag.is_none_or(|i| s.tags.iter().any(|&j| fold_ref(TAGS[j]) == fold_ref(TAGS[i])))
                && colour.is_none_or(|c| s.colour == c)
                && status.is_none_or(|c| s.status == c)
        }).collect();
        match sort {
            ClientSort::Name => expected.sort_by(|a, b| (&a.2, &a.0).cmp(&(&b.2, &b.0))),
            ClientSort::Updated => expected.sort_by(|a, b| (&b.3, &b.0).cmp(&(&a.3, &a.0))),
        }
        let expected: Vec<String> = expected.into_iter().map(|(id, ..)| id.clone()).collect();

        let shown: Vec<String> = walk_pages(&conn, &filter, sort, limit, &plans)
            .into_iter().map(|c| c.id).collect();
        prop_assert_eq!(&shown, &expected, "pages differ from the reference for {:?}", filter);
        prop_assert_eq!(count_with(&conn, &filter, &plans).unwrap(), expected.len() as u64);
        // The header's count: exact, or past the cap a true lower bound that says so.
        let bounded = count_bounded_with(&conn, &filter, &plans, cap).unwrap();
        let n = expected.len() as u64;
        if bounded.more_than {
            prop_assert!(n > cap && bounded.total == cap, "{:?} for {} matches", bounded, n);
        } else {
            prop_assert_eq!(bounded.total, n, "an exact count must be the true one");
        }
    }
}

/// One step of the trash property.
#[derive(Debug, Clone)]
enum Op {
    /// A new client: name word, tax id from a small pool (so conflicts happen), contacts.
    Create {
        word: usize,
        tax: Option<u8>,
        contacts: u8,
    },
    /// Trash the n-th client ever created (if live).
    Trash(usize),
    /// Restore the n-th client ever created (if in the trash).
    Restore(usize),
    EmptyTrash,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..WORDS.len(), prop::option::of(0u8..4), 0u8..3)
            .prop_map(|(word, tax, contacts)| Op::Create { word, tax, contacts }),
        3 => (0usize..40).prop_map(Op::Trash),
        3 => (0usize..40).prop_map(Op::Restore),
        1 => Just(Op::EmptyTrash),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Where {
    Live,
    Trash,
    Gone,
}

/// Everything about a client that trashing and restoring must keep.
fn kept(
    c: &Client,
) -> (
    String,
    Option<String>,
    Vec<String>,
    Vec<String>,
    Option<String>,
) {
    (
        c.name.clone(),
        c.tax_id.clone(),
        c.tags.clone(),
        c.contacts.iter().map(|p| p.name.clone()).collect(),
        c.segment.clone(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Live list and trash always split the clients not purged; restore brings back exactly
    /// what was trashed; emptying the trash removes clients and their contact people.
    #[test]
    fn trash_and_restore_keep_every_client_in_exactly_one_place(
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let mut conn = database();
        let mut created: Vec<(String, Client)> = Vec::new();
        let mut place: BTreeMap<String, Where> = BTreeMap::new();
        let tax_of = |c: &Client| c.tax_id.clone();
        for op in ops {
            match op {
                Op::Create { word, tax, contacts } => {
                    let tax_id = tax.map(|t| format!("B-0000000{t}"));
                    let taken = created.iter().any(|(id, c)| {
                        place[id] == Where::Live && tax_id.is_some() && tax_of(c) == tax_id
                    });
                    let result = create_client(&mut conn, &ClientInput {
                        kind: Some(ClientKind::Company),
                        tax_id: tax_id.clone(),
                        tags: vec![TAGS[word % TAGS.len()].into()],
                        segment: Some(SEGMENTS[word % SEGMENTS.len()].into()),
                        ..input(WORDS[word])
                    });
                    match result {
                        Err(CoreError::Conflict { field: Some("taxId"), .. }) => {
                            prop_assert!(taken, "a free tax id was refused");
                        }
                        Ok(c) => {
                            prop_assert!(!taken, "a tax id held by a live client was accepted");
                            for i in 0..contacts {
                                add_contact(&mut conn, &c.id, &format!("Contacto {i}"), None);
                            }
                            let c = get(&conn, &c.id).unwrap();
                            place.insert(c.id.clone(), Where::Live);
                            created.push((c.id.clone(), c));
                        }
                        Err(e) => prop_assert!(false, "unexpected error {e:?}"),
                    }
                }
                Op::Trash(n) => {
                    let Some((id, _)) = created.get(n % created.len().max(1)) else { continue };
                    let result = write(&mut conn, |tx| trash(tx, id, later()));
                    if place[id] == Where::Live {
                        prop_assert!(result.is_ok());
                        place.insert(id.clone(), Where::Trash);
                    } else {
                        let not_found = matches!(result, Err(CoreError::NotFound { .. }));
                        prop_assert!(not_found);
                    }
                }
                Op::Restore(n) => {
                    let Some((id, before)) = created.get(n % created.len().max(1)) else { continue };
                    let taken = created.iter().any(|(other, c)| {
                        other != id && place[other] == Where::Live
                            && before.tax_id.is_some()
                            && tax_id_key(c.tax_id.as_deref().unwrap_or(""))
                                == tax_id_key(before.tax_id.as_deref().unwrap_or(""))
                    });
                    let result = write(&mut conn, |tx| restore(tx, id, later()));
                    match (place[id], taken) {
                        (Where::Trash, false) => {
                            let back = result.unwrap();
                            prop_assert_eq!(kept(&back), kept(before), "restore changed the client");
                            prop_assert_eq!(back.deleted_at, None);
                            place.insert(id.clone(), Where::Live);
                        }
                        (Where::Trash, true) => {
                            let conflict = matches!(result, Err(CoreError::Conflict { .. }));
                            prop_assert!(conflict, "restore over a live tax id holder");
                        }
                        _ => {
                            let not_found = matches!(result, Err(CoreError::NotFound { .. }));
                            prop_assert!(not_found);
                        }
                    }
                }
                Op::EmptyTrash => {
                    let n = write(&mut conn, empty_trash).unwrap();
                    let trashed: Vec<String> = place.iter()
                        .filter(|(_, w)| **w == Where::Trash).map(|(id, _)| id.clone()).collect();
                    prop_assert_eq!(n, trashed.len() as u64);
                    for id in trashed {
                        place.insert(id, Where::Gone);
                    }
                }
            }

            // The live list and the trash, walked by cursor.
            let live: BTreeSet<String> =
                walk_pages(&conn, &ClientFilter::default(), ClientSort::Updated, 3, &PLANS)
                    .into_iter().map(|c| c.id).collect();
            let mut trash_ids = BTreeSet::new();
            let mut after = None;
            loop {
                let page = trash_page(&conn, after.as_ref(), 2).unwrap();
                for c in page.items {
                    prop_assert!(c.deleted_at.is_some());
                    prop_assert!(trash_ids.insert(c.id), "a client shown twice in the trash");
                }
                match page.next {
                    Some(n) => after = Some(n),
                    None => break,
                }
            }
            let want = |w: Where| -> BTreeSet<String> {
                place.iter().filter(|(_, p)| **p == w).map(|(id, _)| id.clone()).collect()
            };
            prop_assert_eq!(&live, &want(Where::Live), "the live list lost or gained a client");
            prop_assert_eq!(&trash_ids, &want(Where::Trash), "the trash lost or gained a client");
            prop_assert_eq!(count(&conn, &ClientFilter::default()).unwrap(), live.len() as u64);
            for id in want(Where::Gone) {
                let gone = matches!(get(&conn, &id), Err(CoreError::NotFound { .. }));
                prop_assert!(gone, "an emptied client can still be opened");
                let people: i64 = conn.query_row(
                    "SELECT count(*) FROM contact_people WHERE client_id = ?1", [&id], |r| r.get(0),
                ).unwrap();
                prop_assert_eq!(people, 0, "contact people outlived their client");
                let links: i64 = conn.query_row(
                    "SELECT count(*) FROM client_tags WHERE client_id = ?1", [&id], |r| r.get(0),
                ).unwrap();
                prop_assert_eq!(links, 0, "tag links outlived their client");
            }
        }
        prop_assert_eq!(is_empty(&conn).unwrap(), place.values().all(|w| *w == Where::Gone));
        // The search index holds exactly the live clients' words (a trashed or purged client
        // left over in the index would fail this), and FTS5 finds its own structure sound.
        prop_assert_eq!(crate::testing::search_index_mismatch(&conn), None);
        conn.execute(
            "INSERT INTO clients_fts (clients_fts, rank) VALUES ('integrity-check', 0)", [],
        ).expect("the search index is sound");
    }
}
