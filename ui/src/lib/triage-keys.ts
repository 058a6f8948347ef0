// The agenda's keys for working through it without the mouse. One table: the handler and the
// "?" help read the same entries.

export type TriageCommand =
  'next' | 'previous' | 'pick' | 'done' | 'snooze' | 'reschedule' | 'open' | 'help';

/** Each command and the keys that give it, in the order the help lists them. */
export const TRIAGE_KEYS: readonly { command: TriageCommand; keys: readonly string[] }[] = [
  { command: 'next', keys: ['j', 'ArrowDown'] },
  { command: 'previous', keys: ['k', 'ArrowUp'] },
  { command: 'pick', keys: ['x'] },
  { command: 'done', keys: ['d'] },
  { command: 'snooze', keys: ['s'] },
  { command: 'reschedule', keys: ['r'] },
  { command: 'open', keys: ['o'] },
  { command: 'help', keys: ['?'] },
];

/** How a key is written in the help. */
export function keyLabel(key: string): string {
  return key === 'ArrowDown' ? '↓' : key === 'ArrowUp' ? '↑' : key;
}

/** Where typing means text, keys are not commands. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const checkbox = target instanceof HTMLInputElement && target.type === 'checkbox';
  return (
    target.isContentEditable ||
    (['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName) && !checkbox) ||
    target.closest('[role="menu"], [role="dialog"], [role="alertdialog"]') !== null
  );
}

/** The command a key press gives, or null (modifiers, typing, or not a triage key). */
export function commandFor(event: KeyboardEvent): TriageCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return TRIAGE_KEYS.find((entry) => entry.keys.includes(key))?.command ?? null;
}
