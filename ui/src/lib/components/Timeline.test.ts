import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryCursor } from '$lib/bindings/HistoryCursor';
import type { HistoryPage } from '$lib/bindings/HistoryPage';
import type { TimelineEntry } from '$lib/bindings/TimelineEntry';
import { i18n } from '$lib/i18n/index.svelte';
import * as ipc from '$lib/ipc';
import { entry, followUp, interaction, note, purchase } from '../../test/ipc-mock';
import Timeline from './Timeline.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

/** `n` interactions, newest first, one day apart, ids "i1"… from `from`. */
function page(n: number, from = 0): TimelineEntry[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k + 1;
    return entry({
      id: `i${i}`,
      occurredAt: new Date(Date.UTC(2025, 2, 1) - i * 86_400_000).toISOString(),
      summary: `Contacto ${i}`,
    });
  });
}

const EVERYTHING = { show: null, noteKind: null };

/** A page of the history holding `entries` (contacts), then `next`. */
function history(entries: TimelineEntry[], next: HistoryCursor | null = null): HistoryPage {
  return { items: entries.map((e) => ({ type: 'contact' as const, ...e })), next };
}

function field(name: string): HTMLInputElement {
  return screen
    .getByTestId('interaction-form')
    .querySelector(`[name="${name}"]`) as HTMLInputElement;
}

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
});

describe('Timeline', () => {
  it('asks for the next page after the last item shown', async () => {
    const first = page(20);
    const after = { at: first[19].occurredAt, id: first[19].id };
    vi.mocked(ipc.clientHistory)
      .mockResolvedValueOnce(history(first, after))
      .mockResolvedValueOnce(history(page(5, 20)));
    render(Timeline, { clientId: 'c1', clientName: 'Ana' });

    await waitFor(() => expect(screen.getAllByTestId('timeline-item')).toHaveLength(20));
    expect(ipc.clientHistory).toHaveBeenCalledWith('c1', EVERYTHING, null, 20);

    await fireEvent.click(screen.getByTestId('timeline-more'));
    expect(ipc.clientHistory).toHaveBeenLastCalledWith('c1', EVERYTHING, after, 20);
    await waitFor(() => expect(screen.getAllByTestId('timeline-item')).toHaveLength(25));
    expect(screen.queryByTestId('timeline-more'), 'no cursor: the last page').toBeNull();
  });

  it('shows channel, direction, outcome and summary', async () => {
    vi.mocked(ipc.clientHistory).mockResolvedValue(
      history([
        entry({
          channel: 'whatsapp',
          direction: 'inbound',
          outcome: 'call_back',
          summary: 'Pide precio',
        }),
      ]),
    );
    render(Timeline, { clientId: 'c1', clientName: 'Ana' });
    const row = await screen.findByTestId('timeline-item');
    expect(row).toHaveTextContent('WhatsApp');
    expect(row).toHaveTextContent('Nos contactó');
    expect(within(row).getByTestId('timeline-outcome')).toHaveTextContent('Pide que le llamen');
    expect(row).toHaveTextContent('Pide precio');
    expect(screen.queryByTestId('timeline-more')).toBeNull();
  });

  it('marks an occurrence logged as missed, with its purpose and no direction', async () => {
    vi.mocked(ipc.clientHistory).mockResolvedValue(
      history([
        entry({ id: 'i1', summary: 'Llamó ayer' }),
        entry({
          id: 'f1',
          missed: true,
          channel: 'visit',
          outcome: null,
          summary: 'Reponer expositor',
          occurredAt: '2025-02-18T09:00:00Z',
          followUpId: 'f1',
        }),
      ]),
    );
    render(Timeline, { clientId: 'c1', clientName: 'Ana' });
    await waitFor(() => expect(screen.getAllByTestId('timeline-item')).toHaveLength(2));
    const [contact, missed] = screen.getAllByTestId('timeline-item');
    expect(contact).not.toHaveTextContent('No se hizo');
    expect(missed).toHaveAttribute('data-missed', 'true');
    expect(missed).toHaveTextContent('Visita');
    expect(missed).toHaveTextContent('No se hizo');
    expect(missed).toHaveTextContent('Reponer expositor');
    expect(missed.querySelector('time'), 'the day it went by, no time').toHaveTextContent(
      /^18 feb 2025$/,
    );
    expect(missed, 'it was not done: no direction, not "follow-up done"').not.toHaveTextContent(
      /Le contactamos|Seguimiento hecho/,
    );
  });

  it('logs an interaction: "now" unless the date was changed, outcome optional', async () => {
    vi.mocked(ipc.logInteraction).mockResolvedValue({ interaction: interaction(), nextSteps: [] });
    const onchanged = vi.fn();
    const onnotify = vi.fn();
    render(Timeline, { clientId: 'c1', clientName: 'Ana', onchanged, onnotify });
    await waitFor(() => expect(ipc.clientHistory).toHaveBeenCalled());
    expect(
      await screen.findByText(
        'Todavía no hay nada en el historial: ni contactos, ni notas, ni compras.',
      ),
    ).toBeVisible();

    await fireEvent.click(screen.getByTestId('log-interaction'));
    expect(field('occurredAt').value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await fireEvent.change(field('channel'), { target: { value: 'visit' } });
    await fireEvent.change(field('direction'), { target: { value: 'inbound' } });
    await fireEvent.input(field('summary'), { target: { value: ' Vino a la tienda ' } });
    await fireEvent.click(screen.getByTestId('save-interaction'));

    await waitFor(() => expect(onchanged).toHaveBeenCalled());
    expect(ipc.logInteraction).toHaveBeenCalledWith('c1', {
      channel: 'visit',
      direction: 'inbound',
      outcome: null,
      summary: 'Vino a la tienda',
      occurredAt: null,
    });
    expect(onnotify).toHaveBeenCalledWith('Interacción registrada');
    expect(screen.queryByTestId('interaction-form')).toBeNull();

    await fireEvent.click(screen.getByTestId('log-interaction'));
    await fireEvent.change(field('outcome'), { target: { value: 'interested' } });
    await fireEvent.input(field('occurredAt'), { target: { value: '2025-02-20T17:45' } });
    await fireEvent.click(screen.getByTestId('save-interaction'));
    await waitFor(() => expect(ipc.logInteraction).toHaveBeenCalledTimes(2));
    expect(ipc.logInteraction).toHaveBeenLastCalledWith(
      'c1',
      expect.objectContaining({
        outcome: 'interested',
        occurredAt: new Date('2025-02-20T17:45').toISOString(),
      }),
    );
  });

  it("offers a green client's answer's next steps, the likeliest focused, one click", async () => {
    vi.mocked(ipc.logInteraction).mockResolvedValue({
      interaction: interaction({ direction: 'inbound', outcome: 'interested' }),
      nextSteps: [
        { kind: 'colour', colour: 'yellow' },
        { kind: 'colour', colour: 'red' },
      ],
    });
    vi.mocked(ipc.takeNextStep).mockResolvedValue(
      followUp({ dueDate: '2025-03-11', dueTime: null, origin: 'regime' }),
    );
    const onchanged = vi.fn();
    const onnotify = vi.fn();
    render(Timeline, { clientId: 'c1', clientName: 'Ana', onchanged, onnotify });
    await fireEvent.click(await screen.findByTestId('log-interaction'));
    await fireEvent.change(field('direction'), { target: { value: 'inbound' } });
    await fireEvent.change(field('outcome'), { target: { value: 'interested' } });
    await fireEvent.click(screen.getByTestId('save-interaction'));

    const dialog = await screen.findByTestId('answer-dialog');
    const steps = within(dialog).getAllByTestId('answer-step');
    expect(steps.map((s) => s.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Amarillo Le interesa: recordatorios periódicos',
      'Rojo Le interesa mucho: seguimiento casi diario',
    ]);
    await waitFor(() => expect(document.activeElement).toBe(steps[0]));
    await fireEvent.click(steps[0]);
    expect(ipc.takeNextStep).toHaveBeenCalledWith(
      'c1',
      { kind: 'colour', colour: 'yellow' },
      'Volver a preguntar',
    );
    await waitFor(() =>
      expect(onnotify).toHaveBeenLastCalledWith(
        'Ahora en amarillo. Próximo seguimiento: mar, 11 mar (todo el día).',
      ),
    );
    expect(screen.queryByTestId('answer-dialog')).toBeNull();
    expect(onchanged).toHaveBeenCalledTimes(2);
  });

  it('keeps a client green when the answer was no answer at all', async () => {
    vi.mocked(ipc.logInteraction).mockResolvedValue({
      interaction: interaction(),
      nextSteps: [{ kind: 'askAgainLater', days: 90 }],
    });
    render(Timeline, { clientId: 'c1', clientName: 'Ana' });
    await fireEvent.click(await screen.findByTestId('log-interaction'));
    await fireEvent.click(screen.getByTestId('save-interaction'));
    expect(
      within(await screen.findByTestId('answer-dialog')).getByTestId('answer-step'),
    ).toHaveTextContent('No por ahora: volver a preguntar dentro de 90 días');
    await fireEvent.click(screen.getByTestId('answer-keep-waiting'));
    expect(screen.queryByTestId('answer-dialog')).toBeNull();
    expect(ipc.takeNextStep).not.toHaveBeenCalled();
  });

  it('shows a backend error under the summary', async () => {
    vi.mocked(ipc.logInteraction).mockRejectedValue({
      kind: 'validation',
      field: 'summary',
      message: 'empty',
    });
    render(Timeline, { clientId: 'c1', clientName: 'Ana' });
    await fireEvent.click(screen.getByTestId('log-interaction'));
    await fireEvent.click(screen.getByTestId('save-interaction'));
    expect(await screen.findByTestId('interaction-error-summary')).toHaveTextContent(
      'El resumen no es válido',
    );
    expect(field('summary')).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('Timeline, unsaved interaction', () => {
  const asked = () => screen.queryByRole('alertdialog', { name: '¿Descartar los cambios?' });

  it('asks on Esc when a summary was typed, keeps it, and discards on request', async () => {
    render(Timeline, { clientId: 'c1', clientName: 'Ana' });
    await waitFor(() => expect(ipc.clientHistory).toHaveBeenCalled());
    await fireEvent.click(screen.getByTestId('log-interaction'));
    const summary = field('summary');
    summary.focus();
    await fireEvent.input(summary, { target: { value: 'Pide presupuesto' } });
    await fireEvent.keyDown(summary, { key: 'Escape' });

    expect(asked()).toBeInTheDocument();
    expect(screen.getByTestId('interaction-form')).toBeInTheDocument();
    expect(field('summary').value).toBe('Pide presupuesto');

    await fireEvent.keyDown(screen.getByRole('button', { name: 'Seguir editando' }), {
      key: 'Escape',
    });
    expect(asked(), 'Esc on the question keeps editing').toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(summary));

    await fireEvent.click(screen.getByTestId('cancel-interaction'));
    expect(asked(), 'Cancel asks too').toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Descartar' }));
    expect(screen.queryByTestId('interaction-form')).toBeNull();
    expect(ipc.logInteraction).not.toHaveBeenCalled();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('log-interaction')));
  });

  it('closes at once when what was typed was erased again', async () => {
    render(Timeline, { clientId: 'c1', clientName: 'Ana' });
    await waitFor(() => expect(ipc.clientHistory).toHaveBeenCalled());
    await fireEvent.click(screen.getByTestId('log-interaction'));
    await fireEvent.change(field('outcome'), { target: { value: 'interested' } });
    await fireEvent.keyDown(field('outcome'), { key: 'Escape' });
    expect(asked()).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Seguir editando' }));

    await fireEvent.change(field('outcome'), { target: { value: '' } });
    await fireEvent.keyDown(field('outcome'), { key: 'Escape' });
    expect(asked()).toBeNull();
    expect(screen.queryByTestId('interaction-form')).toBeNull();
  });

  it('shows notes and purchases among the contacts, newest first', async () => {
    vi.mocked(ipc.clientHistory).mockResolvedValue({
      items: [
        {
          type: 'note',
          ...note({
            id: 'k1',
            kind: 'competitor',
            body: 'Allí sale más barato',
            competitor: 'Bricomart',
            aspect: 'price',
          }),
        },
        { type: 'contact', ...entry({ id: 'i1', summary: 'Pide precio' }) },
        { type: 'purchase', ...purchase({ id: 'p1', description: 'Pedido de obra' }) },
      ],
      next: null,
    });
    render(Timeline, { clientId: 'c1', clientName: 'Ana' });
    const note_ = await screen.findByTestId('note-row');
    expect(note_).toHaveTextContent('Competencia');
    expect(note_).toHaveTextContent('Frente a Bricomart, en precio');
    const bought = screen.getByTestId('history-purchase');
    expect(bought).toHaveTextContent('Compra');
    expect(bought).toHaveTextContent('Pedido de obra');
    expect(bought.textContent?.replace(/\s/g, ' ')).toContain('12,50 €');
    const order = [...screen.getByTestId('timeline').children].map((li) => li.getAttribute('data-id'));
    expect(order).toEqual(['k1', 'i1', 'p1']);
  });

  it('shows one kind at a time when asked', async () => {
    render(Timeline, { clientId: 'c1', clientName: 'Ana' });
    await waitFor(() => expect(ipc.clientHistory).toHaveBeenCalled());
    const show = screen.getByTestId('history-show');
    await fireEvent.change(show, { target: { value: 'purchases' } });
    await waitFor(() =>
      expect(ipc.clientHistory).toHaveBeenLastCalledWith(
        'c1',
        { show: 'purchases', noteKind: null },
        null,
        20,
      ),
    );
    await fireEvent.change(show, { target: { value: 'note:doubt' } });
    await waitFor(() =>
      expect(ipc.clientHistory).toHaveBeenLastCalledWith(
        'c1',
        { show: 'notes', noteKind: 'doubt' },
        null,
        20,
      ),
    );
    expect(await screen.findByTestId('history-empty')).toHaveTextContent(
      'No hay nada de este tipo en el historial.',
    );
  });

  it('deletes a note with an undo, and reopens an answered one', async () => {
    const answered = note({ id: 'd1', kind: 'doubt', resolvedAt: '2025-03-02T10:00:00Z' });
    vi.mocked(ipc.clientHistory).mockResolvedValue({
      items: [{ type: 'note', ...answered }],
      next: null,
    });
    vi.mocked(ipc.trashNote).mockResolvedValue(undefined);
    vi.mocked(ipc.restoreNote).mockResolvedValue(answered);
    vi.mocked(ipc.resolveNote).mockResolvedValue({ ...answered, resolvedAt: null });
    const onnotify = vi.fn();
    const onchanged = vi.fn();
    render(Timeline, { clientId: 'c1', clientName: 'Ana', onnotify, onchanged });
    const row = await screen.findByTestId('note-row');
    expect(row).toHaveTextContent(/Respondida el/);
    await fireEvent.click(within(row).getByTestId('reopen-note'));
    expect(ipc.resolveNote).toHaveBeenCalledWith('d1', false);
    await waitFor(() => expect(onnotify).toHaveBeenCalledWith('Vuelve a estar por responder'));

    await fireEvent.click(within(await screen.findByTestId('note-row')).getByTestId('trash-note'));
    expect(ipc.trashNote).toHaveBeenCalledWith('d1');
    await waitFor(() =>
      expect(onnotify).toHaveBeenCalledWith('Nota enviada a la papelera', expect.any(Function)),
    );
    const undo = onnotify.mock.calls.find((c) => c[0] === 'Nota enviada a la papelera')![1];
    await undo();
    await waitFor(() => expect(ipc.restoreNote).toHaveBeenCalledWith('d1'));
    expect(onchanged).toHaveBeenCalled();
  });
});
