//! Calendar export: the upcoming follow-ups as an iCalendar (.ics) file that the user's
//! calendar app imports. Each follow-up keeps its id as the event's UID, so importing a newer
//! export updates the events instead of duplicating them.
//!
//! The file is written here rather than with an iCalendar crate: the few RFC 5545 rules it
//! needs fit on a page, and the crate used before wrote an all-day event's DTEND equal to its
//! DTSTART, passed carriage returns through in TEXT values and could fold a line just after a
//! space, which readers that trim line ends drop.

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use rusqlite::{params_from_iter, Connection};

use crate::agenda::{self, AgendaFilter, AgendaItem};
use crate::planning::Planner;
use crate::reminders::action_phrase;
use crate::settings::Language;
use crate::Result;

/// How far ahead the export reaches.
pub const EXPORT_DAYS: u64 = 90;
/// At most this many events (a calendar app chokes on more, a person cannot use more).
pub const EXPORT_LIMIT: u32 = 5_000;
/// A follow-up with a time of day becomes an event of this length.
const EVENT_MINUTES: i64 = 30;
/// Names the program that wrote the file (RFC 5545 §3.7.3: a globally unique FPI).
pub const PRODID: &str = concat!(
    "-//Cartera//Agenda de clientes ",
    env!("CARGO_PKG_VERSION"),
    "//ES"
);
/// Content lines longer than this many octets are folded (RFC 5545 §3.1), CRLF not counted.
const LINE_OCTETS: usize = 75;
/// After this many numbered copies of one day's file, the export gives up instead of looping.
const MAX_COPIES: u32 = 999;

/// The pending follow-ups from today to [`EXPORT_DAYS`] ahead, every occurrence of their
/// series included, as iCalendar text.
pub fn upcoming_ics(conn: &Connection, planner: &Planner, lang: Language) -> Result<String> {
    let today = planner.today();
    let end = today
        .checked_add_days(Days::new(EXPORT_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let items = agenda::with_series_ahead(
        conn,
        planner,
        today,
        end,
        &AgendaFilter::default(),
        EXPORT_LIMIT,
    )?;
    let slots = moved_alone(conn, &items.items)?;
    Ok(calendar_text(&items.items, &slots, planner.now, lang))
}

/// Where the rule put each stored occurrence that was moved alone, by follow-up id.
type Slots = HashMap<String, NaiveDate>;

/// The slots of the stored occurrences among `items` that were moved alone (migration 0012),
/// in one query: the few series items, not every item.
fn moved_alone(conn: &Connection, items: &[AgendaItem]) -> Result<Slots> {
    let ids: Vec<&str> = items
        .iter()
        .filter(|i| i.series_id.is_some() && !i.projected)
        .map(|i| i.follow_up_id.as_str())
        .collect();
    let mut slots = Slots::new();
    // SQLite's default limit on parameters is 32,766; an export holds at most 5,000 items.
    if ids.is_empty() {
        return Ok(slots);
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let mut stmt = conn.prepare(&format!(
        "SELECT id, slot_date FROM follow_ups
         WHERE id IN ({marks}) AND slot_date IS NOT NULL AND slot_date <> due_date"
    ))?;
    let rows = stmt.query_map(params_from_iter(ids), |r| Ok((r.get(0)?, r.get(1)?)))?;
    for row in rows {
        let (id, slot) = row?;
        slots.insert(id, slot);
    }
    Ok(slots)
}

/// The event's UID. A one-off is named by its id; an occurrence of a series by the series and
/// the date its rule gave it (its slot, if it alone was moved), so it keeps its event when it
/// is moved, or when the occurrence before it is done and it is stored, and a moved one never
/// takes the name of the occurrence it was moved onto.
fn uid(item: &AgendaItem, slots: &Slots) -> String {
    match &item.series_id {
        Some(series) => {
            // A projected occurrence names the stored one as its follow-up: its own date is
            // its slot.
            let moved = (!item.projected)
                .then(|| slots.get(&item.follow_up_id))
                .flatten();
            format!(
                "{series}-{}@cartera",
                date(*moved.unwrap_or(&item.due_date))
            )
        }
        None => format!("{}@cartera", item.follow_up_id),
    }
}

/// The iCalendar text for `items`, stamped with `now` (DTSTAMP).
fn calendar_text(
    items: &[AgendaItem],
    slots: &Slots,
    now: DateTime<Utc>,
    lang: Language,
) -> String {
    let mut ics = Ics::default();
    ics.line("BEGIN:VCALENDAR");
    ics.line("VERSION:2.0");
    ics.text("PRODID", PRODID);
    ics.line("CALSCALE:GREGORIAN");
    ics.line("METHOD:PUBLISH");
    let name = match lang {
        Language::Es => "Cartera: seguimientos",
        Language::En => "Cartera: follow-ups",
    };
    // NAME is RFC 7986; X-WR-CALNAME is what Apple and Google read.
    ics.text("NAME", name);
    ics.text("X-WR-CALNAME", name);
    let stamp = utc_date_time(now);
    for item in items {
        ics.line("BEGIN:VEVENT");
        ics.text("UID", &uid(item, slots));
        ics.line(&format!("DTSTAMP:{stamp}"));
        match (item.due_time, item.due_at.parse::<DateTime<Utc>>()) {
            (Some(_), Ok(at)) => {
                ics.line(&format!("DTSTART:{}", utc_date_time(at)));
                match at.checked_add_signed(Duration::minutes(EVENT_MINUTES)) {
                    Some(end) => ics.line(&format!("DTEND:{}", utc_date_time(end))),
                    None => ics.line(&format!("DURATION:PT{EVENT_MINUTES}M")),
                }
            }
            _ => {
                ics.line(&format!("DTSTART;VALUE=DATE:{}", date(item.due_date)));
                // DTEND is exclusive (RFC 5545 §3.6.1): a one-day event ends the next day.
                // On chrono's last date there is none; without DTEND a DATE start lasts one
                // day anyway.
                if let Some(next) = item.due_date.succ_opt() {
                    ics.line(&format!("DTEND;VALUE=DATE:{}", date(next)));
                }
            }
        }
        ics.text(
            "SUMMARY",
            &action_phrase(item.action, &item.client_name, lang),
        );
        if !item.purpose.is_empty() {
            ics.text("DESCRIPTION", &item.purpose);
        }
        ics.line("END:VEVENT");
    }
    ics.line("END:VCALENDAR");
    ics.0
}

/// iCalendar text being written: CRLF line ends, long lines folded.
#[derive(Default)]
struct Ics(String);

impl Ics {
    /// Appends one content line, folded.
    fn line(&mut self, line: &str) {
        let mut rest = line;
        let mut limit = LINE_OCTETS;
        while rest.len() > limit {
            let cut = fold_point(rest, limit);
            self.0.push_str(&rest[..cut]);
            // The continuation's leading space is the fold, not content, and counts as one
            // of its 75 octets.
            self.0.push_str("\r\n ");
            rest = &rest[cut..];
            limit = LINE_OCTETS - 1;
        }
        self.0.push_str(rest);
        self.0.push_str("\r\n");
    }

    /// Appends a property whose value is TEXT, escaped.
    fn text(&mut self, name: &str, value: &str) {
        let mut line = String::with_capacity(name.len() + 1 + value.len());
        line.push_str(name);
        line.push(':');
        escape_text_into(&mut line, value);
        self.line(&line);
    }
}

/// Where to fold `line` (longer than `limit` octets): a character boundary within `limit`,
/// looking back a little for one that neither ends the piece with whitespace nor starts the
/// next piece with it, then for one that at least does not end the piece with whitespace
/// (readers that trim line ends would lose it; RFC 5545 keeps it), else the last boundary.
fn fold_point(line: &str, limit: usize) -> usize {
    const LOOK_BACK: usize = 16;
    let is_space = |c: Option<char>| c.is_some_and(char::is_whitespace);
    let candidates = || {
        (limit.saturating_sub(LOOK_BACK).max(1)..=limit)
            .rev()
            .filter(|&i| line.is_char_boundary(i))
            .map(|i| {
                let before = line[..i].chars().next_back();
                let after = line[i..].chars().next();
                (i, is_space(before), is_space(after))
            })
    };
    candidates()
        .find(|&(_, before, after)| !before && !after)
        .or_else(|| candidates().find(|&(_, before, _)| !before))
        .or_else(|| candidates().next())
        // A character is at most 4 octets, so a boundary always lies within the last 4.
        .map_or(limit, |(i, _, _)| i)
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks
/// (CRLF, CR or LF, all as `\n`). Other control characters are not allowed in TEXT and are
/// dropped; tabs stay.
fn escape_text_into(out: &mut String, value: &str) {
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_ascii_control() => {}
            c => out.push(c),
        }
    }
}

/// A DATE value: `20261125`.
fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A DATE-TIME value in UTC: `20261124T090000Z`.
fn utc_date_time(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The export's file name for `date`: the first copy of a day is `cartera-agenda-2026-11-30.ics`,
/// the next ones `cartera-agenda-2026-11-30 (2).ics`, `(3)`…, as file managers number copies.
pub fn export_file_name(date: NaiveDate, copy: u32) -> String {
    if copy <= 1 {
        format!("cartera-agenda-{date}.ics")
    } else {
        format!("cartera-agenda-{date} ({copy}).ics")
    }
}

/// Writes `contents` into `dir` (created if missing) under the first free
/// [`export_file_name`] for `date`, and returns the path written. Never replaces a file: the
/// name is claimed with `create_new`, so a file appearing meanwhile is not overwritten either.
pub fn write_export(dir: &Path, date: NaiveDate, contents: &str) -> Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    for copy in 1..=MAX_COPIES {
        let path = dir.join(export_file_name(date, copy));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                file.write_all(contents.as_bytes())?;
                file.sync_all()?;
                return Ok(path);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(std::io::Error::new(
        ErrorKind::AlreadyExists,
        format!("{MAX_COPIES} exports of one day already in the folder"),
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::{self, ClientInput, FollowUpColour};
    use crate::follow_ups::{self, Action, FollowUpInput, Origin};
    use crate::planning::PlanningSettings;
    use ical::parser::ical::component::{IcalCalendar, IcalEvent};
    use ical::property::Property;
    use proptest::prelude::*;
    use rusqlite::TransactionBehavior;

    fn now() -> DateTime<Utc> {
        "2026-11-23T08:00:00Z".parse().unwrap()
    }

    /// A pending follow-up as the agenda returns it; `time` makes it a timed event at that
    /// UTC instant.
    fn item(id: &str, date: &str, time: Option<&str>, client: &str, purpose: &str) -> AgendaItem {
        let due_date: NaiveDate = date.parse().unwrap();
        let due_time = time.map(|t| t.parse().unwrap());
        let due_at = due_date
            .and_time(due_time.unwrap_or_default())
            .and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        AgendaItem {
            follow_up_id: id.into(),
            client_id: "c1".into(),
            client_name: client.into(),
            city: None,
            colour: FollowUpColour::Yellow,
            action: Action::Call,
            purpose: purpose.into(),
            origin: Origin::Manual,
            due_date,
            due_time,
            due_at,
            recurrence: None,
            series_id: None,
            projected: false,
        }
    }

    /// Reads `ics` with the `ical` crate, an iCalendar parser independent of this writer.
    fn parse(ics: &str) -> IcalCalendar {
        let mut calendars = ical::IcalParser::new(ics.as_bytes());
        let calendar = calendars
            .next()
            .expect("one calendar in the file")
            .unwrap_or_else(|e| {
                panic!("a calendar app must be able to read the export: {e}\n{ics}")
            });
        assert!(calendars.next().is_none(), "exactly one VCALENDAR");
        calendar
    }

    fn prop<'a>(properties: &'a [Property], name: &str) -> &'a Property {
        properties
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} missing"))
    }

    fn value<'a>(properties: &'a [Property], name: &str) -> &'a str {
        prop(properties, name).value.as_deref().unwrap_or("")
    }

    fn param<'a>(property: &'a Property, name: &str) -> Option<&'a str> {
        let (_, values) = property.params.as_ref()?.iter().find(|(k, _)| k == name)?;
        values.first().map(String::as_str)
    }

    fn event<'a>(calendar: &'a IcalCalendar, uid: &str) -> &'a IcalEvent {
        calendar
            .events
            .iter()
            .find(|e| value(&e.properties, "UID") == uid)
            .unwrap_or_else(|| panic!("no event {uid}"))
    }

    /// Reverses RFC 5545 §3.3.11 escaping, as a calendar app shows the text.
    fn unescape(raw: &str) -> String {
        let mut out = String::new();
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => panic!("dangling backslash in {raw:?}"),
            }
        }
        out
    }

    #[test]
    fn all_day_follow_up_ends_the_next_day_because_dtend_is_exclusive() {
        let items = [
            item("f1", "2026-11-25", None, "Ferretería López", "visita"),
            item("f2", "2026-12-31", None, "Ferretería López", "fin de año"),
        ];
        let calendar = parse(&calendar_text(&items, &Slots::new(), now(), Language::Es));

        let one = &event(&calendar, "f1@cartera").properties;
        let start = prop(one, "DTSTART");
        let end = prop(one, "DTEND");
        assert_eq!(start.value.as_deref(), Some("20261125"));
        assert_eq!(param(start, "VALUE"), Some("DATE"));
        assert_eq!(
            end.value.as_deref(),
            Some("20261126"),
            "DTEND equal to DTSTART is a zero-length event that some calendars hide"
        );
        assert_eq!(
            param(end, "VALUE"),
            Some("DATE"),
            "DTEND must be a DATE too"
        );
        let new_year = &event(&calendar, "f2@cartera").properties;
        assert_eq!(
            value(new_year, "DTEND"),
            "20270101",
            "the next day crosses month and year"
        );
    }

    #[test]
    fn all_day_follow_up_on_the_last_representable_date_is_written_without_panicking() {
        let mut last = item("f1", "2026-11-25", None, "Bar Pepe", "");
        last.due_date = NaiveDate::MAX;
        let ics = calendar_text(&[last], &Slots::new(), now(), Language::Es);
        assert!(ics.contains("DTSTART;VALUE=DATE:"));
        assert!(
            !ics.contains("DTEND"),
            "no next day exists; a DATE start without DTEND lasts one day:\n{ics}"
        );
    }

    #[test]
    fn timed_follow_up_is_a_half_hour_event_in_utc() {
        let items = [item("f1", "2026-11-24", Some("09:00:00"), "Bar Pepe", "")];
        let calendar = parse(&calendar_text(&items, &Slots::new(), now(), Language::Es));
        let timed = &event(&calendar, "f1@cartera").properties;
        assert_eq!(value(timed, "DTSTART"), "20261124T090000Z");
        assert_eq!(value(timed, "DTEND"), "20261124T093000Z");
        assert_eq!(param(prop(timed, "DTSTART"), "VALUE"), None);
        assert!(
            !timed.iter().any(|p| p.name == "DESCRIPTION"),
            "no empty DESCRIPTION for a follow-up without purpose"
        );
    }

    #[test]
    fn calendar_names_cartera_as_its_producer_and_stamps_every_event() {
        let items = [
            item("f1", "2026-11-24", Some("09:00:00"), "Bar Pepe", "a"),
            item("f2", "2026-11-25", None, "Bar Pepe", "b"),
        ];
        let calendar = parse(&calendar_text(&items, &Slots::new(), now(), Language::En));
        assert_eq!(value(&calendar.properties, "VERSION"), "2.0");
        assert_eq!(
            value(&calendar.properties, "PRODID"),
            format!(
                "-//Cartera//Agenda de clientes {}//ES",
                env!("CARGO_PKG_VERSION")
            ),
            "PRODID tells a calendar app (and a support request) which program wrote the file"
        );
        assert_eq!(
            value(&calendar.properties, "X-WR-CALNAME"),
            "Cartera: follow-ups"
        );
        for e in &calendar.events {
            assert_eq!(
                value(&e.properties, "DTSTAMP"),
                "20261123T080000Z",
                "DTSTAMP is required in every VEVENT"
            );
        }
        assert_eq!(
            value(&event(&calendar, "f1@cartera").properties, "SUMMARY"),
            "Call Bar Pepe"
        );
    }

    #[test]
    fn special_characters_in_text_are_escaped_and_read_back_unchanged() {
        let purpose =
            "Precios: 10,5 € el kilo; descuento\\volumen\r\nsegunda línea\nterceraúltima\rfin";
        let client = "López, Hijos; S.L.";
        let items = [item("f1", "2026-11-25", None, client, purpose)];
        let ics = calendar_text(&items, &Slots::new(), now(), Language::Es);
        let calendar = parse(&ics);
        let e = &event(&calendar, "f1@cartera").properties;
        assert_eq!(
            value(e, "DESCRIPTION"),
            "Precios: 10\\,5 € el kilo\\; descuento\\\\volumen\\nsegunda línea\\nterceraúltima\\nfin",
            "RFC 5545 §3.3.11 escapes; an unescaped comma or semicolon splits the value"
        );
        assert_eq!(
            unescape(value(e, "DESCRIPTION")),
            "Precios: 10,5 € el kilo; descuento\\volumen\nsegunda línea\nterceraúltima\nfin",
            "the note reads back as typed, every line break as one"
        );
        assert_eq!(unescape(value(e, "SUMMARY")), format!("Llamar a {client}"));
        assert!(
            !ics.replace("\r\n", "").contains('\r'),
            "a stray CR breaks the line structure"
        );
    }

    #[test]
    fn long_lines_fold_within_75_octets_with_crlf_and_unfold_to_the_original() {
        let purpose = "Ofrecer la nueva lista de precios de invierno a Ñuño Peña: \
                       tornillería, bisagras y cerraduras con un descuento del 5 % por volumen 🔩🔩🔩 \
                       y llamar otra vez el jueves si no contesta, añadiendo las muestras de camión";
        let items = [item("f1", "2026-11-25", None, "Ferretería Güell", purpose)];
        let ics = calendar_text(&items, &Slots::new(), now(), Language::Es);

        assert!(ics.ends_with("\r\n"));
        for line in ics.split_terminator("\r\n") {
            assert!(
                !line.contains('\n'),
                "every line ends in CRLF, never a bare LF"
            );
            assert!(
                line.len() <= LINE_OCTETS,
                "{} octets in {line:?}: RFC 5545 §3.1 allows 75",
                line.len()
            );
        }
        assert!(
            ics.split_terminator("\r\n")
                .filter(|l| l.starts_with(' '))
                .count()
                >= 3,
            "the description is long enough to fold several times:\n{ics}"
        );
        let calendar = parse(&ics);
        assert_eq!(
            unescape(value(
                &event(&calendar, "f1@cartera").properties,
                "DESCRIPTION"
            )),
            purpose,
            "unfolding must give back every character, none split or lost at a fold"
        );
    }

    proptest! {
        #[test]
        fn any_purpose_reads_back_through_an_independent_parser(
            // Trimmed as the app stores it; no leading colon, which the `ical` crate drops
            // (RFC 5545 allows it unescaped).
            purpose in "[a-zA-Z0-9áéíóúñÑ€🔩,;:\\\\ \n\t.-]{0,300}"
                .prop_map(|s| s.trim().to_string())
                .prop_filter("a leading colon", |s| !s.starts_with(':'))
        ) {
            let items = [item("f1", "2026-11-25", None, "Bar Pepe", &purpose)];
            let ics = calendar_text(&items, &Slots::new(), now(), Language::Es);
            for line in ics.split_terminator("\r\n") {
                prop_assert!(line.len() <= LINE_OCTETS, "{line:?}");
            }
            let calendar = parse(&ics);
            let e = &event(&calendar, "f1@cartera").properties;
            let read = e
                .iter()
                .find(|p| p.name == "DESCRIPTION")
                .and_then(|p| p.value.as_deref())
                .map(unescape)
                .unwrap_or_default();
            prop_assert_eq!(read, purpose);
        }
    }

    #[test]
    fn fold_never_splits_a_character() {
        let line = format!("DESCRIPTION:{}", "€".repeat(60));
        let mut ics = Ics::default();
        ics.line(&line);
        for piece in ics.0.split_terminator("\r\n") {
            assert!(piece.len() <= LINE_OCTETS);
        }
        // Writing into a `String` already proves each piece is whole UTF-8; the pieces join
        // back to the line.
        assert_eq!(ics.0.replace("\r\n ", ""), format!("{line}\r\n"));
    }

    #[test]
    fn export_reads_the_next_90_days_with_stable_unique_uids() {
        let mut conn = crate::db::open_in_memory().unwrap();
        let p = Planner::new(
            now(),
            chrono_tz::Europe::Madrid,
            PlanningSettings::default(),
        );
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .unwrap();
        let input = ClientInput {
            name: "Ferretería López".into(),
            ..Default::default()
        };
        let client = clients::save(&tx, None, &input, &p).unwrap();
        let plan = |date: &str, time: Option<&str>, purpose: &str| FollowUpInput {
            action: Action::Call,
            purpose: purpose.into(),
            due_date: date.parse().unwrap(),
            due_time: time.map(|t| t.parse().unwrap()),
            recurrence: None,
        };
        let timed = follow_ups::create(
            &tx,
            &client.id,
            &plan("2026-11-24", Some("10:00:00"), "precios"),
            &p,
        )
        .unwrap();
        let all_day =
            follow_ups::create(&tx, &client.id, &plan("2026-11-25", None, "visita"), &p).unwrap();
        follow_ups::create(&tx, &client.id, &plan("2027-06-01", None, "muy lejos"), &p).unwrap();
        tx.commit().unwrap();

        let ics = upcoming_ics(&conn, &p, Language::Es).unwrap();
        let calendar = parse(&ics);
        assert_eq!(calendar.events.len(), 2, "only the next 90 days:\n{ics}");
        let uids: Vec<&str> = calendar
            .events
            .iter()
            .map(|e| value(&e.properties, "UID"))
            .collect();
        assert_eq!(
            uids,
            [
                format!("{}@cartera", timed.id),
                format!("{}@cartera", all_day.id)
            ],
            "one UID per follow-up, from its id: a re-import updates instead of duplicating"
        );
        let timed_event = &event(&calendar, uids[0]).properties;
        assert_eq!(
            value(timed_event, "DTSTART"),
            "20261124T090000Z",
            "10:00 Madrid is 09:00 UTC"
        );
        assert_eq!(
            unescape(value(timed_event, "SUMMARY")),
            "Llamar a Ferretería López"
        );
        let later = Planner::new(
            now() + Duration::hours(3),
            chrono_tz::Europe::Madrid,
            PlanningSettings::default(),
        );
        let again = parse(&upcoming_ics(&conn, &later, Language::Es).unwrap());
        let uids_again: Vec<&str> = again
            .events
            .iter()
            .map(|e| value(&e.properties, "UID"))
            .collect();
        assert_eq!(uids_again, uids, "a later export keeps the same UIDs");
    }

    #[test]
    fn export_never_overwrites_a_file_already_in_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let day: NaiveDate = "2026-11-30".parse().unwrap();
        let first = write_export(dir.path(), day, "one").unwrap();
        let second = write_export(dir.path(), day, "two").unwrap();
        let third = write_export(dir.path(), day, "three").unwrap();
        assert_eq!(first, dir.path().join("cartera-agenda-2026-11-30.ics"));
        assert_eq!(second, dir.path().join("cartera-agenda-2026-11-30 (2).ics"));
        assert_eq!(third, dir.path().join("cartera-agenda-2026-11-30 (3).ics"));
        assert_eq!(
            std::fs::read_to_string(&first).unwrap(),
            "one",
            "an earlier export (perhaps edited by the user) must survive a new one"
        );
        assert_eq!(std::fs::read_to_string(&third).unwrap(), "three");
    }

    #[test]
    fn export_skips_a_name_taken_by_any_file_and_creates_a_missing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let downloads = dir.path().join("Descargas");
        std::fs::create_dir(&downloads).unwrap();
        let day: NaiveDate = "2026-11-30".parse().unwrap();
        std::fs::write(downloads.join(export_file_name(day, 1)), "mine").unwrap();
        let written = write_export(&downloads, day, "export").unwrap();
        assert_eq!(written, downloads.join("cartera-agenda-2026-11-30 (2).ics"));
        assert_eq!(
            std::fs::read_to_string(downloads.join("cartera-agenda-2026-11-30.ics")).unwrap(),
            "mine"
        );

        let missing = dir.path().join("no-such-folder");
        let written = write_export(&missing, day, "export").unwrap();
        assert_eq!(written, missing.join("cartera-agenda-2026-11-30.ics"));
    }
}
