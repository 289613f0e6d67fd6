/**
 * Ids before words: a page that says which film it is about — JSON-LD Movie, og:type video.movie,
 * its own URL on IMDb/Letterboxd/TMDB/Wikidata/Wikipedia, links to those pages — is matched by
 * id with full confidence, before any of its words are.
 */
import type { IdKind, Lexicon } from './lexicon';

/** External ids found in a URL ("imdb:tt0111161"), or undefined. */
export function idFromUrl(href: string): string | undefined {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return undefined;
  }
  const host = u.hostname.replace(/^(www|m)\./, '');
  const path = u.pathname;
  let m: RegExpMatchArray | null;
  const key = (kind: IdKind, id: string) => `${kind}:${id}`;
  if (host.endsWith('imdb.com') && (m = path.match(/^\/(?:[a-z]{2}\/)?title\/(tt\d{5,10})\b/)))
    return key('imdb', m[1]!);
  if (host === 'letterboxd.com' && (m = path.match(/^\/(?:[\w.-]+\/)?film\/([a-z0-9-]+)\/?/)))
    return key('letterboxd', m[1]!);
  if (host === 'themoviedb.org' && (m = path.match(/^\/movie\/(\d+)/))) return key('tmdb', m[1]!);
  if (host === 'wikidata.org' && (m = path.match(/^\/(?:wiki|entity)\/(Q\d+)$/)))
    return key('wikidata', m[1]!);
  if (host.endsWith('wikipedia.org') && (m = path.match(/^\/wiki\/([^/?#]+)$/)))
    return key('wikipedia', normalizeWikiSlug(m[1]!));
  return undefined;
}

/** "The%20Avengers_(2012_film)" and "The_Avengers_(2012_film)" are one article. */
export function normalizeWikiSlug(slug: string): string {
  let s = slug;
  try {
    s = decodeURIComponent(slug);
  } catch {
    // keep as written
  }
  return s.replace(/ /g, '_');
}

interface LdMovie {
  name?: string;
  alternateName?: string | string[];
  datePublished?: string;
  sameAs?: string | string[];
  url?: string;
}

function* ldMovies(node: unknown): Generator<LdMovie> {
  if (Array.isArray(node)) for (const n of node) yield* ldMovies(n);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const type = o['@type'];
    if (type === 'Movie' || (Array.isArray(type) && type.includes('Movie'))) yield o as LdMovie;
    if (o['@graph']) yield* ldMovies(o['@graph']);
  }
}

/**
 * Entries this page names by id or by its own metadata, each with the reason in words. Looks at
 * the URL, JSON-LD, Open Graph and links; links are read once per scan (one querySelectorAll).
 */
export function pageEntries(doc: Document, url: string, lex: Lexicon): Map<number, string> {
  const found = new Map<number, string>();
  const add = (entries: number[], reason: string) => {
    for (const e of entries) if (!found.has(e)) found.set(e, reason);
  };
  const own = idFromUrl(url);
  if (own) add(lex.byId(own), 'this page is the film’s page');
  const byTitle = (title: string | undefined, year?: number) => {
    if (!title) return [];
    const node = lex.lookupNode(title);
    if (node < 0) return [];
    const entries = [...new Set(lex.terms(node).map((t) => t.entry))];
    const dated = year ? entries.filter((e) => Math.abs(lex.years[e]! - year) <= 1) : [];
    return dated.length ? dated : entries.length === 1 ? entries : [];
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    for (const movie of ldMovies(data)) {
      const links = [movie.url, ...[movie.sameAs ?? []].flat()].filter(
        (x): x is string => typeof x === 'string',
      );
      for (const href of links) {
        const id = idFromUrl(href);
        if (id) add(lex.byId(id), 'film named by the page’s structured data');
      }
      const year = Number(movie.datePublished?.slice(0, 4)) || undefined;
      for (const name of [movie.name, ...[movie.alternateName ?? []].flat()])
        add(byTitle(name, year), 'film named by the page’s structured data');
    }
  }
  const ogType = doc.querySelector('meta[property="og:type"]')?.getAttribute('content');
  if (ogType === 'video.movie') {
    const raw = doc.querySelector('meta[property="og:title"]')?.getAttribute('content') ?? '';
    const m = raw.match(/^(.*?)\s*(?:\((\d{4})\))?\s*(?:[-|–•].*)?$/);
    add(byTitle(m?.[1] ?? raw, Number(m?.[2]) || undefined), 'film named by the page’s metadata');
  }
  for (const a of Array.from(
    doc.querySelectorAll<HTMLAnchorElement>(
      'a[href*="imdb.com/title/"],a[href*="letterboxd.com/"],a[href*="themoviedb.org/movie/"],a[href*="wikidata.org/"],a[href*="wikipedia.org/wiki/"],a[href^="/wiki/"],a[href^="/film/"]',
    ),
  )) {
    const id = idFromUrl(new URL(a.getAttribute('href') ?? '', url).href);
    if (!id) continue;
    const site = id.slice(0, id.indexOf(':'));
    const label = {
      imdb: 'IMDb',
      letterboxd: 'Letterboxd',
      tmdb: 'TMDB',
      wikidata: 'Wikidata',
      wikipedia: 'Wikipedia',
    }[site];
    add(lex.byId(id), `${label ?? site} link on the page`);
  }
  return found;
}
