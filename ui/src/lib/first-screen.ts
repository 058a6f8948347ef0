// The first screen: once the UI has put the data of its first screen on the page, it tells
// the backend, which shows the window then (no white window while loading) and only then
// starts the work that can wait. Marks on the way (`performance.mark('cartera:…')`) and the
// `data-painted-at` attribute (epoch ms of the first frame with data) are what
// `scripts/measure` reads to time a start.
import { tick } from 'svelte';
import { firstScreenPainted } from '$lib/ipc';

let reported = false;

/** Records a step of the start (shown by `scripts/measure`). */
export function mark(step: string): void {
  performance.mark(`cartera:${step}`);
}

/**
 * The first screen's data is in: marks the app ready (the end-to-end tests wait for it),
 * tells the backend once the DOM is updated, and stamps the first frame drawn after it.
 */
export async function firstScreenReady(): Promise<void> {
  document.documentElement.dataset.ready = 'true';
  if (reported) return;
  reported = true;
  await tick();
  mark('first-screen');
  try {
    await firstScreenPainted();
  } catch (e) {
    // The backend shows the window after a while anyway.
    console.error('first_screen_painted failed', e);
  }
  // Frames are drawn only in a visible window: this stamps the first one the user sees.
  requestAnimationFrame(() => {
    mark('painted');
    document.documentElement.dataset.paintedAt = String(performance.timeOrigin + performance.now());
  });
}
