import { describe, expect, it } from 'vitest';
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
import { max } from '../../../lib/sites/max';

// Real pages saved by third parties (../shared/data/pages/README.md has origins and licences).
const titles = (tiles: { title: string; year?: number }[]) =>
  tiles.map((t) => (t.year ? `${t.title} (${t.year})` : t.title));

describe('Letterboxd adapter on the real top-250 list page', () => {
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
    expect(titles(tiles).filter((t) => /\(\d{4}\)$/.test(t))).toEqual(['Parasite (2019)', 'Whiplash (2014)']);
  });

  it('marks the poster element and uses the film rule, not the fallback', () => {
    expect(tiles.every((t) => t.target === t.el && t.el.matches('.film-poster'))).toBe(true);
    expect(new Set(tiles.map((t) => t.rule)).size).toBe(1);
    expect(tiles[0]!.rule).toBe(letterboxd.tiles[0]);
  });
});

describe('Wikipedia adapter on the real "List of films featuring time loops"', () => {
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
});

describe('Max adapter on the real HBO Max player page', () => {
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

describe('generic article adapter on real news pages', () => {
  const rootsOf = (file: string) => {
    const doc = savedPage(file);
    return { doc, roots: findTextRoots(doc, GENERIC_ARTICLE) };
  };
  const text = (els: Element[]) => els.map((e) => e.textContent ?? '').join('\n');

  it('Vox: the entry body and hero headline, not the global header or footer', () => {
    const { doc, roots } = rootsOf('vox_21_best_movies_2017.html');
    expect(text(roots)).toContain('Lady Bird');
    expect(text(roots)).toContain('Get Out');
    expect(roots.some((r) => r.matches('h1'))).toBe(true);
    const footer = doc.querySelector('footer.c-footer')!;
    const nav = doc.querySelector('nav.c-global-header__links')!;
    for (const chrome of [footer, nav]) {
      expect(isExcluded(chrome, GENERIC_ARTICLE)).toBe(true);
      expect(roots.some((r) => r.contains(chrome) || chrome.contains(r))).toBe(
        roots.some((r) => r.contains(chrome)),
      );
    }
    // The roots are disjoint: nothing is scanned twice.
    expect(roots.every((r) => !roots.some((o) => o !== r && o.contains(r)))).toBe(true);
  });

  it('Rolling Stone: the article in main, not the subscription modals or the newswire cards', () => {
    const { doc, roots } = rootsOf('rollingstone_la_la_land.html');
    expect(roots.map((r) => r.tagName)).toEqual(['MAIN']);
    expect(roots[0]!.className).toContain('l-blog__primary');
    expect(text(roots)).toContain('La La Land');
    expect(text(roots)).toMatch(/Singin.+in the Rain/);
    expect(doc.querySelectorAll('main.modal__content')).toHaveLength(5);
    for (const modal of doc.querySelectorAll('main.modal__content'))
      expect(isExcluded(modal, GENERIC_ARTICLE)).toBe(true);
    expect(isExcluded(doc.querySelector('h1.l-header__branding')!, GENERIC_ARTICLE)).toBe(true);
    for (const nav of doc.querySelectorAll('nav')) expect(isExcluded(nav, GENERIC_ARTICLE)).toBe(true);
  });

  it('Reuters: the article body and headline', () => {
    const { doc, roots } = rootsOf('reuters_parasite_sag_awards.html');
    expect(roots.map((r) => r.tagName)).toEqual(['ARTICLE', 'H1']);
    for (const film of ['Parasite', 'The Irishman', 'Marriage Story']) expect(text(roots)).toContain(film);
    expect(isExcluded(doc.querySelector('footer')!, GENERIC_ARTICLE)).toBe(true);
    expect(roots.some((r) => r.contains(doc.querySelector('footer')!))).toBe(false);
  });
});
