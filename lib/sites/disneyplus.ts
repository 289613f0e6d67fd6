/**
 * Disney+ shelf tiles.
 *
 * DOM facts relied on (fran2889/flix-monkey src/core/surfaces.js, DISNEY_PLUS_SURFACES and its
 * Disney+ plan/tests, with label cases taken from real tiles):
 * - Tiles are `a[data-testid="set-item"]` (with `data-item-id`, href ".../browse/entity-<uuid>").
 *   Episode lists use the same test id, so only entity links are taken.
 * - When the tile shows a title treatment image, its `img[alt]` is the clean title (the rating
 *   icon `[data-testid="set-item-rating"] img` is not).
 * - Otherwise the aria-label packs badges around the title, e.g.
 *   "Subtitles Available Badge Avatar: Fire and Ash Rated 12+ Released 2025. Action and Adventure
 *   Select for details on this title." or "The Doomies Disney+ Original Select for details on this title."
 *   Live/upcoming event tiles ("LIVE Started 47 minutes ago…") are not titles.
 * - Continue-watching cards put the title in the second child of `[data-testid="cw-set-item-metadata"]`.
 */
import type { SiteAdapter } from './types';
import { cleanLabel, labelRules, textOf } from './labels';

/** Badge vocabulary observed in Disney+ aria-labels (see flix-monkey's parser tests). */
export const DISNEY_LABEL_RULES = labelRules({
  reject: ['^(?:LIVE|Upcoming)\\b'],
  suffixes: ['Select for details on this title.', 'Select for details on this title'],
  prefixes: [
    'Subtitles Available Badge ',
    'Dubbing Available Badge ',
    'New Movie Badge ',
    'New Series Badge ',
    'New Episode Badge ',
    'New Badge ',
    'New Season ',
    'Hulu Original Series ',
    'Disney+ Original ',
    "Marvel Studios' ",
  ],
  yearFrom: ['\\bReleased (\\d{4})\\b'],
  cutAt: [
    ',?\\s+(?:Rated \\S+|Released \\d{4}|Disney\\+ Original|Hulu Original(?: Series)?|Hulu Generic|Star Original)(?=[.,\\s]|$).*$',
  ],
});

export const disneyplus: SiteAdapter = {
  id: 'disneyplus',
  name: 'Disney+',
  hosts: ['disneyplus.com'],
  checkedOn: [
    'github.com/fran2889/flix-monkey src/core/surfaces.js (extractDisneyPlusTitle, DISNEY_PLUS_SURFACES) and its Disney+ plan with real aria-label cases',
    'public Disney+ scrapers: a[data-testid="set-item"][data-item-id], [data-testid="set-shelf-item"]',
    'tests/fixtures/sites/disneyplus.html',
  ],
  tiles: [
    {
      selector:
        'a[data-testid="set-item"][href*="/browse/entity-"], a[data-testid="set-item"][href*="/movies/"]',
      read: (el) => {
        const img = [...el.querySelectorAll('img[alt]')].find(
          (i) => !i.closest('[data-testid="set-item-rating"]'),
        );
        const fromImg = cleanLabel(img?.getAttribute('alt'), DISNEY_LABEL_RULES);
        const fromAria = cleanLabel(el.getAttribute('aria-label'), DISNEY_LABEL_RULES);
        if (fromImg) return fromAria?.year && !fromImg.year ? { ...fromImg, year: fromAria.year } : fromImg;
        return fromAria;
      },
      watchAttributes: ['aria-label', 'href'],
    },
    {
      selector: '[data-testid="cw-set-item-metadata"]',
      read: (el) => cleanLabel(textOf(el.children[1]), DISNEY_LABEL_RULES),
    },
  ],
  exclude: ['nav', 'footer', '[data-testid="player-container"]', '.btm-media-overlays-container'],
};
