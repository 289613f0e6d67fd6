/**
 * Finds films in a page digest (lib/detect/digest.ts), never in live DOM: tiles are matched
 * exactly, text with evidence (lib/detect/evidence.ts), from the markup facts the collector sent.
 * The same code runs in the engine, in `npm run detect`/`eval` and in tests; the content script
 * never loads it.
 */
import { Variant, type Lexicon } from './lexicon';
import { createMatcher, type TextMatch, type TitleMatcher } from './matcher';
import { scoreMatch, type Markup, type PageContext } from './evidence';
import { idFromUrl, linkedSites, pageEntriesOf, pageUpdatedYearOf, pageYearOf } from './ids';
import { charsOf, MAX_TOKEN, scanTokens, tokenize } from './tokens';
import { normalizeTitle } from '../text/normalize';
import { NOT_FILM } from './not-film';
import { FEATURE_COUNT, WEIGHTS } from './weights';
import { createEra, noteEra, rankFilms } from './which-film';
import type {
  DigestEnv,
  ElementFacts,
  Found,
  PageDigest,
  PageFacts,
  PageFound,
  ShownFilter,
  TextFound,
  TextUnit,
  TileFound,
  TileUnit,
  DigestUnit,
} from './digest';
import { unitText } from './digest';
import { reviewsOtherMedium } from './review-headline';

/** Confidence from which a text match counts as a film named on the page (see namedAgain). */
export const SURE = 0.6;

/** The engine's state for one page: its facts, and what the index makes of them. */
export function createDigestEnv(
  lexicon: Lexicon,
  page: PageFacts,
  matcher: TitleMatcher = createMatcher(lexicon),
): DigestEnv {
  const pageEntries = pageEntriesOf(page, lexicon);
  return {
    lexicon,
    matcher,
    page,
    pageEntries,
    linkedSites: linkedSites(pageEntries),
    ...pageTraits(page),
  };
}

/** What the engine reads off the page's facts once: its dates, and whether it reviews another medium. */
export function pageTraits(page: PageFacts): Pick<DigestEnv, 'pageYear' | 'pageUpdated' | 'otherMediumPage'> {
  return {
    pageYear: pageYearOf(page) ?? null,
    pageUpdated: pageUpdatedYearOf(page) ?? null,
    ...(reviewsOtherMedium(page) ? { otherMediumPage: true } : {}),
  };
}

/** A digest's elements by id (its units refer to them). */
export const elementsOf = (digest: PageDigest): Map<number, ElementFacts> =>
  new Map(digest.elements.map((e) => [e.id, e]));

const refsOf = (lex: Lexicon, entries: number[]) => entries.map((e) => lex.ref(e)!);

/** Page-level detections for entries named by id. */
export function pageFound(env: Pick<DigestEnv, 'lexicon' | 'pageEntries'>): PageFound[] {
  return [...env.pageEntries].map(([e, reason]) => ({
    kind: 'id',
    entries: [e],
    refs: [env.lexicon.ref(e)!],
    confidence: 1,
    reason,
    text: env.lexicon.title(e)!,
  }));
}

/**
 * The index's terms a tile's title names: its whole title exactly, or (only when the tile's year
 * may agree) a shortened form. A tile shows the whole title: "Mirror" is not "The Mirror" (1917),
 * "Game Over" not "Spy Kids 3-D: Game Over". `terms` is null when it names none.
 */
function tileTerms(
  lex: DigestEnv['lexicon'],
  title: string,
  year: number | undefined,
): { title: string; key: string; terms: ReturnType<DigestEnv['lexicon']['terms']> | null } {
  // One tokenizing for both: the key and the lookup.
  const tokens = tokenize(title);
  const key = tokens.join(' ');
  const node = lex.lookupTokens(tokens);
  if (node < 0) return { title, key, terms: null };
  const terms = lex.terms(node);
  const exact = terms.filter((t) => t.variant === Variant.Title || t.variant === Variant.Alias);
  if (exact.length) return { title, key, terms: exact };
  return { title, key, terms: year ? terms : null };
}

/** Match one tile: its whole title against the index, exactly. Entries [] when it holds no known film. */
export function matchTile(env: DigestEnv, unit: TileUnit): TileFound {
  const lex = env.lexicon;
  const none: TileFound = {
    kind: 'tile',
    unit: unit.id,
    key: '',
    entries: [],
    refs: [],
    confidence: 0,
    reason: '',
    text: '',
  };
  if (unit.title === undefined) return none;
  const first = tileTerms(lex, unit.title, unit.year);
  // Another title of the item ("Gefährliche Brandung (Point Break)"), when the first names none.
  const other = !first.terms && unit.alternate ? tileTerms(lex, unit.alternate, unit.year) : undefined;
  const { key, terms, title: text } = other?.terms ? other : first;
  if (!terms) return { ...none, key, text };
  let entries = [...new Set(terms.map((t) => t.entry))];
  let reason = 'catalogue tile';
  if (unit.year) {
    const year = unit.year;
    const dated = entries.filter((e) => Math.abs(lex.years[e]! - year) <= 1);
    if (dated.length) {
      entries = dated;
      reason = 'catalogue tile with year';
    } else {
      // The tile dates another film of that name ("The Road", 2011, is not the 2009 film):
      // no badge rather than the wrong film’s rating.
      return { ...none, key, text };
    }
  }
  const byId = entries.filter((e) => env.pageEntries.has(e));
  if (byId.length) entries = byId;
  entries.sort((a, b) => lex.years[b]! - lex.years[a]!);
  // Which of several same-titled films (which-film.ts), unless a year or an id settled it.
  const settled = !!unit.year || byId.length > 0;
  const ranked = rankFilms(lex, entries, env.era, unit.earliest ? { earliest: true } : {}, settled);
  if (entries.length === 1 || settled) noteEra((env.era ??= createEra()), lex.years[ranked.entries[0]!]);
  return {
    ...none,
    key,
    text,
    entries: ranked.entries,
    refs: refsOf(lex, ranked.entries),
    confidence: ranked.cap,
    reason: ranked.reason ? `${reason}; ${ranked.reason}` : reason,
    ...(ranked.close > 1 ? { close: ranked.close } : {}),
  };
}

/**
 * How the element's text relates to the match: 'whole' when it is the match (give or take a list
 * number, "3. Dunkirk"), 'part' when the element holds more words (an italic "Amazon Prime" is not
 * the film "Prime"), or is a piece of a split italic run, or is longer than any title.
 */
function cover(el: ElementFacts, own: string, m: TextMatch): 'whole' | 'part' {
  if (el.split || el.long) return 'part';
  const { count, numberFirst } = wordsOf(el, own);
  const extra = count - m.words;
  return extra === 0 || (extra === 1 && numberFirst) ? 'whole' : 'part';
}

/**
 * How many words an element's text has, and whether the first is a number: read once per element
 * (the units of a digest share their elements), counted without making the words' strings.
 * Elements without text of their own (a block of one text node) are that node's text: not kept.
 */
function wordsOf(el: ElementFacts, own: string): ElementWords {
  const text = el.text ?? own;
  const kept = el.text === undefined ? (ownWords?.text === own ? ownWords : undefined) : elementWords.get(el);
  if (kept) return kept;
  let count = 0;
  let numberFirst = false;
  scanTokens(text, tokenBuf, (_start, _end, len) => {
    if (!len) return;
    // The folded word, as tokenize gives it (full-width digits are digits).
    if (count++ === 0) numberFirst = /^\d+$/.test(charsOf(tokenBuf, len));
  });
  const words = { text, count, numberFirst };
  if (el.text !== undefined) elementWords.set(el, words);
  else ownWords = words;
  return words;
}
interface ElementWords {
  text: string;
  count: number;
  numberFirst: boolean;
}
const elementWords = new WeakMap<ElementFacts, ElementWords>();
/** The last unit text counted for an element that has none of its own (the matches of one unit). */
let ownWords: ElementWords | undefined;
const tokenBuf = new Uint16Array(MAX_TOKEN);

const NO_MARKUP: Markup = Object.freeze({});
const SIDE_MARKUP: Markup = Object.freeze({ side: true });

/** Where the match sits in its markup (evidence.ts Markup), from the unit's element facts. */
function markupOf(env: DigestEnv, own: string, m: TextMatch, marks: UnitElements): Markup {
  const out: Markup = {};
  if (marks.side) out.side = true;
  if (marks.italic) out.italic = cover(marks.italic, own, m);
  if (marks.bold) out.heading = cover(marks.bold, own, m) === 'whole';
  if (marks.link) {
    out.linkText = cover(marks.link, own, m) === 'whole';
    if (out.linkText)
      out.linksElsewhere = personLink(marks.link.href) || linksElsewhere(env, marks.link.href, m.title);
  }
  if (marks.block?.role === 'heading') out.heading ||= cover(marks.block, own, m) === 'whole';
  return out;
}

/** A link to a person's page (not-film.json personLink): its text is a name or a handle. */
const personLink = (href: string | undefined): boolean => !!href && NOT_FILM.personLink.test(href);

/**
 * A link to an id site the index knows, to a page that is none of its films (see Markup). A
 * Wikipedia article says what its words name even when the index has no Wikipedia ids
 * (wikiNamesOther).
 */
function linksElsewhere(env: DigestEnv, href: string | undefined, title: string): boolean {
  if (!href) return false;
  const id = idFromUrl(href);
  if (!id) return false;
  const wiki = id.startsWith('wikipedia:');
  if (!wiki && !env.linkedSites.has(id.slice(0, id.indexOf(':')))) return false;
  if (env.lexicon.byId(id).length) return false;
  return !wiki || wikiNamesOther(env.lexicon, id.slice(10), title, env.linkedSites.has('wikipedia'));
}

/**
 * A Wikipedia article (none of the index's films by id) that names something other than a film:
 * one qualified as anything but a film ("Phoenix_(band)", "The_Lord_of_the_Rings_(film_series)"),
 * or of the very words when they are a known holiday, place or publication (not-film.json:
 * "New_Year's_Eve"); an article of the very words otherwise is a page about this title that says
 * nothing against its being the film ("Naken", "Naked_(2017_film)"). An article of other words is
 * something else when the index knows Wikipedia's ids (`idsKnown`: it would have named the film);
 * without them, only when its words title no film of the index ("El Alamein" →
 * "Second_Battle_of_El_Alamein"; a redirect to a film's full title, "The Force Awakens" →
 * "Star_Wars:_The_Force_Awakens", is that film), and never when qualified as a film.
 */
function wikiNamesOther(lex: Lexicon, slug: string, title: string, idsKnown: boolean): boolean {
  const m = WIKI_NAME.exec(slug.replace(/_/g, ' '));
  if (!m) return idsKnown;
  const [, words = '', qualifier] = m;
  if (qualifier !== undefined) {
    if (!FILM_QUALIFIER.test(qualifier)) return true;
    if (!idsKnown) return false;
  }
  const name = normalizeTitle(words);
  if (name === normalizeTitle(title)) return qualifier === undefined && NOT_FILM.names.has(name);
  return idsKnown || lex.lookupNode(words) < 0;
}
const WIKI_NAME = /^(.*?)(?: \(([^)]*)\))?$/;
/**
 * A qualifier that makes an article a film's, as Wikipedias write it: "2019 film", "Film",
 * "film 2019", "película de 2019", "filme", a bare year; not "film series".
 */
const FILM_QUALIFIER = /^(?:.*\b(?:film|filme|filmen|movie)|\d{4}|film \d{4}|pel[ií]cula(?: de \d{4})?)$/iu;

interface UnitElements {
  side?: boolean;
  block?: ElementFacts;
  italic?: ElementFacts;
  bold?: ElementFacts;
  link?: ElementFacts;
}

/**
 * Where the mark ends: the matcher matches words, so a title's closing punctuation is left out
 * ("Mother" of "Mother!", "BPM (Beats Per Minute" without its ")"); when the page writes it too,
 * the mark takes it.
 */
function extentOf(lex: Lexicon, entry: number, own: string, m: TextMatch): number {
  const tail = TAIL.exec(lex.title(entry) ?? '')?.[0];
  return tail && own.startsWith(tail, m.end) ? m.end + tail.length : m.end;
}
const TAIL = /[!?)\]…]+$/u;

/**
 * What lies between two titles named in a row: a comma, a semicolon, a slash or an ampersand, or
 * "and"/"or" in the languages of the index's alternate titles, with the quotes and brackets
 * around titles ("Heat, Collateral, or Thief"; "‘Heat’ and ‘Thief’"). Not "of", nor a word.
 */
const IN_A_ROW = /^[\s"”’'»)\]*]*(?:[,;&/]|,?\s*\b(?:and|or|nor|und|oder|et|ou|en|y|o|e)\b)[\s"“‘'«([*]*$/iu;
const inARow = (own: string, a: TextMatch, b: TextMatch) =>
  b.start > a.end && b.start - a.end <= 12 && IN_A_ROW.test(own.slice(a.end, b.start));

/**
 * Score the matches of one text unit; `floor` as DigestEnv.floor. `listSure`: how many other
 * items of the unit's list (TextUnit.list) hold a film named with confidence (scoreList).
 */
export function scoreText(
  env: DigestEnv,
  unit: TextUnit,
  elements: ReadonlyMap<number, ElementFacts>,
  floor = env.floor ?? 0,
  listSure = 0,
): TextFound[] {
  const marks: UnitElements = {
    side: unit.side,
    block: unit.block === undefined ? undefined : elements.get(unit.block),
    italic: unit.italic === undefined ? undefined : elements.get(unit.italic),
    bold: unit.bold === undefined ? undefined : elements.get(unit.bold),
    link: unit.link === undefined ? undefined : elements.get(unit.link),
  };
  const own = unitText(unit, marks.block);
  const matches = env.matcher.find(own);
  if (!matches.length) return [];
  // The block's text is the context, when the collector sent it (a block of one text node, or a
  // very long one, gives the node's own text).
  const inBlock = unit.at !== undefined && marks.block?.text !== undefined;
  const context = inBlock ? marks.block!.text! : own;
  const offset = inBlock ? unit.at! : 0;
  const features = env.onFeatures ? new Float64Array(FEATURE_COUNT) : undefined;
  const page: PageContext = {
    ...(env.pageYear ? { year: env.pageYear } : {}),
    ...(env.pageUpdated ? { updated: env.pageUpdated } : {}),
    ...(env.otherMediumPage ? { otherMediumPage: true } : {}),
    ...(env.weights ? { weights: env.weights } : {}),
    ...(features ? { features } : {}),
    era: (env.era ??= createEra()),
  };
  // A text node right inside its block (most prose) has no markup of its own but the block's.
  const plain = !marks.italic && !marks.bold && !marks.link && marks.block?.role !== 'heading';
  const bare = unit.side ? SIDE_MARKUP : NO_MARKUP;
  const markups = matches.map((m) => (plain ? bare : markupOf(env, own, m, marks)));
  const score = (m: TextMatch, i: number, p: PageContext) =>
    scoreMatch(env.lexicon, m, context, offset + m.start, markups[i]!, env.pageEntries, p, floor);
  const scored = matches.map((m, i) => score(m, i, page));
  // Films are named together ("Groundhog Day remains the template, and Edge of Tomorrow…"): one
  // named with confidence says the text around it is about films.
  let sure = 0;
  for (const s of scored) if (s.confidence >= SURE && s.entries.length) sure++;
  // An item of a list of films: its siblings are films named with confidence, and it is the
  // whole text of its row or link; or it is named in a row with such a film in this text.
  const sureAt = (j: number) => scored[j]!.confidence >= SURE && scored[j]!.entries.length > 0;
  const isItem = (m: TextMatch) =>
    (!!marks.link && cover(marks.link, own, m) === 'whole') ||
    (!!marks.block && cover(marks.block, own, m) === 'whole');
  // Only when the cue has a weight, or features are written (fitting).
  const listCue = !!features || !!(env.weights ?? WEIGHTS).listFilms;
  const listed = (i: number) => {
    if (!listCue) return false;
    const m = matches[i]!;
    if (listSure >= 2 && isItem(m)) return true;
    if (!sure) return false;
    for (let j = 0; j < matches.length; j++)
      if (j !== i && sureAt(j) && (inARow(own, m, matches[j]!) || inARow(own, matches[j]!, m))) return true;
    return false;
  };
  const out: TextFound[] = [];
  for (let i = 0; i < matches.length; i++) {
    let s = scored[i]!;
    const m = matches[i]!;
    const inList = s.confidence < SURE && listed(i);
    if (inList) s = score(m, i, { ...page, filmNearby: true, listed: true });
    // A match given up (no entries) was already out of reach with film words counted; with a
    // floor it is left out (nothing shows it), without one (the CLI's --all) it is listed.
    if (!s.entries.length && floor) {
      env.givenUp = (env.givenUp ?? 0) + 1;
      continue;
    }
    const end = s.entries.length ? extentOf(env.lexicon, s.entries[0]!, own, m) : m.end;
    if (inList) {
      // Scored as a list item just now: its features are those.
    } else if (s.confidence < SURE && s.entries.length && sure > 0)
      s = score(m, i, { ...page, filmNearby: true });
    else if (features && s.entries.length) score(m, i, page);
    const found: TextFound = {
      kind: 'text',
      unit: unit.id,
      start: m.start,
      end,
      text: end === m.end ? m.title : own.slice(m.start, end),
      entries: s.entries,
      // Refs are decoded per entry: only for what can be shown (namedAgain gives its own).
      refs: s.confidence >= floor ? refsOf(env.lexicon, s.entries) : [],
      confidence: s.confidence,
      reason: s.reason,
      ...(s.notFilm ? { notFilm: true } : {}),
      ...(s.close ? { close: s.close } : {}),
    };
    // A film named with confidence and no doubt of which dates the page.
    if (s.entries.length && !s.close && s.confidence >= SURE && (s.settled || s.entries.length === 1))
      noteEra(page.era!, env.lexicon.years[s.entries[0]!]);
    // The features of the score given (the second pass's when there was one).
    if (features && env.onFeatures && s.entries.length) env.onFeatures(features, found);
    out.push(found);
  }
  return out;
}

/**
 * Scores a run of text units of one list (TextUnit.list): each on its own first, then again,
 * as an item of a list of films, each whose other items hold at least two films named with
 * confidence (a chart's "1. Eternals" among "2. Keine Zeit zu sterben", "4. Venom: Let There Be
 * Carnage"…). The second look notes nothing in the page's era that the first did not; when
 * fitting, every unit is looked at twice and its features are the second look's.
 */
export function scoreList(
  env: DigestEnv,
  units: readonly TextUnit[],
  elements: ReadonlyMap<number, ElementFacts>,
  floor = env.floor ?? 0,
): TextFound[][] {
  const onFeatures = env.onFeatures;
  // Without a weight for the cue (and not fitting), one look is all there is.
  if (!onFeatures && !(env.weights ?? WEIGHTS).listFilms)
    return units.map((u) => scoreText(env, u, elements, floor));
  env.onFeatures = undefined;
  const first = units.map((u) => scoreText(env, u, elements, floor));
  env.onFeatures = onFeatures;
  const sure = first.map((f) => (f.some((d) => d.entries.length > 0 && d.confidence >= SURE) ? 1 : 0));
  let total = 0;
  for (const x of sure) total += x;
  return units.map((u, i) => {
    const others = total - sure[i]!;
    if (others < 2 && !onFeatures) return first[i]!;
    const era = env.era;
    const givenUp = env.givenUp;
    env.era = { years: [...(era?.years ?? [])] };
    const again = scoreText(env, u, elements, floor, others);
    env.era = era;
    env.givenUp = givenUp;
    return again;
  });
}

/** Units of one list scored together (scoreList) from this many on. */
export const LIST_RUN = 3;

/**
 * The text units of `units` from `from` that are consecutive items of one list (TextUnit.list),
 * or none: the run to score with scoreList.
 */
export function listRun(units: readonly DigestUnit[], from: number): number {
  const first = units[from];
  if (first?.kind !== 'text' || first.list === undefined) return 0;
  let n = 1;
  for (let k = from + 1; k < units.length; k++, n++) {
    const u = units[k]!;
    if (u.kind !== 'text' || u.list !== first.list) break;
  }
  return n >= LIST_RUN ? n : 0;
}

/** The detections of one unit (a tile's, even when it names no film; a text unit's matches). */
export function scoreUnit(
  env: DigestEnv,
  unit: DigestUnit,
  elements: ReadonlyMap<number, ElementFacts>,
  floor = env.floor ?? 0,
): Found[] {
  return unit.kind === 'tile' ? [matchTile(env, unit)] : scoreText(env, unit, elements, floor);
}

/**
 * Every detection of a digest, in unit order: the page's ids first when it carries `page`, then
 * each tile (entries [] when it names no film) and each text match (those the floor gave up left
 * out). What the CLI's --all lists.
 */
export function scoreDigest(digest: PageDigest, env: DigestEnv): Found[] {
  const elements = elementsOf(digest);
  const out: Found[] = digest.page ? pageFound(env) : [];
  const units = digest.units;
  for (let i = 0; i < units.length; i++) {
    const run = listRun(units, i);
    if (run) {
      const list = scoreList(env, units.slice(i, i + run) as TextUnit[], elements);
      for (const found of list) for (const d of found) out.push(d);
      i += run - 1;
      continue;
    }
    for (const d of scoreUnit(env, units[i]!, elements)) out.push(d);
  }
  return out;
}

/**
 * A film already named with confidence on this page is what a later mention written exactly as
 * its title means ("…the spin-off *Ballerina*… Critics liked Ballerina…"): readers resolve it so.
 * Lower-case words ("the heat was unbearable") are not written as the title and stay unmarked.
 * The mention is no surer than the one that named the film (`named` keeps the surest), and at
 * most NAMED_AGAIN: its own words say nothing more.
 */
export function namedAgain<T extends Omit<TextFound, 'unit' | 'kind'>>(
  d: T,
  lex: Lexicon,
  named: ReadonlyMap<number, number>,
): T | null {
  const e = d.entries.find((x) => named.has(x));
  if (e === undefined || d.notFilm || d.text !== lex.title(e)) return null;
  return {
    ...d,
    entries: [e],
    refs: [lex.ref(e)!],
    confidence: Math.max(d.confidence, Math.min(named.get(e)!, NAMED_AGAIN)),
    reason: 'named earlier on the page',
  };
}
/** The highest confidence a mention gets from its film's being named earlier on the page. */
export const NAMED_AGAIN = 0.8;

/**
 * The one rule for which text detections are shown: at `minConfidence` or above as found, or
 * as a film the page already named (namedAgain). A shown film joins `named`. Null: not shown.
 */
export function showText<T extends Omit<TextFound, 'unit' | 'kind'>>(
  d: T,
  lex: Lexicon,
  named: Map<number, number>,
  minConfidence: number,
): T | null {
  if (!d.entries.length) return null;
  const shown = d.confidence >= minConfidence ? d : namedAgain(d, lex, named);
  if (!shown || shown.confidence < minConfidence) return null;
  const e = shown.entries[0]!;
  if (shown.confidence > (named.get(e) ?? -1)) named.set(e, shown.confidence);
  return shown;
}

/** The films a page names by id, named with full confidence (see namedAgain). */
export const namedById = (env: Pick<DigestEnv, 'pageEntries'>): Map<number, number> =>
  new Map([...env.pageEntries.keys()].map((e) => [e, 1]));

/** A page's shown-rule state: nothing named yet but the films it names by id. */
export function createShown(env: Pick<DigestEnv, 'pageEntries'>, minConfidence: number): ShownFilter {
  return { minConfidence, named: namedById(env) };
}

/**
 * Only what is shown: the page's ids when the digest carries `page`, tiles naming a film, and
 * text passing `shown` (which keeps the films named so far). Matches that cannot reach what is
 * shown, or what counts as named (SURE), are not scored in full: most words of prose that spell a
 * title are in lower case.
 */
export function detectDigest(digest: PageDigest, env: DigestEnv, shown: ShownFilter): Found[] {
  const elements = elementsOf(digest);
  const floor = Math.min(shown.minConfidence, SURE);
  const out: Found[] = digest.page ? pageFound(env) : [];
  const units = digest.units;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (unit.kind === 'tile') {
      const d = matchTile(env, unit);
      if (d.entries.length) out.push(d);
      continue;
    }
    const run = listRun(units, i);
    const found = run
      ? scoreList(env, units.slice(i, i + run) as TextUnit[], elements, floor).flat()
      : scoreText(env, unit, elements, floor);
    if (run) i += run - 1;
    for (const d of found) {
      const s = showText(d, env.lexicon, shown.named, shown.minConfidence);
      if (s) out.push(s);
    }
  }
  return out;
}
