/**
 * The scoring floor (lib/detect/evidence.ts): the content script gives up a text match
 * as soon as the evidence left to read cannot lift it to the lowest confidence it shows. On the
 * labelled eval pages, with a lexicon of their films plus common-word titles, every threshold the
 * options allow must show exactly what full scoring shows, while most lower-case matches are given
 * up early.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setBody } from '../html';
import { repoPath } from '../paths';
import { buildLexicon, loadLexicon, type LexiconEntry } from '@/lib/detect/lexicon';
import { createScanEnv, scanAll, SURE, type Detection } from '@/lib/detect/scan';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';

interface PageLabel {
  file: string;
  kind: 'text' | 'tiles';
  expected: string[];
  ignore?: string[];
}
const labels = JSON.parse(readFileSync(repoPath('tests/eval/labels.json'), 'utf8')) as { pages: PageLabel[] };
const pages = labels.pages.filter((p) => p.file.startsWith('local:') && p.kind === 'text');

/** Films whose titles are everyday words: the matches the floor exists for. */
const COMMON_WORD_FILMS = [
  'Up|2009',
  'Her|2013',
  'It|2017',
  'Us|2019',
  'Heat|1995',
  'Nope|2022',
  'Red|2010',
  'Drive|2011',
  'Home|2015',
  'Go|1999',
  'Stone|2010',
  'Sing|2016',
  'The Road|2009',
  'Something Borrowed|2011',
];
const film = (label: string, i: number): LexiconEntry => {
  const [title, year] = label.split('|');
  return { ref: `f/${i}`, title: title!, year: Number(year) };
};
const lexicon = loadLexicon(
  buildLexicon(
    [...new Set([...pages.flatMap((p) => [...p.expected, ...(p.ignore ?? [])]), ...COMMON_WORD_FILMS])].map(
      film,
    ),
  ),
);

const shown = (ds: Detection[], threshold: number) =>
  ds
    .filter((d) => d.kind === 'text' && d.entries.length && d.confidence >= threshold)
    .map(
      (d) => d.kind === 'text' && `${d.start}:${d.text}:${d.entries.join('/')}:${d.confidence}:${d.reason}`,
    );

describe('scoring floor', () => {
  it.each(pages.map((p) => p.file.slice('local:'.length)))(
    '%s: every threshold shows what full scoring shows',
    (file) => {
      setBody(readFileSync(repoPath(`tests/eval/pages/${file}`), 'utf8'));
      const full = scanAll(document.body, createScanEnv(lexicon, GENERIC_ARTICLE), 0);
      let givenUp = 0;
      for (const threshold of [0.3, 0.45, 0.6, 0.8]) {
        const env = createScanEnv(lexicon, GENERIC_ARTICLE);
        env.floor = Math.min(threshold, SURE);
        const floored = scanAll(document.body, env, threshold);
        const reference = scanAll(document.body, createScanEnv(lexicon, GENERIC_ARTICLE), threshold);
        expect(shown(floored, threshold)).toEqual(shown(reference, threshold));
        givenUp += env.givenUp ?? 0;
      }
      // The page has lower-case uses of the common-word titles, and the floor gave them up.
      const lowerCase = full.filter((d) => d.kind === 'text' && d.entries.length && /^\p{Ll}/u.test(d.text));
      expect(lowerCase.length).toBeGreaterThan(0);
      expect(givenUp).toBeGreaterThan(0);
    },
  );

  it('gives up a lower-case common word, and keeps the same words written as the title', () => {
    setBody(
      '<p>It was up to her to drive home.</p><p>Spike Jonze’s <em>Her</em> (2013) is a film about a voice.</p>',
    );
    const env = createScanEnv(lexicon, GENERIC_ARTICLE);
    env.floor = SURE;
    const ds = scanAll(document.body, env, SURE).filter((d) => d.kind === 'text');
    // "up", "her", "drive", "home": lower case, common words, nothing else around them. Given up,
    // they are left out of what the scan yields; scored in full they are there, below the floor.
    // ("It", written as the title, is kept: it could still be the film named again.)
    const lower = (d: Detection) =>
      d.kind === 'text' && d.node.data.startsWith('It was') && /^\p{Ll}/u.test(d.text);
    expect(ds.filter(lower)).toEqual([]);
    expect(env.givenUp).toBe(4);
    const full = scanAll(document.body, createScanEnv(lexicon, GENERIC_ARTICLE), 0);
    const first = full.filter(lower);
    expect(first.map((d) => d.text)).toEqual(['up', 'her', 'drive', 'home']);
    expect(first.every((d) => d.confidence < SURE)).toBe(true);
    const her = ds.find((d) => d.text === 'Her' && d.confidence >= SURE);
    expect(her?.reason).toContain('title and year');
  });
});
