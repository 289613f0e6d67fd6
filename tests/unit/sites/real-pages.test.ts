import { expect, it } from 'vitest';
import { describeShared } from '../../shared';
import { savedPage } from './load';
import {
  adapterFor,
  findTextRoots,
  findTiles,
  GENERIC_ARTICLE,
  isExcluded,
} from '../../../lib/sites/registry';
import { letterboxd } from '../../../lib/sites/letterboxd';
import { wikipedia } from '../../../lib/sites/wikipedia';
import { GENERIC_TEXT_ROOTS } from '../../../lib/sites/generic';
import type { SiteAdapter } from '../../../lib/sites/types';
import { max } from '../../../lib/sites/max';

const page = (name: string) => `data/pages/${name}`;

// Real pages saved by third parties (../shared/data/pages/README.md has origins and licences).
const titles = (tiles: { title: string; year?: number }[]) =>
  tiles.map((t) => (t.year ? `${t.title} (${t.year})` : t.title));

describeShared(
  'Letterboxd adapter on the real top-250 list page',
  [page('letterboxd_list_top250.html')],
  () => {
    const doc = savedPage('letterboxd_list_top250.html');
    const tiles = findTiles(doc, letterboxd);

    it('finds every poster once, in list order', () => {
      expect(doc.querySelectorAll('li.poster-container').length).toBe(100);
      expect(tiles).toHaveLength(100);
      expect(titles(tiles).slice(0, 6)).toEqual([
        'Everything Everywhere All at Once',
        'Parasite (2019)', // year from the disambiguating slug /film/parasite-2019/
        'Come and See',
        'Harakiri',
        'The Godfather',
        'The Godfather: Part II',
      ]);
      expect(titles(tiles).slice(-3)).toEqual(['City Lights', 'No Country for Old Men', '8½']);
      // The 2022 markup has no years; only the two disambiguated slugs carry one.
      expect(titles(tiles).filter((t) => /\(\d{4}\)$/.test(t))).toEqual([
        'Parasite (2019)',
        'Whiplash (2014)',
      ]);
    });

    it('marks the poster element and uses the film rule, not the fallback', () => {
      expect(tiles.every((t) => t.target === t.el && t.el.matches('.film-poster'))).toBe(true);
      expect(new Set(tiles.map((t) => t.rule)).size).toBe(1);
      expect(tiles[0]!.rule).toBe(letterboxd.tiles[0]);
    });
  },
);

describeShared(
  'Wikipedia adapter on the real "List of films featuring time loops"',
  [page('wikipedia_list_of_time_loop_films.html')],
  () => {
    const doc = savedPage('wikipedia_list_of_time_loop_films.html');
    const tiles = findTiles(doc, wikipedia);

    it('reads one title and year per table row, linked or not', () => {
      const rows = doc.querySelectorAll('table.wikitable tbody tr');
      expect(tiles).toHaveLength(rows.length);
      expect(tiles).toHaveLength(72);
      expect(titles(tiles).slice(0, 5)).toEqual([
        'Repeat Performance (1947)',
        'The Time Travelers (1964)',
        'Journey to the Center of Time (1967)',
        'Le 15 Mai (1969)', // no link, italics only
        'The Girl Who Leapt Through Time (1983)',
      ]);
      expect(titles(tiles)).toContain('12:01 PM (1990)');
      expect(titles(tiles).slice(-1)).toEqual(['Dreadful Chapters (2023)']);
    });

    it('leaves italic links in description cells to the text scanner', () => {
      // "Remake of The Time Travelers" is prose in the third cell.
      expect(tiles.filter((t) => t.title === 'The Time Travelers')).toHaveLength(1);
    });

    it('scans the article body and skips the navbox', () => {
      const roots = findTextRoots(doc, wikipedia);
      expect(roots).toHaveLength(1);
      expect(roots[0]!.textContent).toContain('Groundhog Day');
      const navbox = doc.querySelector('.navbox');
      expect(navbox).not.toBeNull();
      expect(isExcluded(navbox!, wikipedia)).toBe(true);
    });
  },
);

describeShared('Max adapter on the real HBO Max player page', [page('hbomax_player_weapons.html')], () => {
  const doc = savedPage('hbomax_player_weapons.html');

  it('reads the playing title from the player', () => {
    expect(adapterFor('play.hbomax.com')).toBe(max);
    const tiles = findTiles(doc, max);
    expect(titles(tiles)).toEqual(['Weapons']);
    expect(tiles[0]!.el.getAttribute('data-testid')).toBe('player-ux-asset-title');
  });

  it('excludes player chrome (track names, timers) from text scanning', () => {
    const track = [...doc.querySelectorAll('[data-testid="player-ux-audio-track-button"]')].find(
      (b) => b.textContent === 'English - Audio Description',
    )!;
    expect(track).toBeDefined();
    expect(isExcluded(track, max)).toBe(true);
    expect(isExcluded(doc.querySelector('[data-testid="player-ux-asset-title"]')!, max)).toBe(false);
  });
});

/** The text an engine scans: text nodes under the roots, outside excluded elements. */
function scannedText(doc: Document, adapter: SiteAdapter): string {
  const out: string[] = [];
  for (const root of findTextRoots(doc, adapter)) {
    const walker = doc.createTreeWalker(root, 4 /* SHOW_TEXT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (parent && !parent.closest('script, style, noscript') && !isExcluded(parent, adapter))
        out.push(n.textContent ?? '');
    }
  }
  return out.join(' ').replace(/\s+/g, ' ');
}

describeShared(
  'generic article adapter on real news pages (whole body minus excludes)',
  [
    page('vox_21_best_movies_2017.html'),
    page('rollingstone_la_la_land.html'),
    page('reuters_parasite_sag_awards.html'),
  ],
  () => {
    const ARTICLE_ROOTS: SiteAdapter = { ...GENERIC_ARTICLE, textRoots: GENERIC_TEXT_ROOTS };

    it('Vox: the films in the entry, not the global header or footer; the trending rail as a side part', () => {
      const doc = savedPage('vox_21_best_movies_2017.html');
      const text = scannedText(doc, GENERIC_ARTICLE);
      for (const film of ['Lady Bird', 'Dunkirk', 'Get Out', 'The Big Sick']) expect(text).toContain(film);
      const footer = doc.querySelector('footer.c-footer')!;
      const nav = doc.querySelector('nav.c-global-header__links')!;
      const trending = doc.querySelector('aside.c-rock-list--trending')!;
      for (const chrome of [footer, nav]) expect(isExcluded(chrome, GENERIC_ARTICLE)).toBe(true);
      // Other stories' headlines name films a reader sees: read, as a side part.
      expect(isExcluded(trending, GENERIC_ARTICLE)).toBe(false);
      expect(trending.matches(GENERIC_ARTICLE.side!.join(','))).toBe(true);
      expect(text).not.toContain(footer.textContent!.replace(/\s+/g, ' ').trim().slice(0, 40));
    });

    it('Vox: the usual article containers, when a caller prefers them, are disjoint', () => {
      const roots = findTextRoots(savedPage('vox_21_best_movies_2017.html'), ARTICLE_ROOTS);
      expect(roots.map((r) => r.tagName)).toEqual(['DIV', 'H1', 'H2']); // .l-article-body, headline, dek
      expect(roots.every((r) => !roots.some((o) => o !== r && o.contains(r)))).toBe(true);
    });

    it('Rolling Stone: the article, not the subscription modals, the site header or the newswire cards', () => {
      const doc = savedPage('rollingstone_la_la_land.html');
      const text = scannedText(doc, GENERIC_ARTICLE);
      expect(text).toContain('La La Land');
      expect(text).toMatch(/Singin.+in the Rain/);
      expect(doc.querySelectorAll('main.modal__content')).toHaveLength(5);
      for (const modal of doc.querySelectorAll('main.modal__content'))
        expect(isExcluded(modal, GENERIC_ARTICLE)).toBe(true);
      expect(isExcluded(doc.querySelector('h1.l-header__branding')!, GENERIC_ARTICLE)).toBe(true);
      for (const card of doc.querySelectorAll('.c-newswire article'))
        expect(isExcluded(card, GENERIC_ARTICLE)).toBe(true);
      for (const nav of doc.querySelectorAll('nav')) expect(isExcluded(nav, GENERIC_ARTICLE)).toBe(true);
      const roots = findTextRoots(doc, ARTICLE_ROOTS);
      expect(roots.map((r) => `${r.tagName}.${r.className}`)).toEqual(['MAIN.l-blog__primary']);
    });

    it('Reuters: the article body and headline, not the footer', () => {
      const doc = savedPage('reuters_parasite_sag_awards.html');
      const text = scannedText(doc, GENERIC_ARTICLE);
      for (const film of ['Parasite', 'The Irishman', 'Marriage Story', 'Little Women'])
        expect(text).toContain(film);
      const footer = doc.querySelector('footer')!;
      expect(isExcluded(footer, GENERIC_ARTICLE)).toBe(true);
      expect(findTextRoots(doc, ARTICLE_ROOTS).map((r) => r.tagName)).toEqual(['ARTICLE', 'H1']);
    });
  },
);
