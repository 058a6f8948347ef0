// End to end: a recurring visit as a user plans and lives it. A visit every two weeks on
// Tuesday is planned once; the week view draws it in every week it falls on (the later ones
// projected from its rule, marked as part of the series) and leaves the weeks between free.
// Skipping this Tuesday's from the agenda moves the series on by two weeks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { App, freshHome, isoDate } from './app.mjs';

let app;
let ui;

before(async () => {
  app = await App.start(freshHome());
});

after(async () => {
  await app?.close('series-99-last-screen');
});

/** `date` (YYYY-MM-DD) moved by `days`. */
function addDays(date, days) {
  const d = new Date(`${date}T12:00:00`);
  d.setDate(d.getDate() + days);
  return isoDate(d);
}

/** Today, or the next Tuesday. */
function nextTuesday() {
  const d = new Date();
  while (d.getDay() !== 2) d.setDate(d.getDate() + 1);
  return isoDate(d);
}

/** The Monday of the week of `date`. */
function mondayOf(date) {
  const weekday = (new Date(`${date}T12:00:00`).getDay() + 6) % 7;
  return addDays(date, -weekday);
}

/** The week view's items of the client named `name`, once the week of `monday` has loaded. */
async function weekItems(monday, name) {
  await ui.waitFor(
    `the week of ${monday} loaded`,
    `return document.querySelector('[data-testid="week-day"]')?.dataset.date === arguments[0]
        && document.querySelector('[data-testid="week-view"] .columns')?.getAttribute('aria-busy') === 'false'`,
    [monday],
  );
  return ui.execute(
    `return [...document.querySelectorAll('[data-testid="week-item"]')]
       .filter((b) => b.textContent.includes(arguments[0]))
       .map((b) => ({
         date: b.closest('[data-testid="week-day"]').dataset.date,
         projected: b.dataset.projected,
         series: b.querySelector('[data-testid="week-series"]')?.textContent.trim() ?? '',
       }))`,
    [name],
  );
}

/**
 * A new client `name` with a weekly `action` for `purpose`, first due `daysAgo` days ago on
 * that weekday; once it shows on the client's card, the card's row selector.
 */
async function lateWeeklySeries(name, action, purpose, daysAgo) {
  const start = addDays(isoDate(new Date()), -daysAgo);
  const weekday = String(((new Date(`${start}T12:00:00`).getDay() + 6) % 7) + 1);
  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="new-client"]');
  await ui.type('[data-testid="client-form"] [name="name"]', name);
  await ui.click('[data-testid="save-client"]');
  await ui.waitFor(
    'the new client shown',
    `return document.querySelector('[data-testid="detail-name"]')?.textContent === arguments[0]`,
    [name],
  );
  await ui.click('[data-testid="plan-follow-up"]');
  const form = '[data-testid="follow-up-form"]';
  await ui.select(`${form} [name="action"]`, action);
  await app.setInput(`${form} [name="dueDate"]`, start);
  await ui.type(`${form} [name="purpose"]`, purpose);
  await ui.select(`${form} [name="repeat"]`, 'week');
  await ui.click(`${form} [name="weekdays"][value="${weekday}"]`);
  await ui.click('[data-testid="save-follow-up"]');
  const row = '[data-testid="client-follow-ups"] [data-testid="follow-up-row"]';
  await ui.waitFor(
    'the late series on the card',
    `return document.querySelector(arguments[0])?.textContent.includes(arguments[1])`,
    [row, purpose],
  );
  return row;
}

test('a visit every two weeks on Tuesday is drawn ahead, and skipping one moves the series on', async () => {
  ui = await app.launch();
  await ui.select('[data-testid="language"]', 'es');
  const first = nextTuesday();

  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="create-first-client"]');
  await ui.type('[data-testid="client-form"] [name="name"]', 'Droguería Sanz');
  await ui.click('[data-testid="save-client"]');
  await ui.click('[data-testid="plan-follow-up"]');
  const form = '[data-testid="follow-up-form"]';
  await ui.select(`${form} [name="action"]`, 'visit');
  await app.setInput(`${form} [name="dueDate"]`, first);
  await ui.type(`${form} [name="dueTime"]`, '10:00');
  await ui.type(`${form} [name="purpose"]`, 'reponer expositor');
  await ui.select(`${form} [name="repeat"]`, 'week');
  await app.setInput(`${form} [name="every"]`, '2');
  await ui.click(`${form} [name="weekdays"][value="2"]`);
  await ui.click('[data-testid="save-follow-up"]');
  await ui.waitFor(
    'the series in the client follow-ups',
    `return document.querySelector('[data-testid="client-follow-ups"]')?.textContent.includes('Cada 2 semanas, martes')`,
  );

  await ui.click('[data-testid="nav-agenda"]');
  await ui.click('[data-testid="week-view-toggle"]');
  let monday = mondayOf(first);
  // The week view opens on this week; the first Tuesday may be next week's.
  if (monday !== mondayOf(isoDate(new Date()))) {
    await weekItems(mondayOf(isoDate(new Date())), 'Droguería Sanz');
    await ui.click('[data-testid="week-next"]');
  }
  const seen = [];
  for (let week = 0; week < 5; week += 1) {
    seen.push({ monday, items: await weekItems(monday, 'Droguería Sanz') });
    if (week === 2) await app.shot('series-01-week-with-projected-visit');
    await ui.click('[data-testid="week-next"]');
    monday = addDays(monday, 7);
  }
  const rule = 'Cada 2 semanas, martes';
  assert.deepEqual(
    seen.map((w) => w.items),
    [
      [{ date: first, projected: 'false', series: `↻ ${rule}` }],
      [],
      [{ date: addDays(first, 14), projected: 'true', series: `↻ ${rule}` }],
      [],
      [{ date: addDays(first, 28), projected: 'true', series: `↻ ${rule}` }],
    ],
    'drawn every other week, the weeks between free',
  );

  // Skip the first Tuesday's visit from the agenda: the series goes on two weeks later.
  await ui.click('[data-testid="week-view-toggle"]');
  const row = '[data-testid="agenda-row"]';
  await ui.find(row);
  await ui.click(`${row} [data-testid="snooze"]`);
  await ui.click('[data-testid="snooze-skip"]');
  await ui.waitFor(
    'the skip confirmed',
    `return document.querySelector('[data-testid="toast"]')?.textContent.includes('Saltado. La serie sigue el')`,
  );
  await app.shot('series-02-skipped');
  await ui.click('[data-testid="week-view-toggle"]');
  await ui.click('[data-testid="week-today"]').catch(() => {});
  monday = mondayOf(isoDate(new Date()));
  const stored = [];
  for (let week = 0; week < 5; week += 1) {
    const items = await weekItems(monday, 'Droguería Sanz');
    stored.push(...items.filter((i) => i.projected === 'false').map((i) => i.date));
    await ui.click('[data-testid="week-next"]');
    monday = addDays(monday, 7);
  }
  assert.deepEqual(stored, [addDays(first, 14)], 'the stored occurrence is now two weeks later');
});

test('moving a visit "and the following" takes the series to its new day', async () => {
  const stored = addDays(nextTuesday(), 14);
  const thursday = addDays(stored, 2);
  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="client-row"]');
  const row = '[data-testid="client-follow-ups"] [data-testid="follow-up-row"]';
  await ui.find(row);
  await ui.click(`${row} [data-testid="snooze"]`);
  await ui.click('[data-testid="snooze-other"]');
  await ui.find('[data-testid="series-scope"]');
  await app.setInput('[data-testid="follow-up-form"] [name="dueDate"]', thursday);
  await ui.click('[data-testid="scope-following"]');
  await app.shot('series-03-this-and-the-following');
  await ui.click('[data-testid="save-follow-up"]');
  await ui.waitFor(
    'the series described on its new day',
    `return [...document.querySelectorAll('[data-testid="client-follow-ups"] [data-testid="row-recurring"]')]
       .some((el) => el.textContent.trim() === 'Cada 2 semanas, jueves')`,
  );

  await ui.click('[data-testid="nav-agenda"]');
  await ui.click('[data-testid="week-view-toggle"]');
  let monday = mondayOf(isoDate(new Date()));
  const seen = [];
  for (let week = 0; week < 6; week += 1) {
    seen.push(...(await weekItems(monday, 'Droguería Sanz')).map((i) => [i.date, i.projected]));
    await ui.click('[data-testid="week-next"]');
    monday = addDays(monday, 7);
  }
  assert.deepEqual(
    seen.slice(0, 2),
    [
      [thursday, 'false'],
      [addDays(thursday, 14), 'true'],
    ],
    'Thursdays every two weeks from the moved one; no Tuesday left',
  );
});

test('a weekly call three weeks overdue: done, the two that went by are logged as missed', async () => {
  const today = isoDate(new Date());
  const row = await lateWeeklySeries('Ferretería Ortiz', 'call', 'tomar pedido', 21);

  await ui.click(`${row} [data-testid="complete"]`);
  const choice = '[data-testid="complete-log-missed"]';
  await ui.find(choice);
  const offered = await ui.execute(
    `const c = document.querySelector(arguments[0]);
     return { text: c.textContent.trim(), checked: c.querySelector('input').checked }`,
    [choice],
  );
  assert.match(offered.text, /^Anotar como no realizadas las 2 ocasiones que pasaron: /);
  assert.equal(offered.checked, true, 'logged unless the user says not to');
  await ui.select('[data-testid="complete-outcome"]', 'reached');
  await app.shot('series-04-complete-with-missed');
  await ui.click('[data-testid="complete-save"]');
  await ui.waitFor(
    'the series back on today or later',
    `return document.querySelector('[data-testid="next-follow-up"]')?.dataset.dueDate >= arguments[0]`,
    [today],
  );
  assert.equal(
    await ui.execute(`return document.querySelector('[data-testid="next-follow-up"]').dataset.dueDate`),
    today,
    'three weeks to the day: the series comes back today',
  );
  await ui.click('[data-testid="complete-close"]');

  await ui.waitFor(
    'the history with the call done and the two missed',
    `return document.querySelectorAll('[data-testid="timeline-item"]').length === 3`,
  );
  const history = await ui.execute(
    `return [...document.querySelectorAll('[data-testid="timeline-item"]')].map((li) => ({
       missed: li.dataset.missed === 'true',
       text: li.textContent.replace(/\\s+/g, ' ').trim(),
     }))`,
  );
  assert.deepEqual(
    history.map((h) => h.missed),
    [false, true, true],
    'newest first: the call done today, then the two that went by',
  );
  for (const missed of history.slice(1)) {
    assert.match(missed.text, /Llamada No se hizo tomar pedido/);
  }
  await app.shot('series-05-history-with-missed');
});

test('skipping a weekly visit two weeks late asks about the two that went by, and logs them', async () => {
  const row = await lateWeeklySeries('Librería Gómez', 'visit', 'novedades de temporada', 15);

  await ui.click(`${row} [data-testid="snooze"]`);
  await ui.click('[data-testid="snooze-skip"]');
  const asked = await ui.waitFor(
    'the question about what went by',
    `return document.querySelector('[data-testid="skip-dialog"]')?.textContent.replace(/\\s+/g, ' ').trim()`,
  );
  assert.match(
    asked,
    /Antes de hoy pasaron 2 ocasiones más de esta serie sin hacerse \(.+\)\. ¿Las anotas como no realizadas en el historial del cliente\?/,
  );
  assert.equal(
    await ui.execute(`return document.activeElement?.dataset.testid`),
    'skip-log',
    'the choice that keeps everything has the focus',
  );
  await app.shot('series-06-skip-asks');
  await ui.click('[data-testid="skip-log"]');
  await ui.waitFor(
    'the skip confirmed',
    `return document.querySelector('[data-testid="toast"]')?.textContent.includes('Saltado. La serie sigue el')`,
  );
  await ui.waitFor(
    'the two that went by in the history, and nothing else: a skip is no contact',
    `const items = [...document.querySelectorAll('[data-testid="timeline-item"]')];
     return items.length === 2 && items.every((li) => li.dataset.missed === 'true');`,
  );
  await app.shot('series-07-skipped-history');
});
