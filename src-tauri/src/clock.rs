//! "Now" for the shell: the real clock, the system's time zone and the user's settings,
//! turned into the core's `Planner`. Tests of the core build planners with fixed instants.

use std::str::FromStr;

use cartera_core::planning::{Planner, PlanningSettings};
use cartera_core::settings::{Language, Settings};
use chrono::Utc;
use chrono_tz::Tz;

/// The system's IANA time zone (e.g. Europe/Madrid); UTC if it cannot be read.
pub fn system_time_zone() -> Tz {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| Tz::from_str(&name).ok())
        .unwrap_or(Tz::UTC)
}

/// The language of the system locale, for when the user has not chosen one.
pub fn system_language() -> Language {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default();
    Language::from_locale(&locale)
}

/// The language the user reads: the one chosen in the settings, else the system's.
pub fn language(settings: &Settings) -> Language {
    settings.language.unwrap_or_else(system_language)
}

/// A planner for this instant.
pub fn planner(settings: PlanningSettings) -> Planner {
    Planner::new(Utc::now(), system_time_zone(), settings)
}
