import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '$lib/i18n/index.svelte';
import { editableAmount, formatMoney, lineAmount, parseAmount, sumAmounts } from './money';

afterEach(() => {
  i18n.lang = 'es';
});

describe('parseAmount', () => {
  it('reads Spanish amounts: decimal comma, thousands dot', () => {
    i18n.lang = 'es';
    expect(parseAmount('1.234,56')).toBe('1234.56');
    expect(parseAmount('1234,5')).toBe('1234.5');
    expect(parseAmount('1.250')).toBe('1250');
    expect(parseAmount('1.250.000')).toBe('1250000');
    expect(parseAmount(' 12,50 € ')).toBe('12.50');
    // A lone dot before two digits cannot be grouping: twelve and a half.
    expect(parseAmount('12.50')).toBe('12.50');
    expect(parseAmount('0,005')).toBe('0.005');
    // A leading zero is never a group of thousands: half a kilo, not five hundred.
    expect(parseAmount('0.500')).toBe('0.500');
  });

  it('reads English amounts: decimal point, thousands comma', () => {
    i18n.lang = 'en';
    expect(parseAmount('1,234.56')).toBe('1234.56');
    expect(parseAmount('1,250')).toBe('1250');
    expect(parseAmount('12,50')).toBe('12.50');
    expect(parseAmount('0,250')).toBe('0.250');
    expect(parseAmount('$1,234,567.8')).toBe('1234567.8');
  });

  it('refuses what is not an amount instead of guessing', () => {
    i18n.lang = 'es';
    for (const bad of [
      '',
      'abc',
      '12,5,0',
      '1.23.4',
      ',',
      '1..2',
      '12a',
      '1.2345,6',
      '9'.repeat(40),
    ]) {
      expect(parseAmount(bad), bad).toBeNull();
    }
    expect(parseAmount('-5')).toBe('-5');
  });
});

describe('formatMoney and editableAmount', () => {
  it('show the amount the local way and give it back to edit', () => {
    i18n.lang = 'es';
    expect(formatMoney('1234.5', 'EUR').replace(/\s/g, ' ')).toBe('1.234,50 €');
    expect(editableAmount('1234.50')).toBe('1234,50');
    i18n.lang = 'en';
    expect(formatMoney('1234.5', 'EUR')).toBe('€1,234.50');
    expect(editableAmount('1234.50')).toBe('1234.50');
  });
});

describe('lineAmount and sumAmounts', () => {
  it('multiply and add exactly, rounding as the backend does', () => {
    expect(lineAmount('3', '0.335', 'EUR')).toBe('1.01');
    expect(lineAmount('2.5', '12.10', 'EUR')).toBe('30.25');
    expect(lineAmount('1.5', '999', 'CLP')).toBe('1499');
    // 0.1 + 0.2 in floating point is 0.30000000000000004.
    expect(sumAmounts(['0.1', '0.2'], 'EUR')).toBe('0.30');
    expect(sumAmounts(['1.01', '30.25'], 'EUR')).toBe('31.26');
    expect(sumAmounts([], 'EUR')).toBe('0.00');
  });
});
