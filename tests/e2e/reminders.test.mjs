// End to end: a follow-up's reminder reaches the desktop with the window closed. A user plans
// a call a minute ahead, closes the window (Cartera stays in the tray), and the app sends
// org.freedesktop.Notifications.Notify on the private session bus, where dunst shows it and
// dbus-monitor records it. A second launch brings the window back; completing the follow-up
// logs an interaction in the timeline and the red regime plans the next follow-up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, application, freshHome, isoDate, soon } from './app.mjs';
import { NotificationWatch } from './notifications.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
let app;
let ui;
let notifications;

before(async () => {
  notifications = NotificationWatch.start();
  app = await App.start(freshHome());
});

after(async () => {
  await app?.close('reminders-99-last-screen');
  notifications?.stop();
});

/** The first Monday-to-Friday day after `from`: when the red regime calls again. */
function nextWorkingDay(from) {
  const d = new Date(from);
  do d.setDate(d.getDate() + 1);
  while (d.getDay() === 0 || d.getDay() === 6);
  return isoDate(d);
}

test('a due follow-up notifies with the window closed, and completing it plans the next', async () => {
  ui = await app.launch();
  await ui.select('[data-testid="language"]', 'es');

  // A red-regime client and a manual call planned a minute ahead.
  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="create-first-client"]');
  await ui.type('[data-testid="client-form"] [name="name"]', 'Ferretería López');
  await ui.type('[data-testid="client-form"] [name="phone"]', '+34 612 345 678');
  await ui.select('[data-testid="client-form"] [name="colour"]', 'red');
  await ui.click('[data-testid="save-client"]');
  await ui.find('[data-testid="plan-follow-up"]');
  await ui.click('[data-testid="plan-follow-up"]');
  await ui.select('[data-testid="follow-up-form"] [name="action"]', 'call');
  const due = soon();
  await app.setInput('[data-testid="follow-up-form"] [name="dueDate"]', due.date);
  await ui.type('[data-testid="follow-up-form"] [name="dueTime"]', due.time);
  await ui.type('[data-testid="follow-up-form"] [name="purpose"]', 'ofrecer nueva lista de precios');
  await ui.click('[data-testid="save-follow-up"]');
  await ui.waitFor(
    'the planned call in the client follow-ups',
    `return document.querySelector('[data-testid="client-follow-ups"]')?.textContent.includes('ofrecer nueva lista de precios')`,
  );
  await app.shot('reminders-01-client-follow-ups');

  // Close the window as the window manager would: Cartera hides to the tray.
  const closed = spawnSync('/usr/bin/python3', [path.join(here, 'close_window.py'), 'Cartera'], {
    encoding: 'utf8',
  });
  assert.equal(closed.status, 0, `closing the window failed: ${closed.stderr}`);
  await ui.waitFor('the window hidden', 'return document.visibilityState === "hidden"', [], 10000);

  // The reminder arrives on D-Bus with the client's name and the purpose, window closed.
  await notifications.waitFor('Llamar a Ferretería López', 150_000);
  assert.match(notifications.log, /ofrecer nueva lista de precios/, 'the body carries the purpose');

  // A second launch hands over to the running instance, which shows its window again.
  const second = spawnSync(application, [], { env: { ...process.env, ...app.env }, timeout: 20000 });
  assert.equal(second.status, 0, 'the second launch exits after handing over');
  await ui.waitFor('the window shown again', 'return document.visibilityState === "visible"', [], 10000);

  // Complete the follow-up from the agenda with an outcome and a note.
  await ui.click('[data-testid="nav-agenda"]');
  await ui.find('[data-testid="agenda"] [data-testid="agenda-row"]');
  await app.shot('reminders-02-agenda');
  const row = await ui.execute(
    `return [...document.querySelectorAll('[data-testid="agenda-row"]')]
       .find(r => r.textContent.includes('ofrecer nueva lista de precios'))?.dataset.followUpId`,
  );
  assert.ok(row, 'the planned call is on the agenda');
  await ui.click(`[data-testid="agenda-row"][data-follow-up-id="${row}"] [data-testid="complete"]`);
  await ui.select('[data-testid="complete-outcome"]', 'interested');
  await ui.type('[data-testid="complete-note"]', 'Quiere 20 cajas para diciembre');
  await ui.click('[data-testid="complete-save"]');
  const nextDate = await ui.attribute('[data-testid="next-follow-up"]', 'data-due-date');
  assert.equal(
    nextDate,
    nextWorkingDay(new Date()),
    'the red regime calls again on the next working day',
  );
  await app.shot('reminders-03-completed');
  await ui.click('[data-testid="complete-close"]');

  // The interaction is on the client's timeline.
  await ui.click(`[data-testid="agenda-row"] [data-testid="open-client"]`);
  await ui.waitFor(
    'the interaction in the timeline',
    `return document.querySelector('[data-testid="timeline"]')?.textContent.includes('Quiere 20 cajas')`,
  );
  await app.shot('reminders-04-timeline');

  await ui.click('[data-testid="nav-agenda"]');
  await ui.click('[data-testid="week-view-toggle"]');
  await ui.find('[data-testid="week-view"]');
  await app.shot('reminders-05-week');

  // The upcoming follow-ups go to the user's calendar app as an .ics file.
  await ui.click('[data-testid="export-calendar"]');
  await ui.waitFor(
    'the export confirmed',
    `return document.querySelector('[data-testid="toast"]')?.textContent.includes('Calendario guardado')`,
  );
  // A dated name that never overwrites an earlier export: the one file in Downloads.
  const exported = readdirSync(app.env.DOWNLOADS).filter((f) => f.endsWith('.ics'));
  assert.equal(exported.length, 1, `one calendar file in Downloads (got ${exported})`);
  const ics = readFileSync(path.join(app.env.DOWNLOADS, exported[0]), 'utf8');
  assert.match(ics, /BEGIN:VEVENT/);
  assert.match(ics, /SUMMARY:Llamar a Ferretería López/, 'the regime call planned for the next working day');
});
