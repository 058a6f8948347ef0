import { render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '$lib/i18n/index.svelte';
import { item } from '../../test/ipc-mock';
import WeekView from './WeekView.svelte';

beforeEach(() => {
  i18n.lang = 'es';
});

const props = {
  monday: '2025-03-03',
  today: '2025-03-04',
  onweek: vi.fn(),
  onthisweek: vi.fn(),
  onopen: vi.fn(),
};

describe('WeekView', () => {
  it('shows an occurrence moved alone next to the one its series draws on the same day', () => {
    // The stored occurrence was moved onto a Tuesday the weekly series also falls on: both
    // carry the stored one's id and the date, one of them drawn ahead.
    const weekly = { every: 1, unit: 'week' as const, weekdays: [2], until: null };
    const visit = { followUpId: 's1', dueDate: '2025-03-11', recurrence: weekly, seriesId: 's1' };
    render(WeekView, {
      ...props,
      monday: '2025-03-10',
      days: [
        {
          date: '2025-03-11',
          total: 2,
          items: [item({ ...visit, projected: false }), item({ ...visit, projected: true })],
        },
      ],
    });
    const tuesday = screen.getAllByTestId('week-day')[1];
    const shown = within(tuesday).getAllByTestId('week-item');
    expect(shown.map((b) => b.dataset.projected)).toEqual(['false', 'true']);
  });
});
