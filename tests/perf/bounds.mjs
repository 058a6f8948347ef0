// The limits `scripts/measure` holds the app to, and the verdict on a run's figures. "full" is
// the data set (100,000 clients with a year of history); "ci" the smaller one CI
// generates on every commit.

export function median(values) {
  return percentile(values, 50);
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function worst(values) {
  return Math.max(...values);
}

export const BOUNDS = {
  full: {
    warmStartMs: 500,
    coldStartMs: 1200,
    searchKeyP95Ms: 50,
    scrollFrameMs: 50,
    timelineMs: 100,
    memoryMiB: 220,
    /** Or within this factor of the bare Tauri window measured in the same run. */
    memoryOverBare: 1.1,
    idlePercent: 0.1,
  },
  // CI's bounds are a ratchet, not the goal: what the app does today at 20,000 clients on
  // this machine with room for a shared machine's noise (BENCHMARKS.md, "Whole app"). A
  // change that makes any of them clearly worse fails CI; the goal stays the "full" bounds.
  ci: {
    // 1,000 until 2026-12-04, set on a machine where the same start took 603-883 ms; the
    // machine CI runs on now took 1,073-1,232 ms for that same code (its bare Tauri window
    // draws its first frame at 576-600 ms), and 968-1,011 ms once the deferred work waited
    // for the first frame (BENCHMARKS.md, "Issue 8, fourth part").
    warmStartMs: 1200,
    coldStartMs: 2000,
    /** The end-to-end test's first start of a large copy, debug build (large-data.test.mjs). */
    firstStartMs: 3500,
    searchKeyP95Ms: 100,
    scrollFrameMs: 60,
    timelineMs: 100,
    memoryMiB: 420,
    memoryOverBare: 1.6,
    idlePercent: 0.3,
  },
};

const ms = (v) => `${Math.round(v)} ms`;

/** One row per figure: its median and worst, its bound, and whether it is within. */
export function judge(f, b) {
  const rows = [];
  const row = (figure, values, pick, bound, show = ms) => {
    if (values === undefined) return; // a phase not run this time (--only)
    if (values === null || values.length === 0) {
      rows.push({
        figure,
        median: "not measured",
        worst: "",
        bound: `≤ ${show(bound)}`,
        ok: false,
      });
      return;
    }
    rows.push({
      figure,
      median: show(median(values)),
      worst: show(worst(values)),
      bound: `${pick.label} ≤ ${show(bound)}`,
      ok: pick.of(values) <= bound,
    });
  };
  const byMedian = { label: "median", of: median };
  row(
    "start, warm (launch → agenda painted)",
    f.warmStart,
    byMedian,
    b.warmStartMs,
  );
  row("start, cold (page cache dropped)", f.coldStart, byMedian, b.coldStartMs);
  row(
    "key in the search box → results painted",
    f.search,
    { label: "p95", of: (v) => percentile(v, 95) },
    b.searchKeyP95Ms,
  );
  row(
    "frame while scrolling the whole list",
    f.scrollFrames,
    { label: "worst", of: worst },
    b.scrollFrameMs,
  );
  row("long timeline painted", f.timeline, byMedian, b.timelineMs);
  const limit = Math.max(
    b.memoryMiB,
    f.bare ? f.bare.pss * b.memoryOverBare : 0,
  );
  if (f.memory !== undefined)
    rows.push({
      figure: `memory after every screen (bare window: ${f.bare ? Math.round(f.bare.pss) : "?"} MiB)`,
      median: `${Math.round(f.memory)} MiB`,
      worst: "",
      bound: `≤ ${b.memoryMiB} MiB or ≤ ${b.memoryOverBare} × bare = ${Math.round(limit)} MiB`,
      ok: f.memory <= limit,
    });
  for (const [state, value] of Object.entries(f.idle ?? {})) {
    rows.push({
      figure: `idle CPU, window ${state}`,
      median: `${value.toFixed(3)} %`,
      worst: "",
      bound: `≤ ${b.idlePercent} % of a core`,
      ok: value <= b.idlePercent,
    });
  }
  return rows;
}
