import { describe, expect, it } from 'vitest';
import { buildSearchIndex, editDistance, linearSearch, type SearchDoc } from '@/lib/search';

const docs: SearchDoc[] = [
  { ref: 'a/1', title: 'The Godfather', year: 1972, rating: { value: 5, scale: 5 }, verdict: 'An offer.' },
  { ref: 'a/2', title: 'The Godfather Part II', year: 1974 },
  { ref: 'a/3', title: 'Ballerina', year: 2025, aliases: ['From the World of John Wick: Ballerina'] },
  { ref: 'a/4', title: 'Alien', year: 1979 },
  { ref: 'a/5', title: 'Alien: Romulus', year: 2024 },
  { ref: 'a/6', title: 'Amélie', year: 2001 },
  { ref: 'a/7', title: 'Up', year: 2009 },
  { ref: 'a/8', title: 'Pulp Fiction', year: 1994 },
];
const index = buildSearchIndex(docs);
const refs = (q: string) => index.search(q).map((h) => h.ref);

describe('editDistance (optimal string alignment)', () => {
  it('counts substitutions, insertions, deletions and adjacent transpositions as one edit', () => {
    expect(editDistance('godfather', 'godfather')).toBe(0);
    expect(editDistance('godfather', 'godfathr')).toBe(1);
    expect(editDistance('godfather', 'godfatherr')).toBe(1);
    expect(editDistance('godfather', 'godfahter')).toBe(1);
    expect(editDistance('godfather', 'gadfathor')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('gives up past the limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 1)).toBe(2);
  });
});

describe('buildSearchIndex', () => {
  it('finds titles by the prefix being typed', () => {
    expect(refs('godf')).toEqual(['a/1', 'a/2']);
    expect(refs('the godfather p')).toEqual(['a/2']);
    expect(refs('bal')).toEqual(['a/3']);
  });

  it('puts the exact title first, then shorter titles', () => {
    expect(refs('alien')).toEqual(['a/4', 'a/5']);
    expect(refs('alien rom')).toEqual(['a/5']);
  });

  it('tolerates a typo in a whole word and in the word being typed', () => {
    expect(refs('godfahter')).toContain('a/1');
    expect(refs('pulp fcition')).toEqual(['a/8']);
    expect(refs('ballerna')).toEqual(['a/3']);
    expect(refs('godfathr par')).toEqual(['a/2']);
  });

  it('does not allow typos in very short words', () => {
    expect(refs('ip')).toEqual([]);
    expect(refs('up')).toEqual(['a/7']);
  });

  it('folds accents and case, and searches aliases', () => {
    expect(refs('AMELIE')).toEqual(['a/6']);
    expect(refs('john wick')).toEqual(['a/3']);
  });

  it('returns nothing for empty or unmatched queries, and honours the limit', () => {
    expect(refs('')).toEqual([]);
    expect(refs('  !! ')).toEqual([]);
    expect(refs('zzzzzz')).toEqual([]);
    expect(index.search('the', 1)).toHaveLength(1);
  });

  it('returns small hits: title, year, rating, verdict', () => {
    expect(index.search('godfather')[0]).toEqual({
      ref: 'a/1',
      title: 'The Godfather',
      year: 1972,
      rating: { value: 5, scale: 5 },
      verdict: 'An offer.',
    });
  });

  it('leaves no state behind between queries', () => {
    const first = refs('alien');
    refs('godfather');
    refs('the');
    expect(refs('alien')).toEqual(first);
  });

  it('finds what the linear scan finds', () => {
    const many: SearchDoc[] = [];
    const words = ['night', 'day', 'return', 'king', 'shadow', 'river', 'moon', 'city', 'ghost', 'house'];
    for (let i = 0; i < 600; i++) {
      many.push({
        ref: `m/${i}`,
        title: `${words[i % 10]} ${words[(i * 7) % 10]} ${words[(i * 3 + 1) % 10]}`,
        year: 1950 + (i % 70),
      });
    }
    const big = buildSearchIndex(many);
    for (const q of ['nig', 'night ki', 'shadw', 'retrun moon', 'ghost house', 'citx', 'riv', 'hous']) {
      const a = big
        .search(q, 1000)
        .map((h) => h.ref)
        .sort();
      const b = linearSearch(many, q, 1000)
        .map((h) => h.ref)
        .sort();
      expect(a, q).toEqual(b);
      expect(a.length, q).toBeGreaterThan(0);
    }
  });
});
