// End to end: the real Cartera binary under Xvfb, driven over WebDriver with a fresh data
// directory. A user creates a client, trips over a bad e-mail, edits, searches with and
// without accents, trashes and restores, quits, relaunches and finds everything still there.
// Run through scripts/test (it builds the app and starts Xvfb and a private D-Bus).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { App, freshHome } from './app.mjs';

let app;
let ui;

before(async () => {
  app = await App.start({ ...freshHome(), LANG: 'es_ES.UTF-8', LANGUAGE: 'es' });
});

after(async () => {
  await app?.close('clients-99-last-screen');
});

const shot = (name) => app.shot(`clients-${name}`);
const waitForList = (description, predicate) => app.waitForList(description, predicate);

async function search(text) {
  await ui.type('[data-testid="search"]', text);
}

async function fillClient(fields) {
  for (const [name, value] of Object.entries(fields)) {
    await ui.type(`[data-testid="client-form"] [name="${name}"]`, value);
  }
}

test('a user keeps their clients across a restart', async () => {
  ui = await app.launch();

  // First run: the friendly empty state. The user picks Spanish (the first choice follows the
  // system locale, which on a bare test machine is C/English); the choice must persist.
  await ui.find('[data-testid="empty-state"]');
  await ui.select('[data-testid="language"]', 'es');
  await ui.waitFor(
    'the UI in Spanish',
    `return document.querySelector('[data-testid="load-examples"]')?.textContent.includes('ejemplo')`,
  );
  await shot('01-empty-state');

  // The stylesheet applies under the strict CSP (style-src 'self', nothing inline): a blocked
  // one leaves the browser's 8px body margin and a primary button like any other button.
  const look = await ui.execute(`
    const plain = document.body.appendChild(document.createElement('button'));
    const look = {
      margin: getComputedStyle(document.body).margin,
      primary: getComputedStyle(document.querySelector('[data-testid="load-examples"]')).backgroundColor,
      plain: getComputedStyle(plain).backgroundColor,
    };
    plain.remove();
    return look;
  `);
  assert.equal(look.margin, '0px', 'the app stylesheet must apply (a CSP block shows an unstyled page)');
  assert.notEqual(look.primary, look.plain, 'the primary button must be styled, not the browser default');

  // Create a company client, first with a malformed e-mail: the backend's error lands under it.
  await ui.click('[data-testid="create-first-client"]');
  await ui.find('[data-testid="client-form"]');
  await ui.select('[data-testid="client-form"] [name="kind"]', 'company');
  await fillClient({
    name: 'Ferretería López',
    taxId: 'B-12.345.678',
    phone: '+34 612 345 678',
    email: 'compras(at)ferreterialopez',
    city: 'Sevilla',
    segment: 'Mayorista',
  });
  await ui.click('[data-testid="save-client"]');
  const emailError = await ui.find('[data-testid="error-email"]');
  assert.ok(emailError, 'a malformed e-mail must show an error under the field');
  assert.match(await ui.text('[data-testid="error-email"]'), /correo/i, 'the error is in Spanish');
  assert.equal(
    await ui.attribute('[data-testid="client-form"] [name="email"]', 'aria-invalid'),
    'true',
  );
  await shot('02-form-with-error');

  await fillClient({ email: 'compras@ferreterialopez.es' });
  await ui.click('[data-testid="save-client"]');
  await ui.waitFor(
    'the new client in the detail view',
    `return document.querySelector('[data-testid="detail-name"]')?.textContent.includes('Ferretería López')`,
  );

  // Edit it.
  await ui.click('[data-testid="edit-client"]');
  await fillClient({ name: 'Ferretería López e Hijos', city: 'Córdoba' });
  await ui.click('[data-testid="save-client"]');
  await ui.waitFor(
    'the edited name in the detail view',
    `return document.querySelector('[data-testid="detail-name"]')?.textContent.includes('López e Hijos')`,
  );
  await shot('03-client-detail');

  // A second client, a person with accents in her name.
  await ui.click('[data-testid="new-client"]');
  await ui.select('[data-testid="client-form"] [name="kind"]', 'person');
  await fillClient({ name: 'María Núñez Peña', phone: '955 123 456', city: 'Jaén' });
  await ui.click('[data-testid="save-client"]');
  await waitForList('both clients listed', `(rows) => rows.length === 2`);
  // Sizes set from script (Svelte's style: directives, through CSSOM) apply under the CSP too.
  const spacer = await ui.execute(`
    const s = document.querySelector('[data-testid="client-list"] .spacer');
    return { set: s.style.height, laid: s.getBoundingClientRect().height };
  `);
  assert.ok(
    spacer.set && parseFloat(spacer.set) === spacer.laid,
    `the list's height must come from its style: directive (${JSON.stringify(spacer)})`,
  );

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
  const maria = await ui.execute(
    `return [...document.querySelectorAll('[data-testid="client-row"]')].find(r => r.textContent.includes('María')).dataset.id`,
  );
  await ui.click(`[data-testid="client-row"][data-id="${maria}"]`);
  await ui.waitFor('María in the detail view', `return document.querySelector('[data-testid="detail-name"]')?.textContent.includes('María')`);
  await ui.click('[data-testid="trash-client"]');
  await waitForList('María gone from the list', `(rows) => rows.length === 1 && !rows.some(r => r.includes('María'))`);
  await ui.click('[data-testid="nav-trash"]');
  await ui.find(`[data-testid="trash-row"][data-id="${maria}"]`);
  await shot('05-trash');
  await ui.click(`[data-testid="trash-row"][data-id="${maria}"] [data-testid="restore-client"]`);
  await ui.waitFor('the trash emptied by the restore', `return document.querySelectorAll('[data-testid="trash-row"]').length === 0`);
  await ui.click('[data-testid="nav-clients"]');
  await waitForList('María back in the list', `(rows) => rows.length === 2 && rows.some(r => r.includes('María'))`);

  // Quit and relaunch on the same data directory: nothing is lost.
  await app.quit();
  ui = await app.launch();
  // The app opens on the agenda; the clients are one click away.
  await ui.click('[data-testid="nav-clients"]');
  await waitForList(
    'both clients after a restart',
    `(rows) => rows.length === 2 && rows.some(r => r.includes('López e Hijos')) && rows.some(r => r.includes('María Núñez'))`,
  );
  const count = await ui.text('[data-testid="client-count"]');
  assert.match(count, /2 clientes/, 'the header counts the two clients, still in Spanish');
  await shot('06-after-restart');
});
