/**
 * The title matcher's inner loop in WebAssembly (#3): same tokens, lookups and trie walk as
 * createMatcher in matcher.ts, compiled from lib/detect/wasm/assembly/matcher.ts. Text goes into
 * linear memory as UTF-8 with TextEncoder.encodeInto (native, a copy for ASCII); the module keeps
 * UTF-16 offsets as it reads, so matches come back as offsets in the original string.
 */
import { ASCII, foldWide, foldWideCode, MAX_TOKEN } from './tokens';
import type { Lexicon } from './lexicon';
import { createMatcher, type TextMatch, type TitleMatcher } from './matcher';

interface Exports {
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
  setBuffers(text: number, at: number, cap: number): void;
  unpackFixed(src: number, count: number, dst: number): void;
  find(bytes: number): number;
}

/** Longest text (UTF-16 units) the module takes; longer ones, rare, go to the JS matcher. */
export const WASM_MAX_TEXT = 1 << 16;
const PAGE = 65536;
const align = (n: number) => (n + 15) & ~15;

export function createWasmMatcher(lexicon: Lexicon, module: WebAssembly.Module): TitleMatcher {
  const fallback = createMatcher(lexicon);
  const core = lexicon.rootChild.buffer as ArrayBuffer;
  const nodes = lexicon.childStart.length;
  const cap = WASM_MAX_TEXT;
  let memory: WebAssembly.Memory | undefined;
  const imports = {
    env: { memory: undefined as unknown as WebAssembly.Memory },
    matcher: {
      fold: foldWideCode,
      multi(c: number, ptr: number): number {
        const s = foldWide(c) ?? '';
        const out = new Uint16Array(memory!.buffer, ptr, MAX_TOKEN);
        for (let k = 0; k < s.length && k < MAX_TOKEN; k++) out[k] = s.charCodeAt(k);
        return Math.min(s.length, MAX_TOKEN);
      },
    },
  };
  // Layout: fixed areas, the lexicon's core array, childStart as i32, then the per-call text and arrays.
  const fixedEnd = 327936;
  const lex = align(fixedEnd);
  const childStart = align(lex + core.byteLength);
  const textAt = align(childStart + nodes * 4);
  const textBytes = Math.max(cap * 3, lexicon.childStart.s.length);
  const arrays = align(textAt + textBytes);
  const end = arrays + cap * 12 + cap * 16;
  memory = new WebAssembly.Memory({ initial: Math.ceil(end / PAGE) });
  imports.env.memory = memory;
  const instance = new WebAssembly.Instance(module, imports);
  const x = instance.exports as unknown as Exports;
  if (Number(x.FIXED_END.value) > fixedEnd) throw new Error('wasm matcher layout');
  const bytes = new Uint8Array(memory.buffer);
  const i32 = new Int32Array(memory.buffer);
  for (let c = 0; c < 128; c++) i32[(65536 >> 2) + c] = ASCII[c]! + 8;
  bytes.set(new Uint8Array(core), lex);
  const encoder = new TextEncoder();
  encoder.encodeInto(lexicon.childStart.s, bytes.subarray(textAt));
  x.unpackFixed(textAt, nodes, childStart);
  const at = (v: ArrayBufferView) => lex + v.byteOffset;
  const buf = new Uint16Array([97, 110, 100]);
  x.setLexicon(
    at(lexicon.words.slots),
    lexicon.words.mask,
    at(lexicon.words.pool),
    at(lexicon.rootChild),
    at(lexicon.edgeFilter),
    Math.clz32(lexicon.edgeFilter.length) - 4,
    at(lexicon.terminalBits),
    at(lexicon.edgeTok),
    lexicon.edgeTok instanceof Int32Array ? 1 : 0,
    childStart,
    lexicon.wordId(buf, 3),
  );
  x.setBuffers(textAt, arrays, cap);
  const textView = bytes.subarray(textAt, textAt + textBytes);
  const outAt = (arrays + cap * 12) >> 2;
  return {
    lexicon,
    // spike: raw
    raw(text: string): number {
      const { written } = encoder.encodeInto(text, textView);
      return x.find(written);
    },
    find(text: string): TextMatch[] {
      if (text.length > cap) return fallback.find(text);
      const { written } = encoder.encodeInto(text, textView);
      const m = x.find(written);
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
