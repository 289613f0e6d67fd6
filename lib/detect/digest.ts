/**
 * The page digest: what detection reads of a page, as plain JSON-serialisable data. The content
 * script collects it from the DOM (lib/detect/collect.ts, which needs no lexicon, matcher or
 * scorer) and sends it in pieces; the engine scores it (lib/detect/score.ts) and answers with the
 * detections to show. `npm run detect`/`eval` and the tests build the same digest with happy-dom.
 *
 * Interface in short:
 * - A scan of one or more DOM roots yields **units**, in scan order (the roots' tiles first, then
 *   their free text): one {@link TextUnit} per text node worth matching, one {@link TileUnit} per
 *   catalogue tile. Every unit and every element it refers to has an `id` that is stable for the
 *   node's life on the page (the collector keeps a WeakMap), so a reply naming `unit` maps back to
 *   the same Text node or tile element, and a mutation sends only the units of the changed roots,
 *   under the same ids.
 * - A {@link PageDigest} is a self-contained batch of units plus the {@link ElementFacts} they
 *   refer to (their block, italic/bold run, link). A piece of a scan is itself a PageDigest: the
 *   collector cuts pieces of at most {@link PIECE_CHARS} characters (see DigestBuilder in
 *   collect.ts), each repeating the element facts its own units need, so the engine can score a
 *   piece without any other.
 * - {@link PageFacts} (URL, link ids, JSON-LD movies, og tags, publication dates) are read once
 *   per document and travel in the first piece of the first scan (`page`); the engine keeps them
 *   (createDigestEnv in score.ts) for later pieces and mutation digests.
 * - Bounds: one scan holds at most {@link MAX_SCAN_UNITS} units and {@link MAX_SCAN_CHARS}
 *   characters of text (the rest of a bigger page is not read: `truncated` on the last piece);
 *   a text node longer than {@link MAX_UNIT_CHARS} is cut at a space before it; an element's text
 *   is sent only up to {@link MAX_ELEMENT_CHARS} (longer: `long`, which scoring reads as "part of
 *   a longer run"); link ids up to {@link MAX_LINK_IDS}.
 * - Engine side (score.ts): `createDigestEnv(lexicon, page)`, `scoreDigest(digest, env)` (every
 *   detection, as the CLI's --all lists them) and `detectDigest(digest, env, shown)` (only what is
 *   shown, by the one rule `showText` the CLI, the eval and the content script share).
 *
 * Function signatures (types below, so both sides can code against them):
 * - content side, collect.ts: `createCollector(document, adapter): Collector`;
 *   `collector.scan(roots, { page }) : DigestBuilder`; `builder.step()` reads one unit,
 *   `builder.take()` cuts a piece ({@link CollectedPiece}: the digest plus the DOM node of each
 *   unit, parallel arrays) — take one whenever `builder.size >= PIECE_CHARS` and at the end.
 * - engine side, score.ts: `createDigestEnv(lexicon, page): DigestEnv`,
 *   `scoreDigest(digest, env): Found[]`, `detectDigest(digest, env, shown): Found[]`,
 *   `createShown(env, minConfidence): ShownFilter`, `showText(d, lexicon, named, minConfidence)`.
 */
import type { SiteAdapter } from '../sites/types';
import type { Lexicon } from './lexicon';
import type { TitleMatcher } from './matcher';
import type { Weights } from './weights';
import type { PageEra } from './which-film';

/** Bumped when a change to these types is not backward compatible. */
export const DIGEST_VERSION = 1;

/** A piece's size bound, in characters of its JSON (≈ bytes for Latin text). */
export const PIECE_CHARS = 200_000;
/** Units one scan reads at most (a page with a million text nodes is read up to here). */
export const MAX_SCAN_UNITS = 200_000;
/** Characters of text one scan reads at most. */
export const MAX_SCAN_CHARS = 8_000_000;
/** A text node's text is cut (at a space) to this length: one unit always fits a piece. */
export const MAX_UNIT_CHARS = 100_000;
/**
 * Blocks longer than this give their text node alone as context (keeps context building cheap,
 * and keeps block text out of the digest for giant blocks).
 */
export const MAX_CONTEXT = 4000;
/** An italic/bold/link element's text is sent up to this length (whitespace runs collapsed). */
export const MAX_ELEMENT_CHARS = 1000;
/** Distinct id-site link ids read from a page at most. */
export const MAX_LINK_IDS = 5000;

/** A collector's bounds (the defaults above; tests and benchmarks may lower them). */
export interface DigestLimits {
  /** Units per scan (MAX_SCAN_UNITS). */
  units: number;
  /** Characters of text per scan (MAX_SCAN_CHARS). */
  chars: number;
  /** Characters of one text node (MAX_UNIT_CHARS). */
  unitChars: number;
}
export const DIGEST_LIMITS: Readonly<DigestLimits> = Object.freeze({
  units: MAX_SCAN_UNITS,
  chars: MAX_SCAN_CHARS,
  unitChars: MAX_UNIT_CHARS,
});

/** What an element is to scoring. */
export type ElementRole =
  /** The nearest block ancestor (P, LI, TD, DIV…): its text is the context of its text nodes. */
  | 'block'
  /** A block that is a heading (H1–H6, DT, TH): context as a block, and a heading if it is the title. */
  | 'heading'
  /** em, i, cite, q. */
  | 'italic'
  /** strong, b. */
  | 'bold'
  /** a. */
  | 'link';

/**
 * An element that units refer to (their block, italic run, bold run or link), once per digest.
 *
 * Its text, to tell whether the title is the whole element ("<em>Heat</em>") or part of it
 * ("<em>Amazon Prime</em>"), and for blocks the context scoring reads around a match:
 * - `text` absent and `long` absent: the element's text is exactly the text of the (one) unit
 *   referring to it (an element holding one text node: most links and italics, most paragraphs
 *   of plain prose).
 * - `text` present: the element's whole text (textContent). Blocks: exact, at most MAX_CONTEXT.
 *   Others: exact, or with whitespace runs collapsed to one space when longer than
 *   MAX_ELEMENT_CHARS (whitespace never changes the words it holds).
 * - `long`: longer than that; scoring reads it as a longer run than any title (context: the unit's
 *   own text; cover: 'part').
 */
export interface ElementFacts {
  id: number;
  role: ElementRole;
  text?: string;
  long?: true;
  /**
   * Italic only: the next sibling (past one whitespace-only text node) is an element of the same
   * tag, so the italic run is split in several elements ("<em>Call Me</em> <em>b</em><em>y Your
   * Name</em>") and this element alone is part of it.
   */
  split?: true;
  /** Link only: its href resolved against the page URL (absent when none or not a valid URL). */
  href?: string;
}

/** One text node to match. */
export interface TextUnit {
  kind: 'text';
  id: number;
  /**
   * The node's text. Absent when its block (`block`) carries its text: the node's text is then
   * `block.text.slice(at, at + length)` (see unitText).
   */
  text?: string;
  /** Offset of the node's text in its block's text (when the block's `text` is present). */
  at?: number;
  /** Length of the node's text (when `text` is absent). */
  length?: number;
  /**
   * ElementFacts ids: the nearest block ancestor, and the first italic, bold and link between;
   * the link may also be one around the block (a card's link around its caption: `<a><p>1.
   * Eternals</p></a>`).
   */
  block?: number;
  italic?: number;
  bold?: number;
  link?: number;
  /** In a side part of the page (SiteAdapter.side: a sidebar, related stories, a chart). */
  side?: true;
  /**
   * The id of the list its block is an item of (a list item, table row or link among at least
   * three siblings of its kind: a chart's rows, a menu of films): score.ts weighs an item whose
   * whole text is a title by what its siblings are.
   */
  list?: number;
}

/** One catalogue tile: the adapter's reading of its title (lib/sites/types.ts TileTitle). */
export interface TileUnit {
  kind: 'tile';
  id: number;
  /** Absent when the adapter found no title on it right now (its badge, if any, is removed). */
  title?: string;
  year?: number;
  /** The site's address names the earliest film of the title (TileTitle.earliest). */
  earliest?: true;
  /** Another title of the tile's film, looked up when `title` names none (TileTitle.alternate). */
  alternate?: string;
}

export type DigestUnit = TextUnit | TileUnit;

/** A film item of the page's JSON-LD (@type Movie), as read by lib/detect/ids.ts. */
export interface LdMovieFacts {
  /** Its `url` and `sameAs` links (strings only), in that order. */
  links: string[];
  /** Its `name` and `alternateName`s (strings only), in that order. */
  names: string[];
  datePublished?: string;
}

/** What the page says about itself: read once per document (collect.ts readPageFacts). */
export interface PageFacts {
  /** document.URL. */
  url: string;
  /**
   * Ids (lib/detect/ids.ts idFromUrl, "imdb:tt0111161") of the page's links to id sites, distinct,
   * in document order, at most MAX_LINK_IDS.
   */
  linkIds: string[];
  /** JSON-LD Movie items, in document order. */
  ldMovies: LdMovieFacts[];
  /** og:type and og:title, when present. */
  ogType?: string;
  ogTitle?: string;
  /** The document's title (`<title>`), tidied, at most 300 characters. */
  docTitle?: string;
  /**
   * The page's first `<h1>` (at most 200 characters) and a year written with it: in it ("Heat
   * (1995)") or in the element right after it ("<h1>Heat</h1><span>(1995)</span>").
   */
  heading?: { text: string; year?: number };
  /**
   * Publication dates as written, best source first: the date meta tags (in ids.ts's order), then
   * each JSON-LD article's datePublished. pageYear takes the first that gives a plausible year.
   */
  dates: string[];
  /**
   * Dates of the page's last change as written (article:modified_time, og:updated_time, JSON-LD
   * dateModified), when any: ids.ts pageUpdatedYearOf.
   */
  modified?: string[];
}

/** A batch of units: one scan, a piece of one, or the units of changed roots. */
export interface PageDigest {
  v: typeof DIGEST_VERSION;
  /** The page's facts: in the first digest of a document (later ones reuse the engine's). */
  page?: PageFacts;
  /** Facts of every element this digest's units refer to. */
  elements: ElementFacts[];
  units: DigestUnit[];
  /** The scan stopped at a bound (MAX_SCAN_UNITS, MAX_SCAN_CHARS) before reading all of its roots. */
  truncated?: true;
}

// --- What the engine answers (score.ts) ---

interface FoundBase {
  /** Lexicon entry indices, best first. */
  entries: number[];
  /** The entries' refs (review index keys), same order. */
  refs: string[];
  confidence: number;
  /** Why it matched, in words ("title and year", "IMDb link on the page"). */
  reason: string;
  /** The text as found on the page. */
  text: string;
  /**
   * How many of the first entries are too close to tell apart (lib/detect/which-film.ts): 2 when
   * the card should ask ("Oldboy — 2003 or 2013?"). Absent: the first entry is the pick.
   */
  close?: number;
}

/** A title found in a text unit, at [start, end) of its text. */
export interface TextFound extends FoundBase {
  kind: 'text';
  unit: number;
  start: number;
  end: number;
  /** The words are used as something else here: a later mention never makes them the film. */
  notFilm?: boolean;
}

/** A tile's reading matched against the index (entries [] when it holds no known film). */
export interface TileFound extends FoundBase {
  kind: 'tile';
  unit: number;
  /** The tile's title key: a reused tile whose key changed gets its badge re-checked. */
  key: string;
}

/** A film the page names by id (structured data, its URL, links) rather than by a mark in text. */
export interface PageFound extends FoundBase {
  kind: 'id';
}

export type Found = TextFound | TileFound | PageFound;

/** A unit's text (see TextUnit.text). */
export function unitText(unit: TextUnit, block: ElementFacts | undefined): string {
  if (unit.text !== undefined) return unit.text;
  const at = unit.at ?? 0;
  return block?.text?.slice(at, at + (unit.length ?? 0)) ?? '';
}

// --- Content side (implemented in collect.ts: DOM in, digest out; no lexicon, matcher or scorer) ---

/** The DOM node behind a unit, kept by the content script to write the engine's answer. */
export type UnitNode =
  | {
      kind: 'text';
      node: Text;
      /** The node's text when collected: an answer for a node whose text changed since is dropped. */
      data: string;
    }
  | {
      kind: 'tile';
      element: Element;
      /** Where its badge goes (the adapter's markTarget). */
      target: Element;
    };

/** A piece cut from a scan: the digest to send, and the node of each unit (`nodes[i]` ↔ `digest.units[i]`). */
export interface CollectedPiece {
  digest: PageDigest;
  nodes: UnitNode[];
}

/** A scan of some roots in progress, read one unit at a time (the caller slices it by time). */
export interface DigestBuilder {
  /** Reads the next unit (a text node or a tile); false once every root is read or a bound is hit. */
  step(): boolean;
  /** Characters of JSON gathered since the last take() (an estimate: text length plus a fixed cost per unit and element). */
  readonly size: number;
  /** Every root is read (or a bound stopped the scan). */
  readonly done: boolean;
  /** The node of the unit read last (where the scan has got to on the page). */
  readonly last: UnitNode | undefined;
  /** The units gathered since the last take, as a self-contained digest (its elements repeated). */
  take(): CollectedPiece;
}

export interface ScanOptions {
  /** Put the page's facts in the first piece (a document's first scan). */
  page?: boolean;
}

/** Reads one document for the engine (one per document; node ids are its own). */
export interface Collector {
  readonly adapter: SiteAdapter;
  /** The page's facts, read on first use and kept. */
  page(): PageFacts;
  /**
   * A scan of `roots`: document or document.body for the whole page, the changed nodes after
   * mutations (a root inside a tile rereads that tile; roots inside other roots are read once).
   */
  scan(roots: Node[], options?: ScanOptions): DigestBuilder;
  /** The id a node was given, if it was ever collected. */
  idOf(node: Node): number | undefined;
}

export type CreateCollector = (
  document: Document,
  adapter: SiteAdapter,
  limits?: Partial<DigestLimits>,
) => Collector;

// --- Engine side (implemented in score.ts) ---

/** What the engine keeps per page to score its digests. */
export interface DigestEnv {
  lexicon: Lexicon;
  matcher: TitleMatcher;
  page: PageFacts;
  /** Entries the page names by id, with the reason (ids.ts pageEntriesOf). */
  pageEntries: Map<number, string>;
  /** Id sites whose links on this page led to films of the index (ids.ts linkedSites). */
  linkedSites: Set<string>;
  /** The year the page was published, null when undated (ids.ts pageYearOf). */
  pageYear: number | null;
  /** The year the page was last changed, when it says (ids.ts pageUpdatedYearOf): no film after it is "future". */
  pageUpdated?: number | null;
  /** The page reviews an album, a book, a game… (review-headline.ts reviewsOtherMedium). */
  otherMediumPage?: boolean;
  /**
   * The lowest confidence the caller shows: a text match that cannot reach it is given up early
   * and left out (evidence.ts scoreMatch), and one below it has no refs decoded. 0, the default,
   * scores every match in full (the CLI's --all).
   */
  floor?: number;
  /** How many text matches the floor gave up (tests, benchmarks). */
  givenUp?: number;
  /** The years of the films the page named unambiguously so far (which-film.ts). */
  era?: PageEra;
  /** The evidence weights (lib/detect/weights.ts; default: the committed table). */
  weights?: Weights;
  /**
   * Fitting only: called with each text match's feature values (weights.ts FEATURES) and its
   * detection. Matches are then scored in full, whatever the floor.
   */
  onFeatures?: (features: Float64Array, found: TextFound) => void;
}

/** The one rule for which detections are shown, with the films named so far on the page. */
export interface ShownFilter {
  minConfidence: number;
  /** Entries named on this page (by id, or in text at or above SURE), with the surest confidence: see namedAgain. */
  named: Map<number, number>;
}

export type CreateDigestEnv = (lexicon: Lexicon, page: PageFacts, matcher?: TitleMatcher) => DigestEnv;
/** Every detection of a digest's units, in unit order (text matches given up by the floor left out). */
export type ScoreDigest = (digest: PageDigest, env: DigestEnv) => Found[];
/**
 * Only what is shown: text passing `shown` (which it updates), tiles naming a film, and the page's
 * id detections when the digest carries `page`. A tile unit absent from the answer names no film.
 */
export type DetectDigest = (digest: PageDigest, env: DigestEnv, shown: ShownFilter) => Found[];
