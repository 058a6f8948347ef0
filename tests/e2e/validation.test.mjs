// End to end: a form with several bad fields says what is wrong with each of them at once,
// in Spanish, saying what is allowed; a Spanish NIF whose control letter does not match is a
// warning that still saves; a shop that opens on Saturday says so in the settings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { App, freshHome } from './app.mjs';

let app;

before(async () => {
  app = await App.start({ ...freshHome(), LANG: 'es_ES.UTF-8', LANGUAGE: 'es' });
});

after(async () => {
  await app?.close('validation-99-last-screen');
});

test('every bad field is shown at once, and a wrong NIF letter only warns', async () => {
  const ui = await app.launch();
  await ui.select('[data-testid="language"]', 'es');
  await ui.click('[data-testid="create-first-client"]');
  const field = (name) => `[data-testid="client-form"] [name="${name}"]`;
  await ui.type(field('name'), 'Ferretería López');
  await ui.type(field('taxId'), '12345678A');
  await ui.type(field('phone'), '12');
  await ui.type(field('email'), 'ana@');
  await ui.type(field('tags'), Array.from({ length: 51 }, (_, i) => `e${i}`).join(', '));
  await ui.find('[data-testid="warning-taxId"]');
  await ui.click('[data-testid="save-client"]');

  await ui.find('[data-testid="error-email"]');
  assert.match(await ui.text('[data-testid="error-phone"]'), /de 6 a 15 cifras/);
  assert.match(await ui.text('[data-testid="error-email"]'), /nombre@empresa\.es/);
  assert.match(await ui.text('[data-testid="error-tags"]'), /Como máximo 50 etiquetas/);
  assert.match(
    await ui.text('[data-testid="warning-taxId"]'),
    /no coincide/,
    'the wrong control letter is said, not refused',
  );
  await app.shot('validation-01-every-error-at-once');

  // Fixed in one go; the NIF keeps its typo (copied from the client's invoice) and saves.
  for (const name of ['phone', 'email', 'tags']) await app.setInput(field(name), '');
  await ui.type(field('phone'), '612 345 678');
  await ui.click('[data-testid="save-client"]');
  await ui.find('[data-testid="detail-tax-warning"]');
  await app.shot('validation-02-saved-with-nif-warning');

  // Saturday is a working day for this shop.
  await ui.click('[data-testid="nav-settings"]');
  await ui.find('[data-testid="working-days"]');
  await ui.click('[data-testid="working-days"] input[value="6"]');
  await ui.click('[data-testid="save-settings"]');
  await ui.waitFor(
    'the settings saved',
    `return document.querySelector('[data-testid="toast"]')?.textContent.includes('Ajustes guardados')`,
  );
  await app.quit();
  const again = await app.launch();
  await again.click('[data-testid="nav-settings"]');
  await again.waitFor(
    'Saturday still ticked after a restart',
    `return document.querySelector('[data-testid="working-days"] input[value="6"]')?.checked === true`,
  );
  await app.shot('validation-03-settings-saturday');
});
