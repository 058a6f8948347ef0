// End to end: the real Cartera binary under Xvfb, driven over WebDriver with a fresh data
// directory. A user creates a client, trips over a bad e-mail, edits, searches with and
// without accents, trashes and restores, quits, relaunches and finds everything still there.
// Run through scripts/test (it builds the app and starts Xvfb and a private D-Bus).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session, startDriver } from './webdriver.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = process.env.E2E_ARTIFACTS ?? path.join(here, 'artifacts');
const application = process.env.CARTERA_BIN;
if (!application || !existsSync(application)) {
  throw new Error(`CARTERA_BIN must point at the built app (got ${application})`);
}

// Everything the app writes goes to a fresh temporary home: database, logs, window state.
const home = mkdtempSync(path.join(tmpdir(), 'cartera-e2e-'));
const dataDir = path.join(home, 'data');
const env = {
  CARTERA_DATA_DIR: dataDir,
  XDG_CONFIG_HOME: path.join(home, 'config'),
  XDG_DATA_HOME: path.join(home, 'share'),
  XDG_CACHE_HOME: path.join(home, 'cache'),
  LANG: 'es_ES.UTF-8',
  LANGUAGE: 'es',
};

let driver;
let app;

async function launch() {
  app = await Session.start(driver.url, application);
  await app.waitReady();
  // WebKitWebDriver's first snapshot of a session shows the first painted frame ("Cargando…"),
  // not the page as it is now; one throwaway snapshot makes the later ones current.
  await app.screenshot();
  return app;
}

async function shot(name) {
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(path.join(artifacts, `${name}.png`), await app.screenshot());
}

/** Names of the rows the client list currently renders. */
async function listedNames() {
  return app.execute(
    `return [...document.querySelectorAll('[data-testid="client-row"]')].map(r => r.textContent)`,
  );
}

async function search(text) {
  await app.type('[data-testid="search"]', text);
}

async function waitForList(description, predicate) {
  await app.waitFor(
    description,
    `const rows = [...document.querySelectorAll('[data-testid="client-row"]')].map(r => r.textContent);
     return (${predicate})(rows);`,
  );
}

async function fillClient(fields) {
  for (const [name, value] of Object.entries(fields)) {
    await app.type(`[data-testid="client-form"] [name="${name}"]`, value);
  }
}

before(async () => {
  driver = await startDriver(env);
});

after(async () => {
  try {
    // Whatever the outcome, the last screen is kept: on a failure it shows what went wrong.
    if (app) await shot('99-last-screen');
  } catch {
    // No session left to photograph.
  }
  try {
    await app?.quit();
  } catch {
    // The session may already be gone; the driver is stopped either way.
  }
  driver?.stop();
});

test('a user keeps their clients across a restart', async () => {
  await launch();

  // First run: the friendly empty state. The user picks Spanish (the first choice follows the
  // system locale, which on a bare test machine is C/English); the choice must persist.
  await app.find('[data-testid="empty-state"]');
  await app.select('[data-testid="language"]', 'es');
  await app.waitFor(
    'the UI in Spanish',
    `return document.querySelector('[data-testid="load-examples"]')?.textContent.includes('ejemplo')`,
  );
  await shot('01-empty-state');

  // Create a company client, first with a malformed e-mail: the backend's error lands under it.
  await app.click('[data-testid="create-first-client"]');
  await app.find('[data-testid="client-form"]');
  await app.select('[data-testid="client-form"] [name="kind"]', 'company');
  await fillClient({
    name: 'Ferretería López',
    taxId: 'B-12.345.678',
    phone: '+34 612 345 678',
    email: 'compras(at)ferreterialopez',
    city: 'Sevilla',
    segment: 'Mayorista',
  });
  await app.click('[data-testid="save-client"]');
  const emailError = await app.find('[data-testid="error-email"]');
  assert.ok(emailError, 'a malformed e-mail must show an error under the field');
  assert.match(await app.text('[data-testid="error-email"]'), /correo/i, 'the error is in Spanish');
  assert.equal(
    await app.attribute('[data-testid="client-form"] [name="email"]', 'aria-invalid'),
    'true',
  );
  await shot('02-form-with-error');

  await fillClient({ email: 'compras@ferreterialopez.es' });
  await app.click('[data-testid="save-client"]');
  await app.waitFor(
    'the new client in the detail view',
    `return document.querySelector('[data-testid="detail-name"]')?.textContent.includes('Ferretería López')`,
  );

  // Edit it.
  await app.click('[data-testid="edit-client"]');
  await fillClient({ name: 'Ferretería López e Hijos', city: 'Córdoba' });
  await app.click('[data-testid="save-client"]');
  await app.waitFor(
    'the edited name in the detail view',
    `return document.querySelector('[data-testid="detail-name"]')?.textContent.includes('López e Hijos')`,
  );
  await shot('03-client-detail');

  // A second client, a person with accents in her name.
  await app.click('[data-testid="new-client"]');
  await app.select('[data-testid="client-form"] [name="kind"]', 'person');
  await fillClient({ name: 'María Núñez Peña', phone: '955 123 456', city: 'Jaén' });
  await app.click('[data-testid="save-client"]');
  await waitForList('both clients listed', `(rows) => rows.length === 2`);

  // Search as you type, with and without accents, by phone digits too.
  await search('maria');
  await waitForList('"maria" finds María', `(rows) => rows.length === 1 && rows[0].includes('María Núñez')`);
  await search('FERRETERIA');
  await waitForList('"FERRETERIA" finds Ferretería', `(rows) => rows.length === 1 && rows[0].includes('Ferretería')`);
  await search('Ferretería lóp');
  await waitForList('accented words find it too', `(rows) => rows.length === 1 && rows[0].includes('Ferretería')`);
  await search('612345');
  await waitForList('phone digits find it', `(rows) => rows.length === 1 && rows[0].includes('Ferretería')`);
  await search('zzz');
  await waitForList('no match, no rows', `(rows) => rows.length === 0`);
  await search('');
  await waitForList('clearing the search shows all', `(rows) => rows.length === 2`);
  await shot('04-client-list');

  // Delete María to the trash, then restore her from the trash view.
  const maria = await app.execute(
    `return [...document.querySelectorAll('[data-testid="client-row"]')].find(r => r.textContent.includes('María')).dataset.id`,
  );
  await app.click(`[data-testid="client-row"][data-id="${maria}"]`);
  await app.waitFor('María in the detail view', `return document.querySelector('[data-testid="detail-name"]')?.textContent.includes('María')`);
  await app.click('[data-testid="trash-client"]');
  await waitForList('María gone from the list', `(rows) => rows.length === 1 && !rows.some(r => r.includes('María'))`);
  await app.click('[data-testid="nav-trash"]');
  await app.find(`[data-testid="trash-row"][data-id="${maria}"]`);
  await shot('05-trash');
  await app.click(`[data-testid="trash-row"][data-id="${maria}"] [data-testid="restore-client"]`);
  await app.waitFor('the trash emptied by the restore', `return document.querySelectorAll('[data-testid="trash-row"]').length === 0`);
  await app.click('[data-testid="nav-clients"]');
  await waitForList('María back in the list', `(rows) => rows.length === 2 && rows.some(r => r.includes('María'))`);

  // Quit and relaunch on the same data directory: nothing is lost.
  await app.quit();
  app = undefined;
  await launch();
  await waitForList(
    'both clients after a restart',
    `(rows) => rows.length === 2 && rows.some(r => r.includes('López e Hijos')) && rows.some(r => r.includes('María Núñez'))`,
  );
  const count = await app.text('[data-testid="client-count"]');
  assert.match(count, /2 clientes/, 'the header counts the two clients, still in Spanish');
  await shot('06-after-restart');
});
