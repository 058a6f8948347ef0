// A stand-in for $lib/ipc: every command is a vi.fn() with a harmless default answer, and the
// two pure helpers behave as the real ones. Use in a test file as
//   vi.mock('$lib/ipc', async () => (await import('../test/ipc-mock')).ipcMock());
// then steer the commands with vi.mocked(ipc.listClients).mockResolvedValue(…).
import { vi } from 'vitest';
import type { ClientToChase } from '$lib/bindings/ClientToChase';
import type { DayPlan } from '$lib/bindings/DayPlan';
import type { Label } from '$lib/bindings/Label';
import type { CatalogueItem } from '$lib/bindings/CatalogueItem';
import type { LateClient } from '$lib/bindings/LateClient';
import type { Note } from '$lib/bindings/Note';
import type { SectionCursor } from '$lib/bindings/SectionCursor';
import type { Agenda } from '$lib/bindings/Agenda';
import type { AgendaItem } from '$lib/bindings/AgendaItem';
import type { AppError } from '$lib/bindings/AppError';
import type { Client } from '$lib/bindings/Client';
import type { ClientSummary } from '$lib/bindings/ClientSummary';
import type { ContactStats } from '$lib/bindings/ContactStats';
import type { FollowUp } from '$lib/bindings/FollowUp';
import type { Interaction } from '$lib/bindings/Interaction';
import type { Settings } from '$lib/bindings/Settings';
import type { HistoryPage } from '$lib/bindings/HistoryPage';
import type { TimelineEntry } from '$lib/bindings/TimelineEntry';
import type { Purchase } from '$lib/bindings/Purchase';
import type { PurchaseSummary } from '$lib/bindings/PurchaseSummary';
import type { Week } from '$lib/bindings/Week';
import { DEFAULT_SETTINGS } from '$lib/bindings/values';

export function ipcMock() {
  const isAppError = (e: unknown): e is AppError =>
    typeof e === 'object' && e !== null && 'kind' in e && 'message' in e;
  return {
    isAppError,
    toAppError: (e: unknown): AppError =>
      isAppError(e)
        ? { ...e, fields: e.fields ?? [] }
        : { kind: 'internal', message: String(e), field: null, fields: [] },
    firstScreenPainted: vi.fn(async () => undefined),
    firstFrameDrawn: vi.fn(async () => undefined),
    listClients: vi.fn(async () => ({ items: [], next: null })),
    countClients: vi.fn(async () => ({ total: 0, moreThan: false })),
    getClient: vi.fn(async (id: string) => client({ id })),
    createClient: vi.fn(async () => client()),
    updateClient: vi.fn(async () => client()),
    trashClient: vi.fn(async () => undefined),
    restoreClient: vi.fn(async (id: string) => client({ id })),
    listTrash: vi.fn(async () => ({ items: [], next: null })),
    emptyTrash: vi.fn(async () => ({ clients: 0, purchases: 0, notes: 0 })),
    listLabels: vi.fn(async () => ({ segments: [], tags: [] })),
    isDatabaseEmpty: vi.fn(async () => false),
    loadExampleData: vi.fn(async () => 0),
    checkTaxId: vi.fn(async () => 'not_spanish' as const),
    addContact: vi.fn(),
    updateContact: vi.fn(),
    removeContact: vi.fn(async () => undefined),
    getSettings: vi.fn(async () => settings()),
    saveSettings: vi.fn(async (s: Settings) => s),
    previewPlanning: vi.fn(async () => ({ moving: 0 })),
    createFollowUp: vi.fn(async () => followUp()),
    rescheduleFollowUp: vi.fn(async () => followUp()),
    snoozeFollowUp: vi.fn(async () => followUp()),
    skipOccurrence: vi.fn(async () => followUp()),
    completeFollowUp: vi.fn(async () => ({ interaction: interaction(), next: null })),
    cancelFollowUp: vi.fn(async () => undefined),
    clientFollowUps: vi.fn(async (): Promise<FollowUp[]> => []),
    logInteraction: vi.fn(async () => ({ interaction: interaction(), nextSteps: [] })),
    takeNextStep: vi.fn(async () => null),
    clientHistory: vi.fn(async (): Promise<HistoryPage> => ({ items: [], next: null })),
    missedOccurrences: vi.fn(async (): Promise<string[]> => []),
    contactStats: vi.fn(async () => stats()),
    previewBulk: vi.fn(async () => ({ acting: 0, left: 0, days: [] })),
    applyBulk: vi.fn(async () => ({ batchId: 'b1', acting: 0, left: 0 })),
    undoBulk: vi.fn(async () => 0),
    getSection: vi.fn(async () => ({ items: [], next: null, total: 0 })),
    getAgenda: vi.fn(async () => agenda()),
    getWeek: vi.fn(async (): Promise<Week> => ({ days: [] })),
    getChase: vi.fn(async () => ({ items: [] as ClientToChase[], total: 0, next: null })),
    getDayPlan: vi.fn(async () => dayPlan()),
    listCities: vi.fn(async (): Promise<Label[]> => []),
    missedNotifications: vi.fn(async () => ({ items: [], total: 0 })),
    dismissMissedNotifications: vi.fn(async () => undefined),
    startupStatus: vi.fn(async () => ({ failure: null, language: 'es' as const })),
    retryOpen: vi.fn(async () => ({ failure: null, language: 'es' as const })),
    restoreLatestBackup: vi.fn(async () => ({ backup: '', keptAs: null })),
    openBackupsFolder: vi.fn(async () => undefined),
    openContactLink: vi.fn(async () => undefined),
    savePurchase: vi.fn(async () => purchase()),
    trashPurchase: vi.fn(async () => undefined),
    restorePurchase: vi.fn(async () => purchase()),
    clientPurchases: vi.fn(async () => ({ items: [] as Purchase[], next: null })),
    purchaseSummary: vi.fn(async () => purchaseSummary()),
    setPaymentTerms: vi.fn(async () => undefined),
    setBuyingMode: vi.fn(async () => undefined),
    listTrashedPurchases: vi.fn(async () => ({ items: [], next: null })),
    lateToBuy: vi.fn(async () => ({ items: [] as LateClient[], next: null, total: 0 })),
    snoozeLateToBuy: vi.fn(async () => '2025-03-11'),
    dismissLateToBuy: vi.fn(async () => undefined),
    listCatalogue: vi.fn(async (): Promise<CatalogueItem[]> => []),
    catalogueCategories: vi.fn(async () => []),
    saveCatalogueItem: vi.fn(async () => catalogueItem()),
    archiveCatalogueItem: vi.fn(async () => catalogueItem()),
    saveNote: vi.fn(async () => note()),
    resolveNote: vi.fn(async () => note()),
    trashNote: vi.fn(async () => undefined),
    restoreNote: vi.fn(async () => note()),
    clientNotes: vi.fn(async () => ({ items: [] as Note[], next: null })),
    openNotes: vi.fn(async (): Promise<Note[]> => []),
    listTrashedNotes: vi.fn(async () => ({ items: [], next: null })),
    onNavigate: vi.fn(async () => () => {}),
    onChange: vi.fn(async () => () => {}),
  };
}

/** A purchase of 12,50 € in cash on 2025-03-01. */
export function purchase(over: Partial<Purchase> = {}): Purchase {
  return {
    id: 'p1',
    clientId: 'c1',
    purchasedOn: '2025-03-01',
    description: 'Pedido',
    lines: [],
    total: { amount: '12.50', currency: 'EUR' },
    paymentMethod: 'cash',
    onCredit: false,
    creditDueOn: null,
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    deletedAt: null,
    ...over,
  };
}

/** Cemento cola 25 kg, in Construcción, 12,10 €. */
export function catalogueItem(over: Partial<CatalogueItem> = {}): CatalogueItem {
  return {
    id: 'k1',
    name: 'Cemento cola 25 kg',
    kind: 'product',
    category: 'Construcción',
    price: { amount: '12.10', currency: 'EUR' },
    archived: false,
    ...over,
  };
}

/** A general note noted on 2025-03-01. */
export function note(over: Partial<Note> = {}): Note {
  return {
    id: 'n1',
    clientId: 'c1',
    kind: 'general',
    body: 'Prefiere que le llamen por la mañana',
    sentiment: null,
    competitor: null,
    aspect: null,
    resolvedAt: null,
    notedAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    deletedAt: null,
    ...over,
  };
}

/** Distribuidora Norte, every 21 days, 30 days since the last purchase. */
export function lateClient(over: Partial<LateClient> = {}): LateClient {
  return {
    clientId: 'c1',
    name: 'Distribuidora Norte',
    colour: 'none',
    medianDays: 21,
    lastPurchaseOn: '2025-02-02',
    daysSinceLast: 30,
    lateFrom: '2025-03-01',
    ...over,
  };
}

/** A client with no purchases yet, default terms (30 days), in euros. */
export function purchaseSummary(over: Partial<PurchaseSummary> = {}): PurchaseSummary {
  return {
    rhythm: {
      purchases: 0,
      buyingDays: 0,
      lastPurchaseOn: null,
      daysSinceLast: null,
      medianDays: null,
      expectedNextOn: null,
      toleranceDays: null,
      late: false,
      averageTicket: [],
      last12Months: [],
      previous12Months: [],
      trend: [],
      preferredPayment: null,
    },
    terms: { clientDays: null, defaultDays: 30 },
    currency: 'EUR',
    categories: [],
    buyingMode: null,
    ...over,
  };
}

/** Settings with the product's defaults (the core's), Spanish chosen. */
export function settings(over: Partial<Settings> = {}): Settings {
  return {
    ...DEFAULT_SETTINGS,
    planning: { ...DEFAULT_SETTINGS.planning },
    purchases: { ...DEFAULT_SETTINGS.purchases },
    language: 'es',
    ...over,
  };
}

/** An empty agenda for 2025-03-04 (a Tuesday). */
export function agenda(over: Partial<Agenda> = {}): Agenda {
  return {
    today: '2025-03-04',
    overdue: [],
    overdueTotal: 0,
    overdueNext: null,
    dueTodayTotal: 0,
    dueToday: [],
    dueTodayNext: null,
    upcoming: [],
    upcomingTotal: 0,
    upcomingNext: null,
    ...over,
  };
}

/** Today (2025-03-04) within capacity, no visits. */
export function dayPlan(over: Partial<DayPlan> = {}): DayPlan {
  return {
    today: '2025-03-04',
    planned: 0,
    capacity: 24,
    overCapacity: false,
    calls: { planned: 0, capacity: 20 },
    visits: { planned: 0, capacity: 4 },
    surplus: [],
    placed: 0,
    moreSurplus: false,
    route: [],
    routeTotal: 0,
    ...over,
  };
}

/** A section's cursor after the item `id`. */
export function cursor(id: string): SectionCursor {
  return {
    dueAt: '2025-03-01T09:00:00Z',
    clientId: 'c1',
    followUpId: id,
    allDay: false,
    rank: 0,
    sortName: 'ana martinez',
  };
}

/** An agenda line with sensible defaults. */
export function item(over: Partial<AgendaItem> = {}): AgendaItem {
  return {
    followUpId: 'f1',
    clientId: 'c1',
    clientName: 'Ana Martínez',
    city: 'Madrid',
    colour: 'yellow',
    action: 'call',
    purpose: 'Presentar la nueva tarifa',
    origin: 'manual',
    dueDate: '2025-03-04',
    dueTime: '10:30:00',
    dueAt: '2025-03-04T09:30:00Z',
    recurrence: null,
    seriesId: null,
    projected: false,
    ...over,
  };
}

/** A pending follow-up with sensible defaults. */
export function followUp(over: Partial<FollowUp> = {}): FollowUp {
  return {
    id: 'f1',
    clientId: 'c1',
    action: 'call',
    purpose: '',
    dueDate: '2025-03-11',
    dueTime: null,
    dueAt: '2025-03-11T08:00:00Z',
    recurrence: null,
    seriesId: null,
    origin: 'manual',
    status: 'pending',
    completedAt: null,
    notifiedAt: null,
    createdAt: '2025-03-01T10:00:00Z',
    updatedAt: '2025-03-01T10:00:00Z',
    ...over,
  };
}

/** A logged interaction with sensible defaults. */
export function interaction(over: Partial<Interaction> = {}): Interaction {
  return {
    id: 'i1',
    clientId: 'c1',
    channel: 'call',
    direction: 'outbound',
    outcome: 'reached',
    summary: 'Hablamos de la tarifa',
    occurredAt: '2025-03-01T10:00:00Z',
    followUpId: null,
    ...over,
  };
}

/** An entry of a client's history: an interaction unless `missed`. */
export function entry(over: Partial<TimelineEntry> = {}): TimelineEntry {
  return { ...interaction(over), missed: false, ...over };
}

/** Contact statistics of a client never contacted. */
export function stats(over: Partial<ContactStats> = {}): ContactStats {
  return {
    lastContactAt: null,
    contacts30Days: 0,
    contacts90Days: 0,
    daysWaiting: null,
    nextFollowUp: null,
    ...over,
  };
}

/** A list row with sensible defaults. */
export function summary(over: Partial<ClientSummary> = {}): ClientSummary {
  return {
    id: 'c1',
    kind: 'person',
    name: 'Ana Martínez',
    city: 'Sevilla',
    phone: null,
    email: null,
    segment: null,
    status: 'active',
    colour: 'none',
    updatedAt: '2025-03-01T10:00:00Z',
    deletedAt: null,
    ...over,
  };
}

/** `n` rows named "Cliente 00001"… with ids "id-1"…, starting after `from`. */
export function summaries(n: number, from = 0): ClientSummary[] {
  return Array.from({ length: n }, (_, i) =>
    summary({ id: `id-${from + i + 1}`, name: `Cliente ${String(from + i + 1).padStart(5, '0')}` }),
  );
}

/** A full client with sensible defaults. */
export function client(over: Partial<Client> = {}): Client {
  return {
    id: 'c1',
    kind: 'person',
    name: 'Ana Martínez',
    taxId: null,
    taxIdCheck: null,
    phone: null,
    email: null,
    whatsapp: null,
    address: null,
    city: 'Sevilla',
    segment: null,
    tags: [],
    status: 'active',
    colour: 'none',
    profile: '',
    contacts: [],
    createdAt: '2025-03-01T10:00:00Z',
    updatedAt: '2025-03-01T10:00:00Z',
    deletedAt: null,
    ...over,
  };
}
