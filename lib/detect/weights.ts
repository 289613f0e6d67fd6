/**
 * The evidence of a title found in free text, as named features, and their weights. A match's
 * confidence is the logistic of the weighted sum of its features (evidence.ts scoreMatch). The
 * weights are fitted by `npm run fit` (scripts/fit.ts: L2-regularised logistic regression on the
 * labelled corpus, its strength chosen by leave-one-site-out cross-validation) and kept in one
 * table, data/detect/weights.json; the early-exit floor's bounds derive from the same table
 * (boundsOf). Nothing here is keyed to the films of one page.
 */
import table from '../../data/detect/weights.json';

/** The features, in the order of a feature vector. Each is 0 or 1 unless said. */
export const FEATURES = [
  /** Always 1: the intercept (a one-word title written in lower case, with nothing else). */
  'bias',
  /** The title has two words. */
  'words2',
  /** Three or more words. */
  'words3',
  /** Two or more words and at least 12 characters. */
  'long',
  /** Matched without its leading article ("Mother" for "The Mother"). */
  'noArticle',
  /** Matched on a part of a subtitled title ("Game Over" for "Spy Kids 3-D: Game Over"). */
  'subtitle',
  /**
   * How common the title's rarest word is, 0–1: the share of the index's titles it occurs in, on a
   * log scale. "Love", "Man", "Her" are in hundreds of titles; "Oppenheimer" in one. Read from the
   * index itself, so it holds for any index and any language.
   */
  'common',
  /** The first letter is lower case ("the heat was unbearable"). */
  'lower',
  /** Every word capitalised (minor words aside), not at a sentence start. */
  'titleCase',
  /** The same at a sentence start, for titles of two words or more. */
  'titleCaseAtStart',
  /** Glued to another word by a hyphen ("an Ash Wednesday-like smear"). */
  'glued',
  /** The whole italic run is the title. */
  'italic',
  /** The title is part of a longer italic run (another work's name). */
  'italicPart',
  /** Between quotes. */
  'quoted',
  /** The whole heading or bold run is the title. */
  'heading',
  /** The whole link text is the title. */
  'linkText',
  /** The link leads to an id site's page that is no film of the index. */
  'linksElsewhere',
  /** In a side part of the page: a sidebar, related stories, a chart (SiteAdapter.side). */
  'side',
  /**
   * A name's possessive right before it, not at a sentence start ("Ryan Coogler’s Sinners",
   * "Maïwenn’s ‘Jeanne Du Barry’", "Netflix's Two Distant Strangers"): a film is named by its maker.
   */
  'possessive',
  /**
   * A film noun right after it, past a closing quote ("‘Triangle of Sadness’ Trailer", "'Emperor'
   * Star Kat Graham", "'Title' Review:", "the Nope director"; not "film": "a Hollywood film").
   */
  'roleAfter',
  /**
   * A film noun or a verb of making right before it ("the film Oppenheimer", "le film
   * Oppenheimer", "la película Roma", "Gerwig directed Barbie", "stars in Aftersun").
   */
  'frameBefore',
  /** A year right after the title agrees with a candidate ("Heat (1995)"). */
  'yearRight',
  /** A year nearby agrees with a candidate. */
  'yearNear',
  /** A year right after the title agrees with no candidate. */
  'yearOther',
  /** The index writes an apostrophe the page does not ("Critics Choice"). */
  'apostropheMissing',
  /** A genre noun and another title follow ("the City of Angels romance La La Land"). */
  'describes',
  /** "a/an" before and a lower-case noun after ("a Palm Springs wedding"). */
  'modifier',
  /** "the" before a title that has no article ("the Drive", when not "the Drive star"). */
  'theBefore',
  /** A surname of the film's cast or director in the text around it. */
  'cue',
  /** More such names, 0–1 (one more: 0.5, two or more: 1). */
  'cueMore',
  /** Film words in the text around it, or another film named with confidence there. */
  'filmWords',
  /**
   * An item of a list of films: named in a row with films named with confidence ("Heat,
   * Collateral, or Thief"), or the whole text of a list item, row or link whose siblings hold
   * films named with confidence (a chart: "1. Eternals", "2. Keine Zeit zu sterben"…).
   */
  'listFilms',
  /** A bare number not styled as a title. */
  'numberPlain',
  /** Another medium named next to it (the musical, the novel, the TV series, the album). */
  'otherMedium',
  /** Written in another case than the index's title ("every day" for "Every Day"). */
  'otherCase',
  /** Every candidate came out after the page was written. */
  'future',
  /** News of the page's own time, and every candidate is much older than the page. */
  'oldInNews',
  /** TV words next to it ("season 2", "the series", "episode", "showrunner", "NBC's"). */
  'tvContext',
  /** Reported speech or a citation: "told Variety", "reported by Deadline", "according to". */
  'citedSource',
  /** The words name a publication, network, place, holiday or company (data/detect/not-film.json). */
  'knownNonFilm',
  /** A franchise word after it, "a Star Wars movie", "the Harry Potter films" (the series, not a film). */
  'franchise',
] as const;

export type Feature = (typeof FEATURES)[number];
export const FEATURE_COUNT = FEATURES.length;
/** Index of each feature in a feature vector. */
export const F = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<Feature, number>;

/** Weights by feature name (a missing one is 0). */
export type Weights = Readonly<Partial<Record<Feature, number>>>;

/** The committed table's weights. */
export const WEIGHTS: Weights = Object.freeze(weightsOf(table));

/** Checks a weights table (data/detect/weights.json or a fit's): numbers for known features only. */
export function weightsOf(t: unknown): Weights {
  if (!t || typeof t !== 'object' || !('weights' in t)) throw new Error('weights table: no "weights" object');
  const w = (t as { weights: unknown }).weights;
  if (!w || typeof w !== 'object') throw new Error('weights table: "weights" is not an object');
  const out: Partial<Record<Feature, number>> = {};
  for (const [k, v] of Object.entries(w)) {
    if (!(FEATURES as readonly string[]).includes(k))
      throw new Error(`weights table: unknown feature "${k}"`);
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new Error(`weights table: "${k}" is not a number`);
    out[k as Feature] = v;
  }
  return out;
}

/** A weights table as an array in feature order (missing: 0). */
export const weightVector = (w: Weights): Float64Array => Float64Array.from(FEATURES, (f) => w[f] ?? 0);

/**
 * The most the evidence read after the markup can still add to a match's sum (scoreMatch's early
 * exit): the year's (the better of a year right after or nearby), and what is read after it
 * (every feature read after it). Positive weights only: a feature that can only lower the sum
 * never keeps a match alive.
 */
export interface Bounds {
  fromYear: number;
  afterYear: number;
}
/** Features scoreMatch reads after a year's: what can still lift a match past the year. */
const AFTER_YEAR: readonly Feature[] = FEATURES.slice(FEATURES.indexOf('apostropheMissing'));
const bounds = new WeakMap<Weights, Bounds>();
export function boundsOf(w: Weights): Bounds {
  let b = bounds.get(w);
  if (!b) {
    const pos = (f: Feature) => Math.max(0, w[f] ?? 0);
    const afterYear = AFTER_YEAR.reduce((sum, f) => sum + pos(f), 0);
    b = { fromYear: Math.max(pos('yearRight'), pos('yearNear'), pos('yearOther')) + afterYear, afterYear };
    bounds.set(w, b);
  }
  return b;
}

/**
 * Ceilings on a match's sum (logit scale), whatever its other evidence: a bare number not styled
 * as a title, another medium named next to it, a film released after the page was written are at
 * most weak matches (confidence 0.3, 0.4, 0.3); so are words the page itself says are a TV series
 * ("NBC's Hannibal", "Dark – Staffel 2"), a cited publication ("told Variety") or a franchise
 * ("a new Star Wars trilogy", "from Pixar Animation, “Star Wars,” Marvel Studios"), at 0.4,
 * however they are styled (a series' name is in italics or quotes too). Vetoes, not evidence:
 * they are not fitted (their features are, and the fit gives the features no weight beyond them).
 */
export const CEILINGS = Object.freeze({
  numberPlain: logit(0.3),
  otherMedium: logit(0.4),
  future: logit(0.3),
  notFilm: logit(0.4),
  identifier: logit(0.3),
});

export function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}
