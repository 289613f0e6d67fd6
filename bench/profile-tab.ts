/**
 * npm run bench:profile (an unminified build, so functions keep their names): where the content script's main-thread time goes on the per-tab
 * benchmark's pages (bench/per-tab.ts), as a sampled V8 CPU profile of the page's renderer,
 * summed by function (self time) for the extension's own scripts. A diagnosis tool: it prints,
 * and asserts nothing.
 *
 *   --page=small|article|catalogue   (default small)   --runs=N (default 5)   --top=N (default 25)
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { assertChromium, serve } from '../tests/e2e/harness';
import { launch } from './profiles';
import { filmEntries, indexEntries } from '../scripts/detect-lib';
import { benchPageHtml } from './pages';
import { importBenchIndex, writeBenchIndex } from './browser';

const opt = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const PAGE = opt('page', 'small');
const RUNS = Number(opt('runs', '5'));
const TOP = Number(opt('top', '25'));
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function main() {
  assertChromium();
  const films = await filmEntries();
  const entries = [...(await indexEntries()), ...films];
  const dir = await mkdtemp(join(tmpdir(), 'marquee-profile-'));
  await writeFile(join(dir, 'page.html'), await benchPageHtml(PAGE, films));
  await writeBenchIndex(dir, entries);
  const server = await serve(dir);
  const ext = await launch(true);
  const self = new Map<string, number>();
  const byUrl = new Map<string, number>();
  const inclusive = new Map<string, number>();
  /** Sampled ticks by source line of content.js (the build's own lines; MARQUEE_PROFILE=1 keeps them readable). */
  const lineTicks = new Map<number, number>();
  let total = 0;
  try {
    await importBenchIndex(ext.context, ext.extensionId!, server.origin);
    for (let r = 0; r <= RUNS; r++) {
      const page = await ext.context.newPage();
      const session = await ext.context.newCDPSession(page);
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: 100 });
      await session.send('Profiler.start');
      await page.goto(`${server.origin}/page.html`, { waitUntil: 'load' });
      await page
        .locator('marquee-mark, marquee-badge')
        .first()
        .waitFor({ state: 'attached', timeout: 30_000 });
      await sleep(2500);
      const { profile } = (await session.send('Profiler.stop')) as unknown as { profile: Profile };
      await page.close();
      if (r === 0) continue; // warm-up
      const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
      const parent = new Map<number, number>();
      for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const label = (n: ProfileNode) =>
        `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
      for (const n of profile.nodes)
        if (n.callFrame.url.endsWith('content.js'))
          for (const t of n.positionTicks ?? [])
            lineTicks.set(t.line, (lineTicks.get(t.line) ?? 0) + t.ticks);
      profile.samples.forEach((id, i) => {
        const n = nodes.get(id)!;
        const us = profile.timeDeltas[i + 1] ?? 0;
        const { url, functionName, lineNumber, columnNumber } = n.callFrame;
        if (!url.startsWith('chrome-extension://')) {
          byUrl.set(functionName || '(page/native)', (byUrl.get(functionName || '(page/native)') ?? 0) + us);
          return;
        }
        total += us;
        const onStack = new Set<string>();
        for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
          const frame = nodes.get(at)!;
          if (frame.callFrame.url.startsWith('chrome-extension://')) onStack.add(label(frame));
        }
        for (const k of onStack) inclusive.set(k, (inclusive.get(k) ?? 0) + us);
        const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber}:${columnNumber}`;
        self.set(key, (self.get(key) ?? 0) + us);
      });
    }
  } finally {
    await ext.close();
    await server.close();
  }
  console.log(
    `${PAGE}: extension script self time ${(total / 1000 / RUNS).toFixed(1)} ms per load (sampled)`,
  );
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`${(us / 1000 / RUNS).toFixed(2).padStart(8)} ms  ${k}`);
  console.log('-- inclusive (self and callees), per load:');
  for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`${(us / 1000 / RUNS).toFixed(2).padStart(8)} ms  ${k}`);
  console.log('-- hottest lines of content.js (ticks over all runs):');
  for (const [line, ticks] of [...lineTicks].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`${String(ticks).padStart(6)}  content.js:${line}`);
  console.log('-- not the extension (native, GC, page), per load:');
  for (const [k, us] of [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 10))
    console.log(`${(us / 1000 / RUNS).toFixed(2).padStart(8)} ms  ${k}`);
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
