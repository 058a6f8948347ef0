//! Purchases on a real database: recorded, edited, paged, trashed and restored, their amounts
//! exact, their credit due after the client's terms, and the rhythm read from them.

use std::str::FromStr;

use chrono::NaiveDate;
use proptest::prelude::*;
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::*;
use crate::clients::{self, ClientInput};
use crate::error::{CoreError, Rule};
use crate::testing::{database, later, write};
use crate::trash;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

pub(super) fn on(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub(super) const TODAY: &str = "2026-12-04";

pub(super) fn client(conn: &mut Connection, name: &str) -> String {
    let input = ClientInput {
        name: name.into(),
        ..ClientInput::default()
    };
    write(conn, |tx| Ok(clients::create(tx, &input, later())?.id)).unwrap()
}

pub(super) fn cash(date: &str, description: &str, total: &str) -> PurchaseInput {
    PurchaseInput {
        purchased_on: on(date),
        description: description.into(),
        lines: Vec::new(),
        currency: "EUR".into(),
        total: Some(d(total)),
        payment_method: PaymentMethod::Cash,
        on_credit: false,
        credit_due_on: None,
    }
}

fn line(description: &str, quantity: &str, unit_price: &str) -> PurchaseLineInput {
    PurchaseLineInput {
        catalogue_item_id: None,
        description: description.into(),
        quantity: d(quantity),
        unit_price: d(unit_price),
    }
}

pub(super) fn record(
    conn: &mut Connection,
    client_id: &str,
    input: &PurchaseInput,
) -> Result<Purchase, CoreError> {
    let settings = PurchaseSettings::default();
    write(conn, |tx| {
        save(tx, client_id, None, input, on(TODAY), later(), &settings)
    })
}

fn fields(err: CoreError) -> Vec<(String, Rule)> {
    match err {
        CoreError::Invalid(errors) => errors.into_iter().map(|e| (e.field, e.rule)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn a_purchase_with_lines_totals_them_exactly_and_reads_back_as_recorded() {
    let mut conn = database();
    let id = client(&mut conn, "Ferretería Norte");
    let input = PurchaseInput {
        lines: vec![
            line("Tornillos 4 mm (caja)", "3", "0.335"),
            line("Cemento cola 25 kg", "2.5", "12.10"),
        ],
        description: "Pedido de obra".into(),
        total: None,
        ..cash("2026-11-20", "", "0")
    };
    // 3 × 0.335 = 1.005 → 1.01; 2.5 × 12.10 = 30.25; the unit price of 0.335 has a tenth of a
    // cent and is refused, so the first line is priced 0.34.
    let err = record(&mut conn, &id, &input).unwrap_err();
    assert_eq!(
        fields(err),
        [("lines.0.unitPrice".to_string(), Rule::TooPrecise)]
    );
    let mut input = input;
    input.lines[0].unit_price = d("0.34");
    let saved = record(&mut conn, &id, &input).unwrap();
    assert_eq!(saved.total.amount, d("31.27"), "1.02 + 30.25");
    assert_eq!(saved.lines[1].amount, d("30.25"));
    assert_eq!(saved.lines[1].quantity, d("2.5"));
    assert_eq!(get(&conn, &saved.id).unwrap(), saved);
}

#[test]
fn a_line_too_large_to_multiply_is_a_field_error_not_a_crash() {
    let mut conn = database();
    let id = client(&mut conn, "Mayorista");
    let input = PurchaseInput {
        lines: vec![line("Todo", "900000000", "999999999")],
        total: None,
        ..cash(TODAY, "", "0")
    };
    assert_eq!(
        fields(record(&mut conn, &id, &input).unwrap_err()),
        [("lines.0.quantity".to_string(), Rule::OutOfRange)]
    );
    let beyond = PurchaseInput {
        lines: vec![line("Todo", "100000000000000000000", "10000000000")],
        ..input
    };
    let got = fields(record(&mut conn, &id, &beyond).unwrap_err());
    assert!(
        got.iter().all(|(_, rule)| *rule == Rule::OutOfRange) && !got.is_empty(),
        "{got:?}"
    );
}

#[test]
fn a_bad_form_reports_every_problem_on_its_field() {
    let mut conn = database();
    let id = client(&mut conn, "Bar Centro");
    let input = PurchaseInput {
        purchased_on: on("2026-12-05"),
        description: "   ".into(),
        currency: "ZZZ".into(),
        total: None,
        lines: vec![line(" ", "0", "1")],
        ..cash(TODAY, "", "0")
    };
    let got = fields(record(&mut conn, &id, &input).unwrap_err());
    assert_eq!(
        got,
        [
            ("purchasedOn".to_string(), Rule::DateOutOfRange),
            ("currency".to_string(), Rule::Invalid),
            ("lines.0.description".to_string(), Rule::Required),
            ("lines.0.quantity".to_string(), Rule::OutOfRange),
        ],
        "tomorrow's date, an unknown currency and an empty line are all refused at once"
    );
    let no_lines = PurchaseInput {
        total: None,
        ..cash(TODAY, "", "0")
    };
    let got = fields(record(&mut conn, &id, &no_lines).unwrap_err());
    assert_eq!(
        got,
        [
            ("description".to_string(), Rule::Required),
            ("total".to_string(), Rule::Required)
        ]
    );
    let negative = cash(TODAY, "Devolución", "-5");
    assert_eq!(
        fields(record(&mut conn, &id, &negative).unwrap_err()),
        [("total".to_string(), Rule::OutOfRange)]
    );
}

#[test]
fn a_sale_on_credit_falls_due_after_the_clients_terms_or_the_default() {
    let mut conn = database();
    let id = client(&mut conn, "Distribuidora Sur");
    let on_credit = PurchaseInput {
        on_credit: true,
        payment_method: PaymentMethod::Transfer,
        ..cash("2026-11-01", "Palés de agua", "480")
    };
    let saved = record(&mut conn, &id, &on_credit).unwrap();
    assert_eq!(
        saved.credit_due_on,
        Some(on("2026-12-01")),
        "30 days by default"
    );
    write(&mut conn, |tx| {
        set_payment_terms(tx, &id, Some(60), later())
    })
    .unwrap();
    let terms = payment_terms(&conn, &id, &PurchaseSettings::default()).unwrap();
    assert_eq!((terms.client_days, terms.days()), (Some(60), 60));
    let saved = record(&mut conn, &id, &on_credit).unwrap();
    assert_eq!(
        saved.credit_due_on,
        Some(on("2026-12-31")),
        "the client's own 60 days"
    );
    let chosen = PurchaseInput {
        credit_due_on: Some(on("2026-10-31")),
        ..on_credit.clone()
    };
    assert_eq!(
        fields(record(&mut conn, &id, &chosen).unwrap_err()),
        [("creditDueOn".to_string(), Rule::DateOutOfRange)],
        "a credit cannot fall due before the sale"
    );
    let paid = record(&mut conn, &id, &cash("2026-11-02", "Agua", "10")).unwrap();
    assert_eq!((paid.on_credit, paid.credit_due_on), (false, None));
    let err = write(&mut conn, |tx| {
        set_payment_terms(tx, &id, Some(400), later())
    })
    .unwrap_err();
    assert_eq!(
        fields(err),
        [("paymentTermsDays".to_string(), Rule::OutOfRange)]
    );
}

#[test]
fn editing_replaces_the_lines_and_keeps_the_purchase_with_its_client() {
    let mut conn = database();
    let id = client(&mut conn, "Panadería Sol");
    let other = client(&mut conn, "Otro cliente");
    let first = PurchaseInput {
        lines: vec![line("Harina", "10", "1.20"), line("Levadura", "2", "3.00")],
        total: None,
        ..cash("2026-11-10", "", "0")
    };
    let saved = record(&mut conn, &id, &first).unwrap();
    let edited = PurchaseInput {
        lines: vec![line("Harina integral", "5", "1.50")],
        ..first.clone()
    };
    let settings = PurchaseSettings::default();
    let today = on(TODAY);
    let again = write(&mut conn, |tx| {
        save(tx, &id, Some(&saved.id), &edited, today, later(), &settings)
    })
    .unwrap();
    assert_eq!(again.id, saved.id);
    assert_eq!(again.lines.len(), 1);
    assert_eq!(again.total.amount, d("7.50"));
    let elsewhere = write(&mut conn, |tx| {
        save(
            tx,
            &other,
            Some(&saved.id),
            &edited,
            today,
            later(),
            &settings,
        )
    });
    assert!(
        matches!(elsewhere, Err(CoreError::NotFound { .. })),
        "a purchase is edited only through its own client"
    );
}

#[test]
fn the_trash_keeps_a_purchase_until_emptied_and_a_restore_brings_it_back() {
    let mut conn = database();
    let id = client(&mut conn, "Óptica Luz");
    let kept = record(&mut conn, &id, &cash("2026-11-01", "Gafas", "120")).unwrap();
    let trashed = record(&mut conn, &id, &cash("2026-11-15", "Lentillas", "40")).unwrap();
    let owner = write(&mut conn, |tx| super::trash(tx, &trashed.id, later())).unwrap();
    assert_eq!(owner, id, "the trash names the client whose card changed");
    let again = write(&mut conn, |tx| super::trash(tx, &trashed.id, later()));
    assert!(
        matches!(again, Err(CoreError::NotFound { .. })),
        "trashed once only"
    );
    let listed: Vec<String> = page(&conn, &id, None, 10)
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(
        listed,
        std::slice::from_ref(&kept.id),
        "a trashed purchase leaves the client's list"
    );
    let rhythm = buying_rhythm(&conn, &id, on(TODAY), &PurchaseSettings::default()).unwrap();
    assert_eq!(rhythm.purchases, 1, "and the rhythm");
    let in_trash = trash_page(&conn, None, 10).unwrap().items;
    assert_eq!(in_trash[0].client_name, "Óptica Luz");
    let back = write(&mut conn, |tx| restore(tx, &trashed.id, later())).unwrap();
    assert_eq!(back.deleted_at, None);
    assert_eq!(page(&conn, &id, None, 10).unwrap().items.len(), 2);

    write(&mut conn, |tx| super::trash(tx, &trashed.id, later())).unwrap();
    let emptied = write(&mut conn, trash::empty).unwrap();
    assert_eq!((emptied.clients, emptied.purchases), (0, 1));
    assert!(matches!(
        get(&conn, &trashed.id),
        Err(CoreError::NotFound { .. })
    ));
    assert!(
        get(&conn, &kept.id).is_ok(),
        "emptying the trash leaves live purchases"
    );
}

#[test]
fn a_purchase_cannot_come_back_to_a_client_in_the_trash() {
    let mut conn = database();
    let id = client(&mut conn, "Taller Ruedas");
    let bought = record(&mut conn, &id, &cash("2026-11-01", "Neumáticos", "300")).unwrap();
    write(&mut conn, |tx| super::trash(tx, &bought.id, later())).unwrap();
    write(&mut conn, |tx| clients::trash(tx, &id, later())).unwrap();
    let back = write(&mut conn, |tx| restore(tx, &bought.id, later()));
    assert!(matches!(
        back,
        Err(CoreError::NotFound { entity: "client" })
    ));
    assert!(matches!(
        record(&mut conn, &id, &cash("2026-11-02", "Más", "1")),
        Err(CoreError::NotFound { entity: "client" })
    ));
    let emptied = write(&mut conn, trash::empty).unwrap();
    assert_eq!((emptied.clients, emptied.purchases), (1, 1));
}

#[test]
fn pages_of_purchases_run_newest_first_and_visit_each_once() {
    let mut conn = database();
    let id = client(&mut conn, "Librería Letras");
    for day in 1..=25 {
        let date = format!("2026-11-{day:02}");
        record(&mut conn, &id, &cash(&date, "Libros", "10")).unwrap();
        if day % 5 == 0 {
            // Two on one day: the id breaks the tie.
            record(&mut conn, &id, &cash(&date, "Más libros", "5")).unwrap();
        }
    }
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = page(&conn, &id, after.as_ref(), 7).unwrap();
        seen.extend(page.items.iter().map(|p| (p.purchased_on, p.id.clone())));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 30);
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, sorted, "newest first, each purchase once");
}

#[test]
fn three_regular_purchases_in_the_past_make_the_client_late_to_buy() {
    let mut conn = database();
    let id = client(&mut conn, "Distribuidora Norte");
    for date in ["2026-10-01", "2026-10-22", "2026-11-12"] {
        record(&mut conn, &id, &cash(date, "Pedido", "200")).unwrap();
    }
    let settings = PurchaseSettings::default();
    let rhythm = buying_rhythm(&conn, &id, on(TODAY), &settings).unwrap();
    assert_eq!(rhythm.median_days, Some(21));
    assert_eq!(rhythm.expected_next_on, Some(on("2026-12-03")));
    assert!(
        !rhythm.late,
        "a day past the expected date is inside the tolerance"
    );
    let rhythm = buying_rhythm(&conn, &id, on("2026-12-11"), &settings).unwrap();
    assert!(rhythm.late);
    assert_eq!(rhythm.days_since_last, Some(29));
    assert_eq!(rhythm.average_ticket[0].amount, d("200.00"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The total of a purchase is exactly the sum of its lines, each quantity × price rounded to
    /// the cent, whatever the quantities and prices.
    #[test]
    fn the_total_is_the_sum_of_the_lines(
        rows in prop::collection::vec((1i64..100_000, 0i64..10_000_000, 0u32..4), 1..12)
    ) {
        let mut conn = database();
        let id = client(&mut conn, "Cliente");
        let lines: Vec<PurchaseLineInput> = rows
            .iter()
            .map(|(qty, cents, scale)| PurchaseLineInput {
                catalogue_item_id: None,
                description: "Artículo".into(),
                quantity: Decimal::new(*qty, *scale),
                unit_price: Decimal::new(*cents, 2),
            })
            .collect();
        let input = PurchaseInput { lines, total: None, ..cash("2026-11-01", "", "0") };
        let saved = record(&mut conn, &id, &input).unwrap();
        let sum: Decimal = saved.lines.iter().map(|l| l.amount).sum();
        prop_assert_eq!(saved.total.amount, sum);
        for (line, input) in saved.lines.iter().zip(&input.lines) {
            let exact = input.quantity * input.unit_price;
            prop_assert!((line.amount - exact).abs() <= Decimal::new(5, 3));
        }
    }
}
