/**
 * Walks a DOM subtree and finds films: the adapter's tiles first (matched exactly), then free text
 * (matched with evidence, lib/detect/evidence.ts). Work comes out as a generator of small units —
 * one tile or one text node — so the caller decides when to stop and yield to the page (the
 * content script slices it by time; the CLI and tests just run it to the end).
 *
 * Never looks inside form fields, editable content, code, scripts or Marquee's own nodes.
 */
import type { SiteAdapter } from '../sites/types';
import { Variant, type Lexicon } from './lexicon';
import { createMatcher, type TextMatch, type TitleMatcher } from './matcher';
import { scoreMatch, type Markup, type PageContext } from './evidence';
import { idFromUrl, linkedSites, pageYear } from './ids';
import { tokenize } from './tokens';

export const MARK_TAG = 'marquee-mark';
export const BADGE_TAG = 'marquee-badge';
export const UI_TAG = 'marquee-card';

/** Elements whose text is never read (by localName: lower case, for HTML, SVG and MathML alike). */
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'textarea',
  'input',
  'select',
  'option',
  'code',
  'pre',
  'kbd',
  'samp',
  'svg',
  'math',
  'template',
  'iframe',
  'head',
  'title',
  MARK_TAG,
  BADGE_TAG,
  UI_TAG,
]);

/**
 * Form fields, code, scripts, our own nodes, and editable content. Editing is read from the
 * attribute, not `isContentEditable`: Blink brings style up to date to answer that, so after any
 * change to the page (our own marks included) each call forced a style recalculation (#3). The
 * walk skips a skipped element's whole subtree, which covers what an editable element's
 * descendants inherit; `contenteditable="false"` is the only value that doesn't make it editable.
 */
export function isSkippable(el: Element): boolean {
  if (SKIP.has(el.localName)) return true;
  const editable = el.getAttribute('contenteditable');
  return editable !== null && editable.toLowerCase() !== 'false';
}

interface DetectionBase {
  /** Lexicon entry indices, best first. */
  entries: number[];
  refs: string[];
  confidence: number;
  /** Why it matched, in words ("title and year", "IMDb link on the page"). */
  reason: string;
  /** The text as found on the page. */
  text: string;
}

export interface TextDetection extends DetectionBase {
  kind: 'text';
  /** The words are used as something else here: a later mention never makes them the film. */
  notFilm?: boolean;
  node: Text;
  start: number;
  end: number;
}

export interface TileDetection extends DetectionBase {
  kind: 'tile';
  element: Element;
  target: Element;
  /** The tile's title key: a reused tile whose key changed gets its badge re-checked. */
  key: string;
}

/** A film the page names by id (structured data, its URL, links) rather than by a mark in text. */
export interface PageDetection extends DetectionBase {
  kind: 'id';
}

export type Detection = TextDetection | TileDetection | PageDetection;

export interface ScanEnv {
  lexicon: Lexicon;
  matcher: TitleMatcher;
  adapter: SiteAdapter;
  /** Entries the page names by id, with the reason. */
  pageEntries: Map<number, string>;
  tileSelector: string;
  excludeSelector: string;
  /** Read from the document on the first scan (undefined until then; null when undated). */
  pageYear?: number | null;
  /** Id sites whose links on this page led to films of the index (ids.ts linkedSites). */
  linkedSites: Set<string>;
  /**
   * The lowest confidence the caller shows: a text match that cannot reach it is given up early
   * and comes back with no entries (evidence.ts scoreMatch), and one below it has no refs
   * decoded. 0, the default, scores every match in full (the CLI's --all).
   */
  floor?: number;
  /** How many text matches the floor gave up, left out of what the scan yields (tests, benchmarks). */
  givenUp?: number;
}

/** Confidence from which a text match counts as a film named on the page (see namedAgain). */
export const SURE = 0.6;

export function createScanEnv(
  lexicon: Lexicon,
  adapter: SiteAdapter,
  pageEntries = new Map<number, string>(),
): ScanEnv {
  return {
    lexicon,
    matcher: createMatcher(lexicon),
    adapter,
    pageEntries,
    tileSelector: adapter.tiles.map((t) => t.selector).join(','),
    excludeSelector: (adapter.exclude ?? []).join(','),
    linkedSites: linkedSites(pageEntries),
  };
}

const refsOf = (lex: Lexicon, entries: number[]) => entries.map((e) => lex.ref(e)!);

/** Page-level detections for entries named by id. */
export function pageDetections(env: ScanEnv): PageDetection[] {
  return [...env.pageEntries].map(([e, reason]) => ({
    kind: 'id',
    entries: [e],
    refs: [env.lexicon.ref(e)!],
    confidence: 1,
    reason,
    text: env.lexicon.title(e)!,
  }));
}

/** Match one tile: its whole title against the index, exactly. Entries [] when it holds no known film. */
export function matchTile(env: ScanEnv, el: Element): TileDetection | null {
  for (const rule of env.adapter.tiles) {
    if (!el.matches(rule.selector)) continue;
    const read = rule.read(el);
    const target = rule.markTarget?.(el) ?? el;
    const lex = env.lexicon;
    const none: TileDetection = {
      kind: 'tile',
      element: el,
      target,
      key: '',
      entries: [],
      refs: [],
      confidence: 0,
      reason: '',
      text: '',
    };
    if (!read) return none;
    // One tokenizing for both: the key and the lookup.
    const tokens = tokenize(read.title);
    const key = tokens.join(' ');
    const node = lex.lookupTokens(tokens);
    if (node < 0) return { ...none, key, text: read.title };
    const terms = lex.terms(node);
    // A tile shows the whole title: "Mirror" is not "The Mirror" (1917), "Game Over" not "Spy
    // Kids 3-D: Game Over". A shortened form counts only when the tile's year agrees (#3).
    const exact = terms.filter((t) => t.variant === Variant.Title || t.variant === Variant.Alias);
    if (!exact.length && !read.year) return { ...none, key, text: read.title };
    let entries = [...new Set((exact.length ? exact : terms).map((t) => t.entry))];
    let reason = 'catalogue tile';
    if (read.year) {
      const dated = entries.filter((e) => Math.abs(lex.years[e]! - read.year!) <= 1);
      if (dated.length) {
        entries = dated;
        reason = 'catalogue tile with year';
      } else {
        // The tile dates another film of that name ("The Road", 2011, is not the 2009 film):
        // no badge rather than the wrong film’s rating (#3).
        return { ...none, key, text: read.title };
      }
    }
    const byId = entries.filter((e) => env.pageEntries.has(e));
    if (byId.length) entries = byId;
    entries.sort((a, b) => lex.years[b]! - lex.years[a]!);
    return { ...none, key, text: read.title, entries, refs: refsOf(lex, entries), confidence: 1, reason };
  }
  return null;
}

const BLOCK = new Set(
  'P LI TD TH H1 H2 H3 H4 H5 H6 DIV SECTION ARTICLE BLOCKQUOTE DD DT FIGCAPTION BODY HEADER FOOTER MAIN ASIDE NAV TABLE UL OL CAPTION FIGURE TR'.split(
    ' ',
  ),
);
const ITALIC = new Set(['EM', 'I', 'CITE', 'Q']);
const HEADING = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'STRONG', 'B', 'DT', 'TH']);
/** Blocks longer than this give their text node alone as context (keeps context building cheap). */
const MAX_CONTEXT = 4000;

interface BlockText {
  text: string;
  offsets: Map<Text, number>;
}

function blockOf(node: Text): Element | null {
  for (let el = node.parentElement; el; el = el.parentElement) if (BLOCK.has(el.tagName)) return el;
  return null;
}

function blockText(block: Element): BlockText | null {
  const total = block.textContent?.length ?? 0;
  if (total > MAX_CONTEXT) return null;
  const offsets = new Map<Text, number>();
  let text = '';
  const walker = block.ownerDocument.createTreeWalker(block, 0x4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    offsets.set(n as Text, text.length);
    text += (n as Text).data;
  }
  return { text, offsets };
}

/**
 * How the element's text relates to the match: 'whole' when it is the match (give or take a list
 * number, "3. Dunkirk"), 'part' when the element holds more words (an italic "Amazon Prime" is not
 * the film "Prime").
 */
function cover(el: Element, m: TextMatch, words: Map<Element, string[]>): 'whole' | 'part' {
  // "<em>Call Me</em> <em>b</em><em>y Your Name</em>": an italic run split into several elements.
  if (ITALIC.has(el.tagName)) {
    let next = el.nextSibling;
    if (next && next.nodeType === 3 && !(next as Text).data.trim()) next = next.nextSibling;
    if (next && next.nodeType === 1 && (next as Element).tagName === el.tagName) return 'part';
  }
  // The matches of one text node share its ancestors: each element's words are read once.
  let tokens = words.get(el);
  if (!tokens) words.set(el, (tokens = tokenize(el.textContent ?? '')));
  const extra = tokens.length - m.words;
  if (extra === 0 || (extra === 1 && /^\d+$/.test(tokens[0]!))) return 'whole';
  return 'part';
}

const NO_MARKUP: Markup = Object.freeze({});
const HEADING_BLOCK = /^(H[1-6]|DT|TH)$/;

function markupOf(
  env: ScanEnv,
  node: Text,
  block: Element | null,
  m: TextMatch,
  words: Map<Element, string[]>,
): Markup {
  const out: Markup = {};
  for (let el = node.parentElement; el && el !== block; el = el.parentElement) {
    const tag = el.tagName;
    if (ITALIC.has(tag)) out.italic ??= cover(el, m, words);
    else if (HEADING.has(tag)) out.heading ??= cover(el, m, words) === 'whole';
    else if (tag === 'A' && out.linkText === undefined) {
      out.linkText = cover(el, m, words) === 'whole';
      if (out.linkText && env.linkedSites.size) out.linksElsewhere = linksElsewhere(env, el);
    }
  }
  if (block && HEADING_BLOCK.test(block.tagName)) out.heading ||= cover(block, m, words) === 'whole';
  return out;
}

/** A link to an id site the index knows, to a page that is none of its films (see Markup). */
function linksElsewhere(env: ScanEnv, a: Element): boolean {
  const href = a.getAttribute('href');
  if (!href) return false;
  let id: string | undefined;
  try {
    id = idFromUrl(new URL(href, a.ownerDocument.URL).href);
  } catch {
    return false;
  }
  if (!id || !env.linkedSites.has(id.slice(0, id.indexOf(':')))) return false;
  return env.lexicon.byId(id).length === 0;
}

function pageContext(env: ScanEnv, node: Node): PageContext {
  if (env.pageYear === undefined) {
    const doc = node.ownerDocument ?? (node as Document);
    env.pageYear = pageYear(doc, doc.URL) ?? null;
  }
  return env.pageYear ? { year: env.pageYear } : {};
}

/** Score the matches of one text node. */
export function detectInText(
  env: ScanEnv,
  node: Text,
  cache?: Map<Element, BlockText | null>,
): TextDetection[] {
  const matches = env.matcher.find(node.data);
  if (!matches.length) return [];
  const block = blockOf(node);
  let ctx: BlockText | null = null;
  // A block holding just this text node (most paragraphs of prose) is its own context: no walk.
  const alone = node.parentElement === block && !node.previousSibling && !node.nextSibling;
  if (block && !alone) {
    if (cache?.has(block)) ctx = cache.get(block)!;
    else {
      ctx = blockText(block);
      cache?.set(block, ctx);
    }
  }
  const base = ctx?.offsets.get(node);
  const context = ctx && base !== undefined ? ctx.text : node.data;
  const offset = ctx && base !== undefined ? base : 0;
  const page = pageContext(env, node);
  const words = new Map<Element, string[]>();
  // A text node right inside its block (most prose) has no markup of its own but the block's.
  const plain = node.parentElement === block && !(block && HEADING_BLOCK.test(block.tagName));
  const markups = matches.map((m) => (plain ? NO_MARKUP : markupOf(env, node, block, m, words)));
  const score = (m: TextMatch, i: number, p: PageContext) =>
    scoreMatch(env.lexicon, m, context, offset + m.start, markups[i]!, env.pageEntries, p, env.floor);
  const scored = matches.map((m, i) => score(m, i, page));
  // Films are named together ("Groundhog Day remains the template, and Edge of Tomorrow…"): one
  // named with confidence says the text around it is about films (#3).
  let sure = 0;
  for (const s of scored) if (s.confidence >= SURE && s.entries.length) sure++;
  const out: TextDetection[] = [];
  for (let i = 0; i < matches.length; i++) {
    let s = scored[i]!;
    // A match given up (no entries) was already out of reach with film words counted; with a
    // floor it is left out (nothing shows it), without one (the CLI's --all) it is listed.
    if (!s.entries.length && env.floor) {
      env.givenUp = (env.givenUp ?? 0) + 1;
      continue;
    }
    const m = matches[i]!;
    if (s.confidence < SURE && s.entries.length && sure > 0) s = score(m, i, { ...page, filmNearby: true });
    out.push({
      kind: 'text' as const,
      node,
      start: m.start,
      end: m.end,
      text: m.title,
      entries: s.entries,
      // Refs are decoded per entry: only for what can be shown (namedAgain gives its own).
      refs: s.confidence >= (env.floor ?? 0) ? refsOf(env.lexicon, s.entries) : [],
      confidence: s.confidence,
      reason: s.reason,
      ...(s.notFilm ? { notFilm: true } : {}),
    });
  }
  return out;
}

/**
 * Is the node in (or is it) a skipped or excluded element? `memo` keeps the answer per element
 * for one scan: a catalogue's 2,000 tiles share their row's ancestors, which are then tested once
 * each instead of once per tile against the adapter's whole exclude list (#3).
 */
function insideSkipped(node: Node, env: ScanEnv, memo?: Map<Element, boolean>): boolean {
  const path: Element[] = [];
  let skipped = false;
  for (let el = node.nodeType === 1 ? (node as Element) : node.parentElement; el; el = el.parentElement) {
    const known = memo?.get(el);
    if (known !== undefined) {
      skipped = known;
      break;
    }
    path.push(el);
    if (isSkippable(el) || (env.excludeSelector && el.matches(env.excludeSelector))) {
      skipped = true;
      break;
    }
  }
  if (memo) for (const el of path) memo.set(el, skipped);
  return skipped;
}

/**
 * The work of scanning `root`, one unit at a time: each yield is the detections of one tile or
 * one text node (often none). Tiles are found first; free text skips tiles and excluded parts.
 */
export function* scanUnits(root: Node, env: ScanEnv): Generator<Detection[], void, void> {
  if (!root.isConnected && root.nodeType !== 9) return;
  const start = root.nodeType === 9 ? (root as Document).body : root;
  // A document in design mode is editable throughout (what isContentEditable also answered).
  if (!start || insideSkipped(start, env) || start.ownerDocument?.designMode === 'on') return;
  const el = start.nodeType === 1 ? (start as Element) : start.parentElement;
  if (!el) return;

  // Tiles: the root itself, the tile it sits in (a reused tile's text changed), tiles inside it.
  const tiles = new Set<Element>();
  if (env.tileSelector) {
    const around = el.closest(env.tileSelector);
    if (around) tiles.add(around);
    for (const t of Array.from(el.querySelectorAll(env.tileSelector))) tiles.add(t);
  }
  const skippedMemo = new Map<Element, boolean>();
  for (const tile of tiles) {
    if (insideSkipped(tile, env, skippedMemo) && !tile.contains(el)) continue;
    const d = matchTile(env, tile);
    if (d) yield [d];
  }
  if (start.nodeType === 3) {
    if (!el.closest(env.tileSelector || BADGE_TAG)) yield detectInText(env, start as Text);
    return;
  }
  // Free text: the adapter's text roots (or everything), minus tiles and excluded parts.
  let roots: Element[] = [el];
  const textRoots = env.adapter.textRoots?.join(',');
  if (textRoots && !el.closest(textRoots)) roots = Array.from(el.querySelectorAll(textRoots));
  if (env.tileSelector && el.closest(env.tileSelector)) return;
  const rejected = new Set<Element>();
  if (env.excludeSelector)
    for (const x of Array.from(el.querySelectorAll(env.excludeSelector))) rejected.add(x);
  const cache = new Map<Element, BlockText | null>();
  for (const r of roots) {
    // No filter callback: a JS acceptNode per element costs a call from the walker's C++ into
    // script for every node of the page (#3). Skipped subtrees are stepped over here instead.
    const walker = r.ownerDocument.createTreeWalker(r, 0x1 | 0x4);
    let n = walker.nextNode();
    while (n) {
      if (n.nodeType === 1) {
        const e = n as Element;
        if (isSkippable(e) || rejected.has(e) || tiles.has(e)) {
          n = pastSubtree(walker);
          continue;
        }
      } else if (n.nodeType === 3 && (n as Text).data.length >= 2) yield detectInText(env, n as Text, cache);
      n = walker.nextNode();
    }
  }
}

/** Moves the walker to the node after its current node's subtree (null at the root's end). */
function pastSubtree(walker: TreeWalker): Node | null {
  for (;;) {
    const next = walker.nextSibling();
    if (next) return next;
    if (!walker.parentNode()) return null;
  }
}

/**
 * A film already named with confidence on this page is what a later mention written exactly as
 * its title means ("…the spin-off *Ballerina*… Critics liked Ballerina…"): readers resolve it so.
 * Lower-case words ("the heat was unbearable") are not written as the title and stay unmarked.
 */
export function namedAgain(d: TextDetection, lex: Lexicon, named: ReadonlySet<number>): TextDetection | null {
  const e = d.entries.find((x) => named.has(x));
  if (e === undefined || d.notFilm || d.text !== lex.title(e)) return null;
  return {
    ...d,
    entries: [e],
    refs: [lex.ref(e)!],
    confidence: Math.max(d.confidence, 0.8),
    reason: 'named earlier on the page',
  };
}

/**
 * Everything on a page at once (CLI, eval, tests): page ids, tiles and text. Text found below
 * `minConfidence` is kept as found (callers filter), unless the page already named its film.
 */
export function scanAll(root: Node, env: ScanEnv, minConfidence = 0.6): Detection[] {
  const out: Detection[] = pageDetections(env);
  const named = new Set<number>(env.pageEntries.keys());
  for (const unit of scanUnits(root, env)) {
    for (const d of unit) {
      if (d.kind !== 'text' || !d.entries.length) {
        out.push(d);
        continue;
      }
      const shown = d.confidence >= minConfidence ? d : (namedAgain(d, env.lexicon, named) ?? d);
      if (shown.confidence >= minConfidence) named.add(shown.entries[0]!);
      out.push(shown);
    }
  }
  return out;
}
