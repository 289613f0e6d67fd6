import { describe, expect, it } from 'vitest';
import {
  cleanLabel,
  compileLabelRules,
  DECLARED_LABEL_RULES,
  firstYear,
  labelRules,
  tidy,
  unshout,
} from '../../../lib/sites/labels';
import { ADAPTERS } from '../../../lib/sites/registry';
import * as v from 'valibot';
import { LabelRulesSchema } from '../../../lib/sites/label-schema';

/** What the site modules declared, before any test adds its own. */
const declared = [...DECLARED_LABEL_RULES];
import { DISNEY_LABEL_RULES } from '../../../lib/sites/disneyplus';
import { MAX_LABEL_RULES } from '../../../lib/sites/max';
import { titleFromTrailer } from '../../../lib/sites/trailer';
import { yearFromSlug } from '../../../lib/sites/letterboxd';
import { movieFromJsonLd } from '../../../lib/sites/appletv';

describe('cleanLabel (common noise)', () => {
  it.each([
    ['Cover art for Prey', { title: 'Prey' }],
    ['The Irishman (2019)', { title: 'The Irishman', year: 2019 }],
    ['Stranger Things, New Episodes', { title: 'Stranger Things' }],
    ['The Crown - Season 2', { title: 'The Crown' }],
    ['Fresh, Leaving Soon', { title: 'Fresh' }],
    ['Barbie Watch now', { title: 'Barbie' }],
    ['\u2068Weapons\u2069', { title: 'Weapons' }],
    ['  Heat  \n ', { title: 'Heat' }],
    ['1917', { title: '1917' }],
    ['Leaving Las Vegas', { title: 'Leaving Las Vegas' }], // "Leaving" only as the "Leaving Soon" badge
    ['Watchmen', { title: 'Watchmen' }],
    ['Open Season 2', { title: 'Open Season 2' }], // a film, not a season badge
    ['Saltburn, Included with Prime', { title: 'Saltburn' }],
    ['Squid Game: 2 Seasons', { title: 'Squid Game' }],
  ])('%j → %j', (label, expected) => {
    expect(cleanLabel(label)).toEqual(expected);
  });

  it.each([null, undefined, '', '   ', 'Play', 'Watch now', 'More info', '7', 'x', 'Poster'])(
    '%j is no title',
    (label) => {
      expect(cleanLabel(label)).toBeNull();
    },
  );

  it('reads Disney+ badges as data', () => {
    expect(
      cleanLabel(
        'New Movie Badge Elio Rated PG Released 2025. Select for details on this title.',
        DISNEY_LABEL_RULES,
      ),
    ).toEqual({ title: 'Elio', year: 2025 });
    expect(
      cleanLabel('Adults Hulu Original Series Select for details on this title.', DISNEY_LABEL_RULES),
    ).toEqual({
      title: 'Adults',
    });
    expect(cleanLabel('LIVE Started 3 minutes ago F1 Practice', DISNEY_LABEL_RULES)).toBeNull();
  });

  it('reads Max positional labels', () => {
    expect(
      cleanLabel('\u2066\u2068Peacemaker\u2069\u2069. \u20682 of 20\u2069\u2069', MAX_LABEL_RULES),
    ).toEqual({
      title: 'Peacemaker',
    });
    expect(cleanLabel('Number 3: The Batman. 3 of 10.', MAX_LABEL_RULES)).toEqual({ title: 'The Batman' });
  });

  it('rejects label data that is not valid: the schema says why, and a bad pattern throws when first used', () => {
    const issue = (input: unknown) => v.safeParse(LabelRulesSchema, input).issues?.[0]?.message;
    expect(issue({ cutAt: ['(unclosed'] })).toBe('not a valid regular expression');
    expect(issue({ prefixes: [''] })).toMatch(/length/i);
    expect(issue({ cutat: ['x'] })).toBeDefined();
    expect(() => compileLabelRules({ cutAt: ['(unclosed'] })).toThrow(/regular expression/);
    const lazy = labelRules({ cutAt: ['(unclosed'] });
    expect(() => cleanLabel('Heat', lazy)).toThrow(/regular expression/);
  });

  it("every site's declared rules are valid (they are compiled lazily in the page)", () => {
    expect(ADAPTERS.length).toBeGreaterThan(5);
    // One entry per declaring module at least: the common, generic and each site's.
    expect(declared.length).toBeGreaterThanOrEqual(8);
    for (const rules of declared) {
      expect(v.safeParse(LabelRulesSchema, rules).issues).toBeUndefined();
      expect(() => compileLabelRules(rules)).not.toThrow();
    }
  });
});

describe('helpers', () => {
  it('tidy, firstYear, unshout', () => {
    expect(tidy('a\u00a0 b\u200b')).toBe('a b');
    expect(firstYear('21 May 2019 (Cannes)')).toBe(2019);
    expect(firstYear('2h 12m, 12345 votes')).toBeUndefined();
    expect(unshout('DUNE: Part Two')).toBe('Dune: Part Two');
    expect(unshout('THE MATRIX')).toBe('The Matrix');
    expect(unshout('RRR')).toBe('RRR');
  });

  it('yearFromSlug: a disambiguating year, not a number in the title', () => {
    expect(yearFromSlug('/film/parasite-2019/', 'Parasite')).toBe(2019);
    expect(yearFromSlug('/film/blade-runner-2049/', 'Blade Runner 2049')).toBeUndefined();
    expect(yearFromSlug('/film/come-and-see/', 'Come and See')).toBeUndefined();
    expect(yearFromSlug(null, 'x')).toBeUndefined();
  });

  it('movieFromJsonLd: Movie objects at the top level, in arrays and in @graph', () => {
    expect(movieFromJsonLd('{"@type":"Movie","name":"Heat","datePublished":"1995-12-15"}')).toEqual({
      title: 'Heat',
      year: 1995,
    });
    expect(movieFromJsonLd('{"@graph":[{"@type":"WebPage"},{"@type":["Movie"],"name":"Ronin"}]}')).toEqual({
      title: 'Ronin',
    });
    expect(movieFromJsonLd('{"@type":"TVSeries","name":"Severance"}')).toBeNull();
    expect(movieFromJsonLd('not json')).toBeNull();
  });
});

describe('titleFromTrailer', () => {
  it.each([
    ['DUNE: Part Two | Official Trailer 3', { title: 'Dune: Part Two' }],
    ['Oppenheimer - New Trailer', { title: 'Oppenheimer' }],
    ['Barbie (2023) Official Teaser Trailer | Warner Bros.', { title: 'Barbie', year: 2023 }],
    ['Inside Out 2 | Official Trailer', { title: 'Inside Out 2' }],
    ['THE BATMAN – Main Trailer', { title: 'The Batman' }],
    ['Past Lives | Official Trailer HD | A24', { title: 'Past Lives' }],
    ['Nosferatu: Official Trailer', { title: 'Nosferatu' }],
  ])('%j → %j', (video, expected) => {
    expect(titleFromTrailer(video)).toEqual(expected);
  });

  it.each([
    'I rewatched every Dune movie so you do not have to',
    'Dune explained in 10 minutes',
    'Trailer Park Boys season 1 recap',
    'Official Trailer',
    '',
  ])('%j is not a trailer of a film', (video) => {
    expect(titleFromTrailer(video)).toBeNull();
  });
});
