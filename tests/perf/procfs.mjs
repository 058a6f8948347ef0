// What /proc says about a running app: its whole process tree (the app and the web view's
// processes it starts), their memory (PSS, each shared page split between its users) and the
// CPU time they used, and when a process started on the wall clock.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's CPU and start times (USER_HZ; 100 on Linux). */
const TICKS = 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces). */
function stat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  return text.slice(text.lastIndexOf(")") + 2).split(" ");
}

/** Every live process as pid → parent pid. */
function parents() {
  const map = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      map.set(Number(name), Number(stat(name)[1]));
    } catch {
      // Ended while we looked.
    }
  }
  return map;
}

/** `root` and all its descendants. */
export function processTree(root) {
  const byParent = new Map();
  for (const [pid, ppid] of parents()) {
    if (!byParent.has(ppid)) byParent.set(ppid, []);
    byParent.get(ppid).push(pid);
  }
  const tree = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift();
    tree.push(pid);
    queue.push(...(byParent.get(pid) ?? []));
  }
  return tree;
}

/** The proportional set size of `pids` together, in MiB (from smaps_rollup). */
export function pssMiB(pids) {
  let kib = 0;
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      kib += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // Ended while we looked.
    }
  }
  return kib / 1024;
}

/** CPU time (user + system) used so far by `pids`, in seconds. */
export function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = stat(pid);
      // utime, stime: fields 14 and 15 of stat, i.e. 11 and 12 after the name.
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // Ended while we looked.
    }
  }
  return ticks / TICKS;
}

/** When `pid` started, as epoch milliseconds (10 ms resolution). */
export function startedAtMs(pid) {
  const startTicks = Number(stat(pid)[19]);
  const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  const ageMs = (uptime - startTicks / TICKS) * 1000;
  return Date.now() - ageMs;
}

/** The command name of `pid` (e.g. WebKitWebProcess). */
export function commandName(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "?";
  }
}
