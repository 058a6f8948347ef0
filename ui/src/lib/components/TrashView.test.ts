import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as ipc from '$lib/ipc';
import { i18n } from '$lib/i18n/index.svelte';
import { note, purchase, summary } from '../../test/ipc-mock';
import TrashView from './TrashView.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
  vi.mocked(ipc.listTrashedPurchases).mockResolvedValue({ items: [], next: null });
  vi.mocked(ipc.listTrashedNotes).mockResolvedValue({ items: [], next: null });
  vi.mocked(ipc.listTrash).mockResolvedValue({
    items: [summary({ id: 't1', name: 'Bodegas Pérez', deletedAt: '2025-03-02T09:30:00Z' })],
    next: null,
  });
});

describe('TrashView', () => {
  it('lists trashed clients and restores one', async () => {
    const onnotify = vi.fn();
    render(TrashView, { onnotify });
    const row = await screen.findByTestId('trash-row');
    expect(row).toHaveAttribute('data-id', 't1');
    expect(row).toHaveTextContent('Bodegas Pérez');
    expect(ipc.listTrash).toHaveBeenCalledWith(null, 100);

    vi.mocked(ipc.restoreClient).mockResolvedValue({ name: 'Bodegas Pérez' } as never);
    await fireEvent.click(screen.getByTestId('restore-client'));
    await waitFor(() => expect(onnotify).toHaveBeenCalledWith('Cliente restaurado: Bodegas Pérez'));
    expect(ipc.restoreClient).toHaveBeenCalledWith('t1');
  });

  it('explains a restore refused because the tax id is taken', async () => {
    vi.mocked(ipc.restoreClient).mockRejectedValue({
      kind: 'conflict',
      field: 'taxId',
      message: 'dup',
    });
    render(TrashView, { onnotify: vi.fn() });
    await fireEvent.click(await screen.findByTestId('restore-client'));
    expect(await screen.findByTestId('trash-error')).toHaveTextContent(
      'No se puede restaurar: otro cliente usa ahora el mismo NIF/CIF',
    );
  });

  it('empties the trash only after confirmation', async () => {
    vi.mocked(ipc.emptyTrash).mockResolvedValue({ clients: 1, purchases: 0, notes: 0 });
    const onnotify = vi.fn();
    render(TrashView, { onnotify });
    await screen.findByTestId('trash-row');

    await fireEvent.click(screen.getByTestId('empty-trash'));
    expect(ipc.emptyTrash, 'the only permanent delete must ask first').not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('cancel'));
    expect(screen.queryByTestId('confirm')).toBeNull();
    expect(ipc.emptyTrash).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('empty-trash'));
    expect(document.activeElement, 'a stray Enter must not delete').toBe(
      screen.getByTestId('cancel'),
    );
    vi.mocked(ipc.listTrash).mockResolvedValue({ items: [], next: null });
    await fireEvent.click(screen.getByTestId('confirm'));
    await waitFor(() =>
      expect(onnotify).toHaveBeenCalledWith(
        'Papelera vaciada. Se ha borrado para siempre lo que contenía: 1 cliente.',
      ),
    );
    expect(ipc.emptyTrash).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('La papelera está vacía.')).toBeInTheDocument();
  });

  it('lists trashed purchases on their own tab, reached by arrow keys, and restores one', async () => {
    vi.mocked(ipc.listTrashedPurchases).mockResolvedValue({
      items: [
        {
          purchase: purchase({ id: 'p9', deletedAt: '2025-03-03T10:00:00Z' }),
          clientName: 'Bodegas Pérez',
        },
      ],
      next: null,
    });
    const onnotify = vi.fn();
    render(TrashView, { onnotify });
    const clientsTab = await screen.findByTestId('trash-tab-clients');
    expect(clientsTab).toHaveAttribute('aria-selected', 'true');
    clientsTab.focus();
    await fireEvent.keyDown(clientsTab, { key: 'ArrowRight' });
    const purchasesTab = screen.getByTestId('trash-tab-purchases');
    expect(purchasesTab).toHaveAttribute('aria-selected', 'true');
    expect(document.activeElement).toBe(purchasesTab);
    expect(screen.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', 'trash-tab-purchases');
    const row = await screen.findByTestId('trash-purchase-row');
    expect(row.textContent?.replace(/\s+/g, ' ')).toContain('Bodegas Pérez · 12,50 €');

    vi.mocked(ipc.listTrashedPurchases).mockResolvedValue({ items: [], next: null });
    await fireEvent.click(screen.getByTestId('restore-purchase'));
    await waitFor(() =>
      expect(onnotify).toHaveBeenCalledWith('Compra restaurada en la ficha de Bodegas Pérez'),
    );
    expect(ipc.restorePurchase).toHaveBeenCalledWith('p9');
    expect(await screen.findByText('No hay compras en la papelera.')).toBeInTheDocument();
    await fireEvent.keyDown(screen.getByTestId('trash-tab-purchases'), { key: 'Home' });
    expect(screen.getByTestId('trash-tab-clients')).toHaveAttribute('aria-selected', 'true');
  });

  it('says what emptying deleted, every kind of thing in one sentence', async () => {
    vi.mocked(ipc.listTrash).mockResolvedValue({ items: [], next: null });
    vi.mocked(ipc.listTrashedPurchases).mockResolvedValue({
      items: [{ purchase: purchase(), clientName: 'Bodegas Pérez' }],
      next: null,
    });
    vi.mocked(ipc.emptyTrash).mockResolvedValue({ clients: 0, purchases: 2, notes: 0 });
    const onnotify = vi.fn();
    render(TrashView, { onnotify });
    await waitFor(() => expect(screen.getByTestId('empty-trash')).not.toBeDisabled());
    await fireEvent.click(screen.getByTestId('empty-trash'));
    await fireEvent.click(screen.getByTestId('confirm'));
    await waitFor(() =>
      expect(onnotify).toHaveBeenCalledWith(
        'Papelera vaciada. Se ha borrado para siempre lo que contenía: 2 compras.',
      ),
    );
  });

  it('names every kind emptied in one English sentence too', async () => {
    i18n.lang = 'en';
    vi.mocked(ipc.emptyTrash).mockResolvedValue({ clients: 3, purchases: 1, notes: 2 });
    vi.mocked(ipc.listTrashedNotes).mockResolvedValue({
      items: [{ note: note({ deletedAt: '2025-03-03T10:00:00Z' }), clientName: 'Bodegas Pérez' }],
      next: null,
    });
    const onnotify = vi.fn();
    render(TrashView, { onnotify });
    await waitFor(() => expect(screen.getByTestId('empty-trash')).not.toBeDisabled());
    await fireEvent.click(screen.getByTestId('empty-trash'));
    await fireEvent.click(screen.getByTestId('confirm'));
    await waitFor(() =>
      expect(onnotify).toHaveBeenCalledWith(
        'Trash emptied. Deleted for good: 3 clients, 1 purchase and 2 notes.',
      ),
    );
  });

  it('lists trashed notes on their own tab and brings one back to its client', async () => {
    vi.mocked(ipc.listTrashedNotes).mockResolvedValue({
      items: [
        {
          note: note({
            id: 'n9',
            kind: 'doubt',
            body: '¿Hacéis envíos a Portugal?',
            deletedAt: '2025-03-03T10:00:00Z',
          }),
          clientName: 'Bodegas Pérez',
        },
      ],
      next: null,
    });
    const onnotify = vi.fn();
    render(TrashView, { onnotify });
    await fireEvent.click(await screen.findByTestId('trash-tab-notes'));
    const row = await screen.findByTestId('trash-note-row');
    expect(row.textContent?.replace(/\s+/g, ' ')).toContain('Bodegas Pérez · Duda');
    expect(row).toHaveTextContent('¿Hacéis envíos a Portugal?');

    vi.mocked(ipc.restoreNote).mockRejectedValueOnce({
      kind: 'not_found',
      message: 'client',
      field: null,
      fields: [],
    });
    await fireEvent.click(screen.getByTestId('restore-note'));
    expect(await screen.findByTestId('trash-error')).toHaveTextContent(
      'Su cliente también está en la papelera',
    );
    vi.mocked(ipc.listTrashedNotes).mockResolvedValue({ items: [], next: null });
    await fireEvent.click(screen.getByTestId('restore-note'));
    await waitFor(() =>
      expect(onnotify).toHaveBeenCalledWith('Nota restaurada en la ficha de Bodegas Pérez'),
    );
    expect(await screen.findByText('No hay notas en la papelera.')).toBeInTheDocument();
  });
});
