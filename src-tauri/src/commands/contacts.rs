//! Contact people commands: add, edit and remove people at a company client.

use cartera_core::contacts::{self, ContactPerson, ContactPersonInput};
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
use crate::events::{changed, Entity};
use crate::store::Store;

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn add_contact<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    client_id: String,
    input: ContactPersonInput,
) -> Result<ContactPerson, AppError> {
    let person = store
        .write_planned(move |tx, p| contacts::add(tx, &client_id, &input, p.now))
        .await?;
    changed(&app, Entity::ContactPerson, Some(&person.client_id));
    Ok(person)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn update_contact<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
    input: ContactPersonInput,
) -> Result<ContactPerson, AppError> {
    let person = store
        .write_planned(move |tx, p| contacts::update(tx, &id, &input, p.now))
        .await?;
    changed(&app, Entity::ContactPerson, Some(&person.client_id));
    Ok(person)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn remove_contact<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
) -> Result<(), AppError> {
    let client_id = store
        .write_planned(move |tx, p| contacts::remove(tx, &id, p.now))
        .await?;
    changed(&app, Entity::ContactPerson, Some(&client_id));
    Ok(())
}
