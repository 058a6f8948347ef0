// Calendar arithmetic on `YYYY-MM-DD` strings and `HH:MM:SS` wall-clock times. Dates are
// computed in UTC on purpose: a calendar date has no time zone, so no DST shift can move it.

const DAY_MS = 86_400_000;

function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split('-').map(Number);
  return [y, m, d];
}

/** The date as a UTC midnight timestamp (for Intl with `timeZone: 'UTC'`). */
export function dateStamp(iso: string): number {
  const [y, m, d] = parts(iso);
  return Date.UTC(y, m - 1, d);
}

function fromStamp(stamp: number): string {
  return new Date(stamp).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A local Date's calendar date. */
export function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Today on this computer's calendar. */
export function todayIso(now: Date = new Date()): string {
  return localDate(now);
}

export function addDays(iso: string, days: number): string {
  return fromStamp(dateStamp(iso) + days * DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: string): number {
  return ((new Date(dateStamp(iso)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the week `iso` falls in. */
export function mondayOf(iso: string): string {
  return addDays(iso, 1 - isoWeekday(iso));
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateStamp(to) - dateStamp(from)) / DAY_MS);
}

/** `HH:MM:SS` (or `HH:MM`) as the `HH:MM` an `<input type="time">` holds. */
export function toTimeInput(time: string | null | undefined): string {
  return time ? time.slice(0, 5) : '';
}

/** An `<input type="time">` value as the backend's `HH:MM:SS`; blank is null. */
export function fromTimeInput(value: string): string | null {
  const v = value.trim();
  if (v === '') return null;
  return v.length === 5 ? `${v}:00` : v;
}

/** A local Date as the `YYYY-MM-DDTHH:MM` of an `<input type="datetime-local">`. */
export function toDateTimeInput(date: Date): string {
  return `${localDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local wall clock) as an RFC 3339 instant; null when invalid. */
export function fromDateTimeInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
