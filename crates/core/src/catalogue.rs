//! The catalogue: the products and services the owner sells, each in a category (typed by
//! name, created on first use) and with an optional reference price. A purchase line may name
//! an item; the categories a client has bought are read from those lines (their
//! classification by what they buy, never typed on the client). An item is withdrawn from
//! sale rather than deleted: old lines still name it.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{FieldError, Rule};
use crate::money::{self, Money};
use crate::sql_enum::sql_enum;
use crate::validation::Checks;
use crate::{text, time, CoreError, Result};

/// The longest name of an item or a category.
pub const MAX_NAME: usize = 200;
/// The most items the catalogue lists at once (a small business's whole catalogue).
pub const MAX_ITEMS: u32 = 5_000;

sql_enum! {
    /// What an item is.
    pub enum ItemKind {
        Product = "product",
        Service = "service",
    }
}

/// An item of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CatalogueItem {
    pub id: String,
    pub name: String,
    pub kind: ItemKind,
    /// Its category's name.
    pub category: Option<String>,
    /// Its reference price, proposed as a line's unit price.
    pub price: Option<Money>,
    /// Withdrawn from sale: not offered on new lines.
    pub archived: bool,
}

/// What the item form sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CatalogueItemInput {
    pub name: String,
    pub kind: ItemKind,
    /// A category's name: an existing one (any case, any accents) or a new one.
    pub category: Option<String>,
    #[ts(type = "string | null")]
    pub price: Option<Decimal>,
    /// The price's currency (ISO 4217); ignored without a price.
    pub currency: String,
}

/// A category and how many items outside the archive it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Category {
    pub id: String,
    pub name: String,
    #[ts(type = "number")]
    pub items: u64,
}

const COLUMNS: &str = "i.id, i.name, i.kind, c.name AS category, i.price_minor, i.currency,
    i.archived_at IS NOT NULL AS archived";

fn from_row(r: &Row) -> rusqlite::Result<CatalogueItem> {
    let minor: Option<i64> = r.get("price_minor")?;
    let currency: Option<String> = r.get("currency")?;
    Ok(CatalogueItem {
        id: r.get("id")?,
        name: r.get("name")?,
        kind: r.get("kind")?,
        category: r.get("category")?,
        price: minor.zip(currency).map(|(minor, currency)| Money {
            amount: money::from_minor(minor, &currency),
            currency,
        }),
        archived: r.get("archived")?,
    })
}

/// The item `id`.
pub fn get(conn: &Connection, id: &str) -> Result<CatalogueItem> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM catalogue_items i LEFT JOIN categories c ON c.id = i.category_id
             WHERE i.id = ?1"
        ),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(CoreError::not_found("catalogue item"))
}

/// The whole catalogue by category (items without one last), then name; the withdrawn ones
/// too when `archived`.
pub fn list(conn: &Connection, archived: bool) -> Result<Vec<CatalogueItem>> {
    let items = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM catalogue_items i LEFT JOIN categories c ON c.id = i.category_id
             WHERE ?1 OR i.archived_at IS NULL
             ORDER BY c.name_key IS NULL, c.name_key, i.name_key LIMIT ?2"
        ))?
        .query_map(params![archived, MAX_ITEMS], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

/// The categories that hold items on sale, by name.
pub fn categories(conn: &Connection) -> Result<Vec<Category>> {
    let found = conn
        .prepare_cached(
            "SELECT c.id, c.name, count(*) FROM categories c
             JOIN catalogue_items i ON i.category_id = c.id AND i.archived_at IS NULL
             GROUP BY c.id ORDER BY c.name_key",
        )?
        .query_map([], |r| {
            Ok(Category {
                id: r.get(0)?,
                name: r.get(1)?,
                items: r.get::<_, i64>(2)?.max(0) as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found)
}

/// The id of the category called `name`, created on first use.
fn category_id(tx: &Transaction, name: &str, now: &str) -> Result<String> {
    let key = text::fold(name);
    let existing: Option<String> = tx
        .query_row(
            "SELECT id FROM categories WHERE name_key = ?1",
            [&key],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = time::new_id();
    tx.execute(
        "INSERT INTO categories (id, name, name_key, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, name, key, now],
    )?;
    Ok(id)
}

/// Adds an item (`id` is `None`) or edits one. Names are unique whatever their case and
/// accents; a price needs a currency Cartera knows and no more decimals than it has.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn save(
    tx: &Transaction,
    id: Option<&str>,
    input: &CatalogueItemInput,
    at: DateTime<Utc>,
) -> Result<CatalogueItem> {
    let mut checks = Checks::new();
    let name = checks.required("name", &input.name, MAX_NAME);
    let category = checks.text("category", input.category.as_deref(), MAX_NAME);
    let currency = input.currency.trim().to_ascii_uppercase();
    let mut price_minor = None;
    if let Some(price) = input.price {
        if money::minor_digits(&currency).is_none() {
            checks.invalid("currency", "an ISO 4217 code Cartera knows");
        } else {
            match money::to_minor(price, &currency) {
                Ok(minor) => price_minor = Some(minor),
                Err(money::AmountProblem::TooPrecise) => checks.fail(FieldError::new(
                    "price",
                    Rule::TooPrecise,
                    "more decimals than the currency has",
                )),
                Err(_) => checks.fail(FieldError {
                    min: Some(0),
                    max: Some(money::MAX_AMOUNT),
                    ..FieldError::new("price", Rule::OutOfRange, "not below zero")
                }),
            }
        }
    }
    checks.finish()?;
    let key = text::fold(&name);
    let taken: Option<String> = tx
        .query_row(
            "SELECT id FROM catalogue_items WHERE name_key = ?1",
            [&key],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some_and(|other| Some(other.as_str()) != id) {
        return Err(CoreError::Conflict {
            field: Some("name"),
            message: format!("the catalogue already has an item called {name}"),
        });
    }
    let now = time::timestamp(at);
    let category_id = category
        .as_deref()
        .map(|c| category_id(tx, c, &now))
        .transpose()?;
    let currency = price_minor.map(|_| currency);
    let id =
        match id {
            None => {
                let id = time::new_id();
                tx.execute(
                "INSERT INTO catalogue_items (id, name, name_key, kind, category_id, price_minor,
                     currency, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![id, name, key, input.kind, category_id, price_minor, currency, now],
            )?;
                id
            }
            Some(id) => {
                let changed = tx.execute(
                "UPDATE catalogue_items SET name = ?2, name_key = ?3, kind = ?4, category_id = ?5,
                     price_minor = ?6, currency = ?7, updated_at = ?8
                 WHERE id = ?1",
                params![id, name, key, input.kind, category_id, price_minor, currency, now],
            )?;
                if changed == 0 {
                    return Err(CoreError::not_found("catalogue item"));
                }
                id.to_string()
            }
        };
    get(tx, &id)
}

/// Withdraws an item from sale (`archived`) or offers it again.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn archive(
    tx: &Transaction,
    id: &str,
    archived: bool,
    at: DateTime<Utc>,
) -> Result<CatalogueItem> {
    let now = time::timestamp(at);
    let changed = tx.execute(
        "UPDATE catalogue_items SET archived_at = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, archived.then_some(&now), now],
    )?;
    if changed == 0 {
        return Err(CoreError::not_found("catalogue item"));
    }
    get(tx, id)
}

/// Whether `id` names an item of the catalogue.
pub(crate) fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM catalogue_items WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The categories `client_id` has bought, by name: those of the catalogue items on the lines
/// of their purchases outside the trash.
pub fn categories_bought(conn: &Connection, client_id: &str) -> Result<Vec<String>> {
    let names = conn
        .prepare_cached(
            "SELECT DISTINCT c.name, c.name_key FROM purchases p INDEXED BY purchases_by_client
             JOIN purchase_lines l ON l.purchase_id = p.id
             JOIN catalogue_items i ON i.id = l.catalogue_item_id
             JOIN categories c ON c.id = i.category_id
             WHERE p.client_id = ?1 AND p.deleted_at IS NULL
             ORDER BY c.name_key",
        )?
        .query_map([client_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::{self, ClientInput};
    use crate::purchases::{self, PaymentMethod, PurchaseInput, PurchaseLineInput};
    use crate::testing::{database, later, write};
    use std::str::FromStr;

    fn item(name: &str, category: Option<&str>, price: Option<&str>) -> CatalogueItemInput {
        CatalogueItemInput {
            name: name.into(),
            kind: ItemKind::Product,
            category: category.map(String::from),
            price: price.map(|p| Decimal::from_str(p).unwrap()),
            currency: "eur".into(),
        }
    }

    fn add(conn: &mut Connection, input: &CatalogueItemInput) -> Result<CatalogueItem> {
        write(conn, |tx| save(tx, None, input, later()))
    }

    #[test]
    fn items_sit_in_categories_typed_by_name_once_whatever_the_case() {
        let mut conn = database();
        let paint = add(
            &mut conn,
            &item("Pintura plástica 15 l", Some("Pinturas"), Some("42.90")),
        )
        .unwrap();
        assert_eq!(paint.category.as_deref(), Some("Pinturas"));
        assert_eq!(
            paint.price,
            Some(Money {
                amount: Decimal::from_str("42.90").unwrap(),
                currency: "EUR".into()
            })
        );
        add(&mut conn, &item("Rodillo", Some("  pínturas "), None)).unwrap();
        add(&mut conn, &item("Montaje", None, None)).unwrap();
        let cats = categories(&conn).unwrap();
        assert_eq!(
            cats.iter()
                .map(|c| (c.name.as_str(), c.items))
                .collect::<Vec<_>>(),
            [("Pinturas", 2)],
            "one category, named as first typed"
        );
        let names: Vec<String> = list(&conn, false)
            .unwrap()
            .into_iter()
            .map(|i| i.name)
            .collect();
        assert_eq!(names, ["Pintura plástica 15 l", "Rodillo", "Montaje"]);
    }

    #[test]
    fn a_name_is_taken_once_and_a_price_has_its_currency_s_decimals() {
        let mut conn = database();
        let first = add(&mut conn, &item("Cemento cola", None, None)).unwrap();
        assert!(matches!(
            add(&mut conn, &item("CEMENTO  cóla", None, None)),
            Err(CoreError::Conflict {
                field: Some("name"),
                ..
            })
        ));
        // Its own name again is no conflict.
        let renamed = write(&mut conn, |tx| {
            save(
                tx,
                Some(&first.id),
                &item("Cemento Cola", None, Some("12.10")),
                later(),
            )
        })
        .unwrap();
        assert_eq!(renamed.name, "Cemento Cola");
        let err = add(&mut conn, &item("Tornillos", None, Some("0.335"))).unwrap_err();
        assert!(
            matches!(err, CoreError::Invalid(ref e) if e[0].field == "price" && e[0].rule == Rule::TooPrecise)
        );
        let blank = add(&mut conn, &item("  ", None, None)).unwrap_err();
        assert!(
            matches!(blank, CoreError::Invalid(ref e) if e[0].field == "name" && e[0].rule == Rule::Required)
        );
    }

    #[test]
    fn a_withdrawn_item_leaves_the_list_on_sale_and_comes_back() {
        let mut conn = database();
        let roller = add(&mut conn, &item("Rodillo", Some("Pinturas"), None)).unwrap();
        let out = write(&mut conn, |tx| archive(tx, &roller.id, true, later())).unwrap();
        assert!(out.archived);
        assert!(list(&conn, false).unwrap().is_empty());
        assert_eq!(list(&conn, true).unwrap().len(), 1);
        assert!(categories(&conn).unwrap().is_empty());
        write(&mut conn, |tx| archive(tx, &roller.id, false, later())).unwrap();
        assert_eq!(list(&conn, false).unwrap().len(), 1);
    }

    #[test]
    fn the_categories_a_client_bought_come_from_their_lines() {
        let mut conn = database();
        let paint = add(&mut conn, &item("Pintura", Some("Pinturas"), Some("40"))).unwrap();
        let screws = add(
            &mut conn,
            &item("Tornillos", Some("Tornillería"), Some("8")),
        )
        .unwrap();
        let input = ClientInput {
            name: "Ferretería Norte".into(),
            ..ClientInput::default()
        };
        let client = write(&mut conn, |tx| Ok(clients::create(tx, &input, later())?.id)).unwrap();
        let line = |id: Option<&str>, what: &str| PurchaseLineInput {
            catalogue_item_id: id.map(String::from),
            description: what.into(),
            quantity: Decimal::ONE,
            unit_price: Decimal::TEN,
        };
        let purchase = PurchaseInput {
            purchased_on: "2026-12-01".parse().unwrap(),
            description: String::new(),
            lines: vec![
                line(Some(&paint.id), "Pintura"),
                line(Some(&screws.id), "Tornillos"),
                line(None, "Portes"),
            ],
            currency: "EUR".into(),
            total: None,
            payment_method: PaymentMethod::Cash,
            on_credit: false,
            credit_due_on: None,
        };
        let today = "2026-12-04".parse().unwrap();
        let s = crate::purchases::PurchaseSettings::default();
        let saved = write(&mut conn, |tx| {
            purchases::save(tx, &client, None, &purchase, today, later(), &s)
        })
        .unwrap();
        assert_eq!(
            saved.lines[0].catalogue_item_id.as_deref(),
            Some(paint.id.as_str())
        );
        assert_eq!(saved.lines[2].catalogue_item_id, None);
        assert_eq!(
            categories_bought(&conn, &client).unwrap(),
            ["Pinturas", "Tornillería"]
        );

        write(&mut conn, |tx| purchases::trash(tx, &saved.id, later())).unwrap();
        assert!(
            categories_bought(&conn, &client).unwrap().is_empty(),
            "the trash buys nothing"
        );

        let mut unknown = purchase.clone();
        unknown.lines[1].catalogue_item_id = Some("no-such-item".into());
        let err = write(&mut conn, |tx| {
            purchases::save(tx, &client, None, &unknown, today, later(), &s)
        })
        .unwrap_err();
        assert!(
            matches!(err, CoreError::Invalid(ref e) if e[0].field == "lines.1.catalogueItemId")
        );
    }
}
