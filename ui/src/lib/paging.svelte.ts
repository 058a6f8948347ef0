// Keyset paging for the client and trash lists: holds the rows loaded so far and the cursor of
// the next page. A generation number drops answers to requests made before the last reset, so
// a slow page for an old search never lands in the list of a new one.
import type { AppError } from '$lib/bindings/AppError';
import type { ClientCursor } from '$lib/bindings/ClientCursor';
import type { ClientPage } from '$lib/bindings/ClientPage';
import type { ClientSummary } from '$lib/bindings/ClientSummary';
import { toAppError } from '$lib/ipc';

/** Fetches the page after `after` (null: the first page) with at most `limit` rows. */
export type PageFetcher = (after: ClientCursor | null, limit: number) => Promise<ClientPage>;

export const PAGE_SIZE = 200;
/**
 * A new search or filter asks for fewer rows: a screenful and some, so each key in the search
 * box costs the least; scrolling then fetches PAGE_SIZE at a time.
 */
export const FIRST_PAGE = 100;
/** A refresh reloads what the user had scrolled through, up to this many rows at once. */
const MAX_REFRESH_ROWS = 2000;

export class PagedClients {
  // Raw state: rows are replaced, never mutated, and deep proxies on 100k rows would be costly.
  items = $state.raw<ClientSummary[]>([]);
  next = $state.raw<ClientCursor | null>(null);
  loading = $state(false);
  /** True once the first page of the current query has arrived. */
  loaded = $state(false);
  error = $state.raw<AppError | null>(null);

  #fetch: PageFetcher;
  #generation = 0;

  constructor(fetch: PageFetcher) {
    this.#fetch = fetch;
  }

  get hasMore(): boolean {
    return this.next !== null;
  }

  /**
   * Starts again from the first page, with a new query when `fetch` is given. With
   * `keepLoaded` (a refresh after a change) it reloads as many rows as were loaded, so the
   * scroll position survives.
   */
  async reset(fetch?: PageFetcher, keepLoaded = false): Promise<void> {
    if (fetch) this.#fetch = fetch;
    const generation = ++this.#generation;
    const limit = keepLoaded
      ? Math.min(Math.max(this.items.length, FIRST_PAGE), MAX_REFRESH_ROWS)
      : FIRST_PAGE;
    if (!keepLoaded) {
      this.items = [];
      this.next = null;
      this.loaded = false;
    }
    this.loading = true;
    try {
      const page = await this.#fetch(null, limit);
      if (generation !== this.#generation) return;
      this.items = page.items;
      this.next = page.next;
      this.error = null;
    } catch (e) {
      if (generation !== this.#generation) return;
      this.error = toAppError(e);
    } finally {
      if (generation === this.#generation) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }

  /** Appends the next page; does nothing while a page is on its way or on the last page. */
  async loadMore(): Promise<void> {
    if (this.loading || this.next === null) return;
    const generation = this.#generation;
    this.loading = true;
    try {
      const page = await this.#fetch(this.next, PAGE_SIZE);
      if (generation !== this.#generation) return;
      this.items = this.items.concat(page.items);
      this.next = page.next;
      this.error = null;
    } catch (e) {
      if (generation !== this.#generation) return;
      this.error = toAppError(e);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
