// The verdict of scripts/measure: the statistics it reports and when a figure fails.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BOUNDS, judge, median, percentile, worst } from "./bounds.mjs";

test("statistics by nearest rank", () => {
  const values = [5, 1, 4, 2, 3];
  assert.equal(median(values), 3);
  assert.equal(percentile(values, 95), 5);
  assert.equal(
    percentile(
      [...Array(100).keys()].map((i) => i + 1),
      95,
    ),
    95,
  );
  assert.equal(worst(values), 5);
});

const within = {
  warmStart: [400, 450, 900],
  coldStart: [1100],
  search: [10, 12, 14, 20, 30],
  scrollFrames: [16, 17, 33],
  timeline: [60, 70, 80],
  memory: 230,
  bare: { pss: 210, firstFrame: 300 },
  idle: { visible: 0.05, hidden: 0, minimized: 0.1 },
};

test("a run within every bound passes, judged by median, p95 and worst as stated", () => {
  const rows = judge(within, BOUNDS.full);
  assert.deepEqual(
    rows.filter((r) => !r.ok),
    [],
  );
  // One slow start in five is the median's to forgive; memory is judged against the bare floor.
  assert.equal(rows.length, 9);
});

test("each figure over its bound fails on its own", () => {
  const cases = {
    warmStart: [600, 700, 800],
    coldStart: [1300],
    // 2 slow keys in 20: the 95th percentile (19th of 20) is slow.
    search: [...Array(18).fill(10), 80, 90],
    scrollFrames: [16, 16, 51],
    timeline: [150, 150, 20],
    memory: 240,
  };
  for (const [figure, value] of Object.entries(cases)) {
    const failed = judge({ ...within, [figure]: value }, BOUNDS.full).filter(
      (r) => !r.ok,
    );
    assert.equal(failed.length, 1, `${figure} over its bound must fail alone`);
  }
  const idle = judge(
    { ...within, idle: { ...within.idle, hidden: 0.2 } },
    BOUNDS.full,
  );
  assert.deepEqual(
    idle.filter((r) => !r.ok).map((r) => r.figure),
    ["idle CPU, window hidden"],
  );
});

test("a figure that could not be measured fails; one not asked for is left out", () => {
  const rows = judge(
    { ...within, coldStart: null, timeline: undefined },
    BOUNDS.full,
  );
  assert.equal(rows.find((r) => r.figure.startsWith("start, cold")).ok, false);
  assert.equal(
    rows.find((r) => r.figure.startsWith("long timeline")),
    undefined,
  );
});
