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

/**
 * `base.one` or `base.other` by the language's plural rules, with `{n}` as a formatted number
 * and any other `params`.
 */
export function plural(
  base: string,
  n: number,
  params: Record<string, string | number> = {},
): string {
  const form = new Intl.PluralRules(i18n.locale).select(n) === 'one' ? 'one' : 'other';
  const key = `${base}.${form}`;
  return hasMessage(key) ? t(key, { ...params, n: formatNumber(n) }) : key;
}

/** A count with thousands separators ("1.234" in Spanish, "1,234" in English). */
export function formatNumber(n: number): string {
  // `always`: Spanish CLDR data leaves 4-digit numbers ungrouped, which reads badly in counts.
  return new Intl.NumberFormat(i18n.locale, { useGrouping: 'always' }).format(n);
}

/** An instant (RFC 3339 from the backend) as a short local date and time, or the date alone. */
export function formatDateTime(iso: string, withTime = true): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const style: Intl.DateTimeFormatOptions = withTime
    ? { dateStyle: 'medium', timeStyle: 'short' }
    : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat(i18n.locale, style).format(date);
}

/** A calendar date (`YYYY-MM-DD`) in the UI language; `options` default to a medium date. */
export function formatDate(
  iso: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  // The date is a calendar day, not an instant: format it in UTC so no time zone moves it.
  return new Intl.DateTimeFormat(i18n.locale, { ...options, timeZone: 'UTC' }).format(
    Date.UTC(y, m - 1, d),
  );
}

/**
 * A short date with its weekday: "lun, 3 mar" / "Mon 3 Mar"; with the year ("lun, 3 mar
 * 2025") when `today` is given and falls in another year.
 */
export function formatDay(iso: string, today?: string): string {
  const otherYear = today !== undefined && iso.slice(0, 4) !== today.slice(0, 4);
  return formatDate(iso, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(otherYear ? { year: 'numeric' } : {}),
  });
}

/** A wall-clock time (`HH:MM:SS`) the local way: "9:05" / "09:05". */
export function formatTime(time: string): string {
  const [h, m] = time.split(':').map(Number);
  if (Number.isNaN(h) || Number.isNaN(m)) return time;
  return new Intl.DateTimeFormat(i18n.locale, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(Date.UTC(2000, 0, 3, h, m));
}

/** The name of an ISO weekday (1 = Monday … 7 = Sunday). */
export function weekdayName(isoWeekday: number, width: 'short' | 'long' = 'short'): string {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(i18n.locale, { weekday: width, timeZone: 'UTC' }).format(
    Date.UTC(2024, 0, isoWeekday),
  );
}

/** "hoy", "ayer", "hace 3 días" / "today", "yesterday", "3 days ago". */
export function formatDaysAgo(days: number): string {
  return new Intl.RelativeTimeFormat(i18n.locale, { numeric: 'auto' }).format(-days, 'day');
}
