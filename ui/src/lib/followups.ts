// Small shared rules for showing follow-ups: the text of a regime item, the "when" of an item,
// the order inside a day, and a client's FollowUp seen as an agenda line.
import type { AgendaItem } from '$lib/bindings/AgendaItem';
import type { FollowUp } from '$lib/bindings/FollowUp';
import type { FollowUpColour } from '$lib/bindings/FollowUpColour';
import { formatDay, formatTime, t } from '$lib/i18n/index.svelte';

/** What the item is for: the user's words, or for a regime item the regime's own text. */
export function purposeText(item: Pick<AgendaItem, 'purpose' | 'origin' | 'colour'>): string {
  if (item.purpose.trim() !== '') return item.purpose;
  if (item.origin === 'regime') return t(`regime.${item.colour}`);
  return '';
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

/** Within one day: all-day items first, then by time, then by client name. */
export function byTime(a: AgendaItem, b: AgendaItem): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  if ((a.dueTime === null) !== (b.dueTime === null)) return a.dueTime === null ? -1 : 1;
  if (a.dueTime !== null && b.dueTime !== null && a.dueTime !== b.dueTime) {
    return a.dueTime < b.dueTime ? -1 : 1;
  }
  return a.clientName.localeCompare(b.clientName);
}

/** A client's follow-up as an agenda line, so the same row and dialogs serve both screens. */
export function asAgendaItem(
  followUp: FollowUp,
  clientName: string,
  colour: FollowUpColour,
): AgendaItem {
  return {
    followUpId: followUp.id,
    clientId: followUp.clientId,
    clientName,
    colour,
    action: followUp.action,
    purpose: followUp.purpose,
    origin: followUp.origin,
    dueDate: followUp.dueDate,
    dueTime: followUp.dueTime,
    dueAt: followUp.dueAt,
    recurring: followUp.recurrence !== null,
  };
}
