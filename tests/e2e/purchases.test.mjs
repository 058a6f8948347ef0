// End to end: a client's purchases in the real app. A user records three purchases three weeks
// apart, the last one five weeks ago, with Spanish amounts ("1.234,50"): the client's card says
// how often they buy and that they are late. A purchase line by line sold on credit shows its
// exact total and its due date from the client's own payment terms; a purchase sent to the
// trash comes back from the trash's purchases tab, and everything is still there after a
// relaunch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { App, freshHome, isoDate } from './app.mjs';

let app;
let ui;

before(async () => {
  app = await App.start({ ...freshHome(), LANG: 'es_ES.UTF-8', LANGUAGE: 'es' });
});

after(async () => {
  await app?.close('purchases-99-last-screen');
});

const shot = (name) => app.shot(`purchases-${name}`);

function daysAgo(days) {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return isoDate(d);
}

const form = (name) => `[data-testid="purchase-form"] [name="${name}"]`;

async function rows() {
  return ui.execute(
    `return [...document.querySelectorAll('[data-testid="purchase-row"]')].map(r => r.textContent.replace(/\\s+/g, ' ').trim())`,
  );
}

async function waitForRows(description, predicate) {
  await ui.waitFor(
    description,
    `const rows = [...document.querySelectorAll('[data-testid="purchase-row"]')].map(r => r.textContent.replace(/\\s+/g, ' '));
     return (${predicate})(rows);`,
  );
}

/** Records a purchase without lines: date, what, amount as typed, paid at once. */
async function recordPurchase(date, what, amount) {
  await ui.click('[data-testid="add-purchase"]');
  await ui.find('[data-testid="purchase-form"]');
  await app.setInput(form('purchasedOn'), date);
  await ui.type(form('description'), what);
  await ui.type(form('total'), amount);
  await ui.click('[data-testid="save-purchase"]');
  await ui.waitFor('the form closed', `return !document.querySelector('[data-testid="purchase-form"]')`);
}

test('a user records what a client buys and sees when they are late to buy', async () => {
  ui = await app.launch();
  await ui.find('[data-testid="empty-state"]');
  await ui.select('[data-testid="language"]', 'es');
  await ui.click('[data-testid="create-first-client"]');
  await ui.find('[data-testid="client-form"]');
  await ui.select('[data-testid="client-form"] [name="kind"]', 'company');
  await ui.type('[data-testid="client-form"] [name="name"]', 'Distribuidora Norte');
  await ui.click('[data-testid="save-client"]');
  await ui.waitFor(
    'the client in the detail view',
    `return document.querySelector('[data-testid="detail-name"]')?.textContent.includes('Distribuidora Norte')`,
  );
  await ui.waitFor('the purchases block', `return document.querySelector('[data-testid="purchase-rhythm"]')?.textContent.includes('Todavía no hay compras')`);

  // Three purchases three weeks apart, the last five weeks ago: 21 days + 7 of margin passed.
  await recordPurchase(daysAgo(77), 'Pedido de material', '1.234,50');
  await waitForRows('the first purchase listed', `(rows) => rows.length === 1 && rows[0].includes('1.234,50 €')`);
  assert.match(await ui.text('[data-testid="rhythm-text"]'), /1 compra: aún sin ritmo/);
  await recordPurchase(daysAgo(56), 'Pedido de material', '980');
  await recordPurchase(daysAgo(35), 'Pedido de material', '1.100,25');
  await waitForRows('three purchases, newest first', `(rows) => rows.length === 3 && rows[0].includes('1.100,25')`);
  await ui.waitFor(
    'the rhythm of every three weeks',
    `return document.querySelector('[data-testid="rhythm-text"]')?.textContent.includes('Suele comprar cada 21 días')`,
  );
  assert.equal(
    await ui.text('[data-testid="late-to-buy"]'),
    '⚠ Tarda en comprar: suele comprar cada 21 días y lleva 35 días sin comprar.',
  );
  assert.match(
    (await ui.text('[data-testid="average-ticket"]')).replace(/\s/g, ' '),
    /1\.104,92 €/,
    '(1.234,50 + 980 + 1.100,25) / 3, to the cent',
  );
  await ui.execute(`document.querySelector('[data-testid="client-purchases"]').scrollIntoView()`);
  await shot('01-rhythm-and-late');
  // The purchases are in the client's history too, newest first.
  await ui.waitFor(
    'three purchases in the history',
    `return document.querySelectorAll('[data-testid="history-purchase"]').length === 3`,
  );
  assert.match(
    await ui.execute(`return document.querySelector('[data-testid="history-purchase"]').textContent.replace(/\\s+/g, ' ')`),
    /Compra 1\.100,25 € Pedido de material/,
  );
  await ui.execute(`document.querySelector('[data-testid="timeline"]').scrollIntoView()`);
  await shot('01b-history');

  // How the client buys: they wait for a visit. Kept across the relaunch below.
  await ui.select('[data-testid="buying-mode"]', 'needs_visit');
  await ui.waitFor('the buying mode saved', `return document.body.textContent.includes('Forma de compra guardada')`);
  assert.equal(await ui.text('[data-testid="preferred-payment"]'), 'Efectivo');

  // The client's own payment terms: 45 days.
  await ui.click('[data-testid="edit-terms"]');
  await ui.type('#purchase-terms-days', '45');
  await ui.click('[data-testid="save-terms"]');
  await ui.waitFor(
    'the own terms shown',
    `return document.querySelector('[data-testid="payment-terms"]')?.textContent.includes('Plazo de pago propio: 45 días')`,
  );

  // Line by line, on credit: the total is exact while typing, the due date follows the terms.
  await ui.click('[data-testid="add-purchase"]');
  await ui.find('[data-testid="purchase-form"]');
  const today = daysAgo(0);
  await app.setInput(form('purchasedOn'), today);
  await ui.click('[data-testid="add-line"]');
  await ui.type(form('lines.0.description'), 'Caja de tornillos 4 mm');
  await ui.type(form('lines.0.quantity'), '3');
  await ui.type(form('lines.0.unitPrice'), '0,34');
  await ui.click('[data-testid="add-line"]');
  await ui.type(form('lines.1.description'), 'Cemento cola 25 kg');
  await ui.type(form('lines.1.quantity'), '2,5');
  await ui.type(form('lines.1.unitPrice'), '12,10');
  await ui.click(form('onCredit'));
  assert.equal(
    (await ui.text('[data-testid="purchase-lines-total"]')).replace(/\s/g, ' '),
    '31,27 €',
  );
  const due = new Date();
  due.setDate(due.getDate() + 45);
  assert.equal(
    await ui.execute(`return document.querySelector(arguments[0]).value`, [form('creditDueOn')]),
    isoDate(due),
    'due 45 days after today, the client\'s own terms',
  );
  await shot('02-form-with-lines');
  await ui.click('[data-testid="save-purchase"]');
  await waitForRows(
    'the purchase on credit listed first',
    `(rows) => rows.length === 4 && rows[0].includes('31,27') && rows[0].includes('a crédito, vence el')`,
  );
  assert.equal(await ui.findAll('[data-testid="late-to-buy"]').then((l) => l.length), 0, 'a purchase today ends the lateness');

  // A bad amount is refused on its field, in Spanish.
  await ui.click('[data-testid="add-purchase"]');
  await ui.type(form('description'), 'Devolución');
  await ui.type(form('total'), '12,5,0');
  await ui.click('[data-testid="save-purchase"]');
  assert.match(await ui.text('[data-testid="purchase-error-total"]'), /Escribe un importe/);
  await ui.click('[data-testid="cancel-purchase"]');
  await ui.click('[data-testid="discard-confirm"]');

  // To the trash and back.
  const first = await ui.execute(`return document.querySelector('[data-testid="purchase-row"]').dataset.id`);
  await ui.click(`[data-testid="purchase-row"][data-id="${first}"] [data-testid="trash-purchase"]`);
  await waitForRows('the purchase gone from the card', `(rows) => rows.length === 3`);
  await ui.click('[data-testid="nav-trash"]');
  await ui.click('[data-testid="trash-tab-purchases"]');
  await ui.find(`[data-testid="trash-purchase-row"][data-id="${first}"]`);
  const trashed = await ui.execute(
    `return document.querySelector(arguments[0]).textContent.replace(/\\s+/g, ' ')`,
    [`[data-testid="trash-purchase-row"][data-id="${first}"]`],
  );
  assert.match(trashed, /Distribuidora Norte · 31,27 €/);
  await shot('03-trash-purchases');
  await ui.click(`[data-testid="trash-purchase-row"][data-id="${first}"] [data-testid="restore-purchase"]`);
  await ui.waitFor('the trash without purchases', `return document.querySelector('[data-testid="trash-purchases"]')?.children.length === 0`);

  // After a relaunch the card holds all four purchases and the own terms.
  await app.quit();
  ui = await app.launch();
  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="client-row"]');
  await waitForRows('four purchases after the relaunch', `(rows) => rows.length === 4`);
  assert.match(await ui.text('[data-testid="payment-terms"]'), /45 días/);
  assert.equal(
    await ui.execute(`return document.querySelector('[data-testid="buying-mode"]').value`),
    'needs_visit',
  );
  const listed = await rows();
  assert.ok(listed[0].includes('31,27'), listed.join(' | '));

  // The settings' currency is the one a new purchase starts in.
  await ui.click('[data-testid="nav-settings"]');
  await ui.select('[data-testid="settings"] [name="currency"]', 'MXN');
  await ui.execute(`document.querySelector('[data-testid="settings-purchases"]').scrollIntoView()`);
  await shot('04-settings-purchases');
  await ui.click('[data-testid="save-settings"]');
  await ui.waitFor('the settings saved', `return document.body.textContent.includes('Ajustes guardados')`);
  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="client-row"]');
  await ui.click('[data-testid="add-purchase"]');
  await ui.find('[data-testid="purchase-form"]');
  assert.equal(
    await ui.execute(`return document.querySelector(arguments[0]).value`, [form('currency')]),
    'MXN',
  );
});
