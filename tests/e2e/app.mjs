// What every end-to-end test needs: a fresh temporary home for the app (database, logs,
// window state), tauri-driver, a session that waits for the UI's ready marker, screenshots.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session, startDriver } from './webdriver.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifacts = process.env.E2E_ARTIFACTS ?? path.join(here, 'artifacts');
export const application = process.env.CARTERA_BIN;
if (!application || !existsSync(application)) {
  throw new Error(`CARTERA_BIN must point at the built app (got ${application})`);
}

/** Environment for one app "installation" in a fresh temporary folder. */
export function freshHome() {
  const home = mkdtempSync(path.join(tmpdir(), 'cartera-e2e-'));
  // The Downloads folder (where the calendar export goes) inside the temporary home too.
  mkdirSync(path.join(home, 'config'), { recursive: true });
  writeFileSync(
    path.join(home, 'config', 'user-dirs.dirs'),
    `XDG_DOWNLOAD_DIR="${path.join(home, 'downloads')}"\n`,
  );
  return {
    // WebKitWebDriver's screenshot never returns when the web view draws without GPU
    // compositing (Cartera's default, see src-tauri/src/first_screen.rs): keep it on here.
    CARTERA_GPU_COMPOSITING: '1',
    DOWNLOADS: path.join(home, 'downloads'),
    CARTERA_DATA_DIR: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'share'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
  };
}

/** A local date as YYYY-MM-DD. */
export function isoDate(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * One to two minutes from the app's own now (this machine's clock), as the form's date and
 * HH:MM: near midnight the date is tomorrow's, so the reminder is never planned in the past.
 */
export function soon() {
  const at = new Date(Date.now() + 65_000);
  const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  return { date: isoDate(at), time };
}

/** The app under test: start it, drive it, photograph it, quit it. */
export class App {
  static async start(env) {
    const log = path.join(artifacts, `driver-${path.basename(path.dirname(env.CARTERA_DATA_DIR))}.log`);
    return new App(await startDriver(env, log), env);
  }

  constructor(driver, env) {
    this.driver = driver;
    this.env = env;
    this.session = undefined;
  }

  async launch() {
    this.session = await Session.start(this.driver.url, application);
    await this.session.waitReady();
    // WebKitWebDriver's first snapshot of a session shows the first painted frame
    // ("Cargando…"), not the page as it is now; a throwaway one makes the later ones current.
    await this.session.screenshot();
    return this.session;
  }

  async shot(name) {
    mkdirSync(artifacts, { recursive: true });
    const file = path.join(artifacts, `${name}.png`);
    writeFileSync(file, await this.session.screenshot());
    return file;
  }

  /** Ends the session and the app (which would otherwise stay in the tray). */
  async quit() {
    const session = this.session;
    this.session = undefined;
    try {
      await session?.quit();
    } finally {
      this.killLeftovers();
    }
  }

  /** Keeps the last screen (on a failure it shows what went wrong), then stops everything. */
  async close(lastShot) {
    try {
      if (this.session) await this.shot(lastShot);
    } catch {
      // No session left to photograph.
    }
    try {
      await this.quit();
    } catch {
      // The session may already be gone; the driver is stopped either way.
    }
    this.driver.stop();
    this.killLeftovers();
  }

  /**
   * Ends any Cartera still running on this test's data folder. Closing the WebDriver session
   * asks the window to close, and Cartera then keeps running in the tray, as it should for a
   * user; a test must not leave it behind.
   */
  killLeftovers() {
    for (const pid of this.pids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }

  /** The running (not yet reaped) processes of this test's Cartera. */
  pids() {
    const binary = realpathSync(application);
    const found = [];
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        // Only the app itself: the drivers carry the same environment.
        if (readlinkSync(`/proc/${pid}/exe`) !== binary) continue;
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
        if (environ.includes(`CARTERA_DATA_DIR=${this.env.CARTERA_DATA_DIR}`)) {
          found.push(Number(pid));
        }
      } catch {
        // Gone already, or not ours to read (a zombie has no exe link).
      }
    }
    return found;
  }

  /**
   * Sets a form field's value as a picker would and tells the page (typing into WebKit's date
   * field follows the system locale, so dates are set, not typed).
   */
  setInput(css, value) {
    return this.session.execute(
      `const input = document.querySelector(arguments[0]);
       input.value = arguments[1];
       input.dispatchEvent(new Event('input', { bubbles: true }));
       input.dispatchEvent(new Event('change', { bubbles: true }));`,
      [css, value],
    );
  }

  /** Texts of the client rows the list renders now. */
  listedNames() {
    return this.session.execute(
      `return [...document.querySelectorAll('[data-testid="client-row"]')].map(r => r.textContent)`,
    );
  }

  /** Waits until `predicate` (JS source of a function of the row texts) holds. */
  waitForList(description, predicate) {
    return this.session.waitFor(
      description,
      `const rows = [...document.querySelectorAll('[data-testid="client-row"]')].map(r => r.textContent);
       return (${predicate})(rows);`,
    );
  }
}
