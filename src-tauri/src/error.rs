//! The one error type that crosses IPC: `{ kind, message, field }`. The UI switches on `kind`
//! (and `field` for forms), never on the message text.

use cartera_core::validation::{FieldError, Rule};
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
    /// The camelCase form field the error belongs to, if any (the first, when many).
    pub field: Option<String>,
    /// Every field's problem at once, with what is allowed (validation errors only).
    pub fields: Vec<FieldError>,
}

impl AppError {
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message, None)
    }

    /// The same error, placed on `field` (e.g. `backup` on the recovery screen).
    pub fn on_field(mut self, field: &str) -> Self {
        self.field = Some(field.into());
        self
    }

    /// An error of `kind` on `field` (or on the whole form).
    pub fn new(kind: ErrorKind, message: impl Into<String>, field: Option<&str>) -> Self {
        Self {
            kind,
            message: message.into(),
            field: field.map(String::from),
            fields: Vec::new(),
        }
    }
}

impl From<CoreError> for AppError {
    fn from(error: CoreError) -> Self {
        let message = error.to_string();
        let (kind, field, fields) = match error {
            CoreError::Invalid(fields) => (
                ErrorKind::Validation,
                fields.first().map(|f| f.field.clone()),
                fields,
            ),
            CoreError::Validation { field, message } => (
                ErrorKind::Validation,
                Some(field.to_string()),
                vec![FieldError::new(field, Rule::Invalid, message)],
            ),
            CoreError::NotFound { .. } => (ErrorKind::NotFound, None, Vec::new()),
            CoreError::Conflict { field, .. } => {
                (ErrorKind::Conflict, field.map(String::from), Vec::new())
            }
            CoreError::Storage(rusqlite::Error::QueryReturnedNoRows) => {
                (ErrorKind::NotFound, None, Vec::new())
            }
            CoreError::Storage(_)
            | CoreError::Migration(_)
            | CoreError::Io(_)
            | CoreError::DatabaseTooNew { .. }
            | CoreError::DatabaseReadOnly
            | CoreError::DatabaseDamaged(_) => (ErrorKind::Storage, None, Vec::new()),
        };
        if matches!(kind, ErrorKind::Storage | ErrorKind::Internal) {
            tracing::error!(%message, "command failed");
        }
        Self {
            kind,
            message,
            field,
            fields,
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
        assert_eq!(json["kind"], "validation");
        assert_eq!(json["message"], "malformed e-mail address");
        assert_eq!(
            json["field"], "email",
            "the UI reads exactly these keys to put the error under the field"
        );
        assert_eq!(json["fields"][0]["field"], "email");
    }

    #[test]
    fn every_field_error_crosses_ipc_with_its_limits() {
        let mut name = FieldError::new("name", Rule::TooLong, "longer than 200 characters");
        name.max = Some(200);
        let error = AppError::from(CoreError::Invalid(vec![
            name,
            FieldError::new("email", Rule::Malformed, "malformed e-mail address"),
        ]));
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["field"], "name", "the first field, for older callers");
        assert_eq!(json["fields"][0]["rule"], "too_long");
        assert_eq!(json["fields"][0]["max"], 200);
        assert_eq!(json["fields"][1]["field"], "email");
    }

    #[test]
    fn no_rows_is_not_found() {
        let error = AppError::from(CoreError::Storage(rusqlite::Error::QueryReturnedNoRows));
        assert_eq!(error.kind, ErrorKind::NotFound);
    }
}
