// The first screen: once the UI has put the data of its first screen on the page, it tells
// the backend, which shows the window then (no white window while loading) and only then
// starts the work that can wait. Marks on the way (`performance.mark('cartera:…')`) and the
// `data-painted-at` attribute (epoch ms of the first frame with data) are what
// `scripts/measure` reads to time a start.
import { tick } from 'svelte';
import type { Agenda } from '$lib/bindings/Agenda';
import { NO_FILTER } from '$lib/domain';
import { firstFrameDrawn, firstScreenPainted, getAgenda } from '$lib/ipc';

let reported = false;
let earlyAgenda: Promise<Agenda> | null = null;

/**
 * Asks for the unfiltered agenda at once, beside the start's other questions (settings,
 * whether the database is empty), instead of after them: one round trip less before the
 * first screen. The agenda takes it with `takeEarlyAgenda`.
 */
export function askAgendaEarly(): void {
  earlyAgenda = getAgenda(NO_FILTER);
  // Unused when the database turns out empty (no agenda shown): not an unhandled rejection.
  earlyAgenda.catch(() => {});
}

/** The start will not show the agenda (an empty database, a failure): its answer is stale. */
export function forgetEarlyAgenda(): void {
  earlyAgenda = null;
}

/** The agenda asked for at start, once; null afterwards (every later load asks anew). */
export function takeEarlyAgenda(): Promise<Agenda> | null {
  const early = earlyAgenda;
  earlyAgenda = null;
  return early;
}

/** Records a step of the start (shown by `scripts/measure`). */
export function mark(step: string): void {
  performance.mark(`cartera:${step}`);
}

/**
 * The first screen's data is in: marks the app ready (the end-to-end tests wait for it),
 * tells the backend once the DOM is updated (it shows the window), stamps the first frame
 * drawn after it and tells the backend that too (its deferred work starts then). Resolves
 * once that frame is drawn, so what the caller loads next does not hold it up either.
 */
export async function firstScreenReady(): Promise<void> {
  document.documentElement.dataset.ready = 'true';
  if (reported) return;
  reported = true;
  await tick();
  mark('first-screen');
  // Frames are drawn only in a visible window: asked for before the backend shows it, this
  // stamps the first frame the user sees, whenever the answer to the report comes back.
  const drawn = new Promise<void>((resolve) =>
    requestAnimationFrame(() => {
      mark('painted');
      document.documentElement.dataset.paintedAt = String(performance.timeOrigin + performance.now());
      resolve();
    }),
  );
  try {
    await firstScreenPainted();
  } catch (e) {
    // The backend shows the window after a while anyway.
    console.error('first_screen_painted failed', e);
  }
  await drawn;
  // The backend starts its deferred work after a while anyway.
  firstFrameDrawn().catch((e) => console.error('first_frame_drawn failed', e));
}
