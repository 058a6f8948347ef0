// Keyset paging for the client and trash lists, with a bounded window of loaded rows. Pages
// are fetched forward by cursor as the view nears the end; each page remembers the cursor it
// was fetched after and its size, so a page far from the view can drop its rows (a person
// scrolling through 100,000 clients would otherwise keep them all: 600 MB here, and long
// garbage-collection pauses while scrolling) and be fetched again, at the same place, when
// scrolled back to. A generation number drops answers to requests made before the last
// reset, so a slow page for an old search never lands in the list of a new one.
import type { AppError } from '$lib/bindings/AppError';
import type { ClientCursor } from '$lib/bindings/ClientCursor';
import type { ClientPage } from '$lib/bindings/ClientPage';
import type { ClientSummary } from '$lib/bindings/ClientSummary';
import { MAX_PAGE } from '$lib/bindings/values';
import { toAppError } from '$lib/ipc';

/** Fetches the page after `after` (null: the first page) with at most `limit` rows. */
export type PageFetcher = (after: ClientCursor | null, limit: number) => Promise<ClientPage>;

export const PAGE_SIZE = 200;
/**
 * A new search or filter asks for fewer rows: a screenful and some, so each key in the search
 * box costs the least; scrolling then fetches PAGE_SIZE at a time.
 */
export const FIRST_PAGE = 100;
/** Rows kept loaded on each side of the view; pages wholly further away drop their rows. */
export const KEEP_AROUND = 1000;
/** The next page is asked for when the view comes this many rows from the last loaded one. */
const PREFETCH_ROWS = 40;

interface Page {
  /** The cursor this page was fetched after (null: the list's start). */
  after: ClientCursor | null;
  /** Absolute index of its first row. */
  start: number;
  /** How many rows it had when fetched; kept when the rows are dropped. */
  size: number;
  /** Its rows, or null once dropped. */
  rows: ClientSummary[] | null;
}

export class PagedClients {
  // Raw state: pages are replaced, never mutated, and deep proxies on many rows would be costly.
  #pages = $state.raw<Page[]>([]);
  next = $state.raw<ClientCursor | null>(null);
  /** A first page or a next page is on its way. */
  loading = $state(false);
  /** True once the first page of the current query has arrived. */
  loaded = $state(false);
  error = $state.raw<AppError | null>(null);

  #fetch: PageFetcher;
  #generation = 0;
  /** The rows last shown, [start, end): what a refresh reloads. */
  #view = { start: 0, end: 0 };
  /** Dropped pages being fetched again, by their start. */
  #refetching = new Set<number>();

  constructor(fetch: PageFetcher) {
    this.#fetch = fetch;
  }

  get hasMore(): boolean {
    return this.next !== null;
  }

  /** Rows known so far: loaded, or loaded once and dropped. */
  get count(): number {
    const last = this.#pages.at(-1);
    return last ? last.start + last.size : 0;
  }

  /** Rows held in memory now. */
  get loadedRows(): number {
    return this.#pages.reduce((n, p) => n + (p.rows?.length ?? 0), 0);
  }

  /** The row at `index`, or undefined while its page is dropped or on its way. */
  rowAt(index: number): ClientSummary | undefined {
    const page = this.#pageAt(index);
    return page?.rows?.[index - page.start];
  }

  /** The index of the loaded row with this id, or -1. */
  indexOf(id: string): number {
    for (const page of this.#pages) {
      const i = page.rows?.findIndex((c) => c.id === id) ?? -1;
      if (i >= 0) return page.start + i;
    }
    return -1;
  }

  #pageAt(index: number): Page | undefined {
    const pages = this.#pages;
    let lo = 0;
    let hi = pages.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const page = pages[mid];
      if (index < page.start) hi = mid - 1;
      else if (index >= page.start + page.size) lo = mid + 1;
      else return page;
    }
    return undefined;
  }

  /**
   * Starts again from the first page, with a new query when `fetch` is given. With
   * `keepLoaded` (a refresh after a change) it reloads the rows around the view in place,
   * so the scroll position survives.
   */
  async reset(fetch?: PageFetcher, keepLoaded = false): Promise<void> {
    if (fetch) this.#fetch = fetch;
    const generation = ++this.#generation;
    this.#refetching.clear();
    const around = keepLoaded ? this.#around(this.#view) : [];
    const first = around[0];
    const after = first?.after ?? null;
    const start = first?.start ?? 0;
    const limit = around.length > 0 ? around.reduce((n, p) => n + p.size, 0) : FIRST_PAGE;
    if (!keepLoaded) {
      this.#pages = [];
      this.next = null;
      this.loaded = false;
    }
    this.loading = true;
    try {
      // One request brings at most MAX_PAGE rows: a long reload takes several, each after
      // the last row of the one before.
      const rows: ClientSummary[] = [];
      let next: ClientCursor | null = after;
      do {
        const page = await this.#fetch(next, Math.min(limit - rows.length, MAX_PAGE));
        if (generation !== this.#generation) return;
        rows.push(...page.items);
        next = page.next;
      } while (next !== null && rows.length < limit);
      // The reloaded rows become one page; the pages before them drop their rows, fetched
      // again if scrolled back to; those after are gone: the next page follows.
      const before = this.#pages.filter((p) => p.start < start).map((p) => ({ ...p, rows: null }));
      const reloaded = { after, start, size: rows.length, rows };
      this.#pages = rows.length > 0 ? [...before, reloaded] : before;
      this.next = next;
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

  /**
   * The view shows rows [start, end): asks for the next page when they near the last known
   * row, fetches again the dropped pages in or near view, and drops the rows of pages far
   * from it.
   */
  show(start: number, end: number): void {
    this.#view = { start, end };
    if (end >= this.count - PREFETCH_ROWS && !this.error) void this.loadMore();
    for (const page of this.#overlapping(start - PREFETCH_ROWS, end + PREFETCH_ROWS)) {
      if (page.rows === null) void this.#refetch(page);
    }
    const kept = new Set(this.#around(this.#view));
    if (this.#pages.some((p) => p.rows !== null && !kept.has(p))) {
      this.#pages = this.#pages.map((p) =>
        p.rows === null || kept.has(p) ? p : { ...p, rows: null },
      );
    }
  }

  /** After a failed page: asks again for what the view needs. */
  retry(): void {
    this.error = null;
    this.show(this.#view.start, this.#view.end);
  }

  /** The pages overlapping `view` widened by KEEP_AROUND rows on each side. */
  #around(view: { start: number; end: number }): Page[] {
    return this.#overlapping(view.start - KEEP_AROUND, view.end + KEEP_AROUND);
  }

  /** The pages with a row in [from, to). */
  #overlapping(from: number, to: number): Page[] {
    return this.#pages.filter((p) => p.start < to && p.start + p.size > from);
  }

  /** Appends the next page; does nothing while a page is on its way or on the last page. */
  async loadMore(): Promise<void> {
    if (this.loading || this.next === null) return;
    const generation = this.#generation;
    const after = this.next;
    this.loading = true;
    try {
      const page = await this.#fetch(after, PAGE_SIZE);
      if (generation !== this.#generation) return;
      if (page.items.length > 0) {
        const start = this.count;
        this.#pages = [...this.#pages, { after, start, size: page.items.length, rows: page.items }];
      }
      this.next = page.next;
      this.error = null;
    } catch (e) {
      if (generation !== this.#generation) return;
      this.error = toAppError(e);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
    // The view may have moved on while this page came: keep to what it needs.
    if (generation === this.#generation) this.show(this.#view.start, this.#view.end);
  }

  /** Fetches a dropped page again from its cursor, into its place. */
  async #refetch(page: Page): Promise<void> {
    if (this.#refetching.has(page.start)) return;
    this.#refetching.add(page.start);
    const generation = this.#generation;
    try {
      const fetched = await this.#fetch(page.after, page.size);
      if (generation !== this.#generation) return;
      // Rows are placed by index: a client added or renamed meanwhile may shift a row at
      // the page's edge until the next reset, never the pages around it.
      const rows = fetched.items.slice(0, page.size);
      this.#pages = this.#pages.map((p) => (p.start === page.start ? { ...p, rows } : p));
    } catch (e) {
      if (generation === this.#generation) this.error = toAppError(e);
    } finally {
      if (generation === this.#generation) this.#refetching.delete(page.start);
    }
  }
}
