import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as ipc from '$lib/ipc';
import { i18n } from '$lib/i18n/index.svelte';
import { followUp, lateClient } from '../../test/ipc-mock';
import LateToBuy from './LateToBuy.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

function show(over: Partial<{ ready: boolean; refresh: number }> = {}) {
  const onnotify = vi.fn();
  const onopen = vi.fn();
  const view = render(LateToBuy, {
    ready: true,
    refresh: 0,
    onopen,
    onnotify,
    ...over,
  });
  return { onnotify, onopen, view };
}

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
  vi.mocked(ipc.lateToBuy).mockResolvedValue({ items: [lateClient()], next: null, total: 1 });
  vi.mocked(ipc.snoozeLateToBuy).mockResolvedValue('2025-03-11');
  vi.mocked(ipc.dismissLateToBuy).mockResolvedValue(undefined);
});

describe('LateToBuy', () => {
  it('reads nothing until the agenda is on the page', async () => {
    const { view } = show({ ready: false });
    expect(screen.getByTestId('late-list')).toHaveTextContent('Cargando');
    expect(ipc.lateToBuy).not.toHaveBeenCalled();
    await view.rerender({ ready: true });
    await screen.findByTestId('late-row');
    expect(ipc.lateToBuy).toHaveBeenCalledWith(null, 50);
  });

  it('says how the client buys and how long it has been, in Spanish and English', async () => {
    show();
    const row = await screen.findByTestId('late-row');
    expect(row).toHaveTextContent('Distribuidora Norte');
    expect(within(row).getByTestId('late-rhythm')).toHaveTextContent(
      'Suele comprar cada 21 días; van 30 días',
    );
    expect(screen.getByTestId('late-list-count')).toHaveTextContent('1');
    i18n.lang = 'en';
    await waitFor(() =>
      expect(within(row).getByTestId('late-rhythm')).toHaveTextContent(
        'Usually buys every 21 days; it has been 30 days',
      ),
    );
  });

  it('snoozes a week (the core says until when) and dismisses until the next purchase', async () => {
    const { onnotify } = show();
    await screen.findByTestId('late-row');
    vi.mocked(ipc.lateToBuy).mockResolvedValue({ items: [], next: null, total: 0 });
    await fireEvent.click(screen.getByTestId('late-snooze'));
    expect(ipc.snoozeLateToBuy).toHaveBeenCalledWith('c1', null);
    await waitFor(() => expect(onnotify).toHaveBeenCalled());
    expect(onnotify.mock.calls[0][0]).toMatch(/^Distribuidora Norte vuelve a la lista el 11 mar/);
    await waitFor(() =>
      expect(screen.getByTestId('late-list')).toHaveTextContent(
        'Ningún cliente va con retraso en sus compras.',
      ),
    );

    vi.mocked(ipc.lateToBuy).mockResolvedValue({ items: [lateClient()], next: null, total: 1 });
    show({ refresh: 1 });
    const rows = await screen.findAllByTestId('late-dismiss');
    await fireEvent.click(rows[0]);
    expect(ipc.dismissLateToBuy).toHaveBeenCalledWith('c1');
  });

  it('plans a call with a purpose that says why, and keeps the item away until the day after', async () => {
    vi.mocked(ipc.createFollowUp).mockResolvedValue(followUp({ dueDate: '2025-03-06' }));
    const { onnotify } = show();
    await screen.findByTestId('late-row');
    await fireEvent.click(screen.getByTestId('late-call'));
    const form = await screen.findByTestId('follow-up-form');
    const purpose = form.querySelector<HTMLInputElement>('[name="purpose"]');
    expect(purpose?.value).toBe('Suele comprar cada 21 días y van 30 días: ¿necesita algo?');
    expect(form.querySelector<HTMLSelectElement>('[name="action"]')?.value).toBe('call');
    await fireEvent.click(screen.getByTestId('save-follow-up'));
    await waitFor(() => expect(ipc.snoozeLateToBuy).toHaveBeenCalledWith('c1', '2025-03-06'));
    await waitFor(() =>
      expect(onnotify).toHaveBeenCalledWith(
        expect.stringMatching(/^Llamada a Distribuidora Norte planificada para el 6 mar/),
      ),
    );
    expect(screen.queryByTestId('follow-up-form')).toBeNull();
  });

  it('shows a failed read where the list would be', async () => {
    vi.mocked(ipc.lateToBuy).mockRejectedValue({
      kind: 'storage',
      message: 'disk I/O error',
      field: null,
      fields: [],
    });
    show();
    expect(await screen.findByRole('alert')).toBeInTheDocument();
  });
});
