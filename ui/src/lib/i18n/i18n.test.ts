import { afterEach, describe, expect, it } from 'vitest';
import { detectLanguage, formatNumber, i18n, plural, t } from './index.svelte';

afterEach(() => {
  i18n.lang = 'es';
});

describe('detectLanguage', () => {
  it('picks Spanish for Spanish locales and English for other known ones', () => {
    expect(detectLanguage('es-ES')).toBe('es');
    expect(detectLanguage('es')).toBe('es');
    expect(detectLanguage('ca-ES'), 'Catalan speakers in Spain read Spanish').toBe('es');
    expect(detectLanguage('en-US')).toBe('en');
    expect(detectLanguage('fr-FR')).toBe('en');
  });

  it('defaults to Spanish when the locale is unknown', () => {
    expect(detectLanguage(undefined)).toBe('es');
    expect(detectLanguage('')).toBe('es');
  });
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
