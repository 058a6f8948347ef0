import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  fromTimeInput,
  isoWeekday,
  mondayOf,
  toTimeInput,
  todayIso,
} from './dates';

describe('dates', () => {
  it('finds the Monday of a week, across months and years', () => {
    expect(mondayOf('2025-03-04')).toBe('2025-03-03');
    expect(mondayOf('2025-03-03')).toBe('2025-03-03');
    expect(mondayOf('2025-03-09')).toBe('2025-03-03');
    expect(mondayOf('2025-01-01')).toBe('2024-12-30');
    expect(isoWeekday('2025-03-09')).toBe(7);
  });

  it('adds days without DST surprises', () => {
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31');
    expect(addDays('2025-10-25', 2)).toBe('2025-10-27');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2025-02-27', '2025-03-02')).toBe(3);
  });

  it('converts times between the input and the backend', () => {
    expect(fromTimeInput('09:05')).toBe('09:05:00');
    expect(fromTimeInput('09:05:30')).toBe('09:05:30');
    expect(fromTimeInput('')).toBeNull();
    expect(toTimeInput('09:05:00')).toBe('09:05');
    expect(toTimeInput(null)).toBe('');
  });

  it('takes today from the local calendar', () => {
    expect(todayIso(new Date(2025, 0, 9, 23, 59))).toBe('2025-01-09');
  });
});
