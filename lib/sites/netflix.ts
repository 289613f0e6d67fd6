/**
 * Netflix catalogue tiles.
 *
 * DOM facts relied on:
 * - Current layout: row, search and Top 10 cards are `a[data-uia="standard-card" | "progress-card" |
 *   "ranked-card"]` whose aria-label is the title (fran2889/flix-monkey src/core/surfaces.js;
 *   data-uia attributes are Netflix's own QA hooks and survive CSS-in-JS class churn).
 * - Rows are virtualised: cards live in `[data-virtual-slot]` wrappers that are re-used while a row
 *   scrolls, so the same <a> gets a new aria-label/href (carousel code searched for
 *   `[data-virtual-slot]`, e.g. the "My List" helpers found by the code search).
 * - Older layout: `.title-card` / `.slider-item` containing `a[aria-label]` and a `.fallback-text`
 *   shown while the box art loads (flix-monkey TITLE_CARD; streaming-history scrapers use
 *   `.fallback-text, .title-card-container p`).
 * - Some labels carry a parenthetical after the title ("Title (Original Title)"); the title is what
 *   comes before " (", except a "(2019)" which is the year.
 */
import type { SiteAdapter } from './types';
import { cleanLabel, labelRules, shadowed, textOf } from './labels';

const RULES = labelRules({
  cutAt: ['\\s+\\((?!\\d{4}\\)).*$'],
});

const readAria = (el: Element) => cleanLabel(el.getAttribute('aria-label'), RULES);
const CARDS = 'a[data-uia="standard-card"], a[data-uia="progress-card"], a[data-uia="ranked-card"]';
const OLD_CARDS = '.title-card a[aria-label], .slider-item a[aria-label]';

export const netflix: SiteAdapter = {
  id: 'netflix',
  name: 'Netflix',
  hosts: ['netflix.com'],
  checkedOn: [
    'github.com/fran2889/flix-monkey src/core/surfaces.js (NETFLIX_SURFACES: standard/progress/ranked cards, .title-card a[aria-label])',
    'public Netflix userscripts found by code search: a[data-uia="standard-card"][href] inside [data-virtual-slot] rows; .fallback-text in .slider-item',
    'tests/fixtures/sites/netflix.html (modelled on the above)',
  ],
  tiles: [
    {
      selector: CARDS,
      read: readAria,
      watchAttributes: ['aria-label', 'href'],
    },
    {
      selector: OLD_CARDS,
      read: (el) => (shadowed(el, CARDS, readAria) ? null : readAria(el)),
      watchAttributes: ['aria-label'],
    },
    {
      // Box art not loaded yet: the fallback text is the only title on the card.
      selector: '.title-card .fallback-text, .slider-item .fallback-text',
      read: (el) => (shadowed(el, `${CARDS}, ${OLD_CARDS}`, readAria) ? null : cleanLabel(textOf(el), RULES)),
    },
    {
      // Preview and detail modals: the box art's alt is the title.
      selector:
        '.previewModal--player_container img.previewModal--boxart[alt], .previewModal--player-titleTreatment-logo[alt]',
      read: (el) => cleanLabel(el.getAttribute('alt'), RULES),
    },
  ],
  exclude: ['[data-uia="watch-video"]', '.watch-video', '.PlayerControlsNeo__layout', 'nav', 'footer'],
};
