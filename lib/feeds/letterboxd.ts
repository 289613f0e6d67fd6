/**
 * A Letterboxd member's RSS (`https://letterboxd.com/<user>/rss/`): diary entries and reviews carry
 * `letterboxd:filmTitle`, `filmYear`, `memberRating` (0.5–5, absent when unrated), `watchedDate`,
 * `rewatch` and (newer feeds) `tmdb:movieId`; lists (`letterboxd-list-` guids) carry no film.
 * The description is HTML: the poster, then the review paragraphs ("This review may contain
 * spoilers." first on a spoiler review) or "Watched on …".
 *
 * A watch with neither a rating nor review text is skipped and counted ("watched, not rated or
 * reviewed"): a mark promises an opinion, and a followed member's bare diary would mark films
 * with nothing to show. Your own watch history comes in through the Letterboxd export instead.
 */
import { parseHtml, byTag, textOf } from '../index/html';
import { validateEntry, type Entry } from '../index/schema';
import type { FeedItem } from './parse';
import type { ItemOutcome } from './entries';

const USERNAME = /^[A-Za-z0-9_]{2,30}$/;
const SPOILER_NOTE = /^this review may contain spoilers\.?$/i;
const WATCHED_NOTE = /^watched on [\w ,]{3,40}\.?$/i;

/** "zaccolley", "@zaccolley", "letterboxd.com/zaccolley", a profile or film URL → the member's feed. */
export function letterboxdFeedUrl(input: string): string | undefined {
  const s = input.trim().replace(/^@/, '');
  if (USERNAME.test(s)) return `https://letterboxd.com/${s.toLowerCase()}/rss/`;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(s) ? s : `https://${s}`);
  } catch {
    return undefined;
  }
  if (!/^(www\.)?letterboxd\.com$/i.test(url.hostname)) return undefined;
  const user = url.pathname.split('/').filter(Boolean)[0];
  // Site sections, not members.
  if (!user || /^(film|films|list|lists|members|journal|search|settings|activity|tv)$/i.test(user))
    return undefined;
  return USERNAME.test(user) ? `https://letterboxd.com/${user.toLowerCase()}/rss/` : undefined;
}

export const isLetterboxdFeed = (items: FeedItem[], link?: string) =>
  /letterboxd\.com/i.test(link ?? '') || items.some((i) => /^letterboxd-(watch|review|list)-/.test(i.id));

/** The film's own page and slug from an item link `/<user>/film/<slug>/` (or `/<slug>/2/`). */
function filmOf(link: string | undefined): { slug: string; url: string } | undefined {
  const m = /letterboxd\.com\/[^/]+\/film\/([a-z0-9-]+)\//i.exec(link ?? '');
  if (!m) return undefined;
  const slug = m[1]!.toLowerCase();
  return { slug, url: `https://letterboxd.com/film/${slug}/` };
}

export function letterboxdEntry(item: FeedItem, sourceName: string): ItemOutcome {
  const ext = item.ext;
  if (item.id.startsWith('letterboxd-list-')) return { skipped: 'a list, not a film' };
  if (ext['tmdb:tvId'] || /letterboxd\.com\/[^/]+\/tv\//.test(item.link ?? ''))
    return { skipped: 'a TV show, not a film' };
  const title = ext['letterboxd:filmTitle']?.trim();
  if (!title) return { skipped: 'no film named (letterboxd:filmTitle)' };
  const year = /^\d{4}$/.test(ext['letterboxd:filmYear'] ?? '')
    ? Number(ext['letterboxd:filmYear'])
    : undefined;
  const ratingValue = Number(ext['letterboxd:memberRating']);
  const rating =
    ext['letterboxd:memberRating'] && ratingValue >= 0.5 && ratingValue <= 5
      ? { value: ratingValue, scale: 5 }
      : undefined;

  // The description's paragraphs after the poster: the review, or "Watched on …".
  const doc = parseHtml(item.summary ?? item.html ?? '');
  let spoilers = false;
  const paragraphs = byTag(doc, 'p')
    .map(textOf)
    .filter((text) => {
      if (SPOILER_NOTE.test(text)) {
        spoilers = true;
        return false;
      }
      return text && !WATCHED_NOTE.test(text);
    });
  const review = paragraphs.join('\n\n') || undefined;
  if (!rating && !review) return { skipped: 'watched, not rated or reviewed' };

  const film = filmOf(item.link);
  const tmdb = /^\d{1,10}$/.test(ext['tmdb:movieId'] ?? '') ? ext['tmdb:movieId'] : undefined;
  const id = `lb-${
    film?.slug ??
    `${title} ${year ?? ''}`
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
  }`;
  const watched = /^\d{4}-\d{2}-\d{2}$/.test(ext['letterboxd:watchedDate'] ?? '')
    ? ext['letterboxd:watchedDate']
    : item.published;
  const candidate: Record<string, unknown> = {
    id,
    title,
    rating,
    source: { name: sourceName, url: film?.url ?? item.link },
  };
  if (year !== undefined) candidate.year = year;
  if (review) {
    candidate.review = review;
    if (!spoilers)
      candidate.verdict =
        paragraphs[0]!.length <= 280 ? paragraphs[0] : `${paragraphs[0]!.slice(0, 279).trimEnd()}…`;
    if (spoilers) candidate.spoilers = true;
  }
  if (watched) candidate.published = watched;
  const ids: Entry['ids'] = {};
  if (film) ids.letterboxd = film.slug;
  if (tmdb) ids.tmdb = tmdb;
  if (Object.keys(ids).length) candidate.ids = ids;
  if (!rating) delete candidate.rating;
  if (!candidate.source || !(candidate.source as { url?: string }).url)
    candidate.source = { name: sourceName };
  const result = validateEntry(candidate);
  if (!result.ok) return { skipped: result.issues.map((i) => i.message).join('; ') };
  return { entry: result.entry, rewatch: ext['letterboxd:rewatch'] === 'Yes' };
}
