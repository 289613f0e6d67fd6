/**
 * IMDb title pages, lists and charts.
 *
 * DOM facts relied on:
 * - Title pages: `h1[data-testid="hero__pageTitle"]` with the title in `.hero__primary-text`
 *   (many public scrapers: `h1[data-testid=hero__pageTitle] span.hero__primary-text`); the year is
 *   the `a[href*="/releaseinfo"]` in the inline list right after the heading.
 * - `[data-testid="title-pc-principal-credit"]` rows hold people (director, writers, stars), not
 *   titles: excluded from free-text scanning so a star's name is not read as a film.
 * - Lists/charts: `li.ipc-metadata-list-summary-item` with `h3.ipc-title__text` "1. The Shawshank
 *   Redemption" and the year as the first `.cli-title-metadata-item` / `.dli-title-metadata-item`.
 *   `.ipc-title__text` is also used for section headings ("Top cast"), so only list items count.
 * - Video slates: `.ipc-slate-card__title-text` captions name films in quotes ("Watch Keanu
 *   Reeves: See 'The Matrix Resurrections' 3 Times…", imdb_title-the-matrix.html): read as text.
 * - Poster overlays `a.ipc-lockup-overlay` carry aria-label "View title page for <Title>" (public
 *   scrapers split on that phrase; Playwright snapshots show link "View title page for Invincible"
 *   in "More like this"). In chart items the same film also has its h3, so overlays there are skipped.
 */
import type { SiteAdapter } from './types';
import { cleanLabel, firstYear, labelRules, textOf } from './labels';

const RULES = labelRules({
  prefixes: ['View title page for '],
  // Chart rank: "1. The Shawshank Redemption".
  extract: ['^\\d{1,4}\\.\\s+(.+)$'],
});

export const imdb: SiteAdapter = {
  id: 'imdb',
  name: 'IMDb',
  hosts: ['imdb.com'],
  checkedOn: [
    'public IMDb scrapers found by code search: h1[data-testid="hero__pageTitle"] .hero__primary-text; releaseinfo link in the hero inline list',
    'tests/fixtures/sites/imdb.html',
  ],
  tiles: [
    {
      selector: 'h1[data-testid="hero__pageTitle"]',
      read: (el) => {
        const t = cleanLabel(textOf(el.querySelector('.hero__primary-text') ?? el), RULES);
        const year = firstYear(textOf(el.parentElement?.querySelector('a[href*="/releaseinfo"]')));
        return t && year && !t.year ? { ...t, year } : t;
      },
    },
    {
      selector: '.ipc-metadata-list-summary-item .ipc-title__text',
      read: (el) => {
        const t = cleanLabel(textOf(el), RULES);
        const item = el.closest('.ipc-metadata-list-summary-item');
        const year = firstYear(
          textOf(
            item?.querySelector(
              '.cli-title-metadata-item, .dli-title-metadata-item, .sc-title-metadata-item',
            ),
          ),
        );
        return t && year && !t.year ? { ...t, year } : t;
      },
    },
    {
      selector:
        'a.ipc-lockup-overlay[aria-label^="View title page for"], .ipc-poster-card a[aria-label^="View title page for"]',
      read: (el) =>
        el.closest('.ipc-metadata-list-summary-item')
          ? null
          : cleanLabel(el.getAttribute('aria-label'), RULES),
    },
  ],
  // Hero plot, storyline/review/trivia bodies (.ipc-html-content-inner-div), and the captions of
  // the video slates ("Watch 'Emperor' Star Kat Graham Was Inspired by…"): they never nest.
  textRoots: ['[data-testid="plot"]', '.ipc-html-content-inner-div', '.ipc-slate-card__title-text'],
  exclude: [
    '[data-testid="title-pc-principal-credit"]',
    'nav',
    'footer',
    '#imdbHeader',
    '[data-testid="title-cast"]',
  ],
};
