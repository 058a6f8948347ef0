import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import { i18n } from '$lib/i18n/index.svelte';
import * as ipc from '$lib/ipc';
import { useShellLanguage } from '$lib/settings.svelte';
import { agenda, client, item, settings, summary } from './test/ipc-mock';

vi.mock('$lib/ipc', async () => (await import('./test/ipc-mock')).ipcMock());

async function ready() {
  await waitFor(() => expect(document.documentElement.dataset.ready).toBe('true'));
}

/** From the agenda (the home screen) to the client list, once its first page is in. */
async function toClients() {
  await fireEvent.click(screen.getByTestId('nav-clients'));
  await screen.findByTestId('client-list');
  await waitFor(() => expect(ipc.listClients).toHaveBeenCalled());
}

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
  delete document.documentElement.dataset.ready;
});

describe('language', () => {
  it('switching language re-renders the texts and saves the choice', async () => {
    render(App);
    await ready();
    await toClients();
    expect(screen.getByTestId('nav-clients')).toHaveTextContent('Clientes');
    expect(screen.getByTestId('new-client')).toHaveTextContent('Nuevo cliente');

    await fireEvent.change(screen.getByTestId('language'), { target: { value: 'en' } });

    expect(screen.getByTestId('nav-clients')).toHaveTextContent('Clients');
    expect(screen.getByTestId('nav-trash')).toHaveTextContent('Trash');
    expect(screen.getByTestId('new-client')).toHaveTextContent('New client');
    expect(screen.getByTestId('client-count')).toHaveTextContent('0 clients');
    expect(screen.getByTestId('nav-agenda')).toHaveTextContent('Agenda');
    expect(screen.getByTestId('nav-settings')).toHaveTextContent('Settings');
    expect(ipc.saveSettings).toHaveBeenCalledWith(settings({ language: 'en' }));
    expect(document.documentElement.lang).toBe('en');
  });

  it('uses the saved language over the system one', async () => {
    vi.mocked(ipc.getSettings).mockResolvedValue(settings({ language: 'en' }));
    render(App);
    await ready();
    expect(screen.getByTestId('nav-trash')).toHaveTextContent('Trash');
    expect(screen.getByTestId('language')).toHaveValue('en');
  });

  it("follows the shell's language when nothing is saved, never the web view's", async () => {
    vi.mocked(ipc.getSettings).mockResolvedValue(settings({ language: null }));
    const spy = vi.spyOn(navigator, 'language', 'get').mockReturnValue('es-ES');
    useShellLanguage('en');
    render(App);
    await ready();
    expect(
      screen.getByTestId('nav-trash'),
      'the notifications speak the shell language: the window must too',
    ).toHaveTextContent('Trash');
    useShellLanguage('es');
    spy.mockRestore();
  });
});

describe('first run', () => {
  it('offers example data on an empty database and shows the list once loaded', async () => {
    vi.mocked(ipc.isDatabaseEmpty).mockResolvedValue(true);
    render(App);
    await ready();
    expect(screen.getByTestId('empty-state')).toBeInTheDocument();
    expect(screen.queryByTestId('client-list')).toBeNull();

    vi.mocked(ipc.listClients).mockResolvedValue({
      items: [summary({ id: 'e1', name: 'Ejemplo' })],
      next: null,
    });
    await fireEvent.click(screen.getByTestId('load-examples'));

    expect(ipc.loadExampleData).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId('client-row')).toHaveTextContent('Ejemplo');
    expect(screen.queryByTestId('empty-state')).toBeNull();
  });

  it('opens on the Clientes view, not the agenda', async () => {
    vi.mocked(ipc.isDatabaseEmpty).mockResolvedValue(true);
    render(App);
    await ready();
    expect(screen.getByTestId('nav-clients')).toHaveAttribute('aria-current', 'page');
    expect(screen.queryByTestId('agenda')).toBeNull();
  });

  it('opens the form from "Crear el primer cliente"', async () => {
    vi.mocked(ipc.isDatabaseEmpty).mockResolvedValue(true);
    render(App);
    await ready();
    await fireEvent.click(screen.getByTestId('create-first-client'));
    expect(screen.getByTestId('client-form')).toBeInTheDocument();
  });
});

describe('clients', () => {
  it('marks the app ready only after the agenda arrived', async () => {
    let answer: (value: ReturnType<typeof agenda>) => void = () => {};
    vi.mocked(ipc.getAgenda).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    render(App);
    await screen.findByTestId('agenda');
    expect(document.documentElement.dataset.ready).toBeUndefined();
    answer(agenda());
    await ready();
  });

  it('trashes from the detail without asking, and undoes from the toast', async () => {
    vi.mocked(ipc.listClients).mockResolvedValue({
      items: [summary({ id: 'c7', name: 'Ana Martínez' })],
      next: null,
    });
    vi.mocked(ipc.getClient).mockResolvedValue(client({ id: 'c7', name: 'Ana Martínez' }));
    render(App);
    await ready();
    await toClients();
    await fireEvent.click(await screen.findByTestId('client-row'));
    expect(await screen.findByTestId('detail-name')).toHaveTextContent('Ana Martínez');

    await fireEvent.click(screen.getByTestId('trash-client'));
    expect(ipc.trashClient).toHaveBeenCalledWith('c7');
    expect(await screen.findByTestId('toast')).toHaveTextContent(
      '«Ana Martínez» se ha enviado a la papelera',
    );
    expect(screen.queryByTestId('client-detail')).toBeNull();
    expect(screen.queryByTestId('confirm'), 'trash is reversible: no dialog').toBeNull();

    await fireEvent.click(screen.getByTestId('undo'));
    await waitFor(() => expect(ipc.restoreClient).toHaveBeenCalledWith('c7'));
    expect(await screen.findByTestId('client-detail')).toBeInTheDocument();
  });

  it('searches at the first key, and a burst of keys sends only the latest after it', async () => {
    render(App);
    await ready();
    await toClients();
    vi.mocked(ipc.listClients).mockClear();
    let answer!: () => void;
    vi.mocked(ipc.listClients).mockImplementationOnce(
      () => new Promise((resolve) => (answer = () => resolve({ items: [], next: null }))),
    );
    const search = screen.getByTestId('search');
    for (const value of ['p', 'pe', 'per']) await fireEvent.input(search, { target: { value } });
    const searched = () => vi.mocked(ipc.listClients).mock.calls.map(([r]) => r.filter.search);
    expect(searched(), 'the first key searches at once').toEqual(['p']);
    answer();
    await waitFor(() => expect(searched()).toEqual(['p', 'per']));
    expect(searched(), 'keys typed while a query ran leave only the latest').not.toContain('pe');
  });

  it('opens the form with Ctrl+N, closes it with Esc and focuses search with Ctrl+K', async () => {
    render(App);
    await ready();
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    const name = screen.getByTestId('client-form').querySelector('[name="name"]') as HTMLElement;
    expect(document.activeElement).toBe(name);
    await fireEvent.keyDown(name, { key: 'Escape' });
    expect(screen.queryByTestId('client-form')).toBeNull();

    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByTestId('search'));
  });

  it('refreshes the list when a change event arrives', async () => {
    let emit: (change: { entity: 'client'; id: string | null }) => void = () => {};
    vi.mocked(ipc.onChange).mockImplementation(async (handler) => {
      emit = handler;
      return () => {};
    });
    render(App);
    await ready();
    await toClients();
    await waitFor(() => expect(ipc.onChange).toHaveBeenCalled());
    const before = vi.mocked(ipc.listClients).mock.calls.length;
    emit({ entity: 'client', id: 'x' });
    emit({ entity: 'client', id: 'y' });
    await waitFor(() => expect(vi.mocked(ipc.listClients).mock.calls.length).toBe(before + 1));
  });
});

describe('agenda', () => {
  it('is the home screen, and Ctrl+2 / Ctrl+1 switch between clients and agenda', async () => {
    render(App);
    await ready();
    expect(screen.getByTestId('agenda')).toBeInTheDocument();
    expect(screen.getByTestId('nav-agenda')).toHaveAttribute('aria-current', 'page');

    await fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    expect(await screen.findByTestId('client-list')).toBeInTheDocument();
    expect(screen.queryByTestId('agenda')).toBeNull();

    await fireEvent.keyDown(window, { key: '1', ctrlKey: true });
    expect(await screen.findByTestId('agenda')).toBeInTheDocument();
  });

  it('shows the agenda when the tray asks for it', async () => {
    let navigate: (view: string) => void = () => {};
    vi.mocked(ipc.onNavigate).mockImplementation(async (handler) => {
      navigate = handler;
      return () => {};
    });
    render(App);
    await ready();
    await fireEvent.click(screen.getByTestId('nav-settings'));
    expect(await screen.findByTestId('settings')).toBeInTheDocument();
    await waitFor(() => expect(ipc.onNavigate).toHaveBeenCalled());
    navigate('agenda');
    expect(await screen.findByTestId('agenda')).toBeInTheDocument();
  });

  it('"Abrir cliente" opens the client\'s card on the Clientes view', async () => {
    vi.mocked(ipc.getAgenda).mockResolvedValue(
      agenda({ dueToday: [item({ clientId: 'c7', clientName: 'Bodegas Pérez' })] }),
    );
    vi.mocked(ipc.getClient).mockResolvedValue(client({ id: 'c7', name: 'Bodegas Pérez' }));
    render(App);
    await ready();
    const row = await screen.findByTestId('agenda-row');
    await fireEvent.click(within(row).getByTestId('open-client'));
    expect(await screen.findByTestId('detail-name')).toHaveTextContent('Bodegas Pérez');
    expect(ipc.getClient).toHaveBeenCalledWith('c7');
    expect(screen.getByTestId('nav-clients')).toHaveAttribute('aria-current', 'page');
  });

  it('reloads the agenda when a follow-up changes', async () => {
    let emit: (change: { entity: 'follow_up'; id: string | null }) => void = () => {};
    vi.mocked(ipc.onChange).mockImplementation(async (handler) => {
      emit = handler;
      return () => {};
    });
    render(App);
    await ready();
    await waitFor(() => expect(ipc.onChange).toHaveBeenCalled());
    const before = vi.mocked(ipc.getAgenda).mock.calls.length;
    emit({ entity: 'follow_up', id: 'f1' });
    await waitFor(() => expect(vi.mocked(ipc.getAgenda).mock.calls.length).toBe(before + 1));
  });
});

describe('headings', () => {
  /** The texts of the level-one headings on screen now. */
  function titles(): string[] {
    return screen.getAllByRole('heading', { level: 1 }).map((h) => h.textContent?.trim() ?? '');
  }

  it('gives every screen exactly one level-one heading that names it, in both languages', async () => {
    render(App);
    await ready();
    expect(titles(), 'screen-reader users jump to a screen by its h1').toEqual(['Agenda']);
    await toClients();
    expect(titles()).toEqual(['Clientes']);
    await fireEvent.click(screen.getByTestId('nav-settings'));
    expect(titles()).toEqual(['Ajustes']);
    await fireEvent.click(screen.getByTestId('nav-trash'));
    expect(titles()).toEqual(['Papelera']);

    await fireEvent.change(screen.getByTestId('language'), { target: { value: 'en' } });
    expect(titles()).toEqual(['Trash']);
    // The settings screen reads the saved language back.
    vi.mocked(ipc.getSettings).mockResolvedValue(settings({ language: 'en' }));
    await fireEvent.click(screen.getByTestId('nav-settings'));
    await waitFor(() => expect(titles()).toEqual(['Settings']));
    await fireEvent.click(screen.getByTestId('nav-clients'));
    expect(titles()).toEqual(['Clients']);
    await fireEvent.click(screen.getByTestId('nav-agenda'));
    expect(titles()).toEqual(['Agenda']);
  });

  it('names the first run by its welcome', async () => {
    vi.mocked(ipc.isDatabaseEmpty).mockResolvedValue(true);
    render(App);
    await ready();
    expect(titles()).toEqual(['Tu cartera está vacía']);
  });
});
