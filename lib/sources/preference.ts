/**
 * Several sources can review the same film (a subscribed critic, your IMDb ratings, the bundled
 * index). The card shows one — the preferred source's — and "+N other ratings"; the popup lists
 * them all. Pure functions over views, so the background, the card and tests agree.
 */
import { normalizeTitle } from '../text/normalize';
import type { SourceRecord } from '../store/db';

interface ViewLike {
  ref: string;
  sourceKind: SourceRecord['kind'];
  entry: { title: string; year?: number; ids?: { imdb?: string } };
}

/** Source id of a ref ("import:imdb/imdb-tt0113277" → "import:imdb"). */
export const sourceOfRef = (ref: string) => ref.slice(0, ref.indexOf('/'));

/** Without a stated order: your own ratings, then subscriptions, then the bundled index. */
const KIND_RANK: Record<SourceRecord['kind'], number> = { import: 0, fetched: 1, bundled: 2 };

/**
 * Order views by the user's source order (ids in `sourceOrder` first, in that order), then by
 * kind; stable otherwise, so the lookup's own order (exact year first) survives within a source.
 */
export function orderBySource<V extends ViewLike>(views: V[], sourceOrder: readonly string[]): V[] {
  const rank = (v: V) => {
    const i = sourceOrder.indexOf(sourceOfRef(v.ref));
    return i >= 0 ? i : sourceOrder.length + KIND_RANK[v.sourceKind];
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
 * Group views that are the same film: same IMDb id, or same normalised title and year (an entry
 * without a year joins the first group with its title). Keeps the incoming (preferred) order.
 */
export function groupByFilm<V extends ViewLike>(views: V[]): FilmGroup<V>[] {
  const groups: (FilmGroup<V> & { title: string; year?: number; imdb?: string })[] = [];
  for (const view of views) {
    const title = normalizeTitle(view.entry.title);
    const { year } = view.entry;
    const imdb = view.entry.ids?.imdb;
    const group = groups.find(
      (g) =>
        (imdb !== undefined && g.imdb === imdb) ||
        (g.title === title && (year === undefined || g.year === undefined || g.year === year)),
    );
    if (group) {
      group.others.push(view);
      group.year ??= year;
      group.imdb ??= imdb;
    } else {
      groups.push({ primary: view, others: [], title, year, imdb });
    }
  }
  return groups.map(({ primary, others }) => ({ primary, others }));
}

/** Put `id` one place earlier in the order of `all` sources (the options' "prefer" button). */
export function moveEarlier(order: readonly string[], all: readonly string[], id: string): string[] {
  // Materialise the full current order first, so moving works for sources not yet listed.
  const full = [...order.filter((s) => all.includes(s)), ...all.filter((s) => !order.includes(s))];
  const i = full.indexOf(id);
  if (i > 0) [full[i - 1], full[i]] = [full[i]!, full[i - 1]!];
  return full;
}
