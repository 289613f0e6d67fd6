/**
 * The labelled corpus of `npm run eval` and `npm run fit` (conventions in tests/eval/README.md):
 * the labels, the pages' HTML, and the eval lexicon, which holds every labelled film. The lexicon
 * is the film catalogues of ../shared/data/films (Wikipedia's American films with cast, Cannes
 * competition films with original titles and directors, FiveThirtyEight's Bechdel set with IMDb
 * ids, vega's films with directors), the bundled index, and each labelled film no catalogue holds
 * (title and year only, plus the label's aliases). Same-titled films stay apart (Oldboy 2003 from
 * the labels, Oldboy 2013 from Wikipedia), so "which film" is tested.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { buildLexicon, loadLexicon, type Lexicon, type LexiconEntry } from '../../lib/detect/lexicon';
import { normalizeTitle } from '../../lib/text/normalize';
import { PAGES_DIR, SHARED, filmEntries, indexEntries } from '../../scripts/detect-lib';

export type Kind = 'text' | 'tiles';
export type Counted = 'text' | 'tile' | 'id';

export interface Negative {
  /** The words as the page writes them. */
  text: string;
  /** What they name here: tv, publication, place, franchise, album, character… */
  why: string;
}

export interface PageLabel {
  file: string;
  url: string;
  kind: Kind;
  /** Which detections count (default: text and ids on text pages, tiles on tile pages). */
  count?: Counted[];
  /** Films the visible page names, "Title|Year". */
  expected: string[];
  /** Arguable either way: count neither for nor against. */
  ignore: string[];
  /** Films named only in attributes (alt, title, aria-label) with no visible text: reported, not scored. */
  attributesOnly?: string[];
  /** Words on the page that spell a film's title but name something else here. */
  negatives?: Negative[];
  /** Other titles a labelled film goes by on the page (a local title), added to the eval lexicon. */
  aliases?: Record<string, string[]>;
}

export interface Labels {
  about: string;
  pages: PageLabel[];
}

const HERE = join(process.cwd(), 'tests', 'eval');
export const LOCAL_PAGES = join(HERE, 'pages');

export async function loadLabels(): Promise<Labels> {
  return JSON.parse(await readFile(join(HERE, 'labels.json'), 'utf8')) as Labels;
}

export async function pageHtml(file: string): Promise<string> {
  const [where, name] = file.split(':') as [string, string];
  return readFile(where === 'shared' ? join(PAGES_DIR, name) : join(LOCAL_PAGES, name), 'utf8');
}

/** The site a page belongs to, for leave-one-site-out: its host without "www.". */
export const siteOf = (page: Pick<PageLabel, 'url'>): string =>
  new URL(page.url).hostname.replace(/^www\./, '');

export const keyParts = (key: string): { title: string; year: number } => {
  const bar = key.lastIndexOf('|');
  return { title: key.slice(0, bar), year: Number(key.slice(bar + 1)) };
};

const FILMS = join(SHARED, 'data', 'films');
const imdbOf = (url: string | undefined) => url?.match(/tt\d{7,}/)?.[0];

async function csv(file: string): Promise<Record<string, string>[]> {
  const text = await readFile(file, 'utf8');
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"');

/** Every catalogue of ../shared/data/films as lexicon entries, in source order. */
export async function catalogueEntries(): Promise<LexiconEntry[]> {
  const out: LexiconEntry[] = [...(await indexEntries()), ...(await filmEntries())];
  (await csv(join(FILMS, 'cannes-films', 'films.csv'))).forEach((r, i) => {
    const imdb = imdbOf(r['imdb_url']);
    const original = r['original_title']?.trim();
    out.push({
      ref: `cannes/${i}`,
      title: r['title']!,
      ...(original && original !== r['title'] ? { aliases: [original] } : {}),
      year: Number(r['year']),
      ...(r['director'] ? { people: [r['director']] } : {}),
      ...(imdb ? { ids: { imdb } } : {}),
    });
  });
  (await csv(join(FILMS, 'fivethirtyeight', 'bechdel_movies.csv'))).forEach((r, i) => {
    out.push({
      ref: `bechdel/${i}`,
      title: unescapeHtml(r['title']!),
      year: Number(r['year']),
      ids: { imdb: r['imdb']! },
    });
  });
  const vega = JSON.parse(await readFile(join(FILMS, 'vega-movies', 'movies.json'), 'utf8')) as {
    Title: string | number;
    'Release Date'?: string | null;
    Director?: string | null;
  }[];
  vega.forEach((m, i) => {
    const year = Number(m['Release Date']?.match(/\d{4}/)?.[0]);
    if (!year) return;
    out.push({
      ref: `vega/${i}`,
      title: String(m.Title),
      year,
      ...(m.Director ? { people: [m.Director] } : {}),
    });
  });
  return out;
}

export interface EvalLexicon {
  lex: Lexicon;
  /** A lexicon film a label key names (same title or alias, year ±1), or -1. */
  resolve(key: string): number;
  /** Every lexicon film the key names (a catalogue can hold one film twice under two titles). */
  resolveAll(key: string): number[];
  /** Labelled films no catalogue held, added from the labels. */
  added: string[];
}

/** The eval lexicon: every catalogue, and every labelled film (with the labels' aliases). */
export async function evalLexicon(labels: Labels): Promise<EvalLexicon> {
  const entries = await catalogueEntries();
  const known = new Map<string, number[]>();
  for (const e of entries)
    for (const t of [e.title, ...(e.aliases ?? [])]) {
      const k = normalizeTitle(t);
      const ys = known.get(k) ?? [];
      if (e.year) ys.push(e.year);
      known.set(k, ys);
    }
  const added: string[] = [];
  const seen = new Set<string>();
  for (const page of labels.pages) {
    for (const key of [...page.expected, ...page.ignore, ...(page.attributesOnly ?? [])]) {
      const aliases = page.aliases?.[key] ?? [];
      if (seen.has(key)) continue;
      seen.add(key);
      const { title, year } = keyParts(key);
      const held = known.get(normalizeTitle(title))?.some((y) => Math.abs(y - year) <= 1);
      if (held && !aliases.length) continue;
      // A catalogue's film with the label's aliases joins it (same title and year: one film).
      if (!held) added.push(key);
      entries.push({ ref: `label/${entries.length}`, title, year, ...(aliases.length ? { aliases } : {}) });
    }
  }
  const lex = loadLexicon(buildLexicon(entries));
  const aliasesOf = new Map<string, string[]>();
  for (const page of labels.pages)
    for (const [k, a] of Object.entries(page.aliases ?? {})) aliasesOf.set(k, a);
  const cache = new Map<string, number[]>();
  // A catalogue may list one film twice under two titles ("Star Wars: Episode V - The Empire Strikes
  // Back" and "The Empire Strikes Back", 1980): every film of the label's title or aliases, year ±1.
  const resolveAll = (key: string): number[] => {
    let r = cache.get(key);
    if (r) return r;
    const { title, year } = keyParts(key);
    const out = new Set<number>();
    for (const t of [title, ...(aliasesOf.get(key) ?? [])]) {
      const node = lex.lookupNode(t);
      if (node < 0) continue;
      for (const term of lex.terms(node))
        if (Math.abs(lex.years[term.entry]! - year) <= 1) out.add(term.entry);
    }
    cache.set(key, (r = [...out]));
    return r;
  };
  const resolve = (key: string) => resolveAll(key)[0] ?? -1;
  return { lex, resolve, resolveAll, added };
}
