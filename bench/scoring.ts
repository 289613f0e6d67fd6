/**
 * Scoring cost, as the engine pays it: the real pages of ../shared/data/pages are read into their
 * digests once (happy-dom, not timed: in a browser the content script does that), then each digest
 * is scored with the 36k lexicon, at the shown floor (detectDigest, what the engine runs) and in
 * full (scoreDigest at floor 0, the CLI's --all). Reported per title match of the matcher, medians
 * of 15 runs, and the fastest (steadier on a busy machine). `npm run bench:scoring` bundles it
 * first with esbuild, as the extension's build does: run through tsx, every function carries a
 * `__name` wrapper (esbuild's keepNames), ~4% of scoring in a CPU profile and more where closures
 * are made per match. To compare with another commit, copy this file there and run both bundles
 * back to back, alternating (docs/performance.md, scoring cost).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { filmEntries, indexEntries, lexiconOf, parseHtml, PAGES_DIR } from '../scripts/detect-lib';
import { createCollector } from '../lib/detect/collect';
import { unitText, type PageDigest } from '../lib/detect/digest';
import { createDigestEnv, createShown, detectDigest, elementsOf, scoreDigest } from '../lib/detect/score';
import { createMatcher } from '../lib/detect/matcher';
import { adapterFor, GENERIC_ARTICLE, withTileFallback } from '../lib/sites/registry';

const lex = lexiconOf([...(await indexEntries()), ...(await filmEntries())]);
const matcher = createMatcher(lex);
const pages = readdirSync(PAGES_DIR).filter((f) => f.endsWith('.html'));

/** One page's digest, whole (a single piece: how it is cut does not change the scores). */
function digestOf(file: string): { digest: PageDigest; matches: number; chars: number } {
  const url = file.startsWith('vox')
    ? 'https://www.vox.com/culture/2017/12/15/16751872/best-movies-2017'
    : `https://${file.split('_')[0]}.com/x`;
  const { document } = parseHtml(readFileSync(`${PAGES_DIR}/${file}`, 'utf8'), url);
  const adapter = withTileFallback(adapterFor(new URL(url).hostname) ?? GENERIC_ARTICLE, document);
  const builder = createCollector(document, adapter).scan([document.body], { page: true });
  while (builder.step());
  const digest = builder.take().digest;
  const elements = elementsOf(digest);
  let matches = 0;
  let chars = 0;
  for (const u of digest.units)
    if (u.kind === 'text') {
      const text = unitText(u, u.block === undefined ? undefined : elements.get(u.block));
      chars += text.length;
      matches += matcher.find(text).length;
    }
  return { digest, matches, chars };
}

const digests = pages.map(digestOf);
const matches = digests.reduce((n, d) => n + d.matches, 0);
const chars = digests.reduce((n, d) => n + d.chars, 0);

function run(full: boolean): { ms: number; found: number } {
  let found = 0;
  const t0 = performance.now();
  for (const { digest } of digests) {
    const env = createDigestEnv(lex, digest.page!, matcher);
    if (full) {
      env.floor = 0;
      found += scoreDigest(digest, env).length;
    } else found += detectDigest(digest, env, createShown(env, 0.6)).length;
  }
  return { ms: performance.now() - t0, found };
}

for (let i = 0; i < 3; i++) {
  run(true);
  run(false);
}
const full: number[] = [];
const shown: number[] = [];
const found = { full: 0, shown: 0 };
for (let i = 0; i < 15; i++) {
  const a = run(true);
  full.push(a.ms);
  found.full = a.found;
  const b = run(false);
  shown.push(b.ms);
  found.shown = b.found;
}
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
const us = (ms: number) => Math.round((ms * 1000 * 10) / matches) / 10;
console.log(
  JSON.stringify({
    pages: pages.length,
    chars,
    matches,
    fullMs: Math.round(median(full)),
    shownMs: Math.round(median(shown)),
    fullUsPerMatch: us(median(full)),
    shownUsPerMatch: us(median(shown)),
    fastest: { fullUsPerMatch: us(Math.min(...full)), shownUsPerMatch: us(Math.min(...shown)) },
    found,
  }),
);
