/**
 * The title matcher's inner loop in WebAssembly (#3: matcher ≥ 100 MB/s). Same tokens, word
 * lookups and trie walk as the JavaScript matcher (matcher.ts createJsMatcher), compiled from
 * lib/detect/wasm/assembly/matcher.ts (AssemblyScript; bytes in wasm/matcher-wasm.ts).
 *
 * - Text goes into linear memory as UTF-8 with TextEncoder.encodeInto: native, and for ASCII a
 *   plain copy (about 0.6 ms per MB here, against 2–3 ms for a charCodeAt loop into UTF-16). The
 *   module counts UTF-16 units as it reads, so matches come back as offsets in the JS string.
 * - A text with U+FFFD (also what encodeInto makes of a lone surrogate, which the JS matcher sees
 *   as a letter) or longer than WASM_MAX_TEXT goes to the JS matcher instead.
 * - The lexicon's core array is copied into linear memory once (its views keep their offsets),
 *   and childStart, read in place from the message by the JS matcher, is decoded to i32 there.
 * - Non-ASCII folds come from tokens.ts (foldWideCode, foldWide), asked once per code unit and kept
 *   in a table in linear memory.
 */
import { ASCII, foldWide, foldWideCode, MAX_TOKEN } from './tokens';
import { edgeShift, type Lexicon } from './lexicon';
import type { TextMatch, TitleMatcher } from './matcher';
import { MATCHER_WASM } from './wasm/matcher-wasm';

interface Exports {
  FOLD: WebAssembly.Global;
  FIXED_END: WebAssembly.Global;
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
  ): void;
  setBuffers(text: number, arrays: number, cap: number): void;
  unpackFixed(src: number, count: number, dst: number): void;
  find(bytes: number): number;
}

/**
 * Longest text (UTF-16 units) the module takes. Linear memory never shrinks, so the per-call
 * arrays (31 bytes a unit) stop growing here; a longer text node, which real pages hardly have,
 * goes to the JS matcher, which lets its arrays go after it.
 */
export const WASM_MAX_TEXT = 1 << 16;
/** Per UTF-16 unit of capacity: UTF-8 text (≤ 3 bytes), token start, end, id (i32), match (4 × i32). */
const PER_UNIT = 3 + 12 + 16;
const PAGE = 65536;
const align = (n: number) => (n + 15) & ~15;

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
 * 'wasm-unsafe-eval', WebAssembly disabled): the caller then uses the JS matcher alone.
 */
export function createWasmMatcher(lexicon: Lexicon, fallback: TitleMatcher): TitleMatcher {
  const module = matcherModule();
  const core = lexicon.rootChild.buffer as ArrayBuffer;
  const nodes = lexicon.childStart.length;
  const packedChildStart = lexicon.childStart.s;
  // Linear memory is sized once the module says where its fixed areas end (it needs none to start).
  const memory = new WebAssembly.Memory({ initial: 0 });
  let bytes = new Uint8Array(0);
  const x = new WebAssembly.Instance(module, {
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
  // Layout: the module's fixed areas, the core array, childStart as i32, then the per-call area
  // (which first holds childStart's digits for the module to decode).
  const fold = Number(x.FOLD.value);
  const lexAt = align(Number(x.FIXED_END.value));
  const childStartAt = align(lexAt + core.byteLength);
  const textAt = align(childStartAt + nodes * 4);
  let cap = 0;
  memory.grow(Math.ceil((textAt + Math.max(packedChildStart.length, 4096 * PER_UNIT)) / PAGE));
  bytes = new Uint8Array(memory.buffer);
  let i32 = new Int32Array(memory.buffer);
  for (let c = 0; c < 128; c++) i32[(fold >> 2) + c] = ASCII[c]! + 8;
  bytes.set(new Uint8Array(core), lexAt);
  const encoder = new TextEncoder();
  encoder.encodeInto(packedChildStart, bytes.subarray(textAt));
  x.unpackFixed(textAt, nodes, childStartAt);
  const at = (v: ArrayBufferView) => lexAt + v.byteOffset;
  const and = new Uint16Array([97, 110, 100]);
  x.setLexicon(
    at(lexicon.words.slots),
    lexicon.words.mask,
    at(lexicon.words.pool),
    at(lexicon.rootChild),
    at(lexicon.edgeFilter),
    edgeShift(lexicon.edgeFilter),
    at(lexicon.terminalBits),
    at(lexicon.edgeTok),
    lexicon.edgeTok instanceof Int32Array ? 1 : 0,
    childStartAt,
    lexicon.wordId(and, 3),
  );
  let textView = bytes;
  let outAt = 0;
  /** Room for a text of `len` units: the per-call area grows (by powers of two) up to WASM_MAX_TEXT. */
  const reserve = (len: number) => {
    let size = Math.max(cap, 4096);
    while (size < len) size *= 2;
    const need = textAt + size * PER_UNIT;
    if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    cap = size;
    bytes = new Uint8Array(memory.buffer);
    i32 = new Int32Array(memory.buffer);
    textView = bytes.subarray(textAt, textAt + 3 * cap);
    const arrays = align(textAt + 3 * cap);
    outAt = (arrays + 12 * cap) >> 2;
    x.setBuffers(textAt, arrays, cap);
  };
  reserve(0);
  return {
    lexicon,
    engine: 'wasm',
    find(text: string): TextMatch[] {
      const len = text.length;
      if (len > cap) {
        if (len > WASM_MAX_TEXT) return fallback.find(text);
        reserve(len);
      }
      const m = x.find(encoder.encodeInto(text, textView).written);
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
