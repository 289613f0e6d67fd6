import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { makeIndexFile, type Entry } from '../../lib/index/schema';
import { MAX_ZIP_CSV_BYTES, parseImportFile } from '../../lib/sources/imports';
import { MAX_INDEX_BYTES, openIndexBody } from '../../lib/sources/fetch';
import { MAX_FEED_BYTES } from '../../lib/feeds/follow';
import { formatMB, MB, overLimit } from '../../lib/sources/size';
import { repoPath } from '../paths';
import { film } from '../factories';

const fixture = (path: string) => readFileSync(repoPath('tests/fixtures/imports', path), 'utf8');
const LB_HEADER = 'Date,Name,Year,Letterboxd URI,Rating';

describe('CSV rows with the wrong number of fields', () => {
  it('"not,enough" is rejected with its row number, not read as a film named "enough"', () => {
    const csv = `${LB_HEADER}\n2024-01-02,Heat,1995,https://boxd.it/a,4.5\nnot,enough\n2024-01-03,Up,2009,https://boxd.it/b,4\n`;
    const parsed = parseImportFile('ratings.csv', csv);
    expect(parsed.entries.map((e) => e.title).sort()).toEqual(['Heat', 'Up']);
    expect(parsed.rejected).toEqual([
      'ratings.csv row 3: 2 fields where the header has 5; the row was left out (a value with a comma must be in "quotes")',
    ]);
  });

  it('a title with an unquoted comma (every later value shifted) is rejected; trailing empty fields are not', () => {
    const csv = `${LB_HEADER}\n2024-01-02,Crouching Tiger, Hidden Dragon,2000,https://boxd.it/c,5\n2024-01-03,Up,2009,https://boxd.it/b,4,,\n`;
    const parsed = parseImportFile('ratings.csv', csv);
    expect(parsed.entries.map((e) => [e.title, e.year, e.rating?.value])).toEqual([['Up', 2009, 4]]);
    expect(parsed.rejected).toEqual([
      'ratings.csv row 2: 6 fields where the header has 5; the row was left out (a value with a comma must be in "quotes")',
    ]);
  });

  it('counts rows, not lines: a quoted review over two lines is one row', () => {
    const csv = `Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n2024-01-02,Heat,1995,https://boxd.it/a,4.5,,"Line one\nline two",,2024-01-02\nbroken,row\n`;
    expect(parseImportFile('reviews.csv', csv).rejected[0]).toMatch(
      /^reviews\.csv row 3: 2 fields where the header has 9/,
    );
  });

  it('the same in an IMDb ratings CSV', () => {
    const [header, first] = fixture('imdb/ratings-new.csv').split('\n');
    const parsed = parseImportFile('ratings.csv', `${header}\n${first}\ntt0113277,9\n`);
    expect(parsed.kind).toBe('imdb');
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.rejected[0]).toMatch(
      /^ratings\.csv row 3: 2 fields where the header has \d+; the row was left out/,
    );
  });
});

describe('a file that is not an export', () => {
  it('garbage bytes are never echoed back: the message names the columns expected', () => {
    const zip = zipSync({ 'ratings.csv': strToU8(`${LB_HEADER}\n`) });
    // A .zip renamed .csv, read as text as the options page reads it.
    const garbage = new TextDecoder().decode(zip);
    expect(() => parseImportFile('ratings.csv', garbage)).toThrow(
      "ratings.csv: not a Letterboxd or IMDb export: a Letterboxd CSV has the columns Date, Name, Year, Letterboxd URI (ratings.csv adds Rating), IMDb's ratings CSV has Const, Your Rating, Title, Title Type, Year (it is not a text file)",
    );
  });

  it("another program's CSV: its columns are not repeated, the expected ones are said", () => {
    let message = '';
    try {
      parseImportFile('export.csv', 'Film title;Score\nHeat;9\n');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^export\.csv: not a Letterboxd or IMDb export: a Letterboxd CSV has the columns Date, Name/,
    );
    expect(message).not.toContain('Score');
  });
});

describe('rejections name the field in words', () => {
  const long = 'x'.repeat(364);

  it('in an index: "entry 3: the title is longer than 300 characters (it has 364)"', () => {
    const entries = [film('a', 'Heat'), film('b', 'Up'), { ...film('c', 'C'), title: long }] as Entry[];
    const parsed = parseImportFile('critic.json', JSON.stringify(makeIndexFile({ name: 'Critic' }, entries)));
    expect(parsed.rejected).toEqual([
      'critic.json: entry 3: the title is longer than 300 characters (it has 364)',
    ]);
  });

  it('in a CSV row', () => {
    const parsed = parseImportFile(
      'ratings.csv',
      `${LB_HEADER}\n2024-01-02,${long},1995,https://boxd.it/a,4.5\n`,
    );
    expect(parsed.rejected).toEqual([
      'ratings.csv row 2: the title is longer than 300 characters (it has 364)',
    ]);
  });

  it('types, missing fields and list items too', () => {
    const entries = [
      film('a', 'Heat'),
      { ...film('b', 'Up'), year: '2009' },
      { ...film('c', 'Cats'), source: {} },
      { ...film('d', 'Dune'), cast: [{ actor: 'Zendaya' }, { actor: ' ' }] },
      { ...film('e', 'Emma'), published: 'last week' },
    ] as unknown as Entry[];
    const parsed = parseImportFile('i.json', JSON.stringify(makeIndexFile({ name: 'Critic' }, entries)));
    expect(parsed.rejected).toEqual([
      'i.json: entry 2: the year must be a number, not text',
      "i.json: entry 3: the source's name is missing",
      "i.json: entry 4: cast member 2's name is empty",
      'i.json: entry 5: the publication date must be a date as YYYY-MM-DD (ISO 8601), not "last week"',
    ]);
  });
});

describe('sizes: MB is 10^6 bytes everywhere, caps included', () => {
  it('every cap is a whole number of those MB', () => {
    expect(MB).toBe(1_000_000);
    expect(MAX_INDEX_BYTES).toBe(50_000_000);
    expect(MAX_ZIP_CSV_BYTES).toBe(50_000_000);
    expect(MAX_FEED_BYTES).toBe(10_000_000);
  });

  it('a 57.8 MB file is said to be 57.8 MB, and never reads the same as the cap it passes', () => {
    expect(formatMB(57_800_000)).toBe('57.8 MB');
    expect(overLimit(57_800_000, 50 * MB)).toBe('57.8 MB; the limit is 50 MB');
    expect(overLimit(50_000_001, 50 * MB)).toBe('50.000001 MB; the limit is 50 MB');
  });

  it('an index declared larger than the cap is refused in those words', async () => {
    const fetch = async () =>
      new Response('{}', {
        headers: { 'content-length': String(57_800_000), 'content-type': 'application/json' },
      });
    await expect(openIndexBody('https://x.test/i.json', { fetch })).rejects.toThrow(
      'the index is too large (57.8 MB; the limit is 50 MB)',
    );
  });
});
