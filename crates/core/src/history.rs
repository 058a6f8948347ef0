//! A client's history as the card shows it: contacts (interactions and the occurrences of a
//! series that went by undone), notes and purchases in one order, newest first, a keyset page
//! at a time, of every kind or of one.
//!
//! Each kind is read by its own reader on its own index, at most a page past the cursor, and
//! the pages are merged here: a page costs three short index ranges, whatever the history's
//! length. The order is that of `(at, id)` as text: a contact's or a note's UTC instant, a
//! purchase's day. A day sorts before its instants, so a purchase comes after (below) the
//! contacts and notes of its own day, and one cursor serves every kind.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::interactions::{self, TimelineEntry};
use crate::notes::{self, Note, NoteCursor, NoteKind};
use crate::purchases::{self, Purchase, PurchaseCursor};
use crate::{CoreError, Result};

/// The most items a page holds.
pub const MAX_PAGE: u32 = 200;

/// Which part of the history to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum HistoryShow {
    Contacts,
    Purchases,
    Notes,
}

/// What the history shows: everything (`show` empty), or one part; notes may be of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryFilter {
    pub show: Option<HistoryShow>,
    /// Notes of this kind only (implies notes).
    pub note_kind: Option<NoteKind>,
}

impl HistoryFilter {
    fn shows(self, part: HistoryShow) -> bool {
        match (self.show, self.note_kind) {
            (_, Some(_)) => part == HistoryShow::Notes,
            (None, None) => true,
            (Some(show), None) => show == part,
        }
    }
}

/// One thing in a client's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
#[ts(export)]
pub enum HistoryItem {
    Contact(TimelineEntry),
    Note(Note),
    Purchase(Purchase),
}

impl HistoryItem {
    /// Where it sits in the history: its key and its id.
    fn key(&self) -> (String, &str) {
        match self {
            HistoryItem::Contact(c) => (c.entry.occurred_at.clone(), &c.entry.id),
            HistoryItem::Note(n) => (n.noted_at.clone(), &n.id),
            HistoryItem::Purchase(p) => (p.purchased_on.to_string(), &p.id),
        }
    }
}

/// Where a page ends: the next page starts after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryCursor {
    pub at: String,
    pub id: String,
}

/// One page of a client's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryPage {
    pub items: Vec<HistoryItem>,
    pub next: Option<HistoryCursor>,
}

/// The purchases' cursor for a history cursor: the same purchase after a purchase; after an
/// instant, every purchase of that day and before (a day sorts before its instants).
fn purchase_cursor(after: &HistoryCursor) -> Option<PurchaseCursor> {
    let day: NaiveDate = after.at.get(..10)?.parse().ok()?;
    let id = if after.at.len() == 10 {
        after.id.clone()
    } else {
        // Past any id: the whole day is after the cursor.
        "\u{10FFFF}".to_string()
    };
    Some(PurchaseCursor {
        purchased_on: day,
        id,
    })
}

/// One page of `client_id`'s history after `after`, newest first.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub fn page(
    conn: &rusqlite::Connection,
    client_id: &str,
    filter: HistoryFilter,
    after: Option<&HistoryCursor>,
    limit: u32,
) -> Result<HistoryPage> {
    let limit = limit.clamp(1, MAX_PAGE);
    // One more than a page of each: the merged page's last item and whether more follow.
    let want = limit + 1;
    let mut items: Vec<HistoryItem> = Vec::new();
    // A reader that held more than it gave (its own page is capped) has more past the page.
    let mut held_back = false;
    if filter.shows(HistoryShow::Contacts) {
        let before = after.map(|a| (a.at.as_str(), a.id.as_str()));
        let contacts = interactions::timeline(conn, client_id, before, want)?;
        items.extend(contacts.into_iter().map(HistoryItem::Contact));
    }
    if filter.shows(HistoryShow::Notes) {
        let cursor = after.map(|a| NoteCursor {
            noted_at: a.at.clone(),
            id: a.id.clone(),
        });
        let noted = notes::page(conn, client_id, filter.note_kind, cursor.as_ref(), want)?;
        held_back |= noted.next.is_some();
        items.extend(noted.items.into_iter().map(HistoryItem::Note));
    }
    if filter.shows(HistoryShow::Purchases) {
        let cursor = match after {
            Some(after) => Some(
                purchase_cursor(after)
                    .ok_or_else(|| CoreError::validation("after", "a cursor of this history"))?,
            ),
            None => None,
        };
        let bought = purchases::page(conn, client_id, cursor.as_ref(), want)?;
        held_back |= bought.next.is_some();
        items.extend(bought.items.into_iter().map(HistoryItem::Purchase));
    }
    items.sort_by(|a, b| b.key().cmp(&a.key()));
    let more = items.len() > limit as usize || held_back;
    items.truncate(limit as usize);
    let next = items.last().filter(|_| more).map(|last| {
        let (at, id) = last.key();
        HistoryCursor {
            at,
            id: id.to_string(),
        }
    });
    Ok(HistoryPage { items, next })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::{self, ClientInput};
    use crate::follow_ups::Action;
    use crate::interactions::{Direction, InteractionInput};
    use crate::notes::NoteInput;
    use crate::planning::{Planner, PlanningSettings};
    use crate::purchases::{PaymentMethod, PurchaseInput, PurchaseSettings};
    use crate::testing::{database, later, write};
    use rusqlite::Connection;
    use rust_decimal::Decimal;

    fn planner() -> Planner {
        Planner::new(
            "2026-12-04T12:00:00Z".parse().unwrap(),
            chrono_tz::Europe::Madrid,
            PlanningSettings::default(),
        )
    }

    /// A client with, on 1, 2 and 3 December, a call at 09:00 UTC, a note at 10:00 UTC and a
    /// purchase (made through the app's own writes); the note of the 2nd is a doubt.
    fn client_with_history(conn: &mut Connection) -> String {
        let input = ClientInput {
            name: "Ferretería Norte".into(),
            ..ClientInput::default()
        };
        let id = write(conn, |tx| Ok(clients::create(tx, &input, later())?.id)).unwrap();
        let p = planner();
        for day in 1..=3 {
            let call = InteractionInput {
                channel: Action::Call,
                direction: Direction::Outbound,
                outcome: None,
                summary: format!("Llamada del {day}"),
                occurred_at: Some(format!("2026-12-0{day}T09:00:00.000Z")),
            };
            write(conn, |tx| interactions::log(tx, &id, &call, &p).map(|_| ())).unwrap();
            let note = NoteInput {
                kind: if day == 2 {
                    NoteKind::Doubt
                } else {
                    NoteKind::General
                },
                body: format!("Nota del {day}"),
                sentiment: None,
                competitor: None,
                aspect: None,
            };
            let at = format!("2026-12-0{day}T10:00:00Z").parse().unwrap();
            write(conn, |tx| notes::save(tx, &id, None, &note, at).map(|_| ())).unwrap();
            let bought = PurchaseInput {
                purchased_on: format!("2026-12-0{day}").parse().unwrap(),
                description: format!("Compra del {day}"),
                lines: Vec::new(),
                currency: "EUR".into(),
                total: Some(Decimal::from(100)),
                payment_method: PaymentMethod::Cash,
                on_credit: false,
                credit_due_on: None,
            };
            let s = PurchaseSettings::default();
            write(conn, |tx| {
                purchases::save(tx, &id, None, &bought, p.today(), later(), &s).map(|_| ())
            })
            .unwrap();
        }
        id
    }

    fn said(item: &HistoryItem) -> String {
        match item {
            HistoryItem::Contact(c) => c.entry.summary.clone(),
            HistoryItem::Note(n) => n.body.clone(),
            HistoryItem::Purchase(p) => p.description.clone(),
        }
    }

    fn read_all(conn: &Connection, id: &str, filter: HistoryFilter, limit: u32) -> Vec<String> {
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = page(conn, id, filter, after.as_ref(), limit).unwrap();
            seen.extend(page.items.iter().map(said));
            match page.next {
                Some(next) => after = Some(next),
                None => return seen,
            }
        }
    }

    #[test]
    fn contacts_notes_and_purchases_read_as_one_history_newest_first() {
        let mut conn = database();
        let id = client_with_history(&mut conn);
        let whole = read_all(&conn, &id, HistoryFilter::default(), 50);
        assert_eq!(
            whole,
            [
                "Nota del 3",
                "Llamada del 3",
                "Compra del 3",
                "Nota del 2",
                "Llamada del 2",
                "Compra del 2",
                "Nota del 1",
                "Llamada del 1",
                "Compra del 1",
            ],
            "a day's purchase below that day's contacts and notes"
        );
        // Over IPC each item says what it is beside its own fields.
        let first = page(&conn, &id, HistoryFilter::default(), None, 3).unwrap();
        let json = serde_json::to_value(&first.items).unwrap();
        assert_eq!(
            (&json[0]["type"], &json[0]["body"]),
            (&"note".into(), &"Nota del 3".into())
        );
        assert_eq!(
            (&json[1]["type"], &json[1]["summary"], &json[1]["missed"]),
            (&"contact".into(), &"Llamada del 3".into(), &false.into())
        );
        assert_eq!(
            (&json[2]["type"], &json[2]["total"]["amount"]),
            (&"purchase".into(), &"100.00".into())
        );
        // Paged by any size, the same items once each, across kinds and days.
        for limit in 1..=4 {
            assert_eq!(
                read_all(&conn, &id, HistoryFilter::default(), limit),
                whole,
                "pages of {limit}"
            );
        }
    }

    #[test]
    fn a_page_as_large_as_allowed_still_leads_to_the_rest() {
        let mut conn = database();
        let input = ClientInput {
            name: "Ferretería Norte".into(),
            ..ClientInput::default()
        };
        let id = write(&mut conn, |tx| Ok(clients::create(tx, &input, later())?.id)).unwrap();
        for n in 0..230 {
            let note = NoteInput {
                kind: NoteKind::General,
                body: format!("Nota {n}"),
                sentiment: None,
                competitor: None,
                aspect: None,
            };
            write(&mut conn, |tx| {
                notes::save(tx, &id, None, &note, later()).map(|_| ())
            })
            .unwrap();
        }
        let notes_only = HistoryFilter {
            show: Some(HistoryShow::Notes),
            note_kind: None,
        };
        let first = page(&conn, &id, notes_only, None, MAX_PAGE).unwrap();
        assert_eq!(first.items.len(), MAX_PAGE as usize);
        assert!(
            first.next.is_some(),
            "the notes' own page cap is not the end"
        );
        assert_eq!(read_all(&conn, &id, notes_only, MAX_PAGE).len(), 230);
        assert_eq!(
            read_all(&conn, &id, HistoryFilter::default(), MAX_PAGE).len(),
            230
        );
        let bad = HistoryCursor {
            at: "yesterday".into(),
            id: "x".into(),
        };
        assert!(matches!(
            page(&conn, &id, HistoryFilter::default(), Some(&bad), 20),
            Err(CoreError::Validation { field: "after", .. })
        ));
    }

    #[test]
    fn the_history_shows_one_part_or_one_kind_of_note() {
        let mut conn = database();
        let id = client_with_history(&mut conn);
        let only = |show| HistoryFilter {
            show: Some(show),
            note_kind: None,
        };
        assert_eq!(
            read_all(&conn, &id, only(HistoryShow::Purchases), 2),
            ["Compra del 3", "Compra del 2", "Compra del 1"]
        );
        assert_eq!(
            read_all(&conn, &id, only(HistoryShow::Contacts), 2),
            ["Llamada del 3", "Llamada del 2", "Llamada del 1"]
        );
        assert_eq!(
            read_all(&conn, &id, only(HistoryShow::Notes), 2),
            ["Nota del 3", "Nota del 2", "Nota del 1"]
        );
        let doubts = HistoryFilter {
            show: None,
            note_kind: Some(NoteKind::Doubt),
        };
        assert_eq!(read_all(&conn, &id, doubts, 2), ["Nota del 2"]);
    }
}
