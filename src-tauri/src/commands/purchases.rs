//! Purchase commands: record, edit, trash and restore a client's purchases, page them, read the
//! client's buying rhythm and payment terms, list the purchases in the trash, and the agenda's
//! clients late to buy (snoozed or dismissed there).

use cartera_core::catalogue;
use cartera_core::purchases::late::{self, LateCursor, LatePage};
use cartera_core::purchases::{
    self, BuyingMode, BuyingRhythm, PaymentTerms, Purchase, PurchaseCursor, PurchaseInput,
    PurchasePage, TrashCursor, TrashedPurchasePage,
};
use cartera_core::settings;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::error::AppError;
use crate::events::{changed, Entity};
use crate::store::Store;

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn save_purchase<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    client_id: String,
    id: Option<String>,
    input: PurchaseInput,
) -> Result<Purchase, AppError> {
    let purchase = store
        .write_planned(move |tx, p| {
            let settings = settings::purchases(tx)?;
            purchases::save(
                tx,
                &client_id,
                id.as_deref(),
                &input,
                p.today(),
                p.now,
                &settings,
            )
        })
        .await?;
    changed(&app, Entity::Purchase, Some(&purchase.client_id));
    Ok(purchase)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn trash_purchase<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
) -> Result<(), AppError> {
    let client_id = store
        .write_planned(move |tx, p| purchases::trash(tx, &id, p.now))
        .await?;
    changed(&app, Entity::Purchase, Some(&client_id));
    Ok(())
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn restore_purchase<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    id: String,
) -> Result<Purchase, AppError> {
    let purchase = store
        .write_planned(move |tx, p| purchases::restore(tx, &id, p.now))
        .await?;
    changed(&app, Entity::Purchase, Some(&purchase.client_id));
    Ok(purchase)
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn client_purchases(
    store: State<'_, Store>,
    client_id: String,
    after: Option<PurchaseCursor>,
    limit: u32,
) -> Result<PurchasePage, AppError> {
    store
        .read(move |conn| purchases::page(conn, &client_id, after.as_ref(), limit))
        .await
}

/// What the client's purchases block shows above the list.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PurchaseSummary {
    pub rhythm: BuyingRhythm,
    pub terms: PaymentTerms,
    /// The currency a new purchase starts in.
    pub currency: String,
    /// The catalogue categories the client has bought (their lines say it).
    pub categories: Vec<String>,
    /// How the client buys, as the owner said.
    pub buying_mode: Option<BuyingMode>,
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn purchase_summary(
    store: State<'_, Store>,
    client_id: String,
) -> Result<PurchaseSummary, AppError> {
    store
        .read_planned(move |conn, p| {
            let settings = settings::purchases(conn)?;
            Ok(PurchaseSummary {
                rhythm: purchases::buying_rhythm(conn, &client_id, p.today(), &settings)?,
                terms: purchases::payment_terms(conn, &client_id, &settings)?,
                currency: settings.currency,
                categories: catalogue::categories_bought(conn, &client_id)?,
                buying_mode: purchases::buying_mode(conn, &client_id)?,
            })
        })
        .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn set_payment_terms<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    client_id: String,
    days: Option<u32>,
) -> Result<(), AppError> {
    let id = client_id.clone();
    store
        .write_planned(move |tx, p| purchases::set_payment_terms(tx, &id, days, p.now))
        .await?;
    changed(&app, Entity::Client, Some(&client_id));
    Ok(())
}

/// Says how a client buys (`None`: not said).
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn set_buying_mode<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    client_id: String,
    mode: Option<BuyingMode>,
) -> Result<(), AppError> {
    let id = client_id.clone();
    store
        .write_planned(move |tx, p| purchases::set_buying_mode(tx, &id, mode, p.now))
        .await?;
    changed(&app, Entity::Client, Some(&client_id));
    Ok(())
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list_trashed_purchases(
    store: State<'_, Store>,
    after: Option<TrashCursor>,
    limit: u32,
) -> Result<TrashedPurchasePage, AppError> {
    store
        .read(move |conn| purchases::trash_page(conn, after.as_ref(), limit))
        .await
}

/// One page of the clients late to buy as of today, the longest late first.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn late_to_buy(
    store: State<'_, Store>,
    after: Option<LateCursor>,
    limit: u32,
) -> Result<LatePage, AppError> {
    store
        .read_planned(move |conn, p| late::page(conn, p.today(), after.as_ref(), limit))
        .await
}

/// Takes a client off the agenda's late-to-buy list for a week, or until the day after the
/// call planned on `after_call`; returns the day they come back.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn snooze_late_to_buy<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    client_id: String,
    after_call: Option<NaiveDate>,
) -> Result<NaiveDate, AppError> {
    let id = client_id.clone();
    let until = store
        .write_planned(move |tx, p| {
            let until = late::snooze_until(p.today(), after_call);
            late::snooze(tx, &id, until, p.today()).map(|()| until)
        })
        .await?;
    changed(&app, Entity::Purchase, Some(&client_id));
    Ok(until)
}

/// Takes a client off the agenda's late-to-buy list until their next purchase.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn dismiss_late_to_buy<R: Runtime>(
    app: AppHandle<R>,
    store: State<'_, Store>,
    client_id: String,
) -> Result<(), AppError> {
    let id = client_id.clone();
    store
        .write_planned(move |tx, _| late::dismiss(tx, &id))
        .await?;
    changed(&app, Entity::Purchase, Some(&client_id));
    Ok(())
}
