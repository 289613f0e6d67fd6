/**
 * Long tasks in real Chromium while the built extension scans the benchmark pages. The big
 * lexicon gets into the extension the way a reader's subscription would: an index file served
 * from 127.0.0.1, added through the background's `addSource` message from an extension page (so
 * the shipped code has no test-only hook); the background rebuilds its lexicon on the next request. The same pages are also loaded in Chromium without the extension, as the baseline:
 * parsing a 1 MB page has long tasks of its own.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchWithExtension, serve } from '../tests/e2e/harness';
import { launchPlainChromium } from './in-page';
import type { LexiconEntry } from '../lib/detect/lexicon';
import { makeIndexFile, validateIndex, type Entry } from '../lib/index/schema';

export interface BrowserResult {
  longTasks: number;
  longestTaskMs: number;
  baselineLongTasks: number;
  baselineLongestTaskMs: number;
  scanMs: number;
  marks: number;
  badges: number;
  /** Each long task with Marquee, and what ran in it (from a CDP trace). */
  attribution?: LongTaskAttribution[];
  /** Main-thread time in Marquee's content script (trace events whose script is the extension's). */
  marqueeMainThreadMs?: number;
  /** The same events' thread (CPU) time: what the load of other processes does not inflate. */
  marqueeCpuMs?: number;
  /** Style, layout, pre-paint and paint on the page's thread, thread time (ms). */
  renderCpuMs?: number;
  /** The same page's own main-thread busy time in that trace (all top-level tasks). */
  pageMainThreadMs?: number;
  baselineAttribution?: LongTaskAttribution[];
  baselineMainThreadMs?: number;
  baselineRenderCpuMs?: number;
  /** Catalogue only: scrolling to the end after the first scan (with Marquee / without). */
  scroll?: ScrollResult;
  baselineScroll?: ScrollResult;
}

export interface LongTaskAttribution {
  ms: number;
  /** Start, in trace time (µs). */
  ts: number;
  /** Marquee's script time inside this task (ms). */
  marqueeMs: number;
  /** The largest self-time contributors: "Layout 80 ms", "FunctionCall content.js 40 ms"… */
  top: string[];
  /** Marquee's functions sampled in this task (innermost content-script frame > native leaf). */
  profile?: string[];
}

// Scripts for the browser are plain strings: tsx compiles this file with esbuild's keepNames,
// whose __name() helper does not exist in the page or the worker.
const OBSERVE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
`;

/**
 * Scroll a loaded page to its end a screen at a time, as a reader would, then wait for the badges
 * and marks to settle: what badging tiles and marking text as they come near the viewport
 * (lib/content/visible.ts) costs while the page moves. Long tasks counted during the scroll only.
 */
export interface ScrollResult {
  longTasks: number;
  longestTaskMs: number;
  badges: number;
  marks: number;
  ms: number;
}
async function scrollThrough(page: Page): Promise<ScrollResult> {
  const before = ((await page.evaluate('window.__longTasks.length')) as number) ?? 0;
  const t0 = Date.now();
  for (let i = 0; i < 400; i++) {
    const done = (await page.evaluate(
      'scrollY + innerHeight >= document.documentElement.scrollHeight - 2',
    )) as boolean;
    if (done) break;
    await page.mouse.wheel(0, 700);
    await page.waitForTimeout(60);
  }
  let last = '';
  let counts = [0, 0];
  for (let stable = 0; stable < 10;) {
    counts = (await page.evaluate(
      "[document.querySelectorAll('marquee-badge').length, document.querySelectorAll('marquee-mark').length]",
    )) as number[];
    stable = String(counts) === last ? stable + 1 : 0;
    last = String(counts);
    await page.waitForTimeout(150);
  }
  const tasks = ((await page.evaluate('window.__longTasks')) as number[]).slice(before);
  return {
    longTasks: tasks.length,
    longestTaskMs: Math.max(0, ...tasks),
    badges: counts[0]!,
    marks: counts[1]!,
    ms: Date.now() - t0,
  };
}

/** Load a page and wait until Marquee's marks stop changing (or 60 s), tracing the main thread. */
async function measure(
  page: Page,
  url: string,
  settleMs: number | undefined,
  trace: boolean,
): Promise<Omit<BrowserResult, 'baselineLongTasks' | 'baselineLongestTaskMs'>> {
  await page.addInitScript(OBSERVE);
  const session = trace ? await page.context().newCDPSession(page) : undefined;
  const stopTrace = session && (await startTrace(session));
  // The sampling profiler slows the scripts it samples (several times, in content scripts here):
  // MARQUEE_BENCH_PROFILE=0 keeps the trace and leaves it off, for main-thread times.
  const stopProfile =
    session && process.env.MARQUEE_BENCH_PROFILE !== '0' ? await startProfile(session) : undefined;
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  let last = -1;
  let stableSince = Date.now();
  let doneAt = Date.now();
  while (Date.now() - t0 < 60_000) {
    // Without the extension (settleMs given): the same wall time as the run with it.
    if (settleMs !== undefined) {
      if (Date.now() - t0 > settleMs) break;
    } else {
      const n = (await page.evaluate(
        "document.querySelectorAll('marquee-mark, marquee-badge').length",
      )) as number;
      if (n !== last) {
        last = n;
        stableSince = Date.now();
        doneAt = Date.now();
      } else if (n > 0 && Date.now() - stableSince > 1500) break;
    }
    await page.waitForTimeout(100);
  }
  const tasks = (await page.evaluate('window.__longTasks')) as number[];
  const counts = (await page.evaluate(
    "[document.querySelectorAll('marquee-mark').length, document.querySelectorAll('marquee-badge').length]",
  )) as number[];
  const profile = await stopProfile?.();
  const rawTrace = stopTrace && (await stopTrace());
  if (rawTrace && process.env.MARQUEE_TRACE_DUMP)
    await writeFile(
      `${process.env.MARQUEE_TRACE_DUMP}-${url.split('/').pop()}-${settleMs === undefined ? 'with' : 'without'}.json`,
      JSON.stringify({ rawTrace, profile }),
    );
  const traced = rawTrace && attribute(rawTrace, url, profile);
  return {
    longTasks: tasks.length,
    longestTaskMs: Math.max(0, ...tasks),
    scanMs: doneAt - t0,
    marks: counts[0]!,
    badges: counts[1]!,
    ...(traced
      ? {
          attribution: traced.tasks,
          marqueeMainThreadMs: Math.round(traced.marqueeMs),
          marqueeCpuMs: Math.round(traced.marqueeCpuMs),
          renderCpuMs: Math.round(traced.renderCpuMs),
          pageMainThreadMs: Math.round(traced.busyMs),
        }
      : {}),
  };
}

/** The bench's titles as a Marquee index file, written to `dir`/bench-index.json. */
export async function writeBenchIndex(dir: string, lexiconEntries: LexiconEntry[]): Promise<void> {
  const entries = lexiconEntries.map((e) => ({
    id: e.ref.replace(/[^\w.:-]/g, '_'),
    title: e.title,
    aliases: e.aliases ?? [],
    year: e.year,
    rating: e.rating ?? { value: 3, scale: 5 },
    cast: (e.people ?? []).map((actor) => ({ actor })),
    directors: [],
    crew: [],
    source: { name: 'Benchmark (Wikipedia film list)' },
  }));
  const valid = validateIndex(
    JSON.parse(JSON.stringify(makeIndexFile({ name: 'Benchmark' }, entries as Entry[]))),
  );
  await writeFile(
    join(dir, 'bench-index.json'),
    JSON.stringify(makeIndexFile({ name: 'Benchmark' }, valid.entries)),
  );
}

/**
 * Subscribe the extension to `origin`/bench-index.json the way a reader adds a source (the
 * options page's `addSource` message), so the shipped code has no test-only hook.
 */
export async function importBenchIndex(
  context: BrowserContext,
  extensionId: string,
  origin: string,
): Promise<void> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const added = (await options.evaluate(
    `chrome.runtime.sendMessage({ type: 'addSource', url: ${JSON.stringify(`${origin}/bench-index.json`)}, name: 'Benchmark' })`,
  )) as { ok: boolean; error?: string; value?: { lastError?: string } };
  await options.close();
  if (!added.ok || added.value?.lastError)
    throw new Error(`bench index import failed: ${added.error ?? added.value?.lastError}`);
}

export async function browserBench(input: {
  article: string;
  catalogue: string;
  entries: LexiconEntry[];
  /** Trace and profile each page (slows it down: count long tasks without it). */
  trace?: boolean;
}): Promise<Record<string, BrowserResult>> {
  const dir = await mkdtemp(join(tmpdir(), 'marquee-bench-'));
  await writeFile(join(dir, 'article.html'), input.article);
  await writeFile(join(dir, 'catalogue.html'), input.catalogue);
  const server = await serve(dir);
  const ext = await launchWithExtension();
  const plain = await launchPlainChromium();
  try {
    await writeBenchIndex(dir, input.entries);
    await importBenchIndex(ext.context, ext.extensionId, server.origin);
    const out: Record<string, BrowserResult> = {};
    for (const name of ['article', 'catalogue']) {
      const url = `${server.origin}/${name}.html`;
      // Warm the background's lexicon cache so the measurement is of the page, not of the build.
      const warm = await ext.context.newPage();
      await warm.goto(url);
      await warm.waitForTimeout(3000);
      await warm.close();
      const page = await ext.context.newPage();
      const r = await measure(page, url, undefined, !!input.trace);
      const scroll = !input.trace ? await scrollThrough(page) : undefined;
      await page.close();
      const basePage = await plain.newPage();
      const base = await measure(basePage, url, r.scanMs + 1500, !!input.trace);
      const baseScroll = scroll ? await scrollThrough(basePage) : undefined;
      await basePage.close();
      out[name === 'article' ? '1 MB article' : '2,000-tile catalogue'] = {
        ...r,
        baselineLongTasks: base.longTasks,
        baselineLongestTaskMs: base.longestTaskMs,
        baselineAttribution: base.attribution,
        baselineMainThreadMs: base.pageMainThreadMs,
        baselineRenderCpuMs: base.renderCpuMs,
        ...(scroll ? { scroll, baselineScroll: baseScroll } : {}),
      };
    }
    return out;
  } finally {
    await plain.close();
    await ext.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// ---- CDP trace: what ran in each long task ----

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: start and duration. Unlike dur, not stretched by other processes. */
  tts?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    data?: { url?: string; functionName?: string; frame?: string };
    beginData?: { url?: string; frame?: string };
  };
}

const CATEGORIES = ['toplevel', 'devtools.timeline', 'v8.execute'].join(',');

interface CpuProfile {
  nodes: {
    id: number;
    parent?: number;
    children?: number[];
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The V8 sampling profiler over the same period: which of Marquee's functions a long task ran. */
async function startProfile(session: CDPSession): Promise<() => Promise<CpuProfile>> {
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  return async () => (await session.send('Profiler.stop')).profile as unknown as CpuProfile;
}

/** Samples in [from, to] µs, by innermost content-script frame (with the native leaf, if any). */
function profileIn(p: CpuProfile | undefined, from: number, to: number): string[] {
  if (!p) return [];
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const counts = new Map<string, number>();
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i]!;
    if (t < from || t > to) continue;
    const leaf = byId.get(p.samples[i]!)!;
    let label = '';
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (f.url.startsWith('chrome-extension://')) {
        label = `${f.functionName || '(anonymous)'}@${f.lineNumber}:${f.columnNumber}`;
        break;
      }
    }
    if (!label) continue;
    const lf = leaf.callFrame;
    if (!lf.url.startsWith('chrome-extension://')) label += ` > ${lf.functionName || lf.url || '(native)'}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, v]) => `${k} ${Math.round((100 * v) / total)}%`);
}

async function startTrace(session: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', ({ value }) => {
    for (const e of value) events.push(e as unknown as TraceEvent);
  });
  await session.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise<void>((ok) => session.once('Tracing.tracingComplete', () => ok()));
    await session.send('Tracing.end');
    await done;
    return events;
  };
}

const urlOf = (e: TraceEvent) => e.args?.data?.url ?? e.args?.beginData?.url ?? '';
const isOurs = (e: TraceEvent) => urlOf(e).startsWith('chrome-extension://');

/**
 * The page's main thread (the CrRendererMain with the most task time), its top-level tasks and,
 * for each task over 50 ms, the largest self-time contributors and Marquee's share.
 */
export function attribute(
  events: TraceEvent[],
  pageUrl: string,
  profile?: CpuProfile,
): {
  tasks: LongTaskAttribution[];
  marqueeMs: number;
  marqueeCpuMs: number;
  renderCpuMs: number;
  busyMs: number;
} {
  const mains = events
    .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`);
  const byThread = new Map<string, TraceEvent[]>();
  // Begin/end pairs (ParseHTML is one) become complete events.
  const open = new Map<string, TraceEvent[]>();
  for (let e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (!mains.includes(k)) continue;
    if (e.ph === 'B') {
      const o = open.get(k) ?? [];
      o.push({ ...e, ph: 'X' });
      open.set(k, o);
      continue;
    }
    if (e.ph === 'E') {
      const b = open.get(k)?.pop();
      if (!b) continue;
      b.dur = e.ts - b.ts;
      if (b.tts !== undefined && e.tts !== undefined) b.tdur = e.tts - b.tts;
      e = b;
    }
    if (e.ph !== 'X' || e.dur === undefined) continue;
    let list = byThread.get(k);
    if (!list) byThread.set(k, (list = []));
    list.push(e);
  }
  // The page's renderer: the main thread that parsed this URL.
  const list =
    [...byThread.values()].find((l) => l.some((e) => e.name === 'ParseHTML' && urlOf(e) === pageUrl)) ?? [];
  // Parents before children: by start, then longest first.
  list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks: LongTaskAttribution[] = [];
  let marqueeUs = 0;
  let marqueeCpuUs = 0;
  // Rendering work on the page's thread (style, layout, pre-paint, paint), in thread time.
  let renderCpuUs = 0;
  const RENDER = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint']);
  let busyUs = 0;
  // Walk the nesting with a stack; each top-level RunTask collects its descendants' self times.
  type Frame = { e: TraceEvent; self: number; ours: boolean };
  const stack: Frame[] = [];
  let current: { ts: number; ms: number; self: Map<string, number>; ours: number } | undefined;
  const close = (f: Frame) => {
    if (!current) return;
    const url = urlOf(f.e);
    const label = url ? `${f.e.name} ${url.replace(/^.*\//, '')}` : f.e.name;
    current.self.set(label, (current.self.get(label) ?? 0) + f.self);
  };
  const finishTask = () => {
    if (!current) return;
    if (current.ms > 50)
      tasks.push({
        ms: Math.round(current.ms),
        ts: current.ts,
        marqueeMs: Math.round(current.ours / 1000),
        top: [...current.self]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(0)} ms`),
        ...(profile ? { profile: profileIn(profile, current.ts, current.ts + current.ms * 1000) } : {}),
      });
    current = undefined;
  };
  for (const e of list) {
    while (stack.length && stack.at(-1)!.e.ts + stack.at(-1)!.e.dur! <= e.ts) close(stack.pop()!);
    if (!stack.length) {
      finishTask();
      busyUs += e.dur!;
      current = { ts: e.ts, ms: e.dur! / 1000, self: new Map(), ours: 0 };
    }
    const parent = stack.at(-1);
    if (parent) parent.self -= e.dur!;
    if (RENDER.has(e.name) && !stack.some((f) => RENDER.has(f.e.name))) renderCpuUs += e.tdur ?? e.dur!;
    const ours = isOurs(e) && !parent?.ours;
    if (ours && current) {
      current.ours += e.dur!;
      marqueeUs += e.dur!;
      marqueeCpuUs += e.tdur ?? e.dur!;
    }
    stack.push({ e, self: e.dur!, ours: ours || !!parent?.ours });
  }
  while (stack.length) close(stack.pop()!);
  finishTask();
  return {
    tasks,
    marqueeMs: marqueeUs / 1000,
    marqueeCpuMs: marqueeCpuUs / 1000,
    renderCpuMs: renderCpuUs / 1000,
    busyMs: busyUs / 1000,
  };
}

// ---- frames: what the early exit costs in frames Marquee leaves alone ----

export interface FramesResult {
  crossOriginFrames: number;
  sameOriginWidgetFrames: number;
  /** Main-thread time in the content script, summed over every frame that left early (ms). */
  earlyExitMs: number;
  /** …of which on the top page's own main thread (same-process frames) (ms). */
  earlyExitOnPageThreadMs: number;
  /** The top frame's own content-script time in the same run, for scale (ms). */
  topFrameMs: number;
}

/**
 * A page with `n` cross-origin frames (another host and port, as ad frames) and `n` same-origin
 * frames with a few words (widgets): none is marked; the trace says what running the content
 * script in them cost, per renderer main thread.
 */
export async function framesBench(n = 10): Promise<FramesResult> {
  const dir = await mkdtemp(join(tmpdir(), 'marquee-frames-'));
  await writeFile(join(dir, 'ad.html'), '<!doctype html><p>Ad: <b>buy now</b></p>');
  await writeFile(join(dir, 'widget.html'), '<!doctype html><p>Now showing: <em>Ballerina</em> (2025)</p>');
  const server = await serve(dir);
  const other = await serve(dir);
  const otherOrigin = other.origin.replace('127.0.0.1', 'localhost');
  const frames = Array.from(
    { length: n },
    () =>
      `<iframe src="${otherOrigin}/ad.html" width="300" height="100"></iframe><iframe src="widget.html" width="300" height="100"></iframe>`,
  ).join('\n');
  await writeFile(
    join(dir, 'top.html'),
    `<!doctype html><html><body><article><p>${'The John Wick spin-off <em>Ballerina</em> arrives this week. '.repeat(10)}</p></article>${frames}</body></html>`,
  );
  const ext = await launchWithExtension();
  try {
    const page = await ext.context.newPage();
    // Warm the background (lexicon build) first.
    await page.goto(`${server.origin}/top.html`);
    await page.locator('marquee-mark').first().waitFor({ timeout: 30_000 });
    const session = await page.context().newCDPSession(page);
    const stop = await startTrace(session);
    await page.goto(`${server.origin}/top.html`);
    await page.locator('marquee-mark').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(2000);
    const events = await stop();
    const url = `${server.origin}/top.html`;
    const mains = new Set(
      events
        .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
        .map((e) => `${e.pid}:${e.tid}`),
    );
    const pageThread = events.find((e) => e.name === 'ParseHTML' && urlOf(e) === url);
    const pageKey = pageThread && `${pageThread.pid}:${pageThread.tid}`;
    // Outermost content-script events per frame (the trace names the frame in args.data.frame).
    let early = 0;
    let earlyOnPage = 0;
    let top = 0;
    const topFrame = pageThread?.args?.beginData?.frame;
    const byThread = new Map<string, TraceEvent[]>();
    for (const e of events)
      if (e.ph === 'X' && e.dur !== undefined && mains.has(`${e.pid}:${e.tid}`) && isOurs(e)) {
        const k = `${e.pid}:${e.tid}`;
        byThread.set(k, [...(byThread.get(k) ?? []), e]);
      }
    for (const [k, list] of byThread) {
      list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
      let end = 0;
      for (const e of list) {
        if (e.ts < end) continue; // nested in the previous one
        end = e.ts + e.dur!;
        const frame = e.args?.data?.frame;
        if (frame && frame === topFrame) top += e.dur! / 1000;
        else {
          early += e.dur! / 1000;
          if (k === pageKey) earlyOnPage += e.dur! / 1000;
        }
      }
    }
    await page.close();
    return {
      crossOriginFrames: n,
      sameOriginWidgetFrames: n,
      earlyExitMs: Math.round(early * 10) / 10,
      earlyExitOnPageThreadMs: Math.round(earlyOnPage * 10) / 10,
      topFrameMs: Math.round(top * 10) / 10,
    };
  } finally {
    await ext.close();
    await other.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
