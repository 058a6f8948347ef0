// End to end: the catalogue as a user builds and uses it. Two products in one category typed
// twice in different case, a service without a category; a purchase line picked from the
// catalogue takes the item's name and price; the client's card then says which categories the
// client buys; a withdrawn item leaves the purchase form but stays on the purchase.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { App, freshHome } from './app.mjs';

let app;
let ui;

before(async () => {
  app = await App.start({ ...freshHome(), LANG: 'es_ES.UTF-8', LANGUAGE: 'es' });
});

after(async () => {
  await app?.close('catalogue-99-last-screen');
});

const item = (name) => `[data-testid="catalogue-form"] [name="${name}"]`;
const line = (n, name) => `[data-testid="purchase-form"] [name="lines.${n}.${name}"]`;

async function addItem(name, category, price, kind = 'product') {
  await ui.click('[data-testid="add-item"]');
  await ui.find('[data-testid="catalogue-form"]');
  await ui.type(item('name'), name);
  await ui.select(item('kind'), kind);
  if (category) await ui.type(item('category'), category);
  if (price) await ui.type(item('price'), price);
  await ui.click('[data-testid="save-item"]');
  await ui.waitFor('the item form closed', `return !document.querySelector('[data-testid="catalogue-form"]')`);
}

test('a user fills the catalogue, sells from it, and the card says what the client buys', async () => {
  ui = await app.launch();
  await ui.find('[data-testid="empty-state"]');
  await ui.select('[data-testid="language"]', 'es');
  await ui.click('[data-testid="nav-catalogue"]');
  await ui.find('[data-testid="catalogue-empty"]');
  await addItem('Pintura plástica blanca 15 l', 'Pinturas', '42,90');
  await addItem('Rodillo antigota', 'pinturas', '6,5');
  await addItem('Montaje en obra', '', '', 'service');
  await ui.waitFor('three items', `return document.querySelectorAll('[data-testid="catalogue-item"]').length === 3`);
  assert.deepEqual(
    await ui.execute(
      `return [...document.querySelectorAll('[data-testid="catalogue-category"]')].map((h) => h.textContent.replace(/\\s+/g, ' ').trim())`,
    ),
    ['Pinturas 2', 'Sin categoría 1'],
    'one category however it was typed',
  );
  await app.shot('catalogue-01-list');

  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="create-first-client"]');
  await ui.find('[data-testid="client-form"]');
  await ui.type('[data-testid="client-form"] [name="name"]', 'Pinturas Levante');
  await ui.click('[data-testid="save-client"]');
  await ui.find('[data-testid="add-purchase"]');
  await ui.click('[data-testid="add-purchase"]');
  await ui.find('[data-testid="purchase-form"]');
  await ui.click('[data-testid="add-line"]');
  await ui.waitFor('the catalogue on the line', `return document.querySelector('[name="lines.0.item"] optgroup') !== null`);
  const paint = await ui.execute(
    `return [...document.querySelectorAll('[name="lines.0.item"] option')].find((o) => o.textContent.includes('Pintura plástica')).value`,
  );
  await ui.select(line(0, 'item'), paint);
  await ui.waitFor('the line filled from the item', `return document.querySelector(arguments[0]).value === '42,90'`, [line(0, 'unitPrice')]);
  assert.equal(await ui.execute(`return document.querySelector(arguments[0]).value`, [line(0, 'description')]), 'Pintura plástica blanca 15 l');
  await ui.execute(`document.querySelector(arguments[0]).value = ''`, [line(0, 'quantity')]);
  await ui.type(line(0, 'quantity'), '2');
  await ui.click('[data-testid="add-line"]');
  await ui.type(line(1, 'description'), 'Portes');
  await ui.type(line(1, 'unitPrice'), '10');
  assert.equal(
    (await ui.text('[data-testid="purchase-lines-total"]')).replace(/\s/g, ' '),
    '95,80 €',
  );
  await app.shot('catalogue-02-purchase-from-catalogue');
  await ui.click('[data-testid="save-purchase"]');
  await ui.waitFor(
    'the categories bought on the card',
    `return document.querySelector('[data-testid="categories-bought"]')?.textContent.trim() === 'Categorías que compra: Pinturas'`,
  );
  await ui.execute(`document.querySelector('[data-testid="client-purchases"]').scrollIntoView()`);
  await app.shot('catalogue-03-card-categories');

  // Withdrawn from sale: off the purchase form, still on the purchase and the card.
  await ui.click('[data-testid="nav-catalogue"]');
  await ui.click(`[data-testid="catalogue-item"][data-id="${paint}"] [data-testid="withdraw-item"]`);
  await ui.waitFor('the item withdrawn', `return document.querySelectorAll('[data-testid="catalogue-item"]').length === 2`);
  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="client-row"]');
  await ui.waitFor('the card', `return document.querySelector('[data-testid="categories-bought"]')?.textContent.includes('Pinturas')`);
  await ui.click('[data-testid="add-purchase"]');
  await ui.click('[data-testid="add-line"]');
  await ui.waitFor('the line', `return document.querySelector('[name="lines.0.item"]') !== null`);
  assert.equal(
    await ui.execute(`return [...document.querySelectorAll('[name="lines.0.item"] option')].some((o) => o.value === arguments[0])`, [paint]),
    false,
    'a withdrawn item is not offered on a new line',
  );
});
