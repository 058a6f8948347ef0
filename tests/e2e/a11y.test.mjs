// End to end: accessibility kept, not hoped for. axe-core audits every main screen (first run,
// client list, client detail, new-client form, agenda, settings, trash, the recovery screen) and
// every dialog (follow-up form, complete dialog, snooze menu and "another date", confirmations)
// inside the real web view, in Spanish, in English and in the dark colour scheme. Any WCAG 2.1
// A/AA violation fails the run with the rule, its impact, the offending nodes and the screen;
// best-practice findings are printed. Every screen also has exactly one visible <h1> naming it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { App, freshHome } from "./app.mjs";
import { Audit } from "./axe.mjs";
import { KEY } from "./webdriver.mjs";

/**
 * One running app under audit: photographs and audits screen after screen, checks their titles
 * and closes dialogs the way a keyboard user would.
 */
class Tour {
  constructor(app, prefix) {
    this.app = app;
    this.prefix = prefix;
    this.shots = 0;
    this.ui = undefined;
    this.audit = undefined;
  }

  async launch() {
    this.ui = await this.app.launch();
    this.audit = new Audit(this.ui, { log: (text) => console.log(text) });
    return this.ui;
  }

  /** The texts of the <h1> elements a sighted user can see (not hidden, not clipped away). */
  visibleHeadingsOne() {
    return this.ui.execute(`return [...document.querySelectorAll('h1')]
      .filter((h) => {
        const r = h.getBoundingClientRect();
        const style = getComputedStyle(h);
        return r.width > 1 && r.height > 1 && style.visibility !== 'hidden' && style.opacity !== '0';
      })
      .map((h) => h.textContent.replace(/\\s+/g, ' ').trim())`);
  }

  /** Waits until the screen shows exactly one visible <h1> reading `title`. */
  async expectTitle(screen, title) {
    await this.ui.waitFor(
      `the <h1> "${title}" on ${screen}`,
      `return document.querySelectorAll('h1').length === 1 &&
         document.querySelector('h1').textContent.trim() === arguments[0]`,
      [title],
    );
    assert.deepEqual(
      await this.visibleHeadingsOne(),
      [title],
      `${screen} has one visible level-one heading, "${title}": without it a screen-reader user lands on an unnamed page`,
    );
  }

  /** Photographs the screen and audits it under `screen`. */
  async check(screen, slug) {
    this.shots += 1;
    await this.app.shot(
      `${this.prefix}-${String(this.shots).padStart(2, "0")}-${slug}`,
    );
    await this.audit.check(screen);
  }

  /** Closes the open dialog with Esc and waits until it is gone. */
  async escape(what) {
    await this.ui.keys('[aria-modal="true"]', KEY.escape);
    await this.ui.waitFor(
      `${what} closed`,
      `return !document.querySelector('[aria-modal="true"]')`,
    );
  }
}

let app;
let tour;
let ui;

before(async () => {
  app = await App.start(freshHome());
  tour = new Tour(app, "a11y");
});

after(async () => {
  await app?.close("a11y-99-last-screen");
});

/** Cartera is single-instance: the main app must be gone before another one starts. */
async function closeMainApp() {
  await app?.close("a11y-99-last-screen");
  app = undefined;
}

const expectTitle = (screen, title) => tour.expectTitle(screen, title);
const check = (screen, slug) => tour.check(screen, slug);
const escape = (what) => tour.escape(what);

test("first run: the empty state and the new-client form", async () => {
  ui = await tour.launch();
  await ui.select('[data-testid="language"]', "es");
  await ui.find('[data-testid="empty-state"]');
  await expectTitle("the first run", "Tu cartera está vacía");
  await check("first run (empty state)", "first-run");

  await ui.click('[data-testid="create-first-client"]');
  await ui.find('[data-testid="client-form"] [name="name"]');
  await check("new-client form", "new-client-form");
  // Saving it empty shows the field errors: they must be announced and tied to their fields.
  await ui.click('[data-testid="save-client"]');
  await ui.find('[data-testid="error-name"]');
  await check("new-client form with errors", "new-client-form-errors");
  await escape("the new-client form");

  await ui.click('[data-testid="load-examples"]');
  await ui.waitFor(
    "the 60 example clients",
    `return document.querySelector('[data-testid="client-count"]')?.textContent.includes('60 clientes')`,
  );
  tour.audit.assertClean();
});

test("client list, client detail and their forms and dialogs", async () => {
  await expectTitle("the client list", "Clientes");
  await check("client list", "client-list");

  // A company: its card also lists its contact people.
  const company = await ui.execute(
    `return [...document.querySelectorAll('[data-testid="client-row"]')].find((r) => r.textContent.includes('Empresa'))?.dataset.id`,
  );
  assert.ok(company, "a company among the first example clients");
  await ui.click(`[data-testid="client-row"][data-id="${company}"]`);
  await ui.find('[data-testid="add-contact"]');
  await ui.find('[data-testid="timeline"]');
  await expectTitle("the client detail", "Clientes");
  await check("client detail", "client-detail");

  await ui.click('[data-testid="add-contact"]');
  await ui.find('[data-testid="contact-form"]');
  await ui.click('[data-testid="log-interaction"]');
  await ui.find('[data-testid="interaction-form"]');
  await check(
    "client detail with the contact and interaction forms",
    "client-detail-forms",
  );

  await ui.click('[data-testid="add-note"]');
  await ui.find('[data-testid="note-form"] [name="kind"]');
  await ui.select('[data-testid="note-form"] [name="kind"]', "opinion");
  await ui.find('[data-testid="note-form"] [name="sentiment"]');
  await check("note form, an opinion with its feeling", "note-form");
  // A kind was picked: Esc asks before throwing it away.
  await ui.keys('[aria-modal="true"]', KEY.escape);
  await ui.click('[data-testid="discard-confirm"]');
  await ui.waitFor("the note form closed", `return !document.querySelector('[aria-modal="true"]')`);

  await ui.click('[data-testid="edit-client"]');
  await ui.find('[data-testid="client-form"] [name="name"]');
  await check("edit-client form", "edit-client-form");
  await escape("the edit-client form");

  await ui.click('[data-testid="plan-follow-up"]');
  await ui.find('[data-testid="follow-up-form"] [name="action"]');
  await check("follow-up form", "follow-up-form");
  // Saved as it comes (a call today): the card then has a pending follow-up to cancel.
  await ui.click('[data-testid="save-follow-up"]');
  await ui.waitFor(
    "the follow-up form closed",
    `return !document.querySelector('[aria-modal="true"]')`,
  );

  // A pending follow-up on the client's card: cancelling it asks first.
  await ui.waitFor(
    "a pending follow-up on the card",
    `return document.querySelector('[data-testid="follow-up-row"] [data-testid="cancel-follow-up"]')`,
  );
  await ui.click(
    '[data-testid="follow-up-row"] [data-testid="cancel-follow-up"]',
  );
  await ui.find('[role="alertdialog"]');
  await check("cancel follow-up confirmation", "confirm-cancel-follow-up");
  await escape("the cancel confirmation");
  tour.audit.assertClean();
});

test("agenda, week view, complete dialog, snooze menu and another date", async () => {
  await ui.click('[data-testid="nav-agenda"]');
  await ui.waitFor(
    "follow-ups on the agenda",
    `return document.querySelectorAll('[data-testid="agenda"] [data-testid="agenda-row"]').length > 0`,
  );
  await expectTitle("the agenda", "Agenda");
  await check("agenda", "agenda");

  await ui.click('[data-testid="week-view-toggle"]');
  await ui.find('[data-testid="week-view"]');
  await expectTitle("the agenda week view", "Agenda");
  await check("agenda week view", "agenda-week");
  await ui.click('[data-testid="week-view-toggle"]');
  await ui.find('[data-testid="agenda-row"]');

  await ui.click('[data-testid="agenda-row"] [data-testid="snooze"]');
  await ui.find('[role="menu"] [data-testid="snooze-other"]');
  await check("snooze menu", "snooze-menu");
  await ui.click('[role="menu"] [data-testid="snooze-other"]');
  await ui.find('[data-testid="follow-up-form"]');
  await check("snooze: another date (reschedule form)", "snooze-another-date");
  await escape("the reschedule form");

  await ui.click('[data-testid="agenda-row"] [data-testid="complete"]');
  await ui.find('[data-testid="complete-outcome"]');
  await check("complete dialog", "complete-dialog");
  await ui.select('[data-testid="complete-outcome"]', "interested");
  await ui.type('[data-testid="complete-note"]', "Quiere el catálogo nuevo");
  await ui.click('[data-testid="complete-save"]');
  await ui.find('[data-testid="complete-close"]');
  await check("complete dialog, done", "complete-dialog-done");
  await ui.click('[data-testid="complete-close"]');
  await ui.waitFor(
    "the complete dialog closed",
    `return !document.querySelector('[aria-modal="true"]')`,
  );
  tour.audit.assertClean();
});

test("settings", async () => {
  await ui.click('[data-testid="nav-settings"]');
  await ui.find('[data-testid="settings"] [name="yellowEveryDays"]');
  await expectTitle("the settings", "Ajustes");
  await check("settings", "settings");
  tour.audit.assertClean();
});

test("catalogue and its item form", async () => {
  await ui.click('[data-testid="nav-catalogue"]');
  await ui.find('[data-testid="catalogue-item"]');
  await expectTitle("the catalogue", "Catálogo");
  await check("catalogue", "catalogue");
  await ui.click('[data-testid="add-item"]');
  await ui.find('[data-testid="catalogue-form"] [name="name"]');
  await check("catalogue item form", "catalogue-item-form");
  await escape("the catalogue item form");
  tour.audit.assertClean();
});

test("trash and the empty-trash confirmation", async () => {
  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="client-row"]');
  await ui.find('[data-testid="trash-client"]');
  await ui.click('[data-testid="trash-client"]');
  await ui.find('[data-testid="toast"]');
  await ui.click('[data-testid="nav-trash"]');
  await ui.find('[data-testid="trash-row"]');
  await expectTitle("the trash", "Papelera");
  await check("trash", "trash");

  await ui.click('[data-testid="empty-trash"]');
  await ui.find('[role="alertdialog"]');
  await check("empty-trash confirmation", "confirm-empty-trash");
  await escape("the empty-trash confirmation");
  tour.audit.assertClean();
});

test("in English: the same screens, their titles and their audits", async () => {
  await ui.select('[data-testid="language"]', "en");
  await ui.waitFor(
    "the page in English",
    `return document.documentElement.lang === 'en'`,
  );

  await ui.find('[data-testid="trash-row"]');
  await expectTitle("the trash in English", "Trash");
  await check("trash (English)", "en-trash");

  await ui.click('[data-testid="nav-settings"]');
  await ui.find('[data-testid="settings"] [name="yellowEveryDays"]');
  await expectTitle("the settings in English", "Settings");
  await check("settings (English)", "en-settings");

  await ui.click('[data-testid="nav-agenda"]');
  await ui.find('[data-testid="agenda-row"]');
  await expectTitle("the agenda in English", "Agenda");
  await check("agenda (English)", "en-agenda");

  await ui.click('[data-testid="nav-clients"]');
  await ui.click('[data-testid="client-row"]');
  await ui.find('[data-testid="detail-name"]');
  await expectTitle("the client list in English", "Clients");
  await check("client list and detail (English)", "en-client-detail");

  await ui.click('[data-testid="new-client"]');
  await ui.find('[data-testid="client-form"] [name="name"]');
  await check("new-client form (English)", "en-new-client-form");
  await escape("the new-client form");
  tour.audit.assertClean();
});

test(
  "in the dark colour scheme: contrast of the main screens and a dialog",
  { timeout: 180_000 },
  async (t) => {
    await closeMainApp();
    // Cartera follows the desktop's colour scheme; WebKitGTK takes it from the GTK theme.
    const darkApp = await App.start({
      ...freshHome(),
      GTK_THEME: "Adwaita:dark",
    });
    const dark = new Tour(darkApp, "a11y-dark");
    try {
      const session = await dark.launch();
      const isDark = await session.execute(
        `return matchMedia('(prefers-color-scheme: dark)').matches`,
      );
      if (!isDark) {
        t.skip("this WebKitGTK does not take the dark scheme from GTK_THEME");
        return;
      }
      await session.select('[data-testid="language"]', "es");
      await session.find('[data-testid="empty-state"]');
      await dark.check("first run (dark)", "first-run");
      await session.click('[data-testid="load-examples"]');
      await session.waitFor(
        "the 60 example clients",
        `return document.querySelector('[data-testid="client-count"]')?.textContent.includes('60 clientes')`,
      );
      await session.click('[data-testid="client-row"]');
      await session.find('[data-testid="timeline"]');
      await dark.check("client list and detail (dark)", "client-detail");

      await session.click('[data-testid="nav-agenda"]');
      await session.find('[data-testid="agenda-row"]');
      await dark.check("agenda (dark)", "agenda");
      await session.click(
        '[data-testid="agenda-row"] [data-testid="complete"]',
      );
      await session.find('[data-testid="complete-outcome"]');
      await dark.check("complete dialog (dark)", "complete-dialog");
      await dark.escape("the complete dialog");

      await session.click('[data-testid="nav-settings"]');
      await session.find('[data-testid="settings"] [name="yellowEveryDays"]');
      await dark.check("settings (dark)", "settings");
      await session.click('[data-testid="nav-trash"]');
      await session.find('[data-testid="empty-trash"]');
      await dark.check("trash (dark)", "trash");
      dark.audit.assertClean();
    } finally {
      await darkApp.close("a11y-dark-99-last-screen");
    }
  },
);

test(
  "the recovery screen for a database that cannot be opened",
  { timeout: 120_000 },
  async () => {
    await closeMainApp();
    const env = { ...freshHome(), LANG: "es_ES.UTF-8", LANGUAGE: "es" };
    mkdirSync(env.CARTERA_DATA_DIR, { recursive: true });
    writeFileSync(
      path.join(env.CARTERA_DATA_DIR, "cartera.sqlite3"),
      "esto no es una base de datos\n".repeat(200),
    );
    const broken = await App.start(env);
    const recovery = new Tour(broken, "a11y-recovery");
    try {
      const session = await recovery.launch();
      await session.find('[data-testid="recovery"]');
      await recovery.expectTitle(
        "the recovery screen",
        "No se puede abrir la base de datos",
      );
      await recovery.check("recovery screen (damaged database)", "damaged");
      // A retry that fails again answers in an alert: audited with it.
      await session.click('[data-testid="recovery-retry"]');
      await session.find('[data-testid="recovery-message"]');
      await recovery.check("recovery screen after a failed retry", "retried");
      recovery.audit.assertClean();
    } finally {
      await broken.close("a11y-recovery-99-last-screen");
    }
  },
);
