// The fixed value lists of the client model, in the order the UI offers them.
import type { Action } from '$lib/bindings/Action';
import type { Direction } from '$lib/bindings/Direction';
import type { Outcome } from '$lib/bindings/Outcome';
import type { Snooze } from '$lib/bindings/Snooze';
import type { ClientKind } from '$lib/bindings/ClientKind';
import type { ClientStatus } from '$lib/bindings/ClientStatus';
import type { FollowUpColour } from '$lib/bindings/FollowUpColour';

export const KINDS: readonly ClientKind[] = ['person', 'company'];
/** The client lifecycle, first to last. */
export const STATUSES: readonly ClientStatus[] = [
  'prospect',
  'active',
  'at_risk',
  'in_review',
  'former',
];
/** Follow-up regimes from the most to the least demanding. */
export const COLOURS: readonly FollowUpColour[] = ['red', 'yellow', 'green', 'none'];

/** What a follow-up asks to do (and the channel of an interaction), most common first. */
export const ACTIONS: readonly Action[] = [
  'call',
  'visit',
  'email',
  'whatsapp',
  'sample',
  'survey',
  'meeting',
  'other',
];
/** How a contact went. */
export const OUTCOMES: readonly Outcome[] = [
  'reached',
  'no_answer',
  'answered',
  'interested',
  'not_interested',
  'call_back',
];
export const DIRECTIONS: readonly Direction[] = ['outbound', 'inbound'];
/** The snooze menu's choices, shortest first. */
export const SNOOZES: readonly Snooze[] = ['one_hour', 'tomorrow_morning', 'next_week'];
