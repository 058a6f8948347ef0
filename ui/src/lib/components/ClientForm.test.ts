import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Labels } from '$lib/bindings/Labels';
import { i18n } from '$lib/i18n/index.svelte';
import * as ipc from '$lib/ipc';
import { client } from '../../test/ipc-mock';
import ClientForm from './ClientForm.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

const labels: Labels = {
  segments: [{ id: 's1', name: 'Hostelería', clients: 3 }],
  tags: [{ id: 't1', name: 'VIP', clients: 2 }],
};

function input(name: string): HTMLInputElement {
  const el = screen.getByTestId('client-form').querySelector(`[name="${name}"]`);
  if (!el) throw new Error(`no field named ${name}`);
  return el as HTMLInputElement;
}

async function fill(values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    await fireEvent.input(input(name), { target: { value } });
  }
}

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
});

describe('ClientForm', () => {
  it('shows a backend validation error under the e-mail field, marked invalid and focused', async () => {
    vi.mocked(ipc.createClient).mockRejectedValue({
      kind: 'validation',
      field: 'email',
      message: 'email: not an address',
    });
    render(ClientForm, { client: null, labels, onsaved: vi.fn(), oncancel: vi.fn() });
    await fill({ name: 'Ana Martínez', email: 'ana@' });
    await fireEvent.click(screen.getByTestId('save-client'));

    const error = await screen.findByTestId('error-email');
    expect(error).toHaveTextContent('Correo electrónico no válido');
    expect(error, 'the UI shows its own text, not the backend message').not.toHaveTextContent(
      'not an address',
    );
    const email = input('email');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(input('name')).not.toHaveAttribute('aria-invalid');
  });

  it('shows every bad field at once, each saying what is allowed', async () => {
    const problem = (field: string, rule: string, max: number | null = null) => ({
      field,
      rule,
      message: '',
      min: field === 'email' ? null : 6,
      max,
      from: null,
      to: null,
    });
    vi.mocked(ipc.createClient).mockRejectedValue({
      kind: 'validation',
      field: 'name',
      message: 'several',
      fields: [
        problem('name', 'too_long', 200),
        problem('phone', 'malformed', 15),
        problem('email', 'malformed'),
      ],
    });
    render(ClientForm, { client: null, labels, onsaved: vi.fn(), oncancel: vi.fn() });
    await fill({ name: 'x'.repeat(201), phone: '12', email: 'ana@' });
    await fireEvent.click(screen.getByTestId('save-client'));

    expect(await screen.findByTestId('error-name')).toHaveTextContent('Máximo 200 caracteres.');
    expect(screen.getByTestId('error-phone')).toHaveTextContent(
      'Escribe un teléfono de 6 a 15 cifras',
    );
    expect(screen.getByTestId('error-email')).toHaveTextContent('nombre@empresa.es');
    for (const name of ['name', 'phone', 'email']) {
      expect(input(name)).toHaveAttribute('aria-invalid', 'true');
    }
  });

  it('warns of a wrong NIF control letter but still saves', async () => {
    vi.mocked(ipc.checkTaxId).mockResolvedValue('wrong_control');
    const onsaved = vi.fn();
    render(ClientForm, { client: null, labels, onsaved, oncancel: vi.fn() });
    await fill({ name: 'Ana Martínez', taxId: '12345678A' });
    expect(await screen.findByTestId('warning-taxId')).toHaveTextContent(
      'La letra o cifra de control no coincide',
    );
    expect(ipc.checkTaxId).toHaveBeenCalledWith('12345678A');
    expect(input('taxId'), 'a warning, not an error').not.toHaveAttribute('aria-invalid');
    await fireEvent.click(screen.getByTestId('save-client'));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
  });

  it('shows a duplicate tax id under the NIF/CIF field', async () => {
    vi.mocked(ipc.createClient).mockRejectedValue({
      kind: 'conflict',
      field: 'taxId',
      message: 'UNIQUE constraint failed',
    });
    render(ClientForm, { client: null, labels, onsaved: vi.fn(), oncancel: vi.fn() });
    await fill({ name: 'Bodegas Pérez', taxId: 'B12345678' });
    await fireEvent.click(screen.getByTestId('save-client'));

    expect(await screen.findByTestId('error-taxId')).toHaveTextContent(
      'Ya hay otro cliente con este NIF/CIF',
    );
    expect(input('taxId')).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(document.activeElement).toBe(input('taxId')));
  });

  it('re-translates an error already on screen when the language changes', async () => {
    vi.mocked(ipc.createClient).mockRejectedValue({
      kind: 'validation',
      field: 'email',
      message: '',
    });
    render(ClientForm, { client: null, labels, onsaved: vi.fn(), oncancel: vi.fn() });
    await fill({ name: 'Ana', email: 'x' });
    await fireEvent.click(screen.getByTestId('save-client'));
    await screen.findByTestId('error-email');
    i18n.lang = 'en';
    await waitFor(() =>
      expect(screen.getByTestId('error-email')).toHaveTextContent('Invalid e-mail address'),
    );
  });

  it('asks for a name before calling the backend', async () => {
    render(ClientForm, { client: null, labels, onsaved: vi.fn(), oncancel: vi.fn() });
    await fireEvent.click(screen.getByTestId('save-client'));
    expect(await screen.findByTestId('error-name')).toHaveTextContent('El nombre es obligatorio');
    expect(ipc.createClient).not.toHaveBeenCalled();
  });

  it('sends blanks as null and tags as a clean list', async () => {
    const created = client({ id: 'new-1', name: 'Bodegas Pérez' });
    vi.mocked(ipc.createClient).mockResolvedValue(created);
    const onsaved = vi.fn();
    render(ClientForm, { client: null, labels, onsaved, oncancel: vi.fn() });
    await fill({
      name: '  Bodegas Pérez ',
      city: 'Jerez',
      segment: 'Hostelería',
      tags: 'vip, Vino,, VIP ,',
      email: '  ',
    });
    await fireEvent.change(input('kind'), { target: { value: 'company' } });
    await fireEvent.change(input('colour'), { target: { value: 'red' } });
    await fireEvent.click(screen.getByTestId('save-client'));

    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(created, true));
    expect(ipc.createClient).toHaveBeenCalledWith({
      kind: 'company',
      name: 'Bodegas Pérez',
      taxId: null,
      phone: null,
      email: null,
      whatsapp: null,
      address: null,
      city: 'Jerez',
      segment: 'Hostelería',
      tags: ['vip', 'Vino'],
      status: 'active',
      colour: 'red',
      profile: null,
    });
  });

  it('edits an existing client through updateClient', async () => {
    const existing = client({ id: 'c9', name: 'Ana', tags: ['VIP'], email: 'ana@example.es' });
    vi.mocked(ipc.updateClient).mockResolvedValue(existing);
    const onsaved = vi.fn();
    render(ClientForm, { client: existing, labels, onsaved, oncancel: vi.fn() });
    expect(input('email').value).toBe('ana@example.es');
    expect(input('tags').value).toBe('VIP');
    await fireEvent.click(screen.getByTestId('save-client'));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(existing, false));
    expect(ipc.updateClient).toHaveBeenCalledWith(
      'c9',
      expect.objectContaining({ name: 'Ana', tags: ['VIP'] }),
    );
    expect(ipc.createClient).not.toHaveBeenCalled();
  });

  it('closes on Escape and on Cancel without saving', async () => {
    const oncancel = vi.fn();
    render(ClientForm, { client: null, labels, onsaved: vi.fn(), oncancel });
    await fireEvent.keyDown(input('name'), { key: 'Escape' });
    await fireEvent.click(screen.getByTestId('cancel'));
    expect(oncancel).toHaveBeenCalledTimes(2);
    expect(ipc.createClient).not.toHaveBeenCalled();
  });
});

describe('ClientForm, unsaved changes', () => {
  const asked = () => screen.queryByRole('alertdialog', { name: '¿Descartar los cambios?' });

  it('asks on Esc when a name was typed, keeps it, and discards on request', async () => {
    const oncancel = vi.fn();
    render(ClientForm, { client: null, labels, onsaved: vi.fn(), oncancel });
    await fill({ name: 'Bar Manolo' });
    await fireEvent.keyDown(input('name'), { key: 'Escape' });

    expect(asked()).toBeInTheDocument();
    expect(oncancel).not.toHaveBeenCalled();
    expect(input('name').value).toBe('Bar Manolo');
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Seguir editando' })),
    );

    await fireEvent.click(screen.getByRole('button', { name: 'Descartar' }));
    expect(oncancel).toHaveBeenCalledTimes(1);
    expect(ipc.createClient).not.toHaveBeenCalled();
  });

  it('asks on Cancel about an edited client, not once the edit is undone', async () => {
    const oncancel = vi.fn();
    const existing = client({ id: 'c9', name: 'Ferretería Ruiz', city: 'Sevilla' });
    render(ClientForm, { client: existing, labels, onsaved: vi.fn(), oncancel });
    await fill({ city: 'Cádiz' });
    await fireEvent.click(screen.getByTestId('cancel'));
    expect(asked()).toBeInTheDocument();
    expect(oncancel).not.toHaveBeenCalled();

    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(asked(), 'Esc on the question keeps editing').toBeNull();
    expect(input('city').value).toBe('Cádiz');
    await fill({ city: 'Sevilla' });
    await fireEvent.click(screen.getByTestId('cancel'));
    expect(oncancel).toHaveBeenCalledTimes(1);
  });
});
