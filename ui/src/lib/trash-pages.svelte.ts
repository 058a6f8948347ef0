// One tab of the trash that is not the clients' (trashed purchases, trashed notes): its items
// read a page at a time, latest trashed first, and read again from the first page after a
// change. A generation number drops the answer of a read made before the last reload.
import type { TrashCursor } from '$lib/bindings/TrashCursor';

/** Reads the page after `after` (null: the first page) with at most `limit` items. */
export type TrashFetcher<T> = (
  after: TrashCursor | null,
  limit: number,
) => Promise<{ items: T[]; next: TrashCursor | null }>;

export const TRASH_PAGE = 50;

export class TrashPages<T> {
  items = $state.raw<T[]>([]);
  next = $state.raw<TrashCursor | null>(null);
  loaded = $state(false);
  #loading = false;
  #generation = 0;
  #fetch: TrashFetcher<T>;
  #onerror: (error: unknown) => void;

  constructor(fetch: TrashFetcher<T>, onerror: (error: unknown) => void) {
    this.#fetch = fetch;
    this.#onerror = onerror;
  }

  /** The first page (`after` null: a reload) or the next one, never the same page twice. */
  async load(after: TrashCursor | null = null) {
    if (after && this.#loading) return;
    const current = after ? this.#generation : ++this.#generation;
    this.#loading = true;
    try {
      const page = await this.#fetch(after, TRASH_PAGE);
      if (current !== this.#generation) return;
      this.items = after ? [...this.items, ...page.items] : page.items;
      this.next = page.next;
      this.loaded = true;
    } catch (e) {
      this.#onerror(e);
    } finally {
      if (current === this.#generation) this.#loading = false;
    }
  }

  /** The next page, when there is one. */
  more() {
    return this.next ? this.load(this.next) : Promise.resolve();
  }

  get empty(): boolean {
    return this.loaded && this.items.length === 0;
  }
}
