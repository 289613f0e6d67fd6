/**
 * Generic news/review article adapter: used on any site without its own adapter.
 *
 * DOM facts relied on (checked on the real saved pages in ../shared/data/pages/):
 * - Vox (vox_21_best_movies_2017.html): no <article>/<main>; body text in `.c-entry-content`,
 *   headline/dek in `.c-entry-hero` (h1, `h2.c-entry-summary.p-dek`); chrome in
 *   `header[role=banner]`, `footer.c-footer[role=contentinfo]`, `aside`.
 * - Rolling Stone (rollingstone_la_la_land.html): `main.l-blog__primary > article > .c-content`;
 *   four subscription modals are also `<main class="modal__content">`, so modals are excluded;
 *   card rails are `article.c-card` inside asides/footers.
 * - Reuters (reuters_parasite_sag_awards.html): `article.ArticlePage-article-body-…` with
 *   `p.Paragraph-paragraph-…`; slideshow captions are `figcaption`.
 * The adapter itself has no textRoots: an engine then scans the whole body minus the excludes,
 * which works on pages without any of the usual containers (many blogs, and Vox has no
 * <article>). GENERIC_TEXT_ROOTS says where the body usually is, for a caller that wants to
 * prioritise it: findTextRoots({ ...GENERIC_ARTICLE, textRoots: GENERIC_TEXT_ROOTS }) drops roots
 * nested in another root and roots inside excluded chrome.
 */
import type { SiteAdapter, TileRule } from './types';
import { cleanLabel, firstYear, textOf } from './labels';

const MOVIE = '[itemtype$="schema.org/Movie"]';

/**
 * schema.org Movie microdata (review sites mark the reviewed film up so:
 * `<div itemscope itemtype="https://schema.org/Movie"><span itemprop="name">Heat</span>…`). Only a
 * name whose nearest item is the Movie counts: a director's `itemprop="name"` inside a nested
 * Person item is not the film's.
 */
export const movieMicrodataRule: TileRule = {
  selector: `${MOVIE} [itemprop="name"]`,
  read(el) {
    const item = el.parentElement?.closest('[itemscope]');
    if (!item?.matches(MOVIE)) return null;
    const t = cleanLabel(el.getAttribute('content') ?? textOf(el));
    const published = item.querySelector('[itemprop="datePublished"]');
    const year = firstYear(
      published?.getAttribute('content') ?? published?.getAttribute('datetime') ?? textOf(published),
    );
    return t && year && !t.year ? { ...t, year } : t;
  },
};

export const GENERIC_TEXT_ROOTS = [
  '[itemprop="articleBody"]',
  'article',
  'main',
  '[role="main"]',
  '.c-entry-content',
  '.entry-content',
  '.article-body',
  '.article-content',
  '.post-content',
  '.story-body',
  '[class*="ArticleBody"]',
  '[class*="article-body"]',
  'h1',
  '[class*="headline"]',
  '.p-dek',
  'figcaption',
];

const CHROME = [
  'nav',
  'footer',
  'body > header',
  // Site headers sit deep in wrappers (Rolling Stone: div.l-page__header > header.l-header, with
  // the logo in an h1), so match them by name; article headers (headline, dek) stay.
  '[class*="l-header"]',
  '[class*="site-header"]',
  '[class*="global-header"]',
  '[class*="masthead"]',
  // Teaser cards in link lists (Rolling Stone's newswire: li > article.c-card).
  'li > article',
  '[class*="newswire"]',
  '[class*="teaser"]',
  '[class*="promo"]',
  // Recirculation grids: the site's feed of anything it published (a music site's songs and
  // albums), where related stories (read, as side parts) are about this article's subject.
  '[class*="recirc"]',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="dialog"]',
  '[aria-modal="true"]',
  '[class*="modal"]',
  '#comments',
  '.comments',
  '.comment-list',
  '[id^="disqus"]',
  '[class*="share"]',
  '[class*="social"]',
  '[class*="newsletter"]',
  '[class*="advert"]',
  '[id^="google_ads"]',
  '[id^="ad-"]',
  '[class^="ad-"]',
  '.ad',
  '.ads',
  '[data-ad]',
  '.sr-only',
  '.visually-hidden',
];

/**
 * Sidebars and related-story lists: other stories' headlines and the site's charts ("Kinocharts":
 * 1. Eternals, 2. Keine Zeit zu sterben…; "Trending now": Maïwenn’s 'Jeanne Du Barry'…) name films
 * a reader sees, so they are read, as side parts (SiteAdapter.side): scored with their own
 * feature, and not dated by the article.
 */
const SIDE = ['aside', '[role="complementary"]', '[class*="related"]'];

/**
 * Class and attribute patterns never match <html>/<body>: a body class such as
 * "has-share-buttons" or "single-related" must not exclude the whole page (or make it all a side
 * part) in an engine that tests `el.matches(excludes.join(','))` directly.
 */
const notPageRoot = (s: string) => (/^[.[]/.test(s) ? `${s}:not(body):not(html)` : s);

export const GENERIC_SIDE = SIDE.map(notPageRoot);
export const GENERIC_EXCLUDES = CHROME.map(notPageRoot);

export const genericArticle: SiteAdapter = {
  id: 'generic',
  name: 'Articles',
  hosts: [],
  checkedOn: [
    '../shared/data/pages/vox_21_best_movies_2017.html (mozilla/readability videos-1)',
    '../shared/data/pages/rollingstone_la_la_land.html (postlight/parser fixtures)',
    '../shared/data/pages/reuters_parasite_sag_awards.html (adbar/trafilatura tests/cache)',
    'schema.org Movie microdata (https://schema.org/Movie: name, datePublished)',
  ],
  // Structured titles on article pages are rare: schema.org Movie microdata only.
  tiles: [movieMicrodataRule],
  // No textRoots: the whole body minus GENERIC_EXCLUDES (see the header comment).
  exclude: GENERIC_EXCLUDES,
  side: GENERIC_SIDE,
};
