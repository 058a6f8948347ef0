//! Notes on a real database: each kind checked on its fields, edited, paged by kind, doubts
//! answered and reopened, trashed and restored, and gone for good with the trash.

use rusqlite::Connection;

use super::*;
use crate::clients::{self, ClientInput};
use crate::error::{CoreError, Rule};
use crate::testing::{database, later, write};

fn client(conn: &mut Connection, name: &str) -> String {
    let input = ClientInput {
        name: name.into(),
        ..ClientInput::default()
    };
    write(conn, |tx| Ok(clients::create(tx, &input, later())?.id)).unwrap()
}

fn note(kind: NoteKind, body: &str) -> NoteInput {
    NoteInput {
        kind,
        body: body.into(),
        sentiment: None,
        competitor: None,
        aspect: None,
    }
}

fn add(conn: &mut Connection, client_id: &str, input: &NoteInput) -> Result<Note, CoreError> {
    write(conn, |tx| save(tx, client_id, None, input, later()))
}

fn fields(err: CoreError) -> Vec<(String, Rule)> {
    match err {
        CoreError::Invalid(errors) => errors.into_iter().map(|e| (e.field, e.rule)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn a_competitor_comparison_names_whom_and_on_what_and_reads_back() {
    let mut conn = database();
    let id = client(&mut conn, "Ferretería Norte");
    let input = NoteInput {
        competitor: Some("  Bricomart ".into()),
        aspect: Some(Aspect::Price),
        ..note(
            NoteKind::Competitor,
            "Dice que en Bricomart el saco de cemento sale a 4,10 €",
        )
    };
    let saved = add(&mut conn, &id, &input).unwrap();
    assert_eq!(saved.competitor.as_deref(), Some("Bricomart"));
    assert_eq!(saved.aspect, Some(Aspect::Price));
    assert_eq!(get(&conn, &saved.id).unwrap(), saved);

    let missing = note(NoteKind::Competitor, "Compara con otro");
    assert_eq!(
        fields(add(&mut conn, &id, &missing).unwrap_err()),
        [
            ("competitor".into(), Rule::Required),
            ("aspect".into(), Rule::Required)
        ]
    );
    let too_long = NoteInput {
        competitor: Some("x".repeat(MAX_COMPETITOR + 1)),
        aspect: Some(Aspect::Service),
        ..missing
    };
    assert_eq!(
        fields(add(&mut conn, &id, &too_long).unwrap_err()),
        [("competitor".into(), Rule::TooLong)],
        "too long, not also required"
    );
}

#[test]
fn each_field_belongs_to_its_kind_and_a_blank_note_is_refused() {
    let mut conn = database();
    let id = client(&mut conn, "Ferretería Norte");
    let opinion = NoteInput {
        sentiment: Some(4),
        ..note(NoteKind::Opinion, "Contento con la nueva gama de pinturas")
    };
    assert_eq!(add(&mut conn, &id, &opinion).unwrap().sentiment, Some(4));
    let bad = NoteInput {
        sentiment: Some(6),
        ..note(NoteKind::Opinion, "  ")
    };
    assert_eq!(
        fields(add(&mut conn, &id, &bad).unwrap_err()),
        [
            ("body".into(), Rule::Required),
            ("sentiment".into(), Rule::OutOfRange)
        ]
    );
    let misplaced = NoteInput {
        sentiment: Some(2),
        competitor: Some("Leroy".into()),
        aspect: Some(Aspect::Range),
        ..note(NoteKind::Need, "Necesita factura electrónica")
    };
    assert_eq!(
        fields(add(&mut conn, &id, &misplaced).unwrap_err()),
        [
            ("sentiment".into(), Rule::Invalid),
            ("competitor".into(), Rule::Invalid),
            ("aspect".into(), Rule::Invalid)
        ]
    );
    let long = note(NoteKind::General, &"x".repeat(MAX_BODY + 1));
    assert_eq!(
        fields(add(&mut conn, &id, &long).unwrap_err()),
        [("body".into(), Rule::TooLong)]
    );
}

#[test]
fn doubts_and_needs_stay_open_until_answered_and_can_be_reopened() {
    let mut conn = database();
    let id = client(&mut conn, "Ferretería Norte");
    let doubt = add(
        &mut conn,
        &id,
        &note(NoteKind::Doubt, "¿Hacéis envíos a Portugal?"),
    )
    .unwrap();
    let need = add(&mut conn, &id, &note(NoteKind::Need, "Catálogo en papel")).unwrap();
    add(
        &mut conn,
        &id,
        &note(NoteKind::Demand, "Más referencias de tornillería"),
    )
    .unwrap();
    let ids = |notes: Vec<Note>| notes.into_iter().map(|n| n.id).collect::<Vec<_>>();
    assert_eq!(
        ids(open(&conn, &id).unwrap()),
        [doubt.id.clone(), need.id.clone()],
        "oldest first, the demand is not a question"
    );
    let answered = write(&mut conn, |tx| resolve(tx, &doubt.id, true, later())).unwrap();
    assert!(answered.resolved_at.is_some());
    assert_eq!(
        ids(open(&conn, &id).unwrap()),
        std::slice::from_ref(&need.id)
    );
    write(&mut conn, |tx| resolve(tx, &doubt.id, false, later())).unwrap();
    assert_eq!(ids(open(&conn, &id).unwrap()).len(), 2);

    // Answered, then turned into a general note: no answer is left on it.
    write(&mut conn, |tx| resolve(tx, &need.id, true, later())).unwrap();
    let general = note(NoteKind::General, "Catálogo en papel");
    let edited = write(&mut conn, |tx| {
        save(tx, &id, Some(&need.id), &general, later())
    })
    .unwrap();
    assert_eq!((edited.kind, edited.resolved_at), (NoteKind::General, None));
    assert_eq!(
        edited.noted_at, need.noted_at,
        "an edit keeps when it was noted"
    );
    assert!(matches!(
        write(&mut conn, |tx| resolve(tx, &need.id, true, later())),
        Err(CoreError::Validation { field: "kind", .. })
    ));
}

#[test]
fn pages_run_newest_first_of_every_kind_or_of_one() {
    let mut conn = database();
    let id = client(&mut conn, "Ferretería Norte");
    let kinds = [
        NoteKind::Demand,
        NoteKind::Doubt,
        NoteKind::Demand,
        NoteKind::General,
    ];
    let mut made = Vec::new();
    for (n, kind) in kinds.into_iter().cycle().take(9).enumerate() {
        made.push(
            add(&mut conn, &id, &note(kind, &format!("Nota {n}")))
                .unwrap()
                .id,
        );
    }
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = page(&conn, &id, None, after.as_ref(), 4).unwrap();
        seen.extend(page.items.iter().map(|n| n.id.clone()));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    made.reverse();
    assert_eq!(seen, made);
    let demands = page(&conn, &id, Some(NoteKind::Demand), None, 50).unwrap();
    assert_eq!(demands.items.len(), 5);
    assert!(demands.items.iter().all(|n| n.kind == NoteKind::Demand));
}

#[test]
fn a_trashed_note_comes_back_until_the_trash_is_emptied() {
    let mut conn = database();
    let id = client(&mut conn, "Ferretería Norte");
    let doubt = add(&mut conn, &id, &note(NoteKind::Doubt, "¿Plazo de entrega?")).unwrap();
    let owner = write(&mut conn, |tx| trash(tx, &doubt.id, later())).unwrap();
    assert_eq!(owner, id);
    assert!(page(&conn, &id, None, None, 10).unwrap().items.is_empty());
    assert!(open(&conn, &id).unwrap().is_empty());
    assert!(matches!(
        write(&mut conn, |tx| trash(tx, &doubt.id, later())),
        Err(CoreError::NotFound { .. })
    ));
    let trashed = trash_page(&conn, None, 10).unwrap();
    assert_eq!(trashed.items.len(), 1);
    assert_eq!(trashed.items[0].client_name, "Ferretería Norte");
    assert_eq!(trashed.items[0].note.body, "¿Plazo de entrega?");
    write(&mut conn, |tx| restore(tx, &doubt.id, later())).unwrap();
    assert_eq!(open(&conn, &id).unwrap().len(), 1);
    assert!(trash_page(&conn, None, 10).unwrap().items.is_empty());

    write(&mut conn, |tx| trash(tx, &doubt.id, later())).unwrap();
    let emptied = write(&mut conn, crate::trash::empty).unwrap();
    assert_eq!(emptied.notes, 1);
    assert!(matches!(
        get(&conn, &doubt.id),
        Err(CoreError::NotFound { .. })
    ));
}

#[test]
fn a_note_cannot_be_added_to_or_brought_back_to_a_client_in_the_trash() {
    let mut conn = database();
    let id = client(&mut conn, "Ferretería Norte");
    let need = add(&mut conn, &id, &note(NoteKind::Need, "Palés retornables")).unwrap();
    write(&mut conn, |tx| trash(tx, &need.id, later())).unwrap();
    write(&mut conn, |tx| clients::trash(tx, &id, later())).unwrap();
    assert!(matches!(
        add(&mut conn, &id, &note(NoteKind::General, "Hola")),
        Err(CoreError::NotFound { .. })
    ));
    assert!(matches!(
        write(&mut conn, |tx| restore(tx, &need.id, later())),
        Err(CoreError::NotFound { .. })
    ));
}

#[test]
fn the_trash_pages_run_latest_trashed_first_and_visit_each_once() {
    let mut conn = database();
    let id = client(&mut conn, "Ferretería Norte");
    let mut trashed = Vec::new();
    for n in 0..7 {
        let made = add(
            &mut conn,
            &id,
            &note(NoteKind::General, &format!("Nota {n}")),
        )
        .unwrap();
        write(&mut conn, |tx| trash(tx, &made.id, later())).unwrap();
        trashed.push(made.id);
    }
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = trash_page(&conn, after.as_ref(), 3).unwrap();
        seen.extend(page.items.into_iter().map(|t| t.note.id));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    trashed.reverse();
    assert_eq!(seen, trashed);
}
