/**
 * Reads a page into its digest (lib/detect/digest.ts): the adapter's tiles first, then the free
 * text, one unit at a time, so the caller decides when to stop and yield to the page (the content
 * script slices it by time; the CLI and tests run it to the end). Collects what scoring reads and
 * nothing else; needs no lexicon, matcher or scorer, so the content script stays small.
 *
 * Never looks inside form fields, editable content, code, scripts or Marquee's own nodes.
 */
import type { SiteAdapter, TileRule, TileTitle } from '../sites/types';
import {
  DIGEST_LIMITS,
  DIGEST_VERSION,
  MAX_CONTEXT,
  MAX_ELEMENT_CHARS,
  type CollectedPiece,
  type DigestLimits,
  type Collector,
  type DigestBuilder,
  type DigestUnit,
  type ElementFacts,
  type ElementRole,
  type PageFacts,
  type ScanOptions,
  type TextUnit,
  type UnitNode,
} from './digest';
import { readPageFacts } from './page-facts';
import { BADGE_TAG, MARK_TAG, UI_TAG } from './tags';

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

/** Elements whose contenteditable makes them editable (see isSkippable). */
const EDITABLE = '[contenteditable]:not([contenteditable="false" i])';

/**
 * Form fields, code, scripts, our own nodes, and editable content. Editing is read from the
 * attribute, not `isContentEditable`: Blink brings style up to date to answer that, so after any
 * change to the page (our own marks included) each call forced a style recalculation. The
 * walk skips a skipped element's whole subtree, which covers what an editable element's
 * descendants inherit; `contenteditable="false"` is the only value that doesn't make it editable.
 */
export function isSkippable(el: Element): boolean {
  if (SKIP.has(el.localName)) return true;
  const editable = el.getAttribute('contenteditable');
  return editable !== null && editable.toLowerCase() !== 'false';
}

const BLOCK = new Set(
  'P LI TD TH H1 H2 H3 H4 H5 H6 DIV SECTION ARTICLE BLOCKQUOTE DD DT FIGCAPTION BODY HEADER FOOTER MAIN ASIDE NAV TABLE UL OL CAPTION FIGURE TR'.split(
    ' ',
  ),
);
const ITALIC = new Set(['EM', 'I', 'CITE', 'Q']);
/** Bold runs: the heading tags that are no blocks (H1–H6, DT and TH are the block itself). */
const BOLD = new Set(['STRONG', 'B']);
const HEADING_BLOCK = /^(H[1-6]|DT|TH)$/;
/** JSON a unit or element costs beyond its text (keys, ids, punctuation), from above. */
const UNIT_OVERHEAD = 96;

function blockOf(node: Text): Element | null {
  for (let el = node.parentElement; el; el = el.parentElement) if (BLOCK.has(el.tagName)) return el;
  return null;
}

/** A block's text as scoring reads it: its text nodes in order, and where each starts (null: too long). */
interface BlockText {
  text: string | null;
  offsets?: Map<Text, number>;
  /** In a side part (SiteAdapter.side). */
  side?: boolean;
  /** A link around the block (a card's caption in its link), or null. */
  around?: Element | null;
  /** The list the block is an item of (listOf), or null. */
  list?: Element | null;
}

/** Elements that are items when three or more of them are siblings. */
const LIST_ITEM = new Set(['LI', 'TR', 'DD', 'DT', 'A']);

/**
 * The list a block is an item of: the parent of the block or of its nearest list-item ancestor
 * (a few levels up: a chart row is `<a><p>1. Eternals</p></a>`) when it holds at least three
 * items of that kind. Prose paragraphs are no items: a list is made of rows, not of a text.
 */
function listOf(block: Element): Element | null {
  let item: Element | null = block;
  for (let depth = 0; item && depth < 4; depth++, item = item.parentElement) {
    if (!LIST_ITEM.has(item.tagName)) continue;
    const parent = item.parentElement;
    if (!parent) return null;
    let same = 0;
    for (let c = parent.firstElementChild; c; c = c.nextElementSibling)
      if (c.tagName === item.tagName && ++same >= 3) return parent;
    return null;
  }
  return null;
}

function blockText(block: Element): BlockText {
  const total = block.textContent?.length ?? 0;
  if (total > MAX_CONTEXT) return { text: null };
  const offsets = new Map<Text, number>();
  let text = '';
  const walker = block.ownerDocument.createTreeWalker(block, 0x4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    offsets.set(n as Text, text.length);
    text += (n as Text).data;
  }
  return { text, offsets };
}

/** An italic, bold or link element's text (null: longer than MAX_ELEMENT_CHARS), and its other facts. */
interface MarkupText {
  text: string | null;
  split?: true;
  href?: string;
}

function markupText(el: Element, role: ElementRole): MarkupText {
  let text: string | null = el.textContent ?? '';
  if (text.length > MAX_ELEMENT_CHARS) text = text.replace(/\s+/g, ' ');
  if (text.length > MAX_ELEMENT_CHARS) text = null;
  const out: MarkupText = { text };
  if (role === 'italic' && splitRun(el)) out.split = true;
  if (role === 'link') {
    const href = el.getAttribute('href');
    if (href) {
      try {
        out.href = new URL(href, el.ownerDocument.URL).href;
      } catch {
        // Not a URL: nothing the link could say about the title.
      }
    }
  }
  return out;
}

/** "<em>Call Me</em> <em>b</em><em>y Your Name</em>": an italic run split into several elements. */
function splitRun(el: Element): boolean {
  let next = el.nextSibling;
  if (next && next.nodeType === 3 && !(next as Text).data.trim()) next = next.nextSibling;
  return !!next && next.nodeType === 1 && (next as Element).tagName === el.tagName;
}

/** Moves the walker to the node after its current node's subtree (null at the root's end). */
function pastSubtree(walker: TreeWalker): Node | null {
  for (;;) {
    const next = walker.nextSibling();
    if (next) return next;
    if (!walker.parentNode()) return null;
  }
}

/** A text node's text, cut at a space before `most` characters (so one unit always fits a piece). */
function cutText(data: string, most: number): string {
  if (data.length <= most) return data;
  const space = data.lastIndexOf(' ', most);
  return data.slice(0, space > most / 2 ? space : most);
}

const tileRuleOf = (rules: TileRule[], el: Element) => rules.find((r) => el.matches(r.selector));

/**
 * Is an element the tile selector matches a tile? Yes, unless its rule only finds candidates
 * (TileRule.candidates) and reads no title from it: then its text is free text.
 */
function isTile(rules: TileRule[], el: Element, reads: TileReads): boolean {
  const rule = tileRuleOf(rules, el);
  return !!rule && (!rule.candidates || readTile(rule, el, reads) !== null);
}

/** A scan's tile readings, so a candidate read to tell whether it is a tile is not read again. */
type TileReads = Map<Element, TileTitle | null>;
function readTile(rule: TileRule, el: Element, reads: TileReads): TileTitle | null {
  let read = reads.get(el);
  if (read === undefined) reads.set(el, (read = rule.read(el)));
  return read;
}

/** The nearest tile around `el` (itself included), or null. */
function tileAround(rules: TileRule[], selector: string, el: Element, reads: TileReads): Element | null {
  for (let t = el.closest(selector); t; t = t.parentElement?.closest(selector) ?? null)
    if (isTile(rules, t, reads)) return t;
  return null;
}

/**
 * Reads `doc` for the engine, with `adapter`'s tiles, text roots and exclusions, within `limits`
 * (digest.ts DIGEST_LIMITS by default).
 */
export function createCollector(
  doc: Document,
  adapter: SiteAdapter,
  limits: Partial<DigestLimits> = {},
): Collector {
  const bounds: DigestLimits = { ...DIGEST_LIMITS, ...limits };
  const ids = new WeakMap<Node, number>();
  let lastId = 0;
  const idFor = (node: Node) => {
    let id = ids.get(node);
    if (id === undefined) ids.set(node, (id = ++lastId));
    return id;
  };
  const tileSelector = adapter.tiles.map((t) => t.selector).join(',');
  const excludeSelector = (adapter.exclude ?? []).join(',');
  const textRoots = adapter.textRoots?.join(',');
  const sideSelector = (adapter.side ?? []).join(',');
  let page: PageFacts | undefined;
  const pageFacts = () => (page ??= readPageFacts(doc, doc.URL));

  /** Is the node in (or is it) a skipped or excluded element? */
  function insideSkipped(node: Node): boolean {
    for (let el = node.nodeType === 1 ? (node as Element) : node.parentElement; el; el = el.parentElement)
      if (isSkippable(el) || (excludeSelector && el.matches(excludeSelector))) return true;
    return false;
  }

  function scan(roots: Node[], options: ScanOptions = {}): DigestBuilder {
    // Kept for the whole scan: a block or run read once however many of its nodes are units.
    const blocks = new Map<Element, BlockText>();
    const runs = new Map<Element, MarkupText>();
    const reads: TileReads = new Map();
    let units: DigestUnit[] = [];
    let nodes: UnitNode[] = [];
    let elements = new Map<number, ElementFacts>();
    let size = 0;
    let withPage = !!options.page;
    let unitCount = 0;
    let chars = 0;
    let truncated = false;
    let done = false;
    let last: UnitNode | undefined;

    /** `cost`: what the unit adds to the piece's JSON beyond UNIT_OVERHEAD; `read`: its text's length. */
    const add = (unit: DigestUnit, node: UnitNode, cost: number, read: number) => {
      units.push(unit);
      nodes.push(node);
      last = node;
      size += cost + UNIT_OVERHEAD;
      unitCount++;
      chars += read;
      if (unitCount >= bounds.units || chars >= bounds.chars) truncated = true;
    };

    /** Puts an element's facts in this piece (once) and gives its id. */
    const refer = (
      el: Element,
      role: ElementRole,
      text: string | null,
      unitData: string,
      extra?: MarkupText,
    ) => {
      const id = idFor(el);
      if (elements.has(id)) return id;
      const facts: ElementFacts = { id, role };
      if (text === null) facts.long = true;
      else if (text !== unitData) facts.text = text;
      if (extra?.split) facts.split = true;
      if (extra?.href !== undefined) facts.href = extra.href;
      elements.set(id, facts);
      size += (facts.text?.length ?? 0) + (facts.href?.length ?? 0) + UNIT_OVERHEAD;
      return id;
    };

    function textUnit(node: Text): void {
      const data = cutText(node.data, bounds.unitChars);
      const unit: TextUnit = { kind: 'text', id: idFor(node) };
      const block = blockOf(node);
      let inBlock = false;
      let side = false;
      let around: Element | null = null;
      if (block) {
        let b = blocks.get(block);
        if (!b) {
          blocks.set(block, (b = blockText(block)));
          // Read once per block, for all of its text nodes.
          b.side = !!sideSelector && block.closest(sideSelector) !== null;
          b.around = block.parentElement?.closest('a') ?? null;
          b.list = listOf(block);
        }
        side = !!b.side;
        around = b.around ?? null;
        if (b.list) unit.list = idFor(b.list);
        const role = HEADING_BLOCK.test(block.tagName) ? 'heading' : 'block';
        unit.block = refer(block, role, b.text, data);
        const at = b.offsets?.get(node);
        // The node's text is in its block's, sent once for all of the block's nodes.
        if (b.text !== null && b.text !== data && at !== undefined) {
          unit.at = at;
          unit.length = data.length;
          inBlock = true;
        }
      } else side = !!sideSelector && node.parentElement?.closest(sideSelector) != null;
      if (!inBlock) unit.text = data;
      if (side) unit.side = true;
      for (let el = node.parentElement; el && el !== block; el = el.parentElement) {
        const tag = el.tagName;
        const role = ITALIC.has(tag) ? 'italic' : BOLD.has(tag) ? 'bold' : tag === 'A' ? 'link' : undefined;
        if (!role || unit[role] !== undefined) continue;
        let run = runs.get(el);
        if (!run) runs.set(el, (run = markupText(el, role)));
        unit[role] = refer(el, role, run.text, data, run);
      }
      if (unit.link === undefined && around) {
        let run = runs.get(around);
        if (!run) runs.set(around, (run = markupText(around, 'link')));
        unit.link = refer(around, 'link', run.text, data, run);
      }
      add(unit, { kind: 'text', node, data: node.data }, inBlock ? 0 : data.length, data.length);
    }

    function tileUnit(el: Element): boolean {
      const rule = tileRuleOf(adapter.tiles, el);
      if (!rule) return false;
      const read = readTile(rule, el, reads);
      const target = rule.markTarget?.(el) ?? el;
      const title = read?.title;
      add(
        {
          kind: 'tile',
          id: idFor(el),
          ...(read ? { title: read.title } : {}),
          // Only a year that dates it counts (a NaN from a bad label would not survive JSON).
          ...(read?.year ? { year: read.year } : {}),
          ...(read?.earliest ? { earliest: true } : {}),
          ...(read?.alternate ? { alternate: read.alternate } : {}),
        },
        { kind: 'tile', element: el, target },
        title?.length ?? 0,
        title?.length ?? 0,
      );
      return true;
    }

    /** The units of one root, one at a time (true for each unit added). */
    function* unitsOf(root: Node): Generator<boolean, void, void> {
      if (!root.isConnected && root.nodeType !== 9) return;
      const start = root.nodeType === 9 ? (root as Document).body : root;
      // A document in design mode is editable throughout (what isContentEditable also answered).
      if (!start || insideSkipped(start) || start.ownerDocument?.designMode === 'on') return;
      const el = start.nodeType === 1 ? (start as Element) : start.parentElement;
      if (!el) return;

      // Tiles: the root itself, the tile it sits in (a reused tile's text changed), tiles inside it.
      const tiles = new Set<Element>();
      const around = tileSelector ? tileAround(adapter.tiles, tileSelector, el, reads) : null;
      if (tileSelector) {
        if (around) tiles.add(around);
        for (const t of Array.from(el.querySelectorAll(tileSelector)))
          if (isTile(adapter.tiles, t, reads)) tiles.add(t);
      }
      // Excluded parts and editable content under the root, found by one selector: a tile inside
      // one is not read, and the walk below steps over them. `el` and its ancestors were checked
      // above (insideSkipped), so a tile's own path up to `el` is all that is left to look at, by
      // set lookups rather than a selector match per ancestor (a catalogue's tiles have 3–5 each).
      const selectors = [EDITABLE, excludeSelector].filter(Boolean).join(',');
      const excluded = new Set<Element>(el.querySelectorAll(selectors));
      const skippedMemo = new Map<Element, boolean>();
      const skippedBelow = (tile: Element): boolean => {
        const path: Element[] = [];
        let skipped = false;
        for (let a: Element | null = tile; a && a !== el; a = a.parentElement) {
          const known = skippedMemo.get(a);
          if (known !== undefined) {
            skipped = known;
            break;
          }
          path.push(a);
          if (SKIP.has(a.localName) || excluded.has(a)) {
            skipped = true;
            break;
          }
        }
        for (const a of path) skippedMemo.set(a, skipped);
        return skipped;
      };
      for (const tile of tiles) {
        // A tile around the root (a reused tile's text changed) is read whatever is inside it.
        if (!tile.contains(el) && skippedBelow(tile)) continue;
        if (tileUnit(tile)) yield true;
      }
      if (start.nodeType === 3) {
        if (!around && !el.closest(BADGE_TAG) && /\S/.test((start as Text).data)) {
          textUnit(start as Text);
          yield true;
        }
        return;
      }
      // Free text: the adapter's text roots (or everything), minus tiles and excluded parts.
      let roots: Element[] = [el];
      if (textRoots && !el.closest(textRoots)) roots = Array.from(el.querySelectorAll(textRoots));
      if (around) return;
      // Every element the walk steps over, in one set: excluded parts, tiles (read above) and
      // editable content, found by one selector each rather than an attribute read per element
      // (a tenth of the walk's time on a 1 MB article, bench/profile-tab.ts).
      const stepOver = new Set<Element>(tiles);
      for (const x of excluded) stepOver.add(x);
      for (const r of roots) {
        // No filter callback: a JS acceptNode per element costs a call from the walker's C++ into
        // script for every node of the page. Skipped subtrees are stepped over here instead.
        const walker = r.ownerDocument.createTreeWalker(r, 0x1 | 0x4);
        let n = walker.nextNode();
        while (n) {
          if (n.nodeType === 1) {
            const e = n as Element;
            if (SKIP.has(e.localName) || stepOver.has(e)) {
              n = pastSubtree(walker);
              continue;
            }
          } else if (n.nodeType === 3) {
            const data = (n as Text).data;
            // Whitespace holds no word: nothing to match (it stays in its block's text).
            if (data.length >= 2 && /\S/.test(data)) {
              textUnit(n as Text);
              yield true;
            }
          }
          n = walker.nextNode();
        }
      }
    }

    function* all(): Generator<boolean, void, void> {
      for (const root of roots) yield* unitsOf(root);
    }
    const walk = all();

    return {
      step() {
        if (done) return false;
        if (truncated || walk.next().done) {
          done = true;
          return false;
        }
        return true;
      },
      get size() {
        return size;
      },
      get done() {
        return done;
      },
      get last() {
        return last;
      },
      take(): CollectedPiece {
        const piece: CollectedPiece = {
          digest: {
            v: DIGEST_VERSION,
            ...(withPage ? { page: pageFacts() } : {}),
            elements: [...elements.values()],
            units,
            ...(truncated ? { truncated: true as const } : {}),
          },
          nodes,
        };
        withPage = false;
        units = [];
        nodes = [];
        elements = new Map();
        size = 0;
        return piece;
      },
    };
  }

  return {
    adapter,
    page: pageFacts,
    scan,
    idOf: (node) => ids.get(node),
  };
}
