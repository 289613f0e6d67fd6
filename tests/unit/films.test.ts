import { describe, expect, it } from 'vitest';
import { groupFilms, type FilmMember } from '@/lib/films/group';
import { buildLexicon, loadLexicon, type LexiconEntry } from '@/lib/detect/lexicon';
import { createScanEnv, scanAll, type Detection } from '@/lib/detect/scan';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';
import { setBody } from '../html';

const m = (source: string, title: string, year?: number, ids?: FilmMember['ids']): FilmMember => ({
  source,
  title,
  ...(year !== undefined ? { year } : {}),
  ...(ids ? { ids } : {}),
});
const grouped = (members: FilmMember[]) => groupFilms(members, (x) => x);

describe('grouping entries into films', () => {
  it('joins entries that share an external id, whatever their titles', () => {
    expect(
      grouped([
        m('feed:a', 'Parasite', 2019, { imdb: 'tt6751668' }),
        m('import:imdb', 'Gisaengchung', 2019, { imdb: 'tt6751668' }),
        m('import:letterboxd', 'Parasite', 2019, { letterboxd: 'parasite-2019', tmdb: '496243' }),
        m('bundled', 'Gisaengchung (Parasite)', undefined, { tmdb: '496243' }),
      ]),
    ).toEqual([[0, 1, 2, 3]]);
  });

  it('joins the same normalised title and year, one year apart or undated across sources', () => {
    expect(grouped([m('feed:a', 'Lady Bird', 2017), m('import:imdb', 'LADY BIRD', 2017)])).toEqual([[0, 1]]);
    // A festival year against a release year.
    expect(
      grouped([m('feed:a', 'Anatomy of a Fall', 2023), m('import:imdb', 'Anatomy of a Fall', 2024)]),
    ).toEqual([[0, 1]]);
    // An article without a date names the one film of that title.
    expect(grouped([m('bundled', 'Dunkirk'), m('import:imdb', 'Dunkirk', 2017)])).toEqual([[0, 1]]);
  });

  it('groups one film from four sources, first source first', () => {
    const groups = grouped([
      m('import:letterboxd', 'Marriage Story', 2019, { letterboxd: 'marriage-story' }),
      m('import:imdb', 'Marriage Story', 2019, { imdb: 'tt7653254' }),
      m('feed:critic', 'Marriage Story', 2019),
      m('bundled', 'Marriage Story', 2019, { imdb: 'tt7653254', wikidata: 'Q55637469' }),
      m('bundled', 'Heat', 1995),
    ]);
    expect(groups).toEqual([[0, 1, 2, 3], [4]]);
  });

  it('keeps different films of one title apart', () => {
    // Mother (1956), Mother (1996), Mother (2009) and mother! (2017): four films, whichever source.
    expect(
      grouped([
        m('feed:a', 'Mother', 1956),
        m('feed:a', 'Mother', 1996),
        m('import:imdb', 'Mother', 2009, { imdb: 'tt1216496' }),
        m('feed:a', 'mother!', 2017),
        m('import:letterboxd', 'Mother', 2009),
      ]),
    ).toEqual([[0], [1], [2, 4], [3]]);
    // Different ids of one kind are different films, even with the same title and year.
    expect(
      grouped([
        m('feed:a', 'Heat', 1995, { imdb: 'tt0113277' }),
        m('import:imdb', 'Heat', 1995, { imdb: 'tt0000001' }),
      ]),
    ).toEqual([[0], [1]]);
    // One source's two entries a year apart are two films, not a year's imprecision.
    expect(grouped([m('feed:a', 'Hamlet', 1996), m('feed:a', 'Hamlet', 1997)])).toEqual([[0], [1]]);
    // An undated entry with two candidates stays alone: which one is the page's question.
    expect(
      grouped([m('feed:a', 'Mother', 1996), m('feed:a', 'Mother', 2009), m('bundled', 'Mother')]),
    ).toEqual([[0], [1], [2]]);
    // Chained one-year steps never make a film span three years.
    expect(
      grouped([
        m('feed:a', 'Crash', 2004),
        m('import:imdb', 'Crash', 2005),
        m('import:letterboxd', 'Crash', 2006),
      ]),
    ).toEqual([[0, 1], [2]]);
  });
});

/** Three sources of Marriage Story: the user's imports (no cast) first, then a review with cast. */
const SOURCES: LexiconEntry[] = [
  { ref: 'import:letterboxd/ms', title: 'Marriage Story', year: 2019, rating: { value: 5, scale: 5 } },
  { ref: 'import:imdb/imdb-tt7653254', title: 'Marriage Story', year: 2019, ids: { imdb: 'tt7653254' } },
  {
    ref: 'feed:critic/marriage-story',
    title: 'Marriage Story',
    year: 2019,
    rating: { value: 3, scale: 5 },
    people: ['Noah Baumbach', 'Adam Driver', 'Scarlett Johansson'],
  },
  { ref: 'feed:critic/heat', title: 'Heat', year: 1995, people: ['Michael Mann'] },
];

describe('the lexicon is films', () => {
  const lex = loadLexicon(JSON.parse(JSON.stringify(buildLexicon(SOURCES))));

  it('holds one entry per film with every source’s ref in source order', () => {
    expect(lex.count).toBe(2);
    expect(lex.refs).toEqual(['import:letterboxd/ms', 'feed:critic/heat']);
    expect(lex.filmRefs(0)).toEqual([
      'import:letterboxd/ms',
      'import:imdb/imdb-tt7653254',
      'feed:critic/marriage-story',
    ]);
    expect(lex.byId('imdb:tt7653254')).toEqual([0]);
    // The first source's rating is the film's (a badge shows the preferred source's rating).
    expect(lex.rating(0)).toEqual({ fraction: 1, scale: 5 });
    // Everyone's cast counts as the film's.
    expect(lex.cues(0)).toEqual(['baumbach', 'driver', 'johansson']);
  });

  it('narrows among films, never among one film’s sources: a cast cue and "named again" keep every source', () => {
    setBody(
      '<p>Adam Driver is superb in Marriage Story, the best of the year.</p>' +
        '<p>Some will say so. Others think Marriage Story was too long.</p>',
    );
    const found = scanAll(document.body, createScanEnv(lex, GENERIC_ARTICLE)).filter(
      (d): d is Detection & { kind: 'text' } => d.kind === 'text' && d.text === 'Marriage Story',
    );
    expect(found).toHaveLength(2);
    expect(found[0]!.reason).toBe('driver named nearby');
    expect(found[1]!.reason).toBe('named earlier on the page');
    for (const d of found) {
      expect(d.entries).toEqual([0]);
      // The card asks for the film by its first ref; the background answers with all three sources.
      expect(d.refs).toEqual(['import:letterboxd/ms']);
      expect(lex.filmRefs(d.entries[0]!)).toHaveLength(3);
    }
  });
});
