/**
 * Plain-ASCII packings for the lexicon message (docs/lexicon-format.md).
 *
 * Chrome serialises extension messages as JSON. V8 parses a one-byte JSON string without escapes
 * as a copy, but a single char above U+00FF anywhere makes the whole message two-byte. So the
 * lexicon's text travels escaped to printable ASCII that JSON never escapes, and the integers the
 * matcher does not need on every word travel as fixed-width base-32 digits, read in place.
 */

/** Escape char of escapeAscii: "`" followed by four hex digits is one UTF-16 code unit. */
const ESC = '`';
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x5f\x61-\x7e]/g;
const ESCAPED = /`([0-9a-f]{4})/g;

/**
 * The string with every code unit outside printable ASCII, and `"`, `\` and "`", written as "`hhhh".
 * Lone surrogates and astral chars survive: each code unit is escaped on its own.
 */
export function escapeAscii(s: string): string {
  return s.replace(NEEDS_ESCAPE, (c) => ESC + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function unescapeAscii(s: string): string {
  return s.includes(ESC) ? s.replace(ESCAPED, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** Base-32 digits are the chars 0x60–0x7f: no `"` or `\\`, so JSON carries them unescaped. */
const LAST = 0x60;

/**
 * Non-negative integers as fixed-width base-32 digits (chars 0x60–0x7f, most significant first),
 * so that value i is read in place at char i × width, with no decode on load. The first char
 * of the string is the width ('1'–'7').
 */
export function packFixed(values: ArrayLike<number>): string {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 0x7fffffff && Number.isInteger(v))) throw new RangeError(`cannot pack ${v}`);
    if (v > max) max = v;
  }
  let width = 1;
  while (width < 7 && max >= 2 ** (5 * width)) width++;
  const out: string[] = [String(width)];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let s = '';
    for (let d = width - 1; d >= 0; d--) s += String.fromCharCode(LAST + (Math.floor(v / 2 ** (5 * d)) & 31));
    out.push(s);
  }
  return out.join('');
}

/** Reads a packFixed string in place. */
export class FixedInts {
  readonly width: number;
  readonly length: number;
  constructor(readonly s: string) {
    this.width = s ? s.charCodeAt(0) - 48 : 1;
    this.length = s ? (s.length - 1) / this.width : 0;
  }

  get(i: number): number {
    const s = this.s;
    let p = 1 + i * this.width;
    const end = p + this.width;
    let v = 0;
    while (p < end) v = v * 32 + (s.charCodeAt(p++) & 31);
    return v;
  }
}
