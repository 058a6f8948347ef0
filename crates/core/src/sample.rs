//! Example data: realistic Spanish clients for a first look at the app, and the same generator
//! at 100k clients for the benchmarks. Deterministic: the same seed gives the same clients.

use rusqlite::Transaction;

use crate::clients::{self, ClientInput, ClientKind, ClientStatus, FollowUpColour};
use crate::contacts::{self, ContactPersonInput};
use crate::Result;

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
/// Letters of the Spanish NIF check digit, indexed by the number modulo 23.
const NIF_LETTERS: &[u8] = b"TRWAGMYFPDXBNJZSQVHLCKE";

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
        let tax_id = format!("B{:08}", 10_000_000 + index);
        let email = format!("info@{}{}.es", ascii_word(trade), ascii_word(owner));
        (name, tax_id, email)
    } else {
        let name = person_name(rng);
        let number = 10_000_000 + index;
        let letter = NIF_LETTERS[(number % 23) as usize] as char;
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

/// Adds `count` example clients generated from `seed`; returns how many were added.
#[tracing::instrument(skip(tx), err(level = "debug"))]
pub fn load(tx: &Transaction, count: u64, seed: u64) -> Result<u64> {
    let mut rng = Rng(seed);
    // Tax ids continue after the clients already there, so loading twice never collides.
    let offset: i64 = tx.query_row("SELECT count(*) FROM clients", [], |r| r.get(0))?;
    for i in 0..count {
        let (input, people) = client(&mut rng, offset.max(0) as u64 + i);
        let created = clients::create(tx, &input)?;
        for person in &people {
            contacts::add(tx, &created.id, person)?;
        }
    }
    Ok(count)
}

/// The empty state's example data: [`EXAMPLE_CLIENTS`] clients from [`EXAMPLE_SEED`], with
/// their colour regimes planned, so the agenda has something to show at once.
pub fn load_example(tx: &Transaction, planner: &crate::planning::Planner) -> Result<u64> {
    let before: i64 = tx.query_row("SELECT coalesce(max(seq), 0) FROM clients", [], |r| {
        r.get(0)
    })?;
    let added = load(tx, EXAMPLE_CLIENTS, EXAMPLE_SEED)?;
    let ids: Vec<String> = tx
        .prepare("SELECT id FROM clients WHERE seq > ?1 AND colour <> 'none'")?
        .query_map([before], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        tx.execute(
            "UPDATE clients SET colour_since = ?2 WHERE id = ?1",
            rusqlite::params![id, crate::time::timestamp(planner.now)],
        )?;
        crate::follow_ups::replan_regime(tx, &id, planner)?;
    }
    Ok(added)
}

/// How many clients the empty state's "load example data" button adds.
pub const EXAMPLE_CLIENTS: u64 = 60;
/// The seed of the example data, fixed so every user and every test sees the same clients.
pub const EXAMPLE_SEED: u64 = 2026;

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::TransactionBehavior;

    #[test]
    fn example_data_is_deterministic_and_valid() {
        let names = |seed| {
            let mut conn = crate::db::open_in_memory().unwrap();
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .unwrap();
            load(&tx, 40, seed).unwrap();
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
    fn nif_letters_follow_the_official_check() {
        // 12345678 mod 23 = 14 -> 'Z', the well-known example.
        assert_eq!(NIF_LETTERS[12_345_678 % 23] as char, 'Z');
    }
}
