//! Contact people at a company client: who to ask for, and how to reach them.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ClientKind, MAX_NAME};
use crate::domain::ensure_live_client;
use crate::validation::Checks;
use crate::{time, CoreError, Result};

/// A person at a company client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactPerson {
    pub id: String,
    pub client_id: String,
    pub name: String,
    /// Their job: "Compras", "Gerente", …
    pub role: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub whatsapp: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What the form sends to add or edit a contact person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactPersonInput {
    pub name: String,
    pub role: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub whatsapp: Option<String>,
}

struct ValidContact {
    name: String,
    role: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    whatsapp: Option<String>,
}

/// Checks every field of `input` and reports every problem at once.
fn validate(input: &ContactPersonInput) -> Result<ValidContact> {
    let mut checks = Checks::new();
    let contact = ValidContact {
        name: checks.required("name", &input.name, MAX_NAME),
        role: checks.text("role", input.role.as_deref(), MAX_NAME),
        phone: checks.phone("phone", input.phone.as_deref()),
        email: checks.email("email", input.email.as_deref()),
        whatsapp: checks.phone("whatsapp", input.whatsapp.as_deref()),
    };
    checks.finish()?;
    Ok(contact)
}

/// Adds a contact person to a live company client.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn add(
    tx: &Transaction,
    client_id: &str,
    input: &ContactPersonInput,
    at: DateTime<Utc>,
) -> Result<ContactPerson> {
    let v = validate(input)?;
    ensure_live_client(tx, client_id)?;
    let kind: ClientKind =
        tx.query_row("SELECT kind FROM clients WHERE id = ?1", [client_id], |r| {
            r.get(0)
        })?;
    if kind != ClientKind::Company {
        return Err(CoreError::validation(
            "clientKind",
            "only a company has contact people",
        ));
    }
    let id = time::new_id();
    let now = time::timestamp(at);
    tx.execute(
        "INSERT INTO contact_people (id, client_id, name, role, phone, email, whatsapp,
                                     created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![id, client_id, v.name, v.role, v.phone, v.email, v.whatsapp, now],
    )?;
    touch_client(tx, client_id, &now)?;
    get(tx, &id)
}

/// Replaces a contact person's fields.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn update(
    tx: &Transaction,
    id: &str,
    input: &ContactPersonInput,
    at: DateTime<Utc>,
) -> Result<ContactPerson> {
    let v = validate(input)?;
    let existing = get(tx, id)?;
    let now = time::timestamp(at);
    tx.execute(
        "UPDATE contact_people SET name = ?2, role = ?3, phone = ?4, email = ?5, whatsapp = ?6,
                updated_at = ?7
         WHERE id = ?1",
        params![id, v.name, v.role, v.phone, v.email, v.whatsapp, now],
    )?;
    touch_client(tx, &existing.client_id, &now)?;
    get(tx, id)
}

/// Removes a contact person (kept in the file with `deleted_at`, like every user record);
/// returns the id of their client.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn remove(tx: &Transaction, id: &str, at: DateTime<Utc>) -> Result<String> {
    let existing = get(tx, id)?;
    let now = time::timestamp(at);
    tx.execute(
        "UPDATE contact_people SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    touch_client(tx, &existing.client_id, &now)?;
    Ok(existing.client_id)
}

/// A live contact person.
pub fn get(conn: &Connection, id: &str) -> Result<ContactPerson> {
    conn.query_row(
        "SELECT * FROM contact_people WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| CoreError::not_found("contact person"))
}

/// A client's live contact people, by name.
pub fn list_for_client(conn: &Connection, client_id: &str) -> Result<Vec<ContactPerson>> {
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM contact_people WHERE client_id = ?1 AND deleted_at IS NULL ORDER BY name",
    )?;
    let people = stmt
        .query_map([client_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(people)
}

/// A change to a contact person is a change to the client: the "last change" order and the
/// words search finds the client by.
fn touch_client(tx: &Transaction, client_id: &str, now: &str) -> Result<()> {
    super::touch(tx, client_id, now)
}

fn from_row(r: &Row) -> rusqlite::Result<ContactPerson> {
    Ok(ContactPerson {
        id: r.get("id")?,
        client_id: r.get("client_id")?,
        name: r.get("name")?,
        role: r.get("role")?,
        phone: r.get("phone")?,
        email: r.get("email")?,
        whatsapp: r.get("whatsapp")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

#[cfg(test)]
mod tests;
