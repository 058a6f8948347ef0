// Amounts as people type and read them. The backend sends and takes decimal strings ("1234.50");
// the user types "1.234,50" in Spanish or "1,234.50" in English, and either way a plain
// "12.50" or "12,50" means twelve and a half. Parsing is done here on text, never through a
// float, so no cent is ever lost on the way.
import { i18n } from '$lib/i18n/index.svelte';

/** The most digits on either side of the decimal point that `parseAmount` reads. */
const MAX_DIGITS = 15;

/** The decimal separator of the UI language. */
function decimalSeparator(): ',' | '.' {
  return i18n.lang === 'es' ? ',' : '.';
}

/**
 * What the user typed as a decimal string ("1234.56"), or null when it is not a number. In
 * Spanish "1.234,56" and "1234,56"; in English "1,234.56"; in both a lone separator followed
 * by other than three digits is the decimal one ("12.5", "12,50"), and grouping must come in
 * threes ("1.23.4" is refused). A currency sign and spaces around the digits are ignored.
 */
export function parseAmount(typed: string): string | null {
  let text = typed.replace(/[\s\u00a0\u202f€$]/g, '');
  let sign = '';
  if (text.startsWith('-')) {
    sign = '-';
    text = text.slice(1);
  }
  if (!/^[0-9.,]+$/.test(text) || !/[0-9]/.test(text)) return null;
  const own = decimalSeparator();
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  let decimal: ',' | '.' | null;
  if (lastComma >= 0 && lastDot >= 0) {
    // Both: the last one splits off the decimals, the other groups thousands.
    decimal = lastComma > lastDot ? ',' : '.';
  } else if (lastComma < 0 && lastDot < 0) {
    decimal = null;
  } else {
    const sep = lastComma >= 0 ? ',' : '.';
    const parts = text.split(sep);
    // A group of thousands never starts with a zero: "0.500" is half, not five hundred.
    const grouped =
      parts[0].length >= 1 &&
      parts[0].length <= 3 &&
      !(parts[0].startsWith('0') && parts.length > 1) &&
      parts.slice(1).every((p) => p.length === 3);
    if (sep === own) {
      // The language's own separator is the decimal one, and it comes once.
      if (parts.length !== 2) return null;
      decimal = sep;
    } else if (grouped) {
      return parts
        .join('')
        .replace(/^0+(?=[0-9])/, '')
        .replace(/^/, sign);
    } else if (parts.length === 2) {
      // "12.50" in Spanish cannot be grouping: twelve and a half.
      decimal = sep;
    } else {
      return null;
    }
  }
  const group = decimal === ',' ? '.' : ',';
  const pieces = decimal ? text.split(decimal) : [text];
  if (pieces.length > 2) return null;
  const [whole, fraction] = pieces;
  if (fraction !== undefined && !/^[0-9]+$/.test(fraction)) return null;
  const groups = whole.split(group);
  if (groups.length > 1) {
    if (groups[0].length === 0 || groups[0].length > 3) return null;
    if (groups.slice(1).some((g) => g.length !== 3)) return null;
  }
  const digits = groups.join('');
  if (!/^[0-9]+$/.test(digits)) return null;
  const integer = digits.replace(/^0+(?=[0-9])/, '');
  // Far past any amount the backend takes: a paste accident, not a price.
  if (integer.length > MAX_DIGITS || (fraction?.length ?? 0) > MAX_DIGITS) return null;
  return fraction === undefined ? `${sign}${integer}` : `${sign}${integer}.${fraction}`;
}

/** A decimal string as the user would type it back in the form ("1234.5" → "1234,5"). */
export function editableAmount(amount: string): string {
  return decimalSeparator() === ',' ? amount.replace('.', ',') : amount;
}

/** An amount with its currency the local way: "1.234,50 €", "€1,234.50", "15.000 CLP". */
export function formatMoney(amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat(i18n.locale, {
      style: 'currency',
      currency,
      useGrouping: 'always',
    }).format(value);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A quantity the local way, with as many decimals as it has ("2,5", "12"). */
export function formatQuantity(quantity: string): string {
  const value = Number(quantity);
  if (!Number.isFinite(value)) return quantity;
  return new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: 6 }).format(value);
}

/** The digits after the decimal point of `currency` (2 for EUR, 0 for CLP). */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** A decimal string as an integer and its count of decimals ("12.50" → 1250n, 2). */
function scaled(decimal: string): [bigint, number] {
  const [whole, fraction = ''] = decimal.split('.');
  return [BigInt(`${whole}${fraction}` || '0'), fraction.length];
}

/** `value` / 10^`from` rounded (halves away from zero) to `to` decimals, as a decimal string. */
function rounded(value: bigint, from: number, to: number): string {
  let units = value;
  if (from > to) {
    const divisor = 10n ** BigInt(from - to);
    const negative = units < 0n;
    const abs = negative ? -units : units;
    let q = abs / divisor;
    if ((abs % divisor) * 2n >= divisor) q += 1n;
    units = negative ? -q : q;
  } else {
    units *= 10n ** BigInt(to - from);
  }
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(to + 1, '0');
  const text = to === 0 ? digits : `${digits.slice(0, -to)}.${digits.slice(-to)}`;
  return negative ? `-${text}` : text;
}

/**
 * A line's amount as the backend works it out: quantity × unit price, exact, rounded to the
 * currency's units with halves away from zero. Decimal strings in and out.
 */
export function lineAmount(quantity: string, unitPrice: string, currency: string): string {
  const [q, qs] = scaled(quantity);
  const [p, ps] = scaled(unitPrice);
  return rounded(q * p, qs + ps, currencyDigits(currency));
}

/** The exact sum of decimal strings, with the currency's decimals. */
export function sumAmounts(amounts: readonly string[], currency: string): string {
  const digits = currencyDigits(currency);
  let total = 0n;
  for (const amount of amounts) {
    const [value, scale] = scaled(amount);
    total += BigInt(rounded(value, scale, digits).replace('.', ''));
  }
  return rounded(total, digits, digits);
}
