//! What the example clients bought over the past months, so the purchases and the buying
//! rhythm are filled in for a first-time user: a regular buyer every two weeks, one who buys
//! every three weeks and is now late, an irregular one, one with two purchases (no rhythm
//! yet), and orders line by line, some sold on credit. Written through the app's own save.

use chrono::Duration;
use rusqlite::Transaction;
use rust_decimal::Decimal;

use super::Rng;
use crate::planning::{days_before, Planner};
use crate::purchases::{self, PaymentMethod, PurchaseInput, PurchaseLineInput, PurchaseSettings};
use crate::Result;

/// Items a small distributor sells, with their unit prices in cents.
const ITEMS: &[(&str, i64)] = &[
    ("Caja de tornillos 4 mm", 835),
    ("Cemento cola 25 kg", 1_210),
    ("Guantes de trabajo (par)", 390),
    ("Cinta americana", 475),
    ("Brocas para hormigón (juego)", 2_490),
    ("Silicona transparente", 560),
];

/// One purchase `days_ago` days before today: `lines` different items, or without lines an
/// order described in words for a random amount.
fn bought(
    tx: &Transaction,
    rng: &mut Rng,
    client_id: &str,
    days_ago: u64,
    lines: usize,
    on_credit: bool,
    planner: &Planner,
) -> Result<()> {
    let settings = PurchaseSettings::default();
    let date = days_before(planner.today(), days_ago);
    // Different items on one delivery note, from a random first one.
    let first = rng.below(ITEMS.len());
    let lines: Vec<PurchaseLineInput> = (0..lines)
        .map(|k| {
            let (description, cents) = ITEMS[(first + k) % ITEMS.len()];
            PurchaseLineInput {
                description: description.into(),
                quantity: Decimal::from(1 + rng.below(12) as i64),
                unit_price: Decimal::new(cents, 2),
            }
        })
        .collect();
    let input = PurchaseInput {
        purchased_on: date,
        description: if lines.is_empty() {
            "Pedido de material".into()
        } else {
            String::new()
        },
        total: lines
            .is_empty()
            .then(|| Decimal::new(9_000 + 500 * rng.below(40) as i64, 2)),
        lines,
        currency: settings.currency.clone(),
        payment_method: if on_credit {
            PaymentMethod::Transfer
        } else {
            [PaymentMethod::Cash, PaymentMethod::Card][rng.below(2)]
        },
        on_credit,
        credit_due_on: None,
    };
    let at = planner.now - Duration::days(days_ago as i64);
    purchases::save(tx, client_id, None, &input, planner.today(), at, &settings)?;
    Ok(())
}

/// The purchases of the example `clients` up to `planner.now`.
pub(super) fn buy(tx: &Transaction, clients: &[String], planner: &Planner) -> Result<()> {
    let mut rng = Rng(super::EXAMPLE_SEED ^ 0x0062_7579);
    let client = |n: usize| clients[n % clients.len()].as_str();
    // Every two weeks for five months, on credit at 30 days.
    for k in 0..11 {
        bought(tx, &mut rng, client(2), 4 + 14 * k, 3, true, planner)?;
    }
    // Every three weeks, the last one 35 days ago: late to buy.
    for k in 0..6 {
        bought(tx, &mut rng, client(6), 35 + 21 * k, 2, false, planner)?;
    }
    // Now and then.
    for days_ago in [9, 40, 52, 110, 160] {
        bought(tx, &mut rng, client(4), days_ago, 0, false, planner)?;
    }
    // Two purchases: not yet a rhythm.
    for days_ago in [20, 48] {
        bought(tx, &mut rng, client(8), days_ago, 1, false, planner)?;
    }
    Ok(())
}
