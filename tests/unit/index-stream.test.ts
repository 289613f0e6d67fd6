import { describe, expect, it } from 'vitest';
import { IndexStream } from '../../lib/sources/index-stream';

/** Feed `text` cut at the given points; return what the stream saw. */
function run(text: string, cuts: number[]) {
  const items: unknown[] = [];
  const stream = new IndexStream({ entries: (batch) => items.push(...batch) });
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    stream.write(text.slice(at, cut));
    at = cut;
  }
  stream.end();
  return { items, header: stream.header, isArray: stream.entriesIsArray, whole: stream.whole?.join('') };
}

describe('IndexStream', () => {
  const tricky = {
    format: 'marquee-index',
    source: { name: 'A "quoted" {name}, [with] brackets \\ and \u00e9\u6771\u4eac' },
    entries: [
      { id: 'a', title: '}]"{[,', cast: [{ actor: 'x' }], nested: [[1, [2]], { a: { b: [] } }] },
      { id: 'b', title: 'back\\slash\\"', n: -1.5e3, t: true, z: null },
      { id: 'c', title: 'line\nbreak', empty: {}, list: [] },
    ],
    count: 3,
    trailing: ['after', { entries: [1] }],
  };
  const text = JSON.stringify(tricky, null, 1);

  it('gives the same items and header as JSON.parse, wherever the text is cut', () => {
    const { entries, ...header } = tricky;
    let seed = 7;
    for (let round = 0; round < 200; round++) {
      const cuts = Array.from({ length: 1 + (round % 9) }, () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % text.length;
      }).sort((a, b) => a - b);
      const seen = run(text, cuts);
      expect(seen.items, `cuts ${cuts.join(',')}`).toEqual(entries);
      expect(seen.header).toEqual(header);
      expect(seen.isArray).toBe(true);
    }
    // One character at a time, too.
    expect(
      run(
        text,
        Array.from({ length: text.length }, (_, i) => i),
      ).items,
    ).toEqual(entries);
  });

  it('rejects what JSON.parse rejects', () => {
    const bad = [
      '{"entries":[{"id":"a"},]}',
      '{"entries":[{"id":"a"}]',
      '{"entries":[{"id":"a"}] x}',
      '{"a":1,}',
      '{"a" 1}',
      '{"entries":[{"id":"a"}]} {}',
      '{"entries":[{"id":"a"}}',
      '{"entries":[1 2]}',
    ];
    for (const text of bad) {
      expect(() => JSON.parse(text), text).toThrow();
      for (const cut of [1, Math.floor(text.length / 2), text.length - 1])
        expect(() => run(text, [cut]), `${text} cut at ${cut}`).toThrow();
    }
  });

  it('hands a non-object back whole, and tells an entries value that is not an array', () => {
    expect(run(' [1, 2]', [3]).whole).toBe('[1, 2]');
    expect(run('{"entries": 5, "count": 0}', [4])).toMatchObject({ isArray: false, header: { entries: 5 } });
    expect(run('{"entries": [], "count": 0}', [14])).toMatchObject({ isArray: true, items: [] });
  });
});
