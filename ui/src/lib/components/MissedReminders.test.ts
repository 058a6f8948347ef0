import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as ipc from '$lib/ipc';
import MissedReminders from './MissedReminders.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

const reminder = (id: string, title: string) => ({
  id,
  title,
  body: '10:00 — ofrecer nueva lista de precios',
  createdAt: '2026-11-30T09:00:00Z',
});

beforeEach(() => {
  vi.resetAllMocks();
});

describe('MissedReminders', () => {
  it('shows nothing when every reminder reached the desktop', async () => {
    vi.mocked(ipc.missedNotifications).mockResolvedValue({ items: [], total: 0 });
    render(MissedReminders, {});
    await waitFor(() => expect(ipc.missedNotifications).toHaveBeenCalled());
    expect(screen.queryByTestId('missed-reminders')).toBeNull();
  });

  it('lists the reminders the desktop refused, with the whole count, until read', async () => {
    vi.mocked(ipc.missedNotifications).mockResolvedValueOnce({
      items: [reminder('n1', 'Llamar a Ferretería López')],
      total: 3,
    });
    render(MissedReminders, {});
    const section = await screen.findByTestId('missed-reminders');
    expect(section).toHaveTextContent('Avisos que no se pudieron mostrar');
    expect(section).toHaveTextContent('Llamar a Ferretería López');
    expect(section).toHaveTextContent('y 2 más');

    vi.mocked(ipc.missedNotifications).mockResolvedValue({ items: [], total: 0 });
    await fireEvent.click(screen.getByTestId('missed-dismiss'));
    expect(ipc.dismissMissedNotifications).toHaveBeenCalledWith(['n1']);
    await waitFor(() => expect(screen.queryByTestId('missed-reminders')).toBeNull());
  });
});
