//! Purchases: what each client bought, on which day, for how much and how they paid, and the
//! buying rhythm read from them. The types live here; `validate` checks a form, `store` writes
//! and reads (edits, trash and restore like clients), `rhythm` holds the pure rules of the
//! rhythm (median days between purchases, the next one expected, late to buy, the year's
//! trend), `late` keeps who is late to buy for the agenda.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::money::Money;
use crate::sql_enum::sql_enum;
pub use crate::trash::TrashCursor;

pub mod late;
mod rhythm;
mod store;
mod validate;

pub use rhythm::{cadence, rhythm, BuyingRhythm, Cadence, Trend};
pub use store::{
    buying_mode, buying_rhythm, empty_trash, get, page, payment_terms, restore, save,
    set_buying_mode, set_payment_terms, trash, trash_page,
};

/// The longest description of a purchase or of one of its lines.
pub const MAX_DESCRIPTION: usize = 2_000;
/// The most lines one purchase may have (a long delivery note, not a paste accident).
pub const MAX_LINES: usize = 200;
/// The longest payment terms accepted, in days.
pub const MAX_TERMS_DAYS: u32 = 365;

sql_enum! {
    /// How a purchase was (or will be) paid.
    pub enum PaymentMethod {
        Cash = "cash",
        Transfer = "transfer",
        Card = "card",
        Cheque = "cheque",
        Other = "other",
    }
}

sql_enum! {
    /// How a client comes to buy.
    pub enum BuyingMode {
        /// They order when they need to.
        OwnInitiative = "own_initiative",
        /// They buy when visited.
        NeedsVisit = "needs_visit",
        Mixed = "mixed",
    }
}

/// One item of a purchase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PurchaseLine {
    /// The catalogue item it is of; `None` for a line typed freely.
    pub catalogue_item_id: Option<String>,
    pub description: String,
    /// A decimal string ("1.5").
    #[ts(type = "string")]
    pub quantity: Decimal,
    #[ts(type = "string")]
    pub unit_price: Decimal,
    /// Quantity × unit price, rounded to the currency's units.
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// A purchase as the client's card and the form see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Purchase {
    pub id: String,
    pub client_id: String,
    #[ts(type = "string")]
    pub purchased_on: NaiveDate,
    pub description: String,
    pub lines: Vec<PurchaseLine>,
    /// The sum of the lines, or the amount typed when there are none.
    pub total: Money,
    pub payment_method: PaymentMethod,
    pub on_credit: bool,
    /// When the sale on credit falls due; `None` when paid at once.
    #[ts(type = "string | null")]
    pub credit_due_on: Option<NaiveDate>,
    pub created_at: String,
    pub updated_at: String,
    /// Set while the purchase is in the trash.
    pub deleted_at: Option<String>,
}

/// A line as the form sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PurchaseLineInput {
    /// A catalogue item the line is of (its description and price are still the line's own).
    #[serde(default)]
    pub catalogue_item_id: Option<String>,
    pub description: String,
    #[ts(type = "string")]
    pub quantity: Decimal,
    #[ts(type = "string")]
    pub unit_price: Decimal,
}

/// What the form sends to record or edit a purchase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PurchaseInput {
    #[ts(type = "string")]
    pub purchased_on: NaiveDate,
    /// What was bought; required when there are no lines.
    pub description: String,
    pub lines: Vec<PurchaseLineInput>,
    /// ISO 4217 code.
    pub currency: String,
    /// The amount when there are no lines (with lines, their sum is the total and this is
    /// ignored).
    #[ts(type = "string | null")]
    pub total: Option<Decimal>,
    pub payment_method: PaymentMethod,
    pub on_credit: bool,
    /// When sold on credit: its due date; `None` = the purchase's date plus the client's
    /// payment terms.
    #[ts(type = "string | null")]
    pub credit_due_on: Option<NaiveDate>,
}

/// Where a page of a client's purchases ends (newest first): the next page starts after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PurchaseCursor {
    #[ts(type = "string")]
    pub purchased_on: NaiveDate,
    pub id: String,
}

/// One page of purchases and the cursor of the next (`None` on the last page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PurchasePage {
    pub items: Vec<Purchase>,
    pub next: Option<PurchaseCursor>,
}

/// A purchase in the trash, with its client's name (the trash lists them apart from clients).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrashedPurchase {
    pub purchase: Purchase,
    pub client_name: String,
}

/// A page of the purchases in the trash, latest trashed first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrashedPurchasePage {
    pub items: Vec<TrashedPurchase>,
    pub next: Option<TrashCursor>,
}

/// The settings purchases are recorded with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct PurchaseSettings {
    /// The currency a new purchase is in (ISO 4217).
    pub currency: String,
    /// Days from a sale on credit to its due date, unless the client has terms of their own.
    pub payment_terms_days: u32,
    /// A client is late to buy once today passes the purchase expected by this share of their
    /// median days between purchases…
    pub late_tolerance_percent: u32,
    /// …and by at least this many days.
    pub late_tolerance_min_days: u32,
}

impl Default for PurchaseSettings {
    fn default() -> Self {
        Self {
            currency: "EUR".into(),
            payment_terms_days: 30,
            late_tolerance_percent: 30,
            late_tolerance_min_days: 3,
        }
    }
}

/// A client's payment terms: their own, or the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaymentTerms {
    /// The client's own terms, if set.
    pub client_days: Option<u32>,
    /// The settings' default.
    pub default_days: u32,
}

impl PaymentTerms {
    /// The days that apply.
    pub fn days(self) -> u32 {
        self.client_days.unwrap_or(self.default_days)
    }
}

#[cfg(test)]
mod late_tests;
#[cfg(test)]
mod tests;
