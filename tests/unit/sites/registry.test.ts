import { describe, expect, it } from 'vitest';
import { fixture, parse } from './load';
import {
  ADAPTERS,
  adapterFor,
  findTextRoots,
  findTiles,
  GENERIC_ARTICLE,
  genericTileRule,
  isExcluded,
} from '../../../lib/sites/registry';
import { KNOWN_SITES } from '../../../lib/sites/known';
import { netflix } from '../../../lib/sites/netflix';
import { GENERIC_TEXT_ROOTS } from '../../../lib/sites/generic';
import type { SiteAdapter } from '../../../lib/sites/types';

describe('adapterFor', () => {
  it.each([
    ['netflix.com', 'netflix'],
    ['www.netflix.com', 'netflix'],
    ['WWW.NETFLIX.COM', 'netflix'],
    ['www.primevideo.com', 'primevideo'],
    ['www.disneyplus.com', 'disneyplus'],
    ['play.max.com', 'max'],
    ['play.hbomax.com', 'max'],
    ['www.hulu.com', 'hulu'],
    ['tv.apple.com', 'appletv'],
    ['m.youtube.com', 'youtube'],
    ['www.youtube.com', 'youtube'],
    ['letterboxd.com', 'letterboxd'],
    ['www.imdb.com', 'imdb'],
    ['m.imdb.com', 'imdb'],
    ['en.wikipedia.org', 'wikipedia'],
    ['en.m.wikipedia.org', 'wikipedia'],
    ['netflix.com.', 'netflix'], // fully qualified
  ])('%s → %s', (host, id) => {
    expect(adapterFor(host)?.id).toBe(id);
  });

  it.each([
    'notnetflix.com',
    'netflix.com.evil.example',
    'apple.com',
    'www.apple.com',
    'wikipedia.org',
    'vox.com',
    '',
  ])('no adapter for %j', (host) => {
    expect(adapterFor(host)).toBeUndefined();
  });

  it('never returns the generic article adapter', () => {
    expect(ADAPTERS).not.toContain(GENERIC_ARTICLE);
    expect(GENERIC_ARTICLE.hosts).toEqual([]);
  });
});

describe('the registry', () => {
  it('has one adapter per site, with unique ids and hosts, each citing what it was checked on', () => {
    expect(ADAPTERS.map((a) => a.id)).toEqual([
      'netflix',
      'primevideo',
      'disneyplus',
      'max',
      'hulu',
      'appletv',
      'youtube',
      'letterboxd',
      'imdb',
      'wikipedia',
    ]);
    const hosts = ADAPTERS.flatMap((a) => a.hosts);
    expect(new Set(hosts).size).toBe(hosts.length);
    for (const a of ADAPTERS) {
      expect(a.tiles.length).toBeGreaterThan(0);
      expect(a.checkedOn.length).toBeGreaterThan(0);
      for (const h of a.hosts) expect(h).toMatch(/^(?!www\.)[a-z0-9.-]+\.[a-z]+$/);
    }
  });

  it('every selector parses', () => {
    const doc = parse('<p></p>');
    const selectors = [
      genericTileRule.selector,
      ...[...ADAPTERS, GENERIC_ARTICLE].flatMap((a) => [
        ...a.tiles.map((t) => t.selector),
        ...(a.textRoots ?? []),
        ...(a.exclude ?? []),
      ]),
    ];
    for (const s of selectors) expect(() => doc.querySelectorAll(s), s).not.toThrow();
  });

  it('options lists the same sites as the registry, keeping the existing switch keys', () => {
    expect(KNOWN_SITES).toEqual([
      { host: 'netflix.com', name: 'Netflix' },
      { host: 'primevideo.com', name: 'Prime Video' },
      { host: 'disneyplus.com', name: 'Disney+' },
      { host: 'max.com', name: 'Max' },
      { host: 'hulu.com', name: 'Hulu' },
      { host: 'tv.apple.com', name: 'Apple TV+' },
      { host: 'youtube.com', name: 'YouTube' },
      { host: 'letterboxd.com', name: 'Letterboxd' },
      { host: 'imdb.com', name: 'IMDb' },
      { host: 'en.wikipedia.org', name: 'Wikipedia' },
    ]);
  });
});

describe('findTiles', () => {
  it('falls back to generic detail-page links when the adapter finds nothing (redesign)', () => {
    const doc = fixture('netflix-redesign.html');
    for (const rule of netflix.tiles) expect(doc.querySelectorAll(rule.selector)).toHaveLength(0);
    const tiles = findTiles(doc, netflix);
    expect(tiles.map((t) => t.title)).toEqual(['The Irishman', 'Godzilla Minus One', 'Marriage Story']);
    expect(tiles.every((t) => t.rule === genericTileRule)).toBe(true);
    // An <img> alt is read, but the badge goes on its link; "More info" is not a title.
    expect(tiles.every((t) => t.target.tagName === 'A')).toBe(true);
    // Applied on its own, the rule reads the same three films (Marriage Story's link and art once).
    const naive = [...doc.querySelectorAll(genericTileRule.selector)].map(
      (el) => genericTileRule.read(el)?.title,
    );
    expect(naive.filter(Boolean)).toEqual(['The Irishman', 'Godzilla Minus One', 'Marriage Story']);
  });

  it('does not fall back while the adapter still finds tiles', () => {
    const tiles = findTiles(fixture('netflix.html'), netflix);
    expect(tiles.some((t) => t.rule === genericTileRule)).toBe(false);
  });

  it('reads schema.org Movie microdata on article pages, and never falls back to links there', () => {
    const doc = parse(
      '<article><a href="/movie/1" aria-label="Ronin">Ronin</a>' +
        '<div itemscope itemtype="https://schema.org/Movie"><h2 itemprop="name">Heat</h2>' +
        '<time itemprop="datePublished" datetime="1995-12-15">December 1995</time>' +
        '<div itemprop="director" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Michael Mann</span></div>' +
        '</div></article>',
    );
    expect(findTiles(doc, GENERIC_ARTICLE).map((t) => [t.title, t.year])).toEqual([['Heat', 1995]]);
    expect(findTiles(parse('<a href="/movie/1" aria-label="Ronin">Ronin</a>'), GENERIC_ARTICLE)).toEqual([]);
  });

  it('keeps the outermost of nested matches and one tile per badge target', () => {
    const adapter: SiteAdapter = {
      id: 't',
      name: 'T',
      hosts: ['t.example'],
      checkedOn: ['test'],
      tiles: [
        { selector: '.inner', read: (el) => ({ title: el.textContent ?? '' }) },
        { selector: '.card', read: (el) => ({ title: el.getAttribute('data-t') ?? '' }) },
        { selector: '.twin', read: () => ({ title: 'Twin' }), markTarget: (el) => el.parentElement! },
      ],
    };
    const doc = parse(
      '<div class="card" data-t="Heat"><span class="inner">Heat</span></div>' +
        '<div id="p"><i class="twin"></i><b class="twin"></b></div>',
    );
    const tiles = findTiles(doc, adapter);
    expect(tiles.map((t) => [t.title, t.el.className])).toEqual([
      ['Heat', 'card'],
      ['Twin', 'twin'],
    ]);
    expect(tiles[1]!.target.id).toBe('p');
  });

  it('survives a selector the DOM engine rejects', () => {
    const adapter: SiteAdapter = {
      id: 't',
      name: 'T',
      hosts: [],
      checkedOn: ['test'],
      tiles: [
        { selector: 'a[[broken', read: () => ({ title: 'x' }) },
        { selector: 'b', read: (el) => ({ title: el.textContent ?? '' }) },
      ],
    };
    expect(findTiles(parse('<b>Heat</b>'), adapter).map((t) => t.title)).toEqual(['Heat']);
  });
});

describe('isExcluded', () => {
  it('ignores page-level matches and selectors the engine rejects', () => {
    const doc = parse(
      '<body class="has-related-posts"><article><p id="a">Heat</p></article><nav><a id="n">Home</a></nav></body>',
    );
    expect(isExcluded(doc.getElementById('a')!, GENERIC_ARTICLE)).toBe(false);
    // Also when an engine tests the joined selector list itself.
    expect(doc.body.matches((GENERIC_ARTICLE.exclude ?? []).join(','))).toBe(false);
    expect(isExcluded(doc.getElementById('n')!, GENERIC_ARTICLE)).toBe(true);
    const odd: SiteAdapter = {
      id: 'odd',
      name: 'Odd',
      hosts: [],
      checkedOn: ['test'],
      tiles: [],
      exclude: ['nav[[', 'nav'],
    };
    expect(isExcluded(doc.getElementById('n')!, odd)).toBe(true);
    expect(isExcluded(doc.getElementById('a')!, odd)).toBe(false);
  });
});

describe('findTextRoots', () => {
  it('falls back to the body when no root is present, and to the given element', () => {
    const doc = parse('<div><p>Heat is great.</p></div>');
    expect(findTextRoots(doc, GENERIC_ARTICLE).map((e) => e.tagName)).toEqual(['BODY']);
    const div = doc.querySelector('div')!;
    expect(findTextRoots(div, GENERIC_ARTICLE)).toEqual([div]);
  });

  it('drops roots inside chrome and inside other roots', () => {
    const doc = parse(
      '<main><article><h1>Heat</h1><figure><figcaption>Heat</figcaption></figure></article></main>' +
        '<nav><article>Related: Ronin</article></nav><footer><h1>Site</h1></footer>',
    );
    const articleRoots = { ...GENERIC_ARTICLE, textRoots: GENERIC_TEXT_ROOTS };
    expect(findTextRoots(doc, articleRoots).map((e) => e.tagName)).toEqual(['MAIN']);
  });

  it('reads a sidebar as a side part, not as chrome', () => {
    const doc = parse('<main><p>Heat</p></main><aside><p>Kinocharts: 1. Eternals</p></aside>');
    const aside = doc.querySelector('aside')!;
    expect(isExcluded(aside, GENERIC_ARTICLE)).toBe(false);
    expect(aside.matches(GENERIC_ARTICLE.side!.join(','))).toBe(true);
  });

  it.each(ADAPTERS)(
    '$id: text roots never nest, so an engine that queries them all scans each once',
    (adapter) => {
      const doc = fixture(`${adapter.id}.html`);
      const roots = adapter.textRoots?.length ? [...doc.querySelectorAll(adapter.textRoots.join(','))] : [];
      expect(roots.filter((r) => roots.some((o) => o !== r && o.contains(r)))).toEqual([]);
    },
  );
});
