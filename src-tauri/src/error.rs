//! The one error type that crosses IPC: `{ kind, message, field }`. The UI switches on `kind`
//! (and `field` for forms), never on the message text.

use cartera_core::CoreError;
use serde::Serialize;
use ts_rs::TS;

/// What went wrong, for the UI to choose how to react.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorKind {
    /// Bad input; `field` names the form field.
    Validation,
    NotFound,
    /// A uniqueness rule, e.g. a tax id already in use.
    Conflict,
    /// The database file could not be read or written.
    Storage,
    /// A bug or an unexpected state in the app.
    Internal,
}

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppError {
    pub kind: ErrorKind,
    /// English, for logs and as a last-resort text; the UI shows its own translated text.
    pub message: String,
    /// The camelCase form field the error belongs to, if any.
    pub field: Option<String>,
}

impl AppError {
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Internal,
            message: message.into(),
            field: None,
        }
    }
}

impl From<CoreError> for AppError {
    fn from(error: CoreError) -> Self {
        let message = error.to_string();
        let (kind, field) = match error {
            CoreError::Validation { field, .. } => (ErrorKind::Validation, Some(field.to_string())),
            CoreError::NotFound { .. } => (ErrorKind::NotFound, None),
            CoreError::Conflict { field, .. } => (ErrorKind::Conflict, field.map(String::from)),
            CoreError::Storage(rusqlite_error) => match rusqlite_error {
                rusqlite::Error::QueryReturnedNoRows => (ErrorKind::NotFound, None),
                _ => (ErrorKind::Storage, None),
            },
            CoreError::Migration(_) | CoreError::Io(_) => (ErrorKind::Storage, None),
        };
        if matches!(kind, ErrorKind::Storage | ErrorKind::Internal) {
            tracing::error!(%message, "command failed");
        }
        Self {
            kind,
            message,
            field,
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for AppError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_kind_message_field() {
        let error = AppError::from(CoreError::Validation {
            field: "email",
            message: "malformed e-mail address".into(),
        });
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "validation", "message": "malformed e-mail address", "field": "email"}),
            "the UI reads exactly these keys to put the error under the field"
        );
    }

    #[test]
    fn no_rows_is_not_found() {
        let error = AppError::from(CoreError::Storage(rusqlite::Error::QueryReturnedNoRows));
        assert_eq!(error.kind, ErrorKind::NotFound);
    }
}
