// End to end: "Abrir Cartera al iniciar sesión" is a promise about the desktop, not a stored
// flag. Turning it on writes the XDG autostart entry (started hidden, in the tray); an entry
// removed behind Cartera's back comes back at the next start; turning it off removes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { App, application, freshHome } from './app.mjs';

const env = freshHome();
const entry = path.join(env.XDG_CONFIG_HOME, 'autostart', 'cartera.desktop');
let app;

before(async () => {
  app = await App.start(env);
});

after(async () => {
  await app?.close('autostart-99-last-screen');
});

async function setAutostart(ui, on) {
  await ui.click('[data-testid="nav-settings"]');
  await ui.find('[data-testid="settings"]');
  const checked = await ui.execute(`return document.querySelector('[name="autostart"]').checked`);
  if (checked !== on) await ui.click('[name="autostart"]');
  await ui.click('[data-testid="save-settings"]');
  await ui.waitFor(
    'the settings saved',
    `return document.querySelector('[data-testid="toast"]') !== null`,
  );
}

test('the autostart entry exists if and only if the setting is on', async () => {
  let ui = await app.launch();
  assert.ok(!existsSync(entry), 'no entry before the user asks for one');

  await setAutostart(ui, true);
  const text = readFileSync(entry, 'utf8');
  assert.match(text, /^\[Desktop Entry\]/);
  assert.ok(
    text.includes(`Exec="${realpathSync(application)}" --hidden`),
    `the entry starts this Cartera hidden in the tray:\n${text}`,
  );
  await app.shot('autostart-01-settings-on');

  // Removed by hand (or by a cleaner): the next start puts it back.
  rmSync(entry);
  await app.quit();
  ui = await app.launch();
  await ui.find('[data-testid="nav-settings"]');
  assert.ok(existsSync(entry), 'reconciled at start: the setting is on, so the entry is there');

  await setAutostart(ui, false);
  assert.ok(!existsSync(entry), 'off: the entry is gone');
});
