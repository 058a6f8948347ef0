import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as ipc from '$lib/ipc';
import { purchase, purchaseSummary } from '../../test/ipc-mock';
import ClientPurchases from './ClientPurchases.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

const rhythm = purchaseSummary().rhythm;

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(ipc.purchaseSummary).mockResolvedValue(purchaseSummary());
  vi.mocked(ipc.clientPurchases).mockResolvedValue({ items: [], next: null });
});

function show() {
  const onnotify = vi.fn();
  render(ClientPurchases, { clientId: 'c1', clientName: 'Distribuidora Norte', onnotify });
  return { onnotify };
}

describe('ClientPurchases', () => {
  it('says why there is no rhythm yet, with the right plural', async () => {
    vi.mocked(ipc.purchaseSummary).mockResolvedValue(
      purchaseSummary({ rhythm: { ...rhythm, purchases: 2, buyingDays: 2 } }),
    );
    show();
    expect(await screen.findByTestId('rhythm-text')).toHaveTextContent(
      '2 compras: aún sin ritmo (hacen falta 3).',
    );
  });

  it('shows the rhythm and a client late to buy in words', async () => {
    vi.mocked(ipc.purchaseSummary).mockResolvedValue(
      purchaseSummary({
        rhythm: {
          ...rhythm,
          purchases: 3,
          buyingDays: 3,
          lastPurchaseOn: '2025-01-31',
          daysSinceLast: 30,
          medianDays: 21,
          expectedNextOn: '2025-02-21',
          toleranceDays: 7,
          late: true,
          averageTicket: [{ amount: '200.00', currency: 'EUR' }],
          last12Months: [{ amount: '600.00', currency: 'EUR' }],
          trend: [{ currency: 'EUR', percent: null }],
        },
      }),
    );
    show();
    expect(await screen.findByTestId('rhythm-text')).toHaveTextContent(
      'Suele comprar cada 21 días · próxima compra esperada: 21 feb 2025',
    );
    expect(screen.getByTestId('late-to-buy')).toHaveTextContent(
      'Tarda en comprar: suele comprar cada 21 días y lleva 30 días sin comprar.',
    );
    expect(screen.getByTestId('last-12-months')).toHaveTextContent(
      'sin compras en los 12 anteriores',
    );
  });

  it('sends a purchase to the trash and reloads the list and the rhythm', async () => {
    vi.mocked(ipc.clientPurchases).mockResolvedValueOnce({ items: [purchase()], next: null });
    const { onnotify } = show();
    await fireEvent.click(await screen.findByTestId('trash-purchase'));
    await waitFor(() => expect(ipc.trashPurchase).toHaveBeenCalledWith('p1'));
    expect(onnotify).toHaveBeenCalledWith('Compra enviada a la papelera');
    await waitFor(() => expect(ipc.purchaseSummary).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.queryByTestId('purchase-row')).toBeNull());
  });

  it('counts purchases on one day as one buying day', async () => {
    vi.mocked(ipc.purchaseSummary).mockResolvedValue(
      purchaseSummary({ rhythm: { ...rhythm, purchases: 3, buyingDays: 2 } }),
    );
    show();
    expect(await screen.findByTestId('rhythm-text')).toHaveTextContent(
      '3 compras en 2 días distintos: aún sin ritmo (hacen falta 3 días).',
    );
  });

  it("sets the client's own payment terms and goes back to the default", async () => {
    show();
    expect(await screen.findByTestId('payment-terms')).toHaveTextContent(
      'Plazo de pago: 30 días (el general)',
    );
    await fireEvent.click(screen.getByTestId('edit-terms'));
    const days = document.getElementById('purchase-terms-days') as HTMLInputElement;
    await fireEvent.input(days, { target: { value: '60' } });
    await fireEvent.click(screen.getByTestId('save-terms'));
    await waitFor(() => expect(ipc.setPaymentTerms).toHaveBeenCalledWith('c1', 60));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('edit-terms')));
  });

  it('never saves an emptied terms field as zero days', async () => {
    show();
    await fireEvent.click(await screen.findByTestId('edit-terms'));
    const days = document.getElementById('purchase-terms-days') as HTMLInputElement;
    await fireEvent.input(days, { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('save-terms'));
    await waitFor(() => expect(ipc.setPaymentTerms).toHaveBeenCalledWith('c1', null));
  });

  it('says how the client buys and pays, and saves a new choice at once', async () => {
    vi.mocked(ipc.purchaseSummary).mockResolvedValue(
      purchaseSummary({
        rhythm: { ...rhythm, purchases: 4, buyingDays: 4, preferredPayment: 'transfer' },
        categories: ['Pinturas', 'Tornillería'],
        buyingMode: 'needs_visit',
      }),
    );
    const { onnotify } = show();
    expect(await screen.findByTestId('preferred-payment')).toHaveTextContent('Transferencia');
    expect(screen.getByTestId('categories-bought')).toHaveTextContent(
      'Categorías que compra: Pinturas · Tornillería',
    );
    const mode = screen.getByTestId('buying-mode') as HTMLSelectElement;
    expect(mode.value).toBe('needs_visit');
    await fireEvent.change(mode, { target: { value: 'own_initiative' } });
    expect(ipc.setBuyingMode).toHaveBeenCalledWith('c1', 'own_initiative');
    await waitFor(() => expect(onnotify).toHaveBeenCalledWith('Forma de compra guardada'));
    await fireEvent.change(mode, { target: { value: '' } });
    expect(ipc.setBuyingMode).toHaveBeenLastCalledWith('c1', null);
  });
});
