/**
 * Turning a tile's label (aria-label, img alt, data attribute) into a bare title. Streaming sites
 * pad their labels with badges ("Disney+ Original", "New Episodes", "Cover art for …"); the noise
 * each site adds is data (LabelRules), compiled when first used and validated for every site in
 * a unit test (./label-schema.ts), so a site quirk is a one-line change to a list rather than a
 * new regex in code.
 */
import type { TileTitle } from './types';

/**
 * A site's label rules as written in its module. Checked against LabelRulesSchema
 * (./label-schema.ts) by a unit test for every declared set rather than in the page: the content
 * script runs on every page, and building and running valibot's schemas there cost each tab
 * 8 kB of script and ~20 compiled functions (bench/coverage of the 10 KB article).
 */
export interface LabelRulesInput {
  /** Literal prefixes dropped (case-insensitive, repeatedly, in any order): "Cover art for ". */
  prefixes?: string[];
  /** Literal suffixes dropped (case-insensitive, repeatedly): "Select for details on this title.". */
  suffixes?: string[];
  /** Patterns where the title ends: the label is cut at the first match (" Rated 12+"). */
  cutAt?: string[];
  /** Patterns whose first group is the release year ("Released (\\d{4})"); read before cutting. */
  yearFrom?: string[];
  /** Patterns for labels that are not titles at all ("^LIVE\\b", "^Play$"). */
  reject?: string[];
  /** Patterns whose first group is the title (tried in order; when none match, the whole label is kept). */
  extract?: string[];
  /** When true, a label that matches no `extract` pattern is rejected instead of kept. */
  extractOnly?: boolean;
}

export interface LabelRules {
  prefixes: string[];
  suffixes: string[];
  cutAt: RegExp[];
  yearFrom: RegExp[];
  reject: RegExp[];
  extract: RegExp[];
  extractOnly: boolean;
}

/** Compiles a site's label patterns (flags iu); a pattern that does not compile throws. */
export function compileLabelRules(input: LabelRulesInput): LabelRules {
  const re = (list: string[] = []) => list.map((s) => new RegExp(s, 'iu'));
  return {
    prefixes: input.prefixes ?? [],
    suffixes: input.suffixes ?? [],
    cutAt: re(input.cutAt),
    yearFrom: re(input.yearFrom),
    reject: re(input.reject),
    extract: re(input.extract),
    extractOnly: input.extractOnly ?? false,
  };
}

/** Every site's rules as declared, so one test validates them all (tests/unit/labels.test.ts). */
export const DECLARED_LABEL_RULES: LabelRulesInput[] = [];

/**
 * A site's label rules, compiled on first use. Every site's adapter module is in the
 * content script, which runs on every page: compiling all of them at load cost each tab ~3 ms of
 * main-thread time (a CPU profile of the 10 KB article, bench/profile-tab.ts), for the one site,
 * if any, whose tiles the page has.
 */
export function labelRules(input: LabelRulesInput): LabelRules {
  DECLARED_LABEL_RULES.push(input);
  let compiled: LabelRules | undefined;
  const get = () => (compiled ??= compileLabelRules(input));
  return {
    get prefixes() {
      return get().prefixes;
    },
    get suffixes() {
      return get().suffixes;
    },
    get cutAt() {
      return get().cutAt;
    },
    get yearFrom() {
      return get().yearFrom;
    },
    get reject() {
      return get().reject;
    },
    get extract() {
      return get().extract;
    },
    get extractOnly() {
      return get().extractOnly;
    },
  };
}

/**
 * Noise shared by every site: poster-alt wording, availability badges, season counters and
 * calls to action that streaming catalogues put next to the title in one label.
 */
export const COMMON_RULES = labelRules({
  prefixes: ['Cover art for ', 'Poster for ', 'Poster of ', 'Poster: ', 'Artwork for ', 'Title art for '],
  suffixes: [' - poster', ' poster', ' cover art', ' key art'],
  cutAt: [
    // Badges that are never part of a title, with or without a separator before them.
    '\\s*[,.|:\\u2013\\u2014-]?\\s+(?:New Episodes?|New Season|Leaving Soon|Watch now|Recently Added|Only on (?:Netflix|Hulu|Max|Disney\\+|Prime Video|Apple TV\\+)|Free with ads|Included with (?:Prime|ads)\\b[\\w+ ]*)\\b.*$',
    // Season counters only after a separator: "The Crown - Season 2", but "Open Season 2" is a film.
    '\\s*[,.|:\\u2013\\u2014-]\\s+(?:Season \\d+|Seasons? \\d+\\s*-\\s*\\d+|\\d+ Seasons?|Top 10|Coming Soon)\\b.*$',
  ],
  reject: [
    '^(?:play|resume|watch now|more info|more details|trailer|image|poster|logo|thumbnail|loading|untitled|see all|view all)$',
  ],
});

/** Bidi isolates/marks (WBD and Disney wrap titles in U+2066–U+2069), zero-width chars, NBSP. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const TRAILING_YEAR = /\s*\((\d{4})\)\s*$/;

/**
 * An element's text (as textContent has it) up to `most` characters, or null when it is longer:
 * read node by node and given up early, since an article's or a whole list's textContent is
 * megabytes (its first heading's card search read a 1 MB article's whole text, ~2.5 ms a load:
 * bench/profile-tab.ts --page=article).
 */
export function shortText(el: Element, most: number): string | null {
  let text = '';
  const walker = el.ownerDocument.createTreeWalker(el, 0x4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    text += (n as Text).data;
    if (text.length > most) return null;
  }
  return text;
}

/** Collapse whitespace and drop invisible characters; '' for null. */
export function tidy(raw: string | null | undefined): string {
  return (raw ?? '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** A plausible film year (first films 1888; a few years ahead for announced titles). */
export function plausibleYear(n: number): number | undefined {
  return Number.isInteger(n) && n >= 1880 && n <= new Date().getFullYear() + 5 ? n : undefined;
}

/** The first plausible 4-digit year in a text ("Released 2019", "May 30, 2019 (South Korea)"). */
export function firstYear(text: string | null | undefined): number | undefined {
  for (const m of tidy(text).matchAll(/(?<!\d)(\d{4})(?!\d)/g)) {
    const y = plausibleYear(Number(m[1]));
    if (y) return y;
  }
  return undefined;
}

function stripPrefixes(s: string, prefixes: string[]): string {
  for (let changed = true; changed;) {
    changed = false;
    for (const p of prefixes) {
      if (s.length > p.length && s.toLowerCase().startsWith(p.toLowerCase())) {
        s = s.slice(p.length).trim();
        changed = true;
      }
    }
  }
  return s;
}

function stripSuffixes(s: string, suffixes: string[]): string {
  for (let changed = true; changed;) {
    changed = false;
    for (const p of suffixes) {
      if (s.length > p.length && s.toLowerCase().endsWith(p.toLowerCase())) {
        s = s.slice(0, -p.length).trim();
        changed = true;
      }
    }
  }
  return s;
}

function applyRules(label: string, rules: LabelRules, out: { year?: number }): string | null {
  let s = label;
  if (rules.reject.some((r) => r.test(s))) return null;
  for (const r of rules.yearFrom) {
    const y = r.exec(s)?.[1];
    if (y && !out.year) out.year = plausibleYear(Number(y));
  }
  if (rules.extract.length) {
    const hit = rules.extract.map((r) => r.exec(s)?.[1]).find((t) => t && t.trim());
    if (hit) s = hit.trim();
    else if (rules.extractOnly) return null;
  }
  s = stripSuffixes(stripPrefixes(s, rules.prefixes), rules.suffixes);
  for (const r of rules.cutAt) {
    const m = r.exec(s);
    if (m && m.index > 0) s = s.slice(0, m.index).trim();
  }
  return s;
}

/**
 * Reads a title out of a label: site rules first, then the common ones; a trailing "(2019)"
 * becomes the year. Returns null when nothing title-like is left.
 */
export function cleanLabel(raw: string | null | undefined, site?: LabelRules): TileTitle | null {
  let s: string | null = tidy(raw);
  // Calls to action are rejected as written, before a site prefix ("Watch ") turns "Watch now" into "now".
  if (!s || COMMON_RULES.reject.some((r) => r.test(s!))) return null;
  const out: { year?: number } = {};
  if (site) s = applyRules(s, site, out);
  if (s) s = applyRules(s, COMMON_RULES, out);
  if (!s) return null;
  const y = TRAILING_YEAR.exec(s);
  if (y && s.length > y[0].length) {
    const year = plausibleYear(Number(y[1]));
    if (year) {
      out.year ??= year;
      s = s.slice(0, y.index).trim();
    }
  }
  s = s.replace(/^[\s"'“‘«]+|[\s"'”’»,;:|\u2013\u2014-]+$/gu, '').trim();
  // A bare number or a single character is a rank or an icon, never a title on these sites.
  if (!s || /^\d{1,3}$/.test(s) || s.length < 2) return null;
  return out.year ? { title: s, year: out.year } : { title: s };
}

/**
 * Sentence-case words written in capitals for emphasis ("DUNE: Part Two" → "Dune: Part Two").
 * Display only: normalizeTitle folds case anyway. Short words stay (acronyms: "RRR", "E.T.").
 */
export function unshout(title: string): string {
  const lower = (w: string) => w[0] + w.slice(1).toLowerCase();
  // All capitals and several words ("THE MATRIX"): every word; otherwise only long all-capital
  // words, so a one-word acronym title ("RRR") stays as written.
  if (!/\p{Ll}/u.test(title) && /\s/.test(title)) return title.replace(/\p{Lu}{2,}/gu, lower);
  return title.replace(/\p{Lu}{4,}/gu, lower);
}

/** An element's visible text, tidied (textContent: works in happy-dom and on hidden tiles). */
export function textOf(el: Element | null | undefined): string {
  return tidy(el?.textContent);
}

/**
 * Whether an ancestor of el is itself a readable tile (matches selector and read gives a title).
 * Inner rules (a card's fallback text, its artwork alt) use it to stay silent when the card is
 * read already, so a consumer that applies every rule on its own still sees each film once.
 */
export function shadowed(el: Element, selector: string, read: (el: Element) => TileTitle | null): boolean {
  for (let a = el.parentElement?.closest(selector); a; a = a.parentElement?.closest(selector)) {
    if (read(a)) return true;
  }
  return false;
}
