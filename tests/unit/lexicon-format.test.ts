import { describe, expect, it } from 'vitest';
import {
  buildLexicon,
  hexToBytes,
  loadLexicon,
  LEXICON_FORMAT,
  type LexiconEntry,
} from '@/lib/detect/lexicon';
import { FixedInts, escapeAscii, packFixed, unescapeAscii } from '@/lib/detect/packing';
import { createMatcher } from '@/lib/detect/matcher';

/** What a content script receives: the message after a JSON round trip. */
const viaMessage = (entries: LexiconEntry[], revision = 1) =>
  loadLexicon(JSON.parse(JSON.stringify(buildLexicon(entries, revision))));

describe('ASCII packing', () => {
  it('packs integers at a fixed width, read in place', () => {
    for (const values of [[], [0, 1, 31], [0, 32, 1023], [5, 1_000_000, 0], [0x7fffffff, 3]]) {
      const packed = packFixed(values);
      expect(packed).toMatch(/^[1-7][\x60-\x7f]*$/);
      expect(JSON.stringify(packed)).toBe(`"${packed}"`);
      const read = new FixedInts(packed);
      expect(read.length).toBe(values.length);
      expect(values.map((_, i) => read.get(i))).toEqual(values);
    }
    // The width is the fewest base-32 digits that hold the largest value.
    expect(packFixed([31, 0])).toHaveLength(1 + 2);
    expect(packFixed([32, 0])).toHaveLength(1 + 4);
    expect(() => packFixed([-1])).toThrow(RangeError);
  });

  it('escapes text to printable ASCII that JSON carries unescaped, and back', () => {
    const texts = [
      'Amélie',
      'Crouching Tiger, Hidden Dragon (臥虎藏龍)',
      '🎬 Film 𝔛',
      'a`b "q" \\ \x7f\n',
      '',
      '`0041',
    ];
    for (const t of texts) {
      const e = escapeAscii(t);
      expect(e).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/);
      expect(JSON.stringify(e)).toBe(`"${e}"`);
      expect(unescapeAscii(e)).toBe(t);
    }
    // A lone surrogate survives too.
    expect(unescapeAscii(escapeAscii('x\ud83cy'))).toBe('x\ud83cy');
  });
});

describe('lexicon message (format ' + LEXICON_FORMAT + ')', () => {
  const entries: LexiconEntry[] = [
    { ref: 'w/amelie', title: 'Amélie', year: 2001, people: ['Audrey Tautou'], ids: { imdb: 'tt0211915' } },
    { ref: 'w/tiger', title: '臥虎藏龍', aliases: ['Crouching Tiger, Hidden Dragon'], year: 2000 },
    { ref: 'w/astral', title: '𝔄𝔩𝔭𝔥𝔞 Film', year: 1999, rating: { value: 4, scale: 5 } },
    { ref: 'w/quote', title: 'The "Quoted" Back\\slash `Tick` Film', people: ['Zoë Kravitz'] },
    { ref: 'w/sep', title: 'Odd\x7fSeparator' },
  ];

  it('is plain ASCII JSON with no escapes', () => {
    const json = JSON.stringify(buildLexicon(entries));
    expect(json).toMatch(/^[\x20-\x7f]*$/);
    expect(json).not.toContain('\\');
  });

  it('round-trips titles, refs, years, ratings, cues and ids, non-ASCII and astral included', () => {
    const lex = viaMessage(entries, 9);
    expect(lex.revision).toBe(9);
    expect(lex.count).toBe(5);
    expect(lex.refs).toEqual(entries.map((e) => e.ref));
    expect(lex.titles).toEqual([
      'Amélie',
      '臥虎藏龍',
      '𝔄𝔩𝔭𝔥𝔞 Film',
      'The "Quoted" Back\\slash `Tick` Film',
      'Odd\x7fSeparator',
    ]);
    expect(entries.map((_, i) => lex.title(i))).toEqual(lex.titles);
    expect(lex.ref(2)).toBe('w/astral');
    expect(lex.ref(5)).toBeUndefined();
    expect([...lex.years]).toEqual([2001, 2000, 1999, 0, 0]);
    expect(lex.rating(2)).toEqual({ fraction: 0.8, scale: 5 });
    expect(lex.rating(0)).toBeUndefined();
    expect(lex.cues(0)).toEqual(['tautou']);
    expect(lex.cues(3)).toEqual(['kravitz']);
    expect(lex.cues(1)).toEqual([]);
    expect(lex.byId('imdb:tt0211915')).toEqual([0]);
  });

  it('matches non-ASCII and astral titles with offsets in the original text', () => {
    const lex = viaMessage(entries);
    const text = 'Seen 臥虎藏龍 and 𝔄𝔩𝔭𝔥𝔞 Film, then AMELIE and the quoted back slash tick film.';
    const found = createMatcher(lex)
      .find(text)
      .map((m) => [text.slice(m.start, m.end), lex.ref(lex.terms(m.node)[0]!.entry)]);
    expect(found).toEqual([
      ['臥虎藏龍', 'w/tiger'],
      ['𝔄𝔩𝔭𝔥𝔞 Film', 'w/astral'],
      ['AMELIE', 'w/amelie'],
      ['the quoted back slash tick film', 'w/quote'],
    ]);
    expect(lex.lookupNode('Crouching Tiger, Hidden Dragon')).toBeGreaterThan(0);
  });

  it('decodes its hex core without fromHex too (older browsers)', () => {
    const { core } = buildLexicon(entries);
    expect(core).toMatch(/^([0-9a-f]{2})+$/);
    expect([...hexToBytes(core)]).toEqual([...Buffer.from(core, 'hex')]);
  });

  it('loads an empty lexicon', () => {
    const lex = viaMessage([]);
    expect(lex.count).toBe(0);
    expect(lex.refs).toEqual([]);
    expect(lex.ref(0)).toBeUndefined();
    expect(lex.byId('imdb:tt1')).toEqual([]);
    expect(lex.lookupNode('anything')).toBe(-1);
    expect(createMatcher(lex).find('The Godfather')).toEqual([]);
  });

  it('refuses a message in another format instead of misreading it', () => {
    const old = { ...buildLexicon(entries), format: 2 } as unknown as Parameters<typeof loadLexicon>[0];
    expect(() => loadLexicon(old)).toThrow(/format 2/);
  });
});
