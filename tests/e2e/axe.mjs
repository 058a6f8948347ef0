// Accessibility audits with axe-core inside the real web view (WebKitGTK, as users get it), so
// colour contrast, names and roles are judged on the rendered page, not on jsdom.
//
// How axe gets into the page: Tauri serves the UI with a CSP whose script-src is 'self' (plus
// hashes of its own scripts) and no 'unsafe-eval'. Inside the page that forbids all of the usual
// ways: an inline <script> element does not run, and `eval`/`new Function` throw an EvalError
// ("Refused to evaluate a string as JavaScript because 'unsafe-eval' ... is not an allowed
// source"). WebKitWebDriver's Execute Script is not subject to the page's CSP: it runs the body
// it is given as a function in the page's world. So the source of axe.min.js itself is sent as the
// body of one Execute Script call; it defines `window.axe`, which then stays for the life of the
// document (the UI is one page, so once per launch; checked again before every audit).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const axeSource = readFileSync(
  path.resolve(here, "../../ui/node_modules/axe-core/axe.min.js"),
  "utf8",
);

/** WCAG 2.1 level A and AA: a violation of any of these fails the run. */
export const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** Reported, and worth fixing, but not a failure. */
const BEST_PRACTICE = "best-practice";

/** Puts axe into the page unless it is there already; returns its version. */
export async function injectAxe(session) {
  const version = await session.execute(
    "return window.axe ? window.axe.version : null",
  );
  if (version) return version;
  return session.execute(`${axeSource}\n;return window.axe.version;`);
}

/**
 * Runs axe on the whole document as it is now, with the WCAG 2.1 A/AA and best-practice rules.
 * Returns the violations, each reduced to what a report needs (rule, impact, tags, help, the
 * CSS selectors of the offending nodes and axe's summary of what to fix).
 */
export async function runAxe(session) {
  await injectAxe(session);
  await session.cmd("POST", "/timeouts", { script: 60000 });
  const outcome = await session.cmd("POST", "/execute/async", {
    script: `const done = arguments[arguments.length - 1];
      window.axe
        .run(document, {
          runOnly: { type: 'tag', values: arguments[0] },
          resultTypes: ['violations'],
        })
        .then(
          (r) => done({
            violations: r.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              tags: v.tags,
              help: v.help,
              nodes: v.nodes.map((n) => ({
                target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)),
                summary: n.failureSummary,
              })),
            })),
          }),
          (e) => done({ error: String(e && e.stack ? e.stack : e) }),
        );`,
    args: [[...WCAG_21_AA, BEST_PRACTICE]],
  });
  if (outcome.error) throw new Error(`axe.run failed: ${outcome.error}`);
  return outcome.violations;
}

/** True when a violation breaks WCAG 2.1 A or AA (and not only a best practice). */
export function isWcagFailure(violation) {
  return violation.tags.some((tag) => WCAG_21_AA.includes(tag));
}

/** One line per violation and node: screen, rule id, impact, targets, what to fix. */
export function describeViolations(screen, violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map(
          (n) =>
            `    - ${n.target.join(", ")}\n      ${(n.summary ?? "").replace(/\n/g, "\n      ")}`,
        )
        .join("\n");
      return `  [${screen}] ${v.id} (${v.impact}): ${v.help}\n${nodes}`;
    })
    .join("\n");
}

/**
 * Audits screen after screen and keeps what it found; `assertClean()` then fails with every WCAG
 * 2.1 A/AA violation of those screens in one message, so one run shows all there is to fix and a
 * dialog left open by a failed audit does not hide the screens after it.
 */
export class Audit {
  constructor(session, { log = console.log } = {}) {
    this.session = session;
    this.log = log;
    this.failures = [];
    /** Screen names audited, in order (for the report). */
    this.screens = [];
  }

  /** Audits the page as it is now under the name `screen`. */
  async check(screen) {
    const violations = await runAxe(this.session);
    this.screens.push(screen);
    const failing = violations.filter(isWcagFailure);
    const advisory = violations.filter((v) => !isWcagFailure(v));
    if (advisory.length > 0) {
      this.log(
        `axe best practices not met on ${screen}:\n${describeViolations(screen, advisory)}`,
      );
    }
    if (failing.length > 0) this.failures.push({ screen, violations: failing });
    return violations;
  }

  /** Throws when any audited screen broke WCAG 2.1 A/AA; forgets them either way. */
  assertClean() {
    const failures = this.failures;
    this.failures = [];
    if (failures.length === 0) return;
    const count = failures.reduce((n, f) => n + f.violations.length, 0);
    throw new Error(
      `${count} WCAG 2.1 A/AA violation(s) found by axe-core:\n` +
        failures
          .map((f) => describeViolations(f.screen, f.violations))
          .join("\n"),
    );
  }
}
