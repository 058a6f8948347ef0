//! Catalogue commands: list the items (withdrawn ones when asked) and their categories, add or
//! edit an item, withdraw it from sale or offer it again.

use cartera_core::catalogue::{self, CatalogueItem, CatalogueItemInput, Category};
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
use crate::events::{changed, Entity};
use crate::store::Store;

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list_catalogue(
    store: State<'_, Store>,
    archived: bool,
) -> Result<Vec<CatalogueItem>, AppError> {
    store
        .read(move |conn| catalogue::list(conn, archived))
        .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn catalogue_categories(store: State<'_, Store>) -> Result<Vec<Category>, AppError> {
    store.read(catalogue::categories).await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn save_catalogue_item<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: Option<String>,
    input: CatalogueItemInput,
) -> Result<CatalogueItem, AppError> {
    let item = store
        .write_planned(move |tx, p| catalogue::save(tx, id.as_deref(), &input, p.now))
        .await?;
    changed(&app, Entity::Catalogue, Some(&item.id));
    Ok(item)
}

/// Withdraws an item from sale (`archived`) or offers it again.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn archive_catalogue_item<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
    archived: bool,
) -> Result<CatalogueItem, AppError> {
    let item = store
        .write_planned(move |tx, p| catalogue::archive(tx, &id, archived, p.now))
        .await?;
    changed(&app, Entity::Catalogue, Some(&item.id));
    Ok(item)
}
