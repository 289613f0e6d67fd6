import { describe, expect, it } from 'vitest';
import { tokenize, tokenSpans, titleKey } from '@/lib/detect/tokens';
import { buildLexicon, loadLexicon } from '@/lib/detect/lexicon';
import { MATCHER_ENTRIES } from '../matcher-entries';
import { createMatcher } from '@/lib/detect/matcher';

const entries = MATCHER_ENTRIES;
const lex = loadLexicon(buildLexicon(entries));
const refsOf = (node: number) => lex.terms(node).map((t) => lex.refs[t.entry]);
describe('matcher', () => {
  const make = createMatcher;
  const matcher = make(lex);
  const found = (text: string) => matcher.find(text).map((m) => [m.title, ...refsOf(m.node)]);

  it('folds case, diacritics, curly apostrophes, & and Roman numerals', () => {
    expect(tokenize('Schindler’s List & AMÉLIE: Part II — Crème')).toEqual([
      'schindlers',
      'list',
      'and',
      'amelie',
      'part',
      '2',
      'creme',
    ]);
    expect(titleKey('The Godfather Part II')).toBe(titleKey('the godfather, part 2'));
    expect(titleKey('Fast & Furious')).toBe(titleKey('Fast and Furious'));
  });

  it('keeps offsets in the original text, whatever its diacritics', () => {
    const text = 'Café “Amélie” — naïve';
    const spans = tokenSpans(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Café', 'Amélie', 'naïve']);
    // Decomposed (NFD) accents are dropped without shifting offsets.
    const nfd = 'x Ame\u0301lie y';
    const [m] = matcher.find(nfd);
    expect(nfd.slice(m!.start, m!.end)).toBe('Ame\u0301lie');
  });

  it('finds titles on word boundaries only', () => {
    expect(found('Upstairs, the Godfathers and uppercase')).toEqual([]);
    expect(found('Pixar’s Up is good')).toEqual([['Up', 's/up']]);
  });

  it('takes the longest title and maps variants back to entries', () => {
    expect(found('I saw The Godfather Part 2 and then the Godfather.')).toEqual([
      ['The Godfather Part 2', 's/godfather2'],
      ['the Godfather', 's/godfather'],
    ]);
    expect(found('Star Wars: Episode V - The Empire Strikes Back (1980)')).toEqual([
      ['Star Wars: Episode V - The Empire Strikes Back', 's/star5'],
    ]);
  });

  it('matches aliases, the subtitle after a colon, "and" for "&", apostrophes', () => {
    expect(found('From the World of John Wick: Ballerina opens')).toEqual([
      ['From the World of John Wick: Ballerina', 's/ballerina'],
    ]);
    expect(found('Fast and Furious, Schindlers List')).toEqual([
      ['Fast and Furious', 's/fast'],
      ['Schindlers List', 's/schindler'],
    ]);
    // "The Godfather" written without its article is the NoArticle variant.
    expect(lex.terms(matcher.find('Godfather')[0]!.node)).toEqual([{ entry: 0, variant: 2 }]);
  });

  it('does not join words across a long gap', () => {
    expect(found('Star ... and then Wars')).toEqual([]);
  });

  it('survives the compact form through JSON (as a message would)', () => {
    const again = loadLexicon(JSON.parse(JSON.stringify(buildLexicon(entries, 7))));
    expect(again.revision).toBe(7);
    expect(
      make(again)
        .find('Amelie and Up')
        .map((m) => m.title),
    ).toEqual(['Amelie', 'Up']);
    expect(again.lookupNode('the godfather part ii')).toBeGreaterThan(0);
    expect(again.lookupNode('godfather part')).toBe(-1);
  });

  it('finds the same words on its ASCII fast path as the full tokenizer', () => {
    // Every word of the text is a one-word title, so each token must come back as a match with
    // the offsets tokenSpans gives: words that leave the fast path (apostrophes, non-ASCII
    // letters, ligatures, Roman numerals, marks) and separators after ASCII words included.
    const text =
      "Schindler’s List, Schindler's; AMÉLIE Amélie naïve ﬁlm Part II iv XIV vi Vix 2049 R2-D2 & " +
      "Up\u00a0Down—Left…right ‘quoted’ rock'n'roll films' x\u0301y ŒUVRE straße 臥虎藏龍 𝔄𝔩𝔭𝔥𝔞 " +
      'Kelvin\u212A aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa end';
    const spans = tokenSpans(text).filter((t) => t.token);
    const words = [...new Set(spans.map((t) => t.token))];
    const one = loadLexicon(buildLexicon(words.map((w, i) => ({ ref: `w/${i}`, title: w }))));
    const got = make(one)
      .find(text)
      .map((m) => [m.start, m.end, one.title(one.terms(m.node)[0]!.entry)]);
    expect(got).toEqual(spans.map((t) => [t.start, t.end, t.token]));
    expect(spans.length).toBeGreaterThan(30);
  });

  it('takes texts of any length, one after another', () => {
    const long = 'Up & The Godfather. '.repeat(5000);
    const all = matcher.find(long);
    expect(all).toHaveLength(10000);
    expect(all[9999]).toMatchObject({
      start: long.length - 15,
      end: long.length - 2,
      title: 'The Godfather',
    });
    expect(found('then Up')).toEqual([['Up', 's/up']]);
    expect(matcher.find(long)).toHaveLength(10000);
  });

  it('is empty with an empty lexicon', () => {
    expect(make(loadLexicon(buildLexicon([]))).find('The Godfather')).toEqual([]);
  });
});
