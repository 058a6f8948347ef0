// The fixed value lists of the client model, in the order the UI offers them. The lists come
// from the core (generated into the bindings with the types), so no list here can drift.
import type { AgendaFilter } from '$lib/bindings/AgendaFilter';
import type { Snooze } from '$lib/bindings/Snooze';

export {
  ACTIONS,
  ASPECTS,
  BUYING_MODES,
  COLOURS,
  CURRENCIES,
  DIRECTIONS,
  ITEM_KINDS,
  KINDS,
  NOTE_KINDS,
  OUTCOMES,
  PAYMENT_METHODS,
  STATUSES,
} from '$lib/bindings/values';

/** The snooze menu's quick choices, shortest first ("another date" opens the date form). */
export const SNOOZES: readonly Snooze[] = ['one_hour', 'tomorrow_morning', 'next_week'];

/** The agenda without any condition (the first screen reads it before the UI is up). */
export const NO_FILTER: AgendaFilter = {
  colour: null,
  action: null,
  segmentId: null,
  tagId: null,
  city: null,
};
