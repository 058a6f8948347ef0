//! Agenda commands: the home screen's sections, the week view and the lists of clients to chase.

use cartera_core::agenda::{
    self, Agenda, AgendaFilter, ChaseList, ChaseRequest, SectionPage, SectionRequest, Week,
};
use cartera_core::capacity::{self, DayPlan};
use cartera_core::labels::{self, Label};
use chrono::NaiveDate;
use tauri::State;

use crate::error::AppError;
use crate::store::Store;

/// One page of an agenda section, after the cursor of the page before.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn get_section(
    store: State<'_, Store>,
    request: SectionRequest,
) -> Result<SectionPage, AppError> {
    store
        .read_planned(move |conn, p| agenda::section_page(conn, p, &request))
        .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn get_agenda(store: State<'_, Store>, filter: AgendaFilter) -> Result<Agenda, AppError> {
    store
        .read_planned(move |conn, p| agenda::agenda(conn, p, &filter))
        .await
}

#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn get_week(
    store: State<'_, Store>,
    monday: NaiveDate,
    filter: AgendaFilter,
) -> Result<Week, AppError> {
    store
        .read_planned(move |conn, p| agenda::week(conn, p, monday, &filter))
        .await
}

/// One page of a list of clients to chase (waiting for an answer, not contacted lately).
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn get_chase(
    store: State<'_, Store>,
    request: ChaseRequest,
) -> Result<ChaseList, AppError> {
    store
        .read_planned(move |conn, p| agenda::chase_page(conn, p, &request))
        .await
}

/// Today against the owner's capacity, the surplus that could move, and the day's route.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn get_day_plan(store: State<'_, Store>) -> Result<DayPlan, AppError> {
    store.read_planned(capacity::day_plan).await
}

/// The cities of the live clients, for the agenda's city filter.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn list_cities(store: State<'_, Store>) -> Result<Vec<Label>, AppError> {
    store.read(labels::cities).await
}
