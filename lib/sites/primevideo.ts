/**
 * Prime Video catalogue cards and detail pages.
 *
 * DOM facts relied on:
 * - Carousel cards are `article[data-testid="card"]` carrying `data-card-title` (the title) and
 *   `data-card-entitlement`; in carousels they sit in `li[data-index]`, which survives hover
 *   expansion while the inner article is replaced (public Prime Video userscripts found by code
 *   search for `data-card-title`: CARD_SELECTOR 'article[data-testid="card"], article[data-card-title]…';
 *   sickn33/Netflix-Prime-Auto-Skip walkthrough.md for `article[data-card-entitlement]`).
 * - Detail pages title the film in `h1[data-automation-id="title"]` (several public scrapers,
 *   e.g. the RT helper scanning `h1[data-automation-id="title"]`), with the year in
 *   `[data-automation-id="release-year-badge"]`.
 * - Player: `.atvwebplayersdk-title-text` holds the playing title.
 */
import type { SiteAdapter } from './types';
import { cleanLabel, firstYear, labelRules, textOf } from './labels';

const RULES = labelRules({ prefixes: ['Watch '], reject: ['^Prime Video$'] });

export const primevideo: SiteAdapter = {
  id: 'primevideo',
  name: 'Prime Video',
  // amazon.com/gp/video serves the same app under a path of the retail host; not claimed here.
  hosts: ['primevideo.com'],
  checkedOn: [
    'public Prime Video userscripts (code search "data-card-title": article[data-testid="card"][data-card-title], li[data-index] carousel items)',
    'github.com/sickn33/Netflix-Prime-Auto-Skip walkthrough.md (article[data-card-entitlement])',
    'public scrapers using h1[data-automation-id="title"] and release-year-badge',
    'tests/fixtures/sites/primevideo.html',
  ],
  tiles: [
    {
      selector: 'article[data-card-title]',
      read: (el) => cleanLabel(el.getAttribute('data-card-title'), RULES),
      watchAttributes: ['data-card-title'],
    },
    {
      selector: 'h1[data-automation-id="title"]',
      read: (el) => {
        const t = cleanLabel(textOf(el), RULES);
        const year = firstYear(
          textOf(el.ownerDocument.querySelector('[data-automation-id="release-year-badge"]')),
        );
        return t && year && !t.year ? { ...t, year } : t;
      },
    },
    {
      selector: '.atvwebplayersdk-title-text',
      read: (el) => cleanLabel(textOf(el), RULES),
    },
  ],
  exclude: ['.atvwebplayersdk-overlays-container', 'nav', 'footer'],
};
