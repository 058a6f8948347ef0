// Small shared rules for showing follow-ups: the text of a regime item, the "when" of an item,
// the order inside a day, and a client's FollowUp seen as an agenda line.
import type { AgendaItem } from '$lib/bindings/AgendaItem';
import type { FollowUp } from '$lib/bindings/FollowUp';
import type { FollowUpColour } from '$lib/bindings/FollowUpColour';
import type { Recurrence } from '$lib/bindings/Recurrence';
import { isoWeekday } from '$lib/dates';
import {
  formatDate,
  formatDay,
  formatTime,
  i18n,
  plural,
  t,
  weekdayName,
} from '$lib/i18n/index.svelte';

/** The most dates of a series gone by that are named; the rest are counted. */
const WENT_BY_NAMED = 5;

/**
 * The occurrences of a series that went by undone, for the choice to log them as missed:
 * "mar, 20 oct, mar, 3 nov" or, past five, the first five "y 3 más". Dates of another year than
 * `today` carry it.
 */
export function wentByText(dates: string[], today: string): string {
  const named = dates
    .slice(0, WENT_BY_NAMED)
    .map((d) => formatDay(d, today))
    .join(' · ');
  const rest = dates.length - WENT_BY_NAMED;
  return rest > 0 ? t('wentBy.more', { dates: named, n: rest }) : named;
}

/** What the item is for: the user's words, or for a regime item the regime's own text. */
export function purposeText(item: Pick<AgendaItem, 'purpose' | 'origin' | 'colour'>): string {
  if (item.purpose.trim() !== '') return item.purpose;
  if (item.origin === 'regime') return t(`regime.${item.colour}`);
  return '';
}

/**
 * A series' rule in words, for an occurrence due on `dueDate`: "Cada 2 semanas, martes",
 * "Cada mes, el día 15, hasta el 30 jun 2027" / "Every 2 weeks on Tuesday". A weekly rule
 * without weekdays repeats on the occurrence's own; a monthly one on its day of the month.
 */
export function recurrenceText(rule: Recurrence, dueDate: string): string {
  const every = plural(`recurrence.${rule.unit}`, rule.every);
  let text = every;
  if (rule.unit === 'week') {
    const weekdays = rule.weekdays.length > 0 ? rule.weekdays : [isoWeekday(dueDate)];
    const days = new Intl.ListFormat(i18n.locale, { type: 'conjunction' }).format(
      weekdays.map((d) => weekdayName(d, 'long')),
    );
    text = t('recurrence.onDays', { every, days });
  } else if (rule.unit === 'month') {
    text = t('recurrence.onMonthDay', { every, day: String(Number(dueDate.slice(8, 10))) });
  }
  return rule.until ? t('recurrence.until', { rule: text, date: formatDate(rule.until) }) : text;
}

/**
 * How long a green client has waited since we asked: "12 días", "Desde hoy", or "Sin
 * preguntar aún" when there is nothing to count (`days` null).
 */
export function waitingText(days: number | null): string {
  if (days === null) return t('agenda.notAsked');
  return days === 0 ? t('agenda.sinceToday') : plural('agenda.days', days);
}

/** A run of a day's items: those with a time, or the all-day ones of one regime. */
export interface DayGroup {
  key: 'timed' | FollowUpColour;
  items: AgendaItem[];
}

/**
 * Today's items, in the core's order (with a time by time, then all day by regime), cut where
 * the kind changes: the headings of a day read at a glance. Nothing is reordered.
 */
export function dayGroups(items: AgendaItem[]): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const item of items) {
    const key = item.dueTime !== null ? 'timed' : item.colour;
    const last = groups[groups.length - 1];
    if (last?.key === key) last.items.push(item);
    else groups.push({ key, items: [item] });
  }
  return groups;
}

/** "10:30" or "Todo el día". */
export function timeText(item: Pick<AgendaItem, 'dueTime'>): string {
  return item.dueTime ? formatTime(item.dueTime) : t('agenda.allDay');
}

/** "lun, 3 mar, 10:30" or "lun, 3 mar (todo el día)". */
export function whenText(item: Pick<AgendaItem, 'dueDate' | 'dueTime'>): string {
  return item.dueTime
    ? t('when.dateTime', { date: formatDay(item.dueDate), time: formatTime(item.dueTime) })
    : t('when.allDay', { date: formatDay(item.dueDate) });
}

/**
 * A client's follow-up as an agenda line, so the same row and dialogs serve both screens (the
 * city is only read by the day's route, which the core builds).
 */
export function asAgendaItem(
  followUp: FollowUp,
  clientName: string,
  colour: FollowUpColour,
): AgendaItem {
  return {
    followUpId: followUp.id,
    clientId: followUp.clientId,
    clientName,
    city: null,
    colour,
    action: followUp.action,
    purpose: followUp.purpose,
    origin: followUp.origin,
    dueDate: followUp.dueDate,
    dueTime: followUp.dueTime,
    dueAt: followUp.dueAt,
    recurrence: followUp.recurrence,
    seriesId: followUp.seriesId,
    projected: false,
  };
}
