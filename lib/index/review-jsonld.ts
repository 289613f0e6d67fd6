/**
 * schema.org `Review` JSON-LD (https://schema.org/Review, Google's "Critic review" markup) to an
 * entry: `reviewRating.ratingValue` of `bestRating` (5 when absent, as schema.org says),
 * `itemReviewed` a `Movie` with its name, date, director and actors. Found as a top-level Review,
 * inside `@graph`, or as a Movie's `review`.
 */
import { slugify } from './article';
import { validateEntry, type Entry } from './schema';
import { findMovieReview, isObj, list, nameOf, num, str } from './jsonld-review';
import { fnv1a } from '../text/fnv';

export { findMovieReview, type FoundReview } from './jsonld-review';

const yearOf = (x: unknown) => {
  const m = /^(\d{4})/.exec(str(x) ?? '');
  return m ? Number(m[1]) : undefined;
};

const IMDB_URL = /imdb\.com\/title\/(tt\d{5,10})/;

/**
 * An entry from a page's Review JSON-LD, or undefined when there is none or it carries no rating.
 * `page` is the page's address (the entry's source URL unless the review names its own);
 * `fallbackSource` names the publisher when the review names none.
 */
export function entryFromReviewJsonLd(
  blocks: unknown[],
  page: string | undefined,
  fallbackSource: string,
): Entry | undefined {
  const found = findMovieReview(blocks);
  if (!found) return undefined;
  const { review, movie } = found;
  const title = str(movie.name);
  const rating = isObj(review.reviewRating) ? review.reviewRating : undefined;
  const value = num(rating?.ratingValue);
  const best = num(rating?.bestRating) ?? 5;
  const worst = num(rating?.worstRating) ?? 0;
  if (!title || value === undefined || best <= worst) return undefined;
  // A 1–10 rating with worstRating 1 is still a value on the 0–10 scale the card draws.
  const year =
    yearOf(movie.dateCreated) ??
    yearOf(movie.datePublished) ??
    yearOf(isObj(movie.releasedEvent) ? movie.releasedEvent.startDate : undefined);
  const body = str(review.reviewBody);
  const verdict = str(review.description) ?? (body ? body.split(/(?<=[.!?])\s/)[0] : undefined);
  const imdb = list(movie.sameAs)
    .map((s) => IMDB_URL.exec(str(s) ?? '')?.[1])
    .find(Boolean);
  const source = nameOf(list(review.publisher)[0]) ?? nameOf(list(review.author)[0]) ?? fallbackSource;
  const candidate = {
    id: slugify(year ? `${title} ${year}` : title) || `review-${idHash(title)}`,
    title,
    year,
    rating: { value, scale: best },
    verdict,
    review: body,
    directors: list(movie.director)
      .map(nameOf)
      .filter((n): n is string => !!n),
    cast: list(movie.actor)
      .map(nameOf)
      .filter((n): n is string => !!n)
      .map((actor) => ({ actor })),
    source: { name: source, ...((str(review.url) ?? page) ? { url: str(review.url) ?? page } : {}) },
    published: /^\d{4}-\d{2}-\d{2}/.exec(str(review.datePublished) ?? '')?.[0],
    ids: imdb ? { imdb } : undefined,
  };
  const result = validateEntry(JSON.parse(JSON.stringify(candidate)));
  return result.ok ? result.entry : undefined;
}

/**
 * The id of a title with no Latin letters to slug: FNV-1a from a zero basis, as signed and then
 * made positive. That is how the first ids were made, and ids are stored (corrections and hidden
 * marks name them), so it stays so.
 */
const idHash = (title: string): number => Math.abs(fnv1a(title, 0) | 0);
