/**
 * Finds every title of the lexicon in a string in one pass over its words: each word is folded
 * and looked up once in the lexicon's hash table (no string built for it), then the token trie is
 * walked from that word for the longest title starting there (leftmost-longest, no overlaps).
 * Cost grows with the text, not with the number of titles. Matches map back to offsets in the
 * original string, whatever diacritics, quotes or dashes it was written with.
 */
import {
  ASCII,
  AMP,
  FNV_OFFSET,
  FNV_PRIME,
  JOIN,
  MAX_TOKEN,
  MULTI,
  finish,
  foldWide,
  foldWideCode,
} from './tokens';
import type { Lexicon } from './lexicon';

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
 * Only white space between two words: saved HTML wraps and indents lines ("Lost in\n        Translation"
 * is one title, #3). Checked only for gaps wider than MAX_GAP, which are rare.
 */
function blank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c > 32 && c !== 160) return false;
  }
  return true;
}

export function createMatcher(lexicon: Lexicon): TitleMatcher {
  const buf = new Uint16Array(MAX_TOKEN);
  // Reused per call: token starts, ends and word ids of the current text.
  let starts = new Int32Array(256);
  let ends = new Int32Array(256);
  let ids = new Int32Array(256);
  let n = 0;
  const push = (s: number, e: number, id: number) => {
    if (n === starts.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      starts = grow(starts);
      ends = grow(ends);
      ids = grow(ids);
    }
    starts[n] = s;
    ends[n] = e;
    ids[n] = id;
    n++;
  };
  /** Word id of the token in buf (Roman numerals folded; hash recomputed only then). */
  const lookup = (len: number, hash: number): number => {
    if (len > MAX_TOKEN) return -1;
    if (len >= 2 && len <= 4) {
      const folded = finish(buf, len);
      if (folded !== len) return lexicon.wordId(buf, folded);
    }
    return lexicon.wordIdHashed(buf, len, hash);
  };
  /**
   * The tokenizer of lib/detect/tokens.ts inlined, hashing each char as it goes: this loop runs
   * over every character of every page, so it allocates nothing and calls nothing per char.
   */
  const tokenizeInto = (text: string) => {
    n = 0;
    const len = text.length;
    let start = -1;
    let end = 0;
    let k = 0;
    let h = FNV_OFFSET;
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(i);
      let f = c < 128 ? ASCII[c]! : foldWideCode(c);
      if (f === MULTI) {
        // A ligature: fold each of its chars (rare enough to take the slow path).
        const chars = foldWide(c)!;
        if (start < 0) {
          start = i;
          k = 0;
          h = FNV_OFFSET;
        }
        for (let q = 0; q < chars.length; q++) {
          const x = chars.charCodeAt(q);
          if (k < MAX_TOKEN) buf[k] = x;
          k++;
          h = Math.imul(h ^ x, FNV_PRIME);
        }
        end = i + 1;
        continue;
      }
      if (f >= 0) {
        if (start < 0) {
          start = i;
          k = 0;
          h = FNV_OFFSET;
        }
        if (k < MAX_TOKEN) buf[k] = f;
        k++;
        h = Math.imul(h ^ f, FNV_PRIME);
        end = i + 1;
      } else if (f !== JOIN) {
        if (start >= 0) {
          push(start, end, lookup(k, h));
          start = -1;
        }
        if (f === AMP) {
          buf[0] = 97;
          buf[1] = 110;
          buf[2] = 100;
          f = lexicon.wordId(buf, 3);
          push(i, i + 1, f);
        }
      }
    }
    if (start >= 0) push(start, end, lookup(k, h));
  };
  return {
    lexicon,
    find(text) {
      tokenizeInto(text);
      const out: TextMatch[] = [];
      for (let i = 0; i < n; i++) {
        const first = ids[i]!;
        if (first < 0) continue;
        let node = lexicon.rootChild[first]!;
        if (node < 0) continue;
        let best = -1;
        let bestJ = i;
        for (let j = i; ;) {
          if (lexicon.isTerminal(node)) {
            best = node;
            bestJ = j;
          }
          j++;
          const gap = starts[j]! - ends[j - 1]!;
          if (j >= n || ids[j]! < 0 || (gap > MAX_GAP && !blank(text, ends[j - 1]!, starts[j]!))) break;
          node = lexicon.child(node, ids[j]!);
          if (node < 0) break;
        }
        if (best < 0) continue;
        const start = starts[i]!;
        const end = ends[bestJ]!;
        out.push({ start, end, title: text.slice(start, end), node: best, words: bestJ - i + 1 });
        i = bestJ;
      }
      return out;
    },
  };
}
