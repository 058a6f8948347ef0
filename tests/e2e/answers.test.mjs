// End to end: a green client answers. The client is green (we wait for their answer); they
// call us and say they are interested; logging the call offers the next step, and one click
// makes them yellow: out of "Esperando respuesta", with a reminder planned a week ahead.
// Yellow every two weeks in the settings then moves that reminder, after saying so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { App, freshHome, isoDate } from './app.mjs';

let app;
let ui;

before(async () => {
  app = await App.start(freshHome());
});

after(async () => {
  await app?.close('answers-99-last-screen');
});

/** The first Monday-to-Friday day on or after `days` from today: when yellow reminds. */
function workingDayIn(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  while (d.getDay() === 0 || d.getDay() === 6) d.setDate(d.getDate() + 1);
  return isoDate(d);
}

test("a green client's answer is logged and one click follows the colour proposal", async () => {
  ui = await app.launch();
  await ui.select('[data-testid="language"]', 'es');

  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="create-first-client"]');
  await ui.type('[data-testid="client-form"] [name="name"]', 'Viveros Soler');
  await ui.select('[data-testid="client-form"] [name="colour"]', 'green');
  await ui.click('[data-testid="save-client"]');
  await ui.waitFor(
    'the wait shown on the client',
    `return document.querySelector('[data-testid="stat-waiting"]')?.textContent.trim() === 'Desde hoy'`,
  );

  // The client calls: interested.
  await ui.click('[data-testid="log-interaction"]');
  const form = '[data-testid="interaction-form"]';
  await ui.select(`${form} [name="direction"]`, 'inbound');
  await ui.select(`${form} [name="outcome"]`, 'interested');
  await ui.type(`${form} [name="summary"]`, 'Quiere el presupuesto de la poda');
  await ui.click('[data-testid="save-interaction"]');
  await ui.find('[data-testid="answer-dialog"]');
  const steps = await ui.execute(
    `return [...document.querySelectorAll('[data-testid="answer-step"]')].map((b) => b.dataset.step)`,
  );
  assert.deepEqual(steps, ['yellow', 'red'], 'interested: yellow first, or red');
  const focused = await ui.execute(`return document.activeElement?.dataset.step ?? null`);
  assert.equal(focused, 'yellow', 'the likeliest step has the focus: Enter takes it');
  await app.shot('answers-01-proposal');

  await ui.click('[data-testid="answer-step"][data-step="yellow"]');
  await ui.waitFor(
    'the step confirmed',
    `return document.querySelector('[data-testid="toast"]')?.textContent.includes('Ahora en amarillo.')`,
  );
  await ui.waitFor(
    'the client shown yellow',
    `return document.querySelector('[data-testid="client-detail"] [data-colour]')?.dataset.colour === 'yellow'`,
  );
  const next = workingDayIn(7);
  await ui.waitFor(
    `the yellow reminder planned on ${next}`,
    `return [...document.querySelectorAll('[data-testid="client-follow-ups"] [data-testid="follow-up-row"]')]
       .some((r) => r.dataset.origin === 'regime' && r.dataset.dueDate === arguments[0])`,
    [next],
  );
  assert.equal(
    await ui.execute(`return document.querySelector('[data-testid="stat-waiting"]')`),
    null,
    'no longer waiting for an answer',
  );
  await app.shot('answers-02-yellow');

  // Off the agenda's "Esperando respuesta".
  await ui.click('[data-testid="nav-agenda"]');
  await ui.waitFor(
    'the waiting list loaded',
    `return document.querySelector('[data-testid="agenda"]')?.textContent.includes('No estás esperando la respuesta de nadie.')`,
  );

  // Yellow every 14 days instead of 7: the settings say what moves before moving it.
  await ui.click('[data-testid="nav-settings"]');
  // The settings page refreshes its values from the core once shown: type after it settled.
  const yellow = '[data-testid="settings"] [name="yellowEveryDays"]';
  await ui.waitFor('the settings shown', `return document.querySelector(arguments[0])?.value === '7'`, [yellow]);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await app.setInput(yellow, '14');
  await ui.waitFor('14 typed', `return document.querySelector(arguments[0])?.value === '14'`, [yellow]);
  // Above the toast of the step just taken.
  await ui.execute(
    `document.querySelector('[data-testid="save-settings"]').scrollIntoView({ block: 'center' })`,
  );
  await ui.click('[data-testid="save-settings"]');
  await ui.waitFor(
    'the re-plan asked',
    `return document.querySelector('[role="alertdialog"]')?.textContent.includes('1 seguimiento de semáforo cambiará de fecha')`,
  );
  await app.shot('answers-03-replan-preview');
  await ui.click('[role="alertdialog"] [data-testid="confirm"]');
  await ui.waitFor(
    'the settings saved',
    `return document.querySelector('[data-testid="toast"]')?.textContent.includes('Ajustes guardados')`,
  );
  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="client-row"]');
  const later = workingDayIn(14);
  await ui.waitFor(
    `the yellow reminder moved to ${later}`,
    `return [...document.querySelectorAll('[data-testid="client-follow-ups"] [data-testid="follow-up-row"]')]
       .some((r) => r.dataset.origin === 'regime' && r.dataset.dueDate === arguments[0])`,
    [later],
  );
});
