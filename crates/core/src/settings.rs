//! The user's settings: small JSON values under fixed keys (the UI language for now).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{time, CoreError, Result};

/// The languages of the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Language {
    Es,
    En,
}

/// Settings as the UI reads and writes them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Settings {
    /// The chosen language; `None` until the user chooses, so the system locale decides.
    pub language: Option<Language>,
}

const LANGUAGE: &str = "language";

fn read<T: for<'de> Deserialize<'de>>(conn: &Connection, key: &str) -> Result<Option<T>> {
    let raw: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
        .optional()?;
    // A value this version cannot read falls back to the default instead of failing start-up.
    Ok(raw.and_then(|v| serde_json::from_str(&v).ok()))
}

fn write<T: Serialize>(conn: &Connection, key: &str, value: &T) -> Result<()> {
    let json = serde_json::to_string(value)
        .map_err(|e| CoreError::validation("settings", e.to_string()))?;
    conn.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![key, json, time::now()],
    )?;
    Ok(())
}

/// The stored settings, defaults where nothing is stored.
pub fn load(conn: &Connection) -> Result<Settings> {
    Ok(Settings {
        language: read(conn, LANGUAGE)?,
    })
}

/// Stores every setting in `settings`.
pub fn save(conn: &Connection, settings: &Settings) -> Result<Settings> {
    write(conn, LANGUAGE, &settings.language)?;
    load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_is_unset_until_chosen_then_persists() {
        let conn = crate::db::open_in_memory().unwrap();
        assert_eq!(load(&conn).unwrap().language, None);
        save(
            &conn,
            &Settings {
                language: Some(Language::En),
            },
        )
        .unwrap();
        assert_eq!(load(&conn).unwrap().language, Some(Language::En));
    }
}
