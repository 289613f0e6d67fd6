/**
 * Marks in the page. A title in text is wrapped in a <marquee-mark> (dotted underline); a
 * catalogue tile gets a <marquee-badge> with its rating. Custom element names keep page CSS for
 * span/a off them; their only styling is one stylesheet Marquee adds (ensureStyle), and neither shifts layout: an underline does
 * not change line boxes, and the badge is absolutely positioned (it takes no space in the tile),
 * moved off any text by badge-place.ts; only when a tile has no free spot does it go inline after
 * the title. Each carries data-refs, data-kind, data-confidence and data-reason so the card can
 * say why it matched.
 */
import { BADGE_TAG, MARK_TAG } from '../detect/tags';
import { PLACE_ATTR } from './badge-place';

/** What a mark or badge says about its detection (the engine's answer, lib/engine/protocol.ts). */
export interface Described {
  kind: string;
  refs: string[];
  confidence: number;
  reason: string;
  /** How many of the first refs are too close to tell apart: the card asks which. */
  close?: number;
}

/** A title in a text node: [start, end) of its text. */
export interface TextMark extends Described {
  node: Text;
  start: number;
  end: number;
}

/** A tile and the film it names (refs empty: none), with each ref's rating as a fraction of its scale. */
export interface TileMark extends Described {
  target: Element;
  key: string;
  text: string;
  ratings: (number | null)[];
}

export const MARK_STYLE = 'text-decoration:underline dotted;text-underline-offset:0.2em;cursor:help';
export const BADGE_STYLE =
  'position:absolute;z-index:2147483000;margin:4px;padding:1px 5px;border-radius:8px;' +
  'background:rgba(20,20,20,.85);color:#ffd34d;font:600 12px/16px system-ui,sans-serif;' +
  'white-space:nowrap;pointer-events:auto;cursor:help;width:auto;height:auto';

/** Text nodes Marquee split off a page's text node; unwrapping merges them back. */
const created = new WeakSet<Node>();

function describe(el: Element, d: Described): void {
  el.setAttribute('data-refs', d.refs.join(' '));
  el.setAttribute('data-kind', d.kind);
  el.setAttribute('data-confidence', d.confidence.toFixed(2));
  el.setAttribute('data-reason', d.reason);
  // Two films too close to call: the card asks which (components/Card.tsx).
  if (d.close && d.close > 1) el.setAttribute('data-close', String(d.close));
  else el.removeAttribute('data-close');
}

export function wrapMatches(matches: TextMark[]): HTMLElement[] {
  const marks: HTMLElement[] = [];
  const byNode = new Map<Text, TextMark[]>();
  for (const m of matches) {
    const list = byNode.get(m.node);
    if (list) list.push(m);
    else byNode.set(m.node, [m]);
  }
  for (const [node, list] of byNode) {
    const parent = node.parentNode;
    if (!parent) continue;
    const doc = node.ownerDocument;
    ensureStyle(doc);
    list.sort((a, b) => a.start - b.start);
    // The page's own node keeps the text before the first title (a framework such as React may
    // hold it); the marks and the text between them go in after it as one fragment. One insertion
    // per text node instead of two splitText calls and a replaceChild per title (wrapping was
    // the largest of Marquee's DOM costs on the 1 MB article).
    const data = node.data;
    const frag = doc.createDocumentFragment();
    let at = -1;
    let head = 0;
    for (const m of list) {
      if (m.start < Math.max(at, 0) || m.end > data.length || m.end <= m.start) continue;
      if (at >= 0 && m.start > at) frag.appendChild(made(doc.createTextNode(data.slice(at, m.start))));
      if (at < 0) head = m.start;
      const mark = doc.createElement(MARK_TAG);
      describe(mark, m);
      mark.setAttribute('tabindex', '0');
      mark.appendChild(made(doc.createTextNode(data.slice(m.start, m.end))));
      frag.appendChild(mark);
      marks.push(mark);
      at = m.end;
    }
    if (at < 0) continue;
    if (at < data.length) frag.appendChild(made(doc.createTextNode(data.slice(at))));
    parent.insertBefore(frag, node.nextSibling);
    node.data = data.slice(0, head);
  }
  return marks;
}

/** Remember a text node as Marquee's (see unwrapAll). */
function made<T extends Node>(n: T): T {
  created.add(n);
  return n;
}

/** A badge with no free spot on its tile: in the flow after the title (badge-place.ts). */
export const BADGE_INLINE_STYLE =
  'position:static;display:inline-block;margin:0 0 0 4px;vertical-align:baseline';

export const BADGE_STYLE_ID = 'marquee-badge-style';
/** Set on a tile whose film is rated below the reader's "dim below" setting. */
export const DIM_ATTR = 'data-marquee-dim';

export interface BadgeOptions {
  scale: 'stars' | 'ten';
  /** Spoiler-safe: the badge says a review exists, the rating waits for the card. */
  spoilerSafe?: boolean;
  /** Dim tiles rated below this fraction of their scale (0 = never). */
  dimBelow?: number;
}

/**
 * One stylesheet for every mark and badge (added on the first, removed by unwrapAll); the badge's
 * text comes from data-text.
 */
function ensureStyle(doc: Document): void {
  if (doc.getElementById(BADGE_STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = BADGE_STYLE_ID;
  // Dimming (a setting) is the tile's opacity: it changes no box, so nothing on the page moves.
  // The look of marks and badges is these rules, not a style attribute on each: 2,000 inline
  // styles were 2,000 declaration parses (a third of the catalogue's badge-writing time in
  // Chromium). !important keeps page rules for `li > *` and the like off them, as an inline
  // style would.
  const important = (css: string) =>
    css
      .split(';')
      .map((d) => `${d}!important`)
      .join(';');
  // A badge is hidden until badge-place.ts has measured where it covers no text (one frame).
  style.textContent =
    `${MARK_TAG}{${important(MARK_STYLE)}}${BADGE_TAG}{${important(BADGE_STYLE)}}` +
    `${BADGE_TAG}::before{content:attr(data-text)}[${DIM_ATTR}]{opacity:.45}` +
    `${BADGE_TAG}:not([${PLACE_ATTR}]){visibility:hidden!important}` +
    `${BADGE_TAG}[${PLACE_ATTR}=inline]{${important(BADGE_INLINE_STYLE)}}`;
  (doc.head ?? doc.documentElement).appendChild(style);
}

/** "★ 3.5" or "7.0/10": the badge text for a rating (a fraction of its scale); "★" alone when none. */
export function badgeText(fraction: number | null | undefined, scale: 'stars' | 'ten'): string {
  if (fraction === null || fraction === undefined) return '★';
  return scale === 'ten' ? `${(fraction * 10).toFixed(1)}/10` : `★ ${(fraction * 5).toFixed(1)}`;
}

const isBadge = (el: Element | null): el is HTMLElement => !!el && el.tagName === BADGE_TAG.toUpperCase();

/**
 * The badge Marquee put on a tile, if any: the first child of its mark target, or the last when
 * it went inline after the title.
 */
export function badgeOf(target: Element): HTMLElement | null {
  const first = target.firstElementChild;
  if (isBadge(first)) return first;
  const last = target.lastElementChild;
  return isBadge(last) ? last : null;
}

/**
 * Put (or refresh, or remove) the badge of a tile. A tile reused for another title (virtualised
 * rows) keeps its element: the badge's data-key is compared with the tile's current title.
 * Returns the badge when the tile shows a known film; one without a data-place is waiting for
 * badge-place.ts to find it a spot.
 */
export function placeBadge(d: TileMark, opts: BadgeOptions): HTMLElement | null {
  const existing = badgeOf(d.target);
  if (!d.refs.length) {
    existing?.remove();
    d.target.removeAttribute(DIM_ATTR);
    return null;
  }
  const rating = d.ratings[0] ?? null;
  const dim = !!opts.dimBelow && rating !== null && rating < opts.dimBelow;
  if (dim) d.target.setAttribute(DIM_ATTR, '');
  else d.target.removeAttribute(DIM_ATTR);
  const text = opts.spoilerSafe ? '★' : badgeText(rating, opts.scale);
  if (existing && existing.getAttribute('data-key') === d.key && existing.getAttribute('data-text') === text)
    return existing;
  const badge = existing ?? d.target.ownerDocument.createElement(BADGE_TAG);
  // New text or a new title: its free spot is measured again (badge-place.ts).
  badge.removeAttribute(PLACE_ATTR);
  describe(badge, d);
  badge.setAttribute('data-key', d.key);
  badge.setAttribute('data-text', text);
  badge.setAttribute('tabindex', '0');
  badge.setAttribute('role', 'img');
  badge.setAttribute('aria-label', `${d.text}: ${text}`);
  // The rating is drawn by the badge stylesheet's ::before from data-text, so the tile's
  // textContent (which adapters read titles from) does not change when the badge goes in — and,
  // unlike a shadow root per badge, 2,000 badges cost the page one style rule.
  ensureStyle(d.target.ownerDocument);
  if (!existing) d.target.insertBefore(badge, d.target.firstChild);
  return badge;
}

/**
 * Remove every mark and badge, restoring the text. The page's original text node (which a
 * framework such as React may hold a reference to) gets its full text back; only nodes Marquee
 * made are removed.
 */
export function unwrapAll(root: ParentNode): void {
  for (const badge of Array.from(root.querySelectorAll(BADGE_TAG))) badge.remove();
  for (const tile of Array.from(root.querySelectorAll(`[${DIM_ATTR}]`))) tile.removeAttribute(DIM_ATTR);
  (root as Document).getElementById?.(BADGE_STYLE_ID)?.remove();
  for (const mark of Array.from(root.querySelectorAll(MARK_TAG))) {
    const parent = mark.parentNode;
    if (!parent) continue;
    const text = mark.textContent ?? '';
    const prev = mark.previousSibling;
    const next = mark.nextSibling;
    if (prev && prev.nodeType === 3) {
      (prev as Text).appendData(text);
      if (next && next.nodeType === 3 && created.has(next)) {
        (prev as Text).appendData((next as Text).data);
        parent.removeChild(next);
      }
      parent.removeChild(mark);
    } else {
      parent.replaceChild(mark.ownerDocument.createTextNode(text), mark);
    }
  }
}
