//! What the example clients said: a note of every kind on a few of them (demands, opinions
//! with their feeling, doubts and needs, one answered, comparisons with competitors on each
//! aspect), so a first-time user sees the notes filled in. Written through the app's own save.

use chrono::Duration;
use rusqlite::Transaction;

use crate::notes::{self, Aspect, NoteInput, NoteKind};
use crate::planning::Planner;
use crate::Result;

/// (client, days ago, kind, what was said, feeling, competitor and aspect, answered).
type Said = (
    usize,
    i64,
    NoteKind,
    &'static str,
    Option<u8>,
    Option<(&'static str, Aspect)>,
    bool,
);

const SAID: &[Said] = &[
    (
        2,
        40,
        NoteKind::Demand,
        "Quiere los pedidos de tornillería en cajas de 500",
        None,
        None,
        false,
    ),
    (
        2,
        12,
        NoteKind::Opinion,
        "Muy contento con el cemento cola nuevo: fragua antes",
        Some(5),
        None,
        false,
    ),
    (
        2,
        6,
        NoteKind::Competitor,
        "Dice que en Bricomart la caja de tornillos sale un 8 % más barata",
        None,
        Some(("Bricomart", Aspect::Price)),
        false,
    ),
    (
        2,
        3,
        NoteKind::Doubt,
        "¿Podemos entregar los sábados por la mañana?",
        None,
        None,
        false,
    ),
    (
        6,
        50,
        NoteKind::Need,
        "Necesita factura electrónica para su contabilidad",
        None,
        None,
        true,
    ),
    (
        6,
        20,
        NoteKind::Opinion,
        "Se quejó del retraso del último pedido",
        Some(2),
        None,
        false,
    ),
    (
        6,
        18,
        NoteKind::Competitor,
        "Su otro proveedor le entrega en 24 horas",
        None,
        Some(("Suministros Levante", Aspect::Delivery)),
        false,
    ),
    (
        4,
        30,
        NoteKind::Need,
        "Busca brocas para hormigón de más diámetro",
        None,
        None,
        false,
    ),
    (
        4,
        9,
        NoteKind::Competitor,
        "Le gusta más nuestro surtido de silicona que el de Leroy Merlin",
        None,
        Some(("Leroy Merlin", Aspect::Range)),
        false,
    ),
    (
        8,
        15,
        NoteKind::General,
        "Prefiere que le llamen después de las 17:00",
        None,
        None,
        false,
    ),
    (
        8,
        4,
        NoteKind::Doubt,
        "¿Hay descuento por pago al contado?",
        None,
        None,
        false,
    ),
];

/// The notes of the example `clients`, each noted `days ago` before `planner.now`.
pub(super) fn say(tx: &Transaction, clients: &[String], planner: &Planner) -> Result<()> {
    for &(n, days_ago, kind, body, sentiment, compared, answered) in SAID {
        let input = NoteInput {
            kind,
            body: body.into(),
            sentiment,
            competitor: compared.map(|(who, _)| who.to_string()),
            aspect: compared.map(|(_, on)| on),
        };
        let at = planner.now - Duration::days(days_ago);
        let note = notes::save(tx, &clients[n % clients.len()], None, &input, at)?;
        if answered {
            notes::resolve(tx, &note.id, true, at + Duration::days(2))?;
        }
    }
    Ok(())
}
