import { beforeEach, describe, expect, it, vi } from 'vitest';
import { NO_FILTER } from '$lib/domain';
import * as ipc from '$lib/ipc';
import { agenda } from '../test/ipc-mock';
import { askAgendaEarly, firstScreenReady, forgetEarlyAgenda, takeEarlyAgenda } from './first-screen';

vi.mock('$lib/ipc', async () => (await import('../test/ipc-mock')).ipcMock());

beforeEach(() => {
  vi.resetAllMocks();
  forgetEarlyAgenda();
});

describe('the agenda asked for at start', () => {
  it('is the unfiltered agenda, asked once and taken once', async () => {
    const early = agenda({ overdueTotal: 7 });
    vi.mocked(ipc.getAgenda).mockResolvedValue(early);
    askAgendaEarly();
    expect(ipc.getAgenda).toHaveBeenCalledExactlyOnceWith({
      ...NO_FILTER,
      colour: null,
      action: null,
    });
    await expect(takeEarlyAgenda()).resolves.toBe(early);
    expect(takeEarlyAgenda(), 'a second load must ask anew').toBeNull();
  });

  it('is forgotten when the start will not show it, so a later agenda asks anew', () => {
    vi.mocked(ipc.getAgenda).mockResolvedValue(agenda());
    askAgendaEarly();
    forgetEarlyAgenda();
    expect(takeEarlyAgenda()).toBeNull();
  });

  it('failing does not raise an unhandled rejection when nobody takes it', async () => {
    vi.mocked(ipc.getAgenda).mockRejectedValue(new Error('no database'));
    askAgendaEarly();
    forgetEarlyAgenda();
    // An unhandled rejection would fail this run (vitest reports it as an error).
    await new Promise((r) => setTimeout(r, 0));
  });
});

describe('the first screen reported', () => {
  it('shows the window first, then lets the deferred work start once a frame is drawn', async () => {
    const order: string[] = [];
    vi.mocked(ipc.firstScreenPainted).mockImplementation(async () => {
      order.push('shown');
    });
    vi.mocked(ipc.firstFrameDrawn).mockImplementation(async () => {
      order.push(`drawn (stamped: ${document.documentElement.dataset.paintedAt !== undefined})`);
    });
    await firstScreenReady();
    expect(order).toEqual(['shown', 'drawn (stamped: true)']);
    await firstScreenReady();
    expect(ipc.firstFrameDrawn, 'reported once per start').toHaveBeenCalledOnce();
  });
});
