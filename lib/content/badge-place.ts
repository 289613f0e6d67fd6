/**
 * Where a tile's badge goes so that it never covers text: not over the title it rates, nor over
 * the rest of the tile or row (a year cell, a list number). The badge is absolutely positioned at
 * its static place (the start of the tile's content, see marks.ts); on a poster that corner is
 * artwork, but in a table row it is the first letters of the title (Wikipedia's time-loop films:
 * "G★1.0dhog Day"). So each new badge is measured once: the title's text boxes
 * (Range.getClientRects), the other text of its tile and the tile's box; the first free spot of a
 * short list wins (its static place, after the title, a corner of the tile, before, above or below
 * the title) and the badge is moved there with `translate`, which moves no other box. When no spot
 * is free it goes inline after the title instead, taking room rather than covering text.
 *
 * Cost: badges written in one frame are measured together in the next (every read, then every
 * write: one layout, no read after a write), and stay hidden until placed (marks.ts' stylesheet).
 * A resize or a web font arriving re-places them the same way (BadgePlacer).
 */
import { BADGE_TAG } from '../detect/tags';

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Geometry {
  /** The badge's border box at its static place (without any offset Marquee gave it). */
  badge: Box;
  /** The tile's box (the nearest block around the badge's target): the badge stays inside it. */
  tile: Box;
  /** The title's own text boxes, in reading order. */
  title: Box[];
  /** Text boxes of the tile, title included: the badge overlaps none of them. */
  text: Box[];
  /** Right-to-left text: "after the title" is on its left. */
  rtl: boolean;
  /**
   * False when the tile held too much text to walk and only the text around the title is known:
   * then only spots next to the title are tried, never the tile's far corners.
   */
  complete: boolean;
}

/** Where the badge went: moved by (dx, dy) from its static place to a named spot, or inline. */
export type Place = { at: Spot; dx: number; dy: number } | { at: 'inline' };

export type Spot =
  'static' | 'after' | 'top-end' | 'top-start' | 'bottom-end' | 'bottom-start' | 'before' | 'above' | 'below';

/** Room kept between the badge and text or the tile's edge (px). */
export const GAP = 2;
/** Text nodes of one tile walked at most; beyond this only the title's neighbourhood is measured. */
export const TEXT_LIMIT = 120;

const overlaps = (a: Box, b: Box, pad: number) =>
  a.left < b.right + pad && b.left - pad < a.right && a.top < b.bottom + pad && b.top - pad < a.bottom;

const inside = (a: Box, b: Box) =>
  a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom;

/** Zero-area boxes (collapsed whitespace, hidden text) cover nothing. */
const visible = (b: Box) => b.right > b.left && b.bottom > b.top;

/**
 * The first spot where the badge lies inside its tile and clear of every text box (by GAP), or
 * inline when there is none. Pure: the DOM side is `measure` and `apply`.
 */
export function choosePlace(g: Geometry): Place {
  const w = g.badge.right - g.badge.left;
  const h = g.badge.bottom - g.badge.top;
  const text = g.text.filter(visible);
  const title = g.title.filter(visible);
  const tile: Box = {
    left: g.tile.left + GAP,
    top: g.tile.top + GAP,
    right: g.tile.right - GAP,
    bottom: g.tile.bottom - GAP,
  };
  const at = (left: number, top: number): Box => ({ left, top, right: left + w, bottom: top + h });
  const candidates: [Spot, Box][] = [['static', g.badge]];
  const first = title[0];
  const last = title.at(-1);
  const middle = (line: Box) => line.top + (line.bottom - line.top - h) / 2;
  if (first && last) {
    const after = g.rtl ? at(last.left - GAP - w, middle(last)) : at(last.right + GAP, middle(last));
    const before = g.rtl ? at(first.right + GAP, middle(first)) : at(first.left - GAP - w, middle(first));
    const startX = g.rtl ? first.right - w : first.left;
    candidates.push(['after', after]);
    if (g.complete) candidates.push(...corners(tile, w, h, g.rtl));
    candidates.push(
      ['before', before],
      ['above', at(startX, Math.min(...title.map((b) => b.top)) - GAP - h)],
      ['below', at(startX, Math.max(...title.map((b) => b.bottom)) + GAP)],
    );
  } else if (g.complete) candidates.push(...corners(tile, w, h, g.rtl));
  for (const [spot, box] of candidates) {
    if (!inside(box, spot === 'static' ? g.tile : tile)) continue;
    if (text.some((t) => overlaps(box, t, GAP))) continue;
    return { at: spot, dx: Math.round(box.left - g.badge.left), dy: Math.round(box.top - g.badge.top) };
  }
  return { at: 'inline' };
}

function corners(tile: Box, w: number, h: number, rtl: boolean): [Spot, Box][] {
  const box = (left: number, top: number): Box => ({ left, top, right: left + w, bottom: top + h });
  const endX = rtl ? tile.left : tile.right - w;
  const startX = rtl ? tile.right - w : tile.left;
  return [
    ['top-end', box(endX, tile.top)],
    ['top-start', box(startX, tile.top)],
    ['bottom-end', box(endX, tile.bottom - h)],
    ['bottom-start', box(startX, tile.bottom - h)],
  ];
}

// --- the DOM side ---

const boxOf = (r: DOMRect | DOMRectReadOnly): Box => ({
  left: r.left,
  top: r.top,
  right: r.right,
  bottom: r.bottom,
});

/** The nearest element around `el` (itself included) that lays out as a box, not a run of text. */
function tileOf(el: Element, view: Window): Element {
  for (let e: Element | null = el; e; e = e.parentElement) {
    const display = view.getComputedStyle(e).display;
    if (display !== 'inline' && display !== 'contents') return e;
  }
  return el;
}

const SHOWN_TEXT = /\S/;

/** The text boxes of the text nodes `walk` yields, up to `limit` nodes; false when it stopped early. */
function collect(range: Range, walk: () => Node | null, out: Box[], limit: number): boolean {
  for (let i = 0; i < limit; i++) {
    const n = walk();
    if (!n) return true;
    if (!SHOWN_TEXT.test((n as Text).data)) {
      i--;
      continue;
    }
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) out.push(boxOf(r));
  }
  return walk() === null;
}

/** Reads everything choosePlace needs for one badge (no writes). `offset`: what Marquee moved it by. */
export function measure(badge: HTMLElement, target: Element, offset = { dx: 0, dy: 0 }): Geometry {
  const doc = target.ownerDocument;
  const view = doc.defaultView!;
  const tile = tileOf(target, view);
  const range = doc.createRange();
  const textWalker = (root: Node) => doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const title: Box[] = [];
  const own = textWalker(target);
  collect(range, () => own.nextNode(), title, TEXT_LIMIT);
  const text: Box[] = [];
  const all = textWalker(tile);
  const complete = collect(range, () => all.nextNode(), text, TEXT_LIMIT);
  if (!complete) {
    // A tile too big to walk (an inline link straight in a long article): the text on either
    // side of the title is what a badge next to it could cover.
    text.length = 0;
    text.push(...title);
    const around = textWalker(tile);
    around.currentNode = target;
    collect(range, () => around.previousNode(), text, TEXT_LIMIT / 2);
    const next = textWalker(tile);
    next.currentNode = target;
    const nextOutside = () => {
      let n = next.nextNode();
      while (n && target.contains(n)) n = next.nextNode();
      return n;
    };
    collect(range, nextOutside, text, TEXT_LIMIT / 2);
  }
  const b = badge.getBoundingClientRect();
  return {
    badge: {
      left: b.left - offset.dx,
      top: b.top - offset.dy,
      right: b.right - offset.dx,
      bottom: b.bottom - offset.dy,
    },
    tile: boxOf(tile.getBoundingClientRect()),
    title,
    text,
    rtl: view.getComputedStyle(tile).direction === 'rtl',
    complete,
  };
}

/** The attribute naming a badge's spot; a badge without it is hidden until placed (marks.ts). */
export const PLACE_ATTR = 'data-place';

/** Moves the badge to its place (writes only). */
export function apply(badge: HTMLElement, target: Element, place: Place): void {
  if (place.at === 'inline') {
    badge.style.removeProperty('translate');
    // After the title's text, in the flow: it takes room instead of covering anything.
    if (badge !== target.lastChild) target.appendChild(badge);
  } else if (place.dx || place.dy)
    badge.style.setProperty('translate', `${place.dx}px ${place.dy}px`, 'important');
  else badge.style.removeProperty('translate');
  if (!badge.getAttribute('style')) badge.removeAttribute('style');
  badge.setAttribute(PLACE_ATTR, place.at);
}

export interface PlacerDeps {
  document: Document;
  /** The content script's lifetime: its end removes the placer's listeners too. */
  signal: AbortSignal;
  /** Runs `fn` in the next animation frame (tests pass a manual scheduler). */
  frame: (fn: () => void) => void;
  /** Wraps the writes so the content script's observer ignores them. */
  quietly: (fn: () => void) => void;
}

/** How long layout changes must settle before badges are re-placed (ms). */
export const RELAYOUT_SETTLE_MS = 150;

/**
 * Badges waiting for their place, measured and moved together one frame after they went in; and
 * re-placed when the layout under them changes (a resized window re-wraps titles, a web font
 * arriving changes their width), once the changes settle.
 */
export class BadgePlacer {
  private queue = new Set<HTMLElement>();
  private scheduled = false;
  private readonly stopped = new AbortController();
  /** What each badge was moved by, so a re-placement measures from its static place. */
  private moved = new WeakMap<HTMLElement, { dx: number; dy: number }>();
  /** Badges placed so far, for tests and benchmarks. */
  placed = 0;

  constructor(private readonly deps: PlacerDeps) {
    const signal = AbortSignal.any([this.stopped.signal, deps.signal]);
    const view = deps.document.defaultView;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.replaceAll(), RELAYOUT_SETTLE_MS);
    };
    view?.addEventListener('resize', later, { signal, passive: true });
    deps.document.fonts?.addEventListener?.('loadingdone', later, { signal });
    signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  }

  /** Place this badge in the next frame. */
  add(badge: HTMLElement): void {
    if (this.stopped.signal.aborted) return;
    this.queue.add(badge);
    if (this.scheduled) return;
    this.scheduled = true;
    this.deps.frame(() => this.run());
  }

  /** Re-place every badge of the document that is not inline. */
  replaceAll(): void {
    for (const b of this.deps.document.querySelectorAll<HTMLElement>(BADGE_TAG))
      if (b.getAttribute(PLACE_ATTR) !== 'inline') this.add(b);
  }

  run(): void {
    this.scheduled = false;
    if (this.stopped.signal.aborted) return;
    const badges = [...this.queue].filter((b) => b.isConnected && b.parentElement);
    this.queue.clear();
    // Every read first…
    const places = badges.map((b) => {
      const target = b.parentElement!;
      return { b, target, place: choosePlace(measure(b, target, this.moved.get(b))) };
    });
    // …then every write.
    this.deps.quietly(() => {
      for (const { b, target, place } of places) {
        apply(b, target, place);
        if (place.at === 'inline') this.moved.delete(b);
        else this.moved.set(b, { dx: place.dx, dy: place.dy });
      }
    });
    this.placed += places.length;
  }

  stop(): void {
    this.stopped.abort();
    this.queue.clear();
  }
}
