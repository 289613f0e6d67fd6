/**
 * A grid of poster cards, on any site: each card shows a poster whose `alt` names the film and
 * a caption that says the same ("<div class=card><img alt="Heat"><div>Heat</div><span>1995</span>
 * </div>"), with no link to a detail page for the detail-link rule to read (cinema listings,
 * festival programmes, small catalogues). The poster's alt agreeing with a visible caption, on
 * three sibling cards of one shape that each show a year or a running time, is what says "a
 * film's card": an alt alone is often a photo's description, a caption alone any short text.
 */
import type { TileRule } from './types';
import { cleanLabel, firstYear, tidy } from './labels';
import { hasRuntime } from './runtime';

/** The most characters of a card's text (a caption, a year, a genre: not a paragraph). */
const CARD_CHARS = 160;
/** How many ancestors up a poster's card may be. */
const CARD_DEPTH = 3;
/** How many of a grid's children are looked at to tell it is one (a grid is uniform). */
const CHILDREN_READ = 12;

const grids = new WeakMap<Element, boolean>();

/** The card of a poster: the nearest ancestor with a short text holding a caption equal to its alt. */
function cardOf(img: Element, title: string): Element | null {
  const want = title.toLowerCase();
  let card = img.parentElement;
  for (let depth = 0; card && depth < CARD_DEPTH; depth++, card = card.parentElement) {
    let chars = 0;
    let captioned = false;
    const walker = card.ownerDocument.createTreeWalker(card, 0x4);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const data = (n as Text).data;
      chars += data.length;
      if (chars > CARD_CHARS * 4) return null;
      if (!captioned && tidy(data).toLowerCase() === want) captioned = true;
    }
    if (tidy(card.textContent).length > CARD_CHARS) return null;
    if (captioned) return card;
  }
  return null;
}

/** Does the card sit among siblings of its shape, each a captioned poster (three at least)? */
function inGrid(card: Element): boolean {
  const grid = card.parentElement;
  if (!grid) return false;
  let known = grids.get(grid);
  if (known !== undefined) return known;
  let alike = 0;
  let read = 0;
  for (const child of grid.children) {
    if (++read > CHILDREN_READ) break;
    if (child.tagName !== card.tagName || child.className !== card.className) continue;
    const img = child.querySelector('img[alt]');
    const title = img && cleanLabel(img.getAttribute('alt'))?.title;
    if (title && cardOf(img, title) === child) alike++;
  }
  known = alike >= 3;
  grids.set(grid, known);
  return known;
}

export const posterCardRule: TileRule = {
  selector: 'img[alt]',
  candidates: true,
  // The badge goes on the card, beside its caption.
  markTarget: (img) => {
    const title = cleanLabel(img.getAttribute('alt'))?.title;
    return (title && cardOf(img, title)) || img;
  },
  read(img) {
    // A poster in a link is the detail-link rule's (genericTileRule in registry.ts).
    if (img.closest('a')) return null;
    const t = cleanLabel(img.getAttribute('alt'));
    if (!t) return null;
    const card = cardOf(img, t.title);
    if (!card || !inGrid(card)) return null;
    // The card must also show a year or a running time: a gallery of photos captioned "Paris",
    // "Chicago" has alts equal to captions too, but no film's card lacks both.
    let timed = false;
    const walker = card.ownerDocument.createTreeWalker(card, 0x4);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const data = (n as Text).data;
      if (data.length > 24) continue;
      const year = t.year ? undefined : firstYear(data);
      if (year) return { ...t, year };
      if (!timed && hasRuntime(data)) timed = true;
    }
    return t.year || timed ? t : null;
  },
};
