/**
 * The store's entries as films (lib/films/group.ts through lexiconFilms), each film's entries in
 * the one source order: the lexicon is built from these films, and the card, the popup's lists,
 * search and "All ratings" answer from them, so every part of Marquee sees the same films.
 */
import { lexiconFilms, type LexiconEntry, type LexiconFilm } from '../detect/lexicon';
import { refOf, type EntryRef, type ReviewStore } from '../store/db';
import type { EntryView } from '../messaging/protocol';
import type { Entry } from '../index/schema';

export interface FilmCatalogue {
  /** Every film, in source order of their first entries. */
  readonly films: readonly LexiconFilm[];
  /** The film holding `ref`, or undefined for a ref no film holds (removed since). */
  filmOf(ref: EntryRef): LexiconFilm | undefined;
}

/**
 * Read every entry once and group them into films. `order` is the full source order (ids,
 * orderSources): a film's first ref is then its preferred source's entry.
 */
export async function readFilms(
  store: Pick<ReviewStore, 'forEach'>,
  order: readonly string[],
  toEntry: (ref: EntryRef, entry: Entry) => LexiconEntry,
): Promise<FilmCatalogue> {
  const bySource = new Map<string, LexiconEntry[]>();
  await store.forEach((stored) => {
    let list = bySource.get(stored.source);
    if (!list) bySource.set(stored.source, (list = []));
    list.push(toEntry(refOf(stored), stored.entry));
  });
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  const sources = [...bySource.keys()].sort((a, b) => rank(a) - rank(b));
  const films = lexiconFilms(sources.flatMap((id) => bySource.get(id)!));
  const byRef = new Map<EntryRef, LexiconFilm>();
  for (const film of films) for (const ref of film.refs) byRef.set(ref, film);
  return { films, filmOf: (ref) => byRef.get(ref) };
}

/** Every ref of the films that `refs` name, film by film in the order asked, without repeats. */
export function filmRefs(catalogue: FilmCatalogue, refs: readonly EntryRef[]): EntryRef[] {
  const out = new Set<EntryRef>();
  for (const ref of refs) for (const r of catalogue.filmOf(ref)?.refs ?? [ref]) out.add(r);
  return [...out];
}

/**
 * Views film by film (in the order each film first appears), each film's views in source order
 * (`rank`: lower first), each carrying its film's key (EntryView.film).
 */
export function viewsByFilm(
  catalogue: FilmCatalogue,
  views: readonly EntryView[],
  rank: (view: EntryView) => number,
): EntryView[] {
  const firstSeen = new Map<string, number>();
  const keyed = views.map((view, i) => {
    const film = catalogue.filmOf(view.ref)?.ref ?? view.ref;
    if (!firstSeen.has(film)) firstSeen.set(film, i);
    return { view: { ...view, film }, i, film };
  });
  return keyed
    .sort(
      (a, b) => firstSeen.get(a.film)! - firstSeen.get(b.film)! || rank(a.view) - rank(b.view) || a.i - b.i,
    )
    .map((x) => x.view);
}
