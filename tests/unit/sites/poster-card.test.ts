/**
 * Poster grids on any site (lib/sites/poster-card.ts): cards whose poster's alt agrees with a
 * visible caption and that show a year or a running time, three of one shape, are tiles. The
 * corpus's real catalogues all link their posters (read by the detail-link rule), so the markup
 * here is written for the test in the shape of a cinema's listing.
 */
import { describe, expect, it } from 'vitest';
import { lexiconOf, shownOn } from '../../shown-on';
import type { LexiconEntry } from '@/lib/detect/lexicon';

const entries: LexiconEntry[] = [
  { ref: 'f/heat', title: 'Heat', year: 1995 },
  { ref: 'f/heat-1986', title: 'Heat', year: 1986 },
  { ref: 'f/collateral', title: 'Collateral', year: 2004 },
  { ref: 'f/thief', title: 'Thief', year: 1981 },
  { ref: 'f/paris', title: 'Paris', year: 2008 },
  { ref: 'f/chicago', title: 'Chicago', year: 2002 },
  { ref: 'f/brooklyn', title: 'Brooklyn', year: 2015 },
];
const lex = lexiconOf(entries);
const shown = (html: string) => shownOn(lex, html);

const card = (title: string, meta: string) =>
  `<div class="card"><img src="p.jpg" alt="${title} poster"><div class="caption">${title}</div><span>${meta}</span></div>`;

describe('a grid of poster cards', () => {
  it('each card is a tile, dated by the year it shows', () => {
    expect(
      shown(
        `<div class="grid">${card('Heat', '1986')}${card('Collateral', '2004 · Crime')}${card('Thief', '1981')}</div>`,
      ),
    ).toEqual(['tile:Heat=f/heat-1986', 'tile:Collateral=f/collateral', 'tile:Thief=f/thief']);
  });

  it('a running time does as well as a year', () => {
    expect(
      shown(
        `<div class="grid">${card('Collateral', '2h 0m')}${card('Thief', '2h 3m')}${card('Heat', '2h 50m')}</div>`,
      ),
    ).toContain('tile:Collateral=f/collateral');
  });

  it('a photo gallery whose captions repeat the alts is no catalogue: no year, no running time', () => {
    expect(
      shown(
        `<div class="grid">${card('Paris', 'Photo: A. B.')}${card('Chicago', 'Photo: C. D.')}${card('Brooklyn', 'Photo: E. F.')}</div>`,
      ),
    ).toEqual([]);
  });

  it('fewer than three cards, or alts that the captions do not repeat, are no grid', () => {
    expect(shown(`<div class="grid">${card('Heat', '1995')}${card('Thief', '1981')}</div>`)).toEqual([]);
    expect(
      shown(
        `<div class="grid">` +
          ['Collateral', 'Thief', 'Heat']
            .map(
              (t) => `<div class="card"><img alt="${t}"><div>Photo of the set</div><span>2004</span></div>`,
            )
            .join('') +
          `</div>`,
      ),
    ).toEqual([]);
  });
});

describe('a poster linked to a /watch/ page', () => {
  it('is read by the detail-link rule', () => {
    expect(
      shown(
        `<div class="row"><a href="/watch/collateral"><img alt="Collateral poster"></a><a href="/watch/thief"><img alt="Thief poster"></a></div>`,
      ),
    ).toEqual(['tile:Collateral=f/collateral', 'tile:Thief=f/thief']);
  });
});
