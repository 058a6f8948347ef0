import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenFailure } from '$lib/bindings/OpenFailure';
import * as ipc from '$lib/ipc';
import RecoveryScreen from './RecoveryScreen.svelte';

vi.mock('$lib/ipc', async () => (await import('../../test/ipc-mock')).ipcMock());

function failure(over: Partial<OpenFailure> = {}): OpenFailure {
  return {
    problem: 'damaged',
    database: '/home/ana/.local/share/es.cartera.app/cartera.sqlite3',
    backups: '/home/ana/.local/share/es.cartera.app/backups',
    latestBackup: '/home/ana/.local/share/es.cartera.app/backups/cartera-v2-20261130.sqlite3',
    detail: 'file is not a database',
    restorable: true,
    ...over,
  };
}

beforeEach(() => {
  vi.resetAllMocks();
});

describe('RecoveryScreen', () => {
  it('says what happened and where the file is, as a level-one heading', () => {
    render(RecoveryScreen, { failure: failure(), onopened: vi.fn() });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
      'No se puede abrir la base de datos',
    );
    expect(screen.getByTestId('recovery-problem')).toHaveTextContent('dañado');
    expect(screen.getByTestId('recovery-file')).toHaveTextContent(
      '/home/ana/.local/share/es.cartera.app/cartera.sqlite3',
    );
  });

  it('explains a file held by another program and focuses retry', () => {
    render(RecoveryScreen, { failure: failure({ problem: 'locked' }), onopened: vi.fn() });
    expect(screen.getByTestId('recovery-problem')).toHaveTextContent('Otro programa');
    expect(screen.getByTestId('recovery-retry')).toHaveFocus();
  });

  it('keeps the screen and says so when a retry still fails', async () => {
    vi.mocked(ipc.retryOpen).mockResolvedValue({
      failure: failure({ problem: 'locked' }),
      language: 'es',
    });
    const onopened = vi.fn();
    render(RecoveryScreen, { failure: failure(), onopened });
    await fireEvent.click(screen.getByTestId('recovery-retry'));
    expect(await screen.findByTestId('recovery-message')).toHaveTextContent(
      'Sigue sin poder abrirse',
    );
    expect(screen.getByTestId('recovery-problem')).toHaveTextContent('Otro programa');
    expect(onopened).not.toHaveBeenCalled();
  });

  it('restores the latest backup and then opens the app', async () => {
    vi.mocked(ipc.restoreLatestBackup).mockResolvedValue({
      backup: 'b',
      keptAs: '/x/cartera.sqlite3.damaged-1',
    });
    vi.mocked(ipc.retryOpen).mockResolvedValue({ failure: null, language: 'es' });
    const onopened = vi.fn();
    render(RecoveryScreen, { failure: failure(), onopened });
    await fireEvent.click(screen.getByTestId('recovery-restore'));
    await waitFor(() => expect(onopened).toHaveBeenCalled());
    expect(ipc.restoreLatestBackup).toHaveBeenCalled();
  });

  it('never offers to replace a sound file that is only locked, read-only or unreadable', () => {
    for (const problem of ['locked', 'read_only', 'unreadable'] as const) {
      const { unmount } = render(RecoveryScreen, {
        failure: failure({ problem, restorable: false }),
        onopened: vi.fn(),
      });
      expect(screen.getByTestId('recovery-restore'), problem).toBeDisabled();
      expect(screen.getByTestId('recovery-retry')).toBeEnabled();
      unmount();
    }
  });

  it('says so in Spanish when the backup cannot be restored', async () => {
    vi.mocked(ipc.restoreLatestBackup).mockRejectedValue({
      kind: 'storage',
      field: 'backup',
      message: 'database is damaged',
      fields: [],
    });
    render(RecoveryScreen, { failure: failure(), onopened: vi.fn() });
    await fireEvent.click(screen.getByTestId('recovery-restore'));
    expect(await screen.findByTestId('recovery-message')).toHaveTextContent(
      'La copia de seguridad también está dañada',
    );
  });

  it('cannot restore without a backup', () => {
    render(RecoveryScreen, { failure: failure({ latestBackup: null }), onopened: vi.fn() });
    expect(screen.getByTestId('recovery-restore')).toBeDisabled();
    expect(screen.getByText('Todavía no hay ninguna copia de seguridad.')).toBeInTheDocument();
  });
});
