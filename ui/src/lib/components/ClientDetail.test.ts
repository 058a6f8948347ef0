import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '$lib/i18n/index.svelte';
import * as ipc from '$lib/ipc';
import { client, followUp, stats } from '../../test/ipc-mock';
import ClientDetail from './ClientDetail.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

function show(onnotify = vi.fn()) {
  return render(ClientDetail, {
    id: 'c1',
    onedit: vi.fn(),
    ontrash: vi.fn(),
    onmissing: vi.fn(),
    onnotify,
  });
}

beforeEach(() => {
  vi.resetAllMocks();
  i18n.lang = 'es';
});

describe('ClientDetail: contact shortcuts', () => {
  it('offers call, e-mail and WhatsApp only for the fields the client has', async () => {
    vi.mocked(ipc.getClient).mockResolvedValue(
      client({ phone: '+34 955 00 01 11', email: null, whatsapp: '+34 600-12 34 56' }),
    );
    show();
    const call = await screen.findByTestId('call-link');
    expect(call).toHaveAttribute('href', 'tel:+34955000111');
    expect(screen.queryByTestId('email-link')).toBeNull();
    const whatsapp = screen.getByTestId('whatsapp-link');
    expect(whatsapp).toHaveAttribute('href', 'https://wa.me/34600123456');

    await fireEvent.click(whatsapp);
    expect(ipc.openContactLink).toHaveBeenCalledWith('https://wa.me/34600123456');
    await fireEvent.click(call);
    expect(ipc.openContactLink).toHaveBeenLastCalledWith('tel:+34955000111');
  });

  it('shows none when the client has no way to be reached', async () => {
    show();
    await screen.findByTestId('detail-name');
    expect(screen.queryByTestId('call-link')).toBeNull();
    expect(screen.queryByTestId('email-link')).toBeNull();
    expect(screen.queryByTestId('whatsapp-link')).toBeNull();
  });
});

describe('ClientDetail: follow-up', () => {
  it('shows how often the client is contacted and the days waiting for a green one', async () => {
    vi.mocked(ipc.getClient).mockResolvedValue(client({ colour: 'green' }));
    vi.mocked(ipc.contactStats).mockResolvedValue(
      stats({
        lastContactAt: null,
        contacts30Days: 2,
        contacts90Days: 5,
        daysWaiting: 12n,
        nextFollowUp: followUp({ dueDate: '2025-03-11', dueTime: '09:15:00', action: 'visit' }),
      }),
    );
    show();
    const box = await screen.findByTestId('contact-stats');
    await waitFor(() => expect(within(box).getByTestId('stat-30')).toHaveTextContent('2'));
    expect(within(box).getByTestId('stat-90')).toHaveTextContent('5');
    expect(within(box).getByTestId('stat-last-contact')).toHaveTextContent('Nunca');
    expect(within(box).getByTestId('stat-waiting')).toHaveTextContent('12 días');
    expect(within(box).getByTestId('stat-next')).toHaveTextContent('mar, 11 mar, 09:15 · Visita');
  });

  it('lists pending follow-ups and cancels one after confirming', async () => {
    vi.mocked(ipc.getClient).mockResolvedValue(client({ colour: 'red' }));
    vi.mocked(ipc.clientFollowUps).mockResolvedValue([
      followUp({ id: 'f1', origin: 'regime', purpose: '' }),
      followUp({ id: 'f2', purpose: 'Cobrar la factura 12', action: 'visit' }),
    ]);
    const onnotify = vi.fn();
    show(onnotify);
    const list = await screen.findByTestId('client-follow-ups');
    await waitFor(() => expect(within(list).getAllByTestId('follow-up-row')).toHaveLength(2));
    const [regime, manual] = within(list).getAllByTestId('follow-up-row');
    expect(regime).toHaveTextContent('Seguimiento casi diario');
    expect(manual).toHaveTextContent('Cobrar la factura 12');
    for (const id of ['complete', 'snooze', 'cancel-follow-up']) {
      expect(within(manual).getByTestId(id)).toBeInTheDocument();
    }

    await fireEvent.click(within(manual).getByTestId('cancel-follow-up'));
    expect(ipc.cancelFollowUp).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('confirm'));
    await waitFor(() => expect(ipc.cancelFollowUp).toHaveBeenCalledWith('f2'));
    await waitFor(() => expect(onnotify).toHaveBeenCalledWith('Seguimiento cancelado'));
  });

  it('plans a follow-up from "Planificar seguimiento"', async () => {
    const onnotify = vi.fn();
    show(onnotify);
    await fireEvent.click(await screen.findByTestId('plan-follow-up'));
    const form = screen.getByTestId('follow-up-form');
    expect(form).toHaveTextContent('Ana Martínez');
    await fireEvent.input(form.querySelector('[name="purpose"]')!, {
      target: { value: 'Enviar presupuesto' },
    });
    const loads = vi.mocked(ipc.clientFollowUps).mock.calls.length;
    await fireEvent.click(screen.getByTestId('save-follow-up'));
    await waitFor(() =>
      expect(ipc.createFollowUp).toHaveBeenCalledWith(
        'c1',
        expect.objectContaining({ purpose: 'Enviar presupuesto', action: 'call' }),
      ),
    );
    await waitFor(() => expect(screen.queryByTestId('follow-up-form')).toBeNull());
    expect(onnotify).toHaveBeenCalledWith('Seguimiento planificado');
    await waitFor(() =>
      expect(vi.mocked(ipc.clientFollowUps).mock.calls.length).toBeGreaterThan(loads),
    );
  });

  it('has the timeline and the "Registrar interacción" button', async () => {
    show();
    expect(await screen.findByTestId('timeline')).toBeInTheDocument();
    expect(screen.getByTestId('log-interaction')).toBeInTheDocument();
    await waitFor(() =>
      expect(ipc.clientHistory).toHaveBeenCalledWith(
        'c1',
        { show: null, noteKind: null },
        null,
        20,
      ),
    );
  });
});
