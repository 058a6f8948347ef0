//! Errors of the core. The shell turns them into `AppError { kind, message, field }`; the UI
//! switches on the kind and the field, never on the text.

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
    Invalid(Vec<crate::validation::FieldError>),
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
