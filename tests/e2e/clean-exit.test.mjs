// End to end: a logout (SIGTERM) ends Cartera the way "Salir" does. The database is marked
// closed cleanly, so the next start does not spend seconds on an integrity check; a crash
// (SIGKILL) leaves the mark, and the next start checks the file and opens it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { App, freshHome } from './app.mjs';

const env = freshHome();
const marker = path.join(env.CARTERA_DATA_DIR, 'cartera.sqlite3.open');
let app;

before(async () => {
  app = await App.start(env);
});

after(async () => {
  await app?.close('clean-exit-99-last-screen');
});

async function waitGone(pids, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!pids.some((pid) => app.pids().includes(pid))) return;
    await sleep(100);
  }
  throw new Error(`Cartera (${pids}) still running ${timeoutMs} ms after SIGTERM`);
}

test('a logout quits cleanly and a crash is checked at the next start', async () => {
  let ui = await app.launch();
  await ui.find('[data-testid="empty-state"]');
  assert.ok(existsSync(marker), 'the database is marked open while Cartera runs');

  const pids = app.pids();
  assert.ok(pids.length > 0, 'the app process is found');
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  await waitGone(pids);
  assert.ok(!existsSync(marker), 'SIGTERM closes the database cleanly: no check at next start');
  await app.quit();

  // A crash leaves the mark; the next start checks the file and opens it as usual.
  ui = await app.launch();
  await ui.find('[data-testid="empty-state"]');
  assert.ok(existsSync(marker));
  app.killLeftovers();
  await app.quit().catch(() => {});
  assert.ok(existsSync(marker), 'a crash leaves the mark');
  ui = await app.launch();
  await ui.find('[data-testid="empty-state"]');
});
