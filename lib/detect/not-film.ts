/**
 * Not-a-film knowledge as data (data/detect/not-film.json): names that share words with film
 * titles but name a publication, network, place, holiday, event or company; franchise names; and
 * the context patterns that say a title is a TV series or a cited source. Validated when the
 * module loads: a bad entry is an error naming it, never a silently weaker scorer.
 */
import * as v from 'valibot';
import data from '../../data/detect/not-film.json';
import { normalizeTitle } from '../text/normalize';

const Entry = v.object({
  text: v.pipe(v.string(), v.minLength(1)),
  kind: v.optional(v.picklist(['publication', 'network', 'place', 'holiday', 'event', 'company'])),
  why: v.pipe(v.string(), v.minLength(3)),
});
const Pattern = v.object({
  source: v.pipe(v.string(), v.minLength(1)),
  why: v.pipe(v.string(), v.minLength(3)),
});
const Schema = v.object({
  about: v.string(),
  names: v.array(v.required(Entry, ['kind'])),
  franchises: v.array(Entry),
  patterns: v.object({
    tvAfter: Pattern,
    tvBefore: Pattern,
    tvSentence: Pattern,
    citedBefore: Pattern,
    citedAfter: Pattern,
    franchiseAfter: Pattern,
    franchiseAmongBrands: Pattern,
    mediumBefore: Pattern,
    wordBefore: Pattern,
    personLink: Pattern,
  }),
});

export type NotFilmData = v.InferOutput<typeof Schema>;

export interface NotFilm {
  /** Normalised names of publications, networks, places, holidays, events and companies. */
  names: ReadonlySet<string>;
  franchises: ReadonlySet<string>;
  /** The names among them that a year dates (holidays, events): "Halloween 2017", "Cannes 2019". */
  dated: ReadonlySet<string>;
  tvAfter: RegExp;
  tvBefore: RegExp;
  tvSentence: RegExp;
  citedBefore: RegExp;
  citedAfter: RegExp;
  franchiseAfter: RegExp;
  /** A studio or brand name ("Marvel Studios", "Pixar Animation") near a franchise name. */
  franchiseAmongBrands: RegExp;
  /** Another medium named right before the title, in languages other than English (evidence.ts has English's). */
  mediumBefore: RegExp;
  /** A word or phrase quoted as itself right before the name ("the term “Gamer”"): not a title. */
  wordBefore: RegExp;
  /** A link's address that is a person's page (a user, author or member profile). */
  personLink: RegExp;
}

/** Checks the data and compiles its patterns; throws with the entry's path when one is wrong. */
export function notFilmOf(raw: unknown): NotFilm {
  const r = v.safeParse(Schema, raw);
  if (!r.success) {
    const issue = r.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new Error(`not-film data: ${path ? `${path}: ` : ''}${issue.message}`);
  }
  const d = r.output;
  const re = (name: keyof NotFilmData['patterns'], flags: string) => {
    try {
      return new RegExp(d.patterns[name].source, flags);
    } catch (e) {
      throw new Error(`not-film data: patterns.${name}: ${(e as Error).message}`);
    }
  };
  return {
    names: new Set(d.names.map((n) => normalizeTitle(n.text))),
    franchises: new Set(d.franchises.map((n) => normalizeTitle(n.text))),
    dated: new Set(
      d.names.filter((n) => n.kind === 'holiday' || n.kind === 'event').map((n) => normalizeTitle(n.text)),
    ),
    tvAfter: re('tvAfter', 'iu'),
    // Network names are written in capitals: case matters before the title.
    tvBefore: re('tvBefore', 'u'),
    tvSentence: re('tvSentence', 'iu'),
    citedBefore: re('citedBefore', 'iu'),
    citedAfter: re('citedAfter', 'iu'),
    franchiseAfter: re('franchiseAfter', 'iu'),
    // Studio names are capitalised: case matters.
    franchiseAmongBrands: re('franchiseAmongBrands', 'u'),
    // German nouns are capitalised and "Roman" is also a first name: the article says which.
    mediumBefore: re('mediumBefore', 'u'),
    // "Begriffe" and "Wort" are capitalised in German, "term" is not in English: case never matters.
    wordBefore: re('wordBefore', 'iu'),
    personLink: re('personLink', 'iu'),
  };
}

export const NOT_FILM: NotFilm = notFilmOf(data);
