// A small W3C WebDriver client for the end-to-end tests: just the commands they use, over
// Node's fetch, so the tests need no npm packages. It talks to tauri-driver, which starts
// WebKitWebDriver, which starts the real Cartera binary.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
/** W3C WebDriver key codes used by the tests. */
export const KEY = { backspace: '\uE003', escape: '\uE00C' };

/** Asks the OS for a free TCP port on loopback. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts tauri-driver on free ports with `env` (the app inherits it); resolves when it listens.
 * Its output, and the app's, go to `logFile`: an app that outlives its session (Cartera hides
 * to the tray) must not hold the test runner's pipes open.
 */
export async function startDriver(env, logFile) {
  const port = await freePort();
  const nativePort = await freePort();
  const bin = process.env.TAURI_DRIVER ?? 'tauri-driver';
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'a');
  const child = spawn(bin, ['--port', String(port), '--native-port', String(nativePort)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/status`);
      return { url, stop: () => child.kill('SIGTERM') };
    } catch {
      await sleep(100);
    }
  }
  child.kill('SIGKILL');
  throw new Error('tauri-driver did not start listening within 10 s');
}

/**
 * A WebDriver session on the app. WebKitWebDriver here sometimes drops one command's
 * connection in the first seconds of a session (the session lives on): every command is
 * retried when the connection itself failed, never when the driver answered with an error.
 */
export class Session {
  static async start(driverUrl, application, args = []) {
    const body = {
      capabilities: {
        alwaysMatch: { 'tauri:options': { application, args } },
      },
    };
    const value = await request(driverUrl, 'POST', '/session', body);
    return new Session(driverUrl, value.sessionId);
  }

  constructor(driverUrl, id) {
    this.base = `${driverUrl}/session/${id}`;
  }

  cmd(method, path, body) {
    return request(this.base, method, path, body);
  }

  /** Runs `script` in the page (sync) and returns its value. */
  execute(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Polls `predicate` (page script returning truthy) until it holds. */
  async waitFor(description, script, args = [], timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        last = await this.execute(script, args);
        if (last) return last;
      } catch (e) {
        last = e;
      }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${description} (last: ${last})`);
  }

  /** Waits for the UI's app-ready marker (set after its first data load). */
  waitReady() {
    return this.waitFor('the app-ready marker', 'return document.documentElement.dataset.ready === "true"');
  }

  async find(css, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const value = await this.cmd('POST', '/element', { using: 'css selector', value: css });
        return value[ELEMENT];
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`no element ${css}: ${e.message}`);
        await sleep(100);
      }
    }
  }

  async findAll(css) {
    const values = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return values.map((v) => v[ELEMENT]);
  }

  /**
   * Clicks as a person would. An element out of view or at the window's foot is first brought
   * to the middle of its scrolling box: WebDriver only scrolls it just into view, where a toast
   * can cover it ("element click intercepted"), as it covered the settings' save button once
   * the settings grew a section. Anything else is clicked where it is.
   */
  async click(css) {
    const id = await this.find(css);
    await this.execute(
      `const el = arguments[0];
       const box = el.getBoundingClientRect();
       if (box.top < 0 || box.bottom > window.innerHeight - 96) {
         el.scrollIntoView({ block: 'center', inline: 'nearest' });
       }`,
      [{ [ELEMENT]: id }],
    );
    await this.cmd('POST', `/element/${id}/click`, {});
  }

  /**
   * Replaces an input's text: clear, then type. WebDriver's Element Clear fires no `input`
   * event in WebKit, so to leave a field empty a space is typed and erased, as a person would.
   */
  async type(css, text) {
    const id = await this.find(css);
    await this.cmd('POST', `/element/${id}/clear`, {});
    const keys = text.length > 0 ? text : ` ${KEY.backspace}`;
    await this.cmd('POST', `/element/${id}/value`, { text: keys });
  }

  async text(css) {
    const id = await this.find(css);
    return this.cmd('GET', `/element/${id}/text`);
  }

  async attribute(css, name) {
    const id = await this.find(css);
    return this.cmd('GET', `/element/${id}/attribute/${name}`);
  }

  /** Chooses the `<option>` with `value` in a `<select>`. */
  async select(css, value) {
    await this.click(`${css} option[value="${value}"]`);
  }

  /** Sends keys to the focused element (e.g. '\uE009n' is Ctrl+N with the W3C key codes). */
  async keys(css, text) {
    const id = await this.find(css);
    await this.cmd('POST', `/element/${id}/value`, { text });
  }

  /** A PNG of the window, taken after the page has painted its latest changes. */
  async screenshot() {
    await this.cmd('POST', '/execute/async', {
      script: 'const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));',
      args: [],
    });
    const b64 = await this.cmd('GET', '/screenshot');
    return Buffer.from(b64, 'base64');
  }

  async quit() {
    await this.cmd('DELETE', '');
  }
}

async function request(base, method, path, body) {
  for (let attempt = 1; ; attempt++) {
    let response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      // The connection failed before an answer: safe to send again (see class comment).
      if (attempt >= 5) throw e;
      await sleep(300 * attempt);
      continue;
    }
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      const v = json.value ?? {};
      throw new Error(`${method} ${path}: ${v.error ?? response.status} ${v.message ?? ''}`);
    }
    return json.value;
  }
}
