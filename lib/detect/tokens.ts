/**
 * The matcher's normaliser: turns text into word tokens, folding case, diacritics, apostrophes,
 * `&` (→ "and") and Roman sequel numbers (II → 2), while remembering where each token sits in
 * the original string. Titles in the lexicon and page text go through the same code, so a title
 * matches whatever punctuation, dashes or quotes a page writes it with.
 *
 * It works code unit by code unit with a fold table (no per-token regex, no allocation for
 * tokens the lexicon doesn't know), because it runs over every text node of every page.
 */

/** What a code unit does: ≥0 folded char code, SEP ends a token, JOIN is dropped inside a word. */
export const SEP = -1;
export const JOIN = -2;
export const AMP = -3;
/** A code unit that folds to several chars (ligatures): see foldWide. */
export const MULTI = -4;

export const ASCII = new Int32Array(128).fill(SEP);
for (let c = 48; c <= 57; c++) ASCII[c] = c;
for (let c = 97; c <= 122; c++) ASCII[c] = c;
for (let c = 65; c <= 90; c++) ASCII[c] = c + 32;
ASCII[39] = JOIN; // ' inside a word: "Schindler's" = "schindlers"
ASCII[38] = AMP;

const LETTER = /^[\p{L}\p{N}]+$/u;
const MARKS = /\p{M}/gu;
/** Non-ASCII code units folded on first sight: a string of folded chars, '' to drop, null = separator. */
const wide = new Map<number, string | null>();

export function foldWide(c: number): string | null {
  let f = wide.get(c);
  if (f !== undefined) return f;
  if (c === 0x2019 || c === 0x2018 || c === 0x02bc)
    f = ''; // curly apostrophes join like '
  else if (c >= 0xd800 && c <= 0xdfff)
    f = String.fromCharCode(c); // astral letters: keep as is
  else {
    const ch = String.fromCharCode(c);
    if (/\p{M}/u.test(ch)) f = '';
    else {
      const folded = ch.normalize('NFKD').replace(MARKS, '').toLowerCase();
      f = folded && LETTER.test(folded) ? folded : null;
    }
  }
  wide.set(c, f);
  return f;
}

const ROMAN: Record<string, string> = { ii: '2', iii: '3', iv: '4', vi: '6', vii: '7', viii: '8', ix: '9' };

/** Longest token we look up; longer runs ("aaaaaaaa…", URLs) are never titles. */
export const MAX_TOKEN = 48;

/**
 * Calls `emit(start, end, len)` for each token of `text`, with the folded chars in `buf[0..len)`
 * (len is 0 when the token is longer than MAX_TOKEN). `&` is a token of its own ("and").
 */
export function scanTokens(
  text: string,
  buf: Uint16Array,
  emit: (start: number, end: number, len: number) => void,
): void {
  const n = text.length;
  let start = -1;
  let len = 0;
  let end = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let f: number;
    let wideFold: string | null = null;
    if (c < 128) f = ASCII[c]!;
    else {
      wideFold = foldWide(c);
      f = wideFold === null ? SEP : wideFold === '' ? JOIN : 0;
    }
    if (f >= 0) {
      if (start < 0) {
        start = i;
        len = 0;
      }
      if (wideFold) {
        for (let k = 0; k < wideFold.length; k++) {
          if (len < MAX_TOKEN) buf[len] = wideFold.charCodeAt(k);
          len++;
        }
      } else {
        if (len < MAX_TOKEN) buf[len] = f;
        len++;
      }
      end = i + 1;
    } else if (f !== JOIN) {
      // (an apostrophe neither ends a token nor extends its span)
      if (start >= 0) {
        emit(start, end, finish(buf, len));
        start = -1;
      }
      if (f === AMP) {
        buf[0] = 97;
        buf[1] = 110;
        buf[2] = 100;
        emit(i, i + 1, 3);
      }
    }
  }
  if (start >= 0) emit(start, end, finish(buf, len));
}

/** Fold of a non-ASCII code unit as one number: a char code, JOIN, SEP or MULTI (use foldWide). */
/** Filled on first sight of each code unit (0 = not yet seen; stored as fold + 8 so SEP… fit). */
const wideCodes = new Int32Array(65536);
export function foldWideCode(c: number): number {
  const v = wideCodes[c]!;
  if (v !== 0) return v - 8;
  const s = foldWide(c);
  const f = s === null ? SEP : s === '' ? JOIN : s.length === 1 ? s.charCodeAt(0) : MULTI;
  wideCodes[c] = f + 8;
  return f;
}

/** Final fold of a complete token: Roman numerals to digits. Returns the length (0 = too long). */
export function finish(buf: Uint16Array, len: number): number {
  if (len > MAX_TOKEN) return 0;
  if (len >= 2 && len <= 4) {
    let roman = true;
    for (let k = 0; k < len; k++) {
      const c = buf[k];
      if (c !== 105 && c !== 118 && c !== 120) roman = false;
    }
    if (roman) {
      const digit = ROMAN[charsOf(buf, len)];
      if (digit) {
        buf[0] = digit.charCodeAt(0);
        return 1;
      }
    }
  }
  return len;
}

/**
 * The first `len` chars of buf as a string. `String.fromCharCode(...typedArray)` goes through the
 * array iterator, which profiling showed as the single largest cost of scoring matches;
 * apply() takes the typed array as an array-like without it.
 */
export function charsOf(buf: Uint16Array, len: number): string {
  if (len === 1) return String.fromCharCode(buf[0]!);
  return String.fromCharCode.apply(null, buf.subarray(0, len) as unknown as number[]);
}

/** Tokens of a string as folded strings (for building the lexicon and for tests). */
export function tokenize(text: string): string[] {
  const buf = new Uint16Array(MAX_TOKEN);
  const out: string[] = [];
  scanTokens(text, buf, (_s, _e, len) => {
    if (len > 0) out.push(charsOf(buf, len));
  });
  return out;
}

/** Tokens with their offsets in the original text. */
export function tokenSpans(text: string): { token: string; start: number; end: number }[] {
  const buf = new Uint16Array(MAX_TOKEN);
  const out: { token: string; start: number; end: number }[] = [];
  scanTokens(text, buf, (start, end, len) => {
    out.push({ token: len ? charsOf(buf, len) : '', start, end });
  });
  return out;
}

/** The matcher's key for a whole title: its tokens joined by spaces. */
export const titleKey = (title: string): string => tokenize(title).join(' ');
