/**
 * Marks in the page. A title in text is wrapped in a <marquee-mark> (dotted underline); a
 * catalogue tile gets a <marquee-badge> with its rating. Custom element names keep page CSS for
 * span/a off them; their only styling is one stylesheet Marquee adds (ensureStyle), and neither shifts layout: an underline does
 * not change line boxes, and the badge is absolutely positioned at its static place (it takes no
 * space in the tile). Each carries data-refs, data-kind, data-confidence and data-reason so the
 * card can say why it matched.
 */
import type { Detection, TextDetection, TileDetection } from '../detect/scan';
import { BADGE_TAG, MARK_TAG } from '../detect/tags';
import type { Lexicon } from '../detect/lexicon';

export const MARK_STYLE = 'text-decoration:underline dotted;text-underline-offset:0.2em;cursor:help';
export const BADGE_STYLE =
  'position:absolute;z-index:2147483000;margin:4px;padding:1px 5px;border-radius:8px;' +
  'background:rgba(20,20,20,.85);color:#ffd34d;font:600 12px/16px system-ui,sans-serif;' +
  'white-space:nowrap;pointer-events:auto;cursor:help;width:auto;height:auto';

/** Text nodes Marquee split off a page's text node; unwrapping merges them back. */
const created = new WeakSet<Node>();

function describe(el: Element, d: Detection): void {
  el.setAttribute('data-refs', d.refs.join(' '));
  el.setAttribute('data-kind', d.kind);
  el.setAttribute('data-confidence', d.confidence.toFixed(2));
  el.setAttribute('data-reason', d.reason);
}

export function wrapMatches(matches: TextDetection[]): HTMLElement[] {
  const marks: HTMLElement[] = [];
  const byNode = new Map<Text, TextDetection[]>();
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
  style.textContent = `${MARK_TAG}{${important(MARK_STYLE)}}${BADGE_TAG}{${important(BADGE_STYLE)}}${BADGE_TAG}::before{content:attr(data-text)}[${DIM_ATTR}]{opacity:.45}`;
  (doc.head ?? doc.documentElement).appendChild(style);
}

/** "★ 3.5" or "7.0/10": the badge text for an entry's rating; "★" alone when it has none. */
export function badgeText(lex: Lexicon, entry: number | undefined, scale: 'stars' | 'ten'): string {
  const r = entry === undefined ? undefined : lex.rating(entry);
  if (!r) return '★';
  return scale === 'ten' ? `${(r.fraction * 10).toFixed(1)}/10` : `★ ${(r.fraction * 5).toFixed(1)}`;
}

/** The badge Marquee put on a tile, if any (first child of its mark target). */
export function badgeOf(target: Element): HTMLElement | null {
  const first = target.firstElementChild;
  return first && first.tagName === BADGE_TAG.toUpperCase() ? (first as HTMLElement) : null;
}

/**
 * Put (or refresh, or remove) the badge of a tile. A tile reused for another title (virtualised
 * rows) keeps its element: the badge's data-key is compared with the tile's current title.
 * Returns the badge when the tile shows a known film.
 */
export function placeBadge(d: TileDetection, lex: Lexicon, opts: BadgeOptions): HTMLElement | null {
  const existing = badgeOf(d.target);
  if (!d.entries.length) {
    existing?.remove();
    d.target.removeAttribute(DIM_ATTR);
    return null;
  }
  const rating = lex.rating(d.entries[0]!);
  const dim = !!opts.dimBelow && !!rating && rating.fraction < opts.dimBelow;
  if (dim) d.target.setAttribute(DIM_ATTR, '');
  else d.target.removeAttribute(DIM_ATTR);
  const text = opts.spoilerSafe ? '★' : badgeText(lex, d.entries[0], opts.scale);
  if (existing && existing.getAttribute('data-key') === d.key && existing.getAttribute('data-text') === text)
    return existing;
  const badge = existing ?? d.target.ownerDocument.createElement(BADGE_TAG);
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
