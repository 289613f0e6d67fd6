/**
 * Bundled by bench/scan-browser.ts and run in a Chromium page: the content script's detection over
 * the page's real DOM, without the extension around it (no messaging, no marks written), so its
 * cost can be split into walking the text, matching and scoring.
 */
import { loadLexicon, type CompactLexicon } from '../lib/detect/lexicon';
import { createScanEnv, scanAll, SURE } from '../lib/detect/scan';
import { GENERIC_ARTICLE } from '../lib/sites/registry';

export interface ScanTimes {
  /** TreeWalker over every text node, reading its data. */
  walkMs: number;
  /** … and the matcher over each node's text. */
  matchMs: number;
  /** The whole detection: walk, match, score (scanAll), with the content app's filter. */
  scanMs: number;
  /** The same, the first time: a cold JIT and the lexicon's lazy decodes, as on a real page load. */
  firstScanMs: number;
  matches: number;
  shown: number;
}

export function scanTimes(message: string, minConfidence: number, runs: number): ScanTimes {
  const lex = loadLexicon(JSON.parse(message) as CompactLexicon);
  const out: ScanTimes = {
    walkMs: Infinity,
    matchMs: Infinity,
    scanMs: Infinity,
    firstScanMs: 0,
    matches: 0,
    shown: 0,
  };
  // scanAll applies the content app's rules (threshold, "named again"); count what it shows.
  const scan = (env: ReturnType<typeof createScanEnv>) =>
    scanAll(document, env, minConfidence).filter(
      (d) => d.kind === 'text' && d.entries.length && d.confidence >= minConfidence,
    ).length;
  {
    // First, as on a page load: nothing compiled or decoded yet.
    const env = createScanEnv(lex, GENERIC_ARTICLE);
    env.floor = Math.min(minConfidence, SURE);
    const t0 = performance.now();
    scan(env);
    out.firstScanMs = performance.now() - t0;
  }
  for (let r = 0; r < runs; r++) {
    const env = createScanEnv(lex, GENERIC_ARTICLE);
    env.floor = Math.min(minConfidence, SURE);
    let t0 = performance.now();
    let chars = 0;
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) chars += (n as Text).data.length;
    out.walkMs = Math.min(out.walkMs, performance.now() - t0);
    t0 = performance.now();
    let matches = 0;
    const w2 = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = w2.nextNode(); n; n = w2.nextNode()) matches += env.matcher.find((n as Text).data).length;
    out.matchMs = Math.min(out.matchMs, performance.now() - t0);
    out.matches = matches;
    t0 = performance.now();
    const shown = scan(env);
    out.scanMs = Math.min(out.scanMs, performance.now() - t0);
    out.shown = shown;
    if (chars < 0) throw new Error('unreachable: keeps the walk from being optimised away');
  }
  return out;
}
