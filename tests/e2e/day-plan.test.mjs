// End to end: a plan for the day. With the example month loaded and two more all-day calls
// planned for today, a capacity of one call and one visit a day makes today too full: the
// agenda says so, proposes moving the surplus (never the items with a time), moves it as one
// batch and one undo puts it back. Today's visits are grouped by city, and the agenda filtered
// by one of those cities shows only that city's clients.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { App, freshHome, isoDate } from './app.mjs';

let app;
let ui;

before(async () => {
  app = await App.start(freshHome());
});

after(async () => {
  await app?.close('day-plan-99-last-screen');
});

const todayCount = () =>
  ui.execute(`return document.querySelector('[data-testid="agenda-today-count"]')?.textContent.trim() ?? null`);

test('today over capacity: the surplus is proposed, moved as one batch and undone', async () => {
  ui = await app.launch();
  await ui.select('[data-testid="language"]', 'es');
  await ui.click('[data-testid="load-examples"]');
  await ui.waitFor(
    'the 60 example clients',
    `return document.querySelector('[data-testid="client-count"]')?.textContent.includes('60 clientes')`,
  );

  // Two calls for today without a time: they can move.
  const form = '[data-testid="follow-up-form"]';
  for (const purpose of ['Confirmar la tarifa', 'Pedir opinión del envío']) {
    await ui.click('[data-testid="client-row"]');
    await ui.click('[data-testid="plan-follow-up"]');
    await ui.select(`${form} [name="action"]`, 'call');
    await app.setInput(`${form} [name="dueDate"]`, isoDate(new Date()));
    await app.setInput(`${form} [name="dueTime"]`, '');
    await ui.type(`${form} [name="purpose"]`, purpose);
    await ui.click('[data-testid="save-follow-up"]');
    await ui.waitFor(
      `"${purpose}" planned`,
      `return document.querySelector('[data-testid="client-follow-ups"]')?.textContent.includes(arguments[0])`,
      [purpose],
    );
  }

  // One call and one visit a day.
  await ui.click('[data-testid="nav-settings"]');
  const calls = '[data-testid="settings"] [name="callsPerDay"]';
  await ui.waitFor('the settings shown', `return document.querySelector(arguments[0])?.value === '20'`, [calls]);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await app.setInput(calls, '1');
  await app.setInput('[data-testid="settings"] [name="visitsPerDay"]', '1');
  await ui.execute(
    `document.querySelector('[data-testid="save-settings"]').scrollIntoView({ block: 'center' })`,
  );
  await ui.click('[data-testid="save-settings"]');
  await ui.waitFor(
    'the settings saved',
    `return document.querySelector('[data-testid="toast"]')?.textContent.includes('Ajustes guardados')`,
  );

  await ui.click('[data-testid="nav-agenda"]');
  await ui.find('[data-testid="capacity-notice"]', 15000);
  const said = await ui.text('[data-testid="capacity-text"]');
  assert.match(said.trim(), /^Hoy: \d+ seguimientos; tu capacidad es 2$/);
  await ui.waitFor(
    "today's two visits on the route",
    `return document.querySelectorAll('[data-testid="day-route"] [data-testid="route-visit"]').length === 2`,
  );
  await app.shot('day-plan-01-today-over-capacity');
  const before = await todayCount();

  await ui.click('[data-testid="capacity-move"]');
  await ui.find('[data-testid="surplus-dialog"]');
  const proposed = await ui.execute(
    `return [...document.querySelectorAll('[data-testid="surplus-row"]')].map((r) => r.textContent)`,
  );
  assert.ok(proposed.length >= 2, `the two calls without a time are in the surplus: ${proposed}`);
  for (const timed of ['Presentar la oferta de invierno', 'Revisar el stock del almacén']) {
    assert.ok(!proposed.some((row) => row.includes(timed)), `"${timed}" has a time: it stays`);
  }
  await ui.waitFor(
    'the summary from the core',
    `return /Se moverán? \\d+ seguimientos?:/.test(document.querySelector('[data-testid="surplus-summary"]')?.textContent ?? '')`,
  );
  await app.shot('day-plan-02-capacity-preview');
  const moving = Number(
    (await ui.text('[data-testid="surplus-summary"]')).match(/Se moverán? (\d+)/)[1],
  );
  await ui.click('[data-testid="surplus-confirm"]');
  await ui.waitFor(
    'the move confirmed',
    `return document.querySelector('[data-testid="toast"]')?.textContent.includes(arguments[0])`,
    [`${moving} seguimientos movidos`],
  );
  await ui.waitFor(
    'today lighter by what moved',
    `return document.querySelector('[data-testid="agenda-today-count"]')?.textContent.trim() === arguments[0]`,
    [String(Number(before) - moving)],
  );
  await app.shot('day-plan-03-surplus-moved');

  await ui.click('[data-testid="toast"] [data-testid="undo"]');
  await ui.waitFor(
    'today as it was',
    `return document.querySelector('[data-testid="agenda-today-count"]')?.textContent.trim() === arguments[0]`,
    [before],
  );
});

test("the agenda filtered by a city of today's route shows only that city's clients", async () => {
  const city = await ui.text('[data-testid="day-route"] [data-testid="route-city"]');
  const name = city.replace(/\s*\d+$/, '').trim();
  await ui.select('[data-testid="agenda-city"]', name);
  await ui.waitFor(
    `only clients of ${name}`,
    `const rows = [...document.querySelectorAll('[data-testid="agenda"] [data-testid="agenda-row"]')];
     return rows.length > 0 && rows.every((r) => r.dataset.city === arguments[0]);`,
    [name],
  );
  await app.shot('day-plan-04-city-filter');
  await ui.click('[data-testid="agenda-clear-filters"]');
  await ui.waitFor(
    'every city again',
    `return [...document.querySelectorAll('[data-testid="agenda"] [data-testid="agenda-row"]')]
       .some((r) => r.dataset.city !== arguments[0])`,
    [name],
  );
});
