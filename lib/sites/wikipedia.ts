/**
 * Wikipedia film articles and film lists.
 *
 * DOM facts relied on (real saved page ../shared/data/pages/wikipedia_list_of_time_loop_films.html,
 * from mozilla/readability test/test-pages/wikipedia-4/source.html):
 * - List tables are `table.wikitable`; each film row starts with a `th` (or `td`) holding the
 *   title in italics, usually linked (`<th><i><a>Repeat Performance</a></i></th>`), sometimes not
 *   (`<th><i>Le 15 Mai</i></th>`); the year is a cell of its own (`<td>1947</td>`). Italic links in
 *   description cells are prose and left to the text scanner.
 * - Film articles open with the film infobox `table.infobox.vevent` whose `th.infobox-above`
 *   (also `.summary`) is the title; the "Release date" row's `td.infobox-data` holds the year.
 * - Prose lives in `#mw-content-text` (`.mw-parser-output` in newer saves); navboxes, references, edit links and the
 *   table of contents are chrome.
 */
import type { SiteAdapter } from './types';
import { cleanLabel, firstYear, textOf } from './labels';

const YEAR_CELL = /^\d{4}$/;

export const wikipedia: SiteAdapter = {
  id: 'wikipedia',
  name: 'Wikipedia',
  // English only: the list/infobox labels ("Release date") are English. First host = options switch.
  hosts: ['en.wikipedia.org', 'en.m.wikipedia.org'],
  checkedOn: [
    '../shared/data/pages/wikipedia_list_of_time_loop_films.html (mozilla/readability wikipedia-4, commit ab4027a): table.wikitable rows th > i [> a] + year td',
    'Wikipedia film infobox markup: table.infobox.vevent th.infobox-above.summary, "Release date" infobox-label',
    'tests/fixtures/sites/wikipedia.html',
  ],
  tiles: [
    {
      selector: 'table.wikitable tr > th:first-child > i, table.wikitable tr > td:first-child > i',
      read: (el) => {
        const t = cleanLabel(textOf(el));
        const row = el.closest('tr');
        const cell = row ? [...row.children].find((c) => YEAR_CELL.test(textOf(c))) : undefined;
        const year = firstYear(textOf(cell));
        return t && year && !t.year ? { ...t, year } : t;
      },
    },
    {
      selector: 'table.infobox.vevent .infobox-above',
      read: (el) => {
        const t = cleanLabel(textOf(el));
        const table = el.closest('table');
        const label = table
          ? [...table.querySelectorAll('th.infobox-label')].find((th) => /release/i.test(textOf(th)))
          : undefined;
        const year = firstYear(textOf(label?.parentElement?.querySelector('td.infobox-data')));
        return t && year && !t.year ? { ...t, year } : t;
      },
    },
  ],
  // The whole content area; chrome inside it (navboxes, references) is excluded below.
  textRoots: ['#mw-content-text'],
  exclude: [
    '.navbox',
    '.reflist',
    '.references',
    '.mw-editsection',
    '#toc',
    '.toc',
    '.mw-jump-link',
    '.hatnote',
    '.metadata',
    '.catlinks',
    '#mw-navigation',
    '#footer',
    'sup.reference',
  ],
};
