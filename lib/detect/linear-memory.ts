/**
 * Where the lexicon's arrays and the WebAssembly matcher's buffers sit in one linear memory:
 * new Lexicon decodes the message's hex core straight into a WebAssembly.Memory, so the
 * matcher (wasm-matcher.ts) reads the same bytes the JavaScript matcher does, without a second
 * copy (on this machine, first writes to fresh pages cost more than the copy itself: about 3 ms
 * for the 36k-title core). The memory is reserved once, at its full size, and never grown:
 * growing would detach the buffer under the lexicon's typed-array views. Pages never written
 * (most of the per-call area, most of the fold table) are never committed by the OS.
 */

/** Longest text (UTF-16 units) the WebAssembly matcher takes; longer ones go to the JS matcher. */
export const WASM_MAX_TEXT = 1 << 15;
/** Per UTF-16 unit of the per-call area: UTF-8 text (≤ 3 bytes), token start, end, id, match (4 i32). */
const PER_UNIT = 3 + 12 + 16;
/** The fold table (i32 per UTF-16 code unit), then the current token's chars and a ligature's (64 u16 each). */
const FOLD_BYTES = 65536 * 4 + 128 + 128;
const PAGE = 65536;
const align = (n: number) => (n + 15) & ~15;

export interface WasmLayout {
  /** The fold table and its two small buffers. */
  fold: number;
  /** childStart's packFixed digits, copied as they are. */
  childStart: number;
  /** Per call: the UTF-8 text, then the token and match arrays. */
  text: number;
  arrays: number;
  end: number;
}

export function wasmLayout(coreBytes: number, childStartChars: number): WasmLayout {
  const fold = align(coreBytes);
  const childStart = fold + FOLD_BYTES;
  const text = align(childStart + childStartChars);
  const arrays = align(text + 3 * WASM_MAX_TEXT);
  return { fold, childStart, text, arrays, end: arrays + (PER_UNIT - 3) * WASM_MAX_TEXT };
}

export interface LinearLexicon {
  memory: WebAssembly.Memory;
  layout: WasmLayout;
  /** Set by the first matcher: ASCII folds and childStart's digits are in place. */
  ready?: boolean;
}

const linear = new WeakMap<ArrayBufferLike, LinearLexicon>();

/**
 * Room for a lexicon's core array (`coreBytes`) at the start of a new linear memory sized for the
 * matcher too, or undefined where WebAssembly is missing or refuses (then the lexicon decodes into
 * a plain ArrayBuffer and the JS matcher runs).
 */
export function linearCore(coreBytes: number, childStartChars: number): Uint8Array | undefined {
  try {
    if (typeof WebAssembly === 'undefined') return undefined;
    const layout = wasmLayout(coreBytes, childStartChars);
    const memory = new WebAssembly.Memory({ initial: Math.ceil(layout.end / PAGE) });
    linear.set(memory.buffer, { memory, layout });
    return new Uint8Array(memory.buffer, 0, coreBytes);
  } catch {
    return undefined;
  }
}

/** The linear memory a lexicon's core was decoded into (any of its views' buffer), if any. */
export const linearLexicon = (buffer: ArrayBufferLike): LinearLexicon | undefined => linear.get(buffer);
