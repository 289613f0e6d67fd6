/**
 * A list of dated films, on any site: filmographies and "best of" lists write each item as a
 * title and its year, "Speed (1994)" or "1994: Speed" ("1994 – Speed", "1994 : Speed"), the way
 * Wikipedia's filmographies do in German, Dutch, French, Polish or Swedish ("1991: Gefährliche
 * Brandung (Point Break)") and fan pages and blogs do in English. An item of such a list is read
 * as a tile (its title matched whole against the index, its year dating it), which a title in
 * prose could never be: one word ("Speed") is evidence of nothing in a sentence, but an item of
 * a list whose items are each a title and a year is a film of that year or nothing.
 *
 * Only lists whose items mostly have the shape count (three at least, and half the items): a
 * list of other things with one date in it stays prose. An item that is a TV series by its own
 * words ("(Fernsehserie, 3 Folgen)", "(TV series)") stays prose too, where the not-a-film cues
 * read it. The year must agree with the film's (matchTile): a dated item never names another
 * film of its title, and a title the index lacks is no badge.
 */
import type { TileRule, TileTitle } from './types';
import { cleanLabel, plausibleYear, shortText, tidy } from './labels';

/** "Speed (1994)", with an optional role after it ("Speed (1994) – Jack Traven"). */
const TITLE_YEAR = /^(.{2,150}?)\s*\(((?:18|19|20)\d\d)\)(?:\s*(?:[–—:,-]|\bas\b|\bals\b)\s*.{0,80})?$/u;
/** "1994: Speed", "1994 – Speed", "1994 : Speed (Point Break) – Jack Traven". */
const YEAR_TITLE = /^((?:18|19|20)\d\d)\s*(?:[:–—-]|\s·)\s*(.{2,200})$/u;
/** What follows a title in an item: a role or a credit after a spaced dash or colon. */
const AFTER_TITLE = /\s+[–—:-]\s+|\s+(?:as|als|als:)\s+/u;
/** A bracket at the end of a title: another title of the film, or a note about the item. */
const BRACKET_END = /\s*\(([^()]{2,120})\)$/u;
/** Words saying the item is not a film but a series or an episode, in the languages above. */
const TV_NOTE =
  /\b(?:tv|television|series|miniseries|episodes?|fernseh\w*|serie|folgen?|staffel|série|saison|épisodes?|episodio|temporada|odcinek|serial|afleveringen?|seizoen)\b/iu;
const BRACKETS = /\(([^()]*)\)/gu;
/** Notes about a part, not another title: "(voice)", "(Stimme)", "(Cameo)", "(uncredited)". */
const ROLE_NOTE =
  /^(?:voice|stimme|sprechrolle|cameo|uncredited|nicht im abspann|short|kurzfilm|court[- ]métrage|documentary|dokumentarfilm|also \w+|auch \w+|regie|director|producer|co-?director|\d+ \w+)$/iu;

/**
 * A list is judged by its first items (lists of films are uniform): a catalogue's rows of 2,000
 * items are not each read to tell they are not a filmography.
 */
const ITEMS_READ = 24;
/** The most characters of an item's text (a filmography item is a line). */
const ITEM_CHARS = 240;

/** Lists already judged: does a list's shape say its items are dated titles? */
const judged = new WeakMap<Element, boolean>();

/** An item's text, or null when it holds a nested list or is longer than an item. */
function itemText(li: Element): string | null {
  if (li.querySelector('ul, ol')) return null;
  const text = shortText(li, ITEM_CHARS);
  return text === null ? null : tidy(text);
}

const dated = (text: string | null): boolean => !!text && (YEAR_TITLE.test(text) || TITLE_YEAR.test(text));

function datedList(list: Element): boolean {
  let known = judged.get(list);
  if (known !== undefined) return known;
  let items = 0;
  let shaped = 0;
  for (const child of list.children) {
    if (child.tagName !== 'LI') continue;
    if (++items > ITEMS_READ) break;
    if (dated(itemText(child))) shaped++;
  }
  known = shaped >= 3 && shaped * 2 >= Math.min(items, ITEMS_READ);
  judged.set(list, known);
  return known;
}

/** The title of an item and the other title in brackets after it, when there is one. */
function titled(raw: string, year: number, italic: string | null): TileTitle | null {
  let title = raw;
  // A part after the title ("– Jack Traven", ": Johnny Utah") is no part of it; the page's own
  // italics, when it has them, say where the title is.
  if (italic) title = italic;
  else {
    const cut = AFTER_TITLE.exec(title);
    if (cut && cut.index > 0) title = title.slice(0, cut.index);
  }
  let alternate: string | undefined;
  const bracket = BRACKET_END.exec(title);
  if (bracket) {
    const note = bracket[1]!.trim();
    title = title.slice(0, bracket.index);
    if (!ROLE_NOTE.test(note) && !plausibleYear(Number(note))) alternate = cleanLabel(note)?.title;
  }
  const t = cleanLabel(title);
  if (!t) return null;
  return { title: t.title, year, ...(alternate && alternate !== t.title ? { alternate } : {}) };
}

export const datedListRule: TileRule = {
  selector: 'ul > li, ol > li',
  candidates: true,
  read(el) {
    const list = el.parentElement;
    if (!list || !datedList(list)) return null;
    const text = itemText(el);
    if (!text) return null;
    for (const note of text.matchAll(BRACKETS)) if (TV_NOTE.test(note[1]!)) return null;
    const italics = el.querySelectorAll('i, em, cite');
    const italic = italics.length === 1 ? tidy(italics[0]!.textContent) || null : null;
    const yearFirst = YEAR_TITLE.exec(text);
    const yearAfter = yearFirst ? null : TITLE_YEAR.exec(text);
    const year = plausibleYear(Number(yearFirst?.[1] ?? yearAfter?.[2]));
    if (!year) return null;
    return titled(yearFirst ? yearFirst[2]! : yearAfter![1]!, year, italic);
  },
};

/**
 * A table of dated films: filmography tables in every Wikipedia language (Year | Title | Role:
 * "Jahr | Titel | Rolle", "Année | Titre | Rôle") and lists on fan sites. A row dated by a cell
 * that holds only a year (or the row above's, when that cell spans rows, as Wikipedia's do for
 * two films of one year), whose title cell is a whole italic run (the convention for film titles
 * in every Wikipedia) or sits under a "Title" header. Only tables with three dated rows at least,
 * and mostly dated rows, count.
 */
const YEAR_CELL = /^((?:18|19|20)\d\d)(?:\s*[–—-]\s*(?:(?:18|19|20)\d\d)?)?$/u;
const TITLE_HEADER = /^(?:title|titel|titre|título|titolo|tytuł|film|films|movie|película|filme)s?$/iu;
/** A table is judged by its first rows; the years of a dated table's rows are read to its end. */
const ROWS_JUDGED = 30;
/** The most rows of a dated table read for their years. */
const ROWS_READ = 2000;

interface DatedTable {
  /** The year of each dated row. */
  years: Map<Element, number>;
  /** The column index under a "Title" header, if one says so. */
  titleColumn: number;
  /** How many cells the header row has (a row whose year cell a row above spans has fewer). */
  headerCells: number;
}
const tables = new WeakMap<Element, DatedTable | null>();

/** A cell's text without its footnote markers ("Speed[3]"). */
function cellText(cell: Element): string {
  let text = '';
  const walker = cell.ownerDocument.createTreeWalker(cell, 0x4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement?.closest('sup')) continue;
    text += (n as Text).data;
    if (text.length > ITEM_CHARS) return '';
  }
  return tidy(text);
}

function datedTable(table: Element): DatedTable | null {
  const known = tables.get(table);
  if (known !== undefined) return known;
  const years = new Map<Element, number>();
  let rows = 0;
  let titleColumn = -1;
  let headerCells = 0;
  let spanning: { year: number; rows: number } | undefined;
  for (const row of table.querySelectorAll('tr')) {
    if (row.closest('table') !== table) continue;
    if (++rows > ROWS_READ) break;
    const cells = [...row.children].filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
    if (titleColumn < 0 && cells.every((c) => c.tagName === 'TH')) {
      titleColumn = cells.findIndex((c) => TITLE_HEADER.test(cellText(c)));
      headerCells = cells.length;
      rows--;
      continue;
    }
    let year: number | undefined;
    for (const cell of cells) {
      const m = YEAR_CELL.exec(cellText(cell));
      if (!m) continue;
      year = plausibleYear(Number(m[1]));
      const span = Number(cell.getAttribute('rowspan'));
      spanning = year && span > 1 ? { year, rows: span - 1 } : undefined;
      break;
    }
    if (!year && spanning && spanning.rows > 0) {
      year = spanning.year;
      spanning.rows--;
    }
    if (year) years.set(row, year);
    // Mostly undated so far: no dated table, and its other rows are not read.
    if (rows === ROWS_JUDGED && years.size * 2 < rows) break;
  }
  const table_ = years.size >= 3 && years.size * 2 >= rows ? { years, titleColumn, headerCells } : null;
  tables.set(table, table_);
  return table_;
}

export const datedTableRule: TileRule = {
  selector: 'tr > td, tr > th',
  candidates: true,
  read(cell) {
    const row = cell.parentElement;
    const table = row?.closest('table');
    if (!row || !table) return null;
    const dated = datedTable(table);
    const year = dated?.years.get(row);
    if (!dated || !year) return null;
    const text = cellText(cell);
    if (!text || YEAR_CELL.test(text)) return null;
    const italics = cell.querySelectorAll('i, em, cite');
    const italic = italics.length === 1 ? cellText(italics[0]!) : '';
    const column = [...row.children].indexOf(cell);
    // A row whose year cell spans rows below has one cell fewer in those: a "Title" header's
    // column is then one to the left.
    const underTitle =
      dated.titleColumn >= 0 &&
      (column === dated.titleColumn ||
        (column === dated.titleColumn - 1 && row.children.length < dated.headerCells));
    if (italic === text || (underTitle && !italic)) return titled(text, year, null);
    return null;
  },
};
