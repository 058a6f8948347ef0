// The benchmark regression guard's judge (scripts/bench-guard): compares two criterion runs
// (two CRITERION_HOME folders) case by case as ratios of medians, since absolute times on a
// shared machine move by 30 % between runs while a ratio measured minutes apart holds.
//
//   node tests/perf/compare.mjs BASE NOW [--suspects FILE]
//       prints the table; exit 1 when a case is over tolerance, and writes a criterion filter
//       matching those cases to FILE, for their re-measurement
//   node tests/perf/compare.mjs BASE NOW --recheck BASE2 NOW2 [BASE3 NOW3 ...]
//       the final verdict on those cases, from each side's best median over every
//       measurement: exit 1 when a case is still over tolerance
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * A case fails when it is more than 1.5 times slower than the previous commit AND slower by
 * more than 50 µs (a ratio of two tiny times is mostly noise): first in one measurement of
 * each build, then comparing each build's best median over that measurement and the
 * re-measurements (other work on the machine only ever adds time, so the best is the least
 * disturbed).
 */
export const TOLERANCE = { ratio: 1.5, minSlowdownNs: 50_000 };

/** Each case's median in ns, by criterion id ("group/case"), from a CRITERION_HOME folder. */
export function readMedians(home) {
  const medians = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === "report") continue;
      const sub = join(dir, entry.name);
      if (entry.name === "new" && existsSync(join(sub, "benchmark.json"))) {
        const { full_id: id } = JSON.parse(
          readFileSync(join(sub, "benchmark.json"), "utf8"),
        );
        const estimates = JSON.parse(
          readFileSync(join(sub, "estimates.json"), "utf8"),
        );
        medians.set(id, estimates.median.point_estimate);
      } else {
        walk(sub);
      }
    }
  };
  if (existsSync(home)) walk(home);
  return medians;
}

/** Whether `now` is slower than `base` beyond the tolerance. */
export function overTolerance(base, now, tolerance = TOLERANCE) {
  return now / base > tolerance.ratio && now - base > tolerance.minSlowdownNs;
}

/**
 * One row per case of either run: `slower` (over tolerance), `faster` (by the same ratio),
 * `ok`, `new` (no baseline: not compared) or `gone` (no longer measured).
 */
export function compare(base, now, tolerance = TOLERANCE) {
  const ids = [...new Set([...base.keys(), ...now.keys()])].sort();
  return ids.map((id) => {
    const row = { id, base: base.get(id), now: now.get(id) };
    if (row.base === undefined) return { ...row, status: "new" };
    if (row.now === undefined) return { ...row, status: "gone" };
    row.ratio = row.now / row.base;
    if (overTolerance(row.base, row.now, tolerance))
      return { ...row, status: "slower" };
    if (overTolerance(row.now, row.base, tolerance))
      return { ...row, status: "faster" };
    return { ...row, status: "ok" };
  });
}

/**
 * The verdict on the `slower` rows after re-measuring them (`pairs`: [baseline, now] medians
 * of each re-measurement): compares each side's best median over every measurement;
 * `regression` when still over tolerance, or when a re-measurement lacks the case (never pass
 * what was not re-measured), else `noise`.
 */
export function recheck(rows, pairs, tolerance = TOLERANCE) {
  return rows.map((row) => {
    if (row.status !== "slower") return row;
    const bases = pairs.map(([base]) => base.get(row.id));
    const nows = pairs.map(([, now]) => now.get(row.id));
    if ([...bases, ...nows].includes(undefined)) {
      return { ...row, status: "regression" };
    }
    const best = {
      base2: Math.min(row.base, ...bases),
      now2: Math.min(row.now, ...nows),
    };
    const ratio2 = best.now2 / best.base2;
    const confirmed = overTolerance(best.base2, best.now2, tolerance);
    return {
      ...row,
      ...best,
      ratio2,
      status: confirmed ? "regression" : "noise",
    };
  });
}

/** A criterion filter (a regex) matching exactly these ids. */
export function filterFor(ids) {
  const escape = (id) => id.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
  return `^(${ids.map(escape).join("|")})$`;
}

const VERDICTS = {
  ok: "ok",
  faster: "faster",
  new: "new (no baseline, not compared)",
  gone: "gone (not in this commit)",
  slower: "SLOWER",
  noise: "ok (noise: not slower in the best runs)",
  regression: "REGRESSION",
};

const ms = (ns) => (ns === undefined ? "-" : `${(ns / 1e6).toFixed(3)} ms`);
const times = (ratio) => (ratio === undefined ? "-" : `${ratio.toFixed(2)}x`);

/** The rows as an aligned text table. */
export function formatTable(rows) {
  const rechecked = rows.some((r) => "base2" in r);
  const header = ["case", "baseline", "now", "ratio"];
  if (rechecked) header.push("best of all runs", "ratio");
  header.push("verdict");
  const lines = rows.map((r) => {
    const cells = [r.id, ms(r.base), ms(r.now), times(r.ratio)];
    if (rechecked) {
      const best =
        r.base2 === undefined ? "-" : `${ms(r.base2)} -> ${ms(r.now2)}`;
      cells.push(best, times(r.ratio2));
    }
    cells.push(VERDICTS[r.status]);
    return cells;
  });
  const widths = header.map((_, i) =>
    Math.max(...[header, ...lines].map((l) => l[i].length)),
  );
  const format = (cells) =>
    cells
      .map((c, i) =>
        i === 0 || i === cells.length - 1
          ? c.padEnd(widths[i])
          : c.padStart(widths[i]),
      )
      .join("  ")
      .trimEnd();
  return [format(header), ...lines.map(format)].join("\n");
}

function main(argv) {
  const [baseHome, nowHome, option, ...rest] = argv;
  if (!baseHome || !nowHome) {
    console.error(
      "usage: compare.mjs BASE NOW [--suspects FILE | --recheck BASE2 NOW2]",
    );
    return 2;
  }
  const { ratio, minSlowdownNs } = TOLERANCE;
  let rows = compare(readMedians(baseHome), readMedians(nowHome));
  if (rows.every((r) => r.status === "new")) {
    console.error(`no baseline measurements in ${baseHome}`);
  }
  if (option === "--recheck") {
    if (rest.length === 0 || rest.length % 2 !== 0) {
      console.error(
        "--recheck needs pairs of folders: BASE2 NOW2 [BASE3 NOW3 ...]",
      );
      return 2;
    }
    const pairs = [];
    for (let i = 0; i < rest.length; i += 2) {
      pairs.push([readMedians(rest[i]), readMedians(rest[i + 1])]);
    }
    rows = recheck(rows, pairs);
  }
  // After a re-measurement, only its cases: the whole table was printed with the first run.
  console.log(
    formatTable(
      option === "--recheck"
        ? rows.filter((r) => "base2" in r || r.status === "regression")
        : rows,
    ),
  );
  const failing = rows.filter(
    (r) => r.status === "slower" || r.status === "regression",
  );
  const tolerance = `over ${ratio}x the previous commit and more than ${minSlowdownNs / 1000} µs slower`;
  if (failing.length === 0) {
    console.log(`\nNo case is ${tolerance}.`);
    return 0;
  }
  if (option === "--suspects") {
    writeFileSync(rest[0], filterFor(failing.map((r) => r.id)));
    console.log(
      `\n${failing.length} case(s) ${tolerance}: re-measuring them in both builds.`,
    );
  } else {
    console.log(
      `\n${failing.length} case(s) ${tolerance}, in the best run of each build:`,
    );
    for (const r of failing) console.log(`  ${r.id}`);
  }
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
