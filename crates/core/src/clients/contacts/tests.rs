//! Contact people: who may have them, their validation, and how their changes reach the
//! client (its "last change" and its search words).

use rusqlite::Connection;

use super::*;
use crate::clients::{self, ClientInput, ClientKind};
use crate::testing::{database, later, write};

fn client(conn: &mut Connection, kind: ClientKind, name: &str) -> clients::Client {
    write(conn, |tx| {
        clients::create(
            tx,
            &ClientInput {
                kind: Some(kind),
                name: name.into(),
                ..ClientInput::default()
            },
            later(),
        )
    })
    .expect("the client is created")
}

fn person(name: &str) -> ContactPersonInput {
    ContactPersonInput {
        name: name.into(),
        ..ContactPersonInput::default()
    }
}

fn updated_at(conn: &Connection, client_id: &str) -> String {
    clients::get(conn, client_id).unwrap().updated_at
}

#[test]
fn a_company_gets_contact_people_listed_by_name() {
    let mut conn = database();
    let company = client(&mut conn, ClientKind::Company, "Talleres Ruiz");
    let added = write(&mut conn, |tx| {
        add(
            tx,
            &company.id,
            &ContactPersonInput {
                name: "  Pilar   Gómez ".into(),
                role: Some("Compras".into()),
                phone: Some("600 111 222".into()),
                email: Some("pilar@talleresruiz.es".into()),
                whatsapp: Some("+34 600 111 222".into()),
            },
            later(),
        )
    })
    .unwrap();
    write(&mut conn, |tx| {
        add(tx, &company.id, &person("Andrés Ruiz"), later())
    })
    .unwrap();
    assert_eq!(
        added.name, "Pilar Gómez",
        "names are cleaned like the client's"
    );
    assert_eq!(added.client_id, company.id);
    assert_eq!(added.role.as_deref(), Some("Compras"));
    assert_eq!(get(&conn, &added.id).unwrap(), added);
    let names: Vec<String> = list_for_client(&conn, &company.id)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, vec!["Andrés Ruiz", "Pilar Gómez"]);
    assert_eq!(
        clients::get(&conn, &company.id).unwrap().contacts.len(),
        2,
        "the client's detail view shows its contact people"
    );
}

#[test]
fn a_person_has_no_contact_people() {
    let mut conn = database();
    let ana = client(&mut conn, ClientKind::Person, "Ana López");
    let err = write(&mut conn, |tx| add(tx, &ana.id, &person("Luis"), later())).unwrap_err();
    assert!(
        matches!(
            err,
            CoreError::Validation {
                field: "clientKind",
                ..
            }
        ),
        "a person client cannot have contact people, got {err:?}"
    );
    assert!(list_for_client(&conn, &ana.id).unwrap().is_empty());
}

#[test]
fn contact_people_are_validated_like_clients() {
    let mut conn = database();
    let company = client(&mut conn, ClientKind::Company, "Bodegas Peña");
    let cases = [
        (person("   "), "name"),
        (
            ContactPersonInput {
                role: Some("r".repeat(201)),
                ..person("Pilar")
            },
            "role",
        ),
        (
            ContactPersonInput {
                email: Some("pilar@bodegas".into()),
                ..person("Pilar")
            },
            "email",
        ),
        (
            ContactPersonInput {
                phone: Some("6001a1222".into()),
                ..person("Pilar")
            },
            "phone",
        ),
        (
            ContactPersonInput {
                whatsapp: Some("600+111222".into()),
                ..person("Pilar")
            },
            "whatsapp",
        ),
    ];
    for (input, field) in cases {
        let err = write(&mut conn, |tx| add(tx, &company.id, &input, later())).unwrap_err();
        assert!(
            matches!(&err, CoreError::Invalid(errors) if errors.len() == 1 && errors[0].field == field),
            "{input:?} must be refused on {field}, got {err:?}"
        );
    }
    let missing = write(&mut conn, |tx| add(tx, "nope", &person("Pilar"), later())).unwrap_err();
    assert!(
        matches!(missing, CoreError::NotFound { .. }),
        "got {missing:?}"
    );
}

#[test]
fn a_contact_person_can_be_edited() {
    let mut conn = database();
    let company = client(&mut conn, ClientKind::Company, "Óptica Sol");
    let p = write(&mut conn, |tx| {
        add(tx, &company.id, &person("Inés"), later())
    })
    .unwrap();
    let edited = write(&mut conn, |tx| {
        update(
            tx,
            &p.id,
            &ContactPersonInput {
                name: "Inés Torres".into(),
                role: Some("Gerencia".into()),
                phone: Some("+34 699 000 111".into()),
                ..ContactPersonInput::default()
            },
            later(),
        )
    })
    .unwrap();
    assert_eq!(edited.name, "Inés Torres");
    assert_eq!(edited.role.as_deref(), Some("Gerencia"));
    assert_eq!(edited.phone.as_deref(), Some("+34 699 000 111"));
    assert_eq!(edited.created_at, p.created_at);
    assert_eq!(get(&conn, &p.id).unwrap(), edited);
}

#[test]
fn removing_a_contact_person_hides_it_but_keeps_the_row() {
    let mut conn = database();
    let company = client(&mut conn, ClientKind::Company, "Imprenta Gil");
    let p = write(&mut conn, |tx| {
        add(tx, &company.id, &person("Raúl"), later())
    })
    .unwrap();
    let owner = write(&mut conn, |tx| remove(tx, &p.id, later())).unwrap();
    assert_eq!(owner, company.id, "remove tells whose contact it was");
    assert!(matches!(get(&conn, &p.id), Err(CoreError::NotFound { .. })));
    assert!(list_for_client(&conn, &company.id).unwrap().is_empty());
    let deleted_at: Option<String> = conn
        .query_row(
            "SELECT deleted_at FROM contact_people WHERE id = ?1",
            [&p.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        deleted_at.is_some(),
        "a removal is soft, like every user record, so it can sync and be undone later"
    );
    let again = write(&mut conn, |tx| remove(tx, &p.id, later())).unwrap_err();
    assert!(matches!(again, CoreError::NotFound { .. }), "got {again:?}");
}

#[test]
fn every_contact_change_moves_the_clients_last_change() {
    let mut conn = database();
    let company = client(&mut conn, ClientKind::Company, "Frutas Molina");
    let mut last = updated_at(&conn, &company.id);
    let p = write(&mut conn, |tx| {
        add(tx, &company.id, &person("Elena"), later())
    })
    .unwrap();
    let after_add = updated_at(&conn, &company.id);
    assert!(
        after_add > last,
        "adding a contact must move the client up the list"
    );
    last = after_add;
    write(&mut conn, |tx| {
        update(tx, &p.id, &person("Elena Molina"), later())
    })
    .unwrap();
    let after_update = updated_at(&conn, &company.id);
    assert!(
        after_update > last,
        "editing a contact must move the client up the list"
    );
    last = after_update;
    write(&mut conn, |tx| remove(tx, &p.id, later())).unwrap();
    assert!(
        updated_at(&conn, &company.id) > last,
        "removing a contact must move the client up the list"
    );
}

#[test]
fn contact_people_make_their_company_searchable() {
    let mut conn = database();
    let company = client(&mut conn, ClientKind::Company, "Distribuidora Sur");
    let p = write(&mut conn, |tx| {
        add(
            tx,
            &company.id,
            &ContactPersonInput {
                phone: Some("+34 611 222 333".into()),
                email: Some("nuria@sur.es".into()),
                ..person("Nuria Blanco")
            },
            later(),
        )
    })
    .unwrap();
    let words: String = conn
        .query_row(
            "SELECT search_words FROM clients WHERE id = ?1",
            [&company.id],
            |r| r.get(0),
        )
        .unwrap();
    for word in ["nuria", "blanco", "611222333", "sur", "distribuidora"] {
        assert!(
            words.contains(&format!(" {word}")),
            "{word} must be searchable through the contact person, got {words:?}"
        );
    }
    write(&mut conn, |tx| remove(tx, &p.id, later())).unwrap();
    let words: String = conn
        .query_row(
            "SELECT search_words FROM clients WHERE id = ?1",
            [&company.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !words.contains(" nuria"),
        "a removed contact person must stop finding the company, got {words:?}"
    );
}
