//! Clients: who each client is, how to reach them, how they are classified, and their contact
//! people. The types live here; `validate` checks a form, `store` writes (only through
//! [`save`], which keeps the colour regime planned) and reads one client, `list` pages, counts
//! and searches, `contacts` holds the people at a company.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::sql_enum::sql_enum;
use crate::tax_id::TaxIdCheck;
use contacts::ContactPerson;

pub use crate::domain::FollowUpColour;

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
    /// Orders of the client list.
    pub enum ClientSort {
        /// Alphabetical, accents and case ignored.
        Name = "name",
        /// Most recently changed first.
        Updated = "updated",
    }
}

/// Longest accepted name, address or profile, so a paste accident cannot bloat the file.
pub const MAX_NAME: usize = 200;
pub const MAX_LINE: usize = 500;
pub const MAX_PROFILE: usize = 20_000;
pub const MAX_TAX_ID: usize = 40;
/// Tags: how many a client may carry and how long each may be (a tag was already limited to
/// a name's length before; the count is new and set far above real use, so no stored client
/// becomes impossible to save).
pub const MAX_TAGS: usize = 50;
pub const MAX_TAG: usize = MAX_NAME;
/// Page size bounds: a page is what a screen shows, not the whole table.
pub const MAX_PAGE: u32 = 500;
/// Past this many, a count that intersects in the full-text index says "más de 1.000"
/// instead of counting every match (the agenda's lists stop at the same figure).
pub const COUNT_CAP: u64 = 1_000;

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
    /// What the Spanish control character says of `tax_id` (a warning, never a refusal).
    pub tax_id_check: Option<TaxIdCheck>,
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

/// How many clients the list holds, as its header says it: exact, or, when `more_than` is
/// set, a lower bound ("más de 1.000": a search matching most of 100,000 clients is not
/// counted to the last one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClientCount {
    /// How many clients match; with `more_than`, the figure they exceed.
    #[ts(type = "number")]
    pub total: u64,
    /// There are more than `total` (the count stopped at [`COUNT_CAP`]).
    pub more_than: bool,
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

pub mod contacts;
mod list;
mod store;
mod validate;

pub use list::{count, count_bounded, page, trash_page};
pub(crate) use store::touch;
pub use store::{empty_trash, get, is_empty, restore, save, set_colour, trash};
// The record-only writes and the list's plans, for the tests of clients and contacts.
#[cfg(test)]
pub(crate) use list::{count_bounded_with, count_with, page_with, Plans, PLANS};
#[cfg(test)]
pub(crate) use store::{create, update};
pub use validate::tax_id_key;

#[cfg(test)]
use list::{page_of, ListQuery, Rows};

#[cfg(test)]
mod tests;
