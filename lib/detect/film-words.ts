/**
 * Film words as data (data/detect/film-words.json): the words, per language, that say a sentence
 * is about films (the evidence feature `filmWords`). Validated when the module loads: a bad entry
 * is an error naming it, never a silently weaker scorer.
 */
import * as v from 'valibot';
import data from '../../data/detect/film-words.json';

const Schema = v.object({
  about: v.string(),
  languages: v.array(
    v.object({
      lang: v.pipe(v.string(), v.minLength(2)),
      words: v.pipe(v.array(v.pipe(v.string(), v.minLength(2))), v.minLength(1)),
      why: v.pipe(v.string(), v.minLength(3)),
    }),
  ),
});

/**
 * One pattern for every language's words, each a whole word: no letter or digit either side (a
 * Unicode look-around, since `\b` knows only ASCII letters: "réalisateur", "película").
 */
export function filmWordsOf(raw: unknown): RegExp {
  const r = v.safeParse(Schema, raw);
  if (!r.success) {
    const issue = r.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new Error(`film-words data: ${path ? `${path}: ` : ''}${issue.message}`);
  }
  const words: string[] = [];
  for (const [i, l] of r.output.languages.entries())
    for (const [j, w] of l.words.entries()) {
      try {
        new RegExp(w, 'iu');
      } catch (e) {
        throw new Error(`film-words data: languages.${i}.words.${j}: ${(e as Error).message}`);
      }
      words.push(w);
    }
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

export const FILM_WORDS: RegExp = filmWordsOf(data);
