/**
 * Which film, as its own step: once a mention is judged a film, its candidates (films of the index
 * that share the title) are ranked. A year or an id settles it (the caller narrows by those
 * first); otherwise, in order of strength:
 * - the site's convention: a Letterboxd address without a year suffix is the earlier film (the
 *   site gives later namesakes "-2013"), read by the adapter as TileTitle.earliest;
 * - the page's era: the years of the films the page names unambiguously (a list of classics, a
 *   news page of this season), read as the median of those years: the candidate nearest to it;
 * - popularity, when the index carries IMDb vote counts: of namesakes the era cannot tell apart,
 *   one rated by many times more people is the one a page means unless it says otherwise (Heat
 *   1995, not the 1972 or 1986 Heat);
 * - recency words ("this weekend", "in theaters"), which the text scorer reads, and the page's date.
 * When two stay close, both are kept first (`close`: 2) and the card asks which
 * ("Oldboy — 2003 or 2013?"); the reader's pick is a correction (lib/corrections.ts). Confidence
 * is never 1 when several films share the title and nothing but this ranking chose among them.
 */
import type { Lexicon } from './lexicon';

/** The films a page named unambiguously so far, by year: the page's era. */
export interface PageEra {
  years: number[];
}

export const createEra = (): PageEra => ({ years: [] });

/** Records a film the page named unambiguously (one candidate, or settled by year or id). */
export function noteEra(era: PageEra, year: number | undefined): void {
  // Bounded: the median of the first thousand is the era.
  if (year && era.years.length < 1000) era.years.push(year);
}

function median(ys: readonly number[]): number | undefined {
  if (ys.length < 3) return undefined;
  const s = [...ys].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Years apart from the era's median under which two candidates are too close to call. */
const CLOSE_YEARS = 8;

/**
 * How many times more votes the best-known namesake needs over the next to be the pick: well
 * beyond the noise of vote counts (the lexicon keeps them within ~5%) and of a film's age (an
 * older film gathers votes for longer), so only a lopsided pair is decided by it.
 */
const VOTES_RATIO = 10;
/** Votes the pick needs at least: below, no film is well known enough for the rule to hold. */
const VOTES_MIN = 1000;

/**
 * Candidates best known first when one stands out by votes (VOTES_RATIO, VOTES_MIN), or null when
 * the index has no votes for them or none stands out.
 */
function byPopularity(lex: Lexicon, entries: readonly number[]): number[] | null {
  // The best-known and the runner-up, read in one pass (most lexicons have no votes at all).
  let best = -1;
  let top = 0;
  let next = 0;
  for (const e of entries) {
    const v = lex.votes(e) ?? 0;
    if (v > top) {
      next = top;
      top = v;
      best = e;
    } else if (v > next) next = v;
  }
  if (best < 0 || top < VOTES_MIN || top < VOTES_RATIO * Math.max(next, 1)) return null;
  return [best, ...entries.filter((e) => e !== best)];
}
const POPULAR = 'the better-known film of that title';

export interface Ranked {
  entries: number[];
  /** How many of the first entries are too close to tell apart (1: the first is the pick). */
  close: number;
  /** The highest confidence this ranking allows (1 only when nothing was left to choose). */
  cap: number;
  /** Why this one, in words, when the ranking chose. */
  reason?: string;
}

export interface WhichFilmHints {
  /** The site's address names the earliest film of this title (TileTitle.earliest). */
  earliest?: boolean;
}

/**
 * Ranks same-titled candidates. `entries` come newest first (the scorer's order); one entry, or a
 * year or id that settled them (`settled`), is returned as it is.
 */
export function rankFilms(
  lex: Lexicon,
  entries: readonly number[],
  era: PageEra | undefined,
  hints: WhichFilmHints = {},
  settled = false,
): Ranked {
  if (entries.length < 2 || settled) return { entries: [...entries], close: 1, cap: 1 };
  const years = lex.years;
  const byYear = [...entries].sort((a, b) => years[a]! - years[b]!);
  if (hints.earliest)
    return { entries: byYear, close: 1, cap: 0.9, reason: 'the site’s address names the earlier film' };
  const mid = era ? median(era.years) : undefined;
  if (mid !== undefined) {
    const near = [...entries].sort((a, b) => Math.abs(years[a]! - mid) - Math.abs(years[b]! - mid));
    const d0 = Math.abs(years[near[0]!]! - mid);
    const d1 = Math.abs(years[near[1]!]! - mid);
    if (d1 - d0 >= CLOSE_YEARS)
      return { entries: near, close: 1, cap: 0.85, reason: `the page’s films are of ${mid}` };
    // The era leaves them close: popularity among those near it.
    const popular = byPopularity(lex, near);
    if (popular) return { entries: popular, close: 1, cap: 0.8, reason: POPULAR };
    return { entries: near, close: 2, cap: 0.7 };
  }
  const popular = byPopularity(lex, entries);
  if (popular) return { entries: popular, close: 1, cap: 0.8, reason: POPULAR };
  // Nothing tells them apart: the newest first, and the card asks.
  return { entries: [...entries], close: 2, cap: 0.7 };
}
