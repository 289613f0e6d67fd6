/**
 * Which film, as its own step: once a mention is judged a film, its candidates (films of the index
 * that share the title) are ranked. A year or an id settles it (the caller narrows by those
 * first); otherwise, in order of strength:
 * - the site's convention: a Letterboxd address without a year suffix is the earlier film (the
 *   site gives later namesakes "-2013"), read by the adapter as TileTitle.earliest;
 * - the page's era: the years of the films the page names unambiguously (a list of classics, a
 *   news page of this season), read as the median of those years: the candidate nearest to it;
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
    return { entries: near, close: 2, cap: 0.7 };
  }
  // Nothing tells them apart: the newest first, and the card asks.
  return { entries: [...entries], close: 2, cap: 0.7 };
}
