/**
 * One browser's processes read from /proc (Linux): which are its extension processes, and what
 * each holds and has run. Benchmark-only.
 *
 * Private memory is Chrome's own "private memory footprint" on Linux: RssAnon + VmSwap of
 * /proc/<pid>/status (anonymous resident pages plus their swapped-out part; shared library and
 * file pages left out), what the task manager's "Memory footprint" column shows.
 * `chrome://tracing` memory-infra computes it the same way (`private_footprint_kb`).
 */
import { readdir, readFile } from 'node:fs/promises';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  cmd: string;
}

async function processes(): Promise<ProcessInfo[]> {
  const out: ProcessInfo[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push({ pid: Number(pid), ppid, cmd: await readFile(`/proc/${pid}/cmdline`, 'utf8') });
    } catch {
      // the process ended between listing and reading
    }
  }
  return out;
}

/**
 * The processes of the browser started with `userDataDir` (its own and their descendants):
 * other Chromiums on the machine (another helper's browser test) must not count.
 */
export async function browserProcesses(userDataDir: string): Promise<ProcessInfo[]> {
  const all = await processes();
  const ours = new Set(all.filter((p) => p.cmd.includes(`--user-data-dir=${userDataDir}`)).map((p) => p.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all)
      if (!ours.has(p.pid) && ours.has(p.ppid)) {
        ours.add(p.pid);
        grew = true;
      }
  }
  return all.filter((p) => ours.has(p.pid));
}

/** Renderers Chrome started for extensions (service worker, offscreen document, extension pages). */
export const isExtensionProcess = (p: ProcessInfo): boolean =>
  p.cmd.includes('--type=renderer') && p.cmd.includes('--extension-process');

/** Private memory footprint of one process in MB (RssAnon + VmSwap); 0 once it has ended. */
export async function privateMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return (kb('RssAnon') + kb('VmSwap')) / 1024;
}

/** CPU time (user + system) one process has used so far, in ms; undefined once it has ended. */
export async function cpuMs(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return undefined;
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5), in clock ticks (100 per second on Linux).
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

export interface ExtensionSample {
  /** Largest sum of the extension processes' private memory seen (MB). */
  peakMb: number;
  /** The same sum when sampling began (MB). */
  startMb: number;
  /** CPU the extension processes used while sampling (ms; processes started meanwhile count whole). */
  cpuMs: number;
  samples: number;
}

/**
 * Samples the browser's extension processes every `everyMs` until stop(): the peak of their
 * summed private memory and the CPU they used. The process list is read again every half second,
 * since a stopped service worker's process can end and a new one start.
 */
export function sampleExtension(userDataDir: string, everyMs = 50): { stop(): Promise<ExtensionSample> } {
  let pids: number[] = [];
  const cpuStart = new Map<number, number>();
  const cpuLast = new Map<number, number>();
  let peak = 0;
  let start: number | undefined;
  let samples = 0;
  let running = true;
  const refresh = async () => {
    pids = (await browserProcesses(userDataDir)).filter(isExtensionProcess).map((p) => p.pid);
    for (const pid of pids)
      if (!cpuStart.has(pid)) {
        const c = await cpuMs(pid);
        // Present at the start: count from now. Started later: count all it ran.
        if (c !== undefined) cpuStart.set(pid, start === undefined ? c : 0);
      }
  };
  const loop = (async () => {
    await refresh();
    let lastRefresh = Date.now();
    while (running) {
      const mb = (await Promise.all(pids.map(privateMb))).reduce((a, b) => a + b, 0);
      start ??= mb;
      peak = Math.max(peak, mb);
      samples++;
      for (const pid of pids) {
        const c = await cpuMs(pid);
        if (c !== undefined) cpuLast.set(pid, c);
      }
      await new Promise((ok) => setTimeout(ok, everyMs));
      if (Date.now() - lastRefresh > 500) {
        await refresh();
        lastRefresh = Date.now();
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      let cpu = 0;
      for (const [pid, c0] of cpuStart) cpu += (cpuLast.get(pid) ?? c0) - c0;
      return { peakMb: peak, startMb: start ?? 0, cpuMs: cpu, samples };
    },
  };
}

/** Threads of `pid` whose name (comm) starts with `prefix`. */
export async function threadsNamed(pid: number, prefix: string): Promise<number[]> {
  const out: number[] = [];
  for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const comm = await readFile(`/proc/${pid}/task/${tid}/comm`, 'utf8').catch(() => '');
    if (comm.startsWith(prefix)) out.push(Number(tid));
  }
  return out;
}

/** CPU time one thread has run, in ms at nanosecond resolution (schedstat's first field). */
export async function threadCpuMs(pid: number, tid: number): Promise<number> {
  const s = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8');
  return Number(s.split(' ')[0]) / 1e6;
}
