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
    add(lex.byId(id), linkReason(id));
  }
  return found;
}

const SITE_LABEL: Record<string, string> = {
  imdb: 'IMDb',
  letterboxd: 'Letterboxd',
  tmdb: 'TMDB',
  wikidata: 'Wikidata',
  wikipedia: 'Wikipedia',
};

/** The reason given for an entry named by a link to its page ("IMDb link on the page"). */
export function linkReason(id: string): string {
  const site = id.slice(0, id.indexOf(':'));
  return `${SITE_LABEL[site] ?? site} link on the page`;
}

/**
 * Id sites whose links on this page led to films of the index: the index knows that site's ids,
 * so a link there that leads to no film of the index is about something else (#3: on Wikipedia,
 * "New Year's Eve" links to the holiday, not to the 2011 film).
 */
export function linkedSites(pageEntries: ReadonlyMap<number, string>): Set<string> {
  const reasons = new Set(pageEntries.values());
  return new Set(Object.keys(SITE_LABEL).filter((k) => reasons.has(linkReason(`${k}:`))));
}

/** The year a dated page (news, review) was published: a film released after it is not meant. */
export function pageYear(doc: Document, url: string): number | undefined {
  const plausible = (y: number) => (y >= 1900 && y <= new Date().getFullYear() + 1 ? y : undefined);
  const fromText = (s: string | null | undefined) => {
    const m = s?.match(/^\s*((?:19|20)\d\d)-\d\d/);
    return m ? plausible(Number(m[1])) : undefined;
  };
  for (const sel of [
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="parsely-pub-date"]',
    'meta[name="sailthru.date"]',
    'meta[name="pubdate"]',
    'meta[name="date"]',
  ]) {
    // Some sites write the meta's value in `value` (Rolling Stone).
    const meta = doc.querySelector(sel);
    const y = fromText(meta?.getAttribute('content') ?? meta?.getAttribute('value'));
    if (y) return y;
  }
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    // The article's date, not a film's: Movie items carry their own datePublished.
    const m = (script.textContent ?? '').match(
      /"@type"\s*:\s*"(?:News)?Article"[^]*?"datePublished"\s*:\s*"([^"]+)"|"datePublished"\s*:\s*"([^"]+)"[^]*?"@type"\s*:\s*"(?:News)?Article"/,
    );
    const y = fromText(m?.[1] ?? m?.[2]);
    if (y) return y;
  }
  // News URLs carry the date: vox.com/culture/2017/12/15/…
  const m = url.match(/\/((?:19|20)\d\d)\/(?:0[1-9]|1[0-2])\/(?:[0-3]\d\/)?/);
  return m ? plausible(Number(m[1])) : undefined;
}
