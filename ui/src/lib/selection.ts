// Which agenda items are selected for a bulk action: picked one by one (click or Ctrl+click
// toggles, Shift+click takes the run from the last one picked), or a whole section ("select
// all N"), which the core resolves under the filter. Immutable: each change is a new value.

import type { Section } from '$lib/bindings/Section';

/** An agenda section, as the core names it. */
export type SectionKey = Section;

export interface Picked {
  /** The follow-ups picked one by one. */
  ids: ReadonlySet<string>;
  /** Every item of this section under the filter, loaded or not. */
  section: SectionKey | null;
  /** Where a Shift+click run starts: the last item picked by a plain click. */
  anchor: string | null;
}

export const NOTHING: Picked = { ids: new Set(), section: null, anchor: null };

/**
 * Picks `id` or drops it. In a whole section, dropping one keeps the section's other rows as
 * shown (`sectionIds`): what is not loaded cannot be told apart any more.
 */
export function toggle(picked: Picked, id: string, sectionIds: readonly string[] = []): Picked {
  if (picked.section) {
    return { ids: new Set(sectionIds.filter((one) => one !== id)), section: null, anchor: id };
  }
  const ids = new Set(picked.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, section: null, anchor: id };
}

/** Picks the run from the anchor to `id` in the section's `order` (the rows as shown). */
export function extend(picked: Picked, id: string, order: readonly string[]): Picked {
  const from = picked.anchor === null ? -1 : order.indexOf(picked.anchor);
  const to = order.indexOf(id);
  if (from === -1 || to === -1) return toggle(picked, id);
  const ids = new Set(picked.ids);
  for (const one of order.slice(Math.min(from, to), Math.max(from, to) + 1)) ids.add(one);
  return { ids, section: null, anchor: picked.anchor };
}

/** Picks every item of `section`. */
export function wholeSection(section: SectionKey): Picked {
  return { ids: new Set(), section, anchor: null };
}

/** Whether `id`, of `section`, is picked. */
export function isPicked(picked: Picked, id: string, section: SectionKey): boolean {
  return picked.section === section || picked.ids.has(id);
}

/** How many are picked: `sectionTotal` for a whole section. */
export function pickedCount(picked: Picked, sectionTotal: (s: SectionKey) => number): number {
  return picked.section ? sectionTotal(picked.section) : picked.ids.size;
}

/** Keeps only the picked ids still among `shown` (rows done or moved away drop out). */
export function prune(picked: Picked, shown: readonly string[]): Picked {
  if (picked.section || picked.ids.size === 0) return picked;
  const still = new Set(shown.filter((id) => picked.ids.has(id)));
  return still.size === picked.ids.size ? picked : { ...picked, ids: still };
}

/** The picked ids in the order the rows are shown (the order a spread follows). */
export function inOrder(picked: Picked, order: readonly string[]): string[] {
  return order.filter((id) => picked.ids.has(id));
}
