/**
 * YouTube: movie listings (Movies & TV shelves, purchasable films) and trailer videos.
 *
 * DOM facts relied on:
 * - Film listings render as `ytd-movie-renderer`, `ytd-compact-movie-renderer` and
 *   `ytd-grid-movie-renderer`, each with a `#video-title` (selector lists in public YouTube
 *   filters found by code search, e.g. SponsorBlock-style branding selectors:
 *   "ytd-movie-renderer, ytd-compact-movie-renderer, … ytd-grid-movie-renderer").
 * - Ordinary videos: `#video-title` inside `ytd-video-renderer`, `ytd-compact-video-renderer`,
 *   `ytd-grid-video-renderer`, `ytd-rich-grid-media`; the newer lockup (`yt-lockup-view-model`)
 *   puts it in `a.yt-lockup-metadata-view-model__title` or `.ytLockupMetadataViewModelTitle`
 *   (several public YouTube extensions found by code search select on both). The watch page
 *   title is `ytd-watch-metadata h1`.
 * - A video only names a film when it is a trailer/teaser/clip: "DUNE: Part Two | Official Trailer 3",
 *   "Oppenheimer - New Trailer", "Barbie (2023) Official Teaser". The film title is what comes before
 *   the trailer wording; anything else (vlogs, reviews, "Top 10 …") yields nothing.
 */
import type { SiteAdapter } from './types';
import { cleanLabel, textOf, unshout } from './labels';
import { titleFromTrailer } from './trailer';

const videoTitle = (el: Element) => el.getAttribute('title') || el.getAttribute('aria-label') || textOf(el);

export const youtube: SiteAdapter = {
  id: 'youtube',
  name: 'YouTube',
  hosts: ['youtube.com'],
  checkedOn: [
    'public YouTube filter/branding scripts found by code search (ytd-movie-renderer, ytd-compact-movie-renderer, ytd-grid-movie-renderer; #video-title in video renderers)',
    'tests/fixtures/sites/youtube.html',
  ],
  tiles: [
    {
      selector:
        'ytd-movie-renderer #video-title, ytd-compact-movie-renderer #video-title, ytd-grid-movie-renderer #video-title',
      read: (el) => {
        const t = cleanLabel(textOf(el) || el.getAttribute('title'));
        return t ? { ...t, title: unshout(t.title) } : null;
      },
    },
    {
      selector: [
        'ytd-video-renderer #video-title',
        'ytd-compact-video-renderer #video-title',
        'ytd-grid-video-renderer #video-title',
        'ytd-rich-grid-media #video-title',
        'ytd-playlist-panel-video-renderer #video-title',
        '.yt-lockup-metadata-view-model__title',
        '.ytLockupMetadataViewModelTitle',
        'ytd-watch-metadata h1',
      ].join(', '),
      read: (el) => titleFromTrailer(videoTitle(el)),
      // Titles are re-used as the feed recycles renderers.
      watchAttributes: ['title', 'aria-label'],
    },
  ],
  // The video description (its inline expander sits inside it).
  textRoots: ['ytd-watch-metadata #description'],
  exclude: [
    '#comments',
    'ytd-comments',
    '#chat',
    'ytd-live-chat-frame',
    '#masthead-container',
    'tp-yt-app-drawer',
  ],
};
