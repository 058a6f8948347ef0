//! Note commands: note, edit, answer, trash and restore a client's qualitative notes, page
//! them (of every kind or of one) and list the doubts and needs still open.

use cartera_core::notes::{
    self, Note, NoteCursor, NoteInput, NoteKind, NotePage, TrashCursor, TrashedNotePage,
};
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
use crate::events::{changed, Entity};
use crate::store::Store;

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn save_note<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    client_id: String,
    id: Option<String>,
    input: NoteInput,
) -> Result<Note, AppError> {
    let note = store
        .write_planned(move |tx, p| notes::save(tx, &client_id, id.as_deref(), &input, p.now))
        .await?;
    changed(&app, Entity::Note, Some(&note.client_id));
    Ok(note)
}

/// Marks a doubt or a need answered, or open again.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn resolve_note<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
    answered: bool,
) -> Result<Note, AppError> {
    let note = store
        .write_planned(move |tx, p| notes::resolve(tx, &id, answered, p.now))
        .await?;
    changed(&app, Entity::Note, Some(&note.client_id));
    Ok(note)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn trash_note<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
) -> Result<(), AppError> {
    let client_id = store
        .write_planned(move |tx, p| notes::trash(tx, &id, p.now))
        .await?;
    changed(&app, Entity::Note, Some(&client_id));
    Ok(())
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn restore_note<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
) -> Result<Note, AppError> {
    let note = store
        .write_planned(move |tx, p| notes::restore(tx, &id, p.now))
        .await?;
    changed(&app, Entity::Note, Some(&note.client_id));
    Ok(note)
}

/// A client's notes, newest first, of `kind` or of every kind, after the page before.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn client_notes(
    store: State<'_, Store>,
    client_id: String,
    kind: Option<NoteKind>,
    after: Option<NoteCursor>,
    limit: u32,
) -> Result<NotePage, AppError> {
    store
        .read(move |conn| notes::page(conn, &client_id, kind, after.as_ref(), limit))
        .await
}

/// A client's doubts and needs still to answer, the oldest first.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn open_notes(store: State<'_, Store>, client_id: String) -> Result<Vec<Note>, AppError> {
    store.read(move |conn| notes::open(conn, &client_id)).await
}

/// The notes in the trash, latest trashed first, after the page before.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list_trashed_notes(
    store: State<'_, Store>,
    after: Option<TrashCursor>,
    limit: u32,
) -> Result<TrashedNotePage, AppError> {
    store
        .read(move |conn| notes::trash_page(conn, after.as_ref(), limit))
        .await
}
