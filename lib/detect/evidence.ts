/**
 * Confidence of a title found in free text. A title alone proves little ("Up", "Her", "Heat",
 * "New York" are films and ordinary words); what a reader uses to tell is evidence around it:
 * the way it is written (title case, italics, quotes, a heading, link text), a year next to it,
 * film words in the sentence, or a cast/director surname of that very film nearby. Each kind of
 * evidence adds to a base set by how long the title is; the strongest ones name the reason.
 */
import type { Lexicon } from './lexicon';
import { Variant } from './lexicon';
import type { TextMatch } from './matcher';
import { MAX_TOKEN, scanTokens, tokenize } from './tokens';
import { fnv1aCodes } from '../text/fnv';
import { NOT_FILM } from './not-film';
import { filmWordPositions } from './film-words';
import { rankFilms, type PageEra } from './which-film';
import { normalizeTitle } from '../text/normalize';
import { CEILINGS, F, FEATURE_COUNT, WEIGHTS, boundsOf, logistic, logit, type Weights } from './weights';

/**
 * Another medium right next to the title: "the Broadway sensation Dear Evan Hansen", "Cabaret on
 * Broadway", "the novel Little Women", "the short story “12:01 PM”", "songs like “City of Stars”",
 * "her role in the TV series …", "the Swedish imprint Sincerely Yours" (a record label). Read on the words just before the title (up to two words between:
 * "Broadway sensation", "on Broadway, where Wicked…") and just after it: stage musicals, novels and
 * albums share titles with films.
 */
const MEDIUM_WORDS =
  'broadway|off-broadway|west end|stage|plays?|novels?|novellas?|books?|memoir|comics?|manga|albums?|songs?|singles?|tracks?|mixtape|EPs?|LPs?|imprint|record label|short story|poems?|magazine|tv|television|sitcom|miniseries|podcast|opera|ballet|video game';
const MEDIUM_BEFORE = new RegExp(
  `\\b(?:${MEDIUM_WORDS})\\b(?:[\\s,;:]+[\\p{L}’'-]+){0,2}[\\s,;:"“‘'«]*$`,
  'iu',
);
/** The same words anywhere in a context: MEDIUM_BEFORE runs only where one of them is near. */
const MEDIUM_WORD = new RegExp(`\\b(?:${MEDIUM_WORDS})\\b`, 'giu');
const MEDIUM_AFTER =
  /^[\s"”’'»),:]*(?:on broadway|off-broadway|on stage|in the west end|(?:the |a )?(?:stage |broadway )?musical\b(?!\s+(?:film|movie|adaptation|version))|the (?:novel|book|album|play|song|tv series)\b|(?:tv )?season \d|series \d)/i;
/** Words that make the medium a film after all: "the novel adaptation “Little Women”", "TV movie". */
const FILM_NOUN = /\b(?:films?|movies?|adaptations?|versions?|remakes?|pictures?|cinema)\b/i;
/**
 * A genre noun and another title right after the match: "the modern-day City of Angels romance La
 * La Land" describes La La Land by its setting; the match is a place or a theme, not a film.
 */
const DESCRIBES_TITLE =
  /^\s+(?:[\p{Ll}-]+\s+)?(?:romance|musical|drama|thriller|comedy|western|epic|satire|romp|biopic|film|movie|picture|documentary|horror|fable|fantasy|noir|melodrama)\s+["“‘'«]?\p{Lu}/u;
/**
 * A possessive of a name right before the title: one to three capitalised words and ’s (or a bare
 * apostrophe after an s), then an opening quote at most: "Ryan Coogler’s ", "Maïwenn’s '",
 * "Todd Haynes’ ". atName says the name does not start its sentence ("It’s", "Here’s" do).
 */
const POSSESSIVE = /(?:^|[\s(])(\p{Lu}[\p{L}.-]*(?:\s+\p{Lu}[\p{L}.-]*){0,2})(?:['’]s|s['’])\s+["“‘'«]?$/u;
/**
 * A film noun right after the title, past its closing quote: "‘Triangle of Sadness’ Trailer",
 * "'Emperor' Star Kat Graham", "'Jeanne Du Barry', Filming Underway", "'Title' Review:". Not
 * "film" or "movie": "a Hollywood film", "a Fox movie" use a name as an adjective.
 */
const ROLE_AFTER =
  /^["”’'»]?,?\s+(?:star|director|sequel|prequel|remake|reboot|cast|soundtrack|trailer|teaser|poster|screenplay|actor|actress|filmmaker|premiere|review|filming)\b/i;
/**
 * A film noun, or a verb of making, right before the title: "the film Oppenheimer", "le film
 * Oppenheimer", "der Film „Dune“", "la película Roma", "the new film from Christopher Nolan,
 * Oppenheimer", "Greta Gerwig directed Barbie", "stars in Aftersun". Case is written out, not
 * folded: a Unicode class ignores case under the i flag.
 */
const FRAME_BEFORE = new RegExp(
  // Film nouns in lower case: a capital one is part of a name ("Film Festival", "Watch Movie …").
  // German writes every noun capitalised, so its film nouns follow an article.
  '(?:(?:^|[\\s(])(?:film|movie|documentary|biopic|película|pellicola|filme|documentaire|documental|documentario|speelfilm)' +
    '|(?:^|\\s)(?:[Dd]e[rnms]|[Ee]ine[nm]?|[Ii]m)\\s+(?:Film|Spielfilm|Dokumentarfilm|Kinofilm))' +
    "(?:\\s+(?:from|by|of|von|de|di|van|du|del|do|da)\\s+\\p{Lu}[\\p{L}.'’-]*(?:\\s+\\p{Lu}[\\p{L}.'’-]*){0,3},)?" +
    '\\s+["“‘\'«„‚»]?\\s?$' +
    '|(?:^|\\s)(?:directed|starring|starred in|stars in|star of|co-starred in|dirigió|réalisé|inszenierte|regisseerde)\\s+["“‘\'«„‚»]?\\s?$',
  'u',
);
/** Nouns a film title is used to qualify: "the Drive star", "the Heat director", "the Nope trailer". */
const FILM_ROLE =
  /^\s+(?:star|stars|director|directors|sequel|prequel|remake|reboot|cast|soundtrack|score|franchise|trailer|poster|screenplay|actor|actress|filmmaker|premiere|film|movie)\b/i;
/**
 * Words saying the sentence is news of the page's own time ("the upset winner at the SAG awards on
 * Sunday", "this year's", "in theaters"): a film named there is recent, not one of the same name
 * from decades before the page was written (Parasite, 2019, vs the 1982 Parasite).
 */
const RECENT =
  /\b(?:this year['’]s|this (?:week|weekend|month)|upcoming|opens|hits theaters|in theaters|now (?:playing|streaming)|premieres|front-?runners?|awards season|oscar (?:race|chances|hopes|buzz)|upset winner|box office|(?:on|last|this) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|last (?:week|night))\b/i;

/** …unless the sentence says the film is old: "turns twenty", "anniversary", "restoration". */
const OLD =
  /\b(?:anniversary|turns (?:\w+|\d+)|years? (?:ago|old|later)|classic|re-?release[ds]?|restor(?:ed|ation)|rewatch\w*|revival|remaster\w*|original)\b/i;

const YEAR = /(?<!\d)(18[89]\d|19\d\d|20\d\d)(?!\d)/g;
/** A year right after the title: "Ballerina (2025)", "Heat, 1995". */
const YEAR_RIGHT = /^\s*[([,]?\s*(18[89]\d|19\d\d|20\d\d)\b/;
/**
 * Quotes around a title, in the styles of the languages a page may be written in: English “…” and
 * ‘…’, German „…“ and ‚…‘, French and Italian «…», Danish and German »…«, Japanese 「…」 and 『…』.
 */
const QUOTE_OPEN = new Set(['"', '“', '‘', "'", '«', '„', '‚', '»', '「', '『']);
const QUOTE_CLOSE = new Set(['"', '”', '’', "'", '»', '“', '‘', '«', '」', '』']);
/**
 * Guillemets take a space inside in French typography, often a no-break one: « Parasite »
 * (Imprimerie nationale, Lexique des règles typographiques; U+00A0 or the narrow U+202F).
 */
const GUILLEMETS = new Set(['«', '»']);
const INNER_SPACE = new Set([' ', '\u00a0', '\u202f', '\u2009']);

/**
 * Is the match between quotes? `at`/`end` bound it in `context`. American style puts the comma
 * inside the quotes (“Joker,”); a guillemet may stand a space away.
 */
function quotedAround(context: string, at: number, end: number): boolean {
  let open = context[at - 1];
  if (open && INNER_SPACE.has(open) && GUILLEMETS.has(context[at - 2] ?? '')) open = context[at - 2];
  if (!open || !QUOTE_OPEN.has(open)) return false;
  let i = end;
  if (PUNCT.has(context[i]!)) i++;
  let close = context[i];
  if (close && INNER_SPACE.has(close) && GUILLEMETS.has(open)) close = context[i + 1];
  return !!close && QUOTE_CLOSE.has(close);
}
/** Words that keep their lower case inside a title ("Lord of the Rings"). */
export const MINOR = new Set([
  'of',
  'the',
  'a',
  'an',
  'and',
  'in',
  'on',
  'at',
  'to',
  'for',
  'with',
  'from',
  'by',
  'or',
  'de',
  'la',
  'le',
  'vs',
]);

/** Where the match sits in its markup, found by the DOM scan. */
export interface Markup {
  /** In italics (em, i, cite, q): the whole italic run, or part of a longer one. */
  italic?: 'whole' | 'part';
  /** The whole text of a link is the title. */
  linkText?: boolean;
  /** The whole text of a heading or bold run is the title. */
  heading?: boolean;
  /**
   * The link around the match leads to a page on an id site whose ids the index knows (Wikipedia,
   * IMDb…) but to no film of the index: the phrase names something else ("New Year's Eve").
   */
  linksElsewhere?: boolean;
  /** In a side part of the page (a sidebar, related stories, a chart): not dated by the article. */
  side?: boolean;
}

/** What the scan knows about the page and the text around the match. */
export interface PageContext {
  /** The year the page was published (lib/detect/ids.ts pageYear). */
  year?: number;
  /** The year it was last changed, when later (ids.ts pageUpdatedYearOf): films up to then are not "future". */
  updated?: number;
  /** The page reviews another medium (an album, a book…): its titles are songs and chapters. */
  otherMediumPage?: boolean;
  /** Another film is named with confidence in the same text: the sentence is about films. */
  filmNearby?: boolean;
  /** It is an item of a list of films (weights.ts listFilms): read on the second look only. */
  listed?: boolean;
  /** The weights to score with (default: the committed table, data/detect/weights.json). */
  weights?: Weights;
  /** When given, the match's feature values are written into it (FEATURE_COUNT long): fitting. */
  features?: Float64Array;
  /** The page's era so far (which-film.ts), to rank same-titled films. */
  era?: PageEra;
}

export interface Scored {
  entries: number[];
  confidence: number;
  reason: string;
  /** The words are used as something else here (another medium, a place, lower case). */
  notFilm?: boolean;
  /** How many first entries are too close to call (which-film.ts); absent: the first is the pick. */
  close?: number;
  /** A year, an id or the film's people chose among same-titled films. */
  settled?: boolean;
}

/**
 * What scoring reads from a whole context (a block's text), found once and kept for the next
 * match: a paragraph with several titles is read once, not once per title (tokenising a
 * 400-char window per match was 40% of scoring on a 1 MB article, and running the year and film
 * word regexes on a window per match most of the rest).
 */
interface ContextFacts {
  context: string;
  /**
   * Word tokens (lib/detect/tokens.ts), as FNV hashes of their folded chars, with their offsets,
   * and chained by hash (`heads`/`next`, a hash table in typed arrays) so a cue is found by its
   * hash in one probe, not by comparing it with every token of the window around the match.
   */
  tokens?: TokenTable;
  /** Years written in the text: [start, end, year] triples. */
  years?: number[];
  /** Words of other media (MEDIUM_WORD): [start, end] pairs. */
  mediumWords?: number[];
  /** Film words (data/detect/film-words.json): [start, end] pairs. */
  filmWords?: number[];
  /** Its capitalised words, and whether a word not minor is in lower case (headlineCase). */
  caps?: { upper: number; lower: number };
}
interface TokenTable {
  hashes: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Per token, the previous token with the same bucket (-1 ends the chain). */
  next: Int32Array;
  /** Per bucket (hash & mask), the last token in it, or -1. */
  heads: Int32Array;
  mask: number;
  count: number;
}
let facts: ContextFacts = { context: '' };
const factsOf = (context: string): ContextFacts =>
  facts.context === context ? facts : (facts = { context });

/**
 * The tokens of the one context kept (`facts`), from the matcher's own tokenizer (tokens.ts
 * scanTokens) hashed as its dictionary hashes words (fnv1aCodes): the arrays are reused from
 * context to context, so reading a paragraph allocates nothing.
 */
const arraysFor = (cap: number) => ({
  hashes: new Int32Array(cap),
  starts: new Int32Array(cap),
  ends: new Int32Array(cap),
  next: new Int32Array(cap),
  heads: new Int32Array(2 * cap),
});
let tokenArrays = arraysFor(1024);
const tokenBuf = new Uint16Array(MAX_TOKEN);
function tokensOf(f: ContextFacts): TokenTable {
  if (f.tokens) return f.tokens;
  // At most one token per two code units, plus one.
  const n = f.context.length;
  if (tokenArrays.hashes.length < (n >> 1) + 2) tokenArrays = arraysFor(1 << (32 - Math.clz32((n >> 1) + 2)));
  const { hashes, starts, ends, next, heads } = tokenArrays;
  let count = 0;
  scanTokens(f.context, tokenBuf, (start, end, len) => {
    // len 0: a run too long to be a word of any title or name.
    if (!len) return;
    hashes[count] = fnv1aCodes(tokenBuf, len) | 0;
    starts[count] = start;
    ends[count++] = end;
  });
  // Buckets: a power of two, at least twice the tokens (short chains).
  let size = 16;
  while (size < 2 * count) size <<= 1;
  heads.fill(-1, 0, size);
  const mask = size - 1;
  for (let i = 0; i < count; i++) {
    const b = hashes[i]! & mask;
    next[i] = heads[b]!;
    heads[b] = i;
  }
  return (f.tokens = { hashes, starts, ends, next, heads, mask, count });
}

/** Index of the first of `count` ascending values in `a` (read every `stride`) that is ≥ x. */
function firstAtLeast(a: ArrayLike<number>, count: number, x: number, stride = 1): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid * stride]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A surname of an entry's people, with its token hash (fnv1aCodes, as tokensOf hashes the text). */
interface Cue {
  name: string;
  hash: number;
}
function cueOf(name: string): Cue {
  const len = Math.min(name.length, MAX_TOKEN);
  for (let k = 0; k < len; k++) tokenBuf[k] = name.charCodeAt(k);
  return { name, hash: fnv1aCodes(tokenBuf, len) | 0 };
}

/** Is the token `cue` in the context, starting in [from, to)? */
function tokenNear(f: ContextFacts, cue: Cue, from: number, to: number): boolean {
  const t = tokensOf(f);
  const h = cue.hash;
  for (let i = t.heads[h & t.mask]!; i >= 0; i = t.next[i]!) {
    const start = t.starts[i]!;
    // A hash can collide: the token itself decides.
    if (t.hashes[i] !== h || start < from || start >= to) continue;
    const word = f.context.slice(start, t.ends[i]);
    // A name is written with a capital: "read" is not the surname Read.
    if (!startsLower(word) && sameToken(word, cue.name)) return true;
  }
  return false;
}

const startsLower = (word: string) => {
  const first = word[0] ?? '';
  return first !== first.toUpperCase();
};

/** Is `word` of the text the folded token `cue`? Most are, in plain letters ("Pacino"). */
const sameToken = (word: string, cue: string) => word.toLowerCase() === cue || tokenize(word)[0] === cue;

/** Years (1880–2099) written wholly inside [from, to). */
function yearsIn(f: ContextFacts, from: number, to: number): number[] {
  if (!f.years) {
    f.years = [];
    for (const y of f.context.matchAll(YEAR)) f.years.push(y.index, y.index + 4, Number(y[1]));
  }
  const out: number[] = [];
  const ys = f.years;
  for (let i = firstAtLeast(ys, ys.length / 3, from, 3) * 3; i < ys.length && ys[i]! < to; i += 3)
    if (ys[i + 1]! <= to) out.push(ys[i + 2]!);
  return out;
}

/** Is a word of `words` (a global regex) written wholly inside [from, to)? Found once per context. */
function wordIn(found: number[], from: number, to: number): boolean {
  const i = firstAtLeast(found, found.length / 2, from, 2) * 2;
  return i < found.length && found[i + 1]! <= to;
}
function positions(context: string, words: RegExp): number[] {
  const out: number[] = [];
  for (const w of context.matchAll(words)) out.push(w.index, w.index + w[0].length);
  return out;
}
const filmWordIn = (f: ContextFacts, from: number, to: number) =>
  wordIn((f.filmWords ??= filmWordPositions(f.context)), from, to);
const mediumWordIn = (f: ContextFacts, from: number, to: number) =>
  wordIn((f.mediumWords ??= positions(f.context, MEDIUM_WORD)), from, to);
/**
 * Another medium named right before the title in another language (not-film.json mediumBefore:
 * "der Roman „Dune“", "la novela «Roma»"). That pattern (articles, Unicode) runs only where one
 * of its nouns, as plain literals, is in the words before the title.
 */
const OTHER_MEDIUM_NOUN =
  /roman|buch|album|lied|song|theaterst|bühnenst|musical|oper|comic|hörspiel|spiel|bestseller|livre|chanson|pièce|comédie|bande|jeu|novela|libro|álbum|canción|obra|cómic|videojuego|juego|romanzo|canzone|fumetto|videogioco|boek|strip|book|novel|game/i;
const otherMediumBefore = (head: string) => OTHER_MEDIUM_NOUN.test(head) && NOT_FILM.mediumBefore.test(head);
/** A year in brackets right after the title: "Halloween (2018)". */
const YEAR_BRACKETED = /^["”’'»]?\s*[([]\d{4}[)\]]/;
/** A quote right before the title: where a word quoted as itself can be (not-film.json wordBefore). */
const QUOTE_BEFORE = /["“‘'«„‚»]\s?$/;
const wordQuoted = (head: string) => QUOTE_BEFORE.test(head) && NOT_FILM.wordBefore.test(head);

/** Titles and cues of entries, decoded once per lexicon (the lexicon decodes on every call). */
let decoded: { lex: Lexicon; titles: Map<number, string>; cues: Map<number, Cue[]> } | undefined;
function entryFacts(lex: Lexicon) {
  if (decoded?.lex !== lex) decoded = { lex, titles: new Map(), cues: new Map() };
  return decoded;
}
function titleOf(lex: Lexicon, e: number): string {
  const d = entryFacts(lex);
  let t = d.titles.get(e);
  if (t === undefined) d.titles.set(e, (t = lex.title(e) ?? ''));
  return t;
}
function cuesOf(lex: Lexicon, e: number): Cue[] {
  const d = entryFacts(lex);
  let c = d.cues.get(e);
  if (c === undefined) {
    // A surname that is a word of the title itself ("Tyson", "Capote", "Lincoln") is no evidence:
    // the words name the person as often as the film.
    const own = new Set(tokenize(lex.title(e) ?? ''));
    d.cues.set(
      e,
      (c = lex
        .cues(e)
        .filter((name) => !own.has(name))
        .map(cueOf)),
    );
  }
  return c;
}

/**
 * A trie node's candidates, read once per lexicon: its entries (only those written exactly, title
 * or alias, when there are any: "Mother!" as is beats "The Mother" missing its article) and the
 * closest variant among them. Every match of the same words shares it, so scoring a match
 * allocates nothing for its candidates (most of the 19,500 matches on the 1 MB bench article
 * are given up after a few checks, and their allocations were a fifth of a cold scan in GC).
 */
interface NodeCandidates {
  entries: readonly number[];
  variant: Variant;
  /** The `common` feature of these words (see commonness). */
  common: number;
}
let candidateCache: { lex: Lexicon; byNode: Map<number, NodeCandidates> } | undefined;
function candidatesOf(lex: Lexicon, node: number): NodeCandidates {
  if (candidateCache?.lex !== lex) candidateCache = { lex, byNode: new Map() };
  let c = candidateCache.byNode.get(node);
  if (!c) {
    let terms = lex.terms(node);
    const exact = terms.filter((t) => t.variant === Variant.Title || t.variant === Variant.Alias);
    if (exact.length) terms = exact;
    const entries = [...new Set(terms.map((t) => t.entry))];
    c = {
      entries,
      variant: Math.min(...terms.map((t) => t.variant)) as Variant,
      common: commonness(lex, lex.title(entries[0]!) ?? ''),
    };
    candidateCache.byNode.set(node, c);
  }
  return c;
}

/**
 * How many of the index's title prefixes hold each word (its trie edges by token), counted once
 * per lexicon: a word in hundreds of titles ("love", "man", "her") is an ordinary word, one in a
 * single title ("oppenheimer") a name.
 */
let tokenCounts: { lex: Lexicon; counts: Int32Array } | undefined;
/** Titles a word must be in for `common` to reach 1 (log scale below). */
const COMMON_AT = 100;
function commonness(lex: Lexicon, title: string): number {
  if (tokenCounts?.lex !== lex) {
    const counts = new Int32Array(lex.rootChild.length);
    for (let t = 0; t < lex.rootChild.length; t++) if (lex.rootChild[t]! >= 0) counts[t]!++;
    for (const t of lex.edgeTok) counts[t]!++;
    tokenCounts = { lex, counts };
  }
  let rarest = Infinity;
  for (const word of tokenize(title)) {
    const len = Math.min(word.length, MAX_TOKEN);
    for (let k = 0; k < len; k++) tokenBuf[k] = word.charCodeAt(k);
    const id = lex.wordId(tokenBuf, len);
    rarest = Math.min(rarest, id < 0 ? 0 : tokenCounts.counts[id]!);
  }
  if (!Number.isFinite(rarest)) return 0;
  return Math.min(1, Math.log1p(rarest) / Math.log1p(COMMON_AT));
}

/** What the words of a match say by themselves (the same words recur: kept per text). */
interface TitleFacts {
  /** The words name a publication, network, place, holiday, event or company (not-film.ts). */
  nonFilm: boolean;
  /** Those words name a holiday or an event, which a year beside them dates. */
  dated: boolean;
  /** The words name a franchise. */
  franchise: boolean;
  lower: boolean;
  allCaps: boolean;
  titleCase: boolean;
  number: boolean;
  apostrophe: boolean;
  /** Per word: does its first letter differ from its lower case? */
  ups: boolean[];
  /** Per word: a word that keeps its lower case inside a title (MINOR). */
  minor: boolean[];
}
const titleFacts = new Map<string, TitleFacts>();
function factsOfTitle(title: string): TitleFacts {
  let f = titleFacts.get(title);
  if (f) return f;
  const words = title.split(/[^\p{L}\p{N}']+/u).filter(Boolean);
  const firstLetter = words[0]?.match(/\p{L}/u)?.[0];
  const key = normalizeTitle(title);
  f = {
    nonFilm: NOT_FILM.names.has(key),
    dated: NOT_FILM.dated.has(key),
    franchise: NOT_FILM.franchises.has(key),
    lower:
      !!firstLetter && firstLetter === firstLetter.toLowerCase() && firstLetter !== firstLetter.toUpperCase(),
    allCaps: title === title.toUpperCase() && title !== title.toLowerCase() && title.length > 3,
    titleCase: words.every((w, i) => {
      const c = w.match(/\p{L}/u)?.[0];
      if (!c) return true;
      return c !== c.toLowerCase() || (i > 0 && MINOR.has(w.toLowerCase()));
    }),
    number: /^\d+$/.test(title),
    apostrophe: /['’]/.test(title),
    ups: words.map((w) => {
      const c = w.match(/\p{L}/u)?.[0];
      return !!c && c !== c.toLowerCase();
    }),
    minor: words.map((w) => MINOR.has(w.toLowerCase())),
  };
  // Bounded: a page has a few thousand distinct matched phrases at most.
  if (titleFacts.size > 20_000) titleFacts.clear();
  titleFacts.set(title, f);
  return f;
}

const SPACE = /\s/;
/** Is the match at the start of a sentence? Looks behind opening quotes, brackets and spaces. */
function atSentenceStart(context: string, at: number): boolean {
  for (let i = at - 1; i >= Math.max(0, at - 40); i--) {
    const c = context[i]!;
    if (QUOTE_OPEN.has(c) || c === '(' || c === '[' || SPACE.test(c)) continue;
    return c === '.' || c === '!' || c === '?';
  }
  return true;
}

const LETTER_CHAR = /\p{L}/u;

/**
 * An underscore in `context` from `from` to `to`, both included: read over the match and its
 * edges only, never on through the rest of the text (an indexOf from the match would scan a
 * long text node to its end for every match without one).
 */
function underscoreIn(context: string, from: number, to: number): boolean {
  for (let i = Math.max(0, from), last = Math.min(to, context.length - 1); i <= last; i++)
    if (context.charCodeAt(i) === 95) return true;
  return false;
}

/**
 * Is the match part of a longer capitalised name: a capitalised word right after it, or a word
 * with a capital right before it that does not start a sentence and is no possessive? Not where
 * the page marks it as a title, nor in headline case (every word has a capital there).
 */
function inLongerName(context: string, at: number, end: number, markup: Markup): boolean {
  if (markup.italic === 'whole' || markup.linkText || quotedAround(context, at, end)) return false;
  const after = NAME_AFTER.test(context.slice(end, end + 3));
  const before = !after && NAME_BEFORE.exec(context.slice(Math.max(0, at - 30), at));
  if (!after && !(before && !atSentenceStart(context, at - before[0].length))) return false;
  return !headlineCase(context, 0);
}
const NAME_AFTER = /^ \p{Lu}\p{Ll}/u;
const NAME_BEFORE = /(?:^|\s)\p{Ll}*\p{Lu}[\p{L}-]*(?<!['’]s) $/u;

/**
 * Does the page mark the match as a title (the whole italic run, or quotes around it)? Its
 * capitals are then the title's own, even among capitalised words: a row of italic titles
 * ("<em>Graduation</em>, <em>Spettacolo</em>, <em>In Transit</em>") is no headline.
 */
function markedAsTitle(markup: Markup, context: string, at: number, end: number): boolean {
  return markup.italic === 'whole' || quotedAround(context, at, end);
}

/**
 * Is the text around the match written in headline case ("Watch Movie Scavenger Hunt: Can You
 * Find These…")? Then its capitals say nothing of the match: every word has one. Read once per
 * context (ContextFacts.caps): no word in lower case but minor ones (one, among six or more
 * capitalised words), and at least three capitalised words besides the match's own.
 */
function headlineCase(context: string, ups: number): boolean {
  const f = factsOf(context);
  f.caps ??= capsOf(context);
  const others = f.caps.upper - ups;
  // Sites differ on a word or two ("its", "with"): one lower-case word among six or more
  // capitalised ones is still a headline; a sentence has many.
  return f.caps.lower <= (others >= HEADLINE_TOLERATES_AT ? 1 : 0) && others >= 3;
}
/** Capitalised words (besides the match's) from which a headline may keep one word in lower case. */
const HEADLINE_TOLERATES_AT = 6;

/**
 * The words of `context` (a letter not after a letter, digit or apostrophe, then letters,
 * apostrophes and hyphens), counted by the case of their first letter; stops at the second word
 * in lower case that is not minor (`lower` counts them, up to 2). A loop over char codes, not a regex's matchAll: headline case is
 * read for every capitalised match before the early exit, and the Unicode regex with its
 * look-behind was ~9% of scoring on the page corpus (bench/scoring.ts, CPU profile).
 */
export function capsOf(context: string): { upper: number; lower: number } {
  let upper = 0;
  let lower = 0;
  const n = context.length;
  let i = 0;
  let prevWordy = false;
  while (i < n) {
    const cp = context.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const letter = isLetter(cp);
    if (!letter || prevWordy) {
      prevWordy = letter || isNumber(cp) || cp === 39 || cp === 0x2019;
      i += width;
      continue;
    }
    // A word starts here: its first letter's case, then its extent.
    const start = i;
    const first = String.fromCodePoint(cp);
    i += width;
    while (i < n) {
      const c = context.codePointAt(i)!;
      if (!(isLetter(c) || c === 39 || c === 0x2019 || c === 45)) break;
      i += c > 0xffff ? 2 : 1;
    }
    // The word ends at a char that is no letter: it sets prevWordy for what follows.
    prevWordy = false;
    if (first !== first.toLowerCase()) upper++;
    else {
      const word = context.slice(start, i).toLowerCase();
      if (!MINOR.has(word) && !HEADLINE_MINOR.has(word) && ++lower > 1) return { upper, lower };
    }
  }
  return { upper, lower };
}
const isLetter = (cp: number) =>
  cp < 128 ? (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) : LETTER_CP.test(String.fromCodePoint(cp));
const isNumber = (cp: number) => (cp < 128 ? cp >= 48 && cp <= 57 : NUMBER_CP.test(String.fromCodePoint(cp)));
const LETTER_CP = /^\p{L}$/u;
const NUMBER_CP = /^\p{N}$/u;
const countUps = (ups: readonly boolean[]) => ups.reduce((n, up) => n + (up ? 1 : 0), 0);
/** Short words headline case keeps lower too ("is", "as", "vs"), beyond a title's MINOR words. */
export const HEADLINE_MINOR = new Set(['is', 'as', 'vs', 'but', 'nor', 'so', 'yet', 'into', 'over', 'up']);

/**
 * Score one match. `context` is the text around it (its block, or its text node), `at` the
 * match's offset in it; `pageEntries` are entries the page names by id (JSON-LD, IMDb links…).
 * `floor`: the lowest confidence the caller uses (see the early exit below); 0 scores in full.
 */
export function scoreMatch(
  lex: Lexicon,
  m: TextMatch,
  context: string,
  at: number,
  markup: Markup,
  pageEntries: Map<number, string>,
  page: PageContext = {},
  floor = 0,
): Scored {
  const w = page.weights ?? WEIGHTS;
  const x = page.features;
  if (x) x.fill(0);
  // One feature on: its weight joins the sum (and its value the vector, when fitting).
  let z = w.bias ?? 0;
  if (x) x[F.bias] = 1;
  const on = (f: keyof typeof F, v = 1) => {
    z += (w[f] ?? 0) * v;
    if (x) x[F[f]] = v;
  };
  const candidates = candidatesOf(lex, m.node);
  // Shared with every match of these words: copied before it is narrowed (filter, slice).
  let entries = candidates.entries as number[];
  // The page's own film (by id) wins outright.
  const byId = pageEntries.size ? entries.filter((e) => pageEntries.has(e)) : NONE;
  // It is still that film only where the words are used as a title: not in lower case ("the same
  // Christmas every day"), not as another medium or a place ("the short story “12:01 PM”", "a Palm
  // Springs wedding"); those vetoes are checked below.
  if (byId.length) entries = byId;
  let vetoed = false;
  // At most this sum, whatever the rest (CEILINGS).
  let ceiling = Infinity;
  const end = at + m.title.length;
  const zFloor = floor > 0 ? logit(Math.min(floor, 0.999)) : -Infinity;
  const bounds = boundsOf(w);
  // listFilms is read only on a second look (page.listed): on the first it lifts nothing.
  const unlisted = page.listed ? 0 : Math.max(0, w.listFilms ?? 0);

  if (m.words >= 3) on('words3');
  else if (m.words === 2) on('words2');
  if (m.words >= 2 && m.title.length >= 12) on('long');
  const variant = candidates.variant;
  if (variant === Variant.NoArticle) on('noArticle');
  if (variant === Variant.Subtitle) on('subtitle');
  const words = factsOfTitle(m.title);
  if (candidates.common > 0) on('common', candidates.common);

  // Case: a title as a reader writes it is capitalised; "the heat was up" is not. An opening
  // quote or bracket does not start a sentence: look behind it, and behind the indentation of the
  // page's source (an 8-char look-back saw only spaces).
  const { lower, allCaps, titleCase } = words;
  if (lower) {
    on('lower');
    vetoed = true;
  } else if (
    !allCaps &&
    titleCase &&
    (markedAsTitle(markup, context, at, end) || !headlineCase(context, countUps(words.ups)))
  ) {
    if (!atSentenceStart(context, at)) on('titleCase');
    else if (m.words > 1) on('titleCaseAtStart');
  }

  // "an Ash Wednesday-like smear": part of a compound word, not a name.
  const glued =
    (context[end] === '-' && LETTER_CHAR.test(context[end + 1] ?? '')) ||
    (context[at - 1] === '-' && LETTER_CHAR.test(context[at - 2] ?? ''));
  // "Ace_of_Spades", "the_pied_piper": words joined by underscores are a handle, a tag or a file
  // name, not a title as anyone writes one.
  const identifier = underscoreIn(context, at - 1, end);
  if (glued || identifier) on('glued');
  if (identifier) {
    vetoed = true;
    ceiling = Math.min(ceiling, CEILINGS.identifier);
  }

  // Typography and markup.
  let italics = false;
  let quoted = false;
  if (markup.italic === 'whole') {
    on('italic');
    italics = true;
  } else if (markup.italic === 'part') {
    // The page italicises a longer title: this match is a piece of another name.
    on('italicPart');
  } else if (quotedAround(context, at, end)) {
    on('quoted');
    quoted = true;
  }
  if (markup.heading) on('heading');
  else if (markup.linksElsewhere) on('linksElsewhere');
  else if (markup.linkText) on('linkText');
  if (markup.side) on('side');
  // Who made it, and what of it follows: read only for titles written as names.
  if (!vetoed && (x || w.possessive || w.roleAfter || w.frameBefore)) {
    const head = context.slice(Math.max(0, at - 60), at);
    const pm = POSSESSIVE.exec(head.slice(-40));
    // A network's, a company's or a publication's possessive is no maker's ("Max's Legacy",
    // "Prime Video's Cross"): not-film.json names them.
    if (
      pm &&
      !NOT_FILM.names.has(normalizeTitle(pm[1]!)) &&
      !atSentenceStart(context, at - pm[0].length + pm[0].indexOf(pm[1]!))
    )
      on('possessive');
    if (ROLE_AFTER.test(context.slice(end, end + 24))) on('roleAfter');
    if (FRAME_BEFORE.test(head)) on('frameBefore');
  }

  // Most matches in prose are ordinary words ("it was up to her"): 61% of the 19,500 matches on
  // the 1 MB bench article are in lower case. Once what is left to read cannot lift the sum to
  // `floor` (the lowest confidence the caller uses), stop reading evidence (#3: scoring was 70% of
  // the scan). The bounds are the weights table's own (boundsOf). A match the page already named
  // could still be shown as "named again" when its words are the title exactly, so only matches
  // that cannot be are given up.
  if (!x && hopeless(lex, m, z + bounds.fromYear - unlisted, zFloor, byId, vetoed, entries)) return BELOW;
  // "Phoenix Technologies", "Ginger Nut", "Neil deGrasse Tyson": the words run on into a longer
  // name. Its own evidence still counts, but it is never the film "named again" (score.ts).
  if (!vetoed && inLongerName(context, at, end, markup)) vetoed = true;

  // Past the floor: the evidence is read in full, and its reasons named.
  const ctx = factsOf(context);
  const reasons: string[] = [];
  if (italics) reasons.push('title in italics');
  else if (quoted) reasons.push('title in quotes');
  if (markup.heading) reasons.push('title as a heading');
  else if (!markup.linksElsewhere && markup.linkText) reasons.push('title as link text');

  // A year near the title: picks the film when two share a title.
  const years = yearsIn(ctx, at - 80, end + 60);
  const yearRight = years.length ? YEAR_RIGHT.test(context.slice(end, end + 12)) : false;
  let yearAgrees = false;
  if (years.length) {
    const dated = entries.filter((e) => years.some((y) => Math.abs(lex.years[e]! - y) <= 1));
    if (dated.length) {
      yearAgrees = true;
      entries = dated;
      on(yearRight ? 'yearRight' : 'yearNear');
      reasons.push(yearRight ? 'title and year' : 'year nearby');
    } else if (yearRight) {
      // "Parasite (2019)" when the index only has a 1982 Parasite: another film of that name.
      on('yearOther');
    }
  }
  if (!x && hopeless(lex, m, z + bounds.afterYear - unlisted, zFloor, byId, vetoed, entries)) return BELOW;
  // "Critics Choice" is not how "Critic's Choice" is written.
  if (/['’]/.test(titleOf(lex, entries[0]!)) && !words.apostrophe && variant === Variant.Title)
    on('apostropheMissing');

  // Used as a place or a common noun: "the City of Angels", "the modern-day City of Angels romance
  // La La Land". A styled title (italics, quotes) is meant as a title whatever surrounds it.
  const styled = italics || quoted;
  const rest = context.slice(at + m.title.length, at + m.title.length + 60);
  if (!styled && DESCRIBES_TITLE.test(rest)) {
    on('describes');
    vetoed = true;
  } else if (
    !styled &&
    /\ban?\s*$/i.test(before5(context, at)) &&
    /^\s+\p{Ll}/u.test(rest) &&
    !FILM_ROLE.test(rest)
  ) {
    // "at a Palm Springs wedding", "an Ash Wednesday service": a modifier of another noun.
    on('modifier');
    vetoed = true;
  } else if (
    !styled &&
    variant === Variant.Title &&
    /(?:^|\s)the\s*$/.test(before5(context, at)) &&
    !/^the\b/i.test(titleOf(lex, entries[0]!)) &&
    !FILM_ROLE.test(rest)
  )
    on('theBefore');

  // Film words and people of this film in the sentence or paragraph.
  const named = (c: Cue) => tokenNear(ctx, c, at - 200, end + 200);
  const cued = entries.filter((e) => cuesOf(lex, e).some(named));
  if (cued.length) {
    entries = cued;
    const names = cuesOf(lex, cued[0]!)
      .filter(named)
      .map((c) => c.name);
    // Each further name of the same film is more evidence ("Heat … Pacino … De Niro").
    on('cue');
    if (names.length > 1) on('cueMore', Math.min(1, (names.length - 1) / 2));
    reasons.push(`${names.join(', ')} named nearby`);
  }
  if (page.filmNearby || filmWordIn(ctx, at - 200, end + 200)) {
    on('filmWords');
    if (!reasons.length) reasons.push(page.filmNearby ? 'other films named nearby' : 'film words nearby');
  }
  // A bare number among films is a year or a rank ("1969", "2012" in a list of films), not one.
  if (page.listed && !words.number) {
    on('listFilms');
    reasons.push('in a list of films');
  }

  // "Dune (1984)": a year in brackets, or any bare number, is a title only when styled as one
  // ("1917" in quotes or italics).
  if (words.number && !styled) {
    on('numberPlain');
    ceiling = Math.min(ceiling, CEILINGS.numberPlain);
  }

  // Another medium named right next to the title: the stage show, the novel, the album; or the
  // words quoted as a term ("Begriffe wie „Gamer“"). At most a weak match, whatever the
  // typography (the musical is in italics too).
  const before = context.slice(Math.max(0, at - 40), at);
  const beforeMedium = mediumWordIn(ctx, at - 40, at) ? before.match(MEDIUM_BEFORE) : null;
  const otherMedium =
    (beforeMedium && !FILM_NOUN.test(beforeMedium[0])) ||
    (MEDIUM_AFTER.test(rest) && !FILM_NOUN.test(rest.slice(0, 30))) ||
    otherMediumBefore(before) ||
    wordQuoted(before);
  if (otherMedium) {
    on('otherMedium');
    ceiling = Math.min(ceiling, CEILINGS.otherMedium);
    vetoed = true;
  }
  // Not a film, by what the words name and what surrounds them (data/detect/not-film.json): a
  // publication or a place ("told Variety", "moved to Chicago"), a TV series ("NBC's Hannibal",
  // "X-Men '97: Season 1"), a franchise ("a new Star Wars trilogy").
  if (words.nonFilm) on('knownNonFilm');
  if (NOT_FILM.tvAfter.test(rest) || NOT_FILM.tvBefore.test(before)) {
    on('tvContext');
    vetoed = true;
    ceiling = Math.min(ceiling, CEILINGS.notFilm);
  } else if (
    // TV words elsewhere in the sentence only weigh (no veto): skipped while their weight is 0.
    (x || w.tvContext) &&
    NOT_FILM.tvSentence.test(sentenceOf(context, at, m.title.length))
  )
    on('tvContext', 0.5);
  if (NOT_FILM.citedBefore.test(before) || NOT_FILM.citedAfter.test(rest)) {
    on('citedSource');
    vetoed = true;
    ceiling = Math.min(ceiling, CEILINGS.notFilm);
  }
  if (
    words.franchise &&
    (NOT_FILM.franchiseAfter.test(rest) ||
      NOT_FILM.franchiseAmongBrands.test(
        context.slice(Math.max(0, at - 40), Math.min(context.length, end + 40)),
      ))
  ) {
    on('franchise');
    vetoed = true;
    ceiling = Math.min(ceiling, CEILINGS.notFilm);
  }
  // "the same Christmas every day" is not how the title "Christmas Every Day" is written.
  // An alias ("Keine Zeit zu sterben" for No Time to Die) is written in its own language's case:
  // the index's title is no measure of it.
  const otherCase = variant !== Variant.Alias && caseDiffers(m.title, titleOf(lex, entries[0]!));
  if (otherCase && m.words >= 2 && !styled) on('otherCase');
  if (byId.length && !vetoed && !otherCase && !x)
    return { entries: byId, confidence: 1, reason: pageEntries.get(byId[0]!)! };

  // On a page reviewing an album or a book, a quoted or italic title is a song or a chapter: a
  // film only with its people or its year beside it.
  if (page.otherMediumPage && !cued.length && !yearAgrees) ceiling = Math.min(ceiling, CEILINGS.notFilm);
  // A publication, network, place or event of these very words, written plain ("aboard Air Force
  // One", "told The Hollywood Reporter", "moved to Chicago"), is that thing: a weak match at most
  // unless the page styles it as a title, links it, or names its people or year beside it.
  // A holiday's or an event's year is its date or edition ("zu Halloween 2017", "Cannes 2019"):
  // only a year in brackets right after it ("Halloween (2018)") is a film's.
  const yearNamesFilm = yearAgrees && (!words.dated || YEAR_BRACKETED.test(context.slice(end, end + 10)));
  if (words.nonFilm && !styled && !markup.linkText && !markup.heading && !cued.length && !yearNamesFilm) {
    ceiling = Math.min(ceiling, CEILINGS.notFilm);
    vetoed = true;
  }

  // The page's date: a film released after the page was written is not the one it names, and
  // news of the page's own time ("upset winner … on Sunday") is about a recent film, not one of
  // the same name from decades before. Prefer no mark over the wrong film.
  const entryYear = lex.years[entries[0]!]!;
  // A side part shows what is current when the page is read, whatever the article's date.
  if (page.year && entryYear && !yearRight && !yearAgrees && !cued.length && !markup.side) {
    const written = Math.max(page.year, page.updated ?? 0);
    if (entries.every((e) => lex.years[e]! > written + 1)) {
      on('future');
      ceiling = Math.min(ceiling, CEILINGS.future);
    } else if (
      entries.every((e) => lex.years[e]! < page.year! - 3) &&
      RECENT.test(sentenceOf(context, at, m.title.length)) &&
      !OLD.test(sentenceOf(context, at, m.title.length))
    )
      on('oldInNews');
  }
  if (byId.length && !vetoed && !otherCase)
    return { entries: byId, confidence: 1, reason: pageEntries.get(byId[0]!)! };
  if (!reasons.length) reasons.push(titleCase && !lower ? 'title case' : 'title text');
  // Several films share the title: which one is its own step (which-film.ts), unless a year or the
  // film's people settled it. (A copy: `entries` may still be the candidates every match of these
  // words shares.)
  entries = entries.slice().sort((a, b) => lex.years[b]! - lex.years[a]!);
  const settled = yearAgrees || cued.length > 0;
  const ranked = rankFilms(lex, entries, page.era, {}, settled);
  if (ranked.reason) reasons.push(ranked.reason);
  return {
    entries: ranked.entries.slice(0, 5),
    confidence: round(Math.min(ranked.cap, logistic(Math.min(z, ceiling)))),
    reason: reasons.join(', '),
    ...(vetoed ? { notFilm: true } : {}),
    ...(ranked.close > 1 ? { close: ranked.close } : {}),
    ...(settled || entries.length === 1 ? { settled: true } : {}),
  };
}

/** The feature vector's length (callers that fit pass a vector this long). */
export const FEATURES_LENGTH = FEATURE_COUNT;

/** A match given up before all its evidence was read: below the caller's floor, whatever the rest. */
const BELOW: Scored = Object.freeze({
  entries: Object.freeze([]) as unknown as number[],
  confidence: 0,
  reason: 'below the threshold',
});
const NONE = Object.freeze([]) as unknown as number[];
const PUNCT = new Set([',', '.', '!', '?', ';', ':']);

/**
 * Can the match no longer reach the floor (`zFloor`, on the logit scale) when its sum is at most
 * `best` with everything left to read? A match the page already named could still be shown as
 * "named again" when its words are the title exactly, so only matches that cannot be are given up.
 */
function hopeless(
  lex: Lexicon,
  m: TextMatch,
  best: number,
  zFloor: number,
  byId: readonly number[],
  vetoed: boolean,
  entries: readonly number[],
): boolean {
  if (best >= zFloor || byId.length) return false;
  if (vetoed) return true;
  for (const e of entries) if (titleOf(lex, e) === m.title) return false;
  return true;
}

/** Words written in another case than the index's title ("every day" for "Every Day"). */
function caseDiffers(text: string, title: string): boolean {
  const a = factsOfTitle(text);
  const b = factsOfTitle(title);
  if (a.ups.length !== b.ups.length) return false;
  return a.ups.some((up, i) => up !== b.ups[i] && !(i > 0 && a.minor[i]));
}

const before5 = (context: string, at: number) => context.slice(Math.max(0, at - 5), at);

/** The sentence around a match (to the nearest full stop either side, at most 200 characters). */
function sentenceOf(context: string, at: number, length: number): string {
  const from = Math.max(0, at - 200);
  const head = context.slice(from, at);
  const stop = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
  const tail = context.slice(at + length, at + length + 200);
  const end = tail.search(/[.?!](?:\s|$)/);
  return head.slice(stop + 1) + context.slice(at, at + length) + (end < 0 ? tail : tail.slice(0, end));
}

const round = (x: number) => Math.round(x * 100) / 100;
