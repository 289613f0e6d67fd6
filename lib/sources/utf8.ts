/**
 * UTF-8 to strings a piece at a time, for the index body. The native TextDecoder would
 * do, but in Chromium every string it returns is backed by memory outside V8's heap that is freed
 * only when V8 gets round to a full GC: decoding the 17 MB bench index in 16 kB pieces grew the
 * service worker's process by ~25 MB more than the same pieces made by String.fromCharCode, which
 * live on V8's heap and die young. So valid UTF-8 (nearly always: ASCII with a few accented or
 * non-Latin titles) is decoded here, and a piece with anything invalid in it goes to TextDecoder,
 * whose replacement characters are the reference. Pieces are cut only before a character's first
 * byte, so each decodes on its own; the output equals TextDecoder's over the whole stream
 * (utf8.test.ts), a leading byte-order mark dropped as TextDecoder drops it.
 */

const fallback = new TextDecoder('utf-8', { ignoreBOM: true });

/** Bytes a character starting with `lead` takes; 0 for a byte no character starts with. */
function seqLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * `end`, or earlier if a character starting before it ends after it: the start of that character.
 * A byte no character starts with is left where it is (TextDecoder replaces it either way).
 */
function safeEnd(bytes: Uint8Array, at: number, end: number): number {
  let j = end - 1;
  while (j > at && j >= end - 3 && (bytes[j]! & 0xc0) === 0x80) j--;
  const lead = bytes[j]!;
  return lead >= 0xc0 && j + seqLength(lead) > end ? j : end;
}

export class Utf8Pieces {
  private units: Uint16Array;
  private started = false;
  /** The first bytes of a character cut by the end of the previous chunk. */
  private carry?: Uint8Array;

  /** `piece`: bytes per string, at least 4 (a whole character). */
  constructor(private readonly piece = 16 * 1024) {
    this.units = new Uint16Array(piece + 8);
  }

  /** The strings of `chunk`, at most `piece` bytes each (the next chunk completes a cut character). */
  *decode(chunk: Uint8Array): Generator<string, void, undefined> {
    let at = 0;
    if (this.carry) {
      // The cut character: its first bytes, and its continuation bytes from this chunk.
      const need = seqLength(this.carry[0]!) - this.carry.length;
      let k = 0;
      while (k < need && k < chunk.length && (chunk[k]! & 0xc0) === 0x80) k++;
      if (k < need && k === chunk.length) {
        // Still not whole (a tiny chunk): wait for more.
        const longer = new Uint8Array(this.carry.length + k);
        longer.set(this.carry);
        longer.set(chunk, this.carry.length);
        this.carry = longer;
        return;
      }
      const joined = new Uint8Array(this.carry.length + k);
      joined.set(this.carry);
      joined.set(chunk.subarray(0, k), this.carry.length);
      this.carry = undefined;
      at = k;
      yield this.decodePiece(joined);
    }
    while (at < chunk.length) {
      const end = safeEnd(chunk, at, Math.min(chunk.length, at + this.piece));
      if (end === at) {
        // The chunk ends inside a character: keep its first bytes for the next chunk.
        this.carry = chunk.slice(at);
        return;
      }
      yield this.decodePiece(chunk.subarray(at, end));
      at = end;
    }
  }

  /** After the last chunk: a character cut at the very end decodes as TextDecoder would. */
  end(): string {
    const carry = this.carry;
    this.carry = undefined;
    return carry ? fallback.decode(carry) : '';
  }

  private decodePiece(bytes: Uint8Array): string {
    const n = bytes.length;
    if (!this.started) {
      this.started = true;
      if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
        return this.decodePiece(bytes.subarray(3));
    }
    const out = this.units.length >= n ? this.units : (this.units = new Uint16Array(n));
    let k = 0;
    for (let i = 0; i < n;) {
      const b0 = bytes[i]!;
      if (b0 < 0x80) {
        out[k++] = b0;
        i++;
        continue;
      }
      const len = seqLength(b0);
      if (len === 0 || i + len > n) return fallback.decode(bytes);
      const b1 = bytes[i + 1]!;
      if ((b1 & 0xc0) !== 0x80) return fallback.decode(bytes);
      if (len === 2) {
        out[k++] = ((b0 & 0x1f) << 6) | (b1 & 0x3f);
      } else {
        const b2 = bytes[i + 2]!;
        if ((b2 & 0xc0) !== 0x80) return fallback.decode(bytes);
        if (len === 3) {
          // Overlong forms and surrogates are invalid.
          if ((b0 === 0xe0 && b1 < 0xa0) || (b0 === 0xed && b1 > 0x9f)) return fallback.decode(bytes);
          out[k++] = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
        } else {
          const b3 = bytes[i + 3]!;
          if ((b3 & 0xc0) !== 0x80) return fallback.decode(bytes);
          if ((b0 === 0xf0 && b1 < 0x90) || (b0 === 0xf4 && b1 > 0x8f)) return fallback.decode(bytes);
          const cp = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
          out[k++] = 0xd800 + ((cp - 0x10000) >> 10);
          out[k++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        }
      }
      i += len;
    }
    return String.fromCharCode.apply(null, out.subarray(0, k) as unknown as number[]);
  }
}
