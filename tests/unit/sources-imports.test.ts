import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { ReviewStore } from '../../lib/store/db';
import { makeIndexFile, type Entry } from '../../lib/index/schema';
import {
  importFiles,
  parseImdbCsv,
  parseImportFile,
  parseLetterboxdCsv,
  type ImportFile,
} from '../../lib/sources/imports';
import { repoPath } from '../paths';

const fixture = (path: string) => readFileSync(repoPath('tests/fixtures/imports', path), 'utf8');
const asFile = (name: string, text: string): ImportFile => ({
  name,
  text: async () => text,
  size: text.length,
});
const fixtureFile = (path: string) => asFile(path.split('/').pop()!, fixture(path));

let store: ReviewStore;
let n = 0;
beforeEach(async () => {
  store = await ReviewStore.open(`imports-${n++}`);
});
afterEach(() => store.close());

describe('Letterboxd CSVs', () => {
  it('ratings.csv: ratings on their own 0.5–5 scale, the URI as source url', () => {
    const parsed = parseLetterboxdCsv('ratings.csv', fixture('letterboxd/ratings.csv'));
    expect(parsed.rejectedCount).toBe(0);
    expect(parsed.entries.map((e) => [e.id, e.title, e.year, e.rating?.value, e.rating?.scale])).toEqual([
      ['lb-heat-1995', 'Heat', 1995, 4.5, 5],
      ['lb-amelie-2001', 'Amélie', 2001, 4, 5],
      ['lb-crouching-tiger-hidden-dragon-2000', 'Crouching Tiger, Hidden Dragon', 2000, 3.5, 5],
      ['lb-ballerina-2025', 'Ballerina', 2025, 3, 5],
    ]);
    expect(parsed.entries[0]!.source).toEqual({ name: 'Letterboxd', url: 'https://boxd.it/29Ss' });
    expect(parsed.entries[0]!.published).toBe('2023-01-14');
  });

  it('reviews.csv: keeps a review with a quoted newline as plain text', () => {
    const parsed = parseLetterboxdCsv('reviews.csv', fixture('letterboxd/reviews.csv'));
    const heat = parsed.entries.find((e) => e.title === 'Heat')!;
    expect(heat.review).toBe(
      'The diner scene alone is worth it. Two professionals, one table.\n\nSecond paragraph: the shootout downtown still rattles.',
    );
    expect(heat.verdict).toBe('The diner scene alone is worth it. Two professionals, one table.');
    expect(heat.published).toBe('2023-01-13'); // the Watched Date
    expect(parsed.entries.map((e) => e.title)).toEqual(['Heat', 'Paddington 2']);
  });

  it('diary.csv: the latest entry of a rewatched film wins; bad ratings are reported', () => {
    const parsed = parseLetterboxdCsv('diary.csv', fixture('letterboxd/diary.csv'));
    const heat = parsed.entries.filter((e) => e.title === 'Heat');
    expect(heat).toHaveLength(1);
    expect(heat[0]!.rating).toEqual({ value: 5, scale: 5 });
    expect(parsed.entries.find((e) => e.title === 'Past Lives')?.rating).toBeUndefined();
    expect(parsed.rejected).toEqual([
      'diary.csv row 5: rating "9" is not a Letterboxd rating (0.5 to 5 in half stars)',
    ]);
  });

  it('watched.csv: films without ratings; a row without a name is reported', () => {
    const parsed = parseLetterboxdCsv('watched.csv', fixture('letterboxd/watched.csv'));
    expect(parsed.entries.map((e) => e.id)).toEqual(['lb-heat-1995', 'lb-past-lives-2023']);
    expect(parsed.rejected).toEqual(['watched.csv row 4: the film has no name']);
  });

  it('names the missing column', () => {
    expect(() => parseImportFile('ratings.csv', fixture('broken/ratings.csv'))).toThrow(
      'ratings.csv: missing column "Rating"',
    );
  });
});

describe('IMDb ratings CSV', () => {
  it('new header (with BOM): 1–10 scale, Const → ids.imdb, original title as alias, non-films skipped', () => {
    const parsed = parseImdbCsv('ratings.csv', fixture('imdb/ratings-new.csv'));
    expect(parsed.entries.map((e) => [e.id, e.title, e.year, e.rating])).toEqual([
      ['imdb-tt0113277', 'Heat', 1995, { value: 9, scale: 10 }],
      ['imdb-tt0211915', 'Amélie', 2001, { value: 8, scale: 10 }],
      ['imdb-tt0118715', 'The Big Lebowski', 1998, { value: 7, scale: 10 }],
    ]);
    const amelie = parsed.entries[1]!;
    expect(amelie.ids).toEqual({ imdb: 'tt0211915' });
    expect(amelie.aliases).toEqual(["Le fabuleux destin d'Amélie Poulain"]);
    expect(parsed.entries[2]!.directors).toEqual(['Joel Coen', 'Ethan Coen']);
    expect(parsed.entries[0]!.source).toEqual({ name: 'IMDb', url: 'https://www.imdb.com/title/tt0113277/' });
    expect(parsed.rejected).toEqual([
      'ratings.csv row 4: "Breaking Bad" skipped: a TV Series is not a film',
      'ratings.csv row 6: "Batman Begins": rating "12" is not an IMDb rating (1 to 10)',
      'ratings.csv row 7: "Inception" skipped: a Video Game is not a film',
    ]);
  });

  it('old header (no Original Title, CRLF, lower-case types) reads the same way', () => {
    const parsed = parseImportFile('ratings.csv', fixture('imdb/ratings-old.csv'));
    expect(parsed.kind).toBe('imdb');
    expect(parsed.entries.map((e) => [e.id, e.aliases, e.rating?.value])).toEqual([
      ['imdb-tt0113277', [], 8],
      ['imdb-tt0120382', [], 7],
    ]);
    expect(parsed.rejected).toEqual(['ratings.csv row 4: "Harakiri" skipped: a Short is not a film']);
  });

  it('names the missing column', () => {
    expect(() => parseImportFile('imdb.csv', fixture('broken/imdb-no-title-type.csv'))).toThrow(
      'imdb.csv: missing column "Title Type"',
    );
  });
});

describe('importFiles into the store', () => {
  it('merges Letterboxd files into one source and counts added and updated', async () => {
    const first = await importFiles([fixtureFile('letterboxd/ratings.csv')], { store });
    expect(first).toMatchObject([{ source: 'import:letterboxd', added: 4, updated: 0, rejectedCount: 0 }]);

    const steps: number[] = [];
    const second = await importFiles(
      ['reviews', 'diary', 'watched'].map((k) => fixtureFile(`letterboxd/${k}.csv`)),
      { store, onProgress: (f) => steps.push(f) },
    );
    // Heat was there already; Paddington 2 and Past Lives are new.
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ source: 'import:letterboxd', added: 2, updated: 1, rejectedCount: 2 });
    expect(steps.at(-1)).toBe(1);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));

    const heat = (await store.lookup('Heat')).map((s) => s.entry);
    expect(heat).toHaveLength(1);
    // The review stays; ratings.csv came first, reviews.csv (rated 5 at the rewatch) merged later.
    expect(heat[0]!.review).toMatch(/^The diner scene/);
    expect(heat[0]!.rating).toEqual({ value: 5, scale: 5 });
    expect((await store.getSource('import:letterboxd'))?.count).toBe(6);
  });

  it('keeps one source per kind, and a film rated in several shows up from each', async () => {
    const seed = readFileSync(repoPath('reviews/ballerina-2025.txt'), 'utf8'); // the seed review, copied from ../shared/seeds
    const index = JSON.stringify(
      makeIndexFile({ name: 'Friend' }, [
        {
          id: 'heat',
          title: 'Heat',
          year: 1995,
          aliases: [],
          cast: [],
          directors: [],
          crew: [],
          source: { name: 'Friend' },
        } as Entry,
      ]),
    );
    const summaries = await importFiles(
      [
        fixtureFile('imdb/ratings-new.csv'),
        fixtureFile('letterboxd/ratings.csv'),
        asFile('ballerina.txt', seed),
        asFile('friend.json', index),
        asFile('notes.pdf', 'x'),
      ],
      { store },
    );
    const by = Object.fromEntries(summaries.map((s) => [s.source || 'files', s]));
    expect(by['import:imdb']).toMatchObject({ added: 3, rejectedCount: 3 });
    expect(by['import:letterboxd']).toMatchObject({ added: 4 });
    expect(by['import:reviews']).toMatchObject({ added: 1 });
    expect(by['import:index']).toMatchObject({ added: 1 });
    expect(by.files!.rejected).toEqual([
      'notes.pdf: unknown file type (import .zip, .csv, .json, .txt, .md or .html)',
    ]);
    expect((await store.lookup('Heat')).map((s) => s.source).sort()).toEqual([
      'import:imdb',
      'import:index',
      'import:letterboxd',
    ]);
    expect((await store.lookup('Ballerina', 2025)).map((s) => s.source).sort()).toEqual([
      'import:letterboxd',
      'import:reviews',
    ]);
  });

  it('a file that is not an export is reported and nothing else is touched', async () => {
    await importFiles([fixtureFile('letterboxd/ratings.csv')], { store });
    const summaries = await importFiles([asFile('ratings.csv', fixture('broken/ratings.csv'))], { store });
    expect(summaries).toEqual([
      expect.objectContaining({ rejected: ['ratings.csv: missing column "Rating"'], rejectedCount: 1 }),
    ]);
    expect((await store.getSource('import:letterboxd'))?.count).toBe(4);
  });
});

describe('a Letterboxd export .zip', () => {
  /** A real-shaped export: the four film CSVs plus the files Letterboxd adds that hold no ratings. */
  function exportZip(): Uint8Array {
    const enc = (s: string) => strToU8(s);
    return zipSync({
      'ratings.csv': enc(fixture('letterboxd/ratings.csv')),
      'reviews.csv': enc(fixture('letterboxd/reviews.csv')),
      'diary.csv': enc(fixture('letterboxd/diary.csv')),
      'watched.csv': enc(fixture('letterboxd/watched.csv')),
      'profile.csv': enc('Date Joined,Username,Given Name\n2020-01-01,someone,Some\n'),
      'watchlist.csv': enc('Date,Name,Year,Letterboxd URI\n2024-01-01,Dune,2021,https://boxd.it/x\n'),
      'lists/': new Uint8Array(0),
      'lists/favourites.csv': enc('Letterboxd list export v7\n'),
      'likes/films.csv': enc('Date,Name,Year,Letterboxd URI\n'),
    });
  }
  const zipFile = (name: string, bytes: Uint8Array): ImportFile => ({
    name,
    size: bytes.byteLength,
    text: async () => {
      throw new Error('a .zip is read as bytes');
    },
    bytes: async () => bytes,
  });

  it('imports its CSVs as if chosen one by one, and says what was in it', async () => {
    const fromZip = await importFiles([zipFile('letterboxd-someone-2026.zip', exportZip())], { store });
    const zipped = (await store.entriesOfSource('import:letterboxd')).map((e) => e.entry);

    const other = await ReviewStore.open(`imports-${n++}`);
    const fromCsvs = await importFiles(
      ['ratings', 'reviews', 'diary', 'watched'].map((k) => fixtureFile(`letterboxd/${k}.csv`)),
      { store: other },
    );
    const separate = (await other.entriesOfSource('import:letterboxd')).map((e) => e.entry);
    other.close();

    expect(zipped.length).toBeGreaterThan(0);
    const byId = (list: Entry[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(zipped)).toEqual(byId(separate));
    expect(fromZip).toHaveLength(1);
    expect(fromZip[0]).toMatchObject({
      source: 'import:letterboxd',
      added: fromCsvs[0]!.added,
      rejectedCount: fromCsvs[0]!.rejectedCount,
    });
    expect(fromZip[0]!.files).toEqual(
      ['watched', 'diary', 'reviews', 'ratings'].map((k) => `letterboxd-someone-2026.zip/${k}.csv`),
    );
    expect(fromZip[0]!.notes).toEqual([
      'letterboxd-someone-2026.zip: imported ratings.csv, reviews.csv, diary.csv, watched.csv; skipped 4 other files (profile.csv, watchlist.csv, lists/favourites.csv, likes/films.csv)',
    ]);
    // Rejections name the file inside the .zip.
    expect(fromZip[0]!.rejected.every((r) => r.startsWith('letterboxd-someone-2026.zip/'))).toBe(true);
  });

  it('a malformed .zip is a clear error and nothing stored is lost', async () => {
    await importFiles([fixtureFile('letterboxd/ratings.csv')], { store });
    const good = exportZip();
    const cases: [string, Uint8Array, RegExp][] = [
      [
        'cut.zip',
        good.slice(0, Math.floor(good.length / 2)),
        /^cut\.zip: not a readable \.zip file \(.+\); nothing was imported from it$/,
      ],
      ['text.zip', strToU8('Date,Name,Year\n'), /^text\.zip: not a readable \.zip file/],
      [
        'other.zip',
        zipSync({ 'notes.txt': strToU8('hello') }),
        /^other\.zip: no Letterboxd export files in this \.zip \(expected ratings\.csv, reviews\.csv, diary\.csv, watched\.csv; it holds notes\.txt\)$/,
      ],
    ];
    for (const [name, bytes, expected] of cases) {
      const summaries = await importFiles([zipFile(name, bytes)], { store });
      expect(summaries).toHaveLength(1);
      expect(summaries[0]).toMatchObject({ source: '', rejectedCount: 1 });
      expect(summaries[0]!.rejected[0]).toMatch(expected);
      expect((await store.getSource('import:letterboxd'))?.count).toBe(4);
    }
  });
});
