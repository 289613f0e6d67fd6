/**
 * Finds every title of the lexicon in a string in one pass over its words: each word is folded
 * and looked up once in the lexicon's hash table (no string built for it), then the token trie is
 * walked from that word for the longest title starting there (leftmost-longest, no overlaps).
 * Cost grows with the text, not with the number of titles. Matches map back to offsets in the
 * original string, whatever diacritics, quotes or dashes it was written with.
 *
 * Speed (the aim is 100 MB/s or more): most words of most pages are plain ASCII letters and digits. Those take a
 * fast path that tells word chars with one table load, folds case with `c | 32` (which leaves
 * digits alone), hashes as it scans and keeps the folded chars in a reused typed array to compare
 * with the lexicon's; nothing is allocated per word. A word with anything else in it (a non-ASCII
 * letter, an apostrophe, a ligature) or that may be a Roman numeral is read again from its start
 * by the full tokenizer of lib/detect/tokens.ts, so both paths give the same tokens. Walking on
 * from a title's first word asks the lexicon's edge filter first: the next word rarely continues a
 * title, and the filter says so without a binary search.
 */
import { ASCII, JOIN, MAX_TOKEN, MULTI, SEP, finish, foldWide, foldWideCode } from './tokens';
import { edgeShift, type Lexicon } from './lexicon';
import { FNV_OFFSET, FNV_PRIME } from '../text/fnv';

export interface TextMatch {
  /** Offsets in the original text. */
  start: number;
  end: number;
  /** The text as written on the page. */
  title: string;
  /** Terminal trie node: the lexicon's terms(node) are the candidate entries. */
  node: number;
  /** How many words the match spans. */
  words: number;
}

export interface TitleMatcher {
  readonly lexicon: Lexicon;
  find(text: string): TextMatch[];
}

/** Words of one match may be separated by at most this many chars (", ", ": ", " – "). */
const MAX_GAP = 3;

/**
 * Per UTF-16 code unit: WORD for the ASCII letters and digits (the fast path's word chars, folded
 * by `c | 32`), SPACE for the other ASCII chars that only separate words, OTHER for the rest (`&`,
 * `'`, everything above ASCII), which the loop looks at more closely. One load per char answers
 * both "ASCII?" and "letter or digit?".
 */
const WORD = 1;
const SPACE = 0;
const OTHER = 2;
const CLASS = new Uint8Array(65536).fill(OTHER);
for (let c = 0; c < 128; c++) CLASS[c] = ASCII[c]! >= 0 ? WORD : ASCII[c] === SEP ? SPACE : OTHER;
/** First letters of the Roman numerals finish() folds (ii … ix): such short words take the full path. */
const ROMAN_START = new Uint8Array(128);
ROMAN_START[105] = ROMAN_START[118] = ROMAN_START[120] = 1;

/**
 * Only white space between two words: saved HTML wraps and indents lines ("Lost in\n        Translation"
 * is one title). Checked only for gaps wider than MAX_GAP, which are rare.
 */
function blank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c > 32 && c !== 160) return false;
  }
  return true;
}

/**
 * The matcher the engine, the CLI and the tests use. Plain JavaScript: a WebAssembly build of the
 * same loop was measured where matching runs (a dedicated Worker in Chromium, the 36k bench
 * titles) at 1.1–1.25× this one, under the 1.5× that would pay for its build step and the copy of
 * every text into linear memory, and was removed (docs/performance.md, "The WebAssembly matcher").
 */
export function createMatcher(lexicon: Lexicon): TitleMatcher {
  const buf = new Uint16Array(MAX_TOKEN);
  const words = lexicon.words;
  const { rootChild, childStart, edgeTok, terminalBits, edgeFilter } = lexicon;
  const shift = edgeShift(edgeFilter);
  buf[0] = 97;
  buf[1] = 110;
  buf[2] = 100;
  /** `&` is the word "and". */
  const andId = lexicon.wordId(buf, 3);
  // Token starts, ends and word ids of the current text, reused across calls: a text of n chars
  // has at most n tokens, so they are sized once per call and never checked per token.
  const SMALL = 256;
  let starts = new Int32Array(SMALL);
  let ends = new Int32Array(SMALL);
  let ids = new Int32Array(SMALL);
  /** The folded chars of the text's ASCII words, at their own offsets (compared with the lexicon's). */
  let folded = new Uint16Array(SMALL);
  /** After a very long text, the arrays go back to small ones rather than stay 14 bytes a char. */
  const release = () => {
    if (starts.length > 1 << 16) {
      starts = new Int32Array(SMALL);
      ends = new Int32Array(SMALL);
      ids = new Int32Array(SMALL);
      folded = new Uint16Array(SMALL);
    }
  };

  /**
   * The full tokenizer (fold table, non-ASCII folds, apostrophes, ligatures, Roman numerals) for the
   * one token that starts at `from`: stores it as token `at` and returns the index of the char that
   * ended it.
   */
  const slowWord = (text: string, from: number, at: number): number => {
    const len = text.length;
    let k = 0;
    let h = FNV_OFFSET;
    let end = from;
    let i = from;
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      const f = c < 128 ? ASCII[c]! : foldWideCode(c);
      if (f === MULTI) {
        // A ligature: fold each of its chars.
        const chars = foldWide(c)!;
        for (let q = 0; q < chars.length; q++) {
          const x = chars.charCodeAt(q);
          if (k < MAX_TOKEN) buf[k] = x;
          k++;
          h = Math.imul(h ^ x, FNV_PRIME);
        }
        end = i + 1;
      } else if (f >= 0) {
        if (k < MAX_TOKEN) buf[k] = f;
        k++;
        h = Math.imul(h ^ f, FNV_PRIME);
        end = i + 1;
      } else if (f !== JOIN) break; // (an apostrophe neither ends a token nor extends its span)
    }
    let id = -1;
    if (k <= MAX_TOKEN) {
      const short = k >= 2 && k <= 4 ? finish(buf, k) : k;
      id = short !== k ? lexicon.wordId(buf, short) : lexicon.wordIdHashed(buf, k, h);
    }
    starts[at] = from;
    ends[at] = end;
    ids[at] = id;
    return i;
  };

  /**
   * Fills starts/ends/ids with the tokens of text (see tokens.ts scanTokens for the rules) and
   * returns their count. Arrays and tables are held in locals: this loop runs over every char.
   */
  const tokenizeInto = (text: string): number => {
    const len = text.length;
    if (starts.length < len + 1) {
      const size = Math.max(len + 1, starts.length * 2);
      starts = new Int32Array(size);
      ends = new Int32Array(size);
      ids = new Int32Array(size);
      folded = new Uint16Array(size);
    }
    const S = starts;
    const E = ends;
    const I = ids;
    const F = folded;
    const cls = CLASS;
    const { slots, pool, mask } = words;
    let n = 0;
    let i = 0;
    while (i < len) {
      let c = text.charCodeAt(i);
      const k = cls[c];
      if (k === SPACE) {
        i++;
        continue;
      }
      if (k === OTHER) {
        if (c === 38) {
          // & is the word "and"
          S[n] = i;
          E[n] = i + 1;
          I[n++] = andId;
          i++;
        } else if (c < 128)
          i++; // a stray apostrophe
        else {
          const f = foldWideCode(c);
          if (f === SEP || f === JOIN) i++;
          else i = slowWord(text, i, n++);
        }
        continue;
      }
      // An ASCII word: fold and hash as we go, stop at its first char that is not an ASCII letter
      // or digit.
      const start = i;
      // FNV-1a (lib/text/fnv.ts) written out, literals included: this loop runs once per char of
      // the page. Measured on 1 MB of real text, CPU time over 100 interleaved runs of each form
      // (p10 / median): written out 17.9 / 26.4 ms, FNV_PRIME imported 19.4 / 28.3 ms, fnvStep()
      // 22.8 / 32.8 ms.
      let h = 0x811c9dc5; // FNV_OFFSET
      for (;;) {
        c |= 32;
        F[i] = c;
        h = Math.imul(h ^ c, 0x01000193); // FNV_PRIME
        if (++i === len) break;
        c = text.charCodeAt(i);
        if (cls[c] !== WORD) break;
      }
      const wordLen = i - start;
      if (
        (i < len && cls[c] === OTHER && (c === 39 || (c >= 128 && foldWideCode(c) !== SEP))) || // ' or a non-ASCII letter, mark, ’ …
        (wordLen <= 4 && wordLen >= 2 && ROMAN_START[F[start]!] === 1) // ii … ix
      ) {
        i = slowWord(text, start, n++);
        continue;
      }
      S[n] = start;
      E[n] = i;
      let id = -1;
      if (wordLen <= MAX_TOKEN) {
        // Look the word up: its folded chars are F[start, i).
        let slot = h & mask;
        for (;;) {
          const v = slots[2 * slot]!;
          if (v === 0) break;
          if ((v & 63) === wordLen) {
            const p = (v >>> 6) - start;
            let k = start;
            while (k < i && pool[p + k] === F[k]) k++;
            if (k === i) {
              id = slots[2 * slot + 1]!;
              break;
            }
          }
          slot = (slot + 1) & mask;
        }
      }
      I[n++] = id;
      // The char that ended the word is already read: step over it when it only separates.
      if (i < len && cls[c] === SPACE) i++;
    }
    return n;
  };

  return {
    lexicon,
    find(text) {
      const count = tokenizeInto(text);
      const out: TextMatch[] = [];
      const S = starts;
      const E = ends;
      const I = ids;
      const roots = rootChild;
      const terminal = terminalBits;
      const filter = edgeFilter;
      // Per node, its first edge: fixed-width digits read in place (see packFixed).
      const firstEdge = childStart.s;
      const width = childStart.width;
      const tokens = edgeTok;
      for (let i = 0; i < count; i++) {
        const first = I[i]!;
        if (first < 0) continue;
        const root = roots[first]!;
        if (root < 0) continue;
        let node = root >> 1;
        let best = (root & 1) !== 0 ? node : -1;
        let bestJ = i;
        for (let j = i + 1; j < count; j++) {
          const tok = I[j]!;
          if (tok < 0) break;
          const gap = S[j]! - E[j - 1]!;
          if (gap > MAX_GAP && !blank(text, E[j - 1]!, S[j]!)) break;
          // Most words do not continue a title: the filter says so without a search.
          const bit = Math.imul((node << 16) ^ tok, 0x9e3779b1) >>> shift; // edgeBit
          if ((filter[bit >>> 5]! & (1 << (bit & 31))) === 0) break;
          // The child of node by tok: binary search of its edges, sorted by token.
          let p = 1 + node * width;
          let lo = 0;
          for (let q = 0; q < width; q++) lo = lo * 32 + (firstEdge.charCodeAt(p++) & 31);
          let hi = 0;
          for (let q = 0; q < width; q++) hi = hi * 32 + (firstEdge.charCodeAt(p++) & 31);
          hi--;
          node = -1;
          while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            const t = tokens[mid]!;
            if (t === tok) {
              node = mid + 1;
              break;
            }
            if (t < tok) lo = mid + 1;
            else hi = mid - 1;
          }
          if (node < 0) break;
          if ((terminal[node >>> 5]! & (1 << (node & 31))) !== 0) {
            best = node;
            bestJ = j;
          }
        }
        if (best < 0) continue;
        const start = S[i]!;
        const end = E[bestJ]!;
        out.push({ start, end, title: text.slice(start, end), node: best, words: bestJ - i + 1 });
        i = bestJ;
      }
      release();
      return out;
    },
  };
}
