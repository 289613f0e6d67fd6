/**
 * Title normalisation: the one function that turns a title as written on a page or in an
 * index into the key the store and the matcher compare. Anything that changes its output
 * must bump NORMALIZE_VERSION so stored title keys are rebuilt (see lib/store).
 */
export const NORMALIZE_VERSION = 1;

const QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g;
const DQUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** Fold case, diacritics, quotes, dashes, `&` and punctuation; collapse spaces. */
export function normalizeTitle(input: string): string {
  return input
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(QUOTES, "'")
    .replace(DQUOTES, '"')
    .replace(DASHES, '-')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/'/g, '')
    .replace(NON_WORD, ' ')
    .trim();
}
