/**
 * Context rules of free-text detection: another medium next to the title, the page's
 * date, a title used as a place, films named together, links to other pages; and tiles that give a
 * year or a shortened title.
 */
import { describe, expect, it } from 'vitest';
import { setBody } from '../html';
import { buildLexicon, loadLexicon, type LexiconEntry } from '@/lib/detect/lexicon';
import { createScanEnv, scanAll, type Detection } from '@/lib/detect/scan';
import { pageEntriesOf, pageYearOf } from '@/lib/detect/ids';
import { readPageFacts } from '@/lib/detect/page-facts';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';
import { wikipedia } from '@/lib/sites/wikipedia';
import type { SiteAdapter } from '@/lib/sites/types';

const entries: LexiconEntry[] = [
  { ref: 'w/deh', title: 'Dear Evan Hansen', year: 2021, people: ['Ben Platt'] },
  { ref: 'w/it', title: 'It', year: 2017, people: ['Bill Skarsgård'] },
  { ref: 'w/red', title: 'Red', year: 2010, people: ['Bruce Willis'] },
  { ref: 'w/parasite', title: 'Parasite', year: 1982, people: ['Demi Moore'] },
  { ref: 'w/angels', title: 'City of Angels', year: 1998, people: ['Nicolas Cage', 'Meg Ryan'] },
  { ref: 'w/lalaland', title: 'La La Land', year: 2016, people: ['Ryan Gosling', 'Emma Stone'] },
  { ref: 'w/groundhog', title: 'Groundhog Day', year: 1993, people: ['Bill Murray'] },
  { ref: 'w/edge', title: 'Edge of Tomorrow', year: 2014, people: ['Tom Cruise'] },
  {
    ref: 'w/nye',
    title: "New Year's Eve",
    year: 2011,
    ids: { wikipedia: "New_Year's_Eve_(2011_film)" },
  },
  { ref: 'w/source', title: 'Source Code', year: 2011, ids: { wikipedia: 'Source_Code' } },
  { ref: 'w/road', title: 'The Road', year: 2009 },
  { ref: 'w/mirror', title: 'The Mirror', year: 1917 },
  { ref: 'w/dune84', title: 'Dune', year: 1984 },
  { ref: 'w/1984', title: '1984', year: 1984 },
  { ref: 'w/lost', title: 'Lost in Translation', year: 2003, people: ['Bill Murray'] },
  {
    ref: 'w/xmas',
    title: 'Christmas Every Day',
    year: 1996,
    ids: { wikipedia: 'Christmas_Every_Day_(film)' },
  },
  { ref: 'w/palm', title: 'Palm Springs', year: 2020, ids: { wikipedia: 'Palm_Springs_(2020_film)' } },
];
const lex = loadLexicon(buildLexicon(entries));

function detect(
  html: string,
  url = 'https://example.org/a',
  adapter: SiteAdapter = GENERIC_ARTICLE,
  head = '',
) {
  setBody(html); // test fixture text, not index data
  setHead(head);
  return scanAll(
    document.body,
    createScanEnv(lex, adapter, pageEntriesOf(readPageFacts(document, url), lex)),
  );
}
/** Fixture markup for <head> (test-written), parsed without innerHTML. */
function setHead(html: string) {
  const parsed = new DOMParser().parseFromString(`<head>${html}</head>`, 'text/html');
  document.head.replaceChildren(
    ...Array.from(parsed.head.childNodes).map((n) => document.importNode(n, true)),
  );
}
const shown = (ds: Detection[]) =>
  ds.filter((d) => d.confidence >= 0.6 && d.entries.length).map((d) => `${d.text}=${d.refs[0]}`);
const dated = (year: number) => `<meta property="article:published_time" content="${year}-06-01T10:00:00Z">`;

describe('another medium sharing a film’s title', () => {
  it('does not mark a stage musical, a novel or an album, even in italics', () => {
    const ds = detect(
      '<p>The songwriters behind the Broadway sensation <i>Dear Evan Hansen</i> wrote the lyrics.</p>' +
        '<p>Stephen King’s novel It is back in print. Taylor Swift’s album Red tops the chart.</p>' +
        '<p>She had just come off doing <i>Red</i> on Broadway.</p>' +
        '<p>In New York, on Broadway, where <i>Dear Evan Hansen</i> still sells out.</p>',
    );
    expect(shown(ds)).toEqual([]);
  });

  it('marks the film of the same name named as a film', () => {
    const ds = detect(
      '<p>The film <i>Dear Evan Hansen</i> (2021) stars Ben Platt. The novel adaptation <em>It</em> (2017) is a film.</p>',
    );
    expect(shown(ds)).toEqual(['Dear Evan Hansen=w/deh', 'It=w/it']);
  });
});

describe('the page’s date', () => {
  const news = '<p>South Korean thriller “Parasite” was the upset winner at the awards on Sunday.</p>';

  it('reads the publication year from meta, JSON-LD or the URL', () => {
    setBody('<p>x</p>');
    setHead(dated(2020));
    expect(pageYearOf(readPageFacts(document, 'https://example.org/a'))).toBe(2020);
    setHead(
      '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-02-03"}</script>',
    );
    expect(pageYearOf(readPageFacts(document, 'https://example.org/a'))).toBe(2019);
    setHead('');
    expect(
      pageYearOf(readPageFacts(document, 'https://www.vox.com/culture/2017/12/15/16751872/best-movies')),
    ).toBe(2017);
    expect(pageYearOf(readPageFacts(document, 'https://example.org/a'))).toBeUndefined();
  });

  it('news of the page’s time is not about a film of that name from decades before', () => {
    expect(shown(detect(news, 'https://example.org/a', GENERIC_ARTICLE, dated(2020)))).toEqual([]);
    // The same sentence on an undated page: nothing contradicts the 1982 film.
    expect(shown(detect(news))).toEqual(['Parasite=w/parasite']);
    // An old film named in a dated page without news words is still that film.
    expect(
      shown(
        detect(
          '<p>I rewatched the thriller “Parasite” with Demi Moore.</p>',
          'https://e.org/',
          GENERIC_ARTICLE,
          dated(2020),
        ),
      ),
    ).toEqual(['Parasite=w/parasite']);
  });

  it('a film released after the page was written is not the one it names', () => {
    const html = '<p>The songwriters of <i>Dear Evan Hansen</i> are having quite a moment.</p>';
    expect(shown(detect(html, 'https://example.org/a', GENERIC_ARTICLE, dated(2016)))).toEqual([]);
    expect(shown(detect(html, 'https://example.org/a', GENERIC_ARTICLE, dated(2022)))).toEqual([
      'Dear Evan Hansen=w/deh',
    ]);
  });
});

describe('titles used as places or as words', () => {
  it('a place describing another film is not a film', () => {
    const ds = detect(
      '<p>Damien Chazelle, the director behind the modern-day City of Angels romance <i>La La Land</i>, spoke.</p>',
    );
    expect(shown(ds)).toEqual(['La La Land=w/lalaland']);
  });

  it('"the City of Angels" is the city; the italic title with its year is the film', () => {
    // How ordinary the words are is read from the index's titles (no word list): a ten-film index
    // cannot say, so the plain phrase is weighed by its other evidence ("the" before it) only.
    const plain = detect('<p>He moved to the City of Angels to work in film.</p>').find(
      (d) => d.entries.length,
    );
    const styled = detect('<p>Meg Ryan in <em>City of Angels</em> (1998).</p>').find((d) => d.entries.length);
    expect(plain!.confidence).toBeLessThan(styled!.confidence - 0.2);
    expect(shown(detect('<p>Meg Ryan in <em>City of Angels</em> (1998).</p>'))).toEqual([
      'City of Angels=w/angels',
    ]);
  });

  it('a bare number is a year unless styled as a title', () => {
    expect(shown(detect('<p>David Lynch’s <em>Dune</em> (1984) is a cult film.</p>'))).toEqual([
      'Dune=w/dune84',
    ]);
  });
});

describe('films named together', () => {
  it('a film named with confidence is evidence for the film named beside it', () => {
    const ds = detect(
      '<p>Time-loop fans: Groundhog Day remains the template, and Edge of Tomorrow gives it a war.</p>',
    );
    expect(shown(ds)).toEqual(['Groundhog Day=w/groundhog', 'Edge of Tomorrow=w/edge']);
    expect(shown(detect('<p>Pennsylvania celebrates Groundhog Day every February.</p>'))).toEqual([]);
  });
});

describe('links', () => {
  it('a link to a page of a site whose films the index knows, but to none of them, names something else', () => {
    const ds = detect(
      '<p>A woman shot her husband on <a href="https://en.wikipedia.org/wiki/New_Year%27s_Eve">New Year’s Eve</a> in 1946.</p>' +
        '<p>See <a href="https://en.wikipedia.org/wiki/Source_Code">Source Code</a>.</p>',
    );
    expect(shown(ds)).toEqual(['Source Code=w/source', 'Source Code=w/source']);
  });
});

describe('tiles', () => {
  const row = (title: string, year: number) =>
    `<tr><th><i><a href="/wiki/x">${title}</a></i></th><td>${year}</td><td>Plot.</td></tr>`;
  const tiles = (ds: Detection[]) =>
    ds.filter((d) => d.kind === 'tile').map((d) => `${d.text}=${d.refs.join(' ')}`);

  it('a tile dated for another film of that name gets no film', () => {
    const html = `<div id="mw-content-text"><table class="wikitable">${row('The Road', 2011)}${row('The Road', 2009)}</table></div>`;
    expect(tiles(detect(html, 'https://en.wikipedia.org/wiki/List', wikipedia))).toEqual([
      'The Road=',
      'The Road=w/road',
    ]);
  });

  it('a tile names the whole title: "Mirror" is not "The Mirror" unless its year agrees', () => {
    const html = `<div id="mw-content-text"><table class="wikitable">${row('Mirror', 1975)}${row('Mirror', 1917)}</table></div>`;
    expect(tiles(detect(html, 'https://en.wikipedia.org/wiki/List', wikipedia))).toEqual([
      'Mirror=',
      'Mirror=w/mirror',
    ]);
  });
});

describe('wrapped source lines', () => {
  it('a title broken over two lines of the page source is one title', () => {
    expect(shown(detect('<p>Sofia Coppola’s Lost in\n        Translation, with Bill Murray.</p>'))).toEqual([
      'Lost in\n        Translation=w/lost',
    ]);
  });

  it('indentation before a title is not the start of a sentence', () => {
    const ds = detect('<p>Films: <em>Dune</em> (1984),\n        <em>City of Angels</em> and more.</p>');
    expect(ds.find((d) => d.text === 'City of Angels')?.reason).toContain('title in italics');
    expect(shown(ds)).toContain('City of Angels=w/angels');
  });
});

describe('a film the page links to', () => {
  const links =
    '<p><a href="https://en.wikipedia.org/wiki/Christmas_Every_Day_(film)">Christmas Every Day</a>, ' +
    '<a href="https://en.wikipedia.org/wiki/Palm_Springs_(2020_film)">Palm Springs</a>.</p>';

  const inText = (ds: Detection[]) => shown(ds.filter((d) => d.kind === 'text'));

  it('is certain where its title is written as a title', () => {
    expect(inText(detect(links + '<p>A remake of Christmas Every Day.</p>'))).toEqual([
      'Christmas Every Day=w/xmas',
      'Palm Springs=w/palm',
      'Christmas Every Day=w/xmas',
    ]);
  });

  it('is not marked in other words, another medium or a modifier, even named again', () => {
    const ds = detect(
      links +
        '<p>He relives the same Christmas every day.</p>' +
        '<p>Based on the 1892 short story "Christmas Every Day".</p>' +
        '<p>They meet at a Palm Springs wedding.</p>',
    );
    // Only the two links themselves.
    expect(inText(ds)).toEqual(['Christmas Every Day=w/xmas', 'Palm Springs=w/palm']);
  });
});
