import { describe, expect, it } from 'vitest';
import { fixture, parse } from './load';
import { findTextRoots, findTiles, isExcluded } from '../../../lib/sites/registry';
import type { SiteAdapter } from '../../../lib/sites/types';
import { netflix } from '../../../lib/sites/netflix';
import { primevideo } from '../../../lib/sites/primevideo';
import { disneyplus } from '../../../lib/sites/disneyplus';
import { max } from '../../../lib/sites/max';
import { hulu } from '../../../lib/sites/hulu';
import { appletv } from '../../../lib/sites/appletv';
import { youtube } from '../../../lib/sites/youtube';
import { letterboxd } from '../../../lib/sites/letterboxd';
import { imdb } from '../../../lib/sites/imdb';
import { wikipedia } from '../../../lib/sites/wikipedia';

// Fixtures in tests/fixtures/sites/ are small pages modelled on each site's markup; each has a
// header comment naming the public code or saved page it follows.

/** "Title" or "Title (year)" for every tile found, in document order. */
function read(adapter: SiteAdapter, doc = fixture(`${adapter.id}.html`)) {
  const tiles = findTiles(doc, adapter);
  return { doc, tiles, titles: tiles.map((t) => (t.year ? `${t.title} (${t.year})` : t.title)) };
}
const count = (doc: Document, selector: string) => doc.querySelectorAll(selector).length;

describe('netflix', () => {
  const { doc, tiles, titles } = read(netflix);

  it('reads every labelled card, the old layout and the modal, once each', () => {
    expect(count(doc, 'a[data-uia="standard-card"]')).toBe(5); // one is still loading
    expect(count(doc, '[data-virtual-slot]')).toBe(7);
    expect(titles).toEqual([
      'The Irishman',
      'Godzilla Minus One', // "(Gojira -1)" is the original title, not part of the match
      'Marriage Story',
      'The Killer (2023)',
      "Don't Look Up",
      'Extraction 2',
      'Okja', // link and .fallback-text inside it: one tile
      'The Power of the Dog', // fallback text only
      'Nyad',
    ]);
    const okja = tiles.find((t) => t.title === 'Okja')!;
    expect(okja.el.tagName).toBe('A');
  });

  it('re-reads a re-used virtual slot: the card keeps its element, the label changes', () => {
    const card = doc.querySelector('[data-virtual-slot="0"] a[data-uia="standard-card"]')!;
    const rule = tiles.find((t) => t.el === card)!.rule;
    expect(rule.watchAttributes).toContain('aria-label');
    card.setAttribute('aria-label', 'Roma');
    expect(rule.read(card)).toEqual({ title: 'Roma' });
    expect(findTiles(card, netflix).map((t) => t.title)).toEqual(['Roma']);
  });
});

describe('primevideo', () => {
  it('reads data-card-title, skips a card without one, and the detail heading with its year', () => {
    const { doc, titles } = read(primevideo);
    expect(count(doc, 'li article[data-card-title]')).toBe(3);
    expect(titles).toEqual(['The Boys Presents: Diabolical', 'Saltburn', 'Air', 'The Fall Guy (2024)']);
  });
});

describe('disneyplus', () => {
  const { doc, titles } = read(disneyplus);

  it('strips badges from aria-labels, prefers the title image, reads continue watching', () => {
    expect(count(doc, 'a[data-testid="set-item"]')).toBe(8);
    expect(titles).toEqual([
      'Avatar: Fire and Ash (2025)', // "Subtitles Available Badge … Rated 12+ Released 2025. …"
      'Zootropolis 2',
      'The Doomies', // "… Disney+ Original Select for details on this title."
      'Spider-Man: Homecoming', // the rating icon's alt "Rated PG" is not the title
      'Elio',
      'Inside Out 2',
    ]);
  });

  it('skips live and upcoming events and episode links', () => {
    expect(titles.join(' ')).not.toMatch(/LIVE|Upcoming|Glorious Purpose/);
  });
});

describe('max', () => {
  const { doc, tiles, titles } = read(max);

  it('reads positional labels, Top 10 and grid tiles, and skips episodes', () => {
    expect(count(doc, 'a[data-testid$="_tile"][data-sonic-type]')).toBe(7);
    expect(titles).toEqual([
      'Dune: Part Two', // bidi isolates removed
      'Mr. & Mrs. Smith',
      'Barbie', // ". Leaving Soon"
      'The Last of Us',
      'Weapons', // "Number 1: Weapons. 1 of 10"
      'Sinners (2025)', // "Row 1 of 3, Column 2 of 6. Released in 2025."
    ]);
  });

  it('puts the badge beside the tile link, in its rail cell', () => {
    expect(tiles.every((t) => t.target === t.el.parentElement)).toBe(true);
  });
});

describe('hulu', () => {
  it('reads "Cover art for" alts, marks the tile link, skips empty and logo images', () => {
    const { doc, tiles, titles } = read(hulu);
    expect(count(doc, 'img[alt^="Cover art for "]')).toBe(3);
    expect(titles).toEqual(['Prey', 'Boston Strangler', 'Fresh', 'Palm Springs']);
    expect(tiles.slice(0, 3).every((t) => t.target.tagName === 'A' && t.target.contains(t.el))).toBe(true);
  });
});

describe('appletv', () => {
  const { tiles, titles } = read(appletv);

  it('reads JSON-LD for the page film and movie lockups, not shows', () => {
    expect(titles).toEqual(['F1 The Movie (2025)', 'Killers of the Flower Moon', 'Napoleon', 'Wolfs']);
  });

  it('marks the heading for JSON-LD and the link for artwork', () => {
    expect(tiles[0]!.target.tagName).toBe('H1');
    expect(tiles.find((t) => t.title === 'Napoleon')!.target.tagName).toBe('A');
  });
});

describe('youtube', () => {
  const { doc, titles } = read(youtube);

  it('reads movie listings and the film out of trailer titles only', () => {
    expect(count(doc, '#video-title')).toBe(6);
    expect(titles).toEqual([
      'Dune: Part Two', // ytd-movie-renderer
      'Dune: Part Two', // "DUNE: Part Two | Official Trailer 3"
      'Oppenheimer',
      'Barbie (2023)', // "Barbie (2023) Official Teaser Trailer | Warner Bros."
      'Trailer Park Boys: The Movie',
      'Nosferatu', // new lockup markup, "| Official Trailer | Focus Features"
      'Sinners', // watch page heading
    ]);
  });

  it('scans the description, not comments or the search box', () => {
    const roots = findTextRoots(doc, youtube);
    expect(roots.map((r) => r.id)).toEqual(['description']);
    expect(isExcluded(doc.querySelector('#content-text')!, youtube)).toBe(true);
  });
});

describe('letterboxd', () => {
  it('reads all three poster markups with years, once each, and the film header', () => {
    const { doc, titles } = read(letterboxd);
    expect(count(doc, '.film-poster')).toBe(6);
    expect(titles).toEqual([
      'Perfect Days (2023)',
      'Paterson (2016)', // data-item-name "Paterson (2016)", inner .film-poster not read twice
      'Tokyo Story (1953)',
      'Jeanne Dielman, 23 quai du Commerce, 1080 Bruxelles (1975)',
      'Blade Runner 2049', // the slug's "2049" is part of the title, not a year
      'The Thing (1982)', // year from the slug "/film/the-thing-1982/"
    ]);
  });
});

describe('letterboxd film page, current header markup', () => {
  it('reads h1.headline-1.primaryname with the /films/year/ link', () => {
    const doc = parse(
      '<section class="production-masthead"><h1 class="headline-1 primaryname"><span class="name">Anora</span></h1>' +
        '<div class="details"><span class="releasedate"><a href="/films/year/2024/">2024</a></span></div></section>' +
        '<h1 class="headline-1">Official Top 250 Narrative Feature Films</h1>',
    );
    expect(findTiles(doc, letterboxd).map((t) => [t.title, t.year])).toEqual([['Anora', 2024]]);
  });
});

describe('imdb', () => {
  const { doc, titles } = read(imdb);

  it('reads the hero title with its year, poster cards and chart items without ranks', () => {
    expect(titles).toEqual([
      'Parasite (2019)',
      'Snowpiercer',
      'The Shawshank Redemption (1994)',
      'The Godfather (1972)',
      '12 Angry Men (1957)',
    ]);
    expect(titles).not.toContain('More like this');
    // The chart item's poster overlay names the same film as its h3: one tile, on the h3.
    expect(count(doc, 'a.ipc-lockup-overlay')).toBe(2);
  });

  it('scans the plot, never the principal credits', () => {
    expect(findTextRoots(doc, imdb).map((r) => r.getAttribute('data-testid'))).toEqual(['plot']);
    for (const credit of doc.querySelectorAll('[data-testid="title-pc-principal-credit"] a'))
      expect(isExcluded(credit, imdb)).toBe(true);
  });
});

describe('wikipedia', () => {
  const { doc, titles } = read(wikipedia);

  it('reads the infobox title and the first release year', () => {
    expect(titles).toEqual(['Parasite (2019)']);
  });

  it('scans the article but not the navbox, references or hatnote', () => {
    const roots = findTextRoots(doc, wikipedia);
    expect(roots.map((r) => r.id)).toEqual(['mw-content-text']);
    for (const sel of ['.navbox a', '.reflist li', '.hatnote'])
      expect(isExcluded(doc.querySelector(sel)!, wikipedia)).toBe(true);
    expect(isExcluded(doc.querySelector('.mw-parser-output > p')!, wikipedia)).toBe(false);
  });
});

describe('every rule on its own (how lib/detect applies them)', () => {
  // The engine may query each rule's selector and read every match itself, without findTiles'
  // nested dedupe: inner rules must then stay silent where an enclosing tile is read.
  it.each([netflix, primevideo, disneyplus, max, hulu, appletv, youtube, letterboxd, imdb, wikipedia])(
    '$id: each film read once',
    (adapter) => {
      const doc = fixture(`${adapter.id}.html`);
      const naive = adapter.tiles.flatMap((rule) =>
        [...doc.querySelectorAll(rule.selector)].map((el) => rule.read(el)?.title).filter(Boolean),
      );
      expect(naive.sort()).toEqual(
        findTiles(doc, adapter)
          .map((t) => t.title)
          .sort(),
      );
    },
  );
});
