/**
 * All site adapters, host lookup, and the DOM helpers the detection engine uses to apply them:
 * findTiles (adapter rules, falling back to generic detail-page links when a redesign breaks
 * them), findTextRoots and isExcluded.
 */
import type { SiteAdapter, TileRule, TileTitle } from './types';
import { cleanLabel, firstYear, labelRules, shortText, textOf } from './labels';
import { netflix } from './netflix';
import { primevideo } from './primevideo';
import { disneyplus } from './disneyplus';
import { max } from './max';
import { hulu } from './hulu';
import { appletv } from './appletv';
import { youtube } from './youtube';
import { letterboxd } from './letterboxd';
import { imdb } from './imdb';
import { wikipedia } from './wikipedia';
import { genericArticle } from './generic';
import { cutRuntime, hasRuntime } from './runtime';
import { datedListRule, datedTableRule } from './dated-list';
import { posterCardRule } from './poster-card';

/** Every site adapter, in options-page order. The generic article adapter is not among them. */
export const ADAPTERS: SiteAdapter[] = [
  netflix,
  primevideo,
  disneyplus,
  max,
  hulu,
  appletv,
  youtube,
  letterboxd,
  imdb,
  wikipedia,
];

/** News and review sites: article bodies, headlines and captions, without page chrome. */
export const GENERIC_ARTICLE: SiteAdapter = genericArticle;

/** The adapter for a hostname: its hosts and their subdomains, ignoring "www." and case. */
export function adapterFor(hostname: string): SiteAdapter | undefined {
  const host = hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
  if (!host) return undefined;
  return ADAPTERS.find((a) => a.hosts.some((h) => host === h || host.endsWith(`.${h}`)));
}

/** Labels on detail-page links that are never titles (calls to action, chrome). */
const GENERIC_RULES = labelRules({
  prefixes: ['Watch ', 'View title page for ', 'Go to '],
  reject: [
    // Whole-label matches only: "Play Misty for Me" and "More" (2010s shorts) are titles.
    '^(?:play|more info|details|see more|see all|watch trailer|add to (?:watchlist|my list|list))$',
  ],
});

const readLinkLabel = (a: Element) =>
  withSynopsisCut(
    cleanLabel(a.getAttribute('aria-label') || a.getAttribute('title') || textOf(a), GENERIC_RULES),
  );

/**
 * A label that carries a synopsis after the title ("Heat. A group of professional bank robbers
 * start to feel the heat…", "Collateral – A cab driver finds himself…"): the part before the
 * break is the title to look up when the whole label names no film. The rest must read as a
 * sentence (six words or more, three of them in lower case), so that a subtitle ("Mission:
 * Impossible – Dead Reckoning Part One") is never cut off its title.
 */
const SYNOPSIS_BREAK = /^(.{2,80}?)(?:[.!?]\s+|\s+[–—|-]\s+)(\S.*)$/u;
export function withSynopsisCut(t: TileTitle | null): TileTitle | null {
  if (!t) return t;
  const m = SYNOPSIS_BREAK.exec(t.title);
  if (!m) return t;
  const words = m[2]!.split(/\s+/u);
  const lower = words.filter((w) => /^\p{Ll}/u.test(w)).length;
  if (words.length < 6 || lower < 3) return t;
  return { ...t, alternate: m[1]!.trim() };
}

const DETAIL_LINKS = [
  '/title/',
  '/movie/',
  '/movies/',
  '/film/',
  '/films/',
  '/detail/',
  '/watch/',
  '/browse/entity-',
];

/**
 * The redesign fallback: links to a film's detail page that name it in an aria-label, a title
 * attribute or their artwork's alt. Every catalogue above links tiles to detail pages, and keeps
 * an accessible name on them, whatever its class names and test ids become.
 */
export const genericTileRule: TileRule = {
  selector: DETAIL_LINKS.flatMap((p) => [
    `a[href*="${p}"][aria-label]`,
    `a[href*="${p}"][title]`,
    `a[href*="${p}"] img[alt]`,
  ]).join(', '),
  read(el) {
    if (el.tagName !== 'IMG') return readLinkLabel(el);
    // Artwork inside a link that names the film already: one tile, the link's.
    const link = el.closest('a');
    if (link && (link.hasAttribute('aria-label') || link.hasAttribute('title')) && readLinkLabel(link))
      return null;
    return cleanLabel(el.getAttribute('alt'), GENERIC_RULES);
  },
  markTarget: (el) => (el.tagName === 'IMG' ? (el.closest('a') ?? el) : el),
  watchAttributes: ['aria-label', 'title', 'alt', 'href'],
};

/** A card's text at most (a card, not the section of cards around it). */
const CARD_CHARS = 600;

/**
 * A film's card on any catalogue, whatever its markup: a heading (or an element whose class says
 * title) inside a card that also shows a running time (lib/sites/runtime.ts: "1 uur en 46 min",
 * "1h 52m"). Links or not, with an accessible name or not (NPO Start's tiles have neither: an
 * <h2> in a link with an empty alt), the running time says the card is a film's, and the heading
 * is its title. The card is the nearest ancestor, within a few levels, whose short text holds it.
 */
export const runtimeCardRule: TileRule = {
  // h1 too: a film's own page on a catalogue heads its details with the title.
  selector: 'h1, h2, h3, h4, h5, h6',
  candidates: true,
  read(el) {
    const title = textOf(el);
    if (!title || title.length > 150) return null;
    // A heading of a section already read as longer than a card (an article's) is no card's
    // title: told before the running-time pattern runs on it (700 headings on a 1 MB article).
    if (el.parentElement && longer.has(el.parentElement)) return null;
    if (hasRuntime(title)) return null;
    let card = el.parentElement;
    for (let depth = 0; card && depth < 5; depth++, card = card.parentElement) {
      // A section of cards or an article is read once, however many headings it holds.
      if (longer.has(card)) return null;
      const text = shortText(card, CARD_CHARS);
      if (text === null) {
        longer.add(card);
        return null;
      }
      // Every running time has a digit: a card's text without one is not read node by node.
      if (DIGIT.test(text) && runtimeIn(card)) {
        const t = cleanLabel(cutRuntime(title));
        // A year the card shows beside its running time ("1995 · 2h 50m") dates the film.
        const year = t && !t.year ? yearIn(card, el) : undefined;
        return t && year ? { ...t, year } : t;
      }
    }
    return null;
  },
};

/**
 * A running time in one of the card's own texts: its textContent glues the texts of adjacent
 * elements ("1u 49m" + "Holy Motors" reads "1u 49mHoly Motors" in minified markup), so each text
 * node is read on its own (the card is short: a few nodes).
 */
function runtimeIn(card: Element): boolean {
  const walker = card.ownerDocument.createTreeWalker(card, 0x4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (hasRuntime((n as Text).data)) return true;
  return false;
}
/** A year in one of the card's short texts outside its heading ("1995", "(1995)", "1995 · 16+"). */
function yearIn(card: Element, heading: Element): number | undefined {
  const walker = card.ownerDocument.createTreeWalker(card, 0x4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const data = (n as Text).data;
    if (data.length > 24 || heading.contains(n)) continue;
    const year = firstYear(data);
    if (year) return year;
  }
  return undefined;
}

const DIGIT = /\d/;
/** Elements whose text was longer than a card's (text only grows as a page fills). */
const longer = new WeakSet<Element>();

/** nodeType, not instanceof: documents from DOMParser or other frames have their own classes. */
const isElement = (n: ParentNode): n is Element => (n as Node).nodeType === 1;

export interface FoundTile extends TileTitle {
  el: Element;
  /** Where the badge goes (rule.markTarget or the element itself). */
  target: Element;
  rule: TileRule;
}

function applyRules(root: ParentNode, rules: TileRule[]): FoundTile[] {
  const found: FoundTile[] = [];
  const seenEl = new Set<Element>();
  for (const rule of rules) {
    let els: Element[];
    try {
      els = [...root.querySelectorAll(rule.selector)];
    } catch {
      continue; // a selector the engine cannot parse must not stop the others
    }
    // The root itself may be a tile (a re-read of one mutated element).
    if (isElement(root) && root.matches(rule.selector)) els.unshift(root);
    for (const el of els) {
      if (seenEl.has(el)) continue;
      const t = rule.read(el);
      if (!t) continue;
      seenEl.add(el);
      found.push({
        el,
        target: rule.markTarget?.(el) ?? el,
        title: t.title,
        ...(t.year ? { year: t.year } : {}),
        rule,
      });
    }
  }
  // Nested matches are one tile seen twice (a card and its image, an infobox cell matched by two
  // selectors): keep the outermost, and one tile per badge target. Walking up from each tile
  // keeps this linear in tiles × depth on catalogue pages with hundreds of cards.
  const seenTarget = new Set<Element>();
  const insideAnother = (el: Element) => {
    for (let a = el.parentElement; a; a = a.parentElement) if (seenEl.has(a)) return true;
    return false;
  };
  return found.filter((f) => {
    if (insideAnother(f.el)) return false;
    if (seenTarget.has(f.target)) return false;
    seenTarget.add(f.target);
    return true;
  });
}

/**
 * Title-bearing elements under root, in document order: the adapter's rules, or — when they find
 * nothing (the site was redesigned) — the generic detail-link rule.
 */
export function findTiles(
  root: ParentNode,
  adapter: SiteAdapter,
): { el: Element; target: Element; title: string; year?: number; rule: TileRule }[] {
  let tiles = applyRules(root, adapter.tiles);
  // Site adapters only: on arbitrary article pages detail links are navigation, not catalogue tiles.
  if (!tiles.length && adapter.hosts.length) tiles = applyRules(root, [genericTileRule]);
  return tiles.sort((a, b) => (a.el === b.el ? 0 : a.el.compareDocumentPosition(b.el) & 4 ? -1 : 1));
}

/** Page-level elements never treated as chrome (a site's body class may contain "related"). */
const isPageLevel = (el: Element) => el.tagName === 'HTML' || el.tagName === 'BODY';

/** Each adapter's excludes as one selector list (one closest() per check), minus any that do not parse. */
const excludeLists = new WeakMap<SiteAdapter, string>();
function excludeList(adapter: SiteAdapter, probe: Element): string {
  let list = excludeLists.get(adapter);
  if (list === undefined) {
    list = (adapter.exclude ?? [])
      .filter((s) => {
        try {
          probe.matches(s);
          return true;
        } catch {
          return false; // an unparseable selector must not disable the others
        }
      })
      .join(', ');
    excludeLists.set(adapter, list);
  }
  return list;
}

/**
 * Whether el sits in (or is) an element the adapter excludes from scanning. Cheap enough to call
 * per text node: one closest() with the adapter's selectors joined.
 */
export function isExcluded(el: Element, adapter: SiteAdapter): boolean {
  const list = excludeList(adapter, el);
  if (!list) return false;
  const hit = el.closest(list);
  // A page-level match (body class "has-related-posts") says nothing about this element.
  return hit !== null && !isPageLevel(hit);
}

/**
 * The elements whose free text should be scanned: the adapter's text roots that exist, minus
 * those inside excluded chrome and those nested in another root (scanned once). With no text
 * roots, or none present, the body (or root) itself.
 */
export function findTextRoots(root: ParentNode, adapter: SiteAdapter): Element[] {
  const fallback = (): Element[] => {
    if (isElement(root)) return [root];
    const body = (root as Node).nodeType === 9 ? (root as Document).body : null;
    return body ? [body] : [];
  };
  const selectors = adapter.textRoots ?? [];
  if (!selectors.length) return fallback();
  const found: Element[] = [];
  for (const s of selectors) {
    try {
      for (const el of root.querySelectorAll(s))
        if (!found.includes(el) && !isExcluded(el, adapter)) found.push(el);
    } catch {
      /* unparseable selector: ignore it */
    }
  }
  const roots = found.filter((el) => !found.some((o) => o !== el && o.contains(el)));
  return roots.length ? roots : fallback();
}

/**
 * The adapter the detection engine should use on this page: the site's own, plus the generic
 * detail-link tile rule when none of the site's tile selectors match (a redesign renamed them), so
 * a redesigned catalogue keeps getting badges instead of going blank. Site rules stay first.
 */
export function withTileFallback(adapter: SiteAdapter, root: ParentNode): SiteAdapter {
  if (adapter.tiles.length === 0 || adapter.tiles.includes(genericTileRule)) return adapter;
  if (adapter.tiles.some((rule) => root.querySelector(rule.selector))) return adapter;
  return {
    ...adapter,
    tiles: [
      ...adapter.tiles,
      genericTileRule,
      runtimeCardRule,
      datedListRule,
      datedTableRule,
      posterCardRule,
    ],
  };
}
