import { describe, expect, it } from 'vitest';
import {
  IndexValidationError,
  describeRejected,
  makeIndexFile,
  validateEntry,
  validateIndex,
  type Entry,
} from '../../lib/index/schema';

const entry = (over: Partial<Record<keyof Entry, unknown>> = {}) => ({
  id: 'ballerina-2025',
  title: 'Ballerina',
  year: 2025,
  rating: { value: 3.5, scale: 5 },
  verdict: 'A fierce yet emotional ride.',
  source: { name: 'Indori Nerd' },
  ...over,
});

describe('entry schema', () => {
  it('accepts a full entry and fills defaults', () => {
    const r = validateEntry(entry({ ids: { imdb: 'tt7181546', wikidata: 'Q56887178' } }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.entry.aliases).toEqual([]);
      expect(r.entry.cast).toEqual([]);
      expect(r.entry.ids?.imdb).toBe('tt7181546');
    }
  });

  it.each([
    ['rating above its scale', { rating: { value: 7, scale: 5 } }, 'rating 7 is above the scale 5'],
    ['negative rating', { rating: { value: -1, scale: 5 } }, 'rating -1 is below 0'],
    ['empty title', { title: '  ' }, ''],
    ['year as text', { year: '2025' }, ''],
    ['year out of range', { year: 1700 }, 'year is before 1870'],
    ['bad imdb id', { ids: { imdb: '7181546' } }, 'imdb id must look like tt1234567'],
    ['id with spaces', { id: 'two words' }, 'id may hold only'],
    ['missing source', { source: undefined }, ''],
    ['source url not a URL', { source: { name: 'X', url: 'javascript alert' } }, 'source url is not a URL'],
  ])('rejects %s', (_name, over, message) => {
    const r = validateEntry(entry(over));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.message).join(' ')).toContain(message);
  });
});

describe('index validation', () => {
  it('accepts a valid index file', () => {
    const file = makeIndexFile({ name: 'Test' }, [
      validateEntry(entry()).ok ? (entry() as Entry) : (null as never),
    ]);
    const v = validateIndex(JSON.parse(JSON.stringify(file)));
    expect(v.entries).toHaveLength(1);
    expect(v.rejectedCount).toBe(0);
  });

  it('keeps the valid entries of a partly broken index and says what is wrong in words', () => {
    const entries = Array.from({ length: 20 }, (_, i) => entry({ id: `film-${i}` }));
    entries[13] = entry({ id: 'film-13', rating: { value: 7, scale: 5 } });
    const v = validateIndex({ ...makeIndexFile({ name: 'T' }, []), count: 20, entries });
    expect(v.entries).toHaveLength(19);
    expect(v.rejectedCount).toBe(1);
    expect(describeRejected(v.rejected[0]!)).toBe('entry 14: rating 7 is above the scale 5');
  });

  it.each([
    ['not an object', [1, 2], /expected a JSON object/],
    [
      'wrong format',
      { ...makeIndexFile({ name: 'T' }, []), format: 'other' },
      /format must be "marquee-index"/,
    ],
    ['future version', { ...makeIndexFile({ name: 'T' }, []), version: 2 }, /format version must be 1/],
    ['no entries', { ...makeIndexFile({ name: 'T' }, []), entries: undefined }, /no "entries" array/],
    ['count mismatch', { ...makeIndexFile({ name: 'T' }, []), count: 3 }, /count 3 does not match 0 entries/],
    [
      'every entry broken',
      { ...makeIndexFile({ name: 'T' }, []), count: 2, entries: [{ id: 'a' }, entry({ year: 3000 })] },
      /every entry is invalid \(2\); first: entry 1: /,
    ],
  ])('rejects %s with a clear error', (_name, input, message) => {
    expect(() => validateIndex(input)).toThrow(IndexValidationError);
    expect(() => validateIndex(input)).toThrow(message);
  });

  it('rejects duplicate ids within one index', () => {
    const v = validateIndex({ ...makeIndexFile({ name: 'T' }, []), count: 2, entries: [entry(), entry()] });
    expect(v.entries).toHaveLength(1);
    expect(describeRejected(v.rejected[0]!)).toBe('entry 2: duplicate id "ballerina-2025"');
  });
});
