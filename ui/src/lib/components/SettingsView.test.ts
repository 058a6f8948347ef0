import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '$lib/i18n/index.svelte';
import * as ipc from '$lib/ipc';
import { DEFAULT_SETTINGS } from '$lib/bindings/values';
import { settings } from '../../test/ipc-mock';
import SettingsView from './SettingsView.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

function field(name: string): HTMLInputElement {
  const el = screen.getByTestId('settings').querySelector(`[name="${name}"]`);
  if (!el) throw new Error(`no field named ${name}`);
  return el as HTMLInputElement;
}

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(ipc.previewPlanning).mockResolvedValue({ moving: 0 });
  i18n.lang = 'es';
});

describe('SettingsView', () => {
  it('shows the saved values and sends the planning values on save', async () => {
    vi.mocked(ipc.getSettings).mockResolvedValue(
      settings({
        planning: {
          yellowEveryDays: 5,
          greenWaitDays: 12,
          dayStart: '08:00:00',
          digestTime: '07:45:00',
          quietDays: 45,
          workingDays: [1, 2, 3, 4, 5],
          callsPerDay: 20,
          visitsPerDay: 4,
        },
      }),
    );
    const onnotify = vi.fn();
    render(SettingsView, { onnotify });
    await waitFor(() => expect(field('yellowEveryDays').value).toBe('5'));
    expect(field('dayStart').value).toBe('08:00');
    expect(field('autostart').checked).toBe(false);

    await fireEvent.input(field('yellowEveryDays'), { target: { value: '3' } });
    await fireEvent.input(field('greenWaitDays'), { target: { value: '14' } });
    await fireEvent.input(field('dayStart'), { target: { value: '08:30' } });
    await fireEvent.input(field('digestTime'), { target: { value: '08:15' } });
    await fireEvent.input(field('quietDays'), { target: { value: '60' } });
    await fireEvent.input(field('callsPerDay'), { target: { value: '25' } });
    await fireEvent.input(field('visitsPerDay'), { target: { value: '0' } });
    await fireEvent.click(field('autostart'));
    await fireEvent.input(field('paymentTermsDays'), { target: { value: '45' } });
    const saturday = within(screen.getByTestId('working-days')).getByLabelText('sábado');
    await fireEvent.click(saturday);
    await fireEvent.click(screen.getByTestId('save-settings'));

    await waitFor(() => expect(onnotify).toHaveBeenCalledWith('Ajustes guardados'));
    expect(ipc.saveSettings).toHaveBeenCalledWith({
      language: 'es',
      planning: {
        yellowEveryDays: 3,
        greenWaitDays: 14,
        dayStart: '08:30:00',
        digestTime: '08:15:00',
        quietDays: 60,
        workingDays: [1, 2, 3, 4, 5, 6],
        callsPerDay: 25,
        visitsPerDay: 0,
      },
      autostart: true,
      purchases: { ...DEFAULT_SETTINGS.purchases, paymentTermsDays: 45 },
    });
  });

  it('says how many follow-ups new intervals move, and saves only once accepted', async () => {
    vi.mocked(ipc.getSettings).mockResolvedValue(settings());
    vi.mocked(ipc.saveSettings).mockImplementation(async (s) => s);
    vi.mocked(ipc.previewPlanning).mockResolvedValue({ moving: 11 });
    const onnotify = vi.fn();
    render(SettingsView, { onnotify });
    await waitFor(() => expect(field('yellowEveryDays').value).toBe('7'));
    await fireEvent.input(field('yellowEveryDays'), { target: { value: '14' } });
    const save = screen.getByTestId('save-settings');
    await fireEvent.click(save);

    const dialog = await screen.findByRole('alertdialog');
    expect(ipc.previewPlanning).toHaveBeenCalledWith(
      expect.objectContaining({ yellowEveryDays: 14 }),
    );
    expect(dialog).toHaveTextContent('11 seguimientos de semáforo cambiarán de fecha');
    expect(ipc.saveSettings, 'nothing saved before the answer').not.toHaveBeenCalled();
    await fireEvent.click(within(dialog).getByTestId('cancel'));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(ipc.saveSettings).not.toHaveBeenCalled();
    expect(field('yellowEveryDays').value, 'the edit is kept').toBe('14');

    await fireEvent.click(save);
    await fireEvent.click(within(await screen.findByRole('alertdialog')).getByTestId('confirm'));
    await waitFor(() => expect(onnotify).toHaveBeenCalledWith('Ajustes guardados'));
    expect(ipc.saveSettings).toHaveBeenCalledWith(
      expect.objectContaining({ planning: expect.objectContaining({ yellowEveryDays: 14 }) }),
    );
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('shows a backend error under its field', async () => {
    vi.mocked(ipc.saveSettings).mockRejectedValue({
      kind: 'validation',
      field: 'quietDays',
      message: 'too many',
    });
    render(SettingsView, { onnotify: vi.fn() });
    await waitFor(() => expect(field('quietDays').value).toBe('30'));
    await fireEvent.input(field('quietDays'), { target: { value: '9999' } });
    await fireEvent.click(screen.getByTestId('save-settings'));
    expect(await screen.findByTestId('error-quietDays')).toHaveTextContent(
      'Número de días no válido',
    );
    expect(field('quietDays')).toHaveAttribute('aria-invalid', 'true');
  });

  it('checks the numbers before saving', async () => {
    render(SettingsView, { onnotify: vi.fn() });
    await waitFor(() => expect(field('greenWaitDays').value).toBe('10'));
    await fireEvent.input(field('greenWaitDays'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('save-settings'));
    expect(await screen.findByTestId('error-greenWaitDays')).toHaveTextContent(
      'Escribe un número entero mayor que 0',
    );
    expect(ipc.saveSettings).not.toHaveBeenCalled();
  });

  it('needs at least one working day', async () => {
    render(SettingsView, { onnotify: vi.fn() });
    const days = await screen.findByTestId('working-days');
    for (const name of ['lunes', 'martes', 'miércoles', 'jueves', 'viernes']) {
      await fireEvent.click(within(days).getByLabelText(name));
    }
    await fireEvent.click(screen.getByTestId('save-settings'));
    expect(await screen.findByTestId('error-workingDays')).toHaveTextContent(
      'Marca al menos un día laborable.',
    );
    expect(ipc.saveSettings).not.toHaveBeenCalled();
  });

  it('switches the language at once', async () => {
    render(SettingsView, { onnotify: vi.fn() });
    await waitFor(() => expect(ipc.getSettings).toHaveBeenCalled());
    await fireEvent.change(screen.getByTestId('settings-language'), { target: { value: 'en' } });
    expect(screen.getByTestId('save-settings')).toHaveTextContent('Save settings');
    expect(ipc.saveSettings).toHaveBeenCalledWith(expect.objectContaining({ language: 'en' }));
  });
});
