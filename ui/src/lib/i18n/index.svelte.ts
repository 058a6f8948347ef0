// The UI language as a rune, and `t()` to read messages from it. Templates that call `t()`
// re-render when the language changes because `t()` reads `current.lang`.
import type { Language } from '$lib/bindings/Language';
import { en } from './en';
import { es, type MessageKey } from './es';

export type { MessageKey };

const dictionaries: Record<Language, Record<MessageKey, string>> = { es, en };

/** Locales for Intl: Spain's Spanish, and British English (day-month order like Spain's). */
const locales: Record<Language, string> = { es: 'es-ES', en: 'en-GB' };

const current = $state<{ lang: Language }>({ lang: 'es' });

export const i18n = {
  get lang(): Language {
    return current.lang;
  },
  set lang(lang: Language) {
    current.lang = lang;
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
  },
  get locale(): string {
    return locales[current.lang];
  },
};

/**
 * First language when the user has not chosen one: Spanish for Spanish locales and for the other
 * languages of Spain (whose speakers all read Spanish), English for the rest, Spanish if unknown.
 */
export function detectLanguage(systemLocale: string | undefined | null): Language {
  const tag = (systemLocale ?? '').trim().toLowerCase();
  if (tag === '') return 'es';
  const primary = tag.split(/[-_]/)[0];
  return ['es', 'ca', 'gl', 'eu', 'ast'].includes(primary) ? 'es' : 'en';
}

/** True when `key` is a message key (for keys built from data, such as error kinds). */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(es, key);
}

/** The message `key` in the current language with `{name}` parameters filled in. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[current.lang][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** `base.one` or `base.other` by the language's plural rules, with `{n}` as a formatted number. */
export function plural(base: string, n: number): string {
  const form = new Intl.PluralRules(i18n.locale).select(n) === 'one' ? 'one' : 'other';
  const key = `${base}.${form}`;
  return hasMessage(key) ? t(key, { n: formatNumber(n) }) : key;
}

/** A count with thousands separators ("1.234" in Spanish, "1,234" in English). */
export function formatNumber(n: number): string {
  // `always`: Spanish CLDR data leaves 4-digit numbers ungrouped, which reads badly in counts.
  return new Intl.NumberFormat(i18n.locale, { useGrouping: 'always' }).format(n);
}

/** An instant (RFC 3339 from the backend) as a short local date and time. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    date,
  );
}
