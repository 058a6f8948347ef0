// End to end: late to buy on the agenda, as a user lives it. Two clients each bought three
// times at a steady rhythm and then stopped: the agenda lists both under "Tardan en comprar",
// the longest late first, saying how often each buys and how long it has been. A call planned
// from the list lands on today's agenda and takes the client off the list; the other one is
// dismissed until their next purchase; after a relaunch the list is still empty, while the
// client's card still says they are late.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { App, freshHome, isoDate } from './app.mjs';

let app;
let ui;

before(async () => {
  app = await App.start({ ...freshHome(), LANG: 'es_ES.UTF-8', LANGUAGE: 'es' });
});

after(async () => {
  await app?.close('late-to-buy-99-last-screen');
});

function daysAgo(days) {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return isoDate(d);
}

const form = (name) => `[data-testid="purchase-form"] [name="${name}"]`;

/** A new company `name` that bought on each of `days` (days ago), its card open. */
async function clientWhoBought(name, days) {
  await ui.click('[data-testid="nav-clients"]');
  const first = await ui.findAll('[data-testid="create-first-client"]');
  await ui.click(first.length ? '[data-testid="create-first-client"]' : '[data-testid="new-client"]');
  await ui.find('[data-testid="client-form"]');
  await ui.select('[data-testid="client-form"] [name="kind"]', 'company');
  await ui.type('[data-testid="client-form"] [name="name"]', name);
  await ui.click('[data-testid="save-client"]');
  await ui.waitFor(
    `${name} in the detail view`,
    `return document.querySelector('[data-testid="detail-name"]')?.textContent === arguments[0]`,
    [name],
  );
  for (const ago of days) {
    await ui.click('[data-testid="add-purchase"]');
    await ui.find('[data-testid="purchase-form"]');
    await app.setInput(form('purchasedOn'), daysAgo(ago));
    await ui.type(form('description'), 'Pedido de reposición');
    await ui.type(form('total'), '250');
    await ui.click('[data-testid="save-purchase"]');
    await ui.waitFor('the form closed', `return !document.querySelector('[data-testid="purchase-form"]')`);
  }
  await ui.waitFor(
    `${name} late on the card`,
    `return document.querySelector('[data-testid="late-to-buy"]') !== null`,
  );
}

/** The late list's rows as the user reads them, once it says `count`. */
async function lateRows(count) {
  await ui.waitFor(
    `the late list counting ${count}`,
    `return document.querySelector('[data-testid="late-list-count"]')?.textContent.trim() === arguments[0]`,
    [String(count)],
  );
  return ui.execute(
    `return [...document.querySelectorAll('[data-testid="late-row"]')].map((r) => ({
       name: r.querySelector('.name').textContent.trim(),
       rhythm: r.querySelector('[data-testid="late-rhythm"]').textContent.trim(),
     }))`,
  );
}

test('the agenda lists who is late to buy, and a call or a dismissal takes them off', async () => {
  ui = await app.launch();
  await ui.find('[data-testid="empty-state"]');
  await ui.select('[data-testid="language"]', 'es');
  // Every 21 days, the last 35 days ago: late for 6 days (21 + 7 tolerated).
  await clientWhoBought('Distribuidora Norte', [77, 56, 35]);
  // Every 20 days, the last 50 days ago: late for 23 days.
  await clientWhoBought('Almacén Sur', [90, 70, 50]);

  await ui.click('[data-testid="nav-agenda"]');
  assert.deepEqual(
    await lateRows(2),
    [
      { name: 'Almacén Sur', rhythm: 'Suele comprar cada 20 días; van 50 días' },
      { name: 'Distribuidora Norte', rhythm: 'Suele comprar cada 21 días; van 35 días' },
    ],
    'the longest late first',
  );
  await app.shot('late-to-buy-01-agenda');

  // A call for Distribuidora Norte, planned from the list with a purpose that says why.
  const norte = `[data-testid="late-row"]:nth-child(2)`;
  await ui.click(`${norte} [data-testid="late-call"]`);
  await ui.find('[data-testid="follow-up-form"]');
  assert.equal(
    await ui.execute(`return document.querySelector('[data-testid="follow-up-form"] [name="purpose"]').value`),
    'Suele comprar cada 21 días y van 35 días: ¿necesita algo?',
  );
  await app.shot('late-to-buy-02-plan-call');
  await ui.click('[data-testid="save-follow-up"]');
  await ui.waitFor(
    'the call confirmed',
    `return document.querySelector('[data-testid="toast"]')?.textContent.includes('Llamada a Distribuidora Norte planificada')`,
  );
  assert.deepEqual(
    (await lateRows(1)).map((r) => r.name),
    ['Almacén Sur'],
  );
  await ui.waitFor(
    'the call on today\'s agenda',
    `return document.querySelector('[data-testid="agenda-today"]')?.textContent.includes('Distribuidora Norte')`,
  );

  // Almacén Sur: dismissed until their next purchase.
  await ui.click('[data-testid="late-row"] [data-testid="late-dismiss"]');
  await ui.waitFor(
    'the dismissal confirmed',
    `return document.querySelector('[data-testid="toast"]')?.textContent.includes('Almacén Sur no vuelve a la lista hasta su próxima compra')`,
  );
  await lateRows(0);
  assert.match(await ui.text('[data-testid="late-list"]'), /Ningún cliente va con retraso en sus compras/);
  await app.shot('late-to-buy-03-handled');

  // Kept across a relaunch; the card still tells the fact.
  await app.quit();
  ui = await app.launch();
  await ui.find('[data-testid="agenda-today"]');
  await lateRows(0);
  await ui.click('[data-testid="nav-clients"]');
  await ui.waitFor(
    'the client list',
    `return document.querySelectorAll('[data-testid="client-row"]').length === 2`,
  );
  await ui.execute(
    `[...document.querySelectorAll('[data-testid="client-row"]')].find((r) => r.textContent.includes('Almacén Sur')).click()`,
  );
  await ui.waitFor(
    'Almacén Sur still late on the card',
    `return document.querySelector('[data-testid="late-to-buy"]')?.textContent.includes('suele comprar cada 20 días y lleva 50 días sin comprar')`,
  );
});
