/**
 * Several sources can review the same film (a subscribed critic, your IMDb ratings, the bundled
 * index). The card shows one — the preferred source's — and "+N other ratings"; the popup lists
 * them all. Pure functions over views, so the background, the card and tests agree.
 */
import { groupFilms } from '../films/group';
import type { SourceRecord } from '../store/db';

interface ViewLike {
  ref: string;
  sourceKind: SourceRecord['kind'];
  /** The film the view is one source's entry of (EntryView.film). */
  film?: string;
  entry: { title: string; year?: number; ids?: Partial<Record<string, string>> };
}

/** Source id of a ref ("import:imdb/imdb-tt0113277" → "import:imdb"). */
export const sourceOfRef = (ref: string) => ref.slice(0, ref.indexOf('/'));

/**
 * The default order, kind by kind: the user's own ratings, then followed reviewers and
 * subscriptions, then the bundled reviews. Within a kind, the order the sources were added.
 */
export const KIND_RANK: Record<SourceRecord['kind'], number> = { import: 0, fetched: 1, bundled: 2 };

type SourceLike = Pick<SourceRecord, 'id' | 'kind' | 'addedAt'>;

/**
 * The one order of sources that the card, the popup and the options page all use: the sources
 * the user preferred (`preferred`, last preferred first), then the others by KIND_RANK and by
 * when they were added (a source from before `addedAt` was kept sorts as the store lists it).
 */
export function orderSources<S extends SourceLike>(sources: readonly S[], preferred: readonly string[]): S[] {
  const rank = (s: S) => {
    const i = preferred.indexOf(s.id);
    return i >= 0 ? i - preferred.length : KIND_RANK[s.kind];
  };
  return sources
    .map((source, i) => ({ source, i, r: rank(source) }))
    .sort((a, b) => a.r - b.r || (a.source.addedAt ?? 0) - (b.source.addedAt ?? 0) || a.i - b.i)
    .map((x) => x.source);
}

/** "Prefer": the source goes to the top; every other source keeps its place relative to the rest. */
export function preferSource(preferred: readonly string[], id: string): string[] {
  return [id, ...preferred.filter((s) => s !== id)];
}

/**
 * Order views by a full source order (orderSources' ids); a source missing from it sorts after,
 * by kind. Stable otherwise, so the lookup's own order (exact year first) survives within a source.
 */
export function orderBySource<V extends ViewLike>(views: V[], order: readonly string[]): V[] {
  const rank = (v: V) => {
    const i = order.indexOf(sourceOfRef(v.ref));
    return i >= 0 ? i : order.length + KIND_RANK[v.sourceKind];
  };
  return views
    .map((view, i) => ({ view, i, r: rank(view) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.view);
}

export interface FilmGroup<V> {
  primary: V;
  others: V[];
}

/**
 * One group per film, in the order of each film's first view (callers order views preferred
 * source first). Views from the background carry their film (`film`, from the same grouping as
 * the lexicon: lib/films/group.ts); views without it are grouped here by the same rule.
 */
export function groupByFilm<V extends ViewLike>(views: V[]): FilmGroup<V>[] {
  let groups: number[][];
  if (views.every((v) => v.film !== undefined)) {
    const byFilm = new Map<string, number[]>();
    views.forEach((v, i) => {
      const list = byFilm.get(v.film!);
      if (list) list.push(i);
      else byFilm.set(v.film!, [i]);
    });
    groups = [...byFilm.values()];
  } else {
    groups = groupFilms(views, (v) => ({
      source: sourceOfRef(v.ref),
      title: v.entry.title,
      year: v.entry.year,
      ids: v.entry.ids,
    }));
  }
  return groups.map(([first, ...rest]) => ({ primary: views[first!]!, others: rest.map((i) => views[i]!) }));
}
