/**
 * A diagnosis tool beside bench/profile-tab.ts: one trace per load of the per-tab benchmark's
 * 10 KB article with the built extension, and the page main thread's trace events summed by name
 * (thread time, nested events included), next to the same page without the extension, so
 * compiling, running, garbage collection and layout can be told apart. Prints; asserts nothing.
 *
 *   --page=small|article|catalogue (default small)   --runs=N (default 3)
 *   --categories=LIST   trace categories (devtools.timeline captures a JS stack for many events,
 *                       which makes V8 collect source positions: compare without it)
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertChromium, serve } from '../tests/e2e/harness';
import { launch, type Browser } from './profiles';
import { filmEntries, indexEntries } from '../scripts/detect-lib';
import { benchPageHtml } from './pages';
import { importBenchIndex, writeBenchIndex } from './browser';

const opt = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const PAGE = opt('page', 'small');
const RUNS = Number(opt('runs', '3'));
const CATEGORIES = opt(
  'categories',
  'toplevel,devtools.timeline,v8,v8.execute,disabled-by-default-v8.compile,blink.user_timing',
);
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; documentLoaderURL?: string }; beginData?: { url?: string } };
}

async function traceLoad(b: Browser, url: string, totals: Map<string, number>) {
  const page = await b.context.newPage();
  const session = await b.context.newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await session.send('Tracing.start', {
    categories: CATEGORIES,
    transferMode: 'ReportEvents',
  });
  await page.goto(url, { waitUntil: 'load' });
  await sleep(3000);
  const done = new Promise<void>((ok) => session.once('Tracing.tracingComplete', () => ok()));
  await session.send('Tracing.end');
  await done;
  await page.close();
  // navigationStart (blink.user_timing) names the page's main thread in any category set.
  const parse = events.find(
    (e) =>
      (e.name === 'ParseHTML' && (e.args?.data?.url ?? e.args?.beginData?.url) === url) ||
      (e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === url),
  );
  if (!parse) return;
  for (const e of events) {
    if (e.pid !== parse.pid || e.tid !== parse.tid || e.ph !== 'X') continue;
    const ext = (e.args?.data?.url ?? '').startsWith('chrome-extension://') ? ' [extension]' : '';
    const key = `${e.name}${ext}`;
    totals.set(key, (totals.get(key) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
    totals.set(`#${key}`, (totals.get(`#${key}`) ?? 0) + 1);
  }
}

async function main() {
  assertChromium();
  const films = await filmEntries();
  const entries = [...(await indexEntries()), ...films];
  const dir = await mkdtemp(join(tmpdir(), 'marquee-trace-'));
  await writeFile(join(dir, 'page.html'), await benchPageHtml(PAGE, films));
  await writeBenchIndex(dir, entries);
  const server = await serve(dir);
  const ext = await launch(true);
  const plain = await launch(false);
  const withExt = new Map<string, number>();
  const without = new Map<string, number>();
  try {
    await importBenchIndex(ext.context, ext.extensionId!, server.origin);
    const url = `${server.origin}/page.html`;
    await traceLoad(ext, url, new Map());
    await traceLoad(plain, url, new Map());
    for (let r = 0; r < RUNS; r++) {
      await traceLoad(ext, url, withExt);
      await traceLoad(plain, url, without);
    }
  } finally {
    await ext.close();
    await plain.close();
    await server.close();
  }
  const names = new Set([...withExt.keys(), ...without.keys()].filter((n) => !n.startsWith('#')));
  const rows = [...names]
    .map((n) => ({ n, w: (withExt.get(n) ?? 0) / RUNS, o: (without.get(n) ?? 0) / RUNS }))
    .sort((a, b) => b.w - b.o - (a.w - a.o));
  console.log(`${PAGE}: thread time by trace event, per load (nested events counted in each)`);
  console.log('    with  without  added  event (times per load: with / without)');
  for (const { n, w, o } of rows.slice(0, Number(opt('top', '30'))))
    console.log(
      `${w.toFixed(1).padStart(8)} ${o.toFixed(1).padStart(8)} ${(w - o).toFixed(1).padStart(6)}  ${n} (${((withExt.get(`#${n}`) ?? 0) / RUNS).toFixed(0)} / ${((without.get(`#${n}`) ?? 0) / RUNS).toFixed(0)})`,
    );
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
