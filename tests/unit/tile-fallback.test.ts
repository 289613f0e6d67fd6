import { describe, expect, it } from 'vitest';
import { readRepo } from '../paths';
import { setBody } from '../html';
import { buildLexicon, loadLexicon } from '@/lib/detect/lexicon';
import { createScanEnv, scanAll } from '@/lib/detect/scan';
import { genericTileRule, withTileFallback } from '@/lib/sites/registry';
import { netflix } from '@/lib/sites/netflix';

const lex = loadLexicon(
  buildLexicon([
    { ref: 'x/irishman', title: 'The Irishman', year: 2019 },
    { ref: 'x/godzilla', title: 'Godzilla Minus One', year: 2023 },
    { ref: 'x/marriage', title: 'Marriage Story', year: 2019 },
  ]),
);

const tileTitles = () =>
  scanAll(document.body, createScanEnv(lex, withTileFallback(netflix, document)))
    .filter((d) => d.kind === 'tile' && d.entries.length)
    .map((d) => d.text);

describe('tile fallback when a site redesigns', () => {
  it('marks tiles through generic detail links when the site selectors find nothing', () => {
    setBody(readRepo('tests/fixtures/sites/netflix-redesign.html'));
    expect(withTileFallback(netflix, document).tiles).toContain(genericTileRule);
    expect(tileTitles()).toEqual(['The Irishman', 'Godzilla Minus One', 'Marriage Story']);
  });

  it('keeps the site rules alone while they still match', () => {
    setBody(readRepo('tests/fixtures/sites/netflix.html'));
    expect(withTileFallback(netflix, document)).toBe(netflix);
  });
});
