/**
 * FNV-1a, 32 bits (http://www.isthe.com/chongo/tech/comp/fnv/#FNV-1a), over UTF-16 code units:
 * the lexicon's word hash and the short ids made from text. Math.imul keeps the product in 32
 * bits, so the hash is the same whether it is kept signed or unsigned between steps.
 * The WebAssembly matcher (lib/detect/wasm/assembly/matcher.ts) has its own copy: AssemblyScript
 * can't import this module, and its word hashes must equal these.
 */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** The hash of a string's code units, unsigned. `basis` other than FNV_OFFSET only for ids already stored. */
export function fnv1a(text: string, basis: number = FNV_OFFSET): number {
  let h = basis;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** The hash of the first `len` codes of `buf`, unsigned: a word hashed without building its string. */
export function fnv1aCodes(buf: Uint16Array, len: number): number {
  let h = FNV_OFFSET;
  for (let k = 0; k < len; k++) h = Math.imul(h ^ buf[k]!, FNV_PRIME);
  return h >>> 0;
}

/** One step: the hash so far, then one more code. */
export const fnvStep = (h: number, code: number): number => Math.imul(h ^ code, FNV_PRIME);
