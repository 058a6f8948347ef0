//! The user's settings: small JSON values under fixed keys (the UI language for now).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use chrono::{DateTime, NaiveDate, Utc};

use crate::planning::PlanningSettings;
use crate::purchases::{PurchaseSettings, MAX_TERMS_DAYS};
use crate::validation::Checks;
use crate::{time, CoreError, Result};

/// The languages of the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Language {
    Es,
    En,
}

impl Language {
    /// The language for a POSIX locale name such as `es_ES.UTF-8`: Spanish for Spanish and
    /// the other languages of Spain, English for any other named language (the C/POSIX
    /// locale included, as the webview reports it as en-US), Spanish when none is set.
    pub fn from_locale(locale: &str) -> Self {
        let code = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match code.as_str() {
            "" | "es" | "ca" | "gl" | "eu" | "ast" => Language::Es,
            _ => Language::En,
        }
    }
}

/// Settings as the UI reads and writes them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Settings {
    /// The chosen language; `None` until the user chooses, so the system locale decides.
    pub language: Option<Language>,
    /// How follow-ups are planned: regime intervals, start of the day, digest time.
    pub planning: PlanningSettings,
    /// Start Cartera, hidden, when the user logs in.
    pub autostart: bool,
    /// How purchases are recorded: the currency, the payment terms, when a client is late to
    /// buy.
    #[serde(default)]
    pub purchases: PurchaseSettings,
}

const LANGUAGE: &str = "language";
const PLANNING: &str = "planning";
const AUTOSTART: &str = "autostart";
const PURCHASES: &str = "purchases";
/// The local date the morning digest was last shown (internal, not a user setting).
const DIGEST_SENT_ON: &str = "digest_sent_on";
/// When the reminder scheduler last looked for due reminders (internal).
const SCHEDULER_RAN_AT: &str = "scheduler_ran_at";

fn read<T: for<'de> Deserialize<'de>>(conn: &Connection, key: &str) -> Result<Option<T>> {
    let raw: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
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
        planning: read(conn, PLANNING)?.unwrap_or_default(),
        autostart: read(conn, AUTOSTART)?.unwrap_or(false),
        purchases: purchases(conn)?,
    })
}

/// The purchase settings alone (every purchase write reads them).
pub fn purchases(conn: &Connection) -> Result<PurchaseSettings> {
    Ok(read(conn, PURCHASES)?.unwrap_or_default())
}

/// The planning settings alone (the scheduler reads them on every wake-up).
pub fn planning(conn: &Connection) -> Result<PlanningSettings> {
    Ok(read(conn, PLANNING)?.unwrap_or_default())
}

/// When the morning digest was last shown.
pub fn digest_sent_on(conn: &Connection) -> Result<Option<NaiveDate>> {
    read(conn, DIGEST_SENT_ON)
}

/// Records that today's morning digest was shown.
pub fn mark_digest_sent(conn: &Connection, on: NaiveDate) -> Result<()> {
    write(conn, DIGEST_SENT_ON, &on)
}

/// When the reminder scheduler last looked for due reminders; `None` before its first look.
pub fn scheduler_ran_at(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    read(conn, SCHEDULER_RAN_AT)
}

/// Records the scheduler's look at `at`.
pub fn mark_scheduler_ran(conn: &Connection, at: DateTime<Utc>) -> Result<()> {
    write(conn, SCHEDULER_RAN_AT, &at)
}

/// `settings` checked and put in order (working days sorted, without repeats), or every
/// problem with them.
pub fn check(settings: &Settings) -> Result<Settings> {
    let mut settings = settings.clone();
    let p = &mut settings.planning;
    p.working_days.sort_unstable();
    p.working_days.dedup();
    let mut checks = Checks::new();
    if p.working_days.is_empty() || p.working_days.iter().any(|d| !(1..=7).contains(d)) {
        checks.invalid(
            "workingDays",
            "at least one working day, Monday (1) to Sunday (7)",
        );
    }
    checks.number("yellowEveryDays", i64::from(p.yellow_every_days), 1, 365);
    checks.number("greenWaitDays", i64::from(p.green_wait_days), 1, 365);
    checks.number("quietDays", i64::from(p.quiet_days), 1, 3650);
    checks.number("callsPerDay", i64::from(p.calls_per_day), 1, 1000);
    checks.number("visitsPerDay", i64::from(p.visits_per_day), 0, 100);
    let purchases = &mut settings.purchases;
    purchases.currency = purchases.currency.trim().to_ascii_uppercase();
    if crate::money::minor_digits(&purchases.currency).is_none() {
        checks.invalid("currency", "an ISO 4217 code Cartera knows");
    }
    checks.number(
        "paymentTermsDays",
        i64::from(purchases.payment_terms_days),
        0,
        i64::from(MAX_TERMS_DAYS),
    );
    checks.number(
        "lateTolerancePercent",
        i64::from(purchases.late_tolerance_percent),
        0,
        1000,
    );
    checks.number(
        "lateToleranceMinDays",
        i64::from(purchases.late_tolerance_min_days),
        0,
        365,
    );
    checks.finish()?;
    Ok(settings)
}

/// Stores every setting in `settings` (after [`check`]).
pub fn save(conn: &Connection, settings: &Settings) -> Result<Settings> {
    let settings = check(settings)?;
    write(conn, LANGUAGE, &settings.language)?;
    write(conn, PLANNING, &settings.planning)?;
    write(conn, AUTOSTART, &settings.autostart)?;
    write(conn, PURCHASES, &settings.purchases)?;
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
                ..Settings::default()
            },
        )
        .unwrap();
        assert_eq!(load(&conn).unwrap().language, Some(Language::En));
    }

    #[test]
    fn planning_defaults_are_the_products_and_bad_intervals_are_refused() {
        let conn = crate::db::open_in_memory().unwrap();
        let loaded = load(&conn).unwrap();
        assert_eq!(loaded.planning.yellow_every_days, 7);
        assert_eq!(loaded.planning.green_wait_days, 10);
        assert_eq!(
            (
                loaded.planning.calls_per_day,
                loaded.planning.visits_per_day
            ),
            (20, 4)
        );
        let mut no_calls = loaded.clone();
        no_calls.planning.calls_per_day = 0;
        assert!(matches!(
            save(&conn, &no_calls),
            Err(CoreError::Invalid(errors)) if errors[0].field == "callsPerDay"
        ));
        let mut bad = loaded.clone();
        bad.planning.yellow_every_days = 0;
        assert!(matches!(
            save(&conn, &bad),
            Err(CoreError::Invalid(errors)) if errors[0].field == "yellowEveryDays"
        ));
    }

    #[test]
    fn working_days_are_kept_in_order_and_need_at_least_one() {
        let conn = crate::db::open_in_memory().unwrap();
        let mut with_saturday = Settings::default();
        with_saturday.planning.working_days = vec![6, 1, 2, 3, 4, 5, 5];
        let saved = save(&conn, &with_saturday).unwrap();
        assert_eq!(saved.planning.working_days, [1, 2, 3, 4, 5, 6]);
        assert_eq!(
            load(&conn).unwrap().planning.working_days,
            [1, 2, 3, 4, 5, 6]
        );
        for bad in [vec![], vec![0], vec![8]] {
            let mut refused = Settings::default();
            refused.planning.working_days = bad;
            assert!(matches!(
                save(&conn, &refused),
                Err(CoreError::Invalid(errors)) if errors[0].field == "workingDays"
            ));
        }
    }

    #[test]
    fn purchase_settings_default_to_euros_and_thirty_days_and_are_checked() {
        let conn = crate::db::open_in_memory().unwrap();
        let loaded = load(&conn).unwrap();
        assert_eq!(loaded.purchases, PurchaseSettings::default());
        assert_eq!(loaded.purchases.payment_terms_days, 30);
        let mut pesos = loaded.clone();
        pesos.purchases.currency = " mxn ".into();
        pesos.purchases.payment_terms_days = 45;
        let saved = save(&conn, &pesos).unwrap();
        assert_eq!(saved.purchases.currency, "MXN");
        assert_eq!(purchases(&conn).unwrap().payment_terms_days, 45);
        let mut bad = loaded;
        bad.purchases.currency = "ZZZ".into();
        bad.purchases.payment_terms_days = 400;
        let Err(CoreError::Invalid(errors)) = save(&conn, &bad) else {
            panic!("an unknown currency and a year and more of terms are refused");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["currency", "paymentTermsDays"]);
    }

    #[test]
    fn locale_names_map_to_languages() {
        assert_eq!(Language::from_locale("es_ES.UTF-8"), Language::Es);
        assert_eq!(Language::from_locale("ca_ES"), Language::Es);
        assert_eq!(Language::from_locale("en_GB.UTF-8"), Language::En);
        assert_eq!(Language::from_locale("de_DE"), Language::En);
        assert_eq!(Language::from_locale(""), Language::Es);
        assert_eq!(Language::from_locale("C.UTF-8"), Language::En);
    }
}
