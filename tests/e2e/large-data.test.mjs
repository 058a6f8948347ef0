// A large cartera, as a year of use leaves it (the measurement data set at CI size, opened a
// week after its last use): the agenda is painted with data within the start bound, and the
// counts it shows are the core's own counts, as the app's commands return them.
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { BOUNDS } from "../perf/bounds.mjs";
import { startedAtMs } from "../perf/procfs.mjs";
import { App, freshHome } from "./app.mjs";
import { showClients } from "./screens.mjs";

const data = process.env.CARTERA_LARGE_DATA;
const env = { ...freshHome(), LANG: 'es_ES.UTF-8', LANGUAGE: 'es' };
let app;

before(async () => {
  assert.ok(
    data && existsSync(data),
    `CARTERA_LARGE_DATA must name the generated data set (got ${data})`,
  );
  mkdirSync(env.CARTERA_DATA_DIR, { recursive: true, mode: 0o700 });
  copyFileSync(data, path.join(env.CARTERA_DATA_DIR, "cartera.sqlite3"));
  app = await App.start(env);
});

after(async () => {
  await app?.close("large-data-last");
});

/** The number in a count badge ("1.234" or "1,234" → 1234). */
const number = (text) => Number(String(text).replace(/\D/g, ""));

test("the agenda of a large cartera is painted in time and counts what the core counts", async () => {
  const session = await app.launch();
  const [pid] = app.pids();
  const painted = Number(
    await session.waitFor(
      "the first frame with data",
      "return document.documentElement.dataset.paintedAt",
    ),
  );
  const startMs = painted - startedAtMs(pid);
  console.log(
    `large data: agenda painted ${Math.round(startMs)} ms after launch`,
  );
  assert.ok(
    startMs <= BOUNDS.ci.firstStartMs,
    `the agenda took ${Math.round(startMs)} ms to paint (bound ${BOUNDS.ci.firstStartMs} ms)`,
  );

  const shown = await session.execute(
    `const count = (id) => document.querySelector('[data-testid="' + id + '-count"]')?.textContent;
     return {
       overdue: count('agenda-overdue'), today: count('agenda-today'), upcoming: count('agenda-upcoming'),
       rows: document.querySelectorAll('[data-testid="agenda-overdue"] [data-testid="agenda-row"]').length,
     };`,
  );
  const core = await session.cmd("POST", "/execute/async", {
    script: `const done = arguments[0];
      window.__TAURI_INTERNALS__.invoke('get_agenda', { filter: { colour: null, action: null } })
        .then((a) => done({ overdue: a.overdueTotal, today: a.dueTodayTotal, upcoming: a.upcomingTotal,
                            overdueItems: a.overdue.length }),
              (e) => done({ error: String(e) }));`,
    args: [],
  });
  assert.equal(core.error, undefined);
  assert.ok(
    core.overdue > 100,
    `a week away leaves many items overdue (core: ${core.overdue})`,
  );
  assert.deepEqual(
    {
      overdue: number(shown.overdue),
      today: number(shown.today),
      upcoming: number(shown.upcoming),
    },
    {
      overdue: Number(core.overdue),
      today: Number(core.today),
      upcoming: Number(core.upcoming),
    },
  );
  // A long section shows its first rows and offers the rest, instead of laying out hundreds.
  assert.ok(
    shown.rows > 0 && shown.rows <= 30,
    `overdue rows on the page: ${shown.rows}`,
  );
  // Each overdue row says how long ago it fell due (the data set is a week old).
  const late = await session.execute(
    `return [...document.querySelectorAll('[data-testid="agenda-overdue"] [data-testid="agenda-row"]')]
       .map((row) => row.querySelector('[data-testid="row-late"]')?.textContent ?? '')`,
  );
  for (const text of late) assert.match(text, /^(ayer|hace \d+ días)$/);
  await app.shot('large-data-agenda');
  assert.equal(await session.text('[data-testid="agenda-overdue-show-more"]'), 'Mostrar 30 más');
  await app.shot('large-data-agenda-show-more');

  // Scrolling to the section's end reads on, past the first page the agenda brought (200),
  // the longest neglected first all the way down.
  const rowCount = `return document.querySelectorAll('[data-testid="agenda-overdue"] [data-testid="agenda-row"]').length`;
  for (let shownRows = 30; shownRows <= 240; shownRows += 30) {
    await session.execute(
      `document.querySelector('[data-testid="agenda-overdue-show-more"]').scrollIntoView({ block: 'end' })`,
    );
    await session.waitFor(`more than ${shownRows} overdue rows`, `${rowCount} > arguments[0]`, [shownRows]);
  }
  const daysLate = await session.execute(
    `return [...document.querySelectorAll('[data-testid="agenda-overdue"] [data-testid="agenda-row"]')]
       .map((row) => row.querySelector('[data-testid="row-late"]').textContent)
       .map((text) => (text === 'ayer' ? 1 : Number(text.match(/\d+/)[0])))`,
  );
  assert.ok(daysLate.length > 240, `read on past the first page: ${daysLate.length} rows`);
  assert.ok(
    daysLate.every((d, i) => i === 0 || d <= daysLate[i - 1]),
    `the longest neglected first: ${daysLate.slice(0, 5)} … ${daysLate.slice(-5)}`,
  );

  // The side lists come after the first paint and count what the core counts too.
  const side = await session.waitFor(
    "the side lists",
    `const text = (id) => document.querySelector('[data-testid="' + id + '-count"]')?.textContent;
     const w = text('waiting-list'), q = text('quiet-list');
     return w && q ? { waiting: w, quiet: q } : null;`,
  );
  const coreSide = await session.cmd("POST", "/execute/async", {
    script: `const done = arguments[0];
      const invoke = window.__TAURI_INTERNALS__.invoke;
      const first = (list) => invoke('get_chase', { request: { list, after: null, limit: 200 } });
      Promise.all([first('waiting'), first('quiet')])
        .then(([w, q]) => done({ waiting: w.total, quiet: q.total }), (e) => done({ error: String(e) }));`,
    args: [],
  });
  assert.deepEqual(
    { waiting: number(side.waiting), quiet: number(side.quiet) },
    { waiting: Number(coreSide.waiting), quiet: Number(coreSide.quiet) },
  );

  // The week of a large cartera: every day shows its first items and says how many more it
  // holds, as the core counts them (one heavy day no longer leaves the others "Libre").
  await session.click('[data-testid="week-view-toggle"]');
  const columns = await session.waitFor(
    "the week's columns",
    `if (document.querySelector('[data-testid="week-view"] .columns')?.getAttribute('aria-busy') !== 'false') return null;
     return [...document.querySelectorAll('[data-testid="week-day"]')].map((day) => ({
       date: day.dataset.date,
       items: day.querySelectorAll('[data-testid="week-item"]').length,
       more: day.querySelector('[data-testid="week-day-more"]')?.textContent.trim() ?? '',
     }));`,
  );
  const coreWeek = await session.cmd("POST", "/execute/async", {
    script: `const [monday, done] = arguments;
      window.__TAURI_INTERNALS__.invoke('get_week', { monday, filter: { colour: null, action: null } })
        .then((w) => done(w.days.map((d) => ({ date: d.date, items: d.items.length, total: Number(d.total) }))),
              (e) => done({ error: String(e) }));`,
    args: [columns[0].date],
  });
  assert.equal(coreWeek.error, undefined);
  const grouped = new Intl.NumberFormat('es-ES', { useGrouping: 'always' });
  assert.deepEqual(
    columns.map((c) => ({ date: c.date, items: c.items, more: c.more })),
    coreWeek.map((d) => ({
      date: d.date,
      items: d.items,
      more: d.total > d.items ? `y ${grouped.format(d.total - d.items)} más` : '',
    })),
  );
  assert.ok(
    coreWeek.filter((d) => d.total > d.items).length >= 5,
    `the working days are all past a column's worth: ${JSON.stringify(coreWeek)}`,
  );
  await app.shot('large-data-week');
  await session.click('[data-testid="week-view-toggle"]');
});

test("the agenda of one tag shows that tag's clients and counts what the core counts", async () => {
  const session = app.session;
  // The busiest tag of the menu (its label ends with its number of clients).
  const tag = await session.execute(
    `const options = [...document.querySelectorAll('[data-testid="agenda-tag"] option')].filter((o) => o.value);
     const clients = (o) => Number(o.textContent.match(/\\(([\\d.,]+)\\)$/)[1].replace(/\\D/g, ''));
     options.sort((a, b) => clients(b) - clients(a));
     return { id: options[0].value, name: options[0].textContent.replace(/\\s*\\([\\d.,]+\\)$/, '') };`,
  );
  const whole = number(await session.text('[data-testid="agenda-upcoming-count"]'));
  await session.select('[data-testid="agenda-tag"]', tag.id);
  const shown = await session.waitFor(
    `the agenda of ${tag.name}`,
    `const count = (id) => document.querySelector('[data-testid="' + id + '-count"]')?.textContent;
     const upcoming = Number((count('agenda-upcoming') ?? '').replace(/\\D/g, ''));
     if (!(upcoming > 0 && upcoming < arguments[0])) return null;
     return { overdue: count('agenda-overdue'), today: count('agenda-today'), upcoming: count('agenda-upcoming') };`,
    [whole],
  );
  const core = await session.cmd("POST", "/execute/async", {
    script: `const [tagId, done] = arguments;
      const invoke = window.__TAURI_INTERNALS__.invoke;
      invoke('get_agenda', { filter: { colour: null, action: null, tagId } })
        .then(async (a) => {
          const items = [...a.overdue, ...a.dueToday, ...a.upcoming];
          const ids = [...new Set(items.map((i) => i.clientId))].slice(0, 12);
          const clients = await Promise.all(ids.map((id) => invoke('get_client', { id })));
          done({ overdue: a.overdueTotal, today: a.dueTodayTotal, upcoming: a.upcomingTotal,
                 tags: clients.map((c) => c.tags) });
        }, (e) => done({ error: String(e) }));`,
    args: [tag.id],
  });
  assert.equal(core.error, undefined);
  assert.deepEqual(
    { overdue: number(shown.overdue), today: number(shown.today), upcoming: number(shown.upcoming) },
    { overdue: Number(core.overdue), today: Number(core.today), upcoming: Number(core.upcoming) },
  );
  assert.ok(core.tags.length > 0, 'the tag has items on the agenda');
  for (const tags of core.tags) {
    assert.ok(tags.includes(tag.name), `a client of the agenda of ${tag.name} carries it: ${tags}`);
  }
  await app.shot('large-data-tag-filter');
  await session.click('[data-testid="agenda-clear-filters"]');
  await session.waitFor(
    'every tag again',
    `return Number((document.querySelector('[data-testid="agenda-upcoming-count"]')?.textContent ?? '').replace(/\\D/g, '')) === arguments[0]`,
    [whole],
  );
});

test("a week behind: the red overdue spread over five working days, undone, then ten done by keyboard", async () => {
  const session = app.session;
  // The overdue count as a number ("1.234" → 1234).
  const overdueCount = `return Number((document.querySelector('[data-testid="agenda-overdue-count"]')?.textContent ?? '').replace(/\\D/g, ''))`;
  const count = async () => Number(await session.execute(overdueCount));
  await session.select('[data-testid="agenda-colour"]', 'red');
  await session.waitFor(
    'the red overdue',
    `return [...document.querySelectorAll('[data-testid="agenda-overdue"] [data-testid="agenda-row"]')]
       .every((row) => row.querySelector('[data-colour]')?.dataset.colour === 'red')`,
  );
  const red = await count();
  assert.ok(red > 150, `enough red overdue to spread: ${red}`);

  // Pick one, then all of them, and spread them: the summary first.
  await session.click('[data-testid="agenda-overdue"] [data-testid="row-pick"]');
  await session.click('[data-testid="bulk-select-all"]');
  assert.equal(number(await session.text('[data-testid="bulk-count"]')), red, 'all of them picked');
  await session.click('[data-testid="bulk-spread"]');
  await session.waitFor(
    'the spread summarised',
    `return document.querySelector('[data-testid="bulk-summary"]')?.textContent.includes('Se moverán 150 seguimientos')`,
  );
  const days = await session.execute(
    `return document.querySelectorAll('[data-testid="bulk-summary"] .days li').length`,
  );
  assert.equal(days, 5, 'five working days, thirty each');
  await app.shot('large-data-bulk-summary');
  await session.click('[data-testid="bulk-confirm"]');
  await session.waitFor(
    'the spread done',
    `return document.querySelector('[data-testid="toast"]')?.textContent.includes('150 seguimientos repartidos')`,
  );
  await session.waitFor('150 fewer overdue', `${overdueCount} === arguments[0]`, [red - 150]);

  // One undo puts every one of them back.
  await session.click('[data-testid="toast"] [data-testid="undo"]');
  await session.waitFor('all back', `${overdueCount} === arguments[0]`, [red]);

  // Ten done by keyboard only: d on the focused row, an outcome with the arrow key, Enter,
  // Esc; the focus then stands on the next row.
  const press = async (text) => {
    const active = await session.cmd('GET', '/element/active');
    await session.cmd('POST', `/element/${Object.values(active)[0]}/value`, { text });
  };
  await session.execute(
    `document.querySelector('[data-testid="agenda-overdue"] [data-testid="agenda-row"]').focus()`,
  );
  for (let done = 1; done <= 10; done += 1) {
    const id = await session.execute('return document.activeElement?.dataset.followUpId ?? null');
    assert.ok(id, `the focus is on a row before item ${done}`);
    await press('d');
    await session.waitFor('the outcome field focused', `return document.activeElement?.id === 'complete-outcome'`);
    await press('\uE015'); // ArrowDown: the first outcome.
    await press('\uE007'); // Enter: save.
    await session.find('[data-testid="complete-close"]');
    await press('\uE00C'); // Esc: close.
    await session.waitFor(
      'the focus on the next row',
      `const row = document.activeElement?.closest('[data-testid="agenda-row"]');
       return row && row.dataset.followUpId !== arguments[0];`,
      [id],
    );
  }
  // At least ten fewer: a contact also re-plans the client's own overdue red call.
  await session.waitFor('at least ten fewer overdue', `${overdueCount} <= arguments[0]`, [red - 10]);
  assert.ok((await count()) < red - 9, 'ten done');
  await session.select('[data-testid="agenda-colour"]', '');
});

test('a search matching most clients says "más de 1.000" instead of counting them all', async () => {
  const session = app.session;
  await showClients(session, '6');
  assert.equal(await session.text('[data-testid="client-count"]'), 'Más de 1.000 clientes');
  await app.shot('large-data-broad-search');
});

test("scrolling far down the list and back keeps a window of rows loaded and shows the first again", async () => {
  const session = app.session;
  await showClients(session, "");
  const firstName = () =>
    session.execute(
      `return document.querySelector('[data-testid="client-row"] .name')?.textContent`,
    );
  const first = await firstName();
  const ROW = 56;
  const deep = 8000;
  // Two screens a frame, as a person dragging fast, until row 8,000 is in view.
  const reached = await session.cmd("POST", "/execute/async", {
    script: `const done = arguments[0];
      const viewport = document.querySelector('[data-testid="client-list"]');
      const target = ${deep * ROW};
      const started = performance.now();
      function frame() {
        if (viewport.scrollTop >= target || performance.now() - started > 60000) {
          done(Math.round(viewport.scrollTop / ${ROW}));
          return;
        }
        viewport.scrollTop = Math.min(target, viewport.scrollTop + 2 * viewport.clientHeight);
        requestAnimationFrame(frame);
      }
      requestAnimationFrame(frame);`,
    args: [],
  });
  assert.ok(reached >= deep, `the list scrolled to row ${reached}, not ${deep}`);
  const loaded = Number(
    await session.execute(`return document.querySelector('.client-list').dataset.loadedRows`),
  );
  assert.ok(
    loaded > 0 && loaded <= 2600,
    `${loaded} rows loaded at row ${deep}: only a window around the view may stay`,
  );
  assert.ok(
    (await session.findAll('[data-testid="client-row"]')).length < 60,
    "the DOM holds a screenful of rows",
  );
  await app.shot("large-data-deep-in-the-list");

  await session.execute(
    `document.querySelector('[data-testid="client-list"]').scrollTop = 0;`,
  );
  await session.waitFor(
    "the first clients again",
    `return document.querySelector('[data-testid="client-row"] .name')?.textContent === ${JSON.stringify(first)}`,
  );
  await app.shot("large-data-back-to-the-top");
});
