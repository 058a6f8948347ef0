//! Qualitative notes on a client, as the seed articles ask to keep them: what the client asks
//! for (demand), thinks of what they bought (opinion, with a 1–5 feeling), doubts, needs, how
//! they compare us with a competitor (with whom, on what) or anything else. Doubts and needs
//! stay open until answered, so the card lists them apart. `store` writes and reads; notes go
//! to the trash and come back like purchases.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::sql_enum::sql_enum;

mod store;
#[cfg(test)]
mod tests;

pub use crate::trash::TrashCursor;
pub use store::{empty_trash, get, open, page, resolve, restore, save, trash, trash_page};

/// The longest note.
pub const MAX_BODY: usize = 5_000;
/// The longest competitor's name.
pub const MAX_COMPETITOR: usize = 200;
/// The most notes a page holds.
pub const MAX_PAGE: u32 = 200;
/// The most open doubts and needs the card lists.
pub const MAX_OPEN: u32 = 100;

sql_enum! {
    /// What a note is about.
    pub enum NoteKind {
        Demand = "demand",
        Opinion = "opinion",
        Doubt = "doubt",
        Need = "need",
        Competitor = "competitor",
        General = "general",
    }
}

impl NoteKind {
    /// A doubt or a need: open until answered.
    pub fn can_be_answered(self) -> bool {
        matches!(self, NoteKind::Doubt | NoteKind::Need)
    }
}

sql_enum! {
    /// What a competitor comparison is about.
    pub enum Aspect {
        Price = "price",
        Quality = "quality",
        Service = "service",
        Delivery = "delivery",
        Range = "range",
    }
}

/// A note as the card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Note {
    pub id: String,
    pub client_id: String,
    pub kind: NoteKind,
    pub body: String,
    /// An opinion's feeling, 1 (very unhappy) to 5 (very happy).
    pub sentiment: Option<u8>,
    pub competitor: Option<String>,
    pub aspect: Option<Aspect>,
    /// When a doubt or a need was answered; `None` while open.
    pub resolved_at: Option<String>,
    /// When it was noted (UTC, RFC 3339).
    pub noted_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// What the form sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NoteInput {
    pub kind: NoteKind,
    pub body: String,
    /// Opinions only, optional.
    pub sentiment: Option<u8>,
    /// Competitor comparisons only, required there.
    pub competitor: Option<String>,
    /// Competitor comparisons only, required there.
    pub aspect: Option<Aspect>,
}

/// Where a page of notes ends (newest first): the next page starts after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NoteCursor {
    pub noted_at: String,
    pub id: String,
}

/// A note in the trash, with its client's name (the trash lists them apart from clients).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrashedNote {
    pub note: Note,
    pub client_name: String,
}

/// A page of the notes in the trash, latest trashed first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrashedNotePage {
    pub items: Vec<TrashedNote>,
    pub next: Option<TrashCursor>,
}

/// One page of a client's notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NotePage {
    pub items: Vec<Note>,
    pub next: Option<NoteCursor>,
}
