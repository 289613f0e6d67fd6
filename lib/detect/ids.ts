/**
 * Ids before words: a page that says which film it is about — JSON-LD Movie, og:type video.movie,
 * its own URL on IMDb/Letterboxd/TMDB/Wikidata/Wikipedia, links to those pages — is matched by
 * id with full confidence, before any of its words are. Reads the digest's page facts
 * (lib/detect/page-facts.ts reads them from the document), never the DOM.
 */
import { reviewedTitle } from './review-headline';
import type { PageFacts } from './digest';
import type { IdKind, Lexicon } from './lexicon';
import { tokenize } from './tokens';
import { firstYear } from '../sites/labels';
import { titleFromTrailer } from '../sites/trailer';

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

/**
 * Entries this page names by id or by its own metadata, each with the reason in words: its URL,
 * JSON-LD, Open Graph and links, as read into the digest's page facts (page-facts.ts).
 */
export function pageEntriesOf(page: PageFacts, lex: Lexicon): Map<number, string> {
  const found = new Map<number, string>();
  const add = (entries: number[], reason: string) => {
    for (const e of entries) if (!found.has(e)) found.set(e, reason);
  };
  const own = idFromUrl(page.url);
  if (own) add(lex.byId(own), 'this page is the film’s page');
  /** Every film of the title (its words as the index has them), distinct. */
  const filmsTitled = (title: string): number[] => {
    const node = lex.lookupNode(title);
    return node < 0 ? [] : [...new Set(lex.terms(node).map((t) => t.entry))];
  };
  /** Films of the title whose year agrees (±1), and none when none does. */
  const datedByTitle = (title: string, year: number) =>
    filmsTitled(title).filter((e) => Math.abs(lex.years[e]! - year) <= 1);
  /** The films of the year, or else the only film of the title. */
  const byTitle = (title: string | undefined, year?: number) => {
    if (!title) return [];
    const entries = filmsTitled(title);
    const dated = year ? entries.filter((e) => Math.abs(lex.years[e]! - year) <= 1) : [];
    return dated.length ? dated : entries.length === 1 ? entries : [];
  };
  for (const movie of page.ldMovies) {
    for (const href of movie.links) {
      const id = idFromUrl(href);
      if (id) add(lex.byId(id), 'film named by the page’s structured data');
    }
    const year = Number(movie.datePublished?.slice(0, 4)) || undefined;
    for (const name of movie.names) add(byTitle(name, year), 'film named by the page’s structured data');
  }
  // A page named after one film: its title starts "Heat (1995)" or "Heat (1995 film)", as
  // Wikipedia in every language, IMDb and TMDB title a film's page. The year must agree.
  const titled = DOC_TITLE.exec(page.docTitle ?? '');
  const titleYear = titled ? Number(titled[2]) : undefined;
  if (titled) add(datedByTitle(titled[1]!, titleYear!), 'film named by the page’s title');
  if (page.ogType === 'video.movie') {
    const raw = page.ogTitle ?? '';
    const m = raw.match(/^(.*?)\s*(?:\((\d{4})\))?\s*(?:[-|–•].*)?$/);
    const year = Number(m?.[2]) || page.heading?.year || titleYear;
    const named = byTitle(m?.[1] ?? raw, year);
    // og:title may carry more than the title ("Heat streaming: where to watch movie online?"):
    // the page's heading names it then, dated by the year written beside it.
    const heading = page.heading;
    add(
      named.length || !heading
        ? named
        : heading.year || titleYear
          ? datedByTitle(heading.text, (heading.year ?? titleYear)!)
          : byTitle(heading.text),
      'film named by the page’s metadata',
    );
  }
  if (page.ogType?.startsWith('video')) {
    // A trailer's own page (YouTube's watch page keeps its title in og:title, its DOM unrendered
    // until scripts run): the film whose trailer plays, by its title, or by a part of it that
    // names a film of the title's year ("Star Wars 8 THE LAST JEDI Official TRAILER (2017)").
    const trailer = titleFromTrailer(page.ogTitle);
    if (trailer) {
      const year = trailer.year ?? firstYear(page.ogTitle);
      const named = byTitle(trailer.title, year);
      add(
        named.length ? named : year ? datedPart(lex, trailer.title, year) : [],
        'film of the trailer the page plays',
      );
    }
  }
  // A review's headline names the film it reviews ("‘Barbie’ review – …"): that film when the
  // index has it, the one of the page's time when several share the title.
  const reviewed =
    reviewedTitle(page.heading?.text) ?? reviewedTitle(page.ogTitle) ?? reviewedTitle(page.docTitle);
  if (reviewed) {
    const entries = filmsTitled(reviewed);
    const year = pageYearOf(page);
    const current = year ? entries.filter((e) => lex.years[e]! >= year - 2 && lex.years[e]! <= year + 1) : [];
    add(current.length === 1 ? current : entries.length === 1 ? entries : [], 'the film the page reviews');
  }
  for (const id of page.linkIds) add(lex.byId(id), linkReason(id));
  return found;
}

/** "Heat (1995) – Wikipedia", "Heat (1995 film) - Wikipedia", "Heat (1995) - IMDb": a title, its year. */
const DOC_TITLE = /^(.{1,150}?)\s*\(((?:18|19|20)\d\d)(?:\s+[\p{L}-]+)?\)(?:\s.*)?$/u;

/**
 * The films that the longest run of a title's words names, when their year agrees with `year`
 * (a part alone is too weak without it: "Star Wars" of "Star Wars 8 The Last Jedi" is 1977's).
 */
function datedPart(lex: Lexicon, title: string, year: number): number[] {
  const tokens = tokenize(title);
  for (let len = tokens.length - 1; len > 0; len--)
    for (let from = 0; from + len <= tokens.length; from++) {
      const node = lex.lookupTokens(tokens.slice(from, from + len));
      if (node < 0) continue;
      const dated = [...new Set(lex.terms(node).map((t) => t.entry))].filter(
        (e) => Math.abs(lex.years[e]! - year) <= 1,
      );
      if (dated.length) return dated;
    }
  return [];
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
 * so a link there that leads to no film of the index is about something else (on Wikipedia,
 * "New Year's Eve" links to the holiday, not to the 2011 film).
 */
export function linkedSites(pageEntries: ReadonlyMap<number, string>): Set<string> {
  const reasons = new Set(pageEntries.values());
  return new Set(Object.keys(SITE_LABEL).filter((k) => reasons.has(linkReason(`${k}:`))));
}

const plausible = (y: number) => (y >= 1900 && y <= new Date().getFullYear() + 1 ? y : undefined);

/** The plausible year of a date as pages write it ("2017-12-15T…"), or undefined. */
function yearOfDate(date: string): number | undefined {
  const m = date.match(/^\s*((?:19|20)\d\d)-\d\d/);
  return m ? plausible(Number(m[1])) : undefined;
}

/** The latest plausible year of the page's last-change dates (PageFacts.modified). */
export function pageUpdatedYearOf(page: PageFacts): number | undefined {
  let latest: number | undefined;
  for (const date of page.modified ?? []) {
    const y = yearOfDate(date);
    if (y && (latest === undefined || y > latest)) latest = y;
  }
  return latest;
}

/** The year a dated page (news, review) was published: a film released after it is not meant. */
export function pageYearOf(page: PageFacts): number | undefined {
  for (const date of page.dates) {
    const y = yearOfDate(date);
    if (y) return y;
  }
  // News URLs carry the date: vox.com/culture/2017/12/15/…
  const m = page.url.match(/\/((?:19|20)\d\d)\/(?:0[1-9]|1[0-2])\/(?:[0-3]\d\/)?/);
  return m ? plausible(Number(m[1])) : undefined;
}
