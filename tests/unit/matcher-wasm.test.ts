// @vitest-environment node
/**
 * The WebAssembly matcher (lib/detect/wasm-matcher.ts) against the JavaScript one (matcher.ts
 * createJsMatcher), which stays the reference and the fallback: identical matches (offsets,
 * text, node, word count) on the real saved pages with the 36k-title lexicon, the labelled corpus,
 * the matcher unit tests' inputs, and random text made of the cases the tokenizer treats specially.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { Window } from 'happy-dom';
import { buildLexicon, loadLexicon, type Lexicon, type LexiconEntry } from '@/lib/detect/lexicon';
import { createJsMatcher, createMatcher, type TitleMatcher } from '@/lib/detect/matcher';
import { WASM_MAX_TEXT } from '@/lib/detect/wasm-matcher';
import { MATCHER_WASM } from '@/lib/detect/wasm/matcher-wasm';
import { compileMatcherWasm } from '../../scripts/build-wasm';
import { filmEntries, indexEntries, PAGES_DIR } from '../../scripts/detect-lib';
import { repoPath } from '../paths';
import { MATCHER_ENTRIES } from '../matcher-entries';

const both = (lex: Lexicon): [TitleMatcher, TitleMatcher] => {
  const wasm = createMatcher(lex);
  expect(wasm.engine).toBe('wasm');
  return [wasm, createJsMatcher(lex)];
};

/** Every text node's text, as the content script hands them to the matcher, and the whole body. */
function texts(html: string): string[] {
  const window = new Window({
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
    },
  });
  const doc = new window.DOMParser().parseFromString(html, 'text/html');
  const out: string[] = [doc.body.textContent ?? ''];
  const walker = doc.createTreeWalker(doc.body, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n.textContent ?? '');
  void window.happyDOM.close();
  return out;
}

/** Asserts both matchers give the same matches on each text; returns how many they found. */
function same(wasm: TitleMatcher, js: TitleMatcher, all: string[]): number {
  let found = 0;
  for (const text of all) {
    const expected = js.find(text);
    expect(wasm.find(text)).toEqual(expected);
    found += expected.length;
  }
  return found;
}

// The matcher unit tests' lexicon, plus the special cases of folding and Roman numerals.
const TEST_ENTRIES: LexiconEntry[] = [
  ...MATCHER_ENTRIES,
  { ref: 's/rocky4', title: 'Rocky IV', year: 1985 },
  { ref: 's/vix', title: 'Vix', year: 2001 },
  { ref: 's/crouching', title: '臥虎藏龍', year: 2000 },
  { ref: 's/fraktur', title: '𝔄𝔩𝔭𝔥𝔞', year: 2020 },
  { ref: 's/oeuvre', title: 'Œuvre Straße', year: 2020 },
  { ref: 's/film', title: 'ﬁlm noir', year: 1950 },
  { ref: 's/rnr', title: "Rock'n'Roll High School", year: 1979 },
];

describe('the WebAssembly matcher', () => {
  it('is the one createMatcher gives, built from the committed module', async () => {
    const lex = loadLexicon(buildLexicon(TEST_ENTRIES));
    expect(createMatcher(lex).engine).toBe('wasm');
    // The committed bytes are what the AssemblyScript source compiles to (npm run build:wasm).
    expect(Buffer.from(await compileMatcherWasm()).toString('base64')).toBe(MATCHER_WASM);
  }, 60_000);

  it("gives the matcher unit tests' results on their inputs", () => {
    const [wasm, js] = both(loadLexicon(buildLexicon(TEST_ENTRIES)));
    const inputs = [
      'Upstairs, the Godfathers and uppercase',
      'Pixar’s Up is good',
      'I saw The Godfather Part 2 and then the Godfather.',
      'Star Wars: Episode V - The Empire Strikes Back (1980)',
      'From the World of John Wick: Ballerina opens',
      'Fast and Furious, Schindlers List',
      'Godfather',
      'Star ... and then Wars',
      'Star\n          Wars, and Star\u00a0\u00a0\u00a0\u00a0Wars',
      'Amelie and Up',
      'x Ame\u0301lie y',
      'Café “Amélie” — naïve',
      "Schindler’s List, Schindler's; AMÉLIE Amélie naïve ﬁlm Part II iv XIV vi Vix 2049 R2-D2 & " +
        "Up\u00a0Down—Left…right ‘quoted’ rock'n'roll films' x\u0301y ŒUVRE straße 臥虎藏龍 𝔄𝔩𝔭𝔥𝔞 " +
        'Kelvin\u212A aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa end',
      'Rocky IV, Rocky 4, ROCKY iv and Rocky Iv; The Godfather Part II',
      '',
      '&',
      'Fast & Furious & Up',
    ];
    expect(same(wasm, js, inputs)).toBeGreaterThan(25);
    expect(wasm.find('Rocky IV & œuvre STRAẞE').map((m) => m.title)).toEqual(['Rocky IV', 'œuvre STRAẞE']);
  });

  it('gives the same matches as the JavaScript matcher on random text of the special cases', () => {
    const [wasm, js] = both(loadLexicon(buildLexicon(TEST_ENTRIES)));
    const pieces = [
      'the',
      'The',
      'godfather',
      'Godfather',
      'part',
      'Part',
      'II',
      'ii',
      'iv',
      'IV',
      'xiv',
      'vix',
      'Vix',
      'Rocky',
      'up',
      'Up',
      'star',
      'Star',
      'wars',
      'Wars',
      'fast',
      '&',
      'and',
      'furious',
      'Schindler',
      "'s",
      '’s',
      'list',
      'Amélie',
      'Ame\u0301lie',
      'AMÉLIE',
      'ﬁlm',
      'noir',
      'Œuvre',
      'Straße',
      'STRASSE',
      '臥虎藏龍',
      '𝔄𝔩𝔭𝔥𝔞',
      '\ud835',
      '\udd04',
      '\ufffd',
      'Kelvin\u212A',
      'a'.repeat(47),
      'b'.repeat(49),
      ' ',
      ' ',
      ' ',
      ', ',
      ': ',
      ' – ',
      ' - ',
      '...',
      '\n        ',
      '\u00a0',
      '\u00a0\u00a0\u00a0\u00a0',
      '\t',
      "'",
      '’',
      '‘',
      '"',
      '“',
      '(',
      ')',
      '1980',
      '2',
      'R2-D2',
      'é',
      '\u0301',
      'ǅ',
      'ß',
      'ı',
      'İ',
      'Ⅻ',
      '½',
    ];
    // A fixed seed: the same texts every run.
    let seed = 0x2545f491;
    const rand = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const all: string[] = [];
    for (let t = 0; t < 3000; t++) {
      let s = '';
      const n = 1 + rand(30);
      for (let k = 0; k < n; k++) s += pieces[rand(pieces.length)];
      all.push(s);
    }
    expect(same(wasm, js, all)).toBeGreaterThan(500);
  });

  it('gives the same matches on the labelled corpus (tests/eval/pages)', () => {
    const [wasm, js] = both(loadLexicon(buildLexicon(TEST_ENTRIES)));
    const dir = repoPath('tests/eval/pages');
    for (const f of readdirSync(dir)) same(wasm, js, texts(readFileSync(`${dir}/${f}`, 'utf8')));
  });

  it.skipIf(!existsSync(PAGES_DIR))(
    'gives the same matches on the real saved pages with the 36k-title lexicon',
    async () => {
      const entries = [...(await indexEntries()), ...(await filmEntries())];
      const lex = loadLexicon(JSON.parse(JSON.stringify(buildLexicon(entries))));
      const [wasm, js] = both(lex);
      let found = 0;
      for (const f of readdirSync(PAGES_DIR).filter((f) => f.endsWith('.html')))
        found += same(wasm, js, texts(readFileSync(`${PAGES_DIR}/${f}`, 'utf8')));
      for (const f of readdirSync(repoPath('tests/eval/pages')))
        found += same(wasm, js, texts(readFileSync(repoPath('tests/eval/pages', f), 'utf8')));
      expect(found).toBeGreaterThan(5000);
    },
    120_000,
  );

  it('takes texts up to WASM_MAX_TEXT, and leaves longer ones and those with U+FFFD to the JS matcher', () => {
    const [wasm, js] = both(loadLexicon(buildLexicon(TEST_ENTRIES)));
    const unit = 'Up & The Godfather. ';
    const texts = [
      unit.repeat(10),
      unit.repeat(Math.floor(WASM_MAX_TEXT / unit.length)), // just under the limit
      unit.repeat(Math.ceil(WASM_MAX_TEXT / unit.length) + 1), // over the limit: JS
      unit.repeat(10),
      `Up \ufffd Star Wars`,
      `Up \ud800 Star Wars`, // a lone surrogate: U+FFFD once encoded, so JS
      `Up \ud835\udd04 Star Wars`,
    ];
    expect(same(wasm, js, texts)).toBeGreaterThan(6000);
  });

  it('falls back to the JavaScript matcher where WebAssembly cannot be instantiated', () => {
    // What a CSP without 'wasm-unsafe-eval' does to the content script's instantiation.
    vi.spyOn(WebAssembly, 'Instance').mockImplementation(() => {
      throw new WebAssembly.CompileError('Refused to compile or instantiate WebAssembly module');
    });
    const lex = loadLexicon(buildLexicon(TEST_ENTRIES));
    const matcher = createMatcher(lex);
    expect(matcher.engine).toBe('js');
    expect(matcher.find('I saw The Godfather Part II & Up').map((m) => m.title)).toEqual([
      'The Godfather Part II',
      'Up',
    ]);
  });
});
