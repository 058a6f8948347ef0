// End to end: a reminder is never dropped, even on a desktop without a notification service.
// The app runs on a private D-Bus with no org.freedesktop.Notifications and nothing that could
// start one; a follow-up's reminder is refused when it falls due, retried, and then shown
// inside the app on the agenda until the user has read it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, freshHome, soon } from './app.mjs';

let app;
let bus;

/** A session bus of our own without service files: nothing can be activated on it. */
async function startBareBus() {
  const dir = mkdtempSync(path.join(tmpdir(), 'cartera-bus-'));
  const config = path.join(dir, 'session.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const daemon = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const address = await new Promise((resolve, reject) => {
    let out = '';
    daemon.stdout.on('data', (chunk) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    daemon.on('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
  });
  return { daemon, address };
}

before(async () => {
  bus = await startBareBus();
  app = await App.start({
    ...freshHome(),
    DBUS_SESSION_BUS_ADDRESS: bus.address,
    LANG: 'es_ES.UTF-8',
    LANGUAGE: 'es',
  });
});

after(async () => {
  await app?.close('no-daemon-99-last-screen');
  bus?.daemon.kill();
});

test('without a notification service a due reminder is shown in the app', async () => {
  const ui = await app.launch();
  await ui.select('[data-testid="language"]', 'es');
  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="create-first-client"]');
  await ui.type('[data-testid="client-form"] [name="name"]', 'Distribuciones Ruiz');
  await ui.click('[data-testid="save-client"]');
  await ui.click('[data-testid="plan-follow-up"]');
  await ui.select('[data-testid="follow-up-form"] [name="action"]', 'visit');
  // Due in a minute: one planned already due is on the agenda, never a pop-up.
  const due = soon();
  await app.setInput('[data-testid="follow-up-form"] [name="dueDate"]', due.date);
  await app.setInput('[data-testid="follow-up-form"] [name="dueTime"]', due.time);
  await ui.type('[data-testid="follow-up-form"] [name="purpose"]', 'llevar el catálogo nuevo');
  await ui.click('[data-testid="save-follow-up"]');
  await ui.waitFor(
    'the visit planned',
    `return document.querySelector('[data-testid="client-follow-ups"]')?.textContent.includes('llevar el catálogo nuevo')`,
  );

  // Refused when due, retried within half a minute, then listed on the agenda.
  await ui.click('[data-testid="nav-agenda"]');
  await ui.waitFor(
    'the reminder listed in the app',
    `return document.querySelector('[data-testid="missed-reminders"]')?.textContent.includes('Distribuciones Ruiz')`,
    [],
    180_000,
  );
  const listed = await ui.text('[data-testid="missed-reminders"]');
  assert.match(listed, /Avisos que no se pudieron mostrar/);
  await app.shot('no-daemon-01-missed-reminders');

  await ui.click('[data-testid="missed-dismiss"]');
  await ui.waitFor(
    'the list gone once read',
    `return document.querySelector('[data-testid="missed-reminders"]') === null`,
  );
});
