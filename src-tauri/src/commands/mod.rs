//! IPC commands: thin adapters from the UI to `cartera-core`. Each takes the store, runs the
//! core off the main thread, emits a change event after a write, and returns `AppError`s.

pub mod agenda;
pub mod bulk;
pub mod calendar;
pub mod catalogue;
pub mod clients;
pub mod contacts;
pub mod follow_ups;
pub mod history;
pub mod notes;
pub mod purchases;
pub mod reminders;
pub mod settings;
pub mod startup;
