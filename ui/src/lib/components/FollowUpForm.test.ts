import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { todayIso } from '$lib/dates';
import { i18n } from '$lib/i18n/index.svelte';
import * as ipc from '$lib/ipc';
import { followUp, item } from '../../test/ipc-mock';
import FollowUpForm from './FollowUpForm.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

function field(name: string): HTMLInputElement {
  const el = screen.getByTestId('follow-up-form').querySelector(`[name="${name}"]`);
  if (!el) throw new Error(`no field named ${name}`);
  return el as HTMLInputElement;
}

function weekday(n: number): HTMLInputElement {
  return screen
    .getByTestId('follow-up-form')
    .querySelector(`[name="weekdays"][value="${n}"]`) as HTMLInputElement;
}

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
});

describe('FollowUpForm', () => {
  it('starts today, without time and without repetition', () => {
    render(FollowUpForm, { clientId: 'c1', onsaved: vi.fn(), oncancel: vi.fn() });
    expect(field('dueDate').value).toBe(todayIso());
    expect(field('dueTime').value).toBe('');
    expect(field('repeat').value).toBe('none');
    expect(screen.getByTestId('follow-up-form').querySelector('[name="every"]')).toBeNull();
  });

  it('builds a weekly Monday + Thursday recurrence', async () => {
    const saved = followUp({ id: 'new' });
    vi.mocked(ipc.createFollowUp).mockResolvedValue(saved);
    const onsaved = vi.fn();
    render(FollowUpForm, { clientId: 'c1', clientName: 'Ana', onsaved, oncancel: vi.fn() });

    await fireEvent.change(field('action'), { target: { value: 'visit' } });
    await fireEvent.input(field('dueDate'), { target: { value: '2025-03-03' } });
    await fireEvent.input(field('dueTime'), { target: { value: '10:30' } });
    await fireEvent.input(field('purpose'), { target: { value: '  Llevar el catálogo ' } });
    await fireEvent.change(field('repeat'), { target: { value: 'week' } });
    await fireEvent.input(field('every'), { target: { value: '2' } });
    // Thursday first: the order of ticking does not matter.
    await fireEvent.click(weekday(4));
    await fireEvent.click(weekday(1));
    expect(weekday(1).parentElement).toHaveTextContent('lun');
    await fireEvent.click(screen.getByTestId('save-follow-up'));

    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(saved));
    expect(ipc.createFollowUp).toHaveBeenCalledWith('c1', {
      action: 'visit',
      purpose: 'Llevar el catálogo',
      dueDate: '2025-03-03',
      dueTime: '10:30:00',
      recurrence: { every: 2, unit: 'week', weekdays: [1, 4], until: null },
    });
  });

  it('sends no recurrence and no time when none is chosen', async () => {
    render(FollowUpForm, { clientId: 'c1', onsaved: vi.fn(), oncancel: vi.fn() });
    await fireEvent.input(field('dueDate'), { target: { value: '2025-03-10' } });
    await fireEvent.click(screen.getByTestId('save-follow-up'));
    await waitFor(() =>
      expect(ipc.createFollowUp).toHaveBeenCalledWith('c1', {
        action: 'call',
        purpose: '',
        dueDate: '2025-03-10',
        dueTime: null,
        recurrence: null,
      }),
    );
  });

  it('shows a backend error on "until" under that field', async () => {
    vi.mocked(ipc.createFollowUp).mockRejectedValue({
      kind: 'validation',
      field: 'until',
      message: 'until before the first date',
    });
    render(FollowUpForm, { clientId: 'c1', onsaved: vi.fn(), oncancel: vi.fn() });
    await fireEvent.input(field('dueDate'), { target: { value: '2025-03-10' } });
    await fireEvent.change(field('repeat'), { target: { value: 'month' } });
    await fireEvent.input(field('until'), { target: { value: '2025-03-01' } });
    await fireEvent.click(screen.getByTestId('save-follow-up'));

    const error = await screen.findByTestId('error-until');
    expect(error).toHaveTextContent('La fecha final no es válida');
    expect(error).not.toHaveTextContent('until before');
    const until = field('until');
    expect(until).toHaveAttribute('aria-invalid', 'true');
    expect(until.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
    await waitFor(() => expect(document.activeElement).toBe(until));
    expect(ipc.createFollowUp).toHaveBeenCalledWith(
      'c1',
      expect.objectContaining({
        recurrence: { every: 1, unit: 'month', weekdays: [], until: '2025-03-01' },
      }),
    );
  });

  it('checks the interval before calling the backend', async () => {
    render(FollowUpForm, { clientId: 'c1', onsaved: vi.fn(), oncancel: vi.fn() });
    await fireEvent.change(field('repeat'), { target: { value: 'day' } });
    await fireEvent.input(field('every'), { target: { value: '0' } });
    await fireEvent.click(screen.getByTestId('save-follow-up'));
    expect(await screen.findByTestId('error-every')).toHaveTextContent(
      'Escribe un número entero mayor que 0',
    );
    expect(ipc.createFollowUp).not.toHaveBeenCalled();
  });

  it('puts an error the form has no field for on the whole form', async () => {
    vi.mocked(ipc.createFollowUp).mockRejectedValue({
      kind: 'not_found',
      field: null,
      message: 'client',
    });
    render(FollowUpForm, { clientId: 'c1', onsaved: vi.fn(), oncancel: vi.fn() });
    await fireEvent.click(screen.getByTestId('save-follow-up'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('Ese cliente ya no existe');
  });
});

describe('FollowUpForm, unsaved changes', () => {
  const asked = () => screen.queryByRole('alertdialog', { name: '¿Descartar los cambios?' });

  it('asks on Esc when something was typed, keeps it, and discards on request', async () => {
    const oncancel = vi.fn();
    render(FollowUpForm, { clientId: 'c1', onsaved: vi.fn(), oncancel });
    await fireEvent.input(field('purpose'), { target: { value: 'Llevar el catálogo' } });
    await fireEvent.keyDown(field('purpose'), { key: 'Escape' });

    expect(asked()).toBeInTheDocument();
    expect(oncancel).not.toHaveBeenCalled();
    expect(field('purpose').value).toBe('Llevar el catálogo');

    await fireEvent.click(screen.getByRole('button', { name: 'Descartar' }));
    expect(oncancel).toHaveBeenCalledTimes(1);
    expect(ipc.createFollowUp).not.toHaveBeenCalled();
  });

  it('asks on Cancel too, and not when the change was undone', async () => {
    const oncancel = vi.fn();
    render(FollowUpForm, { clientId: 'c1', onsaved: vi.fn(), oncancel });
    await fireEvent.change(field('repeat'), { target: { value: 'week' } });
    await fireEvent.click(screen.getByTestId('cancel'));
    expect(asked()).toBeInTheDocument();
    expect(oncancel).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByRole('button', { name: 'Seguir editando' }));
    expect(asked()).toBeNull();
    await fireEvent.change(field('repeat'), { target: { value: 'none' } });
    await fireEvent.click(screen.getByTestId('cancel'));
    expect(oncancel).toHaveBeenCalledTimes(1);
  });

  it('asks when a new date was picked to move a follow-up', async () => {
    const oncancel = vi.fn();
    render(FollowUpForm, {
      reschedule: item({ dueDate: '2025-03-10' }),
      onsaved: vi.fn(),
      oncancel,
    });
    await fireEvent.input(field('dueDate'), { target: { value: '2025-03-12' } });
    await fireEvent.keyDown(field('dueDate'), { key: 'Escape' });
    expect(asked()).toBeInTheDocument();
    expect(oncancel).not.toHaveBeenCalled();
  });

  it('moves one occurrence of a series alone, or the series with it when asked', async () => {
    const series = item({
      followUpId: 's1',
      dueDate: '2025-03-11',
      dueTime: '10:00:00',
      recurrence: { every: 2, unit: 'week', weekdays: [2], until: null },
    });
    const { unmount } = render(FollowUpForm, {
      reschedule: series,
      onsaved: vi.fn(),
      oncancel: vi.fn(),
    });
    expect(screen.getByTestId('series-scope')).toHaveTextContent('Solo esta');
    await fireEvent.input(field('dueDate'), { target: { value: '2025-03-13' } });
    await fireEvent.click(screen.getByTestId('save-follow-up'));
    await waitFor(() =>
      expect(ipc.rescheduleFollowUp).toHaveBeenLastCalledWith(
        's1',
        '2025-03-13',
        '10:00:00',
        false,
      ),
    );
    unmount();

    render(FollowUpForm, { reschedule: series, onsaved: vi.fn(), oncancel: vi.fn() });
    await fireEvent.input(field('dueDate'), { target: { value: '2025-03-13' } });
    await fireEvent.click(screen.getByLabelText(/Esta y las siguientes/));
    await fireEvent.click(screen.getByTestId('save-follow-up'));
    await waitFor(() =>
      expect(ipc.rescheduleFollowUp).toHaveBeenLastCalledWith('s1', '2025-03-13', '10:00:00', true),
    );
  });

  it('asks nothing about a series when moving a one-off', () => {
    render(FollowUpForm, { reschedule: item(), onsaved: vi.fn(), oncancel: vi.fn() });
    expect(screen.queryByTestId('series-scope')).toBeNull();
  });
});
