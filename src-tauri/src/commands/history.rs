//! The client's history: contacts, notes and purchases in one order, newest first.

use cartera_core::history::{self, HistoryCursor, HistoryFilter, HistoryPage};
use tauri::State;

use crate::error::AppError;
use crate::store::Store;

/// One page of a client's history, of every kind or of one, after the page before.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn client_history(
    store: State<'_, Store>,
    client_id: String,
    filter: HistoryFilter,
    after: Option<HistoryCursor>,
    limit: u32,
) -> Result<HistoryPage, AppError> {
    store
        .read(move |conn| history::page(conn, &client_id, filter, after.as_ref(), limit))
        .await
}
