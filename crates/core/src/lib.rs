//! Cartera's domain: clients and everything known about them, the rules that plan follow-ups
//! and protect the money, and their storage on SQLite. Nothing here knows about Tauri or GTK,
//! so every rule is tested with `cargo test -p cartera-core` in seconds.

pub mod agenda;
pub mod answer;
pub mod bulk;
pub mod calendar;
pub mod capacity;
pub mod catalogue;
pub mod clients;
pub mod db;
pub mod domain;
pub mod error;
pub mod follow_ups;
pub mod history;
pub mod interactions;
pub mod labels;
pub mod money;
pub mod notes;
mod paging;
pub mod planning;
pub mod purchases;
pub mod reminders;
pub mod replan;
pub mod sample;
pub mod series;
pub mod settings;
mod sql_enum;
pub mod tax_id;
pub mod text;
pub mod time;
pub mod trash;
pub mod validation;

#[cfg(test)]
mod testing;

/// Contact people belong to their client (see `clients::contacts`); kept at the top for callers.
pub use clients::contacts;
pub use error::{CoreError, Result};
