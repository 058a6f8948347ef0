import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as ipc from '$lib/ipc';
import { i18n } from '$lib/i18n/index.svelte';
import { note } from '../../test/ipc-mock';
import NoteForm from './NoteForm.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

const field = <T extends HTMLElement>(name: string) =>
  screen.getByTestId('note-form').querySelector<T>(`[name="${name}"]`);

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
});

describe('NoteForm', () => {
  it('asks a comparison for the competitor and what it is about, and sends only those', async () => {
    const saved = note({ kind: 'competitor', competitor: 'Bricomart', aspect: 'price' });
    vi.mocked(ipc.saveNote).mockResolvedValue(saved);
    const onsaved = vi.fn();
    render(NoteForm, {
      clientId: 'c1',
      clientName: 'Ferretería Norte',
      note: null,
      onsaved,
      onclose: vi.fn(),
    });
    expect(field('competitor')).toBeNull();
    await fireEvent.change(field('kind')!, { target: { value: 'competitor' } });
    expect(screen.getByText('Cómo nos compara con otro proveedor, y en qué.')).toBeInTheDocument();
    await fireEvent.input(field('competitor')!, { target: { value: '  Bricomart ' } });
    await fireEvent.change(field('aspect')!, { target: { value: 'price' } });
    await fireEvent.input(field('body')!, { target: { value: 'Allí el saco sale a 4,10 €' } });
    await fireEvent.click(screen.getByTestId('save-note'));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(saved));
    expect(ipc.saveNote).toHaveBeenCalledWith('c1', null, {
      kind: 'competitor',
      body: 'Allí el saco sale a 4,10 €',
      sentiment: null,
      competitor: 'Bricomart',
      aspect: 'price',
    });
  });

  it('drops a feeling picked for an opinion once the note is of another kind', async () => {
    render(NoteForm, {
      clientId: 'c1',
      clientName: 'Ana',
      note: null,
      onsaved: vi.fn(),
      onclose: vi.fn(),
    });
    await fireEvent.change(field('kind')!, { target: { value: 'opinion' } });
    const happy = screen.getByLabelText('Contento');
    await fireEvent.click(happy);
    await fireEvent.change(field('kind')!, { target: { value: 'need' } });
    await fireEvent.input(field('body')!, { target: { value: 'Catálogo en papel' } });
    await fireEvent.click(screen.getByTestId('save-note'));
    await waitFor(() => expect(ipc.saveNote).toHaveBeenCalled());
    expect(vi.mocked(ipc.saveNote).mock.calls[0][2]).toMatchObject({
      kind: 'need',
      sentiment: null,
    });
  });

  it('puts the core’s problems under their fields, in Spanish', async () => {
    vi.mocked(ipc.saveNote).mockRejectedValue({
      kind: 'validation',
      message: 'invalid',
      field: null,
      fields: [
        {
          field: 'body',
          rule: 'required',
          message: 'required',
          min: null,
          max: null,
          from: null,
          to: null,
        },
        {
          field: 'aspect',
          rule: 'required',
          message: 'required',
          min: null,
          max: null,
          from: null,
          to: null,
        },
      ],
    });
    render(NoteForm, {
      clientId: 'c1',
      clientName: 'Ana',
      note: null,
      onsaved: vi.fn(),
      onclose: vi.fn(),
    });
    await fireEvent.change(field('kind')!, { target: { value: 'competitor' } });
    await fireEvent.click(screen.getByTestId('save-note'));
    expect(await screen.findByTestId('note-error-body')).toHaveTextContent(/obligatorio/i);
    expect(screen.getByTestId('note-error-aspect')).toBeInTheDocument();
    expect(field('body')).toHaveAttribute('aria-invalid', 'true');
    // The first field in error, in the form's order, takes the focus.
    await waitFor(() => expect(document.activeElement).toBe(field('aspect')));
  });

  it('edits a note with its values in place', async () => {
    const opinion = note({
      id: 'n7',
      kind: 'opinion',
      body: 'Contento con la pintura',
      sentiment: 4,
    });
    render(NoteForm, {
      clientId: 'c1',
      clientName: 'Ana',
      note: opinion,
      onsaved: vi.fn(),
      onclose: vi.fn(),
    });
    expect(screen.getByText('Editar nota')).toBeInTheDocument();
    expect(field<HTMLTextAreaElement>('body')!.value).toBe('Contento con la pintura');
    expect(screen.getByLabelText<HTMLInputElement>('Contento').checked).toBe(true);
    await fireEvent.click(screen.getByTestId('save-note'));
    await waitFor(() =>
      expect(ipc.saveNote).toHaveBeenCalledWith(
        'c1',
        'n7',
        expect.objectContaining({ sentiment: 4 }),
      ),
    );
  });
});
