// End to end: what a client said, on their card. A user notes a competitor comparison, an
// opinion with its feeling and a doubt; the doubt waits under "Por responder" until it is
// marked answered; the notes are in the client's history, which shows one kind when asked; a deleted note comes back with the toast's undo,
// or later from the trash's notes tab;
// a form with nothing typed says what is missing on its field; all of it survives a relaunch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { App, freshHome } from './app.mjs';

let app;
let ui;

before(async () => {
  app = await App.start({ ...freshHome(), LANG: 'es_ES.UTF-8', LANGUAGE: 'es' });
});

after(async () => {
  await app?.close('notes-99-last-screen');
});

const form = (name) => `[data-testid="note-form"] [name="${name}"]`;

/** The notes listed, as the user reads them (kind, then text). */
async function noteRows() {
  return ui.execute(
    `return [...document.querySelectorAll('[data-testid="note-row"]')].map((r) =>
       r.querySelector('[data-testid="note-kind"]').textContent.trim() + ': ' +
       r.querySelector('[data-testid="note-body"]').textContent.trim())`,
  );
}

async function waitForNotes(count) {
  await ui.waitFor(
    `${count} notes listed`,
    `return document.querySelectorAll('[data-testid="note-row"]').length === arguments[0]`,
    [count],
  );
}

async function addNote(kind, body, extra = async () => {}) {
  await ui.click('[data-testid="add-note"]');
  await ui.find('[data-testid="note-form"]');
  await ui.select(form('kind'), kind);
  await extra();
  await ui.type(form('body'), body);
  await ui.click('[data-testid="save-note"]');
  await ui.waitFor('the note form closed', `return !document.querySelector('[data-testid="note-form"]')`);
}

test('a user notes what a client said, answers their doubt and finds each kind', async () => {
  ui = await app.launch();
  await ui.find('[data-testid="empty-state"]');
  await ui.select('[data-testid="language"]', 'es');
  await ui.click('[data-testid="create-first-client"]');
  await ui.find('[data-testid="client-form"]');
  await ui.select('[data-testid="client-form"] [name="kind"]', 'company');
  await ui.type('[data-testid="client-form"] [name="name"]', 'Ferretería Norte');
  await ui.click('[data-testid="save-client"]');
  await ui.waitFor('nothing to answer yet', `return document.querySelector('[data-testid="no-open-questions"]') !== null`);

  // A comparison with nothing typed: the form says what is missing, on each field.
  await ui.click('[data-testid="add-note"]');
  await ui.find('[data-testid="note-form"]');
  await ui.select(form('kind'), 'competitor');
  await ui.click('[data-testid="save-note"]');
  await ui.waitFor('the missing fields', `return document.querySelector('[data-testid="note-error-competitor"]') !== null`);
  assert.match(await ui.text('[data-testid="note-error-body"]'), /obligatorio/i);
  assert.ok(await ui.find('[data-testid="note-error-aspect"]'));
  await app.shot('notes-01-form-errors');
  await ui.type(form('competitor'), 'Bricomart');
  await ui.select(form('aspect'), 'price');
  await ui.type(form('body'), 'Dice que allí el saco de cemento cola sale a 4,10 €');
  await ui.click('[data-testid="save-note"]');
  await waitForNotes(1);

  await addNote('opinion', 'Muy contento con la nueva gama de pinturas', async () => {
    await ui.execute(
      `[...document.querySelectorAll('[data-testid="note-form"] [name="sentiment"]')]
         .find((r) => r.parentElement.textContent.trim() === 'Muy contento').click()`,
    );
  });
  await addNote('doubt', '¿Hacéis envíos a Portugal?');
  await waitForNotes(3);
  assert.deepEqual(await noteRows(), [
    'Duda: ¿Hacéis envíos a Portugal?',
    'Opinión: Muy contento con la nueva gama de pinturas',
    'Competencia: Dice que allí el saco de cemento cola sale a 4,10 €',
  ]);
  assert.match(
    await ui.execute(`return document.querySelectorAll('[data-testid="note-row"]')[2].textContent`),
    /Frente a Bricomart, en precio/,
  );
  assert.match(await ui.text('[data-testid="open-questions"]'), /Por responder\s*1[\s\S]*¿Hacéis envíos a Portugal\?/);
  await ui.execute(`document.querySelector('[data-testid="client-notes"]').scrollIntoView()`);
  await app.shot('notes-02-card');
  await ui.execute(`document.querySelector('[data-testid="timeline"]').scrollIntoView()`);
  await app.shot('notes-02b-history');

  // Only the comparisons, in the history.
  await ui.select('[data-testid="history-show"]', 'note:competitor');
  await ui.waitFor(
    'only the comparison',
    `const rows = document.querySelectorAll('[data-testid="note-row"]');
     return rows.length === 1 && rows[0].textContent.includes('Bricomart')`,
  );
  await app.shot('notes-03-filtered');
  await ui.select('[data-testid="history-show"]', '');
  await waitForNotes(3);

  // The doubt answered: it leaves "Por responder" and says when it was answered.
  await ui.click('[data-testid="open-question"] [data-testid="answer-note"]');
  await ui.waitFor('no open questions', `return !document.querySelector('[data-testid="open-questions"]')`);
  assert.match(
    await ui.execute(`return document.querySelector('[data-testid="note-row"]').textContent`),
    /Respondida el/,
  );

  // Deleted by mistake, brought back from the toast.
  await ui.click('[data-testid="note-row"]:nth-child(2) [data-testid="trash-note"]');
  await waitForNotes(2);
  await ui.click('[data-testid="toast"] [data-testid="undo"]');
  await waitForNotes(3);

  // Deleted again and left: the trash's notes tab has it, and restores it to the card.
  const opinion = await ui.execute(
    `return document.querySelector('[data-testid="note-row"]:nth-child(2)').dataset.id`,
  );
  await ui.click(`[data-testid="note-row"][data-id="${opinion}"] [data-testid="trash-note"]`);
  await waitForNotes(2);
  await ui.click('[data-testid="nav-trash"]');
  await ui.click('[data-testid="trash-tab-notes"]');
  const trashed = `[data-testid="trash-note-row"][data-id="${opinion}"]`;
  await ui.find(trashed);
  assert.match(
    await ui.execute(`return document.querySelector(arguments[0]).textContent.replace(/\\s+/g, ' ')`, [trashed]),
    /Ferretería Norte · Opinión Muy contento con la nueva gama de pinturas/,
  );
  await app.shot('notes-04-trash');
  await ui.click(`${trashed} [data-testid="restore-note"]`);
  await ui.waitFor('the trash without notes', `return document.querySelector('[data-testid="trash-notes"]')?.children.length === 0`);
  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="client-row"]');
  await waitForNotes(3);

  await app.quit();
  ui = await app.launch();
  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="client-row"]');
  await waitForNotes(3);
  assert.equal((await noteRows()).length, 3);
  assert.equal((await ui.findAll('[data-testid="open-questions"]')).length, 0, 'the answer was kept');
});
