// A stand-in for $lib/ipc: every command is a vi.fn() with a harmless default answer, and the
// two pure helpers behave as the real ones. Use in a test file as
//   vi.mock('$lib/ipc', async () => (await import('../test/ipc-mock')).ipcMock());
// then steer the commands with vi.mocked(ipc.listClients).mockResolvedValue(…).
import { vi } from 'vitest';
import type { AppError } from '$lib/bindings/AppError';
import type { Client } from '$lib/bindings/Client';
import type { ClientSummary } from '$lib/bindings/ClientSummary';

export function ipcMock() {
  const isAppError = (e: unknown): e is AppError =>
    typeof e === 'object' && e !== null && 'kind' in e && 'message' in e;
  return {
    isAppError,
    toAppError: (e: unknown): AppError =>
      isAppError(e) ? e : { kind: 'internal', message: String(e), field: null },
    listClients: vi.fn(async () => ({ items: [], next: null })),
    countClients: vi.fn(async () => 0),
    getClient: vi.fn(async (id: string) => client({ id })),
    createClient: vi.fn(async () => client()),
    updateClient: vi.fn(async () => client()),
    trashClient: vi.fn(async () => undefined),
    restoreClient: vi.fn(async (id: string) => client({ id })),
    listTrash: vi.fn(async () => ({ items: [], next: null })),
    emptyTrash: vi.fn(async () => 0),
    listLabels: vi.fn(async () => ({ segments: [], tags: [] })),
    isDatabaseEmpty: vi.fn(async () => false),
    loadExampleData: vi.fn(async () => 0),
    addContact: vi.fn(),
    updateContact: vi.fn(),
    removeContact: vi.fn(async () => undefined),
    getSettings: vi.fn(async () => ({ language: 'es' as const })),
    saveSettings: vi.fn(async (s: { language: 'es' | 'en' | null }) => s),
    onChange: vi.fn(async () => () => {}),
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
