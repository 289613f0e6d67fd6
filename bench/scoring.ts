/**
 * Scoring cost on the real pages of ../shared/data/pages in happy-dom with the 36k lexicon: every
 * page detected in full (floor 0, the CLI's --all) and at the shown floor (0.6), median of 5 runs.
 * To compare with another commit, run it there back to back (docs/performance.md, scoring cost).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { filmEntries, indexEntries, lexiconOf, parseHtml, PAGES_DIR } from '../scripts/detect-lib';
import { createScanEnv, scanAll } from '../lib/detect/scan';
import { pageEntriesOf } from '../lib/detect/ids';
import { readPageFacts } from '../lib/detect/page-facts';
import { adapterFor, GENERIC_ARTICLE, withTileFallback } from '../lib/sites/registry';
const lex = lexiconOf([...(await indexEntries()), ...(await filmEntries())]);
const pages = readdirSync(PAGES_DIR).filter((f) => f.endsWith('.html'));
const docs = pages.map((f) => {
  const url = f.startsWith('vox')
    ? 'https://www.vox.com/culture/2017/12/15/16751872/best-movies-2017'
    : `https://${f.split('_')[0]}.com/x`;
  return { url, ...parseHtml(readFileSync(`${PAGES_DIR}/${f}`, 'utf8'), url) };
});
function run(floor: number) {
  let n = 0;
  const t0 = performance.now();
  for (const d of docs) {
    const adapter = withTileFallback(adapterFor(new URL(d.url).hostname) ?? GENERIC_ARTICLE, d.document);
    const env = createScanEnv(lex, adapter, pageEntriesOf(readPageFacts(d.document, d.url), lex));
    env.floor = floor;
    n += scanAll(d.document.body, env).length + (env.givenUp ?? 0);
  }
  return { ms: performance.now() - t0, n };
}
for (let i = 0; i < 2; i++) run(0);
const full: number[] = [];
const shown: number[] = [];
const counts = { full: 0, shown: 0 };
for (let i = 0; i < 5; i++) {
  const a = run(0);
  full.push(a.ms);
  counts.full = a.n;
  const b = run(0.6);
  shown.push(b.ms);
  counts.shown = b.n;
}
const med = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
console.log(JSON.stringify({ fullMs: Math.round(med(full)), shownMs: Math.round(med(shown)), ...counts }));
