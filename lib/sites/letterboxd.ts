/**
 * Letterboxd posters, film pages and reviews.
 *
 * DOM facts relied on:
 * - Real saved list page (../shared/data/pages/letterboxd_list_top250.html, 2022, from
 *   drewstinnett/letterrestd letterboxd/testdata/list/top250.html): each poster is
 *   `li.poster-container > div.film-poster[data-film-slug]` with the title only in `img[alt]`;
 *   no year in the markup. The slug carries a year suffix when Letterboxd had to disambiguate
 *   ("/film/parasite-2019/"), which is the release year.
 * - Older and other pages put `data-film-name` + `data-film-release-year` on `.film-poster`
 *   (many public scrapers, e.g. `poster.get("data-film-name")`, `data-film-release-year`).
 * - The current React posters (`div.react-component[data-component-class="LazyPoster"]`) carry
 *   `data-item-name="Title (YYYY)"` and `data-item-slug` (public scrapers reading `data-item-name`
 *   then falling back to `data-film-name` and img alt).
 * - Film pages: `h1.filmtitle` (older) or `h1.headline-1.primaryname` (current: a public test
 *   suite notes "h1.filmtitle … no longer exists (site now uses h1.headline-1.primaryname)"),
 *   with the year linked to `/films/year/<year>/` (`.releaseyear a`, `.releasedate a`,
 *   `small.number a`; public scrapers use `a[href*='/films/year/']`). A bare `h1.headline-1` is
 *   also used for list and profile headings, so it is not enough on its own.
 */
import type { SiteAdapter, TileTitle } from './types';
import { cleanLabel, firstYear, plausibleYear, shadowed, textOf } from './labels';
import { normalizeTitle } from '../text/normalize';

/** The disambiguating year at the end of a film slug ("/film/parasite-2019/"), unless the title itself ends so. */
export function yearFromSlug(slug: string | null, title: string): number | undefined {
  const m = /-(\d{4})\/?$/.exec(slug ?? '');
  if (!m) return undefined;
  if (normalizeTitle(title).split(' ').includes(m[1]!)) return undefined; // "Blade Runner 2049"
  return plausibleYear(Number(m[1]));
}

function readPoster(el: Element): TileTitle | null {
  const t =
    cleanLabel(el.getAttribute('data-item-name')) ??
    cleanLabel(el.getAttribute('data-film-name')) ??
    cleanLabel(el.querySelector('img[alt]')?.getAttribute('alt'));
  if (!t) return null;
  if (t.year) return t;
  const slug =
    el.getAttribute('data-item-slug') ??
    el.getAttribute('data-film-slug') ??
    el.getAttribute('data-target-link');
  const year =
    plausibleYear(Number(el.getAttribute('data-film-release-year'))) ?? yearFromSlug(slug, t.title);
  if (year) return { ...t, year };
  // A slug without a year suffix: Letterboxd's first film of this title, the earliest.
  return slug && /\/film\/[^/]+\/?$/.test(slug) ? { ...t, earliest: true } : t;
}

const POSTERS =
  '[data-item-name], [data-film-name], .film-poster[data-film-slug], .film-poster[data-target-link]';

export const letterboxd: SiteAdapter = {
  id: 'letterboxd',
  name: 'Letterboxd',
  hosts: ['letterboxd.com'],
  checkedOn: [
    '../shared/data/pages/letterboxd_list_top250.html (drewstinnett/letterrestd testdata, 2022): 100 div.film-poster[data-film-slug] with img alt',
    'public Letterboxd scrapers found by code search: data-film-name + data-film-release-year; data-item-name "Title (YYYY)"',
    'tests/fixtures/sites/letterboxd.html',
  ],
  tiles: [
    {
      selector: POSTERS,
      // A React poster wraps an old-style .film-poster: read the outer one only.
      read: (el) => (shadowed(el, POSTERS, readPoster) ? null : readPoster(el)),
      watchAttributes: ['data-item-name', 'data-film-name'],
    },
    {
      selector: 'h1.filmtitle, h1.headline-1.primaryname',
      read: (el) => {
        const t = cleanLabel(textOf(el.querySelector('.name') ?? el));
        const scope = el.closest('section, header, div') ?? el.ownerDocument;
        const year = firstYear(
          textOf(
            scope.querySelector('.releaseyear a, .releasedate a, small.number a, a[href*="/films/year/"]'),
          ),
        );
        return t && year && !t.year ? { ...t, year } : t;
      },
    },
  ],
  // Review text and list descriptions are both `.body-text` (one selector: roots never nest).
  textRoots: ['.body-text'],
  exclude: ['nav', 'footer', '#comments', '.comments', '.sidebar', 'aside'],
};
