//! Errors of the core. The shell turns them into `AppError { kind, message, field }`; the UI
//! switches on the kind and the field, never on the text.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Everything a core operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// Bad input for one field; `field` is the camelCase name the UI's form uses.
    #[error("{message}")]
    Validation {
        field: &'static str,
        message: String,
    },
    /// Bad input in one or more fields of a form: every problem at once.
    #[error("{}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// The record does not exist (or is not where the caller expected it).
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    /// The write would break a uniqueness rule, e.g. a tax id already used by another client.
    #[error("{message}")]
    Conflict {
        field: Option<&'static str>,
        message: String,
    },
    #[error("database error: {0}")]
    Storage(#[from] rusqlite::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The file was written by a newer Cartera: opening it here could damage it.
    #[error("the database is at schema {found}, newer than this version's {supported}")]
    DatabaseTooNew { found: usize, supported: usize },
    /// The file is there but cannot be written (read-only file, folder or disk).
    #[error("the database file is read-only")]
    DatabaseReadOnly,
    /// `PRAGMA quick_check` found damage.
    #[error("the database is damaged: {0}")]
    DatabaseDamaged(String),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

/// Which rule a value broke; the UI words the message from it and the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Rule {
    Required,
    /// Longer than `max` characters.
    TooLong,
    /// More than `max` items (tags).
    TooMany,
    /// Not an e-mail address, a phone number… of the expected shape.
    Malformed,
    /// A number outside `min`..=`max`.
    OutOfRange,
    /// A date outside `from`..=`to`.
    DateOutOfRange,
    /// An amount with more decimals than its currency has (a tenth of a cent).
    TooPrecise,
    /// Anything else; `message` says what.
    Invalid,
}

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldError {
    /// The camelCase name of the form field.
    pub field: String,
    pub rule: Rule,
    /// English, for logs and as a last resort; the UI words its own from `rule`.
    pub message: String,
    #[ts(type = "number | null")]
    pub min: Option<i64>,
    #[ts(type = "number | null")]
    pub max: Option<i64>,
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
}

impl FieldError {
    pub fn new(field: &str, rule: Rule, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule,
            message: message.into(),
            min: None,
            max: None,
            from: None,
            to: None,
        }
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

impl CoreError {
    pub(crate) fn validation(field: &'static str, message: impl Into<String>) -> Self {
        Self::Validation {
            field,
            message: message.into(),
        }
    }

    pub(crate) fn not_found(entity: &'static str) -> Self {
        Self::NotFound { entity }
    }
}
