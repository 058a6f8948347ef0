import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactPerson } from '$lib/bindings/ContactPerson';
import * as ipc from '$lib/ipc';
import ContactPeople from './ContactPeople.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

const luis: ContactPerson = {
  id: 'p1',
  clientId: 'c1',
  name: 'Luis Gómez',
  role: 'Compras',
  phone: '+34 955 000 111',
  email: null,
  whatsapp: null,
  createdAt: '2025-01-01T10:00:00Z',
  updatedAt: '2025-01-01T10:00:00Z',
};

function field(name: string) {
  return screen.getByTestId('contact-form').querySelector(`[name="${name}"]`) as HTMLInputElement;
}

beforeEach(() => {
  vi.resetAllMocks();
});

describe('ContactPeople', () => {
  it('adds a contact person to the company', async () => {
    vi.mocked(ipc.addContact).mockResolvedValue(luis);
    const onchanged = vi.fn();
    render(ContactPeople, { clientId: 'c1', contacts: [], onchanged });
    await fireEvent.click(screen.getByTestId('add-contact'));
    await fireEvent.input(field('name'), { target: { value: 'Luis Gómez' } });
    await fireEvent.input(field('role'), { target: { value: 'Compras' } });
    await fireEvent.click(screen.getByTestId('save-contact'));

    await waitFor(() => expect(onchanged).toHaveBeenCalled());
    expect(ipc.addContact).toHaveBeenCalledWith('c1', {
      name: 'Luis Gómez',
      role: 'Compras',
      phone: null,
      email: null,
      whatsapp: null,
    });
    expect(screen.queryByTestId('contact-form')).toBeNull();
  });

  it('shows a backend error under the contact field it names', async () => {
    vi.mocked(ipc.updateContact).mockRejectedValue({
      kind: 'validation',
      field: 'email',
      message: 'x',
    });
    render(ContactPeople, { clientId: 'c1', contacts: [luis], onchanged: vi.fn() });
    await fireEvent.click(screen.getByTestId('edit-contact'));
    expect(field('name').value).toBe('Luis Gómez');
    await fireEvent.input(field('email'), { target: { value: 'luis@' } });
    await fireEvent.click(screen.getByTestId('save-contact'));

    expect(await screen.findByTestId('contact-error-email')).toHaveTextContent(
      'Correo electrónico no válido',
    );
    expect(field('email')).toHaveAttribute('aria-invalid', 'true');
    expect(ipc.updateContact).toHaveBeenCalledWith(
      'p1',
      expect.objectContaining({ email: 'luis@' }),
    );
  });

  it('removes a contact person only after confirming', async () => {
    const onchanged = vi.fn();
    render(ContactPeople, { clientId: 'c1', contacts: [luis], onchanged });
    await fireEvent.click(screen.getByTestId('remove-contact'));
    expect(ipc.removeContact).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('confirm'));
    await waitFor(() => expect(onchanged).toHaveBeenCalled());
    expect(ipc.removeContact).toHaveBeenCalledWith('p1');
  });
});

describe('ContactPeople, unsaved changes', () => {
  const asked = () => screen.queryByRole('alertdialog', { name: '¿Descartar los cambios?' });

  it('asks on Esc and on Cancel when a contact was edited, and discards on request', async () => {
    render(ContactPeople, { clientId: 'c1', contacts: [luis], onchanged: vi.fn() });
    await fireEvent.click(screen.getByTestId('edit-contact'));
    await fireEvent.input(field('role'), { target: { value: 'Gerente' } });
    await fireEvent.keyDown(field('role'), { key: 'Escape' });

    expect(asked()).toBeInTheDocument();
    expect(field('role').value).toBe('Gerente');
    await fireEvent.click(screen.getByRole('button', { name: 'Seguir editando' }));
    expect(asked()).toBeNull();

    await fireEvent.click(screen.getByTestId('cancel-contact'));
    expect(asked()).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Descartar' }));
    expect(screen.queryByTestId('contact-form')).toBeNull();
    expect(ipc.updateContact).not.toHaveBeenCalled();
  });
});
