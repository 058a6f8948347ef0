// The whole app measured as a person feels it (run by scripts/measure, which builds the
// release binary and the data set first): start warm and cold, a key in the search box, a
// scroll through the whole client list, a long timeline, memory after every screen, and idle
// CPU visible, hidden and minimized. Figures come from the real app under Xvfb: WebDriver
// drives it, the page's Performance API times it, /proc weighs it. Prints a table, writes
// JSON, and exits 1 when a figure is over its bound.
//
//   node tests/perf/measure.mjs --app BIN --bare BIN --data FILE --bounds full|ci
//        [--runs 5] [--cold-runs 3] [--idle-seconds 60] [--long-client NAME] [--json OUT]
import { execFileSync, spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { Session, startDriver } from "../e2e/webdriver.mjs";
import {
  commandName,
  cpuSeconds,
  processTree,
  pssMiB,
  startedAtMs,
} from "./procfs.mjs";
import { BOUNDS, judge, median } from "./bounds.mjs";
import { showClients } from "../e2e/screens.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    app: { type: "string" },
    bare: { type: "string" },
    data: { type: "string" },
    bounds: { type: "string", default: "full" },
    runs: { type: "string", default: "5" },
    "cold-runs": { type: "string", default: "3" },
    "idle-seconds": { type: "string", default: "60" },
    "long-client": { type: "string" },
    json: { type: "string" },
    /** Only some phases (for looking into one figure): starts, use, bare, idle. */
    only: { type: "string", default: "starts,use,bare,idle" },
  },
});
const PHASES = new Set(opt.only.split(","));
for (const required of ["app", "bare", "data"]) {
  if (!opt[required] || !existsSync(opt[required])) {
    throw new Error(
      `--${required} must name an existing file (got ${opt[required]})`,
    );
  }
}
const bounds = BOUNDS[opt.bounds];
if (!bounds)
  throw new Error(`--bounds must be one of ${Object.keys(BOUNDS).join(", ")}`);
const RUNS = Number(opt.runs);
const COLD_RUNS = Number(opt["cold-runs"]);
const IDLE_SECONDS = Number(opt["idle-seconds"]);
/** Words typed key by key into the search box: common, rare, two words, digits. */
const TYPED = ["martinez", "ga", "talleres", "ana lo", "612"];
/** How long after hiding or minimizing the window idle CPU starts being counted. */
const STATE_CHANGE_MS = 10000;
/** The wall clock of a page (epoch ms) from inside it. */
const NOW = "performance.timeOrigin + performance.now()";

function log(line) {
  process.stderr.write(`measure: ${line}\n`);
}

/** A fresh home for the app with the data set copied in as its database. */
function freshHome() {
  const home = mkdtempSync(path.join(tmpdir(), "cartera-measure-"));
  const env = {
    CARTERA_DATA_DIR: path.join(home, "data"),
    XDG_CONFIG_HOME: path.join(home, "config"),
    XDG_DATA_HOME: path.join(home, "share"),
    XDG_CACHE_HOME: path.join(home, "cache"),
  };
  mkdirSync(env.CARTERA_DATA_DIR, { recursive: true, mode: 0o700 });
  copyFileSync(opt.data, path.join(env.CARTERA_DATA_DIR, "cartera.sqlite3"));
  return { home, env };
}

/** Pids running `binary` whose environment holds `marker` (one app among the drivers). */
function pidsOf(binary, marker) {
  const real = realpathSync(binary);
  const found = [];
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      if (readlinkSync(`/proc/${pid}/exe`) !== real) continue;
      if (
        marker &&
        !readFileSync(`/proc/${pid}/environ`, "utf8")
          .split("\0")
          .includes(marker)
      ) {
        continue;
      }
      found.push(Number(pid));
    } catch {
      // Gone, or a zombie.
    }
  }
  return found;
}

async function waitForPid(binary, marker) {
  for (let i = 0; i < 100; i++) {
    const [pid] = pidsOf(binary, marker);
    if (pid) return pid;
    await sleep(20);
  }
  throw new Error(`${binary} did not start`);
}

/** Asks the app to quit as a logout would (SIGTERM: a clean exit) and waits for it. */
async function stop(binary, marker) {
  for (const pid of pidsOf(binary, marker)) process.kill(pid, "SIGTERM");
  for (let i = 0; i < 100 && pidsOf(binary, marker).length > 0; i++)
    await sleep(100);
  for (const pid of pidsOf(binary, marker)) process.kill(pid, "SIGKILL");
}

/** Empties the page cache so the next start reads everything from the disk. */
function dropCaches() {
  try {
    execFileSync("sync");
    writeFileSync("/proc/sys/vm/drop_caches", "3\n");
    return true;
  } catch {
    return false;
  }
}

/** Launches Cartera in a WebDriver session and times launch → first frame with data. */
async function launchTimed(driver, app) {
  const session = await Session.start(driver.url, opt.app);
  const pid = await waitForPid(opt.app, app.marker);
  const launched = startedAtMs(pid);
  const painted = Number(
    await session.waitFor(
      "the first frame with data",
      "return document.documentElement.dataset.paintedAt",
      [],
      60000,
    ),
  );
  const marks = await session.execute(
    `return performance.getEntriesByType('mark')
       .filter(m => m.name.startsWith('cartera:'))
       .map(m => [m.name.slice(8), performance.timeOrigin + m.startTime]);`,
  );
  const steps = marks
    .map(([name, at]) => `${name} +${Math.round(at - launched)}`)
    .join(", ");
  return { session, pid, ms: painted - launched, steps };
}

async function measureStarts(
  driver,
  app,
  runs,
  { cold = false, priming = false } = {},
) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    if (cold && !dropCaches()) return null;
    const { session, pid, ms, steps } = await launchTimed(driver, app);
    log(
      `${priming ? "first" : cold ? "cold" : "warm"} start ${i + 1}/${runs}: ${Math.round(ms)} ms (${steps})`,
    );
    times.push(ms);
    // WebDriver's automation keeps the web view busy: only the app's own process settles.
    if (priming) await settle(pid, { appOnly: true });
    await stop(opt.app, app.marker);
    await session.quit().catch(() => {});
  }
  return times;
}

/** Runs `script` in the page as an async WebDriver script: it calls `done(value)`. */
function inPage(session, script, args = []) {
  return session.cmd("POST", "/execute/async", { script, args });
}

/**
 * Arms a watch in the page, before the action it times: the next `event` (a key, a click)
 * starts the clock, and the first frame drawn once `condition` (page JS; `arguments` are
 * `args`) holds after it stops the clock. Armed beforehand, so the time of WebDriver's own
 * round trips (sending the key, asking for the result) is never counted: only the page's.
 */
function armPaintWatch(session, event, condition, args) {
  return session.execute(
    `const args = arguments;
     const ready = () => (function () { return ${condition}; }).apply(null, args);
     window.__paint = { startedAt: null, ms: null };
     const watch = window.__paint;
     document.addEventListener('${event}', () => { watch.startedAt = performance.now(); },
       { once: true, capture: true });
     const observer = new MutationObserver(() => {
       if (watch.startedAt === null || !ready()) return;
       observer.disconnect();
       requestAnimationFrame((t) => { watch.ms = t - watch.startedAt; });
     });
     observer.observe(document.body, { attributes: true, childList: true, subtree: true });`,
    args,
  );
}

/** The milliseconds the armed watch measured, once its frame is drawn. */
async function paintedMs(session) {
  return Number(
    await session.waitFor(
      "the watched frame",
      "return window.__paint.ms === null ? null : String(window.__paint.ms)",
    ),
  );
}

/** Times each key typed into the search box until its results are painted. */
async function measureSearch(session) {
  const input = await session.find('[data-testid="search"]');
  await showClients(session, "");
  const samples = [];
  for (const word of TYPED) {
    await showClients(session, "");
    let typed = "";
    for (const key of word) {
      typed += key;
      const changes = typed.trim() !== typed.slice(0, -1).trim(); // a space changes nothing
      if (changes) {
        await armPaintWatch(
          session,
          "keydown",
          'document.querySelector(".client-list").dataset.shownSearch === arguments[0]',
          [typed.trim()],
        );
      }
      await session.cmd("POST", `/element/${input}/value`, { text: key });
      if (changes) samples.push(await paintedMs(session));
    }
  }
  await session.type('[data-testid="search"]', "");
  return samples;
}

/** Scrolls the whole client list top to bottom, two screens a frame, timing every frame. */
async function measureScroll(session) {
  await showClients(session, "");
  return inPage(
    session,
    `const done = arguments[0];
     const viewport = document.querySelector('[data-testid="client-list"]');
     const frames = [];
     let last = null;
     const started = performance.now();
     function frame(now) {
       if (last !== null) frames.push(now - last);
       last = now;
       const end = viewport.scrollHeight - viewport.clientHeight;
       if (viewport.scrollTop >= end - 1 && viewport.dataset.hasMore === 'false') {
         const rows = document.querySelectorAll('[data-testid="client-row"]');
         done({ frames, seconds: (now - started) / 1000, lastRow: rows[rows.length - 1]?.textContent });
         return;
       }
       viewport.scrollTop = Math.min(viewport.scrollTop + 2 * viewport.clientHeight, end);
       requestAnimationFrame(frame);
     }
     requestAnimationFrame(frame);`,
  );
}

/**
 * Times the long history's timeline: each time another client is opened first (the list's
 * first), so the long timeline loads anew and not from the detail still open.
 */
async function measureTimeline(session, name) {
  const samples = [];
  const search = async (text) => {
    await showClients(session, text);
    const [first] = await session.findAll('[data-testid="client-row"]');
    if (!first) throw new Error(`no client for "${text}"`);
    return session.cmd("GET", `/element/${first}/attribute/data-id`);
  };
  const timelineOf = (id) =>
    `document.querySelector('[data-testid="timeline"]')?.dataset.loadedFor === ${JSON.stringify(id)}`;
  for (let i = 0; i < 5; i++) {
    const other = await search("");
    await session.click(`[data-testid="client-row"][data-id="${other}"]`);
    await session.waitFor("another client's timeline", `return ${timelineOf(other)}`);
    const id = await search(name);
    if (id === other) throw new Error(`"${name}" is the list's first client`);
    await armPaintWatch(session, "click", timelineOf(id), []);
    await session.click(`[data-testid="client-row"][data-id="${id}"]`);
    samples.push(await paintedMs(session));
  }
  await session.type('[data-testid="search"]', "");
  return samples;
}

/** Opens every screen once (the agenda and its week view, a client, trash, settings). */
async function visitEveryScreen(session) {
  await session.click('[data-testid="nav-agenda"]');
  await session.waitFor(
    "the agenda",
    'return document.querySelector("[data-testid=agenda-overdue]")',
  );
  await session.click('[data-testid="week-view-toggle"]');
  await session.waitFor(
    "the week",
    'return document.querySelector("[data-testid=week-view]")',
  );
  await session.click('[data-testid="week-view-toggle"]');
  await session.click('[data-testid="nav-trash"]');
  await session.click('[data-testid="nav-settings"]');
  await session.click('[data-testid="nav-agenda"]');
  await session.waitFor(
    "the agenda",
    'return document.querySelector("[data-testid=agenda-overdue]")',
  );
}

/** Each process of the tree with its PSS, e.g. "cartera 104, WebKitWebProcess 250". */
function byProcess(pid) {
  return processTree(pid)
    .map((p) => `${commandName(p)} ${pssMiB([p]).toFixed(0)}`)
    .join(", ");
}

/** CPU of the app's process tree over `seconds`, as a percentage of one core. */
async function idleCpu(pid, seconds) {
  const tree = processTree(pid);
  const before = cpuSeconds(tree);
  await sleep(seconds * 1000);
  return ((cpuSeconds(processTree(pid)) - before) / seconds) * 100;
}

/**
 * Waits until the start's deferred work (the catch-up of reminders missed while closed, the
 * side lists) is done: two seconds under 1 % of a core, or a minute at most.
 */
async function settle(pid, { appOnly = false } = {}) {
  const pids = () => (appOnly ? [pid] : processTree(pid));
  for (let i = 0; i < 30; i++) {
    const before = cpuSeconds(pids());
    await sleep(2000);
    if (((cpuSeconds(pids()) - before) / 2) * 100 < 1) return;
  }
  log("the app did not settle within a minute");
}

/** Idle CPU without WebDriver (its automation keeps the web view busy): visible, hidden, minimized. */
async function measureIdle(app) {
  const launch = () =>
    spawn(opt.app, [], {
      env: { ...process.env, ...app.env },
      stdio: "ignore",
      detached: true,
    });
  const logs = path.join(app.env.CARTERA_DATA_DIR, "logs");
  const paintedCount = () =>
    readdirSync(logs)
      .map(
        (f) =>
          readFileSync(path.join(logs, f), "utf8").split("first screen painted")
            .length - 1,
      )
      .reduce((a, b) => a + b, 0);
  const before = paintedCount();
  launch().unref();
  const pid = await waitForPid(opt.app, app.marker);
  for (let i = 0; i < 300 && paintedCount() === before; i++) await sleep(100);
  await settle(pid);
  const visible = await idleCpu(pid, IDLE_SECONDS);
  log(`idle, window visible: ${visible.toFixed(3)} % of a core`);
  execFileSync(path.join(here, "../e2e/close_window.py"), ["Cartera"]);
  // Hiding and minimizing cost the web view a few ticks (it learns it is not visible): that
  // is the change of state, not idling; measured from STATE_CHANGE_MS after it.
  await sleep(STATE_CHANGE_MS);
  const hidden = await idleCpu(pid, IDLE_SECONDS);
  log(`idle, hidden in the tray: ${hidden.toFixed(3)} %`);
  // A second launch hands over to the running one, which shows its window again.
  launch().unref();
  await sleep(2000);
  execFileSync(path.join(here, "../e2e/close_window.py"), ["Cartera", "--minimize"]);
  await sleep(STATE_CHANGE_MS);
  const minimized = await idleCpu(pid, IDLE_SECONDS);
  log(`idle, minimized: ${minimized.toFixed(3)} %`);
  await stop(opt.app, app.marker);
  return { visible, hidden, minimized };
}

/** The bare Tauri window's memory and first frame, measured the same way. */
async function measureBare(driver) {
  const pss = [];
  const frames = [];
  for (let i = 0; i < 3; i++) {
    const session = await Session.start(driver.url, opt.bare);
    const pid = await waitForPid(opt.bare);
    const launched = startedAtMs(pid);
    const at = await inPage(
      session,
      `const done = arguments[0]; requestAnimationFrame(() => done(${NOW}));`,
    );
    frames.push(at - launched);
    await sleep(3000);
    pss.push(pssMiB(processTree(pid)));
    await stop(opt.bare);
    await session.quit().catch(() => {});
  }
  return { pss: median(pss), firstFrame: median(frames) };
}

/**
 * A person's use of one session, with the database in the page cache: search, a long
 * timeline, every screen, the whole list.
 */
async function measureUse(driver, app, figures) {
  // A day's use, not the first minute after a cold boot: the database is in the page cache
  // (the cold starts before emptied it), so a key's time is Cartera's, not the disk's.
  execFileSync("cat", [path.join(app.env.CARTERA_DATA_DIR, "cartera.sqlite3")], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const { session, pid } = await launchTimed(driver, app);
  await session.cmd("POST", "/timeouts", { script: 600000 });
  figures.agendaCounts = await session.execute(
    `return Object.fromEntries(['agenda-overdue', 'agenda-today', 'agenda-upcoming']
       .map(s => [s, document.querySelector('[data-testid="' + s + '-count"]')?.textContent]))`,
  );
  log(`memory with the agenda shown: ${byProcess(pid)}`);
  figures.search = await measureSearch(session);
  log(`memory after searching: ${byProcess(pid)}`);
  log(`search: ${figures.search.map(Math.round).join(" ")} ms`);
  if (opt["long-client"]) {
    figures.timeline = await measureTimeline(session, opt["long-client"]);
    log(
      `timeline: ${figures.timeline.map(Math.round).join(" ")} ms (memory: ${byProcess(pid)})`,
    );
  }
  await visitEveryScreen(session);
  await sleep(3000);
  figures.memory = pssMiB(processTree(pid));
  log(
    `memory after every screen: ${figures.memory.toFixed(0)} MiB (${byProcess(pid)})`,
  );
  const scroll = await measureScroll(session);
  figures.scrollFrames = scroll.frames;
  log(
    `scroll: ${scroll.frames.length} frames in ${scroll.seconds.toFixed(1)} s, to "${scroll.lastRow}"`,
  );
  await sleep(3000);
  figures.memoryAfterScroll = pssMiB(processTree(pid));
  log(
    `memory after scrolling the whole list: ${figures.memoryAfterScroll.toFixed(0)} MiB`,
  );
  await stop(opt.app, app.marker);
  await session.quit().catch(() => {});
}

async function main() {
  const { home, env } = freshHome();
  const app = { env, marker: `CARTERA_DATA_DIR=${env.CARTERA_DATA_DIR}` };
  const driver = await startDriver(env, path.join(home, "driver.log"));
  const figures = {};
  try {
    // The first start after copying applies pending migrations and catches up a week of
    // reminders: not what a user sees every morning, so it is not counted.
    await measureStarts(driver, app, 1, { priming: true });
    if (PHASES.has("starts")) {
      figures.warmStart = await measureStarts(driver, app, RUNS);
      figures.coldStart =
        COLD_RUNS > 0
          ? await measureStarts(driver, app, COLD_RUNS, { cold: true })
          : null;
      if (figures.coldStart === null)
        log(
          "cold start not measured: the page cache cannot be dropped here (needs root)",
        );
    }

    if (PHASES.has("use")) await measureUse(driver, app, figures);
    if (PHASES.has("bare")) {
      figures.bare = await measureBare(driver);
      log(
        `bare window: ${figures.bare.pss.toFixed(0)} MiB, first frame after ${Math.round(figures.bare.firstFrame)} ms`,
      );
    }
  } finally {
    driver.stop();
  }
  if (PHASES.has("idle")) figures.idle = await measureIdle(app);

  const rows = judge(figures, bounds);
  const table = [
    `| figure | median | worst | bound | |`,
    `|---|---:|---:|---|:-:|`,
    ...rows.map(
      (r) =>
        `| ${r.figure} | ${r.median} | ${r.worst} | ${r.bound} | ${r.ok ? "✓" : "✗"} |`,
    ),
  ].join("\n");
  console.log(
    `\nCartera measured (${opt.bounds} bounds, data: ${path.basename(opt.data)})\n\n${table}\n`,
  );
  if (opt.json)
    writeFileSync(
      opt.json,
      JSON.stringify({ bounds: opt.bounds, figures, rows }, null, 2),
    );
  rmSync(home, { recursive: true, force: true });
  const failed = rows.filter((r) => !r.ok);
  if (failed.length > 0) {
    console.log(`Over the bound: ${failed.map((r) => r.figure).join("; ")}`);
    process.exit(1);
  }
}

await main();
