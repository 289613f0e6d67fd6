/**
 * What the engine shows on a snippet of markup, through the generic adapter with its tile
 * fallback, as `kind:text=ref` rows: the site-rule tests' one way to scan written markup.
 */
import { setBody } from './html';
import { buildLexicon, loadLexicon, type Lexicon, type LexiconEntry } from '@/lib/detect/lexicon';
import { createScanEnv, scanAll, type ScanEnv } from '@/lib/detect/scan';
import { GENERIC_ARTICLE, withTileFallback } from '@/lib/sites/registry';
import { FEATURES } from '@/lib/detect/weights';

export const lexiconOf = (entries: LexiconEntry[]): Lexicon => loadLexicon(buildLexicon(entries));

/** The detections shown at the default floor (0.6) on `html`, as `kind:text=ref`. */
export function shownOn(lex: Lexicon, html: string): string[] {
  setBody(html); // written for a test, not index data
  const env = createScanEnv(lex, withTileFallback(GENERIC_ARTICLE, document), new Map());
  return scanAll(document.body, env)
    .filter((d) => d.confidence >= 0.6 && d.entries.length)
    .map((d) => `${d.kind}:${d.text}=${d.refs[0]}`);
}

/** Each match's text with the features it was scored on, filled in as `env` scans. */
export function recordFeatures(env: ScanEnv): Map<string, string[]> {
  const out = new Map<string, string[]>();
  env.onFeatures = (x, found) =>
    out.set(
      found.text,
      FEATURES.filter((_, i) => x[i]),
    );
  return out;
}

/** Each match's text with the features it was scored on (the generic adapter, no page ids). */
export function featuresOn(lex: Lexicon, html: string): Map<string, string[]> {
  setBody(html); // written or quoted for a test, not index data
  const env = createScanEnv(lex, GENERIC_ARTICLE, new Map());
  const out = recordFeatures(env);
  scanAll(document.body, env);
  return out;
}
