//! Timestamps and ids. Instants are stored as UTC RFC 3339 text with milliseconds, which sorts
//! correctly as text; ids are UUIDv7, which sort by creation time.

use chrono::{DateTime, SecondsFormat, Utc};

/// An instant as stored: `2026-11-22T17:00:00.123Z`.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The current instant as stored.
pub fn now() -> String {
    timestamp(Utc::now())
}

/// A new record id: UUIDv7 text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
