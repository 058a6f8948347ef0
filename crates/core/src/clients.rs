//! Clients: who each client is, how to reach them, how they are classified. Owns the clients
//! table, its validation, keyset-paged listing, full-text search and the trash.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::contacts::{self, ContactPerson};
use crate::labels;
use crate::sql_enum::sql_enum;
use crate::{text, time, CoreError, Result};

sql_enum! {
    /// A person buying for themselves or a company with contact people.
    pub enum ClientKind { Person = "person", Company = "company" }
}

sql_enum! {
    /// Where the client is in its life with the business.
    pub enum ClientStatus {
        Prospect = "prospect",
        Active = "active",
        AtRisk = "at_risk",
        InReview = "in_review",
        Former = "former",
    }
}

sql_enum! {
    /// The follow-up regime (semáforo): red = almost daily, yellow = reminders, green = waiting
    /// for the client's answer, none = no regime. A regime, not a due-date flag.
    pub enum FollowUpColour { Red = "red", Yellow = "yellow", Green = "green", None = "none" }
}

sql_enum! {
    /// Orders of the client list.
    pub enum ClientSort {
        /// Alphabetical, accents and case ignored.
        Name = "name",
        /// Most recently changed first.
        Updated = "updated",
    }
}

/// Longest accepted name, address or profile, so a paste accident cannot bloat the file.
const MAX_NAME: usize = 200;
const MAX_LINE: usize = 500;
const MAX_PROFILE: usize = 20_000;
/// Page size bounds: a page is what a screen shows, not the whole table.
pub const MAX_PAGE: u32 = 500;

/// A client as the detail view and the form see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Client {
    pub id: String,
    pub kind: ClientKind,
    pub name: String,
    /// NIF/CIF or any tax id; unique among live clients.
    pub tax_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Number for WhatsApp, international form preferred (+34 …).
    pub whatsapp: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    /// Segment name; one per client.
    pub segment: Option<String>,
    /// Tag names, alphabetical.
    pub tags: Vec<String>,
    pub status: ClientStatus,
    pub colour: FollowUpColour,
    /// Free text: what they buy, how they pay, what they are like.
    pub profile: String,
    /// Contact people at a company (empty for a person).
    pub contacts: Vec<ContactPerson>,
    pub created_at: String,
    pub updated_at: String,
    /// Set while the client is in the trash.
    pub deleted_at: Option<String>,
}

/// What the form sends to create or edit a client. Blank text means "not given".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClientInput {
    pub kind: Option<ClientKind>,
    pub name: String,
    pub tax_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub whatsapp: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    /// Segment name; a new name creates the segment.
    pub segment: Option<String>,
    /// Tag names; new names create the tags.
    pub tags: Vec<String>,
    pub status: Option<ClientStatus>,
    pub colour: Option<FollowUpColour>,
    pub profile: Option<String>,
}

/// One row of the client list: what the list shows, nothing more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClientSummary {
    pub id: String,
    pub kind: ClientKind,
    pub name: String,
    pub city: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub segment: Option<String>,
    pub status: ClientStatus,
    pub colour: FollowUpColour,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// Which clients the list shows. Every condition present must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClientFilter {
    /// What the user typed in the search box: prefix match on every word.
    pub search: Option<String>,
    pub segment_id: Option<String>,
    pub tag_id: Option<String>,
    pub colour: Option<FollowUpColour>,
    pub status: Option<ClientStatus>,
}

/// Where a page ends: the sort key and id of its last row. The next page starts after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClientCursor {
    pub key: String,
    pub id: String,
}

/// A request for one page of the client list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClientPageRequest {
    pub filter: ClientFilter,
    pub sort: ClientSort,
    pub after: Option<ClientCursor>,
    pub limit: u32,
}

/// One page of clients and the cursor of the next page (`None` on the last page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClientPage {
    pub items: Vec<ClientSummary>,
    pub next: Option<ClientCursor>,
}

/// Input after validation: trimmed, blank fields as `None`, keys computed.
struct ValidClient {
    kind: ClientKind,
    name: String,
    sort_name: String,
    tax_id: Option<String>,
    tax_id_key: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    whatsapp: Option<String>,
    address: Option<String>,
    city: Option<String>,
    segment: Option<String>,
    tags: Vec<String>,
    status: ClientStatus,
    colour: FollowUpColour,
    profile: String,
}

/// Checks an e-mail address the way a form should: one `@`, something before it, a dotted
/// domain after it, no spaces. Deliverability is the mail server's business.
pub fn validate_email(field: &'static str, email: Option<String>) -> Result<Option<String>> {
    let Some(email) = email else { return Ok(None) };
    let valid = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        });
    if valid {
        Ok(Some(email))
    } else {
        Err(CoreError::validation(field, "malformed e-mail address"))
    }
}

/// Checks a phone number: digits with the usual separators (space, `-`, `.`, parentheses),
/// an optional leading `+`, and 6 to 15 digits (the E.164 maximum).
pub fn validate_phone(field: &'static str, phone: Option<String>) -> Result<Option<String>> {
    let Some(phone) = phone else { return Ok(None) };
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone.char_indices().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')') || (c == '+' && i == 0)
    });
    if allowed && (6..=15).contains(&digits) {
        Ok(Some(phone))
    } else {
        Err(CoreError::validation(field, "malformed phone number"))
    }
}

fn limit_len(field: &'static str, value: Option<String>, max: usize) -> Result<Option<String>> {
    match value {
        Some(v) if v.chars().count() > max => Err(CoreError::validation(
            field,
            format!("longer than {max} characters"),
        )),
        v => Ok(v),
    }
}

/// The uniqueness key of a tax id: upper-case, letters and digits only ("b-12.345.678" and
/// "B12345678" are the same company).
pub fn tax_id_key(tax_id: &str) -> String {
    tax_id
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

fn validate(input: &ClientInput) -> Result<ValidClient> {
    let name = limit_len("name", text::clean(&input.name), MAX_NAME)?
        .ok_or_else(|| CoreError::validation("name", "the name is required"))?;
    let tax_id = limit_len("taxId", text::clean_opt(input.tax_id.as_deref()), 40)?;
    let tax_id_key = tax_id.as_deref().map(tax_id_key);
    if tax_id_key.as_deref() == Some("") {
        return Err(CoreError::validation(
            "taxId",
            "a tax id needs letters or digits",
        ));
    }
    let profile = input.profile.as_deref().unwrap_or("").trim().to_string();
    if profile.chars().count() > MAX_PROFILE {
        return Err(CoreError::validation(
            "profile",
            format!("longer than {MAX_PROFILE} characters"),
        ));
    }
    Ok(ValidClient {
        kind: input.kind.unwrap_or(ClientKind::Company),
        sort_name: text::fold(&name),
        name,
        tax_id,
        tax_id_key,
        phone: validate_phone("phone", text::clean_opt(input.phone.as_deref()))?,
        email: validate_email("email", text::clean_opt(input.email.as_deref()))?,
        whatsapp: validate_phone("whatsapp", text::clean_opt(input.whatsapp.as_deref()))?,
        address: limit_len("address", text::clean_opt(input.address.as_deref()), MAX_LINE)?,
        city: limit_len("city", text::clean_opt(input.city.as_deref()), MAX_NAME)?,
        segment: limit_len("segment", text::clean_opt(input.segment.as_deref()), MAX_NAME)?,
        tags: input
            .tags
            .iter()
            .filter_map(|t| text::clean(t))
            .map(|t| limit_len("tags", Some(t), MAX_NAME))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect(),
        status: input.status.unwrap_or(ClientStatus::Prospect),
        colour: input.colour.unwrap_or(FollowUpColour::None),
        profile,
    })
}

/// Fails with a conflict on `taxId` when another live client already has this tax id.
fn ensure_tax_id_free(conn: &Connection, key: Option<&str>, except_id: &str) -> Result<()> {
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

/// Creates a client; returns it as stored.
#[tracing::instrument(skip_all, err)]
pub fn create(tx: &Transaction, input: &ClientInput) -> Result<Client> {
    let v = validate(input)?;
    let id = time::new_id();
    ensure_tax_id_free(tx, v.tax_id_key.as_deref(), &id)?;
    let now = time::now();
    let segment_id = labels::segment_id_for(tx, v.segment.as_deref(), &now)?;
    tx.execute(
        "INSERT INTO clients (id, kind, name, sort_name, tax_id, tax_id_key, phone, email,
                              whatsapp, address, city, segment_id, status, colour, profile,
                              created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
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
            now
        ],
    )?;
    labels::set_client_tags(tx, &id, &v.tags, &now)?;
    get(tx, &id)
}

/// Replaces a live client's fields with `input`; returns it as stored.
#[tracing::instrument(skip_all, err)]
pub fn update(tx: &Transaction, id: &str, input: &ClientInput) -> Result<Client> {
    let v = validate(input)?;
    ensure_live(tx, id)?;
    ensure_tax_id_free(tx, v.tax_id_key.as_deref(), id)?;
    let now = time::now();
    let segment_id = labels::segment_id_for(tx, v.segment.as_deref(), &now)?;
    tx.execute(
        "UPDATE clients SET kind = ?2, name = ?3, sort_name = ?4, tax_id = ?5, tax_id_key = ?6,
                phone = ?7, email = ?8, whatsapp = ?9, address = ?10, city = ?11,
                segment_id = ?12, status = ?13, colour = ?14, profile = ?15, updated_at = ?16
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
            now
        ],
    )?;
    labels::set_client_tags(tx, id, &v.tags, &now)?;
    get(tx, id)
}

/// Fails with `NotFound` unless `id` is a client outside the trash.
pub(crate) fn ensure_live(conn: &Connection, id: &str) -> Result<()> {
    let live: Option<bool> = conn
        .query_row(
            "SELECT deleted_at IS NULL FROM clients WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match live {
        Some(true) => Ok(()),
        _ => Err(CoreError::not_found("client")),
    }
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

fn client_from_row(r: &Row) -> rusqlite::Result<Client> {
    Ok(Client {
        id: r.get("id")?,
        kind: r.get("kind")?,
        name: r.get("name")?,
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

const SUMMARY_COLUMNS: &str = "c.id, c.kind, c.name, c.city, c.phone, c.email, c.status,
     c.colour, c.updated_at, c.deleted_at, c.sort_name, s.name AS segment_name";

fn summary_from_row(r: &Row) -> rusqlite::Result<ClientSummary> {
    Ok(ClientSummary {
        id: r.get("id")?,
        kind: r.get("kind")?,
        name: r.get("name")?,
        city: r.get("city")?,
        phone: r.get("phone")?,
        email: r.get("email")?,
        segment: r.get("segment_name")?,
        status: r.get("status")?,
        colour: r.get("colour")?,
        updated_at: r.get("updated_at")?,
        deleted_at: r.get("deleted_at")?,
    })
}

/// SQL conditions (joined with AND) and their bound values for a filter over live clients.
fn filter_conditions(filter: &ClientFilter, values: &mut Vec<Value>) -> Vec<String> {
    let mut conditions = vec!["c.deleted_at IS NULL".to_string()];
    let mut bind = |conditions: &mut Vec<String>, sql: &str, value: String| {
        values.push(Value::Text(value));
        conditions.push(sql.replace('?', &format!("?{}", values.len())));
    };
    if let Some(query) = filter.search.as_deref().and_then(text::search_query) {
        bind(
            &mut conditions,
            "c.seq IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)",
            query,
        );
    }
    if let Some(segment) = &filter.segment_id {
        bind(&mut conditions, "c.segment_id = ?", segment.clone());
    }
    if let Some(tag) = &filter.tag_id {
        bind(
            &mut conditions,
            "EXISTS (SELECT 1 FROM client_tags t WHERE t.client_id = c.id AND t.tag_id = ?)",
            tag.clone(),
        );
    }
    if let Some(colour) = filter.colour {
        bind(&mut conditions, "c.colour = ?", colour.as_str().into());
    }
    if let Some(status) = filter.status {
        bind(&mut conditions, "c.status = ?", status.as_str().into());
    }
    conditions
}

/// One page of live clients: filtered, ordered by `sort` with the id as tie-breaker, starting
/// after the cursor. Keyset pagination: a deep page costs what the first page costs.
#[tracing::instrument(skip_all, err)]
pub fn page(conn: &Connection, request: &ClientPageRequest) -> Result<ClientPage> {
    let limit = request.limit.clamp(1, MAX_PAGE);
    let mut values = Vec::new();
    let mut conditions = filter_conditions(&request.filter, &mut values);
    let (key_column, after_op, order) = match request.sort {
        ClientSort::Name => ("c.sort_name", ">", "c.sort_name, c.id"),
        ClientSort::Updated => ("c.updated_at", "<", "c.updated_at DESC, c.id DESC"),
    };
    if let Some(after) = &request.after {
        values.push(Value::Text(after.key.clone()));
        values.push(Value::Text(after.id.clone()));
        let (k, i) = (values.len() - 1, values.len());
        conditions.push(format!("({key_column}, c.id) {after_op} (?{k}, ?{i})"));
    }
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, {key_column} AS cursor_key
         FROM clients c LEFT JOIN segments s ON s.id = c.segment_id
         WHERE {}
         ORDER BY {order}
         LIMIT {}",
        conditions.join(" AND "),
        limit + 1
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), |r| {
        Ok((summary_from_row(r)?, r.get::<_, String>("cursor_key")?))
    })?;
    let rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(page_of(rows, limit))
}

/// Cuts rows fetched with `LIMIT limit + 1` into a page: the extra row only tells that a next
/// page exists, and the next page starts after the last row kept.
fn page_of(mut rows: Vec<(ClientSummary, String)>, limit: u32) -> ClientPage {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = rows
        .last()
        .filter(|_| more)
        .map(|(item, key)| ClientCursor {
            key: key.clone(),
            id: item.id.clone(),
        });
    ClientPage {
        items: rows.into_iter().map(|(item, _)| item).collect(),
        next,
    }
}

/// How many live clients match the filter (the list's header shows it).
#[tracing::instrument(skip_all, err)]
pub fn count(conn: &Connection, filter: &ClientFilter) -> Result<u64> {
    let mut values = Vec::new();
    let conditions = filter_conditions(filter, &mut values);
    let sql = format!(
        "SELECT count(*) FROM clients c WHERE {}",
        conditions.join(" AND ")
    );
    let n: i64 = conn.query_row(&sql, params_from_iter(values), |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// Moves a live client to the trash. Nothing is lost: [`restore`] brings it back.
#[tracing::instrument(skip_all, err)]
pub fn trash(tx: &Transaction, id: &str) -> Result<()> {
    ensure_live(tx, id)?;
    let now = time::now();
    tx.execute(
        "UPDATE clients SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

/// Brings a client back from the trash. Fails with a conflict if, meanwhile, another live
/// client took its tax id.
#[tracing::instrument(skip_all, err)]
pub fn restore(tx: &Transaction, id: &str) -> Result<Client> {
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
        params![id, time::now()],
    )?;
    get(tx, id)
}

/// One page of the trash, most recently deleted first.
pub fn trash_page(
    conn: &Connection,
    after: Option<&ClientCursor>,
    limit: u32,
) -> Result<ClientPage> {
    let limit = limit.clamp(1, MAX_PAGE);
    let mut values = Vec::new();
    let mut after_sql = "";
    if let Some(after) = after {
        values = vec![Value::Text(after.key.clone()), Value::Text(after.id.clone())];
        after_sql = "AND (c.deleted_at, c.id) < (?1, ?2)";
    }
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, c.deleted_at AS cursor_key
         FROM clients c LEFT JOIN segments s ON s.id = c.segment_id
         WHERE c.deleted_at IS NOT NULL {after_sql}
         ORDER BY c.deleted_at DESC, c.id DESC
         LIMIT {}",
        limit + 1
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), |r| {
        Ok((summary_from_row(r)?, r.get::<_, String>("cursor_key")?))
    })?;
    let rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(page_of(rows, limit))
}

/// Deletes for good every client in the trash (with their contact people and tags);
/// returns how many. The only way anything is ever deleted.
#[tracing::instrument(skip_all, err)]
pub fn empty_trash(tx: &Transaction) -> Result<u64> {
    let n = tx.execute("DELETE FROM clients WHERE deleted_at IS NOT NULL", [])?;
    Ok(n as u64)
}

/// Whether the database has no clients at all, trash included (the first-run empty state).
pub fn is_empty(conn: &Connection) -> Result<bool> {
    let any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM clients)", [], |r| r.get(0))?;
    Ok(!any)
}
