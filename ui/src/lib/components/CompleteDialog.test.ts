import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Recurrence } from '$lib/bindings/Recurrence';
import { i18n } from '$lib/i18n/index.svelte';
import * as ipc from '$lib/ipc';
import { interaction, item } from '../../test/ipc-mock';
import CompleteDialog from './CompleteDialog.svelte';
import FollowUpDialogs from './FollowUpDialogs.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

const everyTwoWeeks: Recurrence = { every: 2, unit: 'week', weekdays: [2], until: null };
// This year's, so they show without one.
const year = new Date().getFullYear();
const wentBy = [`${year}-02-04`, `${year}-02-18`];

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
  vi.mocked(ipc.completeFollowUp).mockResolvedValue({ interaction: interaction(), next: null });
  vi.mocked(ipc.skipOccurrence).mockResolvedValue(null);
});

async function complete(recurrence: Recurrence | null, uncheck = false) {
  render(CompleteDialog, { item: item({ recurrence }), onreschedule: vi.fn(), onclose: vi.fn() });
  if (recurrence) {
    const choice = await screen.findByTestId('complete-log-missed');
    expect(choice).toHaveTextContent(
      /^Anotar como no realizadas las 2 ocasiones que pasaron: \S+ 4 feb · \S+ 18 feb$/,
    );
    const box = choice.querySelector('input') as HTMLInputElement;
    expect(box.checked, 'nothing is lost unless the user says so').toBe(true);
    if (uncheck) await fireEvent.click(box);
  }
  await fireEvent.change(screen.getByTestId('complete-outcome'), { target: { value: 'reached' } });
  await fireEvent.click(screen.getByTestId('complete-save'));
  await screen.findByTestId('complete-close');
}

describe('CompleteDialog, occurrences that went by', () => {
  it('offers to log them as missed, checked, and says so to the core', async () => {
    vi.mocked(ipc.missedOccurrences).mockResolvedValue(wentBy);
    await complete(everyTwoWeeks);
    expect(ipc.missedOccurrences).toHaveBeenCalledWith('f1');
    expect(ipc.completeFollowUp).toHaveBeenCalledWith('f1', 'reached', '', 'log');
  });

  it('forgets them when unchecked', async () => {
    vi.mocked(ipc.missedOccurrences).mockResolvedValue(wentBy);
    await complete(everyTwoWeeks, true);
    expect(ipc.completeFollowUp).toHaveBeenCalledWith('f1', 'reached', '', 'forget');
  });

  it('asks nothing for a one-off', async () => {
    await complete(null);
    expect(ipc.missedOccurrences).not.toHaveBeenCalled();
    expect(screen.queryByTestId('complete-log-missed')).toBeNull();
    expect(ipc.completeFollowUp).toHaveBeenCalledWith('f1', 'reached', '', 'forget');
  });
});

describe('Skipping an occurrence', () => {
  function dialogs() {
    const onchanged = vi.fn();
    const onnotify = vi.fn();
    const view = render(FollowUpDialogs, { onchanged, onnotify });
    return { host: view.component, onchanged, onnotify };
  }

  it('skips at once when nothing went by', async () => {
    vi.mocked(ipc.missedOccurrences).mockResolvedValue([]);
    const { host, onnotify } = dialogs();
    await host.skip(item({ recurrence: everyTwoWeeks }));
    expect(ipc.skipOccurrence).toHaveBeenCalledWith('f1', 'forget');
    expect(onnotify).toHaveBeenCalledWith('Saltado. La serie ha terminado');
    expect(screen.queryByTestId('skip-dialog')).toBeNull();
  });

  it('skips once however fast the second click comes', async () => {
    let answer: (dates: string[]) => void = () => {};
    vi.mocked(ipc.missedOccurrences).mockReturnValue(new Promise((done) => (answer = done)));
    const { host } = dialogs();
    const first = host.skip(item({ recurrence: everyTwoWeeks }));
    await host.skip(item({ recurrence: everyTwoWeeks }));
    answer([]);
    await first;
    expect(ipc.missedOccurrences).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(ipc.skipOccurrence).toHaveBeenCalledTimes(1));
  });

  it('asks about what went by: log and skip, skip only, or nothing', async () => {
    vi.mocked(ipc.missedOccurrences).mockResolvedValue(wentBy);
    const { host } = dialogs();
    await host.skip(item({ recurrence: everyTwoWeeks }));
    const asked = await screen.findByTestId('skip-dialog');
    expect(asked).toHaveTextContent(
      /Antes de hoy pasaron 2 ocasiones más de esta serie sin hacerse \(\S+ 4 feb · \S+ 18 feb\)\./,
    );
    expect(screen.getByTestId('skip-log')).toHaveFocus();
    expect(ipc.skipOccurrence).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('cancel'));
    expect(screen.queryByTestId('skip-dialog')).toBeNull();
    expect(ipc.skipOccurrence, 'Cancel skips nothing').not.toHaveBeenCalled();

    await host.skip(item({ recurrence: everyTwoWeeks }));
    await fireEvent.click(await screen.findByTestId('skip-log'));
    await waitFor(() => expect(ipc.skipOccurrence).toHaveBeenCalledWith('f1', 'log'));

    await host.skip(item({ recurrence: everyTwoWeeks }));
    await fireEvent.click(await screen.findByTestId('skip-only'));
    await waitFor(() => expect(ipc.skipOccurrence).toHaveBeenLastCalledWith('f1', 'forget'));
  });
});
