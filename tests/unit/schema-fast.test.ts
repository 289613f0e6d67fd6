import { describe, expect, it } from 'vitest';
import { isPlainValidEntry, validateEntry, validateEntrySlow } from '../../lib/index/schema';

/** Deterministic pseudo-random numbers, so a disagreement can be replayed. */
function random(seed: number) {
  return () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return seed / 2 ** 32;
  };
}

const full = {
  id: 'ballerina-2025',
  title: 'Ballerina',
  aliases: ['From the World of John Wick: Ballerina'],
  year: 2025,
  rating: { value: 3.5, scale: 5 },
  verdict: 'A fierce yet emotional ride.',
  plot: 'An assassin trains.',
  cast: [{ actor: 'Ana de Armas', role: 'Eve' }, { actor: 'Keanu Reeves' }],
  directors: ['Len Wiseman'],
  crew: [{ name: 'Shay Hatten', job: 'Writer' }],
  review: 'Long review.',
  conclusion: 'Worth it.',
  source: { name: 'Indori Nerd', url: 'https://example.org/ballerina' },
  published: '2025-06-06',
  ids: { imdb: 'tt7181546', tmdb: '541671', wikidata: 'Q56887178', letterboxd: 'ballerina-2025' },
  votes: 120_345,
  runtime: 125,
  genres: ['Action', 'Thriller'],
};
const minimal = { id: 'heat', title: 'Heat', source: { name: 'S' } };

/** Values near every rule's edges: types, whitespace, lengths, patterns, numbers. */
const values: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1,
  1.5,
  5,
  100,
  101,
  1869,
  1870,
  2100,
  2101,
  1999.5,
  100_000,
  100_001,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  '',
  ' ',
  'x',
  ' x',
  'x ',
  '\u00a0x',
  'x\n',
  'a'.repeat(100),
  'a'.repeat(101),
  'a'.repeat(200),
  'a'.repeat(201),
  'a'.repeat(300),
  'a'.repeat(301),
  'a'.repeat(2000),
  'a'.repeat(2001),
  'tt1234567',
  'tt123',
  '12345',
  'Q42',
  'q42',
  'ok-slug',
  'Bad Slug',
  'id.with:all_ok-chars',
  'id with space',
  '2025-06-06',
  '2025-06-06T10:00:00Z',
  '6 June 2025',
  'https://example.org/x',
  'not a url',
  'https://' + 'a'.repeat(2000) + '.org',
  [],
  ['x'],
  [' x'],
  [''],
  [1],
  Array.from({ length: 20 }, (_, i) => `Genre ${i}`),
  Array.from({ length: 21 }, (_, i) => `Genre ${i}`),
  ['g'.repeat(50)],
  ['g'.repeat(51)],
  {},
  { actor: 'A' },
  { actor: 'A', role: ' r' },
  { actor: 'A', extra: 1 },
  { name: 'N', job: 'J' },
  { name: 'N', job: 'j'.repeat(100) },
  { name: 'N', job: 'j'.repeat(101) },
  { name: 'n'.repeat(200), job: 'J' },
  { name: 'n'.repeat(201), job: 'J' },
  { actor: 'a'.repeat(200), role: 'r'.repeat(200) },
  { actor: 'a'.repeat(201) },
  { actor: 'A', role: 'r'.repeat(201) },
  { actor: 'A', role: '' },
  { name: 'N', job: ' J' },
  { value: 3, scale: 5 },
  { value: 6, scale: 5 },
  { value: -1, scale: 5 },
  { value: 1, scale: 0.5 },
  { value: 1, scale: 5, extra: true },
  { name: 'Src' },
  { name: 'Src', url: 'nope' },
  { imdb: 'tt1234567' },
  { imdb: 'tt1' },
  { letterboxd: 'x', other: 'y' },
  [{ actor: 'A' }, { actor: ' B' }],
  [
    { name: 'N', job: 'J' },
    { name: '', job: 'J' },
  ],
];
const keys = [...Object.keys(full), 'unknown'];
const arrays = new Set(['aliases', 'cast', 'directors', 'crew', 'genres']);
const nested: Record<string, string[]> = {
  rating: ['value', 'scale', 'x'],
  source: ['name', 'url', 'x'],
  ids: ['imdb', 'tmdb', 'wikidata', 'letterboxd', 'x'],
};

function mutate(base: Record<string, unknown>, rand: () => number): Record<string, unknown> {
  const e = structuredClone(base);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  for (let m = 1 + Math.floor(rand() * 3); m > 0; m--) {
    const key = pick(keys);
    const r = rand();
    if (r < 0.15) Reflect.deleteProperty(e, key);
    else if (r < 0.35 && nested[key] && typeof e[key] === 'object' && e[key] !== null) {
      const inner = e[key] as Record<string, unknown>;
      const k = pick(nested[key]);
      if (rand() < 0.2) Reflect.deleteProperty(inner, k);
      else inner[k] = structuredClone(pick(values));
    } else if (r < 0.55 && arrays.has(key) && Array.isArray(e[key])) {
      // One item of an array replaced or added: the item rules, not only the array's type.
      const list = e[key] as unknown[];
      list[Math.floor(rand() * (list.length + 1))] = structuredClone(pick(values));
    } else e[key] = structuredClone(pick(values));
  }
  return e;
}

const RUNS = 8_000;

describe('the validation fast path', () => {
  it('agrees with valibot on 8,000 mutated entries: same verdict, same output, same messages', () => {
    const rand = random(0x5eed);
    let fast = 0;
    let rejected = 0;
    for (let i = 0; i < RUNS; i++) {
      const input = mutate(i % 2 ? full : minimal, rand);
      const before = structuredClone(input);
      const got = validateEntry(input);
      const want = validateEntrySlow(input);
      expect(got, JSON.stringify(input)).toStrictEqual(want);
      // Never changes the caller's object.
      expect(input).toStrictEqual(before);
      if (isPlainValidEntry(input)) fast++;
      if (!want.ok) rejected++;
    }
    // Both paths were exercised, and many rejections compared.
    expect(fast).toBeGreaterThan(RUNS / 10);
    expect(rejected).toBeGreaterThan(RUNS / 10);
    expect(RUNS - fast - rejected).toBeGreaterThan(RUNS / 40); // accepted by valibot only (trim, strip)
    // A generous limit: the full suite shares two cores with other work.
  }, 60_000);

  it('takes the fast path for clean entries and leaves trimming and stripping to valibot', () => {
    expect(isPlainValidEntry(full)).toBe(true);
    expect(isPlainValidEntry(minimal)).toBe(true);
    expect(isPlainValidEntry({ ...minimal, title: ' Heat' })).toBe(false);
    expect(isPlainValidEntry({ ...minimal, note: 'x' })).toBe(false);
    const trimmed = validateEntry({ ...minimal, title: ' Heat ', note: 'x' });
    expect(trimmed).toStrictEqual({
      ok: true,
      entry: { ...minimal, aliases: [], cast: [], directors: [], crew: [] },
    });
  });
});
