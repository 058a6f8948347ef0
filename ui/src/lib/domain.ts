// The fixed value lists of the client model, in the order the UI offers them.
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
