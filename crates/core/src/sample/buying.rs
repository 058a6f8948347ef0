//! What the example clients bought over the past months, so the purchases and the buying
//! rhythm are filled in for a first-time user: a regular buyer every two weeks, one who buys
//! every three weeks and is now late, an irregular one, one with two purchases (no rhythm
//! yet), and orders line by line from a small catalogue, some sold on credit. Written
//! through the app's own save.

use chrono::Duration;
use rusqlite::Transaction;
use rust_decimal::Decimal;

use super::Rng;
use crate::catalogue::{self, CatalogueItemInput, ItemKind};
use crate::planning::{days_before, Planner};
use crate::purchases::{
    self, BuyingMode, PaymentMethod, PurchaseInput, PurchaseLineInput, PurchaseSettings,
};
use crate::Result;

/// Items a small distributor sells, with their categories and unit prices in cents: the
/// example catalogue.
const ITEMS: &[(&str, &str, i64)] = &[
    ("Caja de tornillos 4 mm", "Tornillería", 835),
    ("Cemento cola 25 kg", "Construcción", 1_210),
    ("Guantes de trabajo (par)", "Protección", 390),
    ("Cinta americana", "Adhesivos y sellado", 475),
    ("Brocas para hormigón (juego)", "Herramientas", 2_490),
    ("Silicona transparente", "Adhesivos y sellado", 560),
];

/// The example catalogue: [`ITEMS`] as products, and the delivery, a service; their ids in
/// the order of [`ITEMS`].
fn catalogue(tx: &Transaction, planner: &Planner) -> Result<Vec<String>> {
    let settings = PurchaseSettings::default();
    let mut ids = Vec::new();
    for &(name, category, cents) in ITEMS {
        let input = CatalogueItemInput {
            name: name.into(),
            kind: ItemKind::Product,
            category: Some(category.into()),
            price: Some(Decimal::new(cents, 2)),
            currency: settings.currency.clone(),
        };
        ids.push(catalogue::save(tx, None, &input, planner.now)?.id);
    }
    let delivery = CatalogueItemInput {
        name: "Entrega a domicilio".into(),
        kind: ItemKind::Service,
        category: Some("Servicios".into()),
        price: Some(Decimal::new(1_500, 2)),
        currency: settings.currency,
    };
    catalogue::save(tx, None, &delivery, planner.now)?;
    Ok(ids)
}

/// The example shop as it sells: its catalogue's items, the random choices, the clock.
struct Shop<'a> {
    tx: &'a Transaction<'a>,
    items: Vec<String>,
    rng: Rng,
    planner: &'a Planner,
}

impl Shop<'_> {
    /// One purchase `days_ago` days before today: `lines` different items, or without lines
    /// an order described in words for a random amount.
    fn sell(
        &mut self,
        client_id: &str,
        days_ago: u64,
        lines: usize,
        on_credit: bool,
    ) -> Result<()> {
        let settings = PurchaseSettings::default();
        let date = days_before(self.planner.today(), days_ago);
        // Different items on one delivery note, from a random first one.
        let first = self.rng.below(ITEMS.len());
        let lines: Vec<PurchaseLineInput> = (0..lines)
            .map(|k| {
                let at = (first + k) % ITEMS.len();
                let (description, _, cents) = ITEMS[at];
                PurchaseLineInput {
                    catalogue_item_id: Some(self.items[at].clone()),
                    description: description.into(),
                    quantity: Decimal::from(1 + self.rng.below(12) as i64),
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
                .then(|| Decimal::new(9_000 + 500 * self.rng.below(40) as i64, 2)),
            lines,
            currency: settings.currency.clone(),
            payment_method: if on_credit {
                PaymentMethod::Transfer
            } else {
                [PaymentMethod::Cash, PaymentMethod::Card][self.rng.below(2)]
            },
            on_credit,
            credit_due_on: None,
        };
        let at = self.planner.now - Duration::days(days_ago as i64);
        let today = self.planner.today();
        purchases::save(self.tx, client_id, None, &input, today, at, &settings)?;
        Ok(())
    }
}

/// The purchases of the example `clients` up to `planner.now`.
pub(super) fn buy(tx: &Transaction, clients: &[String], planner: &Planner) -> Result<()> {
    let mut shop = Shop {
        tx,
        items: catalogue(tx, planner)?,
        rng: Rng(super::EXAMPLE_SEED ^ 0x0062_7579),
        planner,
    };
    let client = |n: usize| clients[n % clients.len()].as_str();
    // Every two weeks for five months, on credit at 30 days.
    for k in 0..11 {
        shop.sell(client(2), 4 + 14 * k, 3, true)?;
    }
    // Every three weeks, the last one 35 days ago: late to buy.
    for k in 0..6 {
        shop.sell(client(6), 35 + 21 * k, 2, false)?;
    }
    // Now and then.
    for days_ago in [9, 40, 52, 110, 160] {
        shop.sell(client(4), days_ago, 0, false)?;
    }
    // Two purchases: not yet a rhythm.
    for days_ago in [20, 48] {
        shop.sell(client(8), days_ago, 1, false)?;
    }
    // How they come to buy: the regular one orders alone, the late one waits for a visit.
    for (n, mode) in [
        (2, BuyingMode::OwnInitiative),
        (6, BuyingMode::NeedsVisit),
        (4, BuyingMode::Mixed),
    ] {
        purchases::set_buying_mode(tx, client(n), Some(mode), planner.now)?;
    }
    Ok(())
}
