/**
 * The lexicon load where it really happens: a page in Debian's Chromium (#3: "loads in the content
 * script in under 20 ms"). Node 20's JSON.parse is several times slower than Chromium 156's on the
 * same one-byte message, so the Node figure in bench/run.ts overstates the browser's. The lexicon
 * module is bundled with esbuild and run in a blank page; the message string is parsed there, as
 * the messaging layer does, and the Lexicon built from it. "Ready" adds what the first match
 * decodes lazily (terms, years, ratings of the trie), so nothing is hidden behind laziness.
 */
import { bundleScript, launchPlainChromium } from './in-page';
import { repoPath } from '../tests/paths';

export interface BrowserLoad {
  /** JSON.parse of the message, best of 7 (ms). */
  parseMs: number;
  /** JSON.parse + new Lexicon (ms). */
  loadMs: number;
  /** … + the first match's lazy decodes (ms). */
  readyMs: number;
  /** createMatcher on the new lexicon, then one find (ms). Best of 7. */
  matcherMs: number;
}

interface MatcherModule {
  createMatcher(lex: unknown): { find(text: string): unknown[] };
}

interface LexiconModule {
  loadLexicon(c: unknown): {
    terms(node: number): unknown;
    years: ArrayLike<number>;
    rating(entry: number): unknown;
  };
}

export async function lexiconLoadInChromium(
  messages: Record<string, string>,
  /** The lexicon module to load them with (another copy of it for an A/B run). */
  module = repoPath('bench/lexicon-entry.ts'),
): Promise<Record<string, BrowserLoad>> {
  const script = await bundleScript(module, 'MarqueeLexicon');
  const browser = await launchPlainChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>lexicon load</title><p>bench</p>');
    await page.addScriptTag({ content: script });
    const out: Record<string, BrowserLoad> = {};
    // The first pass over the first message only warms the page's heap and JIT: measured again below.
    const entries = Object.entries(messages);
    for (const [name, json] of [entries[0]!, ...entries]) {
      out[name] = await page.evaluate((message) => {
        const L = (globalThis as unknown as { MarqueeLexicon: LexiconModule }).MarqueeLexicon;
        const M = L as Partial<MatcherModule>;
        let matcherMs = Infinity;
        let parseMs = Infinity;
        let loadMs = Infinity;
        let readyMs = Infinity;
        for (let i = 0; i < 7; i++) {
          // From a collected heap each time, as a page's one load: the lexicons of the
          // runs before would otherwise bring GCs into this run's JSON.parse.
          (globalThis as unknown as { gc?: () => void }).gc?.();
          const t0 = performance.now();
          const parsed: unknown = JSON.parse(message);
          const t1 = performance.now();
          const lex = L.loadLexicon(parsed);
          const t2 = performance.now();
          lex.terms(1);
          void lex.years[0];
          lex.rating(0);
          const t3 = performance.now();
          // A cold matcher on the new lexicon (an older lexicon.ts given for an A/B run has none).
          if (M.createMatcher) {
            const matcher = M.createMatcher(lex);
            matcher.find('The Godfather and Up');
            matcherMs = Math.min(matcherMs, performance.now() - t3);
          }
          parseMs = Math.min(parseMs, t1 - t0);
          loadMs = Math.min(loadMs, t2 - t0);
          readyMs = Math.min(readyMs, t3 - t0);
        }
        return { parseMs, loadMs, readyMs, matcherMs };
      }, json);
    }
    return out;
  } finally {
    await browser.close();
  }
}
