import { describe, expect, it } from 'vitest';
import { Utf8Pieces } from '../../lib/sources/utf8';

function random(seed: number) {
  return () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return seed / 2 ** 32;
  };
}

/** Decode `bytes` cut into chunks at `cuts`, pieces of `piece` bytes. */
function decode(bytes: Uint8Array, cuts: number[], piece: number): string {
  const d = new Utf8Pieces(piece);
  const out: string[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    for (const s of d.decode(bytes.subarray(at, cut))) out.push(s);
    at = cut;
  }
  out.push(d.end());
  return out.join('');
}

const enc = new TextEncoder();
const samples = [
  'plain ASCII {"id":"heat-1995","title":"Heat"}',
  'Amélie, Ōkami, 東京物語, Ленин, 🎬🍿 and a combining é',
  '\uFEFFa byte-order mark first',
  '',
];

/** Valid text, and bytes with every kind of invalid UTF-8 mixed in. */
function randomBytes(rand: () => number, n: number): Uint8Array {
  const parts: number[] = [];
  const pool = [
    ...enc.encode('aZ{}[],:" é東🎬Ω'),
    0x80, // stray continuation
    0xc0, // overlong lead
    0xc3, // lead without its continuation
    0xe0,
    0x80, // overlong 3-byte
    0xed,
    0xa0,
    0x80, // surrogate
    0xf4,
    0x90, // above U+10FFFF
    0xf8, // never a lead
    0xef,
    0xbb,
    0xbf, // a BOM's bytes
  ];
  while (parts.length < n) {
    if (rand() < 0.7) parts.push(...enc.encode(['x', 'é', '東', '🎬', ' '][Math.floor(rand() * 5)]!));
    else parts.push(pool[Math.floor(rand() * pool.length)]!);
  }
  return Uint8Array.from(parts);
}

describe('Utf8Pieces', () => {
  it('equals TextDecoder over the whole stream, however it is cut into chunks and pieces', () => {
    const rand = random(42);
    const inputs = [
      ...samples.map((s) => enc.encode(s)),
      ...Array.from({ length: 300 }, (_, i) => randomBytes(rand, 1 + (i % 60))),
    ];
    for (const bytes of inputs) {
      const want = new TextDecoder('utf-8').decode(bytes);
      for (const piece of [4, 5, 7, 16]) {
        const cuts = Array.from({ length: Math.floor(rand() * 6) }, () =>
          Math.floor(rand() * bytes.length),
        ).sort((a, b) => a - b);
        expect(decode(bytes, cuts, piece), `${[...bytes].join(',')} cut ${cuts.join(',')}`).toBe(want);
      }
      // One byte at a time.
      expect(
        decode(
          bytes,
          Array.from({ length: bytes.length }, (_, i) => i),
          4,
        ),
      ).toBe(want);
    }
  });

  it('cuts strings of at most `piece` bytes, never inside a character', () => {
    const bytes = enc.encode('東'.repeat(100));
    const d = new Utf8Pieces(16);
    const strings = [...d.decode(bytes)];
    expect(strings.join('')).toBe('東'.repeat(100));
    for (const s of strings) expect(enc.encode(s).length).toBeLessThanOrEqual(16);
  });
});
