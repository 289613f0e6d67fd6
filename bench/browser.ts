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
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, launchWithExtension, serve } from '../tests/e2e/harness';
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
}

// Scripts for the browser are plain strings: tsx compiles this file with esbuild's keepNames,
// whose __name() helper does not exist in the page or the worker.
const OBSERVE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
`;

/** Load a page and wait until Marquee's marks stop changing (or 60 s). */
async function measure(
  page: Page,
  url: string,
): Promise<Omit<BrowserResult, 'baselineLongTasks' | 'baselineLongestTaskMs'>> {
  await page.addInitScript(OBSERVE);
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  let last = -1;
  let stableSince = Date.now();
  let doneAt = Date.now();
  while (Date.now() - t0 < 60_000) {
    const n = (await page.evaluate(
      "document.querySelectorAll('marquee-mark, marquee-badge').length",
    )) as number;
    if (n !== last) {
      last = n;
      stableSince = Date.now();
      doneAt = Date.now();
    } else if (n > 0 && Date.now() - stableSince > 1500) break;
    await page.waitForTimeout(100);
  }
  const tasks = (await page.evaluate('window.__longTasks')) as number[];
  const counts = (await page.evaluate(
    "[document.querySelectorAll('marquee-mark').length, document.querySelectorAll('marquee-badge').length]",
  )) as number[];
  return {
    longTasks: tasks.length,
    longestTaskMs: Math.max(0, ...tasks),
    scanMs: doneAt - t0,
    marks: counts[0]!,
    badges: counts[1]!,
  };
}

export async function browserBench(input: {
  article: string;
  catalogue: string;
  entries: LexiconEntry[];
}): Promise<Record<string, BrowserResult>> {
  const dir = await mkdtemp(join(tmpdir(), 'marquee-bench-'));
  await writeFile(join(dir, 'article.html'), input.article);
  await writeFile(join(dir, 'catalogue.html'), input.catalogue);
  const server = await serve(dir);
  const ext = await launchWithExtension();
  const plain = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const entries = input.entries.map((e) => ({
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
    const options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
    const added = (await options.evaluate(
      `chrome.runtime.sendMessage({ type: 'addSource', url: ${JSON.stringify(`${server.origin}/bench-index.json`)}, name: 'Benchmark' })`,
    )) as { ok: boolean; error?: string; value?: { lastError?: string } };
    if (!added.ok || added.value?.lastError)
      throw new Error(`bench index import failed: ${added.error ?? added.value?.lastError}`);
    await options.close();
    const out: Record<string, BrowserResult> = {};
    for (const name of ['article', 'catalogue']) {
      const url = `${server.origin}/${name}.html`;
      // Warm the background's lexicon cache so the measurement is of the page, not of the build.
      const warm = await ext.context.newPage();
      await warm.goto(url);
      await warm.waitForTimeout(3000);
      await warm.close();
      const page = await ext.context.newPage();
      const r = await measure(page, url);
      await page.close();
      const basePage = await plain.newPage();
      await basePage.addInitScript(OBSERVE);
      await basePage.goto(url, { waitUntil: 'load' });
      await basePage.waitForTimeout(1500);
      const base = await basePage.evaluate(
        () => (window as unknown as { __longTasks: number[] }).__longTasks,
      );
      await basePage.close();
      out[name === 'article' ? '1 MB article' : '2,000-tile catalogue'] = {
        ...r,
        baselineLongTasks: base.length,
        baselineLongestTaskMs: Math.max(0, ...base),
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
