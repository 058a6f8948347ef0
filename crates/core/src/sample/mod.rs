//! Example data: realistic Spanish clients for a first look at the app, and the same generator
//! at 100k clients for the benchmarks. Deterministic: the same seed gives the same clients.

use rusqlite::Transaction;

use crate::clients::{self, ClientInput, ClientKind, ClientStatus, FollowUpColour};
use crate::contacts::{self, ContactPersonInput};
use crate::planning::Planner;
use crate::tax_id;
use crate::Result;

mod buying;
mod month;
mod notes;

const FIRST_NAMES: &[&str] = &[
    "María",
    "José",
    "Carmen",
    "Antonio",
    "Lucía",
    "Manuel",
    "Ana",
    "Francisco",
    "Isabel",
    "Javier",
    "Laura",
    "David",
    "Pilar",
    "Daniel",
    "Rocío",
    "Sergio",
    "Marta",
    "Álvaro",
    "Cristina",
    "Raúl",
    "Nuria",
    "Andrés",
    "Elena",
    "Íñigo",
    "Begoña",
    "Jesús",
    "Sofía",
    "Rubén",
    "Inés",
    "Tomás",
];
const SURNAMES: &[&str] = &[
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Muñoz",
    "Álvarez",
    "Romero",
    "Alonso",
    "Gutiérrez",
    "Navarro",
    "Torres",
    "Domínguez",
    "Vázquez",
    "Ramos",
    "Gil",
    "Ramírez",
    "Serrano",
    "Blanco",
    "Molina",
    "Ibáñez",
    "Castaño",
    "Peña",
    "Núñez",
];
const TRADES: &[&str] = &[
    "Ferretería",
    "Panadería",
    "Distribuidora",
    "Talleres",
    "Farmacia",
    "Librería",
    "Bodegas",
    "Clínica Dental",
    "Construcciones",
    "Frutas",
    "Carpintería",
    "Óptica",
    "Papelería",
    "Restaurante",
    "Floristería",
    "Autoescuela",
    "Peluquería",
    "Imprenta",
];
const COMPANY_FORMS: &[&str] = &["S.L.", "S.A.", "e Hijos", "S.L.U.", "Hermanos", ""];
const CITIES: &[&str] = &[
    "Madrid",
    "Sevilla",
    "Valencia",
    "Zaragoza",
    "Bilbao",
    "Málaga",
    "Murcia",
    "Valladolid",
    "Córdoba",
    "Granada",
    "Alicante",
    "A Coruña",
    "Oviedo",
    "Salamanca",
    "Cáceres",
    "Logroño",
    "Pamplona",
    "Santander",
    "León",
    "Toledo",
    "Cádiz",
    "Almería",
    "Huelva",
    "Jaén",
];
const STREETS: &[&str] = &[
    "Calle Mayor",
    "Avenida de la Constitución",
    "Calle Real",
    "Plaza de España",
    "Calle del Carmen",
    "Paseo de la Castellana",
    "Calle San Juan",
    "Avenida de Andalucía",
];
const SEGMENTS: &[&str] = &["Mayorista", "Minorista", "Hostelería", "Profesionales"];
const TAGS: &[&str] = &[
    "VIP",
    "Paga al contado",
    "Necesita visita",
    "Compra por internet",
    "Temporada",
    "Pide muestras",
];
const ROLES: &[&str] = &[
    "Compras",
    "Gerencia",
    "Administración",
    "Almacén",
    "Contabilidad",
];
const PROFILES: &[&str] = &[
    "Compra cada mes; prefiere que le visiten antes de hacer el pedido.",
    "Paga a 30 días por transferencia. Compara precios con la competencia.",
    "Pedidos pequeños y frecuentes. Valora la entrega rápida.",
    "Cliente de temporada: compra fuerte en primavera.",
    "Pide siempre muestras antes de comprar novedades.",
    "",
];

/// A small, fast, deterministic generator (SplitMix64): no dependency, same output everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn ascii_word(s: &str) -> String {
    crate::text::fold(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn phone(rng: &mut Rng, mobile: bool) -> String {
    let first = if mobile { 6 } else { 9 };
    format!(
        "+34 {first}{:02} {:03} {:03}",
        rng.below(100),
        rng.below(1000),
        rng.below(1000)
    )
}

fn person_name(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        rng.pick(FIRST_NAMES),
        rng.pick(SURNAMES),
        rng.pick(SURNAMES)
    )
}

/// The `index`-th example client: unique tax id by construction.
fn client(rng: &mut Rng, index: u64) -> (ClientInput, Vec<ContactPersonInput>) {
    let company = rng.chance(60);
    let city = rng.pick(CITIES);
    let (name, tax_id, email) = if company {
        let trade = rng.pick(TRADES);
        let owner = rng.pick(SURNAMES);
        let form = rng.pick(COMPANY_FORMS);
        let name = format!("{trade} {owner} {form}").trim().to_string();
        let tax_id = tax_id::company_cif(1_000_000 + index as u32);
        let email = format!("info@{}{}.es", ascii_word(trade), ascii_word(owner));
        (name, tax_id, email)
    } else {
        let name = person_name(rng);
        let number = 10_000_000 + index;
        let letter = tax_id::nif_letter(number as u32);
        let mut words = name.split(' ');
        let email = format!(
            "{}.{}@correo.es",
            ascii_word(words.next().unwrap_or("cliente")),
            ascii_word(words.next().unwrap_or("nuevo"))
        );
        (name, format!("{number:08}{letter}"), email)
    };
    let tags: Vec<String> = (0..rng.below(3))
        .map(|_| rng.pick(TAGS).to_string())
        .collect();
    let colour = match rng.below(10) {
        0 => FollowUpColour::Red,
        1 | 2 => FollowUpColour::Yellow,
        3 | 4 => FollowUpColour::Green,
        _ => FollowUpColour::None,
    };
    let status = match rng.below(20) {
        0..=3 => ClientStatus::Prospect,
        4..=15 => ClientStatus::Active,
        16 | 17 => ClientStatus::AtRisk,
        18 => ClientStatus::InReview,
        _ => ClientStatus::Former,
    };
    let whatsapp = phone(rng, true);
    let input = ClientInput {
        kind: Some(if company {
            ClientKind::Company
        } else {
            ClientKind::Person
        }),
        name,
        tax_id: Some(tax_id),
        phone: Some(phone(rng, company)),
        email: Some(email),
        whatsapp: Some(whatsapp),
        address: Some(format!("{}, {}", rng.pick(STREETS), 1 + rng.below(120))),
        city: Some(city.to_string()),
        segment: Some(rng.pick(SEGMENTS).to_string()),
        tags,
        status: Some(status),
        colour: Some(colour),
        profile: Some(rng.pick(PROFILES).to_string()),
    };
    let contacts = if company {
        (0..1 + rng.below(2))
            .map(|_| ContactPersonInput {
                name: person_name(rng),
                role: Some(rng.pick(ROLES).to_string()),
                phone: Some(phone(rng, true)),
                email: None,
                whatsapp: None,
            })
            .collect()
    } else {
        Vec::new()
    };
    (input, contacts)
}

/// Adds `count` example clients generated from `seed`, through the same path as the app's own
/// saves (so their colour regimes are planned as of `planner.now`); returns how many.
#[tracing::instrument(skip(tx, planner), err(level = "debug"))]
pub fn load(tx: &Transaction, count: u64, seed: u64, planner: &Planner) -> Result<u64> {
    Ok(add_clients(tx, count, seed, planner)?.len() as u64)
}

/// Adds the clients of [`load`]; returns each one's id and colour.
fn add_clients(
    tx: &Transaction,
    count: u64,
    seed: u64,
    planner: &Planner,
) -> Result<Vec<(String, FollowUpColour)>> {
    let mut rng = Rng(seed);
    // Tax ids continue after the clients already there, so loading twice never collides.
    let offset: i64 = tx.query_row("SELECT count(*) FROM clients", [], |r| r.get(0))?;
    let mut added = Vec::new();
    for i in 0..count {
        let (input, people) = client(&mut rng, offset.max(0) as u64 + i);
        let created = clients::save(tx, None, &input, planner)?;
        for person in &people {
            contacts::add(tx, &created.id, person, planner.now)?;
        }
        added.push((created.id, created.colour));
    }
    Ok(added)
}

/// The empty state's example data: [`EXAMPLE_CLIENTS`] clients from [`EXAMPLE_SEED`], in the
/// shop's book since a month ago, and that month lived (see [`month`]): the agenda shows every
/// state at once.
pub fn load_example(tx: &Transaction, planner: &Planner) -> Result<u64> {
    let joined = month::ago(planner, month::DAYS);
    let clients = add_clients(tx, EXAMPLE_CLIENTS, EXAMPLE_SEED, &joined)?;
    month::live(tx, &clients, planner)?;
    let ids: Vec<String> = clients.iter().map(|(id, _)| id.clone()).collect();
    buying::buy(tx, &ids, planner)?;
    notes::say(tx, &ids, planner)?;
    Ok(clients.len() as u64)
}

/// How many clients the empty state's "load example data" button adds.
pub const EXAMPLE_CLIENTS: u64 = 60;
/// The seed of the example data, fixed so every user and every test sees the same clients.
pub const EXAMPLE_SEED: u64 = 2026;

#[cfg(test)]
mod tests {
    use super::month::ago;
    use super::*;
    use rusqlite::TransactionBehavior;

    /// Monday 2026-11-23, 10:00 in Madrid.
    fn planner() -> Planner {
        Planner::new(
            "2026-11-23T09:00:00Z".parse().unwrap(),
            chrono_tz::Europe::Madrid,
            crate::planning::PlanningSettings::default(),
        )
    }

    #[test]
    fn example_data_is_deterministic_and_valid() {
        let names = |seed| {
            let mut conn = crate::db::open_in_memory().unwrap();
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .unwrap();
            let p = planner();
            load(&tx, 40, seed, &p).unwrap();
            let mut stmt = tx.prepare("SELECT name FROM clients ORDER BY seq").unwrap();
            let names: Vec<String> = stmt
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            names
        };
        let first = names(7);
        assert_eq!(first.len(), 40);
        assert_eq!(first, names(7), "same seed must give the same clients");
        assert_ne!(first, names(8));
    }

    #[test]
    fn example_data_goes_through_the_save_path_and_plans_every_regime() {
        let mut conn = crate::db::open_in_memory().unwrap();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .unwrap();
        let p = planner();
        load_example(&tx, &p).unwrap();
        let count = |sql: &str| -> i64 { tx.query_row(sql, [], |r| r.get(0)).unwrap() };
        let coloured = count("SELECT count(*) FROM clients WHERE colour <> 'none'");
        let planned = count(
            "SELECT count(DISTINCT client_id) FROM follow_ups
             WHERE origin = 'regime' AND status = 'pending'",
        );
        assert!(coloured > 0);
        assert_eq!(
            planned, coloured,
            "every coloured example client has its regime planned"
        );
    }

    #[test]
    fn the_example_month_shows_every_state_of_the_agenda_and_pops_nothing_missed() {
        let mut conn = crate::db::open_in_memory().unwrap();
        let p = planner();
        // Cartera is running: its scheduler looked just before the load.
        let tx = conn.transaction().unwrap();
        crate::reminders::tick(&tx, &ago(&p, 0), crate::settings::Language::Es).unwrap();
        tx.commit().unwrap();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .unwrap();
        load_example(&tx, &p).unwrap();
        tx.commit().unwrap();

        let agenda = crate::agenda::agenda(&conn, &p, &Default::default()).unwrap();
        assert!(
            agenda.overdue_total >= 5,
            "overdue: {}",
            agenda.overdue_total
        );
        let dates: Vec<_> = agenda.overdue.iter().map(|i| i.due_date).collect();
        assert!(
            dates.iter().any(|d| (p.today() - *d).num_days() > 7),
            "some long neglected"
        );
        let timed: Vec<_> = agenda.due_today.iter().filter_map(|i| i.due_time).collect();
        assert_eq!(timed.len(), 5, "calls and visits at set times today");
        let plan = crate::capacity::day_plan(&conn, &p).unwrap();
        let visits: usize = plan.route.iter().map(|c| c.visits.len()).sum();
        assert_eq!(visits, 2, "today's visits on the route: {:?}", plan.route);
        assert!(
            plan.route.iter().all(|c| c.city.is_some()),
            "every example client has a city"
        );
        let week = crate::agenda::week(
            &conn,
            &p,
            "2026-12-07".parse().unwrap(),
            &Default::default(),
        )
        .unwrap();
        assert!(
            week.items()
                .any(|i| i.projected && i.purpose == "Reponer el expositor"),
            "the visit every two weeks drawn ahead"
        );
        let waiting = crate::agenda::waiting_for_answer(&conn, &p).unwrap();
        let days: Vec<_> = waiting.items.iter().map(|c| c.days).collect();
        assert!(
            days.contains(&Some(month::GREEN_WAIT_DAYS)),
            "a green client waiting twelve days for the quote: {days:?}"
        );
        let contacts: i64 = conn
            .query_row("SELECT count(*) FROM interactions", [], |r| r.get(0))
            .unwrap();
        assert!(contacts >= 40, "a month of contacts: {contacts}");

        // Purchases: a rhythm for some clients, one of them late to buy, one without rhythm.
        let ids: Vec<String> = {
            let mut stmt = conn
                .prepare("SELECT DISTINCT client_id FROM purchases ORDER BY client_id")
                .unwrap();
            let rows = stmt.query_map([], |r| r.get(0)).unwrap();
            rows.map(|r| r.unwrap()).collect()
        };
        let settings = crate::purchases::PurchaseSettings::default();
        let rhythms: Vec<_> = ids
            .iter()
            .map(|id| crate::purchases::buying_rhythm(&conn, id, p.today(), &settings).unwrap())
            .collect();
        assert_eq!(rhythms.len(), 4, "four example clients have bought");
        assert_eq!(
            rhythms.iter().filter(|r| r.late).count(),
            1,
            "one is late to buy"
        );
        assert!(rhythms.iter().any(|r| r.median_days == Some(14) && !r.late));
        assert!(rhythms
            .iter()
            .any(|r| r.median_days.is_none() && r.purchases == 2));
        // The agenda lists the late one, as the card says.
        let late = crate::purchases::late::page(&conn, p.today(), None, 10).unwrap();
        assert_eq!(late.total, Some(1));

        // Notes of every kind; the doubts and needs open but the one answered.
        let kinds: Vec<String> = conn
            .prepare("SELECT DISTINCT kind FROM client_notes ORDER BY kind")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "competitor",
                "demand",
                "doubt",
                "general",
                "need",
                "opinion"
            ]
        );
        let open: i64 = conn
            .query_row(
                "SELECT count(*) FROM client_notes WHERE kind IN ('doubt', 'need')
                 AND resolved_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(open, 3);

        let tx = conn.transaction().unwrap();
        let tick = crate::reminders::tick(&tx, &p, crate::settings::Language::Es).unwrap();
        assert!(
            tick.notifications.is_empty(),
            "planned while running, already due: the agenda shows them, nothing pops: {:?}",
            tick.notifications
        );
    }

    #[test]
    fn example_tax_ids_pass_the_spanish_check() {
        let mut rng = Rng(EXAMPLE_SEED);
        for i in 0..200 {
            let (input, _) = client(&mut rng, i);
            let id = input.tax_id.expect("every example client has a tax id");
            assert_eq!(
                crate::tax_id::check(&id),
                crate::tax_id::TaxIdCheck::Valid,
                "example data must not raise tax id warnings: {id}"
            );
        }
    }
}
