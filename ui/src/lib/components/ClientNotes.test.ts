import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as ipc from '$lib/ipc';
import { i18n } from '$lib/i18n/index.svelte';
import { note } from '../../test/ipc-mock';
import ClientNotes from './ClientNotes.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

const doubt = note({ id: 'd1', kind: 'doubt', body: '¿Hacéis envíos a Portugal?' });
const need = note({ id: 'n2', kind: 'need', body: 'Catálogo en papel' });

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
  vi.mocked(ipc.openNotes).mockResolvedValue([doubt, need]);
  vi.mocked(ipc.resolveNote).mockResolvedValue({ ...doubt, resolvedAt: '2025-03-02T10:00:00Z' });
});

describe('ClientNotes', () => {
  it('lists the doubts and needs still to answer and marks one answered', async () => {
    const onnotify = vi.fn();
    const onchanged = vi.fn();
    render(ClientNotes, { clientId: 'c1', clientName: 'Ferretería Norte', onnotify, onchanged });
    const open = await screen.findByTestId('open-questions');
    expect(open).toHaveTextContent('Por responder');
    const rows = within(open).getAllByTestId('open-question');
    expect(rows.map((r) => within(r).getByTestId('note-kind').textContent)).toEqual([
      'Duda',
      'Necesidad',
    ]);
    vi.mocked(ipc.openNotes).mockResolvedValue([need]);
    await fireEvent.click(within(rows[0]).getByTestId('answer-note'));
    expect(ipc.resolveNote).toHaveBeenCalledWith('d1', true);
    await waitFor(() => expect(screen.getAllByTestId('open-question')).toHaveLength(1));
    expect(onnotify).toHaveBeenCalledWith('Marcada como respondida');
    expect(onchanged, 'the history shows the answer').toHaveBeenCalled();
  });

  it('says where notes go when nothing waits for an answer, and adds one', async () => {
    vi.mocked(ipc.openNotes).mockResolvedValue([]);
    vi.mocked(ipc.saveNote).mockResolvedValue(note());
    const onchanged = vi.fn();
    render(ClientNotes, { clientId: 'c1', clientName: 'Ferretería Norte', onchanged });
    expect(await screen.findByTestId('no-open-questions')).toHaveTextContent(
      'las notas quedan en el historial',
    );
    await fireEvent.click(screen.getByTestId('add-note'));
    expect(screen.getByText('Nota sobre Ferretería Norte')).toBeInTheDocument();
    const body = screen.getByTestId('note-form').querySelector('[name="body"]')!;
    await fireEvent.input(body, { target: { value: 'Llamar por la mañana' } });
    await fireEvent.click(screen.getByTestId('save-note'));
    await waitFor(() => expect(onchanged).toHaveBeenCalled());
    expect(screen.queryByTestId('note-form')).toBeNull();
  });
});
