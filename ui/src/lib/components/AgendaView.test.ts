import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import type { ClientToChase } from '$lib/bindings/ClientToChase';
import { NO_FILTER } from '$lib/domain';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { askAgendaEarly } from '$lib/first-screen';
import { i18n } from '$lib/i18n/index.svelte';
import * as ipc from '$lib/ipc';
import { agenda, cursor, dayPlan, followUp, interaction, item } from '../../test/ipc-mock';
import AgendaView from './AgendaView.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

function show(
  props: Partial<{ onopen: (id: string) => void; onnotify: (m: string) => void }> = {},
) {
  return render(AgendaView, { onopen: vi.fn(), onnotify: vi.fn(), ...props });
}

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
});

describe('AgendaView', () => {
  it('shows the agenda asked for at start without asking again; a filter asks anew', async () => {
    vi.mocked(ipc.getAgenda).mockResolvedValue(
      agenda({
        dueToday: [item({ followUpId: 't1', clientName: 'Ana Martínez' })],
        dueTodayTotal: 1,
      }),
    );
    askAgendaEarly();
    show();
    expect(await screen.findByText('Ana Martínez')).toBeInTheDocument();
    expect(ipc.getAgenda).toHaveBeenCalledTimes(1);
    await fireEvent.change(screen.getByTestId('agenda-colour'), { target: { value: 'red' } });
    await waitFor(() =>
      expect(ipc.getAgenda).toHaveBeenLastCalledWith({ ...NO_FILTER, colour: 'red', action: null }),
    );
  });

  it('shows overdue, today and the next 7 days, with the regime text for regime items', async () => {
    vi.mocked(ipc.getAgenda).mockResolvedValue(
      agenda({
        overdue: [
          item({ followUpId: 'o1', clientName: 'Bodegas Pérez', dueDate: '2025-03-01' }),
          item({
            followUpId: 'o2',
            clientId: 'c2',
            clientName: 'Talleres Ruiz',
            colour: 'red',
            origin: 'regime',
            purpose: '',
            dueDate: '2025-03-03',
            dueTime: null,
          }),
        ],
        overdueTotal: 5040,
        overdueNext: cursor('o2'),
        dueToday: [
          item({
            followUpId: 't1',
            clientName: 'Ana Martínez',
            colour: 'green',
            origin: 'regime',
            purpose: '',
            action: 'email',
            dueTime: null,
          }),
        ],
        upcomingTotal: 1250,
        upcomingNext: cursor('u1'),
        dueTodayTotal: 1,
        upcoming: [
          item({
            followUpId: 'u1',
            clientName: 'Frutas Gil',
            colour: 'yellow',
            origin: 'regime',
            purpose: '',
            dueDate: '2025-03-07',
            recurrence: { every: 2, unit: 'week', weekdays: [], until: null },
            action: 'visit',
          }),
        ],
      }),
    );
    show();

    const overdue = await screen.findByTestId('agenda-overdue');
    const today = screen.getByTestId('agenda-today');
    const upcoming = screen.getByTestId('agenda-upcoming');
    expect(within(overdue).getByRole('heading', { level: 2 })).toHaveTextContent('Vencidos');
    expect(within(today).getByRole('heading', { level: 2 })).toHaveTextContent('Hoy');
    expect(within(upcoming).getByRole('heading', { level: 2 })).toHaveTextContent(
      'Próximos 7 días',
    );
    expect(
      within(today).getByTestId('day-group'),
      "today's all-day items under their regime",
    ).toHaveTextContent('Verde — esperando su respuesta');

    const overdueRows = within(overdue).getAllByTestId('agenda-row');
    expect(overdueRows).toHaveLength(2);
    expect(overdueRows[0]).toHaveAttribute('data-follow-up-id', 'o1');
    expect(overdueRows[0]).toHaveAttribute('data-client-id', 'c1');
    expect(overdueRows[0]).toHaveTextContent('Bodegas Pérez');
    expect(overdueRows[0]).toHaveTextContent('Presentar la nueva tarifa');
    expect(overdueRows[0]).toHaveTextContent('Llamada');
    expect(overdueRows[0]).toHaveTextContent('10:30');
    expect(overdueRows[1]).toHaveTextContent('Seguimiento casi diario');
    expect(overdueRows[1], 'a dated row without a time is the whole day').not.toHaveTextContent(
      /\d:\d\d/,
    );
    expect(overdueRows[1]).toHaveTextContent('Rojo');
    expect(
      within(overdue).getByTestId('agenda-overdue-show-more'),
      'more to read from the core',
    ).toHaveTextContent('Mostrar 30 más');
    expect(
      within(overdue).getByTestId('agenda-overdue-count'),
      'the heading counts every overdue item, not the ones shown',
    ).toHaveTextContent('5.040');

    const todayRow = within(today).getByTestId('agenda-row');
    expect(todayRow).toHaveTextContent('¿Ha respondido?');
    expect(todayRow).toHaveTextContent('Correo');
    expect(todayRow).toHaveTextContent('Verde');

    expect(within(upcoming).getByTestId('agenda-upcoming-show-more')).toBeInTheDocument();
    expect(within(today).queryByTestId('agenda-today-show-more'), 'all read').toBeNull();
    const upcomingRow = within(upcoming).getByTestId('agenda-row');
    expect(upcomingRow).toHaveTextContent('Recordatorio');
    expect(upcomingRow).toHaveTextContent('Visita');
    expect(within(upcomingRow).getByTestId('row-recurring')).toHaveTextContent(
      'Cada 2 semanas, viernes',
    );
    expect(within(upcomingRow).getByTestId('row-purpose')).toHaveTextContent('Recordatorio');

    for (const row of screen.getAllByTestId('agenda-row')) {
      for (const id of ['complete', 'snooze', 'open-client']) {
        expect(within(row).getByTestId(id).tagName, id).toBe('BUTTON');
      }
    }
  });

  it('reads on through the core past the first page, and orders overdue newest first on request', async () => {
    const first = Array.from({ length: 30 }, (_, i) =>
      item({ followUpId: `o${i}`, clientId: `c${i}`, clientName: `Cliente ${i}` }),
    );
    vi.mocked(ipc.getAgenda).mockResolvedValue(
      agenda({ overdue: first, overdueTotal: 31, overdueNext: cursor('o29') }),
    );
    vi.mocked(ipc.getSection)
      .mockResolvedValueOnce({
        items: [item({ followUpId: 'o30', clientId: 'c30', clientName: 'El más reciente' })],
        next: null,
        total: null,
      })
      .mockResolvedValueOnce({
        items: [item({ followUpId: 'o30', clientId: 'c30', clientName: 'El más reciente' })],
        next: cursor('o30'),
        total: 31,
      });
    show();
    const overdue = await screen.findByTestId('agenda-overdue');
    expect(within(overdue).getAllByTestId('agenda-row')).toHaveLength(30);
    await fireEvent.click(within(overdue).getByTestId('agenda-overdue-show-more'));
    expect(ipc.getSection).toHaveBeenLastCalledWith({
      section: 'overdue',
      filter: { ...NO_FILTER, colour: null, action: null },
      newestFirst: false,
      after: cursor('o29'),
      limit: 100,
    });
    await waitFor(() => expect(within(overdue).getAllByTestId('agenda-row')).toHaveLength(31));
    expect(within(overdue).queryByTestId('agenda-overdue-show-more'), 'the end').toBeNull();

    await fireEvent.change(within(overdue).getByTestId('overdue-order'), {
      target: { value: 'newest' },
    });
    expect(ipc.getSection).toHaveBeenLastCalledWith(
      expect.objectContaining({ section: 'overdue', newestFirst: true, after: null, limit: 200 }),
    );
    await waitFor(() =>
      expect(within(overdue).getAllByTestId('agenda-row')[0]).toHaveTextContent('El más reciente'),
    );
    expect(within(overdue).getByTestId('agenda-overdue-count')).toHaveTextContent('31');
  });

  it('says how long ago an overdue item fell due, with the year when it was another year', async () => {
    vi.mocked(ipc.getAgenda).mockResolvedValue(
      agenda({
        today: '2026-01-05',
        overdue: [
          item({ followUpId: 'o1', clientName: 'Bodegas Pérez', dueDate: '2025-12-29' }),
          item({ followUpId: 'o2', clientName: 'Frutas Gil', dueDate: '2026-01-04' }),
        ],
        overdueTotal: 2,
      }),
    );
    show();
    const [old, recent] = await within(await screen.findByTestId('agenda-overdue')).findAllByTestId(
      'agenda-row',
    );
    expect(old).toHaveTextContent('lun, 29 dic 2025');
    expect(within(old).getByTestId('row-late')).toHaveTextContent('hace 7 días');
    expect(recent).toHaveTextContent('dom, 4 ene');
    expect(recent).not.toHaveTextContent('2026');
    expect(within(recent).getByTestId('row-late')).toHaveTextContent('ayer');

    i18n.lang = 'en';
    await waitFor(() =>
      expect(within(old).getByTestId('row-late')).toHaveTextContent('7 days ago'),
    );
    expect(old).toHaveTextContent('2025');
  });

  it('says so when a section is empty', async () => {
    show();
    expect(await screen.findByTestId('agenda-today')).toHaveTextContent('No hay nada para hoy.');
    expect(screen.queryByTestId('agenda-overdue-more')).toBeNull();
  });

  it('sends the colour and action filters to the backend', async () => {
    show();
    await screen.findByTestId('agenda-today');
    expect(ipc.getAgenda).toHaveBeenLastCalledWith({ ...NO_FILTER, colour: null, action: null });
    const root = screen.getByTestId('agenda');
    await fireEvent.change(root.querySelector('[name="agenda-colour"]')!, {
      target: { value: 'red' },
    });
    await fireEvent.change(root.querySelector('[name="agenda-action"]')!, {
      target: { value: 'visit' },
    });
    await waitFor(() =>
      expect(ipc.getAgenda).toHaveBeenLastCalledWith({
        ...NO_FILTER,
        colour: 'red',
        action: 'visit',
      }),
    );
  });

  it('filters by segment, tag and city in the core, and clears every filter at once', async () => {
    vi.mocked(ipc.listCities).mockResolvedValue([{ id: 'Ávila', name: 'Ávila', clients: 5 }]);
    render(AgendaView, {
      onopen: vi.fn(),
      onnotify: vi.fn(),
      // The app's segments and tags: the agenda does not read them again.
      labels: {
        segments: [{ id: 's1', name: 'Hostelería', clients: 3 }],
        tags: [{ id: 't1', name: 'VIP', clients: 2 }],
      },
    });
    const root = await screen.findByTestId('agenda');
    const city = root.querySelector<HTMLSelectElement>('[name="agenda-city"]')!;
    await waitFor(() => expect(city.options).toHaveLength(2));
    expect(city.options[1].textContent).toBe('Ávila (5)');
    await fireEvent.change(root.querySelector('[name="agenda-segment"]')!, {
      target: { value: 's1' },
    });
    await fireEvent.change(root.querySelector('[name="agenda-tag"]')!, {
      target: { value: 't1' },
    });
    await fireEvent.change(city, { target: { value: 'Ávila' } });
    await waitFor(() =>
      expect(ipc.getAgenda).toHaveBeenLastCalledWith({
        ...NO_FILTER,
        segmentId: 's1',
        tagId: 't1',
        city: 'Ávila',
      }),
    );
    await fireEvent.click(screen.getByTestId('agenda-clear-filters'));
    await waitFor(() => expect(ipc.getAgenda).toHaveBeenLastCalledWith(NO_FILTER));
    expect(ipc.listLabels).not.toHaveBeenCalled();
    expect(screen.queryByTestId('agenda-clear-filters')).toBeNull();
  });

  it('says when today is over capacity and moves the chosen surplus as one undoable batch', async () => {
    const low = item({ followUpId: 'f1', clientName: 'Ana Martínez', dueTime: null });
    const stuck = item({ followUpId: 'f2', clientName: 'Bodegas Pérez', dueTime: null });
    vi.mocked(ipc.getDayPlan).mockResolvedValue(
      dayPlan({
        planned: 26,
        capacity: 24,
        overCapacity: true,
        calls: { planned: 22, capacity: 20 },
        surplus: [
          { item: low, to: '2025-03-05' },
          { item: stuck, to: null },
        ],
        placed: 1,
      }),
    );
    vi.mocked(ipc.previewBulk).mockResolvedValue({
      acting: 1,
      left: 0,
      days: [{ date: '2025-03-06', count: 1 }],
    });
    vi.mocked(ipc.applyBulk).mockResolvedValue({ batchId: 'b7', acting: 1, left: 0 });
    const onnotify = vi.fn();
    show({ onnotify });
    const notice = await screen.findByTestId('capacity-notice');
    expect(within(notice).getByTestId('capacity-text').textContent?.trim()).toBe(
      'Hoy: 26 seguimientos; tu capacidad es 24',
    );
    // The core says how many have a day to go to: one (the other has no room).
    expect(within(notice).getByTestId('capacity-move')).toHaveTextContent(
      'Mover 1 al próximo día con hueco…',
    );
    await fireEvent.click(within(notice).getByTestId('capacity-move'));
    const dialog = await screen.findByTestId('surplus-dialog');
    const rows = within(dialog).getAllByTestId('surplus-row');
    expect(rows).toHaveLength(2);
    expect(within(dialog).queryByTestId('surplus-more'), 'all the day could move').toBeNull();
    // The one without room is offered unticked, with no date.
    expect(within(rows[1]).getByTestId<HTMLInputElement>('surplus-move').checked).toBe(false);
    await fireEvent.input(within(rows[0]).getByTestId('surplus-date'), {
      target: { value: '2025-03-06' },
    });
    const moved = {
      kind: 'move',
      to: [{ followUpId: 'f1', date: '2025-03-06' }],
    };
    await waitFor(() =>
      expect(ipc.previewBulk).toHaveBeenLastCalledWith({ kind: 'items', ids: ['f1'] }, moved),
    );
    const confirm = screen.getByTestId('surplus-confirm');
    await waitFor(() => expect(confirm).toBeEnabled());
    expect(confirm.textContent?.trim()).toBe('Mover 1 seguimiento');
    await fireEvent.click(confirm);
    await waitFor(() =>
      expect(ipc.applyBulk).toHaveBeenCalledWith({ kind: 'items', ids: ['f1'] }, moved),
    );
    expect(onnotify).toHaveBeenCalledWith('1 seguimiento movido', expect.any(Function));
    await waitFor(() => expect(screen.queryByTestId('surplus-dialog')).toBeNull());
    const undo = onnotify.mock.calls.at(-1)![1] as () => Promise<void>;
    await undo();
    expect(ipc.undoBulk).toHaveBeenCalledWith('b7');
  });

  it('says when the day holds more to move than one plan proposes', async () => {
    const low = item({ followUpId: 'f1', dueTime: null });
    vi.mocked(ipc.getDayPlan).mockResolvedValue(
      dayPlan({
        planned: 900,
        overCapacity: true,
        calls: { planned: 900, capacity: 20 },
        surplus: [{ item: low, to: '2025-03-05' }],
        placed: 1,
        moreSurplus: true,
      }),
    );
    show();
    await fireEvent.click(await screen.findByTestId('capacity-move'));
    const dialog = await screen.findByTestId('surplus-dialog');
    expect(within(dialog).getByTestId('surplus-more')).toHaveTextContent(
      'Hoy sobra más: se proponen como mucho 200 llamadas y 200 visitas a la vez.',
    );
  });

  it("groups today's visits by city as the core sends them", async () => {
    vi.mocked(ipc.getDayPlan).mockResolvedValue(
      dayPlan({
        route: [
          { city: 'Ávila', visits: [item({ followUpId: 'v1', clientName: 'Ana Martínez' })] },
          { city: null, visits: [item({ followUpId: 'v2', clientName: 'Bodegas Pérez' })] },
        ],
        routeTotal: 2,
      }),
    );
    show();
    const route = await screen.findByTestId('day-route');
    await waitFor(() => expect(within(route).getAllByTestId('route-city')).toHaveLength(2));
    expect(within(route).queryByTestId('route-partial'), 'all the day holds').toBeNull();
    const cities = within(route).getAllByTestId('route-city');
    expect(cities[0].textContent).toContain('Ávila');
    expect(cities[1].textContent).toContain('Sin ciudad');
    expect(
      within(route)
        .getAllByTestId('route-visit')
        .map((v) => v.textContent),
    ).toEqual([expect.stringContaining('Ana Martínez'), expect.stringContaining('Bodegas Pérez')]);
    expect(screen.queryByTestId('capacity-notice')).toBeNull();
  });

  it('says how many visits a route too long to list leaves out', async () => {
    vi.mocked(ipc.getDayPlan).mockResolvedValue(
      dayPlan({
        route: [
          { city: 'Ávila', visits: [item({ followUpId: 'v1' }), item({ followUpId: 'v2' })] },
        ],
        routeTotal: 1250,
      }),
    );
    show();
    const route = await screen.findByTestId('day-route');
    expect(await within(route).findByTestId('route-partial')).toHaveTextContent(
      'Las 2 primeras de 1.250 visitas, por hora.',
    );
  });

  it('completes a follow-up with outcome and note, then shows the next one', async () => {
    vi.mocked(ipc.getAgenda).mockResolvedValue(
      agenda({ dueToday: [item({ followUpId: 'f9', clientName: 'Bodegas Pérez' })] }),
    );
    vi.mocked(ipc.completeFollowUp).mockResolvedValue({
      interaction: interaction({ followUpId: 'f9' }),
      next: followUp({ id: 'f10', dueDate: '2025-03-11', dueTime: '09:15:00', action: 'visit' }),
    });
    show();
    const row = await screen.findByTestId('agenda-row');
    await fireEvent.click(within(row).getByTestId('complete'));

    const dialog = screen.getByTestId('complete-dialog');
    expect(dialog).toHaveTextContent('Bodegas Pérez');
    // The outcome is required: nothing is sent without it.
    await fireEvent.click(screen.getByTestId('complete-save'));
    expect(ipc.completeFollowUp).not.toHaveBeenCalled();
    expect(dialog).toHaveTextContent('Elige cómo ha ido');

    await fireEvent.change(screen.getByTestId('complete-outcome'), {
      target: { value: 'interested' },
    });
    await fireEvent.input(screen.getByTestId('complete-note'), {
      target: { value: '  Quiere muestras del nuevo vino ' },
    });
    const calls = vi.mocked(ipc.getAgenda).mock.calls.length;
    await fireEvent.click(screen.getByTestId('complete-save'));

    expect(ipc.completeFollowUp).toHaveBeenCalledWith(
      'f9',
      'interested',
      'Quiere muestras del nuevo vino',
      'forget',
    );
    const next = await screen.findByTestId('next-follow-up');
    expect(next).toHaveTextContent('Siguiente seguimiento: mar, 11 mar, 09:15, Visita');
    await waitFor(() => expect(vi.mocked(ipc.getAgenda).mock.calls.length).toBe(calls + 1));

    await fireEvent.click(screen.getByTestId('complete-close'));
    expect(screen.queryByTestId('complete-dialog')).toBeNull();
  });

  it('offers to move the next follow-up, and reschedules it', async () => {
    vi.mocked(ipc.getAgenda).mockResolvedValue(agenda({ dueToday: [item({ followUpId: 'f9' })] }));
    vi.mocked(ipc.completeFollowUp).mockResolvedValue({
      interaction: interaction(),
      next: followUp({ id: 'f10', dueDate: '2025-03-11', dueTime: null }),
    });
    vi.mocked(ipc.rescheduleFollowUp).mockResolvedValue(
      followUp({ id: 'f10', dueDate: '2025-03-12', dueTime: '16:00:00' }),
    );
    const onnotify = vi.fn();
    show({ onnotify });
    await fireEvent.click(within(await screen.findByTestId('agenda-row')).getByTestId('complete'));
    await fireEvent.change(screen.getByTestId('complete-outcome'), {
      target: { value: 'no_answer' },
    });
    await fireEvent.click(screen.getByTestId('complete-save'));
    await fireEvent.click(await screen.findByTestId('complete-reschedule'));

    const form = screen.getByTestId('follow-up-form');
    const date = form.querySelector('[name="dueDate"]') as HTMLInputElement;
    expect(date.value, 'prefilled with the next date').toBe('2025-03-11');
    await fireEvent.input(date, { target: { value: '2025-03-12' } });
    await fireEvent.input(form.querySelector('[name="dueTime"]')!, { target: { value: '16:00' } });
    await fireEvent.click(screen.getByTestId('save-follow-up'));

    await waitFor(() =>
      expect(ipc.rescheduleFollowUp).toHaveBeenCalledWith('f10', '2025-03-12', '16:00:00', false),
    );
    await waitFor(() => expect(screen.queryByTestId('follow-up-form')).toBeNull());
    expect(onnotify).toHaveBeenCalledWith('Nueva fecha: mié, 12 mar, 16:00');
  });

  it('says so when the follow-up was already completed elsewhere', async () => {
    vi.mocked(ipc.getAgenda).mockResolvedValue(agenda({ dueToday: [item()] }));
    vi.mocked(ipc.completeFollowUp).mockRejectedValue({
      kind: 'conflict',
      field: null,
      message: 'not pending',
    });
    show();
    await fireEvent.click(within(await screen.findByTestId('agenda-row')).getByTestId('complete'));
    await fireEvent.change(screen.getByTestId('complete-outcome'), {
      target: { value: 'reached' },
    });
    await fireEvent.click(screen.getByTestId('complete-save'));
    expect(await screen.findByTestId('complete-error')).toHaveTextContent(
      'Este seguimiento ya no está pendiente',
    );
  });

  it('snoozes from the menu and reports the new date', async () => {
    vi.mocked(ipc.getAgenda).mockResolvedValue(agenda({ dueToday: [item({ followUpId: 'f3' })] }));
    vi.mocked(ipc.snoozeFollowUp).mockResolvedValue(
      followUp({ id: 'f3', dueDate: '2025-03-05', dueTime: '09:00:00' }),
    );
    const onnotify = vi.fn();
    show({ onnotify });
    const row = await screen.findByTestId('agenda-row');
    const trigger = within(row).getByTestId('snooze');
    expect(trigger).toHaveAttribute('aria-expanded', 'false');
    await fireEvent.click(trigger);
    expect(trigger).toHaveAttribute('aria-expanded', 'true');
    const menu = screen.getByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((m) => m.textContent?.trim()),
    ).toEqual(['1 hora', 'Mañana por la mañana', 'La semana que viene', 'Otra fecha…']);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('snooze-one_hour')));
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('snooze-tomorrow_morning'));
    await fireEvent.click(screen.getByTestId('snooze-tomorrow_morning'));

    expect(ipc.snoozeFollowUp).toHaveBeenCalledWith('f3', 'tomorrow_morning');
    await waitFor(() => expect(onnotify).toHaveBeenCalledWith('Pospuesto a mié, 5 mar, 09:00'));
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('skips an occurrence of a series, and offers it on series only', async () => {
    const weekly = { every: 2, unit: 'week' as const, weekdays: [2], until: null };
    vi.mocked(ipc.getAgenda).mockResolvedValue(
      agenda({
        dueToday: [
          item({ followUpId: 'one-off' }),
          item({ followUpId: 'visit', clientId: 'c2', recurrence: weekly, seriesId: 'visit' }),
        ],
      }),
    );
    vi.mocked(ipc.skipOccurrence)
      .mockResolvedValueOnce(followUp({ id: 'next', dueDate: '2025-03-18', dueTime: '10:30:00' }))
      .mockResolvedValueOnce(null);
    vi.mocked(ipc.missedOccurrences).mockResolvedValue([]);
    const onnotify = vi.fn();
    show({ onnotify });
    const row = async (id: string) =>
      (await screen.findAllByTestId('agenda-row')).find((r) => r.dataset.followUpId === id)!;

    await fireEvent.click(within(await row('one-off')).getByTestId('snooze'));
    expect(screen.queryByTestId('snooze-skip'), 'a one-off is cancelled, not skipped').toBeNull();
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });

    for (const said of [
      'Saltado. La serie sigue el mar, 18 mar, 10:30',
      'Saltado. La serie ha terminado',
    ]) {
      await fireEvent.click(within(await row('visit')).getByTestId('snooze'));
      await fireEvent.click(screen.getByTestId('snooze-skip'));
      expect(ipc.skipOccurrence).toHaveBeenLastCalledWith('visit', 'forget');
      await waitFor(() => expect(onnotify).toHaveBeenLastCalledWith(said));
    }
  });

  it('picks rows (Shift for a run), says what a spread will do, does it, and undoes it', async () => {
    vi.mocked(ipc.getAgenda).mockResolvedValue(
      agenda({
        overdue: ['o1', 'o2', 'o3', 'o4'].map((id, i) =>
          item({ followUpId: id, clientId: `c${i}`, clientName: `Cliente ${i}` }),
        ),
        overdueTotal: 250,
        overdueNext: cursor('o4'),
      }),
    );
    vi.mocked(ipc.previewBulk).mockResolvedValue({
      acting: 3,
      left: 0,
      days: [
        { date: '2025-03-05', count: 2 },
        { date: '2025-03-06', count: 1 },
      ],
    });
    vi.mocked(ipc.applyBulk).mockResolvedValue({ batchId: 'b7', acting: 3, left: 0 });
    const onnotify = vi.fn();
    show({ onnotify });
    const overdue = await screen.findByTestId('agenda-overdue');
    const checks = within(overdue).getAllByTestId('row-pick');
    await fireEvent.click(checks[3]);
    await fireEvent.click(checks[1], { shiftKey: true });
    const bar = screen.getByTestId('bulk-bar');
    expect(within(bar).getByTestId('bulk-count')).toHaveTextContent('3 seleccionados');
    expect(
      within(overdue)
        .getAllByTestId('agenda-row')
        .map((r) => r.classList.contains('picked')),
    ).toEqual([false, true, true, true]);
    expect(within(bar).getByTestId('bulk-select-all')).toHaveTextContent(
      'Seleccionar los 250 de «Vencidos»',
    );

    await fireEvent.click(within(bar).getByTestId('bulk-spread'));
    const dialog = await screen.findByTestId('bulk-dialog');
    await waitFor(() =>
      expect(ipc.previewBulk).toHaveBeenLastCalledWith(
        { kind: 'items', ids: ['o2', 'o3', 'o4'] },
        { kind: 'spread', days: 5, perDay: 30 },
      ),
    );
    const summary = within(dialog).getByTestId('bulk-summary');
    await waitFor(() =>
      expect(summary).toHaveTextContent('Se moverán 3 seguimientos, en el orden de la lista:'),
    );
    expect(summary).toHaveTextContent('mié, 5 mar');
    expect(ipc.applyBulk, 'nothing done before the summary is accepted').not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('bulk-confirm'));
    await waitFor(() =>
      expect(onnotify).toHaveBeenCalledWith('3 seguimientos repartidos', expect.any(Function)),
    );
    expect(screen.queryByTestId('bulk-bar'), 'the selection is done with').toBeNull();

    const undo = onnotify.mock.calls.find((c) => c[0] === '3 seguimientos repartidos')![1];
    await undo();
    expect(ipc.undoBulk).toHaveBeenCalledWith('b7');
    expect(onnotify).toHaveBeenLastCalledWith('Deshecho: todo está como antes');
  });

  it('"select all N" hands the core the whole section under the filter', async () => {
    vi.mocked(ipc.getAgenda).mockResolvedValue(
      agenda({
        overdue: [item({ followUpId: 'o1' })],
        overdueTotal: 250,
        overdueNext: cursor('o1'),
      }),
    );
    vi.mocked(ipc.previewBulk).mockResolvedValue({ acting: 250, left: 0, days: [] });
    show();
    await fireEvent.click(await screen.findByTestId('row-pick'));
    await fireEvent.click(screen.getByTestId('bulk-select-all'));
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('250 seleccionados');
    await fireEvent.click(screen.getByTestId('bulk-complete'));
    await waitFor(() =>
      expect(ipc.previewBulk).toHaveBeenLastCalledWith(
        {
          kind: 'section',
          section: 'overdue',
          filter: { ...NO_FILTER, colour: null, action: null },
          newestFirst: false,
        },
        { kind: 'complete', outcome: 'reached', note: '' },
      ),
    );
  });

  it('works through by keyboard: moves, picks, completes, and the focus lands on the next row', async () => {
    const rows = ['o1', 'o2', 'o3'].map((id, i) =>
      item({ followUpId: id, clientId: `c${i}`, clientName: `Cliente ${i}` }),
    );
    vi.mocked(ipc.getAgenda)
      .mockResolvedValueOnce(agenda({ overdue: rows, overdueTotal: 3 }))
      .mockResolvedValue(agenda({ overdue: [rows[0], rows[2]], overdueTotal: 2 }));
    vi.mocked(ipc.completeFollowUp).mockResolvedValue({
      interaction: interaction({ followUpId: 'o2' }),
      next: null,
    });
    show();
    const overdue = await screen.findByTestId('agenda-overdue');
    const row = (id: string) =>
      within(overdue)
        .getAllByTestId('agenda-row')
        .find((r) => r.dataset.followUpId === id)!;
    row('o1').focus();
    await fireEvent.keyDown(document.activeElement!, { key: 'j' });
    expect(document.activeElement).toBe(row('o2'));
    await fireEvent.keyDown(document.activeElement!, { key: 'x' });
    expect(row('o2')).toHaveClass('picked');
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('1 seleccionado');
    await fireEvent.keyDown(document.activeElement!, { key: 'k' });
    expect(document.activeElement).toBe(row('o1'));
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });

    await fireEvent.keyDown(document.activeElement!, { key: 'd' });
    const outcome = await screen.findByTestId('complete-outcome');
    await fireEvent.change(outcome, { target: { value: 'reached' } });
    await fireEvent.keyDown(outcome, { key: 'Enter' });
    expect(ipc.completeFollowUp, 'Enter on the outcome saves').toHaveBeenCalledWith(
      'o2',
      'reached',
      '',
      'forget',
    );
    await fireEvent.click(await screen.findByTestId('complete-close'));
    await waitFor(() => expect(document.activeElement).toBe(row('o3')));

    await fireEvent.keyDown(document.activeElement!, { key: '?' });
    expect(await screen.findByTestId('triage-keys')).toHaveTextContent('Siguiente seguimiento');
  });

  it('"Otra fecha…" opens the reschedule form', async () => {
    vi.mocked(ipc.getAgenda).mockResolvedValue(agenda({ dueToday: [item({ followUpId: 'f3' })] }));
    show();
    await fireEvent.click(within(await screen.findByTestId('agenda-row')).getByTestId('snooze'));
    await fireEvent.click(screen.getByTestId('snooze-other'));
    const form = screen.getByTestId('follow-up-form');
    expect((form.querySelector('[name="dueDate"]') as HTMLInputElement).value).toBe('2025-03-04');
    expect((form.querySelector('[name="dueTime"]') as HTMLInputElement).value).toBe('10:30');
    expect(form.querySelector('[name="repeat"]'), 'only the date moves').toBeNull();
  });

  it('reads a list of clients to chase on past its first page, under its whole count', async () => {
    const quietClient = (n: number): ClientToChase => ({
      clientId: `q${n}`,
      name: `Cliente ${n}`,
      colour: 'none',
      lastContactAt: null,
      days: BigInt(90 - n),
    });
    vi.mocked(ipc.getChase).mockImplementation(async ({ list, after }) => {
      if (list === 'waiting') return { items: [], total: 0, next: null };
      return after === null
        ? { items: [quietClient(1), quietClient(2)], total: 1250, next: { key: 'k', row: 2 } }
        : { items: [quietClient(3)], total: null, next: null };
    });
    show();
    const quiet = await screen.findByTestId('quiet-list');
    await waitFor(() =>
      expect(within(quiet).getByTestId('quiet-list-count')).toHaveTextContent('1.250'),
    );
    expect(within(quiet).getAllByTestId('chase-row')).toHaveLength(2);
    await fireEvent.click(within(quiet).getByTestId('quiet-list-show-more'));
    await waitFor(() => expect(within(quiet).getAllByTestId('chase-row')).toHaveLength(3));
    expect(ipc.getChase).toHaveBeenLastCalledWith({
      list: 'quiet',
      after: { key: 'k', row: 2 },
      limit: 100,
    });
    expect(within(quiet).queryByTestId('quiet-list-show-more'), 'the end').toBeNull();
  });

  it("lists clients waiting for an answer and clients not contacted lately, in the core's order", async () => {
    vi.mocked(ipc.getChase).mockImplementation(async ({ list }) =>
      list === 'waiting'
        ? {
            items: [
              {
                clientId: 'g0',
                name: 'Sin fecha',
                colour: 'green',
                lastContactAt: null,
                days: null,
              },
              { clientId: 'g2', name: 'Largo', colour: 'green', lastContactAt: null, days: 21n },
              { clientId: 'g1', name: 'Corto', colour: 'green', lastContactAt: null, days: 3n },
              { clientId: 'g3', name: 'Recién', colour: 'green', lastContactAt: null, days: 0n },
            ],
            total: 4,
            next: null,
          }
        : {
            items: [
              {
                clientId: 'q2',
                name: 'Nunca visto',
                colour: 'none',
                lastContactAt: null,
                days: null,
              },
              {
                clientId: 'q1',
                name: 'Hace tiempo',
                colour: 'yellow',
                lastContactAt: null,
                days: 45n,
              },
            ],
            total: 731,
            next: { key: '2026-09-01T08:00:00Z', row: 7 },
          },
    );
    const onopen = vi.fn();
    show({ onopen });

    const waiting = await screen.findByTestId('waiting-list');
    await waitFor(() => expect(within(waiting).getAllByTestId('chase-row')).toHaveLength(4));
    const waitingRows = within(waiting).getAllByTestId('chase-row');
    expect(waiting).toHaveTextContent('Esperando respuesta');
    expect(waitingRows.map((r) => r.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Sin fecha Sin preguntar aún',
      'Largo 21 días',
      'Corto 3 días',
      'Recién Desde hoy',
    ]);

    const quiet = screen.getByTestId('quiet-list');
    expect(quiet).toHaveTextContent('Sin contacto en 30 días');
    expect(
      within(quiet).getByTestId('quiet-list-count'),
      'a real count from the core, not the length of the capped list',
    ).toHaveTextContent('731');
    expect(within(quiet).getByTestId('quiet-list-show-more')).toHaveTextContent('Mostrar 50 más');
    const quietRows = within(quiet).getAllByTestId('chase-row');
    expect(quietRows[0]).toHaveTextContent('Nunca visto');
    expect(quietRows[0]).toHaveTextContent('Nunca');
    expect(quietRows[1]).toHaveTextContent('hace 45 días');

    await fireEvent.click(within(waitingRows[1]).getByRole('button'));
    expect(onopen).toHaveBeenCalledWith('g2');
  });

  it('shows the week in seven columns, each day as the core sends it, and pages by week', async () => {
    // The core's order (all-day first, then by time); the UI only puts each day in its column.
    vi.mocked(ipc.getWeek).mockResolvedValue({
      days: [
        {
          date: '2025-03-05',
          total: 3,
          items: [
            item({
              followUpId: 'w2',
              dueDate: '2025-03-05',
              dueTime: null,
              clientName: 'Todo el día',
            }),
            item({
              followUpId: 'w3',
              dueDate: '2025-03-05',
              dueTime: '08:00:00',
              clientName: 'Pronto',
            }),
            item({
              followUpId: 'w1',
              dueDate: '2025-03-05',
              dueTime: '12:00:00',
              clientName: 'Mediodía',
            }),
          ],
        },
        {
          date: '2025-03-09',
          total: 1_251,
          items: [
            item({ followUpId: 'w4', dueDate: '2025-03-09', dueTime: null, clientName: 'Domingo' }),
          ],
        },
      ],
    });
    show();
    await screen.findByTestId('agenda-today');
    const toggle = screen.getByTestId('week-view-toggle');
    await fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');

    const week = screen.getByTestId('week-view');
    expect(ipc.getWeek).toHaveBeenCalledWith('2025-03-03', {
      ...NO_FILTER,
      colour: null,
      action: null,
    });
    const days = within(week).getAllByTestId('week-day');
    expect(days).toHaveLength(7);
    expect(days[0]).toHaveTextContent('lunes');
    expect(days[6]).toHaveTextContent('domingo');
    expect(days[1], 'today').toHaveAttribute('data-date', '2025-03-04');
    await waitFor(() => expect(within(days[2]).getAllByTestId('week-item')).toHaveLength(3));
    expect(
      within(days[2])
        .getAllByTestId('week-item')
        .map((el) => el.dataset.followUpId),
    ).toEqual(['w2', 'w3', 'w1']);
    expect(within(days[6]).getByTestId('week-item')).toHaveTextContent('Domingo');
    expect(within(days[6]).getByTestId('week-day-more')).toHaveTextContent('y 1.250 más');
    expect(within(days[6]).getByTestId('week-day-total')).toHaveTextContent('1.251 seguimientos');
    expect(within(days[3]).queryByTestId('week-day-total'), 'a free day counts nothing').toBeNull();
    expect(within(days[2]).queryByTestId('week-day-more'), 'all of Wednesday shown').toBeNull();
    expect(days[3]).toHaveTextContent('Libre');

    await fireEvent.click(within(week).getByTestId('week-next'));
    await waitFor(() =>
      expect(ipc.getWeek).toHaveBeenLastCalledWith('2025-03-10', {
        ...NO_FILTER,
        colour: null,
        action: null,
      }),
    );
    await fireEvent.click(within(week).getByTestId('week-today'));
    await waitFor(() =>
      expect(ipc.getWeek).toHaveBeenLastCalledWith('2025-03-03', {
        ...NO_FILTER,
        colour: null,
        action: null,
      }),
    );

    await fireEvent.click(toggle);
    expect(screen.queryByTestId('week-view')).toBeNull();
    expect(screen.getByTestId('agenda-today')).toBeInTheDocument();
  });

  it('shows the next week busy, not the last one, until it has been read', async () => {
    vi.mocked(ipc.getWeek).mockResolvedValueOnce({
      days: [
        {
          date: '2025-03-05',
          total: 1,
          items: [item({ followUpId: 'w1', dueDate: '2025-03-05' })],
        },
      ],
    });
    show();
    await screen.findByTestId('agenda-today');
    await fireEvent.click(screen.getByTestId('week-view-toggle'));
    const week = screen.getByTestId('week-view');
    await waitFor(() => expect(within(week).getAllByTestId('week-item')).toHaveLength(1));
    let answer!: (w: { days: [] }) => void;
    vi.mocked(ipc.getWeek).mockReturnValueOnce(new Promise((done) => (answer = done)));
    await fireEvent.click(within(week).getByTestId('week-next'));
    const columns = week.querySelector('.columns');
    expect(columns, 'read again, not the last week').toHaveAttribute('aria-busy', 'true');
    expect(within(week).getAllByTestId('week-day')[0]).toHaveAttribute('data-date', '2025-03-10');
    answer({ days: [] });
    await waitFor(() => expect(columns).toHaveAttribute('aria-busy', 'false'));
  });

  it('names the weekdays in English too', async () => {
    i18n.lang = 'en';
    show();
    await screen.findByTestId('agenda-today');
    await fireEvent.click(screen.getByTestId('week-view-toggle'));
    const days = within(screen.getByTestId('week-view')).getAllByTestId('week-day');
    expect(days[0]).toHaveTextContent('Monday');
    expect(days[0]).toHaveTextContent('3 Mar');
    expect(screen.getByTestId('week-today')).toHaveTextContent('This week');
  });
});
