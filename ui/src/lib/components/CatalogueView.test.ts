import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as ipc from '$lib/ipc';
import { i18n } from '$lib/i18n/index.svelte';
import { catalogueItem } from '../../test/ipc-mock';
import CatalogueView from './CatalogueView.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

const paint = catalogueItem({
  id: 'k2',
  name: 'Pintura plástica',
  category: 'Pinturas',
  price: null,
});
const loose = catalogueItem({
  id: 'k3',
  name: 'Montaje',
  kind: 'service',
  category: null,
  price: null,
});

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
  vi.mocked(ipc.listCatalogue).mockResolvedValue([catalogueItem(), paint, loose]);
  vi.mocked(ipc.catalogueCategories).mockResolvedValue([
    { id: 'c1', name: 'Construcción', items: 1 },
    { id: 'c2', name: 'Pinturas', items: 1 },
  ]);
});

const field = (name: string) =>
  screen.getByTestId('catalogue-form').querySelector(`[name="${name}"]`) as HTMLInputElement;

describe('CatalogueView', () => {
  it('lists the items in their categories, the uncategorised last, with their prices', async () => {
    render(CatalogueView, { onnotify: vi.fn() });
    await waitFor(() => expect(screen.getAllByTestId('catalogue-item')).toHaveLength(3));
    expect(screen.getAllByTestId('catalogue-category').map((h) => h.textContent?.trim())).toEqual([
      'Construcción 1',
      'Pinturas 1',
      'Sin categoría 1',
    ]);
    const first = screen.getAllByTestId('catalogue-item')[0];
    expect(within(first).getByTestId('item-price').textContent?.replace(/\s/g, ' ')).toBe(
      '12,10 €',
    );
    expect(screen.getAllByTestId('catalogue-item')[2]).toHaveTextContent('Servicio');
  });

  it('adds an item with a price typed the Spanish way and a category typed freely', async () => {
    vi.mocked(ipc.saveCatalogueItem).mockResolvedValue(catalogueItem({ name: 'Rodillo' }));
    const onnotify = vi.fn();
    render(CatalogueView, { onnotify });
    await fireEvent.click(await screen.findByTestId('add-item'));
    await fireEvent.input(field('name'), { target: { value: 'Rodillo' } });
    await fireEvent.input(field('category'), { target: { value: 'Pinturas' } });
    await fireEvent.input(field('price'), { target: { value: '1.234,5' } });
    await fireEvent.click(screen.getByTestId('save-item'));
    await waitFor(() =>
      expect(ipc.saveCatalogueItem).toHaveBeenCalledWith(null, {
        name: 'Rodillo',
        kind: 'product',
        category: 'Pinturas',
        price: '1234.5',
        currency: 'EUR',
      }),
    );
    await waitFor(() => expect(onnotify).toHaveBeenCalledWith('«Rodillo» añadido al catálogo'));
  });

  it('says on the field when a price does not read, and shows the core’s conflict on the name', async () => {
    vi.mocked(ipc.saveCatalogueItem).mockRejectedValue({
      kind: 'conflict',
      message: 'the catalogue already has an item called Rodillo',
      field: 'name',
      fields: [],
    });
    render(CatalogueView, { onnotify: vi.fn() });
    await fireEvent.click(await screen.findByTestId('add-item'));
    await fireEvent.input(field('name'), { target: { value: 'Rodillo' } });
    await fireEvent.input(field('price'), { target: { value: '12,5,0' } });
    await fireEvent.click(screen.getByTestId('save-item'));
    expect(await screen.findByTestId('item-error-price')).toHaveTextContent('Escribe un importe');
    expect(ipc.saveCatalogueItem).not.toHaveBeenCalled();
    await fireEvent.input(field('price'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('save-item'));
    expect(await screen.findByTestId('item-error-name')).toBeInTheDocument();
  });

  it('withdraws an item from sale', async () => {
    vi.mocked(ipc.archiveCatalogueItem).mockResolvedValue({ ...paint, archived: true });
    const onnotify = vi.fn();
    render(CatalogueView, { onnotify });
    await waitFor(() => expect(screen.getAllByTestId('withdraw-item')).toHaveLength(3));
    await fireEvent.click(screen.getAllByTestId('withdraw-item')[1]);
    expect(ipc.archiveCatalogueItem).toHaveBeenCalledWith('k2', true);
    await waitFor(() =>
      expect(onnotify).toHaveBeenCalledWith('«Pintura plástica» retirado de la venta'),
    );
    await fireEvent.click(screen.getByTestId('show-withdrawn'));
    await waitFor(() => expect(ipc.listCatalogue).toHaveBeenLastCalledWith(true));
  });
});
