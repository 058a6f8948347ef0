import { afterEach, describe, expect, it } from 'vitest';
import { formatNumber, i18n, plural, t } from './index.svelte';

afterEach(() => {
  i18n.lang = 'es';
});

describe('t and formatting', () => {
  it('fills parameters and follows the current language', () => {
    expect(t('trash.restored', { name: 'Ana' })).toBe('Cliente restaurado: Ana');
    i18n.lang = 'en';
    expect(t('trash.restored', { name: 'Ana' })).toBe('Client restored: Ana');
  });

  it('groups thousands in counts the Spanish way, four digits included', () => {
    expect(plural('list.count', 1234)).toBe('1.234 clientes');
    expect(plural('list.count', 1)).toBe('1 cliente');
    expect(formatNumber(100000)).toBe('100.000');
    i18n.lang = 'en';
    expect(plural('list.count', 1234)).toBe('1,234 clients');
  });
});
