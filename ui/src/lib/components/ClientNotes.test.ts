import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as ipc from '$lib/ipc';
import { i18n } from '$lib/i18n/index.svelte';
import { note } from '../../test/ipc-mock';
import ClientNotes from './ClientNotes.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

const doubt = note({ id: 'd1', kind: 'doubt', body: '¿Hacéis envíos a Portugal?' });
const comparison = note({
  id: 'k1',
  kind: 'competitor',
  body: 'Allí el saco sale a 4,10 €',
  competitor: 'Bricomart',
  aspect: 'price',
});

function show() {
  const onnotify = vi.fn();
  render(ClientNotes, { clientId: 'c1', clientName: 'Ferretería Norte', onnotify });
  return onnotify;
}

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
  vi.mocked(ipc.openNotes).mockResolvedValue([doubt]);
  vi.mocked(ipc.clientNotes).mockResolvedValue({ items: [comparison, doubt], next: null });
  vi.mocked(ipc.resolveNote).mockResolvedValue({ ...doubt, resolvedAt: '2025-03-02T10:00:00Z' });
  vi.mocked(ipc.trashNote).mockResolvedValue(undefined);
  vi.mocked(ipc.restoreNote).mockResolvedValue(comparison);
});

describe('ClientNotes', () => {
  it('lists the open doubts apart and marks one answered', async () => {
    const onnotify = show();
    const open = await screen.findByTestId('open-questions');
    expect(open).toHaveTextContent('Por responder');
    expect(within(open).getByTestId('open-question')).toHaveTextContent(
      '¿Hacéis envíos a Portugal?',
    );
    const rows = await screen.findAllByTestId('note-row');
    expect(rows[0]).toHaveTextContent('Competencia');
    expect(within(rows[0]).getByTestId('note-details')).toHaveTextContent(
      'Frente a Bricomart, en Precio',
    );
    vi.mocked(ipc.openNotes).mockResolvedValue([]);
    await fireEvent.click(within(open).getByTestId('answer-note'));
    expect(ipc.resolveNote).toHaveBeenCalledWith('d1', true);
    await waitFor(() => expect(screen.queryByTestId('open-questions')).toBeNull());
    expect(onnotify).toHaveBeenCalledWith('Marcada como respondida');
  });

  it('filters the notes by kind, the pressed kind marked', async () => {
    show();
    await screen.findAllByTestId('note-row');
    expect(ipc.clientNotes).toHaveBeenLastCalledWith('c1', null, null, 20);
    vi.mocked(ipc.clientNotes).mockResolvedValue({ items: [], next: null });
    const doubts = screen.getByTestId('note-filter-doubt');
    expect(doubts).toHaveTextContent('Dudas');
    await fireEvent.click(doubts);
    await waitFor(() => expect(ipc.clientNotes).toHaveBeenLastCalledWith('c1', 'doubt', null, 20));
    expect(doubts).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('note-filter-all')).toHaveAttribute('aria-pressed', 'false');
    expect(await screen.findByTestId('no-notes')).toHaveTextContent('No hay notas de este tipo.');
  });

  it('sends a note to the trash with an undo that brings it back', async () => {
    const onnotify = show();
    const rows = await screen.findAllByTestId('note-row');
    await fireEvent.click(within(rows[0]).getByTestId('trash-note'));
    expect(ipc.trashNote).toHaveBeenCalledWith('k1');
    await waitFor(() => expect(onnotify).toHaveBeenCalled());
    const [message, undo] = onnotify.mock.calls[0];
    expect(message).toBe('Nota enviada a la papelera');
    await undo();
    expect(ipc.restoreNote).toHaveBeenCalledWith('k1');
  });

  it('pages on after the last note shown', async () => {
    vi.mocked(ipc.clientNotes)
      .mockResolvedValueOnce({
        items: [comparison],
        next: { notedAt: comparison.notedAt, id: 'k1' },
      })
      .mockResolvedValueOnce({ items: [doubt], next: null });
    show();
    await fireEvent.click(await screen.findByTestId('more-notes'));
    await waitFor(() =>
      expect(ipc.clientNotes).toHaveBeenLastCalledWith(
        'c1',
        null,
        { notedAt: comparison.notedAt, id: 'k1' },
        20,
      ),
    );
    await waitFor(() => expect(screen.getAllByTestId('note-row')).toHaveLength(2));
    expect(screen.queryByTestId('more-notes')).toBeNull();
  });
});
