/**
 * The title matcher's inner loop in WebAssembly, to match at 100 MB/s or more. Same tokens, word
 * lookups and trie walk as the JavaScript matcher (matcher.ts createJsMatcher), compiled from
 * lib/detect/wasm/assembly/matcher.ts (AssemblyScript; bytes in wasm/matcher-wasm.ts).
 *
 * - The lexicon's core array is already in linear memory: new Lexicon decodes it there
 *   (linear-memory.ts). childStart's digits are copied next to it once, and read in place as
 *   the JS matcher reads them from the message.
 * - Text goes into linear memory as UTF-8 (encodeShort in browsers, encodeInto for longer texts in
 *   Node; see SHORT_TEXT). The module counts UTF-16 units as it reads, so matches come back as
 *   offsets in the JS string.
 * - A text with U+FFFD (also what encodeInto makes of a lone surrogate, which the JS matcher sees
 *   as a letter) or longer than WASM_MAX_TEXT goes to the JS matcher instead.
 * - Non-ASCII folds come from tokens.ts (foldWideCode, foldWide), asked once per code unit and kept
 *   in a table in linear memory.
 */
import { ASCII, foldWide, foldWideCode, MAX_TOKEN } from './tokens';
import type { Lexicon } from './lexicon';
import type { TextMatch, TitleMatcher } from './matcher';
import { linearLexicon, WASM_MAX_TEXT } from './linear-memory';
import { MATCHER_WASM } from './wasm/matcher-wasm';

export { WASM_MAX_TEXT };

interface Exports {
  setLexicon(
    slots: number,
    mask: number,
    pool: number,
    rootChild: number,
    filter: number,
    shift: number,
    terminal: number,
    edgeTok: number,
    wide: number,
    childStart: number,
    and: number,
    fold: number,
  ): void;
  setBuffers(text: number, arrays: number, cap: number): void;
  find(bytes: number): number;
}

/**
 * Texts shorter than this are written by encodeShort, longer ones by encodeInto. In a browser the
 * loop wins at every length (Chromium: Blink's encodeInto takes about 3 ms per MB of the bench's
 * text, the loop about 1 ms, and each call costs more); in Node (CLI, benchmarks) encodeInto is
 * native simdutf, 0.6 ms per MB, and wins past short texts.
 */
const SHORT_TEXT = typeof process !== 'undefined' ? 256 : Infinity;

let compiled: WebAssembly.Module | undefined;

/** The module, compiled once per realm (2.7 kB: synchronous compilation is allowed on a page's thread). */
export function matcherModule(): WebAssembly.Module {
  if (!compiled) {
    const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
    const bytes = fromBase64
      ? fromBase64(MATCHER_WASM)
      : Uint8Array.from(atob(MATCHER_WASM), (c) => c.charCodeAt(0));
    compiled = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  }
  return compiled;
}

/**
 * A matcher running in WebAssembly, with `fallback` (the JS matcher over the same lexicon) for the
 * texts it leaves. Throws where WebAssembly can't be compiled or instantiated (a CSP without
 * 'wasm-unsafe-eval', WebAssembly disabled) or the lexicon is not in linear memory: the caller
 * then uses the JS matcher alone.
 */
export function createWasmMatcher(lexicon: Lexicon, fallback: TitleMatcher): TitleMatcher {
  const linear = linearLexicon(lexicon.rootChild.buffer);
  if (!linear) throw new Error('the lexicon is not in linear memory');
  const { memory, layout } = linear;
  const x = new WebAssembly.Instance(matcherModule(), {
    env: { memory },
    matcher: {
      fold: foldWideCode,
      multi(c: number, at: number): number {
        const s = foldWide(c) ?? '';
        const n = Math.min(s.length, MAX_TOKEN);
        const out = new Uint16Array(memory.buffer, at, n);
        for (let k = 0; k < n; k++) out[k] = s.charCodeAt(k);
        return n;
      },
    },
  }).exports as unknown as Exports;
  const bytes = new Uint8Array(memory.buffer);
  const i32 = new Int32Array(memory.buffer);
  const encoder = new TextEncoder();
  if (!linear.ready) {
    for (let c = 0; c < 128; c++) i32[(layout.fold >> 2) + c] = ASCII[c]! + 8;
    encoder.encodeInto(lexicon.childStart.s, bytes.subarray(layout.childStart, layout.text));
    linear.ready = true;
  }
  const and = new Uint16Array([97, 110, 100]);
  x.setLexicon(
    lexicon.words.slots.byteOffset,
    lexicon.words.mask,
    lexicon.words.pool.byteOffset,
    lexicon.rootChild.byteOffset,
    lexicon.edgeFilter.byteOffset,
    Math.clz32(lexicon.edgeFilter.length) - 4, // lexicon.ts edgeShift
    lexicon.terminalBits.byteOffset,
    lexicon.edgeTok.byteOffset,
    lexicon.edgeTok instanceof Int32Array ? 1 : 0,
    layout.childStart,
    lexicon.wordId(and, 3),
    layout.fold,
  );
  x.setBuffers(layout.text, layout.arrays, WASM_MAX_TEXT);
  const textView = bytes.subarray(layout.text, layout.arrays);
  const textAt = layout.text;
  /**
   * UTF-8 of a short text written by a plain loop: in Chromium each encodeInto call goes through
   * Blink's bindings (and returns a new object), which costs more than the matcher itself on the
   * short texts most text nodes are (bench/matcher-browser.ts). Same bytes as encodeInto, lone
   * surrogates as U+FFFD included. Returns the byte count.
   */
  const encodeShort = (text: string): number => {
    let p = textAt;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c < 0x80) bytes[p++] = c;
      else if (c < 0x800) {
        bytes[p++] = 0xc0 | (c >> 6);
        bytes[p++] = 0x80 | (c & 63);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const d = text.charCodeAt(i + 1);
          if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
            const u = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            bytes[p++] = 0xf0 | (u >> 18);
            bytes[p++] = 0x80 | ((u >> 12) & 63);
            bytes[p++] = 0x80 | ((u >> 6) & 63);
            bytes[p++] = 0x80 | (u & 63);
            i++;
            continue;
          }
          c = 0xfffd;
        }
        bytes[p++] = 0xe0 | (c >> 12);
        bytes[p++] = 0x80 | ((c >> 6) & 63);
        bytes[p++] = 0x80 | (c & 63);
      }
    }
    return p - textAt;
  };
  const outAt = (layout.arrays + 12 * WASM_MAX_TEXT) >> 2;
  return {
    lexicon,
    engine: 'wasm',
    find(text: string): TextMatch[] {
      if (text.length > WASM_MAX_TEXT) return fallback.find(text);
      const m = x.find(
        text.length < SHORT_TEXT ? encodeShort(text) : encoder.encodeInto(text, textView).written,
      );
      if (m < 0) return fallback.find(text);
      const out: TextMatch[] = [];
      for (let k = 0, o = outAt; k < m; k++, o += 4) {
        const start = i32[o]!;
        const end = i32[o + 1]!;
        out.push({ start, end, title: text.slice(start, end), node: i32[o + 2]!, words: i32[o + 3]! });
      }
      return out;
    },
  };
}
