/**
 * Apple TV (tv.apple.com) lockups and movie pages.
 *
 * DOM facts relied on:
 * - Movie links have "/movie/<slug>/umc.cmc.<id>" paths (Apple's own URL scheme, e.g. the
 *   shelf JSON in github.com/kkateled/AppleTvTest start_project/shemas/top_ten_movies_shema.py);
 *   lockup artwork inside them carries the title as img alt, or the link an aria-label.
 * - Lockup titles: `.canvas-lockup__title` / `.shelf-grid__list-item` (public streaming-history
 *   scraper config found by code search: title_selector '.canvas-lockup__title, .up-next-item__title').
 * - Movie pages embed schema.org JSON-LD (`<script type="application/ld+json">`, @type Movie,
 *   name, datePublished); the badge goes on the page's <h1>.
 */
import type { SiteAdapter, TileTitle } from './types';
import { cleanLabel, firstYear, shadowed, textOf } from './labels';

const isMovieType = (t: unknown) => t === 'Movie' || (Array.isArray(t) && t.includes('Movie'));

/** The Movie object in a JSON-LD block (top level, array or @graph); null when absent or malformed. */
export function movieFromJsonLd(text: string): TileTitle | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const queue: unknown[] = [data];
  while (queue.length) {
    const node = queue.shift();
    if (Array.isArray(node)) queue.push(...node);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (isMovieType(o['@type']) && typeof o.name === 'string') {
        const t = cleanLabel(o.name);
        if (!t) return null;
        const year = firstYear(typeof o.datePublished === 'string' ? o.datePublished : undefined);
        return year ? { ...t, year } : t;
      }
      if (Array.isArray(o['@graph'])) queue.push(...o['@graph']);
    }
  }
  return null;
}

const LINK = 'a[href*="/movie/"][aria-label]';
const ART = 'a[href*="/movie/"] img[alt]';
const readLink = (el: Element) => cleanLabel(el.getAttribute('aria-label'));
const readArt = (el: Element) => cleanLabel(el.getAttribute('alt'));

export const appletv: SiteAdapter = {
  id: 'appletv',
  name: 'Apple TV+',
  hosts: ['tv.apple.com'],
  checkedOn: [
    'Apple TV URL scheme /movie/<slug>/umc.cmc.<id> (github.com/kkateled/AppleTvTest shelf JSON)',
    'public streaming-history scraper config: .canvas-lockup__title, .shelf-grid__list-item',
    'schema.org Movie JSON-LD (name, datePublished)',
    'tests/fixtures/sites/appletv.html',
  ],
  tiles: [
    {
      selector: LINK,
      read: readLink,
      watchAttributes: ['aria-label', 'href'],
    },
    {
      selector: ART,
      read: (el) => (shadowed(el, LINK, readLink) ? null : readArt(el)),
      markTarget: (el) => el.closest('a') ?? el,
    },
    {
      selector: 'a[href*="/movie/"] .canvas-lockup__title, a[href*="/movie/"] .lockup__title',
      // The lockup's caption repeats what its link or artwork already said.
      read: (el) => {
        const a = el.closest('a');
        if (a && (readLink(a) || [...a.querySelectorAll(ART)].some((i) => readArt(i)))) return null;
        return cleanLabel(textOf(el));
      },
    },
    {
      selector: 'script[type="application/ld+json"]',
      // Only when there is a heading to carry the badge: a <script> cannot show one.
      read: (el) => (el.ownerDocument.querySelector('h1') ? movieFromJsonLd(el.textContent ?? '') : null),
      markTarget: (el) => el.ownerDocument.querySelector('h1') ?? el,
    },
  ],
  exclude: ['nav', 'footer', '.video-player', 'amp-video-player-internal'],
};
