import { beforeEach, describe, expect, it, vi } from 'vitest';
import { NO_FILTER } from '$lib/domain';
import * as ipc from '$lib/ipc';
import { agenda } from '../test/ipc-mock';
import { askAgendaEarly, forgetEarlyAgenda, takeEarlyAgenda } from './first-screen';

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
