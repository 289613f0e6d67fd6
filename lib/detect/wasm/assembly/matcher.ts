/**
 * AssemblyScript source of the matcher's inner loop: tokenizer, word lookup and trie walk
 * of lib/detect/matcher.ts over UTF-8 text in linear memory. Compiled by `npm run build:wasm`
 * (scripts/build-wasm.ts) into lib/detect/wasm/matcher-wasm.ts, which is committed; a unit test
 * checks that it is up to date.
 * Raw loads and stores only: no managed objects, so the stub runtime allocates nothing.
 *
 * Memory (byte addresses chosen by the JS side, see lib/detect/wasm-matcher.ts wasmLayout):
 * - the lexicon's core array, decoded there from the message's hex by new Lexicon (lexicon.ts);
 * - FOLD: i32 × 65536, per UTF-16 code unit its fold + 8 (tokens.ts foldWideCode), 0 = not
 *   asked yet (then the `fold` import answers and the answer is kept); BUF and MULTI_BUF, 64 u16
 *   each: the current token's folded chars, a ligature's chars;
 * - childStart's packFixed digits (packing.ts), copied as they are and read in place;
 * - per call: the text as UTF-8, then per token its start, end (UTF-16 offsets) and word id
 *   (with the GAP flag); the matches go out as (start, end, node, words).
 */

// Imports from JS (module "matcher", this file's name): the fold of a non-ASCII code unit (foldWideCode), and the chars
// of a ligature written at `ptr` as u16 (returns how many).
declare function fold(c: i32): i32;
declare function multi(c: i32, ptr: usize): i32;

const SEP: i32 = -1;
const JOIN: i32 = -2;
const AMP: i32 = -3;
const MULTI: i32 = -4;
const MAX_TOKEN: i32 = 48;
const MAX_GAP: i32 = 3;
// FNV-1a as lib/text/fnv.ts computes it (AssemblyScript can't import it): a word's hash here must
// equal the lexicon's.
const FNV_OFFSET: i32 = 0x811c9dc5;
const FNV_PRIME: i32 = 0x01000193;
/**
 * Set on a token's word id when the gap before it is more than MAX_GAP chars of anything but white
 * space (matcher.ts blank): no title goes on across it. The id stays -1 for unknown words, and
 * any flagged id is negative, so the walk's one `tok < 0` test stops at both.
 */
const GAP: i32 = 1 << 31;

let FOLD: usize = 0;
let BUF: usize = 0;
let MULTI_BUF: usize = 0;
let slots: usize = 0;
let mask: i32 = 0;
let pool: usize = 0;
let rootChild: usize = 0;
let filter: usize = 0;
let shift: i32 = 0;
let terminal: usize = 0;
let edgeTok: usize = 0;
let wideTok: i32 = 0;
/** childStart's digits: value i at childStart + i × width (packFixed, after its width char). */
let childStart: usize = 0;
let width: i32 = 0;
let andId: i32 = -1;
let text: usize = 0;
let S: usize = 0;
let E: usize = 0;
let I: usize = 0;
let OUT: usize = 0;

export function setLexicon(
  slotsAt: usize,
  slotMask: i32,
  poolAt: usize,
  rootAt: usize,
  filterAt: usize,
  filterShift: i32,
  terminalAt: usize,
  edgeTokAt: usize,
  wide: i32,
  childStartAt: usize,
  and: i32,
  foldAt: usize,
): void {
  slots = slotsAt;
  mask = slotMask;
  pool = poolAt;
  rootChild = rootAt;
  filter = filterAt;
  shift = filterShift;
  terminal = terminalAt;
  edgeTok = edgeTokAt;
  wideTok = wide;
  width = <i32>load<u8>(childStartAt) - 48;
  childStart = childStartAt + 1;
  andId = and;
  FOLD = foldAt;
  BUF = foldAt + 262144;
  MULTI_BUF = BUF + 128;
}

/** Where the per-call arrays live, for texts of up to `cap` UTF-16 code units. */
export function setBuffers(textAt: usize, at: usize, cap: i32): void {
  text = textAt;
  S = at;
  E = S + ((<usize>cap) << 2);
  I = E + ((<usize>cap) << 2);
  OUT = I + ((<usize>cap) << 2);
}

/** Value i of childStart: its fixed-width base-32 digits, read in place (packing.ts FixedInts). */
function childAt(digits: usize, w: i32, i: i32): i32 {
  let p = digits + <usize>(i * w);
  let v = 0;
  for (let q = 0; q < w; q++) v = (v << 5) | ((<i32>load<u8>(p++)) & 31);
  return v;
}

/**
 * Word id of the folded chars BUF[0, len) with FNV hash h, or -1 (lexicon.ts wordIdHashed). Chars
 * are compared four at a time, the last group masked to the word's own chars.
 */
function lookup(len: i32, h: i32): i32 {
  const table = slots;
  const m = mask;
  const chars = pool;
  let slot = h & m;
  for (;;) {
    const v = load<i32>(table + ((<usize>slot) << 3));
    if (v == 0) return -1;
    if ((v & 63) == len) {
      const p = chars + ((<usize>(v >>> 6)) << 1);
      let k = 0;
      // Whole groups of four chars, then the rest masked to its own chars.
      while (k + 4 <= len && load<u64>(p + ((<usize>k) << 1)) == load<u64>(BUF + ((<usize>k) << 1))) k += 4;
      if (k + 4 > len) {
        const rest = len - k;
        if (rest == 0) return load<i32>(table + ((<usize>slot) << 3) + 4);
        const keep = ((<u64>1) << ((<u64>rest) << 4)) - 1;
        if (((load<u64>(p + ((<usize>k) << 1)) ^ load<u64>(BUF + ((<usize>k) << 1))) & keep) == 0)
          return load<i32>(table + ((<usize>slot) << 3) + 4);
      }
    }
    slot = (slot + 1) & m;
  }
  return -1; // (not reached: the table always has empty slots)
}

/** Only white space (≤ 32 or NBSP, C2 A0 in UTF-8) in the bytes [from, to). */
function blank(from: usize, to: usize): bool {
  let k = from;
  while (k < to) {
    const b = load<u8>(k);
    if (b <= 32) k++;
    else if (b == 0xc2 && load<u8>(k + 1) == 0xa0) k += 2;
    else return false;
  }
  return true;
}

/** Roman sequel numbers ii … ix to their digit (tokens.ts finish); returns the new length. */
function roman(len: i32): i32 {
  let code = 0;
  for (let k = 0; k < len; k++) {
    const c = <i32>load<u16>(BUF + ((<usize>k) << 1));
    let d = 0;
    if (c == 105) d = 1;
    else if (c == 118) d = 2;
    else if (c == 120) d = 3;
    else return len;
    code = (code << 2) | d;
  }
  // i=1 v=2 x=3, two bits per letter, first letter highest.
  let digit = 0;
  if (len == 2) {
    if (code == 0b0101)
      digit = 50; // ii
    else if (code == 0b0110)
      digit = 52; // iv
    else if (code == 0b1001)
      digit = 54; // vi
    else if (code == 0b0111) digit = 57; // ix
  } else if (len == 3) {
    if (code == 0b010101)
      digit = 51; // iii
    else if (code == 0b100101) digit = 55; // vii
  } else if (len == 4) {
    if (code == 0b10010101) digit = 56; // viii
  }
  if (digit == 0) return len;
  store<u16>(BUF, <u16>digit);
  return 1;
}

/**
 * Tokens then matches of the UTF-8 text of `n` bytes at `text`. Returns the number of matches
 * written at OUT, or -1 when the text holds U+FFFD (which is also what a lone surrogate becomes in
 * UTF-8: the JS matcher, which sees the code unit itself, must take such a text).
 */
export function find(n: i32): i32 {
  const end = text + <usize>n;
  const folds = FOLD;
  const buf = BUF;
  let p = text; // byte being read
  let d = 0; // bytes - UTF-16 units read so far
  let t = 0; // tokens
  let inTok = false;
  let k = 0;
  let h = FNV_OFFSET;
  let startU = 0;
  let endU = 0;
  let startB: usize = 0;
  let endB: usize = 0;
  let prevEndU = 0;
  let prevEndB: usize = text;
  for (;;) {
    let f = SEP;
    let c = 0;
    let bl = 1;
    if (p < end) {
      const b = <i32>load<u8>(p);
      if (b < 128) {
        f = load<i32>(folds + ((<usize>b) << 2)) - 8;
        if (f >= 0) {
          if (!inTok) {
            inTok = true;
            k = 0;
            h = FNV_OFFSET;
            startU = <i32>(p - text) - d;
            startB = p;
          }
          // The hot loop: ASCII letters and digits of a word.
          for (;;) {
            store<u16>(buf + ((<usize>(k & 63)) << 1), <u16>f);
            k++;
            h = (h ^ f) * FNV_PRIME;
            p++;
            if (p == end) break;
            const x = <i32>load<u8>(p);
            if (x >= 128) break;
            f = load<i32>(folds + ((<usize>x) << 2)) - 8;
            if (f < 0) break;
          }
          endU = <i32>(p - text) - d;
          endB = p;
          continue;
        }
        if (f == JOIN) {
          p++;
          continue;
        }
      } else {
        // One UTF-8 sequence (encodeInto writes only valid ones).
        if (b < 0xe0) {
          c = ((b & 0x1f) << 6) | ((<i32>load<u8>(p + 1)) & 0x3f);
          bl = 2;
        } else if (b < 0xf0) {
          c = ((b & 0x0f) << 12) | (((<i32>load<u8>(p + 1)) & 0x3f) << 6) | ((<i32>load<u8>(p + 2)) & 0x3f);
          bl = 3;
          if (c == 0xfffd) return -1;
        } else {
          // An astral char: two UTF-16 units, each kept as is (foldWide of a surrogate).
          const cp =
            (((b & 0x07) << 18) |
              (((<i32>load<u8>(p + 1)) & 0x3f) << 12) |
              (((<i32>load<u8>(p + 2)) & 0x3f) << 6) |
              ((<i32>load<u8>(p + 3)) & 0x3f)) -
            0x10000;
          if (!inTok) {
            inTok = true;
            k = 0;
            h = FNV_OFFSET;
            startU = <i32>(p - text) - d;
            startB = p;
          }
          const hi = 0xd800 + (cp >> 10);
          const lo = 0xdc00 + (cp & 0x3ff);
          store<u16>(buf + ((<usize>(k & 63)) << 1), <u16>hi);
          k++;
          h = (h ^ hi) * FNV_PRIME;
          store<u16>(buf + ((<usize>(k & 63)) << 1), <u16>lo);
          k++;
          h = (h ^ lo) * FNV_PRIME;
          p += 4;
          d += 2;
          endU = <i32>(p - text) - d;
          endB = p;
          continue;
        }
        let v = load<i32>(folds + ((<usize>c) << 2));
        if (v == 0) {
          v = fold(c) + 8;
          store<i32>(folds + ((<usize>c) << 2), v);
        }
        f = v - 8;
        if (f >= 0 || f == MULTI) {
          if (!inTok) {
            inTok = true;
            k = 0;
            h = FNV_OFFSET;
            startU = <i32>(p - text) - d;
            startB = p;
          }
          if (f >= 0) {
            store<u16>(buf + ((<usize>(k & 63)) << 1), <u16>f);
            k++;
            h = (h ^ f) * FNV_PRIME;
          } else {
            const m = multi(c, MULTI_BUF);
            for (let q = 0; q < m; q++) {
              const x = <i32>load<u16>(MULTI_BUF + ((<usize>q) << 1));
              store<u16>(buf + ((<usize>(k & 63)) << 1), <u16>x);
              k++;
              h = (h ^ x) * FNV_PRIME;
            }
          }
          p += bl;
          d += bl - 1;
          endU = <i32>(p - text) - d;
          endB = p;
          continue;
        }
        if (f == JOIN) {
          p += bl;
          d += bl - 1;
          continue;
        }
      }
    }
    // A separator, `&` or the end of the text: the open token ends.
    if (inTok) {
      inTok = false;
      let id = -1;
      if (k <= MAX_TOKEN) {
        let len = k;
        if (len >= 2 && len <= 4) {
          len = roman(len);
          if (len != k) h = (FNV_OFFSET ^ (<i32>load<u16>(BUF))) * FNV_PRIME;
        }
        id = lookup(len, h);
      }
      const at = (<usize>t) << 2;
      store<i32>(S + at, startU);
      store<i32>(E + at, endU);
      store<i32>(I + at, startU - prevEndU > MAX_GAP && !blank(prevEndB, startB) ? id | GAP : id);
      prevEndU = endU;
      prevEndB = endB;
      t++;
    }
    if (p >= end) break;
    if (f == AMP) {
      // & is the word "and".
      const u = <i32>(p - text) - d;
      const at = (<usize>t) << 2;
      store<i32>(S + at, u);
      store<i32>(E + at, u + 1);
      store<i32>(I + at, u - prevEndU > MAX_GAP && !blank(prevEndB, p) ? andId | GAP : andId);
      prevEndU = u + 1;
      prevEndB = p + 1;
      t++;
    }
    p += bl;
    d += bl - 1;
  }
  return walk(t);
}

/** Leftmost-longest titles over the tokens (matcher.ts find); globals read into locals once. */
function walk(count: i32): i32 {
  const ids = I;
  const roots = rootChild;
  const bits = filter;
  const sh = shift;
  const digits = childStart;
  const w = width;
  const toks = edgeTok;
  const wide = wideTok != 0;
  const term = terminal;
  const out = OUT;
  let m = 0;
  for (let i = 0; i < count; i++) {
    let id = load<i32>(ids + ((<usize>i) << 2));
    if (id == -1) continue;
    id &= ~GAP;
    const root = load<i32>(roots + ((<usize>id) << 2));
    if (root < 0) continue;
    let node = root >> 1;
    let best = (root & 1) != 0 ? node : -1;
    let bestJ = i;
    for (let j = i + 1; j < count; j++) {
      const tok = load<i32>(ids + ((<usize>j) << 2));
      if (tok < 0) break;
      // Most words do not continue a title: the edge filter says so without a search.
      const bit = (<u32>(((node << 16) ^ tok) * 0x9e3779b1)) >>> sh;
      if ((load<i32>(bits + ((<usize>(bit >>> 5)) << 2)) & (1 << (bit & 31))) == 0) break;
      // The child of node by tok: binary search of its edges, sorted by token, without branches
      // on the data (a `select` per step; the steps depend only on how many children there are).
      let base = childAt(digits, w, node);
      let n = childAt(digits, w, node + 1) - base;
      if (wide) {
        while (n > 1) {
          const half = n >> 1;
          base = select<i32>(base + half, base, load<i32>(toks + ((<usize>(base + half)) << 2)) <= tok);
          n -= half;
        }
        node = n > 0 && load<i32>(toks + ((<usize>base) << 2)) == tok ? base + 1 : -1;
      } else {
        while (n > 1) {
          const half = n >> 1;
          base = select<i32>(base + half, base, <i32>load<u16>(toks + ((<usize>(base + half)) << 1)) <= tok);
          n -= half;
        }
        node = n > 0 && <i32>load<u16>(toks + ((<usize>base) << 1)) == tok ? base + 1 : -1;
      }
      if (node < 0) break;
      if ((load<i32>(term + ((<usize>(node >>> 5)) << 2)) & (1 << (node & 31))) != 0) {
        best = node;
        bestJ = j;
      }
    }
    if (best < 0) continue;
    const o = out + ((<usize>m) << 4);
    store<i32>(o, load<i32>(S + ((<usize>i) << 2)));
    store<i32>(o + 4, load<i32>(E + ((<usize>bestJ) << 2)));
    store<i32>(o + 8, best);
    store<i32>(o + 12, bestJ - i + 1);
    m++;
    i = bestJ;
  }
  return m;
}
