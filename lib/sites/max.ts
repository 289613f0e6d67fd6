/**
 * Max (HBO Max) browse tiles and the player title.
 *
 * DOM facts relied on:
 * - Browse tiles are `a[data-testid$="_tile"][data-sonic-type]`; `data-sonic-type` is "movie",
 *   "show", "mini-series" (titles) or "video" (an episode: "Watch <Show>. Season 1…"). The
 *   aria-label ends with its position: "<Title>. 2 of 20", "Number 3: <Title>. 3 of 10",
 *   "<Title>. Row 1 of 4, Column 2 of 6", optionally ". New Episode", ". Leaving Soon",
 *   ". Released in 2025"; titles are wrapped in bidi isolates U+2066–U+2069
 *   (fran2889/flix-monkey src/core/surfaces.js, HBO_MAX_TITLE_PATTERNS and its fixtures).
 * - Player: `[data-testid="player-ux-asset-title"]` holds the playing title (real saved player
 *   DOM ../shared/data/pages/hbomax_player_weapons.html, from ViktorStiskala/stream-keys-extension
 *   apps/extension/resources/dom/hbomax.html: "Weapons"); the page <title> is "⁨Weapons⁩ • HBO Max".
 */
import type { SiteAdapter } from './types';
import { cleanLabel, labelRules, textOf } from './labels';

export const MAX_LABEL_RULES = labelRules({
  yearFrom: ['\\bReleased in (\\d{4})\\b'],
  extract: [
    '^Number \\d+: (.+?)\\. \\d+ of \\d+',
    '^(.+?)\\. Row \\d+ of \\d+, Column \\d+ of \\d+',
    '^(.+?)\\. \\d+ of \\d+',
  ],
});

/** Film and series tiles; "video" tiles are episodes ("Watch <Show>. Season 1…"), never films. */
const TITLE_TYPES = new Set(['movie', 'show', 'mini-series']);

export const max: SiteAdapter = {
  id: 'max',
  name: 'Max',
  hosts: ['max.com', 'hbomax.com'],
  checkedOn: [
    'github.com/fran2889/flix-monkey src/core/surfaces.js (HBO_MAX_SURFACES, extractHboMaxTitle)',
    '../shared/data/pages/hbomax_player_weapons.html (ViktorStiskala/stream-keys-extension, commit 9045759): player-ux-asset-title = "Weapons"',
    'tests/fixtures/sites/max.html',
  ],
  tiles: [
    {
      selector: 'a[data-testid$="_tile"][data-sonic-type]',
      read: (el) => {
        if (!TITLE_TYPES.has(el.getAttribute('data-sonic-type') ?? '')) return null;
        return cleanLabel(el.getAttribute('aria-label'), MAX_LABEL_RULES);
      },
      // Tiles sit directly in their rail cell; the badge goes beside the link, not inside it.
      markTarget: (el) => el.parentElement ?? el,
      watchAttributes: ['aria-label', 'data-sonic-type'],
    },
    {
      selector: '[data-testid="player-ux-asset-title"]',
      read: (el) => cleanLabel(textOf(el), MAX_LABEL_RULES),
    },
  ],
  // Player chrome: track names ("English - Audio Description"), timers, buttons.
  exclude: [
    '[data-testid^="player-ux-"]:not([data-testid="player-ux-asset-title"])',
    '[data-testid="caption_renderer_overlay"]',
    'nav',
    'footer',
  ],
};
