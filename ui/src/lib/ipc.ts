// The only module that talks to the Rust side. Every other module calls these typed
// functions; tests mock this module (vi.mock('$lib/ipc')) instead of Tauri itself.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { openUrl } from '@tauri-apps/plugin-opener';
import type { AppError } from './bindings/AppError';
import type { Change } from './bindings/Change';
import type { Client } from './bindings/Client';
import type { ClientCount } from './bindings/ClientCount';
import type { ClientCursor } from './bindings/ClientCursor';
import type { ClientFilter } from './bindings/ClientFilter';
import type { ClientInput } from './bindings/ClientInput';
import type { ClientPage } from './bindings/ClientPage';
import type { ClientPageRequest } from './bindings/ClientPageRequest';
import type { ContactPerson } from './bindings/ContactPerson';
import type { ContactPersonInput } from './bindings/ContactPersonInput';
import type { Labels } from './bindings/Labels';
import type { PlanChange } from './bindings/PlanChange';
import type { PlanningSettings } from './bindings/PlanningSettings';
import type { BatchDone } from './bindings/BatchDone';
import type { BulkAction } from './bindings/BulkAction';
import type { BulkPreview } from './bindings/BulkPreview';
import type { SectionPage } from './bindings/SectionPage';
import type { Selection } from './bindings/Selection';
import type { SectionRequest } from './bindings/SectionRequest';
import type { Settings } from './bindings/Settings';
import type { Agenda } from './bindings/Agenda';
import type { AgendaFilter } from './bindings/AgendaFilter';
import type { ChaseRequest } from './bindings/ChaseRequest';
import type { DayPlan } from './bindings/DayPlan';
import type { Label } from './bindings/Label';
import type { ChaseList } from './bindings/ChaseList';
import type { Completion } from './bindings/Completion';
import type { ContactStats } from './bindings/ContactStats';
import type { FollowUp } from './bindings/FollowUp';
import type { FollowUpInput } from './bindings/FollowUpInput';
import type { HistoryCursor } from './bindings/HistoryCursor';
import type { HistoryFilter } from './bindings/HistoryFilter';
import type { HistoryPage } from './bindings/HistoryPage';
import type { Week } from './bindings/Week';
import type { InteractionInput } from './bindings/InteractionInput';
import type { Logged } from './bindings/Logged';
import type { MissedOccurrences } from './bindings/MissedOccurrences';
import type { NextStep } from './bindings/NextStep';
import type { Outcome } from './bindings/Outcome';
import type { Snooze } from './bindings/Snooze';
import type { MissedNotifications } from './bindings/MissedNotifications';
import type { Restored } from './bindings/Restored';
import type { StartupStatus } from './bindings/StartupStatus';
import type { TaxIdCheck } from './bindings/TaxIdCheck';
import type { Emptied } from './bindings/Emptied';
import type { BuyingMode } from './bindings/BuyingMode';
import type { CatalogueItem } from './bindings/CatalogueItem';
import type { CatalogueItemInput } from './bindings/CatalogueItemInput';
import type { Category } from './bindings/Category';
import type { LateCursor } from './bindings/LateCursor';
import type { LatePage } from './bindings/LatePage';
import type { Note } from './bindings/Note';
import type { NoteCursor } from './bindings/NoteCursor';
import type { NoteInput } from './bindings/NoteInput';
import type { NoteKind } from './bindings/NoteKind';
import type { NotePage } from './bindings/NotePage';
import type { TrashedNotePage } from './bindings/TrashedNotePage';
import type { Purchase } from './bindings/Purchase';
import type { PurchaseCursor } from './bindings/PurchaseCursor';
import type { PurchaseInput } from './bindings/PurchaseInput';
import type { PurchasePage } from './bindings/PurchasePage';
import type { PurchaseSummary } from './bindings/PurchaseSummary';
import type { TrashCursor } from './bindings/TrashCursor';
import type { TrashedPurchasePage } from './bindings/TrashedPurchasePage';

/** True when `e` is an error sent by a Cartera command (`{ kind, message, field }`). */
export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && 'kind' in e && 'message' in e;
}

/** Any thrown value as an AppError, so callers handle one shape. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return { ...e, fields: e.fields ?? [] };
  return { kind: 'internal', message: String(e), field: null, fields: [] };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

// Start-up: whether the database is open; the recovery screen's actions.
export const startupStatus = () => call<StartupStatus>('startup_status');
export const retryOpen = () => call<StartupStatus>('retry_open');
/** Puts the latest backup in place (the replaced file is kept beside it) and opens it. */
export const restoreLatestBackup = () => call<Restored>('restore_latest_backup');
export const openBackupsFolder = () => call<void>('open_backups_folder');
/** The first screen is on the page: the backend shows the window and starts deferred work. */
export const firstScreenPainted = () => call<void>('first_screen_painted');
export const firstFrameDrawn = () => call<void>('first_frame_drawn');

export const listClients = (request: ClientPageRequest) =>
  call<ClientPage>('list_clients', { request });
/** The list header's count: exact, or a lower bound (`moreThan`) for a broad search. */
export const countClients = (filter: ClientFilter) =>
  call<ClientCount>('count_clients', { filter });
export const getClient = (id: string) => call<Client>('get_client', { id });
export const createClient = (input: ClientInput) => call<Client>('create_client', { input });
export const updateClient = (id: string, input: ClientInput) =>
  call<Client>('update_client', { id, input });
export const trashClient = (id: string) => call<void>('trash_client', { id });
export const restoreClient = (id: string) => call<Client>('restore_client', { id });
export const listTrash = (after: ClientCursor | null, limit: number) =>
  call<ClientPage>('list_trash', { after, limit });
/** Deletes for good every client and purchase in the trash. */
export const emptyTrash = () => call<Emptied>('empty_trash');
export const listLabels = () => call<Labels>('list_labels');
export const isDatabaseEmpty = () => call<boolean>('is_database_empty');
export const loadExampleData = () => call<number>('load_example_data');
/** What the Spanish control character says of a tax id (a warning, never a refusal). */
export const checkTaxId = (taxId: string) => call<TaxIdCheck>('check_tax_id', { taxId });

export const addContact = (clientId: string, input: ContactPersonInput) =>
  call<ContactPerson>('add_contact', { clientId, input });
export const updateContact = (id: string, input: ContactPersonInput) =>
  call<ContactPerson>('update_contact', { id, input });
export const removeContact = (id: string) => call<void>('remove_contact', { id });

// Purchases. Amounts are decimal strings ("1234.50"), dates `YYYY-MM-DD`.
/** Records a purchase of the client (`id` null) or edits one of theirs. */
export const savePurchase = (clientId: string, id: string | null, input: PurchaseInput) =>
  call<Purchase>('save_purchase', { clientId, id, input });
export const trashPurchase = (id: string) => call<void>('trash_purchase', { id });
export const restorePurchase = (id: string) => call<Purchase>('restore_purchase', { id });
/** A client's purchases, newest first, after the cursor of the page before. */
export const clientPurchases = (clientId: string, after: PurchaseCursor | null, limit: number) =>
  call<PurchasePage>('client_purchases', { clientId, after, limit });
/** The client's buying rhythm, payment terms and the currency a new purchase starts in. */
export const purchaseSummary = (clientId: string) =>
  call<PurchaseSummary>('purchase_summary', { clientId });
/** The client's own payment terms in days; null returns them to the default. */
export const setPaymentTerms = (clientId: string, days: number | null) =>
  call<void>('set_payment_terms', { clientId, days });
/** Says how the client buys; null: not said. */
export const setBuyingMode = (clientId: string, mode: BuyingMode | null) =>
  call<void>('set_buying_mode', { clientId, mode });
export const listTrashedPurchases = (after: TrashCursor | null, limit: number) =>
  call<TrashedPurchasePage>('list_trashed_purchases', { after, limit });
/** The catalogue by category, then name; withdrawn items too when `archived`. */
export const listCatalogue = (archived: boolean) =>
  call<CatalogueItem[]>('list_catalogue', { archived });
export const catalogueCategories = () => call<Category[]>('catalogue_categories');
/** Adds a catalogue item (`id` null) or edits one. */
export const saveCatalogueItem = (id: string | null, input: CatalogueItemInput) =>
  call<CatalogueItem>('save_catalogue_item', { id, input });
/** Withdraws an item from sale (`archived`) or offers it again. */
export const archiveCatalogueItem = (id: string, archived: boolean) =>
  call<CatalogueItem>('archive_catalogue_item', { id, archived });
/** Notes a new note on a client (`id` null) or edits one. */
export const saveNote = (clientId: string, id: string | null, input: NoteInput) =>
  call<Note>('save_note', { clientId, id, input });
/** Marks a doubt or a need answered, or open again. */
export const resolveNote = (id: string, answered: boolean) =>
  call<Note>('resolve_note', { id, answered });
export const trashNote = (id: string) => call<void>('trash_note', { id });
export const restoreNote = (id: string) => call<Note>('restore_note', { id });
/** A client's notes newest first, of one kind or of every kind, after the page before. */
export const clientNotes = (
  clientId: string,
  kind: NoteKind | null,
  after: NoteCursor | null,
  limit: number,
) => call<NotePage>('client_notes', { clientId, kind, after, limit });
export const listTrashedNotes = (after: TrashCursor | null, limit: number) =>
  call<TrashedNotePage>('list_trashed_notes', { after, limit });
/** A client's doubts and needs still to answer, the oldest first. */
export const openNotes = (clientId: string) => call<Note[]>('open_notes', { clientId });
/** The clients late to buy as of today, the longest late first, after the page before. */
export const lateToBuy = (after: LateCursor | null, limit: number) =>
  call<LatePage>('late_to_buy', { after, limit });
/**
 * Takes a client off the late-to-buy list for a week, or until the day after the call planned
 * on `afterCall` (YYYY-MM-DD); the day they come back.
 */
export const snoozeLateToBuy = (clientId: string, afterCall: string | null) =>
  call<string>('snooze_late_to_buy', { clientId, afterCall });
/** Takes a client off the late-to-buy list until their next purchase. */
export const dismissLateToBuy = (clientId: string) =>
  call<void>('dismiss_late_to_buy', { clientId });

export const getSettings = () => call<Settings>('get_settings');
/** Saves the settings; new intervals re-plan the regime follow-ups they planned. */
export const saveSettings = (settings: Settings) => call<Settings>('save_settings', { settings });
/** How many pending regime follow-ups saving `planning` would move. */
export const previewPlanning = (planning: PlanningSettings) =>
  call<PlanChange>('preview_planning', { planning });

// Follow-ups and interactions. Dates are `YYYY-MM-DD`, times `HH:MM:SS` (local wall clock).
export const createFollowUp = (clientId: string, input: FollowUpInput) =>
  call<FollowUp>('create_follow_up', { clientId, input });
/** Moves a follow-up; for an occurrence of a series, `following` moves the series with it. */
export const rescheduleFollowUp = (
  id: string,
  date: string,
  time: string | null,
  following = false,
) => call<FollowUp>('reschedule_follow_up', { id, date, time, following });
export const snoozeFollowUp = (id: string, choice: Snooze) =>
  call<FollowUp>('snooze_follow_up', { id, choice });
/** Marks done; `missed` says whether the occurrences its series went by are logged as missed. */
export const completeFollowUp = (
  id: string,
  outcome: Outcome,
  note: string,
  missed: MissedOccurrences = 'forget',
) => call<Completion>('complete_follow_up', { id, outcome, note, missed });
export const cancelFollowUp = (id: string) => call<void>('cancel_follow_up', { id });
/** Skips one occurrence of a series: the occurrence now stored, null when the series ended. */
export const skipOccurrence = (id: string, missed: MissedOccurrences = 'forget') =>
  call<FollowUp | null>('skip_occurrence', { id, missed });
/** The dates of the occurrences its series went by while this one waited (to log as missed). */
export const missedOccurrences = (id: string) => call<string[]>('missed_occurrences', { id });
export const clientFollowUps = (clientId: string) =>
  call<FollowUp[]>('client_follow_ups', { clientId });
/** Logs an interaction; a green client's answer comes back with the next steps to propose. */
export const logInteraction = (clientId: string, input: InteractionInput) =>
  call<Logged>('log_interaction', { clientId, input });
/** Takes a proposed next step; the client's next pending follow-up. */
export const takeNextStep = (clientId: string, step: NextStep, purpose: string) =>
  call<FollowUp | null>('take_next_step', { clientId, step, purpose });
/** Newest first; `before` is the last shown item's `[occurredAt, id]`. */
/** A client's history (contacts, notes, purchases), newest first, after the page before. */
export const clientHistory = (
  clientId: string,
  filter: HistoryFilter,
  after: HistoryCursor | null,
  limit: number,
) => call<HistoryPage>('client_history', { clientId, filter, after, limit });
export const contactStats = (clientId: string) => call<ContactStats>('contact_stats', { clientId });

// The agenda.
/** One page of an agenda section, after the cursor of the page before. */
export const getSection = (request: SectionRequest) =>
  call<SectionPage>('get_section', { request });
/** What a bulk action would do, before doing it. */
export const previewBulk = (selection: Selection, action: BulkAction) =>
  call<BulkPreview>('preview_bulk', { selection, action });
/** Does a bulk action as one batch. */
export const applyBulk = (selection: Selection, action: BulkAction) =>
  call<BatchDone>('apply_bulk', { selection, action });
/** Reverses a batch: every row back as it was. */
export const undoBulk = (batchId: string) => call<number>('undo_bulk', { batchId });
export const getAgenda = (filter: AgendaFilter) => call<Agenda>('get_agenda', { filter });
/** The week's items, filtered in the backend before its cap, with their whole count. */
export const getWeek = (monday: string, filter: AgendaFilter) =>
  call<Week>('get_week', { monday, filter });
export const getChase = (request: ChaseRequest) => call<ChaseList>('get_chase', { request });
export const getDayPlan = () => call<DayPlan>('get_day_plan');
export const listCities = () => call<Label[]>('list_cities');
/** Reminders the desktop could not show, listed on the agenda until the user has read them. */
export const missedNotifications = () => call<MissedNotifications>('missed_notifications');
export const dismissMissedNotifications = (ids: string[]) =>
  call<void>('dismiss_missed_notifications', { ids });
/** Writes the upcoming follow-ups as an .ics file (Downloads folder); returns its path. */
export const exportCalendar = () => call<string>('export_calendar');

/** Opens a `tel:`, `mailto:` or `https://wa.me/` link in the system's app (nothing else is allowed). */
export async function openContactLink(url: string): Promise<void> {
  try {
    await openUrl(url);
  } catch (e) {
    throw toAppError(e);
  }
}

/** Calls `handler` when the tray asks to show a screen (e.g. 'agenda'). */
export function onNavigate(handler: (view: string) => void): Promise<UnlistenFn> {
  return listen<string>('cartera://navigate', (event) => handler(event.payload));
}

/** Calls `handler` on every change event (emitted after each write); returns the unsubscribe. */
export function onChange(handler: (change: Change) => void): Promise<UnlistenFn> {
  return listen<Change>('cartera://changed', (event) => handler(event.payload));
}
