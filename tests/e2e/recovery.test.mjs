// End to end: a database the app cannot open never kills it silently. A database from the
// first released build upgrades (with a backup); later the file is overwritten with garbage;
// the next start shows the recovery screen, and restoring the latest backup brings the data
// back while the garbage is kept beside it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, freshHome } from './app.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = { ...freshHome(), LANG: 'es_ES.UTF-8', LANGUAGE: 'es' };
const database = path.join(env.CARTERA_DATA_DIR, 'cartera.sqlite3');
const garbage = 'esto no es una base de datos\n'.repeat(200);
let app;

before(async () => {
  const made = spawnSync(
    'python3',
    [path.join(here, 'released-database.py'), database, path.join(here, '../../migrations')],
    { encoding: 'utf8' },
  );
  assert.equal(made.status, 0, `could not write the released database: ${made.stderr}`);
  app = await App.start(env);
});

after(async () => {
  await app?.close('recovery-99-last-screen');
});

/** Waits until the client list shows a row containing `name`. */
async function seeClient(ui, name) {
  await ui.click('[data-testid="nav-clients"]');
  await app.waitForList(`${name} in the list`, `(rows) => rows.some(r => r.includes(${JSON.stringify(name)}))`);
}

test('a released database upgrades with a backup, and a garbage file is recovered from it', async () => {
  let ui = await app.launch();
  await ui.select('[data-testid="language"]', 'es');
  await seeClient(ui, 'Ferretería López');
  const backups = readdirSync(path.join(env.CARTERA_DATA_DIR, 'backups'));
  assert.equal(backups.length, 1, `one pre-upgrade backup (got ${backups})`);
  await app.quit();

  // The file is destroyed (a bad disk, another program writing over it).
  writeFileSync(database, garbage);
  for (const extra of ['-wal', '-shm']) rmSync(database + extra, { force: true });

  ui = await app.launch();
  await ui.find('[data-testid="recovery"]');
  assert.equal(await ui.attribute('[data-testid="recovery"]', 'data-problem'), 'damaged');
  const problem = await ui.text('[data-testid="recovery-problem"]');
  assert.match(problem, /dañado/, 'says what happened in Spanish (the system language here)');
  assert.equal(await ui.text('[data-testid="recovery-file"]'), database, 'says where the file is');
  assert.match(await ui.text('[data-testid="recovery-latest"]'), /cartera-v2-.*\.sqlite3$/);
  await app.shot('recovery-01-damaged-database');
  assert.equal(readFileSync(database, 'utf8'), garbage, 'the damaged file was not touched');

  // Retrying changes nothing and says so; restoring the latest backup opens the app.
  await ui.click('[data-testid="recovery-retry"]');
  await ui.waitFor(
    'the retry answered',
    `return document.querySelector('[data-testid="recovery-message"]')?.textContent.includes('Sigue sin poder abrirse')`,
  );
  await ui.click('[data-testid="recovery-restore"]');
  await ui.find('[data-testid="nav-clients"]', 20000);
  await seeClient(ui, 'Ferretería López');
  await app.shot('recovery-02-restored');

  const kept = readdirSync(env.CARTERA_DATA_DIR).filter((f) => f.startsWith('cartera.sqlite3.damaged-'));
  assert.equal(kept.length, 1, 'the damaged file is kept beside the restored one');
  assert.equal(readFileSync(path.join(env.CARTERA_DATA_DIR, kept[0]), 'utf8'), garbage);
  assert.ok(existsSync(database));
});
