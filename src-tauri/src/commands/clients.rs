//! Client commands: list, search, detail, create, edit, trash and restore, example data.

use cartera_core::clients::{
    self, Client, ClientCount, ClientCursor, ClientFilter, ClientInput, ClientPage,
    ClientPageRequest,
};
use cartera_core::labels::{self, Labels};
use cartera_core::sample;
use cartera_core::trash::{self, Emptied};
use tauri::{AppHandle, Runtime, State};

use cartera_core::tax_id::TaxIdCheck;

use crate::error::AppError;
use crate::events::{changed, Entity};
use crate::store::Store;

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list_clients(
    store: State<'_, Store>,
    request: ClientPageRequest,
) -> Result<ClientPage, AppError> {
    store.read(move |conn| clients::page(conn, &request)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
/// The list header's count: exact, or "more than 1,000" for a broad search (see
/// `clients::count_bounded`), so every key in the search box stays fast at any size.
pub async fn count_clients(
    store: State<'_, Store>,
    filter: ClientFilter,
) -> Result<ClientCount, AppError> {
    store
        .read(move |conn| clients::count_bounded(conn, &filter))
        .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn get_client(store: State<'_, Store>, id: String) -> Result<Client, AppError> {
    store.read(move |conn| clients::get(conn, &id)).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn create_client<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    input: ClientInput,
) -> Result<Client, AppError> {
    let client = store
        .write_planned(move |tx, p| clients::save(tx, None, &input, p))
        .await?;
    changed(&app, Entity::Client, Some(&client.id));
    Ok(client)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn update_client<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
    input: ClientInput,
) -> Result<Client, AppError> {
    let client = store
        .write_planned(move |tx, p| clients::save(tx, Some(&id), &input, p))
        .await?;
    changed(&app, Entity::Client, Some(&client.id));
    Ok(client)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn trash_client<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
) -> Result<(), AppError> {
    let target = id.clone();
    store
        .write_planned(move |tx, p| clients::trash(tx, &target, p.now))
        .await?;
    changed(&app, Entity::Client, Some(&id));
    Ok(())
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn restore_client<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
) -> Result<Client, AppError> {
    let client = store
        .write_planned(move |tx, p| clients::restore(tx, &id, p.now))
        .await?;
    changed(&app, Entity::Client, Some(&client.id));
    Ok(client)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list_trash(
    store: State<'_, Store>,
    after: Option<ClientCursor>,
    limit: u32,
) -> Result<ClientPage, AppError> {
    store
        .read(move |conn| clients::trash_page(conn, after.as_ref(), limit))
        .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn empty_trash<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
) -> Result<Emptied, AppError> {
    let removed = store.write(trash::empty).await?;
    changed(&app, Entity::Client, None);
    Ok(removed)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list_labels(store: State<'_, Store>) -> Result<Labels, AppError> {
    store.read(labels::all).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn is_database_empty(store: State<'_, Store>) -> Result<bool, AppError> {
    store.read(clients::is_empty).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn load_example_data<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
) -> Result<u64, AppError> {
    let added = store.write_planned(sample::load_example).await?;
    changed(&app, Entity::Client, None);
    Ok(added)
}

/// What the Spanish control character says of a tax id as it is typed: a warning the form
/// shows under the field, never a refusal.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn check_tax_id(tax_id: String) -> Result<TaxIdCheck, AppError> {
    Ok(cartera_core::tax_id::check(&tax_id))
}
