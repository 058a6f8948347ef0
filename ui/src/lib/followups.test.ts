import { beforeEach, describe, expect, it } from 'vitest';
import type { Recurrence } from '$lib/bindings/Recurrence';
import { i18n } from '$lib/i18n/index.svelte';
import { item } from '../test/ipc-mock';
import { dayGroups, recurrenceText } from './followups';

const rule = (over: Partial<Recurrence>): Recurrence => ({
  every: 1,
  unit: 'week',
  weekdays: [],
  until: null,
  ...over,
});

beforeEach(() => {
  i18n.lang = 'es';
});

describe('a series described in words', () => {
  it('says the interval in the right number, in Spanish and English', () => {
    expect(recurrenceText(rule({ unit: 'day' }), '2026-12-01')).toBe('Cada día');
    expect(recurrenceText(rule({ unit: 'day', every: 3 }), '2026-12-01')).toBe('Cada 3 días');
    i18n.lang = 'en';
    expect(recurrenceText(rule({ unit: 'day' }), '2026-12-01')).toBe('Every day');
    expect(recurrenceText(rule({ unit: 'day', every: 3 }), '2026-12-01')).toBe('Every 3 days');
  });

  it('names the weekdays of a weekly series, or the occurrence’s own', () => {
    // 2026-12-01 is a Tuesday.
    expect(recurrenceText(rule({ every: 2 }), '2026-12-01')).toBe('Cada 2 semanas, martes');
    expect(recurrenceText(rule({ weekdays: [2, 4] }), '2026-12-01')).toBe(
      'Cada semana, martes y jueves',
    );
    i18n.lang = 'en';
    expect(recurrenceText(rule({ every: 2, weekdays: [2, 4] }), '2026-12-01')).toBe(
      'Every 2 weeks on Tuesday and Thursday',
    );
  });

  it('gives a monthly series its day and an end date when it has one', () => {
    expect(recurrenceText(rule({ unit: 'month', until: '2027-06-30' }), '2026-12-15')).toBe(
      'Cada mes, el día 15, hasta el 30 jun 2027',
    );
    i18n.lang = 'en';
    expect(recurrenceText(rule({ unit: 'month', every: 3 }), '2026-12-15')).toBe(
      'Every 3 months on day 15',
    );
  });
});

describe('dayGroups', () => {
  it('cuts the day where the kind changes, never reordering', () => {
    const day = [
      item({ followUpId: 'a', dueTime: '09:30:00', colour: 'green' }),
      item({ followUpId: 'b', dueTime: '16:00:00', colour: 'none' }),
      item({ followUpId: 'c', dueTime: null, colour: 'red' }),
      item({ followUpId: 'd', dueTime: null, colour: 'red' }),
      item({ followUpId: 'e', dueTime: null, colour: 'green' }),
    ];
    expect(dayGroups(day).map((g) => [g.key, g.items.map((i) => i.followUpId)])).toEqual([
      ['timed', ['a', 'b']],
      ['red', ['c', 'd']],
      ['green', ['e']],
    ]);
    expect(dayGroups([])).toEqual([]);
  });
});
