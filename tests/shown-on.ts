/**
 * What the engine shows on a snippet of markup, through the generic adapter with its tile
 * fallback, as `kind:text=ref` rows: the site-rule tests' one way to scan written markup.
 */
import { setBody } from './html';
import { buildLexicon, loadLexicon, type Lexicon, type LexiconEntry } from '@/lib/detect/lexicon';
import { createScanEnv, scanAll } from '@/lib/detect/scan';
import { GENERIC_ARTICLE, withTileFallback } from '@/lib/sites/registry';

export const lexiconOf = (entries: LexiconEntry[]): Lexicon => loadLexicon(buildLexicon(entries));

/** The detections shown at the default floor (0.6) on `html`, as `kind:text=ref`. */
export function shownOn(lex: Lexicon, html: string): string[] {
  setBody(html); // written for a test, not index data
  const env = createScanEnv(lex, withTileFallback(GENERIC_ARTICLE, document), new Map());
  return scanAll(document.body, env)
    .filter((d) => d.confidence >= 0.6 && d.entries.length)
    .map((d) => `${d.kind}:${d.text}=${d.refs[0]}`);
}
