//! Change events: every write tells open views what changed so they refresh.

use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};
use ts_rs::TS;

/// The event every write emits.
pub const CHANGED: &str = "cartera://changed";

/// What kind of record changed.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Entity {
    Client,
    ContactPerson,
    FollowUp,
    Interaction,
    Purchase,
    Note,
    Catalogue,
    Settings,
    /// A reminder the desktop could not show, listed in the app (see `reminders::delivery`).
    Notification,
}

/// Payload of [`CHANGED`].
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Change {
    pub entity: Entity,
    /// The changed record, or `None` when many changed at once.
    pub id: Option<String>,
}

/// Tells every window that `entity` (`id`) changed. A failure to emit only costs a refresh.
pub fn changed<R: Runtime>(app: &AppHandle<R>, entity: Entity, id: Option<&str>) {
    let change = Change {
        entity,
        id: id.map(String::from),
    };
    if let Err(error) = app.emit(CHANGED, change) {
        tracing::warn!(%error, "could not emit change event");
    }
}
