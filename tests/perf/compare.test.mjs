// The regression guard's judge on fixture criterion folders: `node --test tests/perf/`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

import { compare, filterFor, readMedians, recheck } from "./compare.mjs";

const COMPARE = fileURLToPath(new URL("./compare.mjs", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "cartera-compare-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A CRITERION_HOME folder holding these medians (ns), laid out as criterion 0.5 writes it. */
function criterionHome(name, medians) {
  const home = join(scratch, name);
  for (const [id, median] of Object.entries(medians)) {
    const [group, ...rest] = id.split("/");
    // Criterion's folder names replace characters a file name cannot hold; the id is read
    // from benchmark.json, never from the folder name.
    const dir = join(
      home,
      group,
      rest.join("/").replace(/[?"/\\*<>:|^]/g, "_"),
    );
    for (const [sub, value] of [
      ["new", median],
      ["base", median * 10],
    ]) {
      mkdirSync(join(dir, sub), { recursive: true });
      writeFileSync(
        join(dir, sub, "benchmark.json"),
        JSON.stringify({ full_id: id }),
      );
      const estimate = { point_estimate: value, standard_error: 1 };
      writeFileSync(
        join(dir, sub, "estimates.json"),
        JSON.stringify({ median: estimate }),
      );
    }
  }
  mkdirSync(join(home, "report"), { recursive: true });
  return home;
}

/** Runs the CLI; returns its exit status and output. */
function run(...args) {
  try {
    return {
      status: 0,
      out: execFileSync("node", [COMPARE, ...args], { encoding: "utf8" }),
    };
  } catch (e) {
    return { status: e.status, out: e.stdout };
  }
}

const baseline = {
  'clients/search "mar"': 500_000,
  "clients/count, no filter": 12_000,
  "agenda/week view": 900_000,
  "agenda/dropped case": 100_000,
};

test("reads the medians of the new measurement by criterion id, whatever the folder name", () => {
  const medians = readMedians(criterionHome("read", baseline));
  assert.equal(medians.size, 4);
  assert.equal(
    medians.get('clients/search "mar"'),
    500_000,
    "the quoted name must be found",
  );
  assert.equal(
    medians.get("agenda/week view"),
    900_000,
    'the "new" folder, not "base"',
  );
});

test("noise within 1.5x, or a tiny case slower by under 50 µs, passes", () => {
  const base = createMap(baseline);
  const now = createMap({
    ...baseline,
    'clients/search "mar"': 700_000, // 1.4x
    "clients/count, no filter": 40_000, // 3.3x but only 28 µs
    "agenda/week view": 400_000, // faster
  });
  const rows = compare(base, now);
  const status = Object.fromEntries(rows.map((r) => [r.id, r.status]));
  assert.deepEqual(status, {
    'clients/search "mar"': "ok",
    "clients/count, no filter": "ok",
    "agenda/week view": "faster",
    "agenda/dropped case": "ok",
  });
});

test("a case over 1.5x and 50 µs is slower; new and gone cases are reported, not compared", () => {
  const now = createMap({
    ...baseline,
    "agenda/week view": 1_400_000,
    "agenda/new case": 1,
  });
  now.delete("agenda/dropped case");
  const status = Object.fromEntries(
    compare(createMap(baseline), now).map((r) => [r.id, r.status]),
  );
  assert.equal(
    status["agenda/week view"],
    "slower",
    "1.56x and 500 µs slower must be flagged",
  );
  assert.equal(status["agenda/new case"], "new");
  assert.equal(status["agenda/dropped case"], "gone");
});

test("only a slowdown that holds in the best run of each build is a regression", () => {
  const now = createMap({
    ...baseline,
    "agenda/week view": 2_000_000,
    'clients/search "mar"': 900_000,
  });
  const rows = compare(createMap(baseline), now);
  const again = recheck(rows, [
    [
      createMap({
        "agenda/week view": 1_300_000,
        'clients/search "mar"': 800_000,
      }),
      createMap({
        "agenda/week view": 2_100_000,
        'clients/search "mar"': 520_000,
      }),
    ],
    [
      createMap({
        "agenda/week view": 950_000,
        'clients/search "mar"': 510_000,
      }),
      createMap({
        "agenda/week view": 1_900_000,
        'clients/search "mar"': 880_000,
      }),
    ],
  ]);
  const row = (id) => again.find((r) => r.id === id);
  assert.equal(row("agenda/week view").status, "regression");
  assert.equal(
    row("agenda/week view").base2,
    900_000,
    "the best baseline, from the first run",
  );
  assert.equal(
    row("agenda/week view").now2,
    1_900_000,
    "the best current, from the last run",
  );
  assert.equal(
    row('clients/search "mar"').status,
    "noise",
    "a slowdown that one undisturbed run does not show must not fail CI",
  );
  const missing = recheck(rows, [[new Map(), new Map()]]);
  assert.equal(
    missing.find((r) => r.id === "agenda/week view").status,
    "regression",
    "a case the re-measurement missed must fail rather than pass unmeasured",
  );
});

test("the re-measurement filter matches exactly the suspects, special characters and all", () => {
  const ids = [
    'clients/count, search "m" + segment',
    'clients/search "tal" (3%, bunched at 95%)',
  ];
  const filter = new RegExp(filterFor(ids));
  for (const id of ids) assert.ok(filter.test(id), id);
  assert.ok(!filter.test('clients/count, search "m"'));
  assert.ok(!filter.test('xclients/count, search "m" + segment'));
});

test("the command passes equal runs and fails, then confirms, a slowed case", () => {
  const base = criterionHome("cli-base", baseline);
  const same = criterionHome("cli-same", baseline);
  const slow = criterionHome("cli-slow", {
    ...baseline,
    "agenda/week view": 2_700_000,
  });
  const suspects = join(scratch, "suspects");

  const pass = run(base, same, "--suspects", suspects);
  assert.equal(pass.status, 0, pass.out);

  const fail = run(base, slow, "--suspects", suspects);
  assert.equal(fail.status, 1, fail.out);
  assert.match(fail.out, /agenda\/week view .* 3\.00x .*SLOWER/);
  assert.equal(readFileSync(suspects, "utf8"), "^(agenda/week view)$");

  const confirmed = run(base, slow, "--recheck", base, slow, same, slow);
  assert.equal(confirmed.status, 1, confirmed.out);
  assert.match(confirmed.out, /REGRESSION/);
  const cleared = run(base, slow, "--recheck", base, slow, base, same);
  assert.equal(cleared.status, 0, cleared.out);
  assert.equal(
    run(base, slow, "--recheck", base).status,
    2,
    "folders come in pairs",
  );
});

function createMap(object) {
  return new Map(Object.entries(object));
}
