import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '$lib/i18n/index.svelte';
import * as ipc from '$lib/ipc';
import { item } from '../../test/ipc-mock';
import CompleteDialog from './CompleteDialog.svelte';
import Dialog from './Dialog.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

const body = createRawSnippet(() => ({
  render: () =>
    '<div><input name="note" data-testid="note" /><button type="button">Otra</button></div>',
}));

/** A dialog whose form is dirty while `state.dirty` is true. */
function open(state = { dirty: true }) {
  const onclose = vi.fn();
  const view = render(Dialog, {
    title: 'Nota',
    onclose,
    children: body,
    dirty: () => state.dirty,
  });
  return { onclose, view, note: screen.getByTestId('note') as HTMLInputElement };
}

/** Behind an `inert` element (the property: jsdom does not reflect it to an attribute). */
function inert(element: HTMLElement): boolean {
  for (let e: HTMLElement | null = element; e; e = e.parentElement) if (e.inert) return true;
  return false;
}

const esc = () => fireEvent.keyDown(document.activeElement ?? window, { key: 'Escape' });
const prompt = () => screen.queryByRole('alertdialog', { name: '¿Descartar los cambios?' });

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
});

describe('Dialog, unsaved changes', () => {
  it('closes at once when clean and asks when dirty, on Esc and on requestClose', async () => {
    const state = { dirty: false };
    const { onclose, view } = open(state);
    await esc();
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(prompt()).toBeNull();

    state.dirty = true;
    await esc();
    expect(onclose, 'a dirty form does not close on Esc').toHaveBeenCalledTimes(1);
    expect(prompt()).toBeInTheDocument();

    await fireEvent.click(screen.getByTestId('discard-keep'));
    view.component.requestClose();
    await waitFor(() => expect(prompt()).toBeInTheDocument());
    expect(onclose, 'nor on its Cancel button').toHaveBeenCalledTimes(1);
  });

  it('asks in Spanish with "Seguir editando" focused and the form out of reach', async () => {
    const { onclose, note } = open();
    note.focus();
    await fireEvent.input(note, { target: { value: 'medio escrito' } });
    await esc();

    const question = prompt()!;
    expect(question).toHaveAccessibleDescription('Se perderán los cambios que no has guardado.');
    const keep = screen.getByRole('button', { name: 'Seguir editando' });
    expect(screen.getByRole('button', { name: 'Descartar' })).toBeInTheDocument();
    await waitFor(() => expect(document.activeElement).toBe(keep));
    expect(inert(note), 'the form behind the question is inert').toBe(true);
    expect(onclose).not.toHaveBeenCalled();
  });

  it('"Seguir editando" keeps the text and gives focus back to where it was', async () => {
    const { onclose, note } = open();
    note.focus();
    await fireEvent.input(note, { target: { value: 'medio escrito' } });
    await esc();
    await fireEvent.click(screen.getByTestId('discard-keep'));

    expect(prompt()).toBeNull();
    expect(onclose).not.toHaveBeenCalled();
    expect(note.value).toBe('medio escrito');
    expect(inert(note)).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(note));
  });

  it('"Descartar" closes', async () => {
    const { onclose } = open();
    await esc();
    await fireEvent.click(screen.getByTestId('discard-confirm'));
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it('Esc twice keeps editing', async () => {
    const { onclose, note } = open();
    note.focus();
    await esc();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('discard-keep')));
    await esc();

    expect(prompt()).toBeNull();
    expect(onclose).not.toHaveBeenCalled();
    await waitFor(() => expect(document.activeElement).toBe(note));
  });

  it('keeps Tab between the two answers while asking', async () => {
    open();
    await esc();
    const keep = screen.getByTestId('discard-keep');
    const discard = screen.getByTestId('discard-confirm');
    discard.focus();
    await fireEvent.keyDown(discard, { key: 'Tab' });
    expect(document.activeElement).toBe(keep);
    await fireEvent.keyDown(keep, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(discard);
  });

  it('asks in English too', async () => {
    i18n.lang = 'en';
    open();
    await esc();
    expect(screen.getByRole('alertdialog', { name: 'Discard your changes?' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Keep editing' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Discard' })).toBeInTheDocument();
  });
});

describe('CompleteDialog, unsaved changes', () => {
  it('asks before dropping a typed note, on Esc and on Cancel', async () => {
    const onclose = vi.fn();
    render(CompleteDialog, { item: item(), onreschedule: vi.fn(), onclose });
    const note = screen.getByTestId('complete-note') as HTMLTextAreaElement;
    await fireEvent.input(note, { target: { value: 'Llamar el lunes' } });
    await fireEvent.keyDown(note, { key: 'Escape' });
    expect(prompt()).toBeInTheDocument();
    expect(onclose).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('discard-keep'));
    expect(note.value).toBe('Llamar el lunes');

    await fireEvent.click(screen.getByTestId('complete-cancel'));
    expect(prompt()).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('discard-confirm'));
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it('asks about a chosen outcome, but not once it is saved', async () => {
    const onclose = vi.fn();
    render(CompleteDialog, { item: item(), onreschedule: vi.fn(), onclose });
    await fireEvent.change(screen.getByTestId('complete-outcome'), {
      target: { value: 'interested' },
    });
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(prompt()).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('discard-keep'));

    await fireEvent.click(screen.getByTestId('complete-save'));
    await screen.findByTestId('complete-close');
    expect(ipc.completeFollowUp).toHaveBeenCalled();
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(prompt()).toBeNull();
    expect(onclose).toHaveBeenCalledTimes(1);
  });
});
