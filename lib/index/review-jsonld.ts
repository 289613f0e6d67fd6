/**
 * schema.org `Review` JSON-LD (https://schema.org/Review, Google's "Critic review" markup) to an
 * entry: `reviewRating.ratingValue` of `bestRating` (5 when absent, as schema.org says),
 * `itemReviewed` a `Movie` with its name, date, director and actors. Found as a top-level Review,
 * inside `@graph`, or as a Movie's `review`.
 */
import { slugify } from './article';
import { validateEntry, type Entry } from './schema';
import { fnv1a } from '../text/fnv';

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined ? [] : [x]);
const str = (x: unknown): string | undefined =>
  typeof x === 'string' && x.trim() ? x.replace(/\s+/g, ' ').trim() : undefined;
const num = (x: unknown): number | undefined => {
  const n = typeof x === 'number' ? x : typeof x === 'string' ? Number(x.replace(',', '.')) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const types = (o: Json): string[] => list(o['@type']).filter((t): t is string => typeof t === 'string');
const isType = (o: unknown, ...names: string[]) =>
  isObj(o) && types(o).some((t) => names.includes(t.replace(/^https?:\/\/schema\.org\//, '')));
const nameOf = (x: unknown): string | undefined => (isObj(x) ? str(x.name) : str(x));

/** Every object of the blocks, @graph and nested arrays flattened. */
function objects(blocks: unknown[]): Json[] {
  const out: Json[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (isObj(x)) {
      out.push(x);
      if (Array.isArray(x['@graph'])) walk(x['@graph']);
    }
  };
  walk(blocks);
  return out;
}

export interface FoundReview {
  review: Json;
  movie: Json;
}

/** The first Review of a Movie in the page's JSON-LD blocks. */
export function findMovieReview(blocks: unknown[]): FoundReview | undefined {
  const all = objects(blocks);
  const byId = new Map(all.filter((o) => str(o['@id'])).map((o) => [str(o['@id'])!, o]));
  const deref = (x: unknown) =>
    isObj(x) && str(x['@id']) && Object.keys(x).length === 1 ? byId.get(str(x['@id'])!) : x;
  for (const o of all) {
    if (isType(o, 'Review', 'CriticReview', 'UserReview')) {
      const movie = deref(o.itemReviewed);
      if (isType(movie, 'Movie')) return { review: o, movie: movie as Json };
    }
    if (isType(o, 'Movie'))
      for (const r of list(o.review).map(deref))
        if (isType(r, 'Review', 'CriticReview', 'UserReview')) return { review: r as Json, movie: o };
  }
  return undefined;
}

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
