/**
 * Judgment by failure class (tests/eval/README.md), on snippets copied from the real pages of
 * ../shared/data/pages (markup as saved, whitespace trimmed, long hrefs kept; origins in
 * tests/fixtures/README.md):
 * the wrong one of several same-titled films, not a film at all, missed, and the mark's extent.
 * The index holds the same-titled films each snippet could mean, so "which film" is tested.
 */
import { describe, expect, it } from 'vitest';
import { setBody } from '../html';
import { buildLexicon, loadLexicon, type LexiconEntry } from '@/lib/detect/lexicon';
import { createScanEnv, scanAll, type Detection } from '@/lib/detect/scan';
import { pageEntriesOf } from '@/lib/detect/ids';
import { readPageFacts } from '@/lib/detect/page-facts';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';
import { letterboxd } from '@/lib/sites/letterboxd';
import type { SiteAdapter } from '@/lib/sites/types';
import { NOT_FILM, notFilmOf } from '@/lib/detect/not-film';
import notFilmData from '@/data/detect/not-film.json';
import { WEIGHTS, boundsOf, weightsOf } from '@/lib/detect/weights';

const entries: LexiconEntry[] = [
  { ref: 'f/oldboy-2003', title: 'Oldboy', year: 2003, people: ['Choi Min-sik'] },
  { ref: 'f/oldboy-2013', title: 'Oldboy', year: 2013, people: ['Josh Brolin'] },
  { ref: 'f/thing-1982', title: 'The Thing', year: 1982, people: ['Kurt Russell'] },
  { ref: 'f/thing-2011', title: 'The Thing', year: 2011, people: ['Mary Elizabeth Winstead'] },
  { ref: 'f/parasite-2019', title: 'Parasite', year: 2019 },
  { ref: 'f/godfather', title: 'The Godfather', year: 1972 },
  { ref: 'f/angry', title: '12 Angry Men', year: 1957 },
  { ref: 'f/psycho', title: 'Psycho', year: 1960 },
  { ref: 'f/airbender', title: 'The Last Airbender', year: 2010 },
  { ref: 'f/snl', title: 'Saturday Night', year: 1922 },
  { ref: 'f/adrift', title: 'Adrift', year: 2018 },
  { ref: 'f/mother-2017', title: 'Mother!', year: 2017 },
  { ref: 'f/mother-1996', title: 'Mother', year: 1996 },
  { ref: 'f/bpm', title: 'BPM (Beats Per Minute)', year: 2017 },
  { ref: 'f/alien', title: 'Alien', year: 1979 },
  { ref: 'f/pulp', title: 'Pulp Fiction', year: 1994 },
  { ref: 'f/knight', title: 'The Dark Knight', year: 2008 },
  { ref: 'f/rosemary', title: "Rosemary's Baby", year: 1968 },
  { ref: 'f/joker', title: 'Joker', year: 2019 },
  { ref: 'f/irishman', title: 'The Irishman', year: 2019 },
  { ref: 'f/ghosttown', title: 'Ghost Town', year: 2008 },
  { ref: 'f/knockedup', title: 'Knocked Up', year: 2007 },
];
const lex = loadLexicon(buildLexicon(entries));

function detect(html: string, url = 'https://example.org/a', adapter: SiteAdapter = GENERIC_ARTICLE) {
  setBody(html); // markup copied from a saved page, not index data
  return scanAll(
    document.body,
    createScanEnv(lex, adapter, pageEntriesOf(readPageFacts(document, url), lex)),
  );
}
const shown = (ds: Detection[]) => ds.filter((d) => d.confidence >= 0.6 && d.entries.length);
const refsShown = (ds: Detection[]) => shown(ds).map((d) => `${d.text}=${d.refs[0]}`);

/** Letterboxd's Top 250 poster markup (letterboxd_list_top250.html): the title is in img alt only. */
const poster = (slug: string, title: string) =>
  `<li class="poster-container"><div class="really-lazy-load poster film-poster" data-film-slug="${slug}" data-target-link="${slug}"><img alt="${title}" src="x.png" width="70" height="105"></div></li>`;
const LIST = 'https://letterboxd.com/dave/list/official-top-250-narrative-feature-films/';

describe('wrong one of several films with one title', () => {
  it('a Letterboxd slug without a year suffix is the earlier film, not the remake, and not at 100%', () => {
    const ds = detect(
      `<ul>${poster('/film/oldboy/', 'Oldboy')}${poster('/film/the-thing/', 'The Thing')}</ul>`,
      LIST,
      letterboxd,
    );
    const tiles = shown(ds).filter((d) => d.kind === 'tile');
    expect(tiles.map((d) => d.refs[0])).toEqual(['f/oldboy-2003', 'f/thing-1982']);
    for (const d of tiles) expect(d.confidence).toBeLessThan(1);
  });

  it('a slug with the year names that film, settled', () => {
    const ds = detect(`<ul>${poster('/film/oldboy-2013/', 'Oldboy')}</ul>`, LIST, letterboxd);
    const [d] = shown(ds);
    expect(d!.refs[0]).toBe('f/oldboy-2013');
    expect(d!.confidence).toBe(1);
  });

  it('the era of the films a page names picks among namesakes it gives no year for', () => {
    // The Top 250's neighbours of "The Thing" in the saved page; text tiles without slugs.
    const ds = detect(
      `<ul>${['The Godfather', '12 Angry Men', 'Psycho', 'The Thing'].map((t) => `<li><div class="film-poster" data-film-name="${t}"><img alt="${t}"></div></li>`).join('')}</ul>`,
      LIST,
      letterboxd,
    );
    const thing = shown(ds).find((d) => d.text === 'The Thing');
    expect(thing?.refs[0]).toBe('f/thing-1982');
    expect(thing?.confidence).toBeLessThan(1);
  });
});

describe('not a film at all', () => {
  it('a TV season sharing a film title (Rotten Tomatoes’ "Most Popular TV" list)', () => {
    const ds = detect(
      '<ul><li data-qa="list-item"><a class="score-list-item" href="/tv/avatar_the_last_airbender_2024/s01" data-qa="list-item-link"><span> Avatar: The Last Airbender: Season 1 </span></a></li></ul>',
      'https://www.rottentomatoes.com/m/harry_potter_and_the_deathly_hallows_part_2',
    );
    expect(refsShown(ds)).toEqual([]);
  });

  it('knowledge as data: every entry says why, and a bad file is refused in words', () => {
    for (const n of [...notFilmData.names, ...notFilmData.franchises])
      expect(n.why.length).toBeGreaterThan(2);
    expect(NOT_FILM.names.has('variety')).toBe(true);
    expect(NOT_FILM.tvBefore.test('the fourth season of NBC’s ')).toBe(true);
    expect(NOT_FILM.citedBefore.test('Pitt told ')).toBe(true);
    expect(() =>
      notFilmOf({ ...notFilmData, names: [{ text: 'Variety', kind: 'magazine', why: 'x' }] }),
    ).toThrow(/not-film data: names\.0/);
  });
});

describe('missed', () => {
  it('titles in a list next to a recognised title (Rotten Tomatoes audience review)', () => {
    const ds = detect(
      '<p>Harry Potter and the Deathly Hallows-Part 2: This movie is in my Top 10 movies of all time. For me it goes along with Alien, Pulp Fiction, The Dark Knight, and Rosemary&#39;s Baby. Though I&#39;m sure many people would disagree with me this movie in my opinion will be a classic in the future.</p>',
    );
    // The longer titles are found; a one-word title in the list ("Alien") is still missed.
    expect(refsShown(ds)).toEqual(
      expect.arrayContaining([
        'Pulp Fiction=f/pulp',
        'The Dark Knight=f/knight',
        "Rosemary's Baby=f/rosemary",
      ]),
    );
  });

  it('titles in double quotes in news (Reuters)', () => {
    const ds = detect(
      '<p>Despite an unknown cast, it beat homegrown Hollywood movies “The Irishman” and “Once Upon A Time in Hollywood” which both have A-list stars.</p><p>Phoenix’s terrifying performance as a loner who finds fame through violence in “Joker” has swept awards season.</p>',
      'https://www.reuters.com/article/us-awards-sag/parasite-wins-top-prize-at-screen-actors-guild-awards-idUSKBN1ZJ0A6',
    );
    expect(refsShown(ds)).toEqual(['The Irishman=f/irishman', 'Joker=f/joker']);
  });
});

describe('the mark’s extent', () => {
  it('"Mother!" is marked with its "!" (Vox heading)', () => {
    const ds = detect(
      '<h3>15) <a href="https://www.vox.com/culture/2017/9/10/16277234/mother-review-aronofsky-lawrence-bardem-pfeiffer-explained"><em>Mother!</em></a></h3>',
      'https://www.vox.com/culture/2017/12/15/16751872/best-movies-2017',
    );
    const [d] = shown(ds);
    expect(d?.text).toBe('Mother!');
    expect(d?.kind === 'text' && d.end - d.start).toBe('Mother!'.length);
    expect(d?.refs[0]).toBe('f/mother-2017');
  });

  it('"BPM (Beats Per Minute)" is marked to its closing bracket (Vox heading)', () => {
    const ds = detect(
      '<h3 id="JhEBod">17) <em>BPM (Beats Per Minute)</em></h3>',
      'https://www.vox.com/culture/2017/12/15/16751872/best-movies-2017',
    );
    const [d] = shown(ds);
    expect(d?.text).toBe('BPM (Beats Per Minute)');
    expect(d?.refs[0]).toBe('f/bpm');
  });
});

describe('the weights table', () => {
  it('is checked on load, and the floor’s bounds come from it', () => {
    expect(() => weightsOf({ weights: { italic: 'high' } })).toThrow(/"italic" is not a number/);
    expect(() => weightsOf({ weights: { ballerina: 1 } })).toThrow(/unknown feature "ballerina"/);
    const b = boundsOf(WEIGHTS);
    expect(b.fromYear).toBeGreaterThanOrEqual(b.afterYear + (WEIGHTS.yearRight ?? 0));
    expect(boundsOf({ ...WEIGHTS, cue: 10 }).afterYear).toBeGreaterThan(b.afterYear + 5);
  });
});
