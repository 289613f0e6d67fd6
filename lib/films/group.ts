/**
 * Which entries are the same film. Several sources review one film (a subscribed critic, the
 * user's Letterboxd and IMDb ratings, the bundled index); everything that narrows or shows
 * (cues, "named again", corrections, the card, the popup, search) chooses among films, so the
 * sources of one film are grouped first, here, by one rule:
 *
 * 1. a shared external id (IMDb, TMDB, Wikidata, Letterboxd) is the same film;
 * 2. else the same normalised title and the same year;
 * 3. else the same title one year apart, or the same title where one side has no year, when that
 *    names exactly one film of another source (a festival year against a release year, an
 *    article without a date).
 *
 * Two entries whose ids of one kind differ are never one film, and neither are two entries of
 * one source with different years: different films sharing a title stay apart (which one a page
 * means is the scorer's question).
 */
import { normalizeTitle } from '../text/normalize';

/** The ids that name one film wherever it is listed (a Wikipedia slug can name a remake's page). */
export const FILM_ID_KINDS = ['imdb', 'tmdb', 'wikidata', 'letterboxd'] as const;
export type FilmIdKind = (typeof FILM_ID_KINDS)[number];

/** What grouping reads of an entry. */
export interface FilmMember {
  /** The source the entry comes from: entries of one source differ unless ids or year say same. */
  source: string;
  title: string;
  year?: number;
  ids?: Partial<Record<string, string | undefined>>;
}

interface Group {
  ids: Map<FilmIdKind, string>;
  sources: Set<string>;
  minYear: number;
  maxYear: number;
}

/**
 * Groups of indices into `items`, each group in input order and the groups in the order of their
 * first member: callers pass entries in source order, so a group's first index is its preferred
 * source. Linear in the number of entries (maps by id and by title).
 */
export function groupFilms<T>(items: readonly T[], member: (item: T) => FilmMember): number[][] {
  const members = items.map(member);
  const parent = members.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const groups: Group[] = members.map((m) => {
    const ids = new Map<FilmIdKind, string>();
    for (const kind of FILM_ID_KINDS) {
      const id = m.ids?.[kind];
      if (id) ids.set(kind, id);
    }
    const year = m.year ?? NaN;
    return { ids, sources: new Set([m.source]), minYear: year, maxYear: year };
  });
  const conflict = (a: Group, b: Group) => {
    for (const [kind, id] of a.ids) {
      const other = b.ids.get(kind);
      if (other !== undefined && other !== id) return true;
    }
    return false;
  };
  /** Merge the groups of i and j unless their ids disagree or their years would span over one. */
  const union = (i: number, j: number, maxSpan = 1): boolean => {
    const a = find(i);
    const b = find(j);
    if (a === b) return true;
    const ga = groups[a]!;
    const gb = groups[b]!;
    if (conflict(ga, gb)) return false;
    const min = Math.min(nanMax(ga.minYear), nanMax(gb.minYear));
    const max = Math.max(nanMin(ga.maxYear), nanMin(gb.maxYear));
    if (Number.isFinite(min) && Number.isFinite(max) && max - min > maxSpan) return false;
    const [keep, gone] = a < b ? [a, b] : [b, a];
    const g = groups[keep]!;
    const o = groups[gone]!;
    for (const [kind, id] of o.ids) g.ids.set(kind, id);
    for (const s of o.sources) g.sources.add(s);
    g.minYear = Number.isFinite(min) ? min : NaN;
    g.maxYear = Number.isFinite(max) ? max : NaN;
    parent[gone] = keep;
    return true;
  };

  // 1. Ids: the first entry holding an id is where the others with it join.
  const byId = new Map<string, number>();
  members.forEach((m, i) => {
    for (const kind of FILM_ID_KINDS) {
      const id = m.ids?.[kind];
      if (!id) continue;
      const key = `${kind}:${id}`;
      const first = byId.get(key);
      if (first === undefined) byId.set(key, i);
      else union(first, i, Infinity);
    }
  });

  // 2. Title and year, exactly.
  const titles = members.map((m) => normalizeTitle(m.title));
  const byTitleYear = new Map<string, number>();
  members.forEach((m, i) => {
    if (m.year === undefined || !titles[i]) return;
    const key = `${titles[i]}|${m.year}`;
    const first = byTitleYear.get(key);
    if (first === undefined) byTitleYear.set(key, i);
    else union(first, i);
  });

  // 3. One year apart, or no year on one side: only towards exactly one film of other sources.
  const byTitle = new Map<string, Set<number>>();
  members.forEach((_, i) => {
    if (!titles[i]) return;
    let set = byTitle.get(titles[i]);
    if (!set) byTitle.set(titles[i], (set = new Set()));
    set.add(i);
  });
  members.forEach((m, i) => {
    const title = titles[i];
    if (!title) return;
    const own = find(i);
    const sameTitle = byTitle.get(title)!;
    // A title shared by dozens of entries is many films: nothing to guess (and no quadratic work).
    if (sameTitle.size < 2 || sameTitle.size > MAX_SAME_TITLE) return;
    const candidates = new Set<number>();
    for (const j of sameTitle) {
      const root = find(j);
      if (root === own) continue;
      const g = groups[root]!;
      // Undated on this side: every other film of the title competes. Dated: those a year or
      // less apart (an undated film looks for its match itself, among all of them).
      const near =
        m.year === undefined ||
        (!Number.isNaN(g.minYear) && Math.abs(g.minYear - m.year) <= 1 && Math.abs(g.maxYear - m.year) <= 1);
      if (near) candidates.add(root);
    }
    if (candidates.size !== 1) return;
    const [other] = candidates;
    const og = groups[other!]!;
    for (const s of groups[own]!.sources) if (og.sources.has(s)) return;
    union(own, other!);
  });

  const out = new Map<number, number[]>();
  members.forEach((_, i) => {
    const root = find(i);
    let list = out.get(root);
    if (!list) out.set(root, (list = []));
    list.push(i);
  });
  return [...out.values()].sort((a, b) => a[0]! - b[0]!);
}

/** Beyond this many entries of one title, step 3 leaves them as they are. */
const MAX_SAME_TITLE = 64;

const nanMax = (x: number) => (Number.isNaN(x) ? Infinity : x);
const nanMin = (x: number) => (Number.isNaN(x) ? -Infinity : x);
