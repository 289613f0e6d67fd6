/**
 * Film words as data (data/detect/film-words.json): the words, per language, that say a sentence
 * is about films (the evidence feature `filmWords`). Validated when the module loads: a bad entry
 * is an error naming it, never a silently weaker scorer.
 *
 * Found by one alternation of the data's literals (no word boundaries, no `u` flag), each hit
 * widened to its whole word and judged by set lookups, not one pattern of whole words: the
 * languages' ~250 words as a Unicode pattern with look-arounds (a word boundary for "película"
 * needs them; `\b` knows only ASCII letters) made scoring 35% slower per match than the English
 * `\b` pattern it replaced (bench/scoring.ts, fastest of 15: 15.6–16.2 against 11.1–12.5 µs at the
 * shown floor), and German compounds ("-film" at a word's end) made it backtrack on every letter.
 */
import * as v from 'valibot';
import data from '../../data/detect/film-words.json';

const Word = v.pipe(v.string(), v.minLength(2), v.regex(/^[\p{L}\p{N}'’-]+(?: [\p{L}\p{N}'’-]+)?$/u));
const Schema = v.object({
  about: v.string(),
  languages: v.array(
    v.object({
      lang: v.pipe(v.string(), v.minLength(2)),
      words: v.pipe(v.array(Word), v.minLength(1)),
      prefixes: v.optional(v.array(Word)),
      suffixes: v.optional(v.array(Word)),
      why: v.pipe(v.string(), v.minLength(3)),
    }),
  ),
});

export interface FilmWords {
  /** Whole words, in lower case. */
  words: ReadonlySet<string>;
  /** Two-word phrases ("box office"), by their first word. */
  phrases: ReadonlyMap<string, ReadonlySet<string>>;
  prefixes: readonly string[];
  suffixes: readonly string[];
}

/** Checks the data; throws with the entry's path when one is wrong. */
export function filmWordsOf(raw: unknown): FilmWords {
  const r = v.safeParse(Schema, raw);
  if (!r.success) {
    const issue = r.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new Error(`film-words data: ${path ? `${path}: ` : ''}${issue.message}`);
  }
  const words = new Set<string>();
  const phrases = new Map<string, Set<string>>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  for (const l of r.output.languages) {
    for (const w of l.words) {
      const [first, second] = w.toLowerCase().split(' ') as [string, string?];
      if (second === undefined) words.add(first);
      else phrases.set(first, (phrases.get(first) ?? new Set()).add(second));
    }
    for (const p of l.prefixes ?? []) prefixes.push(p.toLowerCase());
    for (const s of l.suffixes ?? []) suffixes.push(s.toLowerCase());
  }
  return { words, phrases, prefixes, suffixes };
}

export const FILM_WORDS: FilmWords = filmWordsOf(data);

const WORD_CP = /^[\p{L}\p{N}\p{M}]$/u;
/** Joiners inside a word: "spin-off", "long-métrage", "Oscar-winning". */
const isJoiner = (c: number) => c === 45 || c === 39 || c === 0x2019;

function known(w: FilmWords, word: string): boolean {
  if (w.words.has(word)) return true;
  for (const p of w.prefixes) if (word.startsWith(p)) return true;
  for (const s of w.suffixes) if (word.length > s.length && word.endsWith(s)) return true;
  return false;
}

/**
 * Where a film word may start: every word, phrase, prefix and suffix of the data as one
 * alternation of literals, without word boundaries (the `u` flag and look-arounds those need
 * were the slow part). Each hit is widened to its whole word, which the sets then judge.
 */
const finders = new WeakMap<FilmWords, RegExp>();
function finderOf(w: FilmWords): RegExp {
  let re = finders.get(w);
  if (!re) {
    const literals = [...w.words, ...w.phrases.keys(), ...w.prefixes, ...w.suffixes]
      .sort((a, b) => b.length - a.length)
      .map((l) => l.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'));
    re = new RegExp(literals.join('|'), 'gi');
    finders.set(w, re);
  }
  return re;
}

const codeAt = (s: string, i: number) => s.charCodeAt(i);
/** A letter, digit or mark of a word, by UTF-16 unit (a surrogate counts as a letter). */
const isWordUnit = (c: number) =>
  c < 128
    ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)
    : (c >= 0xd800 && c <= 0xdfff) || WORD_CP.test(String.fromCharCode(c));

/** The film words of `context` as [start, end] pairs, in order. */
export function filmWordPositions(context: string, w: FilmWords = FILM_WORDS): number[] {
  const out: number[] = [];
  const find = finderOf(w);
  const n = context.length;
  find.lastIndex = 0;
  for (let m = find.exec(context); m; m = find.exec(context)) {
    // The whole word around the hit, joined words included ("Science-Fiction-Spielfilm").
    let start = m.index;
    while (start > 0 && (isWordUnit(codeAt(context, start - 1)) || joinedAt(context, start - 1))) start--;
    let end = m.index + m[0].length;
    while (end < n && (isWordUnit(codeAt(context, end)) || joinedAt(context, end))) end++;
    const word = context.slice(start, end).toLowerCase();
    find.lastIndex = end;
    const second = w.phrases.get(word) ? nextWord(context, end) : undefined;
    if (second && w.phrases.get(word)!.has(second.word)) {
      out.push(start, second.end);
      find.lastIndex = second.end;
    } else if (known(w, word)) out.push(start, end);
    else if (/[-'’]/.test(word)) {
      // "Oscar-winning": each part of a joined word, as the words they are.
      let at = start;
      for (const part of word.split(/[-'’]/)) {
        if (part && known(w, part)) out.push(at, at + part.length);
        at += part.length + 1;
      }
    }
  }
  return out;
}

/** A joiner with word characters on both sides. */
const joinedAt = (s: string, i: number) =>
  isJoiner(codeAt(s, i)) &&
  i > 0 &&
  i + 1 < s.length &&
  isWordUnit(codeAt(s, i - 1)) &&
  isWordUnit(codeAt(s, i + 1));

/** The word one space after `at`, in lower case. */
function nextWord(s: string, at: number): { word: string; end: number } | undefined {
  if (s[at] !== ' ') return undefined;
  let end = at + 1;
  while (end < s.length && isWordUnit(codeAt(s, end))) end++;
  return end > at + 1 ? { word: s.slice(at + 1, end).toLowerCase(), end } : undefined;
}
