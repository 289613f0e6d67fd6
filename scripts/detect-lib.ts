/**
 * Node-side helpers shared by `npm run detect`, `npm run eval` and `npm run bench`: build a
 * lexicon from an index file or from ../shared/data/films, and run the extension's own detection
 * code (same adapters, matcher and scan) on a page in happy-dom. Never bundled into the extension.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Window } from 'happy-dom';
import { validateIndex } from '../lib/index/schema';
import { lexiconEntry } from '../lib/background/service';
import { buildLexicon, loadLexicon, type Lexicon, type LexiconEntry } from '../lib/detect/lexicon';
import { pageEntriesOf } from '../lib/detect/ids';
import { readPageFacts } from '../lib/detect/page-facts';
import { createScanEnv, scanAll, type Detection, type ScanEnv } from '../lib/detect/scan';
import { adapterFor, GENERIC_ARTICLE, withTileFallback } from '../lib/sites/registry';
import { buildBundledIndex } from './bundled-index';
import type { Weights } from '../lib/detect/weights';

export const SHARED = resolve(process.cwd(), '..', 'shared');
export const FILMS_DIR = join(SHARED, 'data', 'films', 'wikipedia-movie-data');
export const PAGES_DIR = join(SHARED, 'data', 'pages');

/** Lexicon entries of an index file (or the bundled index built from reviews/). */
export async function indexEntries(file?: string): Promise<LexiconEntry[]> {
  const raw: unknown = file
    ? JSON.parse(await readFile(file, 'utf8'))
    : JSON.parse(await buildBundledIndex());
  const { entries } = validateIndex(raw);
  return entries.map((e) => lexiconEntry(`${file ? 'file' : 'bundled'}/${e.id}`, e));
}

interface WikiFilm {
  title: string;
  year: number;
  cast?: string[];
  href?: string;
}

/** The 36k American films of ../shared/data/films/wikipedia-movie-data as lexicon entries. */
export async function filmEntries(): Promise<LexiconEntry[]> {
  const out: LexiconEntry[] = [];
  const files = (await readdir(FILMS_DIR)).filter((f) => /^movies-\d+s\.json$/.test(f)).sort();
  for (const f of files) {
    const films = JSON.parse(await readFile(join(FILMS_DIR, f), 'utf8')) as WikiFilm[];
    films.forEach((film, i) => {
      out.push({
        ref: `wiki/${f.slice(7, 12)}-${i}`,
        title: film.title,
        year: film.year,
        people: (film.cast ?? []).slice(0, 4),
        ids: film.href ? { wikipedia: decodeURIComponent(film.href).replace(/ /g, '_') } : undefined,
      });
    });
  }
  return out;
}

export function parseHtml(html: string, url: string): { document: Document; close: () => Promise<void> } {
  // Scripts never run: the page is data here, as it is to the content script.
  const window = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
    },
  });
  const document = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  return { document, close: () => window.happyDOM.close() };
}

/** Detect films on a page exactly as the content script would (without marking). */
export function detectDocument(
  document: Document,
  url: string,
  lex: Lexicon,
  weights?: Weights,
  onFeatures?: ScanEnv['onFeatures'],
): Detection[] {
  const adapter = withTileFallback(adapterFor(new URL(url).hostname) ?? GENERIC_ARTICLE, document);
  const env = createScanEnv(lex, adapter, pageEntriesOf(readPageFacts(document, url), lex));
  if (weights) env.weights = weights;
  if (onFeatures) env.onFeatures = onFeatures;
  return scanAll(document.body, env);
}

export interface DetectionRow {
  kind: Detection['kind'];
  text: string;
  ref: string;
  refs: string[];
  title: string;
  year?: number;
  confidence: number;
  reason: string;
  snippet: string;
}

export function toRows(lex: Lexicon, ds: Detection[]): DetectionRow[] {
  return ds
    .filter((d) => d.entries.length)
    .map((d) => {
      const e = d.entries[0]!;
      let snippet = d.text;
      if (d.kind === 'text') {
        const s = d.node.data;
        snippet = s
          .slice(Math.max(0, d.start - 40), d.end + 40)
          .replace(/\s+/g, ' ')
          .trim();
      } else if (d.kind === 'tile')
        snippet = (d.element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
      return {
        kind: d.kind,
        text: d.text,
        ref: d.refs[0]!,
        refs: d.refs,
        title: lex.titles[e]!,
        ...(lex.years[e] ? { year: lex.years[e] } : {}),
        confidence: d.confidence,
        reason: d.reason,
        snippet,
      };
    });
}

export function lexiconOf(entries: LexiconEntry[]): Lexicon {
  return loadLexicon(buildLexicon(entries));
}
