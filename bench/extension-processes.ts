/**
 * The extension's processes of one benchmark browser, and their memory, from /proc (Linux): the
 * renderer processes that run the extension (its service worker, its pages and their dedicated
 * workers), among the descendants of the browser that owns the run's profile folder only, so a
 * concurrent browser test's Chromium never counts.
 */
import { readFile } from 'node:fs/promises';
import { browserProcesses, isExtensionProcess } from './processes';

/** The pids (as /proc names them) of the extension's processes of the browser using `userDataDir`. */
export async function extensionPids(userDataDir: string): Promise<string[]> {
  return (await browserProcesses(userDataDir)).filter(isExtensionProcess).map((p) => String(p.pid));
}

export interface Memory {
  /** Private memory (Private_Clean + Private_Dirty of smaps_rollup) summed over the processes, MB. */
  privateMb: number;
  /** The largest resident set among them, MB (what bench/sources.ts reports). */
  rssMb: number;
}

export async function memoryOf(pids: string[]): Promise<Memory> {
  let privateKb = 0;
  let rss = 0;
  for (const pid of pids) {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    for (const m of rollup.matchAll(/^Private_(?:Clean|Dirty):\s+(\d+) kB/gm)) privateKb += Number(m[1]);
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const r = /VmRSS:\s+(\d+) kB/.exec(status);
    if (r) rss = Math.max(rss, Number(r[1]));
  }
  return { privateMb: privateKb / 1024, rssMb: rss / 1024 };
}

/** Samples every ~`everyMs` until stop(): the peaks, and the samples (ms since epoch, private MB). */
export function sampleMemory(pids: () => Promise<string[]>, everyMs = 100) {
  let peak: Memory = { privateMb: 0, rssMb: 0 };
  let sampling = true;
  const timeline: [number, number][] = [];
  const done = (async () => {
    while (sampling) {
      const m = await memoryOf(await pids());
      timeline.push([Date.now(), m.privateMb]);
      peak = { privateMb: Math.max(peak.privateMb, m.privateMb), rssMb: Math.max(peak.rssMb, m.rssMb) };
      await new Promise((ok) => setTimeout(ok, everyMs));
    }
  })();
  return {
    async stop(): Promise<{ peak: Memory; timeline: [number, number][] }> {
      sampling = false;
      await done;
      return { peak, timeline };
    },
  };
}
