import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientFilter } from '$lib/bindings/ClientFilter';
import * as ipc from '$lib/ipc';
import { summaries, summary } from '../../test/ipc-mock';
import ClientList from './ClientList.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

const ROW = 56;
const filter: ClientFilter = {
  search: null,
  segmentId: null,
  tagId: null,
  colour: null,
  status: null,
};

function scrollTo(el: HTMLElement, top: number) {
  el.scrollTop = top;
  return fireEvent.scroll(el);
}

beforeEach(() => {
  vi.resetAllMocks();
});

describe('ClientList', () => {
  it('renders the rows of the page with name, kind, city, segment, status and colour', async () => {
    vi.mocked(ipc.listClients).mockResolvedValue({
      items: [
        summary({ id: 'a', name: 'Ana Martínez' }),
        summary({
          id: 'b',
          name: 'Bodegas Pérez',
          kind: 'company',
          city: 'Jerez',
          segment: 'Hostelería',
          status: 'at_risk',
          colour: 'red',
        }),
      ],
      next: null,
    });
    vi.mocked(ipc.countClients).mockResolvedValue({ total: 2, moreThan: false });
    render(ClientList, { filter, sort: 'name', openId: null, onopen: vi.fn() });

    await waitFor(() => expect(screen.getAllByTestId('client-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('client-row');
    expect(rows.map((r) => r.dataset.id)).toEqual(['a', 'b']);
    for (const text of ['Bodegas Pérez', 'Empresa', 'Jerez', 'Hostelería', 'En riesgo', 'Rojo']) {
      expect(rows[1]).toHaveTextContent(text);
    }
    expect(screen.getByTestId('client-count')).toHaveTextContent('2 clientes');
    expect(ipc.listClients).toHaveBeenCalledWith({ filter, sort: 'name', after: null, limit: 100 });
  });

  it('asks for the next page with the cursor only when scrolled near the end', async () => {
    const cursor = { key: 'cliente 00200', id: 'id-200' };
    vi.mocked(ipc.listClients)
      .mockResolvedValueOnce({ items: summaries(200), next: cursor })
      .mockResolvedValueOnce({ items: summaries(50, 200), next: null });
    vi.mocked(ipc.countClients).mockResolvedValue({ total: 250, moreThan: false });
    render(ClientList, { filter, sort: 'updated', openId: null, onopen: vi.fn() });
    const list = await screen.findByTestId('client-list');
    await waitFor(() => expect(screen.getAllByTestId('client-row').length).toBeGreaterThan(0));
    expect(ipc.listClients, 'the first screenful must not fetch page two').toHaveBeenCalledTimes(1);

    await scrollTo(list, 200 * ROW - 600);
    await waitFor(() => expect(ipc.listClients).toHaveBeenCalledTimes(2));
    expect(ipc.listClients).toHaveBeenLastCalledWith({
      filter,
      sort: 'updated',
      after: cursor,
      limit: 200,
    });

    await scrollTo(list, 250 * ROW - 600);
    await waitFor(() =>
      expect(screen.getAllByTestId('client-row').map((r) => r.dataset.id)).toContain('id-250'),
    );
    expect(ipc.listClients, 'no page after the last one').toHaveBeenCalledTimes(2);
  });

  it('says "más de 1.000" when a broad search was not counted to the end', async () => {
    vi.mocked(ipc.listClients).mockResolvedValue({ items: summaries(100), next: null });
    vi.mocked(ipc.countClients).mockResolvedValue({ total: 1000, moreThan: true });
    render(ClientList, { filter, sort: 'name', openId: null, onopen: vi.fn() });
    await waitFor(() =>
      expect(screen.getByTestId('client-count')).toHaveTextContent('Más de 1.000 clientes'),
    );
  });

  it('keeps only a window of rows in the DOM for 100,000 clients', async () => {
    vi.mocked(ipc.listClients).mockResolvedValue({ items: summaries(100_000), next: null });
    vi.mocked(ipc.countClients).mockResolvedValue({ total: 100_000, moreThan: false });
    render(ClientList, { filter, sort: 'name', openId: null, onopen: vi.fn() });
    const list = await screen.findByTestId('client-list');
    await waitFor(() => expect(screen.getAllByTestId('client-row').length).toBeGreaterThan(0));

    expect(screen.getByTestId('client-count')).toHaveTextContent('100.000 clientes');
    expect(
      screen.getAllByTestId('client-row').length,
      'one DOM node per client would freeze the app',
    ).toBeLessThan(40);
    expect((list.firstElementChild as HTMLElement).style.height).toBe(`${100_000 * ROW}px`);

    await scrollTo(list, 50_000 * ROW);
    await waitFor(() =>
      expect(screen.getAllByTestId('client-row').map((r) => r.dataset.id)).toContain('id-50001'),
    );
    expect(screen.getAllByTestId('client-row').length).toBeLessThan(40);
    expect(screen.queryByText('Cliente 00001'), 'rows scrolled away leave the DOM').toBeNull();
  });

  it('moves the selection with the arrow keys and opens it with Enter', async () => {
    vi.mocked(ipc.listClients).mockResolvedValue({ items: summaries(3), next: null });
    const onopen = vi.fn();
    render(ClientList, { filter, sort: 'name', openId: null, onopen });
    const list = await screen.findByTestId('client-list');
    await waitFor(() => expect(screen.getAllByTestId('client-row')).toHaveLength(3));

    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowUp' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    const selected = screen
      .getAllByTestId('client-row')
      .filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected.map((r) => r.dataset.id)).toEqual(['id-2']);
    expect(list).toHaveAttribute('aria-activedescendant', 'client-option-id-2');
    expect(onopen).not.toHaveBeenCalled();

    await fireEvent.keyDown(list, { key: 'Enter' });
    expect(onopen).toHaveBeenCalledWith('id-2');
  });

  it('starts again from the first page when the filter changes', async () => {
    vi.mocked(ipc.listClients).mockResolvedValue({ items: summaries(2), next: null });
    const view = render(ClientList, { filter, sort: 'name', openId: null, onopen: vi.fn() });
    await waitFor(() => expect(ipc.listClients).toHaveBeenCalledTimes(1));

    const searched = { ...filter, search: 'perez' };
    await view.rerender({ filter: searched, sort: 'name', openId: null, onopen: vi.fn() });
    await waitFor(() =>
      expect(ipc.listClients).toHaveBeenLastCalledWith({
        filter: searched,
        sort: 'name',
        after: null,
        limit: 100,
      }),
    );
    expect(ipc.countClients).toHaveBeenLastCalledWith(searched);
  });
});
