/**
 * Hulu tiles.
 *
 * DOM facts relied on:
 * - Tile artwork is an <img> whose alt is "Cover art for <Title>" (github.com/rohansumant/userscripts
 *   hulu.user.js scans `img.alt.startsWith("Cover art for ")`); the tile link wraps it.
 * - Detail pages: the hero's title treatment logo carries the title in its alt; the <h1> in
 *   `.DetailEntityMasthead` holds it as text when there is no logo (not verified against real markup).
 */
import type { SiteAdapter } from './types';
import { cleanLabel, labelRules, textOf } from './labels';

const RULES = labelRules({ prefixes: ['Cover art for ', 'Title art for ', 'Logo for '] });

export const hulu: SiteAdapter = {
  id: 'hulu',
  name: 'Hulu',
  hosts: ['hulu.com'],
  checkedOn: [
    'github.com/rohansumant/userscripts hulu.user.js (img alt prefix "Cover art for ")',
    'tests/fixtures/sites/hulu.html',
  ],
  tiles: [
    {
      selector: 'img[alt^="Cover art for "]',
      read: (el) => cleanLabel(el.getAttribute('alt'), RULES),
      // An <img> cannot hold a badge: mark the tile link (or the image's box).
      markTarget: (el) => el.closest('a') ?? el.parentElement ?? el,
      watchAttributes: ['alt'],
    },
    {
      selector: '.DetailEntityMasthead h1, [data-testid="details-masthead"] h1',
      read: (el) => cleanLabel(textOf(el), RULES),
    },
  ],
  exclude: ['nav', 'footer', '.ControlsContainer'],
};
