/**
 * What a page says about itself, read from its document for the digest (lib/detect/digest.ts
 * PageFacts): its URL, its links to id sites, its JSON-LD films, its Open Graph type and title,
 * its publication date. lib/detect/ids.ts turns these into entries and a year; this module needs
 * no lexicon (it runs in the content script).
 */
import { MAX_LINK_IDS, type LdMovieFacts, type PageFacts } from './digest';
import { idFromUrl } from './ids';

/** Links that can lead to an id site's film page (absolute, or relative on the site itself). */
const ID_LINKS =
  'a[href*="imdb.com/title/"],a[href*="letterboxd.com/"],a[href*="themoviedb.org/movie/"],a[href*="wikidata.org/"],a[href*="wikipedia.org/wiki/"],a[href^="/wiki/"],a[href^="/film/"]';

/** Meta tags giving a page's publication date, best first (some sites write `value`, not `content`). */
const DATE_METAS = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="parsely-pub-date"]',
  'meta[name="sailthru.date"]',
  'meta[name="pubdate"]',
  'meta[name="date"]',
];

/**
 * The article's date in JSON-LD, not a film's: Movie items carry their own datePublished. Read
 * on the script's text, so it finds the article's date in a graph whatever its nesting.
 */
const ldArticleField = (field: string) =>
  new RegExp(
    `"@type"\\s*:\\s*"(?:News)?Article"[^]*?"${field}"\\s*:\\s*"([^"]+)"|"${field}"\\s*:\\s*"([^"]+)"[^]*?"@type"\\s*:\\s*"(?:News)?Article"`,
  );
const LD_ARTICLE_DATE = ldArticleField('datePublished');

/**
 * When the page was last changed: a wiki article created in 2014 and edited since names films of
 * 2020 without their being "after the page was written". Meta tags first, then JSON-LD articles.
 */
const MODIFIED_METAS = ['meta[property="article:modified_time"]', 'meta[property="og:updated_time"]'];
const LD_ARTICLE_MODIFIED = ldArticleField('dateModified');

const strings = (x: unknown): string[] =>
  (Array.isArray(x) ? x : x === undefined ? [] : [x]).filter((s): s is string => typeof s === 'string');

const NESTED = ['itemReviewed', 'mainEntity', 'about'] as const;
function* ldMovies(node: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (depth > 4) return;
  if (Array.isArray(node)) for (const n of node) yield* ldMovies(n, depth + 1);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const type = o['@type'];
    if (type === 'Movie' || (Array.isArray(type) && type.includes('Movie'))) yield o;
    if (o['@graph']) yield* ldMovies(o['@graph'], depth + 1);
    // A review's film, a page's main subject: nested in the item that names them
    // (https://schema.org/Review itemReviewed, https://schema.org/WebPage mainEntity, about).
    for (const key of NESTED) if (o[key] && typeof o[key] === 'object') yield* ldMovies(o[key], depth + 1);
  }
}

function movieFacts(o: Record<string, unknown>): LdMovieFacts {
  const date = o['datePublished'];
  const url = o['url'];
  return {
    links: [...(typeof url === 'string' ? [url] : []), ...strings(o['sameAs'])],
    names: [...strings(o['name']), ...strings(o['alternateName'])],
    ...(typeof date === 'string' ? { datePublished: date } : {}),
  };
}

/** Reads the facts of `doc`, whose address is `url` (document.URL in a browser). */
export function readPageFacts(doc: Document, url: string): PageFacts {
  const dates: string[] = [];
  for (const sel of DATE_METAS) {
    const meta = doc.querySelector(sel);
    const value = meta?.getAttribute('content') ?? meta?.getAttribute('value');
    if (value) dates.push(value);
  }
  const modified: string[] = [];
  for (const sel of MODIFIED_METAS) {
    const value = doc.querySelector(sel)?.getAttribute('content');
    if (value) modified.push(value);
  }
  const ldMovieList: LdMovieFacts[] = [];
  const ldDates: string[] = [];
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    const text = script.textContent ?? '';
    const m = text.match(LD_ARTICLE_DATE);
    const date = m?.[1] ?? m?.[2];
    if (date) ldDates.push(date);
    const changed = text.match(LD_ARTICLE_MODIFIED);
    if (changed?.[1] ?? changed?.[2]) modified.push((changed[1] ?? changed[2])!);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    for (const movie of ldMovies(data)) ldMovieList.push(movieFacts(movie));
  }
  const linkIds = new Set<string>();
  for (const a of Array.from(doc.querySelectorAll(ID_LINKS))) {
    if (linkIds.size >= MAX_LINK_IDS) break;
    let href: string;
    try {
      href = new URL(a.getAttribute('href') ?? '', url).href;
    } catch {
      continue;
    }
    const id = idFromUrl(href);
    if (id) linkIds.add(id);
  }
  const meta = (property: string) =>
    doc.querySelector(`meta[property="${property}"]`)?.getAttribute('content') ?? undefined;
  const ogType = meta('og:type');
  const ogTitle = meta('og:title');
  const docTitle = short(doc.title, 300);
  const heading = headingOf(doc);
  return {
    url,
    linkIds: [...linkIds],
    ldMovies: ldMovieList,
    ...(ogType !== undefined ? { ogType } : {}),
    ...(ogTitle !== undefined ? { ogTitle } : {}),
    ...(docTitle ? { docTitle } : {}),
    ...(heading ? { heading } : {}),
    dates: [...dates, ...ldDates],
    ...(modified.length ? { modified } : {}),
  };
}

/** Text tidied, or undefined when empty or longer than `most` (a heading, not a page). */
function short(text: string | null | undefined, most: number): string | undefined {
  if (!text || text.length > most * 4) return undefined;
  const tidy = text.replace(/\s+/g, ' ').trim();
  return tidy && tidy.length <= most ? tidy : undefined;
}

const YEAR_IN = /(?:^|[\s(])((?:18|19|20)\d\d)(?:[)\s]|$)/;

/** The first h1 and a year beside it: a film's own page writes "Heat (1995)" there. */
function headingOf(doc: Document): PageFacts['heading'] {
  const h1 = doc.querySelector('h1');
  const text = short(h1?.textContent, 200);
  if (!h1 || !text) return undefined;
  const own = /\((\d{4})\)$/.exec(text);
  const next = short(h1.nextElementSibling?.textContent, 40);
  const year = Number(own?.[1] ?? (next ? YEAR_IN.exec(next)?.[1] : undefined)) || undefined;
  return year ? { text: own ? text.slice(0, own.index).trim() : text, year } : { text };
}
