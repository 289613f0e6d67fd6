/**
 * npm run bench:tab (also part of npm run bench): what one tab pays for Marquee, and what a
 * browser restoring 30 tabs at once pays, in Debian's Chromium with the built extension
 * (.output/chrome-mv3, or MARQUEE_EXTENSION_DIR) against a second profile without it, both open
 * in the same run, with/without pairs interleaved (the order alternates each round). Writes
 * `perTab` into bench/results/latest.json, keeping its other keys. See docs/performance.md,
 * "Per tab", for the method and the figures. Timings are reported, never asserted.
 *
 *   --runs=N          rounds of the per-page pairs and of the service-worker restart (default 5)
 *   --restore-runs=N  rounds of the 30-tab storm, warm and cold (default 3)
 *   --only=pages,sw,restore   run only some sections (the others keep their earlier figures)
 *   --kinds=small,article,catalogue   the pages of the per-page section (default all three)
 *   --key=NAME        write under NAME instead of perTab (e.g. perTabBefore, for another build)
 *   --build=TEXT      what MARQUEE_EXTENSION_DIR holds (a commit), recorded with the figures
 */
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { assertChromium, EXTENSION_DIR, serve } from '../tests/e2e/harness';
import { launch, stopServiceWorker, type Browser } from './profiles';
import { FILMS_DIR, PAGES_DIR, filmEntries, indexEntries } from '../scripts/detect-lib';
import type { LexiconEntry } from '../lib/detect/lexicon';
import { articleHtml, catalogueHtml, realParagraphs } from './pages';
import { importBenchIndex, writeBenchIndex } from './browser';
import { privateMb, sampleExtension, type ExtensionSample } from './processes';
import { LEXICON_BUILT, watchExtensionConsole, type ConsoleLine } from './extension-console';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const RUNS = Math.max(1, arg('runs', 5));
const RESTORE_RUNS = Math.max(1, arg('restore-runs', 3));
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const section = (name: string) => !only || only.includes(name);
const KINDS = process.argv
  .find((a) => a.startsWith('--kinds='))
  ?.slice(8)
  .split(',');
const KEY = process.argv.find((a) => a.startsWith('--key='))?.slice(6) ?? 'perTab';
const BUILD = process.argv.find((a) => a.startsWith('--build='))?.slice(8);
const log = (s: string) => console.error(`[bench:tab] ${s}`);

const median = (xs: number[]): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round1 = (x: number) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : null);
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

// ---- what a page records about itself (main world; it sees the content script's DOM writes) ----

/**
 * Long tasks, and when marks and badges are inserted (a MutationObserver from DOMContentLoaded:
 * no content script runs before it, and parser insertions would only add noise). A string: tsx's
 * __name() helper does not exist in the page.
 */
const PAGE_PROBE = `(() => {
  if (window !== window.top) return;
  const mq = (window.__mq = { first: -1, last: -1, count: 0, longTasks: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) mq.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  const seen = (n) => {
    const t = performance.now();
    if (mq.first < 0) mq.first = t;
    mq.last = t;
    mq.count += n;
  };
  const start = () => {
    const n = document.querySelectorAll('marquee-mark, marquee-badge').length;
    if (n) seen(n);
    new MutationObserver((records) => {
      let n = 0;
      for (const r of records)
        for (const a of r.addedNodes)
          if (a.nodeName === 'MARQUEE-MARK' || a.nodeName === 'MARQUEE-BADGE') n++;
      if (n) seen(n);
    }).observe(document.documentElement, { childList: true, subtree: true });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();`;

interface PageState {
  /** performance.now() of the first and last mark or badge inserted (-1: none). */
  first: number;
  last: number;
  count: number;
  longTasks: number[];
  /** loadEventStart, performance.now() time. */
  load: number;
  timeOrigin: number;
  now: number;
}
const readState = (page: Page): Promise<PageState | undefined> =>
  page
    .evaluate(
      `window.__mq && ({ ...window.__mq, load: performance.getEntriesByType('navigation')[0]?.loadEventStart ?? -1, timeOrigin: performance.timeOrigin, now: performance.now() })`,
    )
    .then(
      (s) => (s ?? undefined) as PageState | undefined,
      () => undefined,
    );

// ---- the page's main thread, from a trace ----

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tts?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string }; beginData?: { url?: string } };
}

async function startTrace(session: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', ({ value }) => {
    for (const e of value) events.push(e as unknown as TraceEvent);
  });
  await session.send('Tracing.start', {
    categories: 'toplevel,devtools.timeline',
    transferMode: 'ReportEvents',
  });
  return async () => {
    const done = new Promise<void>((ok) => session.once('Tracing.tracingComplete', () => ok()));
    await session.send('Tracing.end');
    await done;
    return events;
  };
}

const RENDER = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint']);
const urlOf = (e: TraceEvent) => e.args?.data?.url ?? e.args?.beginData?.url ?? '';

/**
 * The renderer main thread that parsed `url`: its process id, the thread (CPU) time of all its
 * top-level tasks, and of that the extension's script events (outermost ones whose script URL is
 * chrome-extension://) and rendering (style, layout, pre-paint, paint). Thread time, unlike wall time, is not stretched by other processes.
 */
export function pageThread(
  events: TraceEvent[],
  url: string,
): { pid: number; threadMs: number; extensionScriptMs: number; renderMs: number } | undefined {
  const parse = events.find((e) => e.name === 'ParseHTML' && urlOf(e) === url);
  if (!parse) return undefined;
  const mine = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid);
  // Begin/end pairs become complete events.
  const open: TraceEvent[] = [];
  const spans: TraceEvent[] = [];
  for (const e of mine.sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X' && e.dur !== undefined) spans.push(e);
    else if (e.ph === 'B') open.push({ ...e });
    else if (e.ph === 'E') {
      const b = open.pop();
      if (!b) continue;
      spans.push({
        ...b,
        ph: 'X',
        dur: e.ts - b.ts,
        ...(b.tts !== undefined && e.tts !== undefined ? { tdur: e.tts - b.tts } : {}),
      });
    }
  }
  spans.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  let threadUs = 0;
  let scriptUs = 0;
  let topEnd = -Infinity;
  let scriptEnd = -Infinity;
  let renderUs = 0;
  let renderEnd = -Infinity;
  for (const e of spans) {
    const time = e.tdur ?? e.dur!;
    if (e.ts >= topEnd) {
      topEnd = e.ts + e.dur!;
      threadUs += time;
    }
    if (e.ts >= scriptEnd && urlOf(e).startsWith('chrome-extension://')) {
      scriptEnd = e.ts + e.dur!;
      scriptUs += time;
    }
    if (e.ts >= renderEnd && RENDER.has(e.name)) {
      renderEnd = e.ts + e.dur!;
      renderUs += time;
    }
  }
  return {
    pid: parse.pid,
    threadMs: threadUs / 1000,
    extensionScriptMs: scriptUs / 1000,
    renderMs: renderUs / 1000,
  };
}

// ---- one page, one browser ----

interface PageRun {
  threadMs: number;
  extensionScriptMs: number;
  /** Style, layout, pre-paint and paint (thread time). */
  renderMs: number;
  privateMb: number;
  longTasks: number;
  marks: number;
  /** Last mark or badge, ms after the load event (with the extension). */
  settledAfterLoadMs?: number;
  /** How long the page was watched, from navigation (ms). */
  watchedMs: number;
}

/**
 * Load `url` in a new tab of `b` and watch it: with the extension until its marks have not
 * changed for 1.5 s (at most 30 s), without it for `watchMs` (the with-run's time), polling alike.
 */
async function runPage(b: Browser, url: string, watchMs?: number): Promise<PageRun> {
  const page = await b.context.newPage();
  try {
    const session = await b.context.newCDPSession(page);
    const stop = await startTrace(session);
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    let state: PageState | undefined;
    for (;;) {
      await sleep(250);
      state = await readState(page);
      const elapsed = Date.now() - t0;
      if (watchMs !== undefined) {
        if (elapsed >= watchMs) break;
      } else if (elapsed > 30_000) {
        log(`no settled marks on ${url} after 30 s (${state?.count ?? 0} so far)`);
        break;
      } else if (state && state.count > 0 && state.now - state.last > 1500) break;
    }
    const watchedMs = Date.now() - t0;
    const events = await stop();
    const thread = pageThread(events, url);
    if (!thread) throw new Error(`no main thread parsed ${url} in the trace`);
    // The same collection in both profiles before reading the process, so that garbage not yet
    // collected does not decide the figure.
    await session.send('HeapProfiler.collectGarbage');
    await sleep(300);
    const memory = await privateMb(thread.pid);
    return {
      threadMs: thread.threadMs,
      extensionScriptMs: thread.extensionScriptMs,
      renderMs: thread.renderMs,
      privateMb: memory,
      longTasks: state?.longTasks.length ?? 0,
      marks: state?.count ?? 0,
      ...(state && state.count > 0 ? { settledAfterLoadMs: state.last - state.load } : {}),
      watchedMs,
    };
  } finally {
    await page.close();
  }
}

// ---- the pages ----

const rotate = <T>(xs: T[], k: number): T[] => xs.slice(k % xs.length).concat(xs.slice(0, k % xs.length));

async function writePages(dir: string, entries: LexiconEntry[], films: LexiconEntry[]) {
  const paragraphs = await realParagraphs();
  await writeFile(join(dir, 'small.html'), articleHtml(paragraphs, 10_000));
  await writeFile(join(dir, 'article.html'), articleHtml(paragraphs, 1_000_000));
  await writeFile(join(dir, 'catalogue.html'), catalogueHtml(films, 2000));
  // The storm: every real saved page, then generated ones (each different) up to 30.
  await mkdir(join(dir, 'real'));
  const real = (await readdir(PAGES_DIR)).filter((f) => f.endsWith('.html')).sort();
  for (const f of real) await copyFile(join(PAGES_DIR, f), join(dir, 'real', f));
  const generated: [string, string][] = [];
  for (let i = 0; i < 7; i++)
    generated.push([`small-${i}.html`, articleHtml(rotate(paragraphs, 37 * (i + 1)), 10_000)]);
  for (let i = 0; i < 3; i++)
    generated.push([`article100k-${i}.html`, articleHtml(rotate(paragraphs, 101 * (i + 1)), 100_000)]);
  generated.push(['article1m-r.html', articleHtml(rotate(paragraphs, 211), 1_000_000)]);
  for (let i = 0; i < 2; i++)
    generated.push([`catalogue-${i}.html`, catalogueHtml(rotate(films, 4001 * (i + 1)), 2000)]);
  for (const [name, html] of generated) await writeFile(join(dir, name), html);
  await writeBenchIndex(dir, entries);
  return [...real.map((f) => `real/${f}`), ...generated.map(([n]) => n)].slice(0, 30);
}

// ---- 30 tabs at once ----

interface StormRun {
  tabs: number;
  tabsWithMarks: number;
  /** Per tab: last mark or badge after its own load event (ms), over the tabs with marks. */
  marksAfterLoadMedianMs: number;
  marksAfterLoadMaxMs: number;
  /** From the storm's start (first navigation) to the first mark in any tab, and the last in all. */
  firstMarkMs: number;
  allSettledMs: number;
  /** Load events, ms from the storm's start: median and last. */
  loadMedianMs: number;
  loadMaxMs: number;
  extension?: ExtensionSample;
  lexiconBuilds?: number;
  timedOut: boolean;
  withMarks: string[];
  /** The tabs whose marks settled last after their own load event: page, ms, and whether it was the visible tab. */
  slowest: { page: string; afterLoadMs: number; loadMs: number }[];
}

async function storm(
  b: Browser,
  paths: string[],
  origin: string,
  opts: { cold?: boolean; expect?: Set<string>; lines?: ConsoleLine[] } = {},
): Promise<StormRun> {
  if (b.extensionId) {
    if (opts.cold) {
      if (!(await stopServiceWorker(b))) log('the service worker did not report stopped');
    } else {
      // Warm: the worker running, its lexicon built.
      const p = await b.context.newPage();
      await p.goto(`${origin}/small.html`);
      await p
        .locator('marquee-mark')
        .first()
        .waitFor({ timeout: 60_000 })
        .catch(() => undefined);
      await p.close();
    }
  }
  await sleep(500);
  const sampler = b.extensionId ? sampleExtension(b.userDataDir) : undefined;
  const linesBefore = opts.lines?.length ?? 0;
  const pages = await Promise.all(paths.map(() => b.context.newPage()));
  const start = Date.now();
  await Promise.all(
    pages.map((p, i) =>
      p.goto(`${origin}/${paths[i]}`, { waitUntil: 'load', timeout: 180_000 }).catch((e: unknown) => {
        log(`${paths[i]} did not load: ${String(e).split('\n')[0]}`);
      }),
    ),
  );
  let states: (PageState | undefined)[] = [];
  let timedOut = false;
  if (b.extensionId) {
    // Settled: every tab that got marks in an earlier storm has some, and none changed for 3 s;
    // in the first storm (nothing expected yet), nothing changed for 10 s.
    let last = '';
    let stableSince = Date.now();
    for (;;) {
      await sleep(500);
      states = await Promise.all(pages.map(readState));
      const key = states.map((s) => `${s?.count}`).join(',');
      if (key !== last) {
        last = key;
        stableSince = Date.now();
      }
      const have = new Set(paths.filter((_, i) => (states[i]?.count ?? 0) > 0));
      const expected = opts.expect?.size ? [...opts.expect].every((p) => have.has(p)) : false;
      const stable = Date.now() - stableSince;
      if ((expected && stable > 3000) || (!opts.expect?.size && have.size > 0 && stable > 10_000)) break;
      if (Date.now() - start > 180_000) {
        timedOut = true;
        log(`storm not settled after 180 s: ${have.size} tabs with marks`);
        break;
      }
    }
  } else {
    await sleep(2000);
    states = await Promise.all(pages.map(readState));
  }
  const extension = await sampler?.stop();
  const builds = opts.lines?.slice(linesBefore).filter((l) => LEXICON_BUILT.test(l.text)).length;
  const after: number[] = [];
  const loads: number[] = [];
  let firstAt = Infinity;
  let lastAt = -Infinity;
  const withMarks: string[] = [];
  const perTab: { page: string; afterLoadMs: number; loadMs: number }[] = [];
  states.forEach((s, i) => {
    if (!s) return;
    if (s.load >= 0) loads.push(s.timeOrigin + s.load - start);
    if (s.count > 0) {
      withMarks.push(paths[i]!);
      after.push(s.last - s.load);
      perTab.push({
        page: paths[i]!,
        afterLoadMs: Math.round(s.last - s.load),
        loadMs: Math.round(s.timeOrigin + s.load - start),
      });
      firstAt = Math.min(firstAt, s.timeOrigin + s.first);
      lastAt = Math.max(lastAt, s.timeOrigin + s.last);
    }
  });
  await Promise.all(pages.map((p) => p.close()));
  return {
    tabs: paths.length,
    tabsWithMarks: withMarks.length,
    marksAfterLoadMedianMs: median(after),
    marksAfterLoadMaxMs: after.length ? Math.max(...after) : NaN,
    firstMarkMs: firstAt - start,
    allSettledMs: lastAt - start,
    loadMedianMs: median(loads),
    loadMaxMs: loads.length ? Math.max(...loads) : NaN,
    ...(extension ? { extension } : {}),
    ...(builds !== undefined ? { lexiconBuilds: builds } : {}),
    timedOut,
    withMarks,
    slowest: perTab.sort((a, b) => b.afterLoadMs - a.afterLoadMs).slice(0, 3),
  };
}

function summariseStorms(runs: StormRun[]) {
  const m = (f: (r: StormRun) => number | undefined) => round1(median(runs.map((r) => f(r) ?? NaN)));
  return {
    marksAfterLoadMedianMs: m((r) => r.marksAfterLoadMedianMs),
    marksAfterLoadMaxMs: m((r) => r.marksAfterLoadMaxMs),
    extensionPeakMb: m((r) => r.extension?.peakMb),
    extensionStartMb: m((r) => r.extension?.startMb),
    extensionCpuMs: m((r) => r.extension?.cpuMs),
    lexiconBuilds: m((r) => r.lexiconBuilds),
    firstMarkMs: m((r) => r.firstMarkMs),
    allSettledMs: m((r) => r.allSettledMs),
    loadMedianMs: m((r) => r.loadMedianMs),
    loadMaxMs: m((r) => r.loadMaxMs),
    tabs: runs[0]?.tabs,
    tabsWithMarks: m((r) => r.tabsWithMarks),
    timedOutRuns: runs.filter((r) => r.timedOut).length,
    runs: runs.map(({ withMarks: _, ...r }) => r),
  };
}

// ---- main ----

async function main(): Promise<number> {
  for (const need of [PAGES_DIR, FILMS_DIR])
    if (!existsSync(need)) {
      log(`skipped: ${need} is missing (the real pages and films of ../shared, see README)`);
      return 0;
    }
  assertChromium();
  const out: Record<string, unknown> = {};
  const loads: number[][] = [load()];
  const films = await filmEntries();
  const entries = [...(await indexEntries()), ...films];
  const dir = await mkdtemp(join(tmpdir(), 'marquee-tab-pages-'));
  const server = await serve(dir);
  const ext = await launch(true);
  const plain = await launch(false);
  const consoleWatch = await watchExtensionConsole(ext.userDataDir);
  try {
    for (const b of [ext, plain]) await b.context.addInitScript(PAGE_PROBE);
    const stormPaths = await writePages(dir, entries, films);
    await importBenchIndex(ext.context, ext.extensionId!, server.origin);
    log(`bench index imported (${entries.length} titles); load ${load().join(' ')}`);

    if (section('pages')) {
      const kinds = (['small', 'article', 'catalogue'] as const).filter((k) => !KINDS || KINDS.includes(k));
      const runs: Record<string, { with: PageRun[]; without: PageRun[] }> = {};
      // Warm both profiles (the extension's lexicon, both HTTP caches and code caches).
      for (const kind of kinds) {
        runs[kind] = { with: [], without: [] };
        const w = await runPage(ext, `${server.origin}/${kind}.html`);
        await runPage(plain, `${server.origin}/${kind}.html`, w.watchedMs);
      }
      for (let r = 0; r < RUNS; r++) {
        for (const kind of kinds) {
          const url = `${server.origin}/${kind}.html`;
          const pair = runs[kind]!;
          // Alternate which profile goes first; the plain one is watched as long as the last with-run.
          if (r % 2 === 0) {
            pair.with.push(await runPage(ext, url));
            pair.without.push(await runPage(plain, url, pair.with.at(-1)!.watchedMs));
          } else {
            pair.without.push(await runPage(plain, url, pair.with.at(-1)!.watchedMs));
            pair.with.push(await runPage(ext, url));
          }
          const w = pair.with.at(-1)!;
          const o = pair.without.at(-1)!;
          log(
            `round ${r + 1} ${kind}: thread ${w.threadMs.toFixed(0)} vs ${o.threadMs.toFixed(0)} ms (script ${w.extensionScriptMs.toFixed(0)}, rendering ${w.renderMs.toFixed(0)} vs ${o.renderMs.toFixed(0)}), ` +
              `private ${w.privateMb.toFixed(1)} vs ${o.privateMb.toFixed(1)} MB, long tasks ${w.longTasks} vs ${o.longTasks}, ${w.marks} marks`,
          );
        }
        loads.push(load());
      }
      const memoryAdded: Record<string, number> = {};
      for (const kind of kinds) {
        const { with: w, without: o } = runs[kind]!;
        const med = (xs: PageRun[], f: (p: PageRun) => number) => median(xs.map(f));
        memoryAdded[kind] = med(w, (p) => p.privateMb) - med(o, (p) => p.privateMb);
        out[kind] = {
          marqueeMs: round1(med(w, (p) => p.threadMs) - med(o, (p) => p.threadMs)),
          withMs: round1(med(w, (p) => p.threadMs)),
          withoutMs: round1(med(o, (p) => p.threadMs)),
          extensionScriptMs: round1(med(w, (p) => p.extensionScriptMs)),
          renderAddedMs: round1(med(w, (p) => p.renderMs) - med(o, (p) => p.renderMs)),
          privateMemoryMb: round1(memoryAdded[kind]!),
          privateMemoryWithMb: round1(med(w, (p) => p.privateMb)),
          privateMemoryWithoutMb: round1(med(o, (p) => p.privateMb)),
          longTasks: med(w, (p) => p.longTasks),
          longTasksWithout: med(o, (p) => p.longTasks),
          longTasksAdded: med(w, (p) => p.longTasks) - med(o, (p) => p.longTasks),
          marks: med(w, (p) => p.marks),
          settledAfterLoadMs: round1(med(w, (p) => p.settledAfterLoadMs ?? NaN)),
          runs: RUNS,
        };
      }
      // The largest of the three: a target per tab holds for every kind of page.
      out.privateMemoryMb = round1(Math.max(...Object.values(memoryAdded)));
    }

    if (section('sw')) {
      const first: number[] = [];
      const settled: number[] = [];
      const linesBefore = consoleWatch.lines.length;
      for (let r = 0; r < RUNS; r++) {
        if (!(await stopServiceWorker(ext))) log('the service worker did not report stopped');
        await sleep(500);
        const page = await ext.context.newPage();
        await page.goto(`${server.origin}/small.html`, { waitUntil: 'load' });
        let state: PageState | undefined;
        const t0 = Date.now();
        while (Date.now() - t0 < 30_000) {
          state = await readState(page);
          if (state && state.count > 0 && state.now - state.last > 1000) break;
          await sleep(100);
        }
        await page.close();
        if (state && state.count > 0) {
          first.push(state.first - state.load);
          settled.push(state.last - state.load);
          log(
            `service worker stopped, then a page: first mark ${(state.first - state.load).toFixed(0)} ms after load`,
          );
        } else log('service worker stopped, then a page: no mark within 30 s');
      }
      out.swRestartFirstMarksMs = round1(median(first));
      out.swRestart = {
        page: 'small',
        firstMarkAfterLoadMs: first.map((x) => Math.round(x)),
        settledAfterLoadMedianMs: round1(median(settled)),
        lexiconBuilds: consoleWatch.lines.slice(linesBefore).filter((l) => LEXICON_BUILT.test(l.text)).length,
        runs: RUNS,
      };
      loads.push(load());
    }

    if (section('restore')) {
      const warm: StormRun[] = [];
      const cold: StormRun[] = [];
      const without: StormRun[] = [];
      const expect = new Set<string>();
      for (let r = 0; r < RESTORE_RUNS; r++) {
        warm.push(await storm(ext, stormPaths, server.origin, { expect, lines: consoleWatch.lines }));
        for (const p of warm.at(-1)!.withMarks) expect.add(p);
        cold.push(
          await storm(ext, stormPaths, server.origin, { cold: true, expect, lines: consoleWatch.lines }),
        );
        without.push(await storm(plain, stormPaths, server.origin));
        for (const [name, s] of [
          ['warm', warm.at(-1)!],
          ['cold', cold.at(-1)!],
        ] as const)
          log(
            `restore30 ${name} round ${r + 1}: marks after load median ${s.marksAfterLoadMedianMs.toFixed(0)} / max ${s.marksAfterLoadMaxMs.toFixed(0)} ms, ` +
              `first mark ${s.firstMarkMs.toFixed(0)} ms, all settled ${s.allSettledMs.toFixed(0)} ms, extension peak ${s.extension?.peakMb.toFixed(0)} MB, ` +
              `CPU ${s.extension?.cpuMs.toFixed(0)} ms, ${s.lexiconBuilds} lexicon builds, ${s.tabsWithMarks}/${s.tabs} tabs with marks; ` +
              `slowest ${s.slowest.map((t) => `${t.page} ${t.afterLoadMs} ms (loaded at ${t.loadMs})`).join(', ')}`,
          );
        loads.push(load());
      }
      out.restore30 = {
        warm: summariseStorms(warm),
        cold: summariseStorms(cold),
        without: {
          loadMedianMs: round1(median(without.map((s) => s.loadMedianMs))),
          loadMaxMs: round1(median(without.map((s) => s.loadMaxMs))),
        },
        pages: stormPaths,
      };
    }
  } finally {
    consoleWatch.close();
    await plain.close();
    await ext.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }

  const file = join(process.cwd(), 'bench', 'results', 'latest.json');
  const previous = existsSync(file)
    ? (JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>)
    : {};
  const before = (previous[KEY] ?? {}) as Record<string, unknown>;
  const contentJs = join(EXTENSION_DIR, 'content-scripts', 'content.js');
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  const perTab = {
    ...before,
    ...out,
    machine: {
      loadAverage: loads,
      cpus: cpus().length,
      date: new Date().toISOString(),
      // The build measured: this checkout's, unless MARQUEE_EXTENSION_DIR named another one.
      build: BUILD ?? (process.env.MARQUEE_EXTENSION_DIR ? EXTENSION_DIR : commit),
      extensionDir: EXTENSION_DIR,
      contentScriptBytes: existsSync(contentJs) ? statSync(contentJs).size : null,
    },
  };
  await mkdir(join(process.cwd(), 'bench', 'results'), { recursive: true });
  await writeFile(file, JSON.stringify({ ...previous, [KEY]: perTab }, null, 2) + '\n');
  console.log(
    JSON.stringify(perTab, (k, v: unknown) => (k === 'runs' && Array.isArray(v) ? undefined : v), 2),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('[bench:tab] failed:', e);
    process.exit(1);
  },
);
