//! Pieces of the domain that several aggregates share, below all of them so none has to import
//! another for them: the colour regime, the kind of action (a follow-up's, and the channel of
//! the interaction it becomes), and whether a client is live.

use rusqlite::{Connection, OptionalExtension};

use crate::sql_enum::sql_enum;
use crate::{CoreError, Result};

sql_enum! {
    /// The follow-up regime (semáforo): red = almost daily, yellow = reminders, green = waiting
    /// for the client's answer, none = no regime. A regime, not a due-date flag.
    pub enum FollowUpColour { Red = "red", Yellow = "yellow", Green = "green", None = "none" }
}

sql_enum! {
    /// What to do: also the channel of the interaction it becomes when completed.
    pub enum Action {
        Call = "call",
        Visit = "visit",
        Email = "email",
        Whatsapp = "whatsapp",
        Sample = "sample",
        Survey = "survey",
        Meeting = "meeting",
        Other = "other",
    }
}

/// Fails with `NotFound` unless `id` is a client outside the trash.
pub(crate) fn ensure_live_client(conn: &Connection, id: &str) -> Result<()> {
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
