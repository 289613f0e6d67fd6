/**
 * Finding a schema.org `Review` of a `Movie` in a page's JSON-LD blocks (https://schema.org/Review):
 * a top-level Review, one inside `@graph`, or a Movie's `review`. No other imports, so the content
 * script can tell the popup "this page carries a review" without the parsers that read it.
 */
export type Json = Record<string, unknown>;
export const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
export const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined ? [] : [x]);
export const str = (x: unknown): string | undefined =>
  typeof x === 'string' && x.trim() ? x.replace(/\s+/g, ' ').trim() : undefined;
export const num = (x: unknown): number | undefined => {
  const n = typeof x === 'number' ? x : typeof x === 'string' ? Number(x.replace(',', '.')) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const types = (o: Json): string[] => list(o['@type']).filter((t): t is string => typeof t === 'string');
export const isType = (o: unknown, ...names: string[]) =>
  isObj(o) && types(o).some((t) => names.includes(t.replace(/^https?:\/\/schema\.org\//, '')));
export const nameOf = (x: unknown): string | undefined => (isObj(x) ? str(x.name) : str(x));

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

/** Whether the blocks hold a Review of a Movie with a rating value (what entryFromReviewJsonLd needs). */
export function hasRatedMovieReview(blocks: unknown[]): boolean {
  const found = findMovieReview(blocks);
  const rating = found && isObj(found.review.reviewRating) ? found.review.reviewRating : undefined;
  return !!found && !!str(found.movie.name) && num(rating?.ratingValue) !== undefined;
}
