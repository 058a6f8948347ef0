//! Writing and reading purchases: a purchase and its lines are written as one whole, read by
//! client newest first in keyset pages (the lines of a page in one query), trashed and
//! restored like clients.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Transaction;
use rusqlite::{params, params_from_iter, types::Value, Connection, OptionalExtension, Row};

use super::late;
use super::rhythm::{self, Bought};
use super::validate::{self, CheckedPurchase};
use super::{
    BuyingMode, BuyingRhythm, PaymentTerms, Purchase, PurchaseCursor, PurchaseInput, PurchaseLine,
    PurchasePage, PurchaseSettings, TrashCursor, TrashedPurchase, TrashedPurchasePage,
    MAX_TERMS_DAYS,
};
use crate::catalogue;
use crate::clients::MAX_PAGE;
use crate::domain::ensure_live_client;
use crate::money::{self, Money};
use crate::validation::Checks;
use crate::{paging, settings, time, CoreError, Result};

const COLUMNS: &str = "p.id, p.client_id, p.purchased_on, p.description, p.currency,
    p.total_minor, p.payment_method, p.on_credit, p.credit_due_on, p.created_at, p.updated_at,
    p.deleted_at";

/// A purchase's row, its lines still to be filled in.
fn from_row(r: &Row) -> rusqlite::Result<Purchase> {
    let currency: String = r.get("currency")?;
    Ok(Purchase {
        id: r.get("id")?,
        client_id: r.get("client_id")?,
        purchased_on: r.get("purchased_on")?,
        description: r.get("description")?,
        lines: Vec::new(),
        total: Money {
            amount: money::from_minor(r.get("total_minor")?, &currency),
            currency,
        },
        payment_method: r.get("payment_method")?,
        on_credit: r.get("on_credit")?,
        credit_due_on: r.get("credit_due_on")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        deleted_at: r.get("deleted_at")?,
    })
}

/// Fills in the lines of `purchases` with one query.
fn with_lines(conn: &Connection, purchases: &mut [Purchase]) -> Result<()> {
    if purchases.is_empty() {
        return Ok(());
    }
    let slots = vec!["?"; purchases.len()].join(", ");
    let sql = format!(
        "SELECT purchase_id, description, quantity, unit_price_minor, amount_minor,
                catalogue_item_id
         FROM purchase_lines WHERE purchase_id IN ({slots}) ORDER BY purchase_id, position"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = purchases.iter().map(|p| Value::Text(p.id.clone()));
    let mut rows = stmt.query(params_from_iter(ids))?;
    let at: HashMap<String, usize> = purchases
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let Some(&i) = at.get(&id) else { continue };
        let currency = purchases[i].total.currency.clone();
        let quantity: String = r.get(2)?;
        purchases[i].lines.push(PurchaseLine {
            catalogue_item_id: r.get(5)?,
            description: r.get(1)?,
            // Written by `write_lines` from a Decimal; a hand-edited file reads as zero.
            quantity: quantity.parse().unwrap_or_default(),
            unit_price: money::from_minor(r.get(3)?, &currency),
            amount: money::from_minor(r.get(4)?, &currency),
        });
    }
    Ok(())
}

/// The purchase `id`, in the trash or not.
pub fn get(conn: &Connection, id: &str) -> Result<Purchase> {
    let mut purchase = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM purchases p WHERE p.id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or(CoreError::not_found("purchase"))?;
    with_lines(conn, std::slice::from_mut(&mut purchase))?;
    Ok(purchase)
}

/// A client's payment terms as of `settings`.
pub fn payment_terms(
    conn: &Connection,
    client_id: &str,
    settings: &PurchaseSettings,
) -> Result<PaymentTerms> {
    let client_days: Option<Option<u32>> = conn
        .query_row(
            "SELECT payment_terms_days FROM clients WHERE id = ?1",
            [client_id],
            |r| r.get(0),
        )
        .optional()?;
    let client_days = client_days.ok_or(CoreError::not_found("client"))?;
    Ok(PaymentTerms {
        client_days,
        default_days: settings.payment_terms_days,
    })
}

/// Gives a client payment terms of their own (`None`: the default again).
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn set_payment_terms(
    tx: &Transaction,
    client_id: &str,
    days: Option<u32>,
    at: DateTime<Utc>,
) -> Result<()> {
    ensure_live_client(tx, client_id)?;
    if let Some(days) = days {
        let mut checks = Checks::new();
        checks.number(
            "paymentTermsDays",
            i64::from(days),
            0,
            i64::from(MAX_TERMS_DAYS),
        );
        checks.finish()?;
    }
    tx.execute(
        "UPDATE clients SET payment_terms_days = ?2, updated_at = ?3 WHERE id = ?1",
        params![client_id, days, time::timestamp(at)],
    )?;
    Ok(())
}

/// How `client_id` buys, as the owner said; `None` until said.
pub fn buying_mode(conn: &Connection, client_id: &str) -> Result<Option<BuyingMode>> {
    conn.query_row(
        "SELECT buying_mode FROM clients WHERE id = ?1",
        [client_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(CoreError::not_found("client"))
}

/// Says how a client buys (`None`: not said).
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn set_buying_mode(
    tx: &Transaction,
    client_id: &str,
    mode: Option<BuyingMode>,
    at: DateTime<Utc>,
) -> Result<()> {
    ensure_live_client(tx, client_id)?;
    tx.execute(
        "UPDATE clients SET buying_mode = ?2, updated_at = ?3 WHERE id = ?1",
        params![client_id, mode, time::timestamp(at)],
    )?;
    Ok(())
}

fn write_lines(
    tx: &Transaction,
    purchase_id: &str,
    checked: &CheckedPurchase,
    now: &str,
) -> Result<()> {
    tx.execute(
        "DELETE FROM purchase_lines WHERE purchase_id = ?1",
        [purchase_id],
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO purchase_lines (id, purchase_id, position, description, quantity,
             unit_price_minor, amount_minor, created_at, catalogue_item_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (position, line) in checked.lines.iter().enumerate() {
        insert.execute(params![
            time::new_id(),
            purchase_id,
            position as i64,
            line.description,
            line.quantity.to_string(),
            line.unit_price_minor,
            line.amount_minor,
            now,
            line.catalogue_item_id,
        ])?;
    }
    Ok(())
}

/// Records a purchase of `client_id` (`id` is `None`) or edits one of theirs outside the trash.
/// `today` bounds its date (a purchase is never ahead); sold on credit without a due date, it
/// falls due after the client's payment terms.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn save(
    tx: &Transaction,
    client_id: &str,
    id: Option<&str>,
    input: &PurchaseInput,
    today: NaiveDate,
    at: DateTime<Utc>,
    settings: &PurchaseSettings,
) -> Result<Purchase> {
    ensure_live_client(tx, client_id)?;
    let terms = payment_terms(tx, client_id, settings)?;
    let checked = validate::check(input, today, terms.days())?;
    let mut unknown = Checks::new();
    for (n, line) in checked.lines.iter().enumerate() {
        if let Some(item) = &line.catalogue_item_id {
            if !catalogue::exists(tx, item)? {
                unknown.invalid(
                    &format!("lines.{n}.catalogueItemId"),
                    "not in the catalogue",
                );
            }
        }
    }
    unknown.finish()?;
    let now = time::timestamp(at);
    let (sql, id) = match id {
        None => (
            "INSERT INTO purchases (id, client_id, purchased_on, description, currency,
                 total_minor, payment_method, on_credit, credit_due_on, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            time::new_id(),
        ),
        // Only the client's own purchase outside the trash.
        Some(id) => (
            "UPDATE purchases SET purchased_on = ?3, description = ?4, currency = ?5,
                 total_minor = ?6, payment_method = ?7, on_credit = ?8, credit_due_on = ?9,
                 updated_at = ?10
             WHERE id = ?1 AND client_id = ?2 AND deleted_at IS NULL",
            id.to_string(),
        ),
    };
    let changed = tx.execute(
        sql,
        params![
            id,
            client_id,
            checked.purchased_on,
            checked.description,
            checked.currency,
            checked.total_minor,
            checked.payment_method,
            checked.credit_due_on.is_some(),
            checked.credit_due_on,
            now,
        ],
    )?;
    if changed == 0 {
        return Err(CoreError::not_found("purchase"));
    }
    write_lines(tx, &id, &checked, &now)?;
    late::refresh(tx, client_id, settings)?;
    get(tx, &id)
}

/// Moves a purchase to the trash; returns its client's id (whose card changed).
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn trash(tx: &Transaction, id: &str, at: DateTime<Utc>) -> Result<String> {
    let client_id: String = tx
        .query_row(
            "UPDATE purchases SET deleted_at = ?2, updated_at = ?2
             WHERE id = ?1 AND deleted_at IS NULL RETURNING client_id",
            params![id, time::timestamp(at)],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(CoreError::not_found("purchase"))?;
    late::refresh(tx, &client_id, &settings::purchases(tx)?)?;
    Ok(client_id)
}

/// Brings a purchase back from the trash; its client must be outside the trash.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn restore(tx: &Transaction, id: &str, at: DateTime<Utc>) -> Result<Purchase> {
    let client_id: String = tx
        .query_row(
            "SELECT client_id FROM purchases WHERE id = ?1 AND deleted_at IS NOT NULL",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(CoreError::not_found("purchase in the trash"))?;
    ensure_live_client(tx, &client_id)?;
    tx.execute(
        "UPDATE purchases SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1",
        params![id, time::timestamp(at)],
    )?;
    late::refresh(tx, &client_id, &settings::purchases(tx)?)?;
    get(tx, id)
}

/// Deletes for good every purchase in the trash (a client's purchases go with the client when
/// the client's trash is emptied); returns how many.
pub fn empty_trash(tx: &Transaction) -> Result<u64> {
    Ok(tx.execute("DELETE FROM purchases WHERE deleted_at IS NOT NULL", [])? as u64)
}

fn page_of(mut items: Vec<Purchase>, limit: u32) -> PurchasePage {
    let next = paging::cut(&mut items, limit, |p| PurchaseCursor {
        purchased_on: p.purchased_on,
        id: p.id.clone(),
    });
    PurchasePage { items, next }
}

/// A client's purchases outside the trash, newest first, `limit` after `after`.
pub fn page(
    conn: &Connection,
    client_id: &str,
    after: Option<&PurchaseCursor>,
    limit: u32,
) -> Result<PurchasePage> {
    let limit = limit.clamp(1, MAX_PAGE);
    let mut values = vec![Value::Text(client_id.into())];
    let mut after_sql = "";
    if let Some(after) = after {
        values.push(Value::Text(after.purchased_on.to_string()));
        values.push(Value::Text(after.id.clone()));
        after_sql = "AND (p.purchased_on, p.id) < (?2, ?3)";
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM purchases p INDEXED BY purchases_by_client
         WHERE p.client_id = ?1 AND p.deleted_at IS NULL {after_sql}
         ORDER BY p.purchased_on DESC, p.id DESC LIMIT {}",
        limit + 1
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut items = stmt
        .query_map(params_from_iter(values), from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    with_lines(conn, &mut items)?;
    Ok(page_of(items, limit))
}

/// The purchases in the trash, latest trashed first, with their clients' names.
pub fn trash_page(
    conn: &Connection,
    after: Option<&TrashCursor>,
    limit: u32,
) -> Result<TrashedPurchasePage> {
    let limit = limit.clamp(1, MAX_PAGE);
    let mut values = Vec::new();
    let mut after_sql = "";
    if let Some(after) = after {
        values = vec![
            Value::Text(after.deleted_at.clone()),
            Value::Text(after.id.clone()),
        ];
        after_sql = "AND (p.deleted_at, p.id) < (?1, ?2)";
    }
    let sql = format!(
        "SELECT {COLUMNS}, c.name AS client_name
         FROM purchases p JOIN clients c ON c.id = p.client_id
         WHERE p.deleted_at IS NOT NULL {after_sql}
         ORDER BY p.deleted_at DESC, p.id DESC LIMIT {}",
        limit + 1
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(values), |r| {
            Ok((from_row(r)?, r.get::<_, String>("client_name")?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let (mut purchases, names): (Vec<Purchase>, Vec<String>) = rows.into_iter().unzip();
    with_lines(conn, &mut purchases)?;
    let mut items: Vec<TrashedPurchase> = purchases
        .into_iter()
        .zip(names)
        .map(|(purchase, client_name)| TrashedPurchase {
            purchase,
            client_name,
        })
        .collect();
    let next = paging::cut(&mut items, limit, |t| TrashCursor {
        deleted_at: t.purchase.deleted_at.clone().unwrap_or_default(),
        id: t.purchase.id.clone(),
    });
    Ok(TrashedPurchasePage { items, next })
}

/// The buying rhythm of a client as of `today`, from their purchases outside the trash.
pub fn buying_rhythm(
    conn: &Connection,
    client_id: &str,
    today: NaiveDate,
    settings: &PurchaseSettings,
) -> Result<BuyingRhythm> {
    ensure_live_client(conn, client_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT purchased_on, total_minor, currency, payment_method
         FROM purchases INDEXED BY purchases_by_client
         WHERE client_id = ?1 AND deleted_at IS NULL",
    )?;
    let history = stmt
        .query_map([client_id], |r| {
            let currency: String = r.get(2)?;
            Ok(Bought {
                on: r.get(0)?,
                amount: money::from_minor(r.get(1)?, &currency),
                currency,
                payment: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rhythm::rhythm(&history, today, settings))
}
