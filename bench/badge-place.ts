/**
 * Badge placement's cost (lib/content/badge-place.ts) in Chromium, on the saved Wikipedia table
 * of time-loop films and on the same page with each table's rows repeated 7 times: the
 * batched placement the content script runs, against in the same page the same placement done
 * badge by badge (layout thrash) and the writing of the badges alone. Median of 7 runs.
 *
 *   npm run bench:badges
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../tests/e2e/harness';
import { repoPath, sharedPath } from '../tests/paths';
import { bundleScript, launchPlainChromium } from './in-page';
import type { PlaceTimes } from './badge-place-entry';

const PAGE = sharedPath('data/pages/wikipedia_list_of_time_loop_films.html');
const SELECTOR = 'table.wikitable tr > th:first-child > i, table.wikitable tr > td:first-child > i';
const RUNS = 7;

if (!existsSync(PAGE)) {
  console.log(`skipped: ${PAGE} is missing (optional real data, see README "Test data in ../shared")`);
  process.exit(0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const script = await bundleScript(repoPath('bench/badge-place-entry.ts'), 'MarqueePlace');
const html = await readFile(PAGE, 'utf8');
const dir = await mkdtemp(join(tmpdir(), 'marquee-place-'));
await writeFile(join(dir, 'table.html'), html);
// The same page with each table's rows repeated 7 times (the badge-by-badge baseline grows with
// the square of the rows: 7× is already seconds).
await writeFile(
  join(dir, 'table-x7.html'),
  html.replace(
    /(<table class="wikitable[^]*?<\/tr>)([^]*?)(<\/tbody>)/g,
    (_m, head: string, rows: string, end: string) => {
      const n = (rows.match(/<tr/g) ?? []).length || 1;
      return head + rows.repeat(Math.ceil(2000 / 4 / n)) + end;
    },
  ),
);
const server = await serve(dir);
const browser = await launchPlainChromium();
try {
  for (const file of ['table.html', 'table-x7.html']) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(`${server.origin}/${file}`, { waitUntil: 'load' });
    await page.addScriptTag({ content: script });
    const runs = await page.evaluate(
      ([s, n]) =>
        (
          globalThis as unknown as { MarqueePlace: { placeTimes(s: string, n: number): PlaceTimes[] } }
        ).MarqueePlace.placeTimes(s, n),
      [SELECTOR, RUNS] as const,
    );
    const badges = runs[0]!.badges;
    const w = median(runs.map((r) => r.writeMs));
    const b = median(runs.map((r) => r.batchedMs));
    const i = median(runs.map((r) => r.interleavedMs));
    console.log(
      `${file}: ${badges} badges — write ${w.toFixed(1)} ms; place batched ${b.toFixed(1)} ms (${((b * 1000) / badges).toFixed(0)} µs a badge); badge by badge ${i.toFixed(1)} ms (×${(i / b).toFixed(1)}); spots ${JSON.stringify(runs[0]!.spots)}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
