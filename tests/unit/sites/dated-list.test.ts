/**
 * Lists of dated films on any site (lib/sites/dated-list.ts): the shapes filmographies and lists
 * write ("1994: Speed", "Speed (1994)", "1991 : <i>Point Break</i> de Kathryn Bigelow : Johnny
 * Utah"), each read as a tile dated by its year; lists of other dated things stay prose. The
 * corpus's real pages have no such list (their lists are Wikipedia tables, read by the Wikipedia
 * adapter), so the markup here is written for the test in the shapes of German, French and
 * English Wikipedia filmographies and fan pages.
 */
import { describe, expect, it } from 'vitest';
import { setBody } from '../../html';
import { lexiconOf, shownOn } from '../../shown-on';
import type { LexiconEntry } from '@/lib/detect/lexicon';
import { withSynopsisCut } from '@/lib/sites/registry';
import { datedListRule } from '@/lib/sites/dated-list';

const entries: LexiconEntry[] = [
  { ref: 'f/speed', title: 'Speed', year: 1994 },
  { ref: 'f/point-break', title: 'Point Break', year: 1991 },
  { ref: 'f/point-break-2015', title: 'Point Break', year: 2015 },
  { ref: 'f/matrix', title: 'The Matrix', year: 1999 },
  { ref: 'f/constantine', title: 'Constantine', year: 2005 },
  { ref: 'f/john-wick', title: 'John Wick', year: 2014 },
  { ref: 'f/dark', title: 'Dark', year: 2015 },
  { ref: 'f/chicago', title: 'Chicago', year: 2002 },
];
const lex = lexiconOf(entries);
const shown = (html: string) => shownOn(lex, html);

describe('lists of dated films', () => {
  it('a German filmography: year first, the original title in brackets', () => {
    expect(
      shown(`<h2>Filmografie (Auswahl)</h2><ul>
        <li>1991: Gefährliche Brandung (Point Break)</li>
        <li>1994: Speed</li>
        <li>1999: Matrix (The Matrix)</li>
        <li>2005: Constantine</li></ul>`),
    ).toEqual([
      'tile:Point Break=f/point-break',
      'tile:Speed=f/speed',
      'tile:Matrix=f/matrix',
      'tile:Constantine=f/constantine',
    ]);
  });

  it('an English list: the year in brackets after the title, a role after a dash', () => {
    expect(
      shown(
        `<ul><li>Speed (1994) – Jack Traven</li><li>John Wick (2014)</li><li>Point Break (1991)</li></ul>`,
      ),
    ).toEqual(['tile:Speed=f/speed', 'tile:John Wick=f/john-wick', 'tile:Point Break=f/point-break']);
  });

  it('a French filmography: the italics say where the title is, past the credits', () => {
    expect(
      shown(`<ul><li>1991 : <i>Point Break</i> de Kathryn Bigelow : Johnny Utah</li>
        <li>1994 : <i>Speed</i> de Jan de Bont : Jack Traven</li>
        <li>2005 : <i>Constantine</i> de Francis Lawrence</li></ul>`),
    ).toEqual(['tile:Point Break=f/point-break', 'tile:Speed=f/speed', 'tile:Constantine=f/constantine']);
  });

  it('the year picks the film of that year, and a year of no such film is no badge', () => {
    expect(shown(`<ul><li>2015: Point Break</li><li>1994: Speed</li><li>2010: Speed</li></ul>`)).toEqual([
      'tile:Point Break=f/point-break-2015',
      'tile:Speed=f/speed',
    ]);
  });

  it('a series by its own note stays prose, where the not-a-film cues read it', () => {
    const html = `<ul><li>2017: Dark (Fernsehserie, 10 Folgen)</li><li>1994: Speed</li><li>2014: John Wick</li></ul>`;
    setBody(html);
    expect(datedListRule.read(document.querySelector('li')!)).toBeNull();
    expect(shown(html)).toEqual(['tile:Speed=f/speed', 'tile:John Wick=f/john-wick']);
  });

  it('lists of other things stay prose: a timeline, two dated items, a list mostly undated', () => {
    expect(
      shown(`<ul><li>1998: The company was founded in Chicago</li><li>2004: Moved to Philadelphia</li>
        <li>2010: Opened an office in Paris</li></ul>`),
    ).toEqual([]);
    setBody(`<ul><li>1994: Speed</li><li>2014: John Wick</li></ul>`);
    expect(datedListRule.read(document.querySelector('li')!)).toBeNull();
    setBody(
      `<ul><li>1994: Speed</li><li>2014: John Wick</li><li>2005: Constantine</li>` +
        `<li>Tickets</li><li>News</li><li>Shop</li><li>About us</li></ul>`,
    );
    expect(datedListRule.read(document.querySelector('li')!)).toBeNull();
  });

  it('an item with a nested list or longer than a line is no item of the shape', () => {
    setBody(
      `<ul><li>1994: Speed<ul><li>a</li></ul></li><li>2014: John Wick</li><li>2005: Constantine</li>` +
        `<li>1991: Point Break</li><li>1999: ${'The Matrix '.repeat(30)}</li></ul>`,
    );
    const items = [...document.querySelectorAll('body > ul > li')];
    expect(datedListRule.read(items[0]!)).toBeNull();
    expect(datedListRule.read(items[1]!)).toEqual({ title: 'John Wick', year: 2014 });
    expect(datedListRule.read(items[4]!)).toBeNull();
  });
});

describe('tables of dated films', () => {
  it('a German filmography table: the year cell dates the row, the italic cell is the title', () => {
    expect(
      shown(`<table class="wikitable"><tr><th>Jahr</th><th>Titel</th><th>Rolle</th></tr>
        <tr><td>1994</td><td><i><a href="/wiki/Speed_(Film)">Speed</a></i><sup>[1]</sup></td><td>Jack Traven</td></tr>
        <tr><td>1999</td><td><i>Matrix</i></td><td>Neo</td></tr>
        <tr><td>2005</td><td><i>Constantine</i></td><td>John Constantine</td></tr></table>`),
    ).toEqual(['tile:Speed=f/speed', 'tile:Matrix=f/matrix', 'tile:Constantine=f/constantine']);
  });

  it('a year cell spanning two rows dates both; a plain table is read under its "Title" header', () => {
    expect(
      shown(`<table><tr><th>Year</th><th>Title</th><th>Role</th></tr>
        <tr><td rowspan="2">1991</td><td>Point Break</td><td>Johnny Utah</td></tr>
        <tr><td>Speed</td><td>Jack Traven</td></tr>
        <tr><td>2014</td><td>John Wick</td><td>John Wick</td></tr>
        <tr><td>2005</td><td>Constantine</td><td>John Constantine</td></tr></table>`),
    ).toEqual([
      'tile:Point Break=f/point-break',
      'tile:John Wick=f/john-wick',
      'tile:Constantine=f/constantine',
    ]);
  });

  it('a table of other dated rows stays prose', () => {
    expect(
      shown(`<table><tr><th>Year</th><th>Event</th></tr><tr><td>1998</td><td>Founded in Chicago</td></tr>
        <tr><td>2004</td><td>Moved</td></tr><tr><td>2010</td><td>Chicago</td></tr></table>`),
    ).toEqual([]);
  });
});

describe('a catalogue label that carries a synopsis', () => {
  it('is looked up by the part before the break when the whole label names no film', () => {
    expect(
      shown(
        `<a href="/title/1" aria-label="Speed. A bus must keep going above fifty miles an hour or it explodes."><img alt=""></a>` +
          `<a href="/title/2" aria-label="Constantine – A man who can see demons fights them in Los Angeles."><img alt=""></a>`,
      ),
    ).toEqual(['tile:Speed=f/speed', 'tile:Constantine=f/constantine']);
  });

  it('a subtitle is no synopsis', () => {
    expect(withSynopsisCut({ title: 'Mission: Impossible – Dead Reckoning Part One' })).toEqual({
      title: 'Mission: Impossible – Dead Reckoning Part One',
    });
    expect(withSynopsisCut({ title: 'Heat. Bank robbers feel the heat from the police.' })).toEqual({
      title: 'Heat. Bank robbers feel the heat from the police.',
      alternate: 'Heat',
    });
  });
});
