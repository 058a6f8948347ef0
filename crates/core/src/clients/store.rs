//! Writing clients: create and edit (only through [`save`], which keeps the colour regime
//! planned), the trash, and reading one client whole.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::contacts;
use super::validate::{search_words, validate};
use super::{Client, ClientInput, FollowUpColour};
use crate::domain::ensure_live_client as ensure_live;
use crate::labels;
use crate::planning::Planner;
use crate::tax_id;
use crate::{time, CoreError, Result};

/// Marks a client changed and recomputes its search words: a change to one of its contact
/// people is a change to the client (the "last change" order, and search finds contacts).
pub(crate) fn touch(tx: &Transaction, id: &str, now: &str) -> Result<()> {
    let client = get(tx, id)?;
    let words = search_words(
        &client.name,
        client.tax_id.as_deref(),
        [client.phone.as_deref(), client.whatsapp.as_deref()],
        client.email.as_deref(),
        client.city.as_deref(),
        &client.contacts,
    );
    tx.execute(
        "UPDATE clients SET search_words = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, words, now],
    )?;
    Ok(())
}

/// Fails with a conflict on `taxId` when another live client already has this tax id.
pub(super) fn ensure_tax_id_free(
    conn: &Connection,
    key: Option<&str>,
    except_id: &str,
) -> Result<()> {
    let Some(key) = key else { return Ok(()) };
    let holder: Option<String> = conn
        .query_row(
            "SELECT name FROM clients
             WHERE tax_id_key = ?1 AND deleted_at IS NULL AND id <> ?2",
            params![key, except_id],
            |r| r.get(0),
        )
        .optional()?;
    match holder {
        Some(name) => Err(CoreError::Conflict {
            field: Some("taxId"),
            message: format!("the tax id is already used by {name}"),
        }),
        None => Ok(()),
    }
}

/// Creates a client; returns it as stored. Only the record: [`save`] is the public path.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub(crate) fn create(tx: &Transaction, input: &ClientInput, at: DateTime<Utc>) -> Result<Client> {
    let v = validate(input)?;
    let id = time::new_id();
    ensure_tax_id_free(tx, v.tax_id_key.as_deref(), &id)?;
    let now = time::timestamp(at);
    let segment_id = labels::segment_id_for(tx, v.segment.as_deref(), &now)?;
    tx.execute(
        "INSERT INTO clients (id, kind, name, sort_name, tax_id, tax_id_key, phone, email,
                              whatsapp, address, city, segment_id, status, colour, profile,
                              created_at, updated_at, search_words)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16,
                 ?17)",
        params![
            id,
            v.kind,
            v.name,
            v.sort_name,
            v.tax_id,
            v.tax_id_key,
            v.phone,
            v.email,
            v.whatsapp,
            v.address,
            v.city,
            segment_id,
            v.status,
            v.colour,
            v.profile,
            now,
            v.search_words(&[]),
        ],
    )?;
    labels::set_client_tags(tx, &id, &v.tags, &now)?;
    get(tx, &id)
}

/// Replaces a live client's fields with `input`; returns it as stored. Only the record:
/// [`save`] is the public path.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub(crate) fn update(
    tx: &Transaction,
    id: &str,
    input: &ClientInput,
    at: DateTime<Utc>,
) -> Result<Client> {
    let v = validate(input)?;
    ensure_live(tx, id)?;
    ensure_tax_id_free(tx, v.tax_id_key.as_deref(), id)?;
    let now = time::timestamp(at);
    let segment_id = labels::segment_id_for(tx, v.segment.as_deref(), &now)?;
    let search_words = v.search_words(&contacts::list_for_client(tx, id)?);
    tx.execute(
        "UPDATE clients SET kind = ?2, name = ?3, sort_name = ?4, tax_id = ?5, tax_id_key = ?6,
                phone = ?7, email = ?8, whatsapp = ?9, address = ?10, city = ?11,
                segment_id = ?12, status = ?13, colour = ?14, profile = ?15, updated_at = ?16,
                search_words = ?17
         WHERE id = ?1",
        params![
            id,
            v.kind,
            v.name,
            v.sort_name,
            v.tax_id,
            v.tax_id_key,
            v.phone,
            v.email,
            v.whatsapp,
            v.address,
            v.city,
            segment_id,
            v.status,
            v.colour,
            v.profile,
            now,
            search_words,
        ],
    )?;
    labels::set_client_tags(tx, id, &v.tags, &now)?;
    get(tx, id)
}

/// A client with its tags and contact people, in or out of the trash.
pub fn get(conn: &Connection, id: &str) -> Result<Client> {
    let mut client = conn
        .query_row(
            "SELECT c.*, s.name AS segment_name
             FROM clients c LEFT JOIN segments s ON s.id = c.segment_id
             WHERE c.id = ?1",
            [id],
            client_from_row,
        )
        .optional()?
        .ok_or_else(|| CoreError::not_found("client"))?;
    client.tags = labels::client_tag_names(conn, id)?;
    client.contacts = contacts::list_for_client(conn, id)?;
    Ok(client)
}

pub(super) fn client_from_row(r: &Row) -> rusqlite::Result<Client> {
    Ok(Client {
        id: r.get("id")?,
        kind: r.get("kind")?,
        name: r.get("name")?,
        tax_id_check: r
            .get::<_, Option<String>>("tax_id")?
            .as_deref()
            .map(tax_id::check),
        tax_id: r.get("tax_id")?,
        phone: r.get("phone")?,
        email: r.get("email")?,
        whatsapp: r.get("whatsapp")?,
        address: r.get("address")?,
        city: r.get("city")?,
        segment: r.get("segment_name")?,
        tags: Vec::new(),
        status: r.get("status")?,
        colour: r.get("colour")?,
        profile: r.get("profile")?,
        contacts: Vec::new(),
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        deleted_at: r.get("deleted_at")?,
    })
}

/// Moves a live client to the trash. Nothing is lost: [`restore`] brings it back.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn trash(tx: &Transaction, id: &str, at: DateTime<Utc>) -> Result<()> {
    ensure_live(tx, id)?;
    let now = time::timestamp(at);
    tx.execute(
        "UPDATE clients SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

/// Brings a client back from the trash. Fails with a conflict if, meanwhile, another live
/// client took its tax id.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn restore(tx: &Transaction, id: &str, at: DateTime<Utc>) -> Result<Client> {
    let key: Option<Option<String>> = tx
        .query_row(
            "SELECT tax_id_key FROM clients WHERE id = ?1 AND deleted_at IS NOT NULL",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(key) = key else {
        return Err(CoreError::not_found("client in the trash"));
    };
    ensure_tax_id_free(tx, key.as_deref(), id)?;
    tx.execute(
        "UPDATE clients SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1",
        params![id, time::timestamp(at)],
    )?;
    get(tx, id)
}

/// Deletes for good every client in the trash (with their contact people and tags);
/// returns how many. The only way anything is ever deleted.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn empty_trash(tx: &Transaction) -> Result<u64> {
    let n = tx.execute("DELETE FROM clients WHERE deleted_at IS NOT NULL", [])?;
    Ok(n as u64)
}

/// Whether the database has no clients at all, trash included (the first-run empty state).
pub fn is_empty(conn: &Connection) -> Result<bool> {
    let any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM clients)", [], |r| r.get(0))?;
    Ok(!any)
}

/// Creates (`id` is `None`) or edits a client, and keeps its colour regime planned: a new or
/// changed colour restarts the regime's clock and re-plans its follow-up. What the app calls;
/// [`create`] and [`update`] alone only write the record.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn save(
    tx: &Transaction,
    id: Option<&str>,
    input: &ClientInput,
    planner: &Planner,
) -> Result<Client> {
    let previous: Option<FollowUpColour> = match id {
        Some(id) => tx
            .query_row("SELECT colour FROM clients WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?,
        None => None,
    };
    let client = match id {
        None => create(tx, input, planner.now)?,
        Some(id) => update(tx, id, input, planner.now)?,
    };
    if previous != Some(client.colour) {
        restart_regime(tx, &client.id, planner)?;
    }
    Ok(client)
}

/// Gives a live client another colour, and nothing else (the next step a client's answer
/// leads to, one click): like a colour changed in the form, the regime starts over.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn set_colour(
    tx: &Transaction,
    id: &str,
    colour: FollowUpColour,
    planner: &Planner,
) -> Result<Client> {
    ensure_live(tx, id)?;
    let changed = tx.execute(
        "UPDATE clients SET colour = ?2, updated_at = ?3 WHERE id = ?1 AND colour <> ?2",
        params![id, colour, time::timestamp(planner.now)],
    )?;
    if changed > 0 {
        restart_regime(tx, id, planner)?;
    }
    get(tx, id)
}

/// A new colour: its clock starts now and its follow-up is planned from it.
fn restart_regime(tx: &Transaction, id: &str, planner: &Planner) -> Result<()> {
    tx.execute(
        "UPDATE clients SET colour_since = ?2 WHERE id = ?1",
        params![id, time::timestamp(planner.now)],
    )?;
    crate::follow_ups::replan_regime(tx, id, planner)?;
    Ok(())
}
