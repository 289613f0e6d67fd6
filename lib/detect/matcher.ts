/**
 * Finds every title of the lexicon in a string in one pass over its words: each word is folded
 * and looked up once in the lexicon's hash table (no string built for it), then the token trie is
 * walked from that word for the longest title starting there (leftmost-longest, no overlaps).
 * Cost grows with the text, not with the number of titles. Matches map back to offsets in the
 * original string, whatever diacritics, quotes or dashes it was written with.
 */
import { MAX_TOKEN, scanTokens } from './tokens';
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

export function createMatcher(lexicon: Lexicon): TitleMatcher {
  const buf = new Uint16Array(MAX_TOKEN);
  // Reused per call: token starts, ends and word ids of the current text.
  let starts = new Int32Array(256);
  let ends = new Int32Array(256);
  let ids = new Int32Array(256);
  let n = 0;
  const emit = (s: number, e: number, len: number) => {
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
    ids[n] = lexicon.wordId(buf, len);
    n++;
  };
  return {
    lexicon,
    find(text) {
      n = 0;
      scanTokens(text, buf, emit);
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
          if (j >= n || ids[j]! < 0 || starts[j]! - ends[j - 1]! > MAX_GAP) break;
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
