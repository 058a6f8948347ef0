// The desktop's notifications as the end-to-end tests see them: dunst shows them on the
// private session bus and dbus-monitor records every org.freedesktop.Notifications.Notify
// call Cartera makes.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export class NotificationWatch {
  #dunst;
  #monitor;
  /** Everything dbus-monitor printed so far. */
  log = '';

  static start() {
    const watch = new NotificationWatch();
    watch.#dunst = spawn('dunst', [], { stdio: 'ignore' });
    watch.#monitor = spawn(
      'dbus-monitor',
      ['--session', "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    watch.#monitor.stdout.on('data', (chunk) => {
      watch.log += chunk.toString();
    });
    return watch;
  }

  /** Waits until a Notify call carries `text`. */
  async waitFor(text, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.log.includes(text)) return;
      await sleep(250);
    }
    throw new Error(`no Notify call with ${JSON.stringify(text)} within ${timeoutMs} ms:\n${this.log}`);
  }

  stop() {
    this.#monitor?.kill();
    this.#dunst?.kill();
  }
}
