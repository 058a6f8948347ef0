import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '$lib/i18n/index.svelte';
import * as ipc from '$lib/ipc';
import { catalogueItem, purchase } from '../../test/ipc-mock';
import PurchaseForm from './PurchaseForm.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

function field(name: string) {
  return screen.getByTestId('purchase-form').querySelector(`[name="${name}"]`) as
    HTMLInputElement | HTMLSelectElement;
}

async function type(name: string, value: string) {
  await fireEvent.input(field(name), { target: { value } });
}

function open(over: Partial<Parameters<typeof render<typeof PurchaseForm>>[1]> = {}) {
  const onsaved = vi.fn();
  const onclose = vi.fn();
  render(PurchaseForm, {
    clientId: 'c1',
    clientName: 'Ferretería Norte',
    purchase: null,
    currency: 'EUR',
    termsDays: 30,
    onsaved,
    onclose,
    ...over,
  });
  return { onsaved, onclose };
}

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(ipc.savePurchase).mockResolvedValue(purchase());
  vi.mocked(ipc.listCatalogue).mockResolvedValue([]);
});

afterEach(() => {
  i18n.lang = 'es';
});

describe('PurchaseForm', () => {
  it('sends a Spanish amount with a decimal comma as a decimal string', async () => {
    i18n.lang = 'es';
    const { onsaved } = open();
    await type('purchasedOn', '2025-03-01');
    await type('description', 'Pedido mensual');
    await type('total', '1.234,50');
    await fireEvent.change(field('paymentMethod'), { target: { value: 'transfer' } });
    await fireEvent.click(screen.getByTestId('save-purchase'));

    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(ipc.savePurchase).toHaveBeenCalledWith('c1', null, {
      purchasedOn: '2025-03-01',
      description: 'Pedido mensual',
      lines: [],
      currency: 'EUR',
      total: '1234.50',
      paymentMethod: 'transfer',
      onCredit: false,
      creditDueOn: null,
    });
  });

  it('reads an English amount with a decimal point and thousands comma', async () => {
    i18n.lang = 'en';
    open();
    await type('description', 'Monthly order');
    await type('total', '1,234.5');
    await fireEvent.click(screen.getByTestId('save-purchase'));
    await waitFor(() => expect(ipc.savePurchase).toHaveBeenCalled());
    expect(vi.mocked(ipc.savePurchase).mock.calls[0][2].total).toBe('1234.5');
  });

  it('totals the lines exactly while typing and sends them', async () => {
    open();
    await fireEvent.click(screen.getByTestId('add-line'));
    await type('lines.0.description', 'Tornillos');
    await type('lines.0.quantity', '3');
    await type('lines.0.unitPrice', '0,34');
    await fireEvent.click(screen.getByTestId('add-line'));
    await type('lines.1.description', 'Cemento cola');
    await type('lines.1.quantity', '2,5');
    await type('lines.1.unitPrice', '12,10');
    const total = screen.getByTestId('purchase-lines-total').textContent?.replace(/\s/g, ' ');
    expect(total).toContain('31,27');
    await fireEvent.click(screen.getByTestId('save-purchase'));
    await waitFor(() => expect(ipc.savePurchase).toHaveBeenCalled());
    const input = vi.mocked(ipc.savePurchase).mock.calls[0][2];
    expect(input.lines).toEqual([
      { catalogueItemId: null, description: 'Tornillos', quantity: '3', unitPrice: '0.34' },
      { catalogueItemId: null, description: 'Cemento cola', quantity: '2.5', unitPrice: '12.10' },
    ]);
    expect(input.total).toBeNull();
  });

  it('fills a line from the catalogue: its name, its price in the same currency, its link', async () => {
    vi.mocked(ipc.listCatalogue).mockResolvedValue([
      catalogueItem(),
      catalogueItem({
        id: 'k2',
        name: 'Entrega a domicilio',
        kind: 'service',
        category: 'Servicios',
        price: { amount: '15.00', currency: 'USD' },
      }),
    ]);
    open();
    await fireEvent.click(screen.getByTestId('add-line'));
    await waitFor(() => expect(field('lines.0.item')).toBeTruthy());
    const groups = [...field('lines.0.item').querySelectorAll('optgroup')].map((g) => g.label);
    expect(groups).toEqual(['Construcción', 'Servicios']);
    await fireEvent.change(field('lines.0.item'), { target: { value: 'k1' } });
    expect(field('lines.0.description').value).toBe('Cemento cola 25 kg');
    expect(field('lines.0.unitPrice').value).toBe('12,10');
    // Another item on the same line: its own price or none, never the last item's.
    await fireEvent.change(field('lines.0.item'), { target: { value: 'k2' } });
    expect(field('lines.0.unitPrice').value).toBe('');
    await fireEvent.change(field('lines.0.item'), { target: { value: 'k1' } });
    expect(field('lines.0.unitPrice').value).toBe('12,10');
    await fireEvent.click(screen.getByTestId('add-line'));
    await fireEvent.change(field('lines.1.item'), { target: { value: 'k2' } });
    expect(field('lines.1.description').value).toBe('Entrega a domicilio');
    expect(field('lines.1.unitPrice').value, 'a price in dollars is not proposed in euros').toBe(
      '',
    );
    await type('lines.1.unitPrice', '15');
    await fireEvent.click(screen.getByTestId('save-purchase'));
    await waitFor(() => expect(ipc.savePurchase).toHaveBeenCalled());
    const input = vi.mocked(ipc.savePurchase).mock.calls[0][2];
    expect(input.lines.map((l) => [l.catalogueItemId, l.description, l.unitPrice])).toEqual([
      ['k1', 'Cemento cola 25 kg', '12.10'],
      ['k2', 'Entrega a domicilio', '15'],
    ]);
  });

  it('marks a number that does not read on its field and sends nothing', async () => {
    open();
    await type('description', 'Algo');
    await type('total', '12,5,0');
    await fireEvent.click(screen.getByTestId('save-purchase'));
    expect(await screen.findByTestId('purchase-error-total')).toHaveTextContent(
      'Escribe un importe',
    );
    expect(field('total').getAttribute('aria-invalid')).toBe('true');
    expect(ipc.savePurchase).not.toHaveBeenCalled();
  });

  it('proposes the due date of a sale on credit from the payment terms', async () => {
    open({ termsDays: 45 });
    await type('purchasedOn', '2025-03-01');
    await fireEvent.click(field('onCredit'));
    expect((field('creditDueOn') as HTMLInputElement).value).toBe('2025-04-15');
    await type('purchasedOn', '2025-03-10');
    expect((field('creditDueOn') as HTMLInputElement).value).toBe('2025-04-24');
  });

  it('shows the backend errors under the fields they name, a line included', async () => {
    vi.mocked(ipc.savePurchase).mockRejectedValue({
      kind: 'validation',
      message: 'x',
      field: null,
      fields: [
        {
          field: 'lines.0.unitPrice',
          rule: 'too_precise',
          message: 'x',
          min: null,
          max: null,
          from: null,
          to: null,
        },
      ],
    });
    open();
    await fireEvent.click(screen.getByTestId('add-line'));
    await type('lines.0.description', 'Tornillos');
    await type('lines.0.unitPrice', '0,335');
    await fireEvent.click(screen.getByTestId('save-purchase'));
    expect(await screen.findByTestId('purchase-error-lines.0.unitPrice')).toHaveTextContent(
      'más decimales de los que admite la moneda',
    );
  });

  it('edits a purchase starting from what it holds, amounts the local way', async () => {
    open({
      purchase: purchase({
        description: 'Gafas',
        total: { amount: '120.50', currency: 'EUR' },
        onCredit: true,
        creditDueOn: '2025-04-30',
      }),
    });
    expect((field('total') as HTMLInputElement).value).toBe('120,50');
    expect((field('creditDueOn') as HTMLInputElement).value).toBe('2025-04-30');
    await fireEvent.click(screen.getByTestId('save-purchase'));
    await waitFor(() => expect(ipc.savePurchase).toHaveBeenCalled());
    expect(vi.mocked(ipc.savePurchase).mock.calls[0][1]).toBe('p1');
  });

  it('closes at once when nothing was typed, a purchase being edited included', async () => {
    const { onclose } = open({ purchase: purchase() });
    await fireEvent.click(screen.getByTestId('cancel-purchase'));
    expect(onclose).toHaveBeenCalled();
  });

  it('asks before throwing away what was typed', async () => {
    const { onclose } = open();
    await type('description', 'A medias');
    await fireEvent.click(screen.getByTestId('cancel-purchase'));
    expect(onclose).not.toHaveBeenCalled();
    await fireEvent.click(await screen.findByTestId('discard-confirm'));
    expect(onclose).toHaveBeenCalled();
  });
});
