import { describe, expect, it, vi } from 'vitest';
import type { ClientCursor } from '$lib/bindings/ClientCursor';
import type { ClientPage } from '$lib/bindings/ClientPage';
import { MAX_PAGE } from '$lib/bindings/values';
import { summaries } from '../test/ipc-mock';
import { FIRST_PAGE, KEEP_AROUND, PAGE_SIZE, PagedClients } from './paging.svelte';

vi.mock('$lib/ipc', async () => (await import('../test/ipc-mock')).ipcMock());

/** A backend of `total` clients sorted by name, paged by keyset cursor like the real one. */
function backend(total: number) {
  let rows = summaries(total);
  const calls: { after: ClientCursor | null; limit: number }[] = [];
  const fetch = vi.fn(async (after: ClientCursor | null, limit: number): Promise<ClientPage> => {
    calls.push({ after, limit });
    const from = after === null ? 0 : rows.findIndex((c) => c.id === after.id) + 1;
    // Like the core, at most MAX_PAGE rows a request.
    const items = rows.slice(from, from + Math.min(limit, MAX_PAGE));
    const last = items.at(-1);
    const more = from + items.length < rows.length;
    return { items, next: more && last ? { key: last.name, id: last.id } : null };
  });
  return {
    fetch,
    calls,
    rename: (index: number, name: string) => {
      rows = rows.map((c, i) => (i === index ? { ...c, name } : c));
    },
  };
}

/** Lets every pending fetch answer. */
const settle = () => new Promise((r) => setTimeout(r, 0));

/** Scrolls a 30-row view down to `to`, as the list does, letting each page arrive. */
async function scrollTo(pages: PagedClients, to: number) {
  for (let start = 0; start <= to; start += 150) {
    pages.show(start, start + 30);
    await settle();
  }
  pages.show(to, to + 30);
  await settle();
}

describe('PagedClients', () => {
  it('pages forward as the view nears the end, and keeps only the rows around it', async () => {
    const db = backend(20_000);
    const pages = new PagedClients(db.fetch);
    await pages.reset();
    expect(pages.count).toBe(FIRST_PAGE);

    await scrollTo(pages, 15_000);
    expect(pages.count).toBeGreaterThan(15_030);
    expect(pages.rowAt(15_000)?.name).toBe('Cliente 15001');
    expect(pages.rowAt(0), 'the first page is far behind: dropped').toBeUndefined();
    expect(pages.loadedRows).toBeLessThanOrEqual(2 * KEEP_AROUND + 30 + 2 * PAGE_SIZE);
    expect(db.calls.every((c) => c.limit <= PAGE_SIZE)).toBe(true);
  });

  it('fetches a dropped page again from its own cursor when scrolled back to', async () => {
    const db = backend(10_000);
    const pages = new PagedClients(db.fetch);
    await pages.reset();
    await scrollTo(pages, 8_000);
    expect(pages.rowAt(1_000)).toBeUndefined();
    const before = db.calls.length;

    pages.show(1_000, 1_030);
    await settle();
    expect(pages.rowAt(1_000)?.name).toBe('Cliente 01001');
    expect(pages.rowAt(1_029)?.name).toBe('Cliente 01030');
    const again = db.calls.slice(before);
    expect(again.length, 'only the pages in view are fetched again').toBeLessThanOrEqual(2);
    expect(again.every((c) => c.after !== null && c.limit === PAGE_SIZE)).toBe(true);
    expect(pages.count, 'the rows known stay where they were').toBeGreaterThan(8_000);
  });

  it('a refresh deep in the list reloads the rows around the view in place, not the start', async () => {
    const db = backend(10_000);
    const pages = new PagedClients(db.fetch);
    await pages.reset();
    await scrollTo(pages, 6_000);
    db.rename(6_010, 'Cliente 06011 (renombrado)');
    const before = db.calls.length;

    await pages.reset(undefined, true);
    const reloads = db.calls.slice(before);
    expect(reloads[0].after, 'not from the start').not.toBeNull();
    expect(reloads.length, 'the rows around the view take several requests').toBeGreaterThan(1);
    expect(reloads.every((c) => c.limit <= MAX_PAGE)).toBe(true);
    expect(pages.rowAt(6_010)?.name).toBe('Cliente 06011 (renombrado)');
    expect(pages.rowAt(6_000)?.name).toBe('Cliente 06001');
    expect(pages.count).toBeGreaterThan(6_030);

    // Further down, paging goes on after the reloaded rows.
    await scrollTo(pages, 9_900);
    expect(pages.rowAt(9_999)?.name).toBe('Cliente 10000');
    expect(pages.hasMore).toBe(false);
  });

  it('drops an answer for a query that was replaced meanwhile', async () => {
    const old = backend(500);
    const pages = new PagedClients(old.fetch);
    let answer: (p: ClientPage) => void = () => {};
    old.fetch.mockImplementationOnce(() => new Promise((r) => (answer = r)));
    const first = pages.reset();
    const fresh = backend(3);
    await pages.reset(fresh.fetch);
    answer({ items: summaries(100), next: null });
    await first;
    expect(pages.count).toBe(3);
  });
});
