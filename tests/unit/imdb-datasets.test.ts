import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import {
  identifyDataset,
  readDatasetPair,
  readRatings,
  RatingTable,
  type DatasetFile,
} from '../../lib/sources/imdb-datasets';
import { IMDB_DATASETS_SOURCE, importImdbDatasets, type ImdbProgress } from '../../lib/sources/imdb-import';
import { serveImdbImports, type ImdbWorkerReply } from '../../lib/sources/imdb-worker';
import { ReviewStore } from '../../lib/store/db';
import { buildLexicon, loadLexicon } from '../../lib/detect/lexicon';
import { lexiconEntry } from '../../lib/background/service';
import { readGenerations } from '../../lib/store/generations';
import {
  BASICS,
  BASICS_HEADER,
  KEPT_AT_1000,
  RATINGS,
  RATINGS_HEADER,
  basicsGz,
  datasetFile,
  gz,
  pair,
  ratingsGz,
  tsv,
} from '../imdb-data';

const read = (files = pair(), minVotes = 1000) => readDatasetPair(files, { minVotes });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: unknown) => (e as Error).message,
  );

describe('reading the pair', () => {
  it('keeps movies and TV movies with enough votes, with rating, votes, year, runtime, genres and id', async () => {
    const { entries, counts, ratingsRows } = await read();
    expect(entries.map((e) => e.id)).toEqual(KEPT_AT_1000);
    expect(entries.find((e) => e.id === 'tt0111161')).toStrictEqual({
      id: 'tt0111161',
      title: 'The Shawshank Redemption',
      aliases: [],
      cast: [],
      directors: [],
      crew: [],
      year: 1994,
      rating: { value: 9.3, scale: 10 },
      votes: 3012345,
      runtime: 142,
      genres: ['Drama'],
      source: { name: 'IMDb', url: 'https://www.imdb.com/title/tt0111161/' },
      ids: { imdb: 'tt0111161' },
    });
    // The original title, when it differs, is an alias; text is read as UTF-8.
    const amelie = entries.find((e) => e.id === 'tt0211915')!;
    expect(amelie.title).toBe('Amélie');
    expect(amelie.aliases).toEqual(["Le fabuleux destin d'Amélie Poulain"]);
    // \N is "not known": no year, runtime or genres, and the film is still kept.
    const orchard = entries.find((e) => e.id === 'tt1000001')!;
    expect([orchard.year, orchard.runtime, orchard.genres]).toEqual([undefined, undefined, undefined]);
    expect(orchard.votes).toBe(1000); // the threshold is "at least"
    expect(entries.find((e) => e.id === 'tt0067023')?.title).toBe('Duel'); // a tvMovie
    expect(ratingsRows).toBe(RATINGS.length);
    expect(counts.rows).toBe(BASICS.length);
    // short, tvSeries, tvEpisode, video; Miss Jerry (215) and Saltwater Kings (999); one adult title.
    expect(counts.notFilms).toBe(4);
    expect(counts.fewVotes).toBe(2);
    expect(counts.adult).toBe(1);
    expect(counts.rejected.count).toBe(0);
  });

  it('takes the vote threshold it is given', async () => {
    expect((await read(pair(), 0)).entries.map((e) => e.id)).toEqual([
      'tt0000009',
      ...KEPT_AT_1000.slice(0, 5),
      'tt1000001',
      'tt1000004',
    ]);
    expect((await read(pair(), 1_000_000)).entries.map((e) => e.id)).toEqual(['tt0111161']);
  });

  it('reads the same however the bytes arrive: lines and the header split across pieces', async () => {
    const whole = await read();
    for (const chunk of [1, 7, 333]) expect((await read(pair(chunk))).entries).toStrictEqual(whole.entries);
  });

  it('reads an unpacked .tsv and CRLF line ends too', async () => {
    const crlf = (header: string, rows: string[][]) => tsv(header, rows).replace(/\n/g, '\r\n');
    const files = {
      basics: datasetFile('title.basics.tsv', new TextEncoder().encode(tsv(BASICS_HEADER, BASICS))),
      ratings: datasetFile('title.ratings.tsv.gz', gz(crlf(RATINGS_HEADER, RATINGS))),
    };
    expect((await read(files)).entries).toStrictEqual((await read()).entries);
  });

  it('sorts ratings that come out of order and finds each', async () => {
    const table = new RatingTable();
    const keys = Array.from({ length: 40_000 }, (_, i) => (i * 7919) % 40_009);
    keys.forEach((k) => table.add(k, 10 + (k % 91), k * 3));
    table.finish();
    for (const k of [0, 1, 17, 39_999, 40_008]) {
      const at = table.find(k);
      if (!keys.includes(k)) expect(at).toBe(-1);
      else expect([table.rating10(at), table.votes(at)]).toEqual([10 + (k % 91), k * 3]);
    }
    expect(table.find(40_010)).toBe(-1);
  });

  it('tells the two files apart by their first line, and names other datasets', async () => {
    const p = pair();
    expect(await identifyDataset(p.basics)).toEqual({ kind: 'basics' });
    expect(await identifyDataset(p.ratings)).toEqual({ kind: 'ratings' });
    const akas = datasetFile(
      'title.akas.tsv.gz',
      gz(
        'titleId\tordering\ttitle\tregion\tlanguage\ttypes\tattributes\tisOriginalTitle\ntt0000001\t1\tCarmencita\t\\N\t\\N\toriginal\t\\N\t1\n',
      ),
    );
    expect(await identifyDataset(akas)).toEqual({
      problem:
        "title.akas.tsv.gz is IMDb's title.akas dataset (alternative titles), not title.basics or title.ratings",
    });
    const zip = datasetFile('export.zip', new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0]));
    expect(await identifyDataset(zip)).toEqual({
      problem: "export.zip is not a gzip file (IMDb's datasets are .tsv.gz), nor an unpacked IMDb dataset",
    });
  });
});

describe('bad input gets a sentence', () => {
  it('swapped files', async () => {
    const p = pair();
    expect(await failure(read({ basics: p.ratings, ratings: p.basics }))).toBe(
      "title.ratings.tsv.gz is IMDb's title.ratings file, given as title.basics: the two files are swapped",
    );
  });

  it('another IMDb dataset', async () => {
    const crew = datasetFile(
      'title.crew.tsv.gz',
      gz('tconst\tdirectors\twriters\ntt0000001\tnm0005690\t\\N\n'),
    );
    expect(await failure(read({ ...pair(), ratings: crew }))).toBe(
      "title.crew.tsv.gz is IMDb's title.crew dataset (directors and writers), not title.basics or title.ratings",
    );
  });

  it('a file that is not gzip (an HTML page saved instead of the download)', async () => {
    const html = datasetFile(
      'title.basics.tsv.gz',
      new TextEncoder().encode('<!doctype html><title>Sign in</title>'),
    );
    expect(await failure(read({ ...pair(), basics: html }))).toBe(
      "title.basics.tsv.gz is not a gzip file (IMDb's datasets are .tsv.gz), nor an unpacked IMDb dataset: pick title.basics.tsv.gz as downloaded from IMDb",
    );
  });

  it('a gzip file of something else', async () => {
    const other = datasetFile('title.basics.tsv.gz', gz('id,name\n1,x\n'));
    expect(await failure(read({ ...pair(), basics: other }))).toBe(
      'title.basics.tsv.gz is not one of IMDb\'s title.basics or title.ratings files: its first line is "id,name"',
    );
  });

  it('a download cut off midway, and one damaged', async () => {
    // Enough rows that the cut falls after the header, in the rows.
    const rows = Array.from({ length: 5000 }, (_, i) => [
      `tt${String(2_000_000 + i).padStart(7, '0')}`,
      'movie',
      `Film ${i}`,
      `Film ${i}`,
      '0',
      '2001',
      '\\N',
      '90',
      'Drama',
    ]);
    const bytes = basicsGz(rows);
    const cut = datasetFile('title.basics.tsv.gz', bytes.slice(0, bytes.byteLength >> 1));
    expect(await failure(read({ ...pair(), basics: cut }))).toMatch(
      /^title\.basics\.tsv\.gz ends early or is damaged \(.+\) after [\d,]+ rows: it may have been cut off while downloading; download it again from IMDb$/,
    );
    const damaged = bytes.slice();
    damaged[damaged.byteLength - 6] = damaged[damaged.byteLength - 6]! ^ 0xff; // the gzip trailer's checksum
    expect(await failure(read({ ...pair(), basics: datasetFile('title.basics.tsv.gz', damaged) }))).toMatch(
      /^title\.basics\.tsv\.gz ends early or is damaged/,
    );
  });

  it('an empty file, and a header with no rows', async () => {
    expect(
      await failure(read({ ...pair(), ratings: datasetFile('title.ratings.tsv.gz', new Uint8Array()) })),
    ).toBe('title.ratings.tsv.gz is empty');
    expect(await failure(read({ ...pair(), ratings: datasetFile('r.tsv.gz', ratingsGz([])) }))).toBe(
      'r.tsv.gz has its header but no ratings',
    );
    expect(await failure(read({ ...pair(), basics: datasetFile('b.tsv.gz', basicsGz([])) }))).toBe(
      'b.tsv.gz has its header but no titles',
    );
  });

  it('a header that is almost right (a column renamed) is not taken', async () => {
    const renamed = datasetFile(
      'title.ratings.tsv.gz',
      gz('tconst\taverageRating\tvotes\ntt0111161\t9.3\t10\n'),
    );
    expect(await failure(read({ ...pair(), ratings: renamed }))).toBe(
      'title.ratings.tsv.gz is not one of IMDb\'s title.basics or title.ratings files: its first line is "tconst averageRating votes"',
    );
  });

  it('rows that cannot be read are listed and skipped; the rest are kept', async () => {
    const ratings = [
      ...RATINGS.slice(0, 4),
      ['tt0111161', 'n/a', '10'],
      ['x0211915', '8.3', '812345'],
      ['tt0211915', '8.3', 'many'],
      ['tt0245429', '8.6'],
      ['tt0245429', '11.0', '5000'],
      ...RATINGS.slice(9),
    ];
    const basics = BASICS.map((r) => (r[0] === 'tt0050083' ? [...r.slice(0, 5), '19x7', ...r.slice(6)] : r));
    const out = await read({
      basics: datasetFile('title.basics.tsv.gz', basicsGz(basics)),
      ratings: datasetFile('title.ratings.tsv.gz', ratingsGz(ratings)),
    });
    expect(out.ratingsRejected.reasons).toEqual([
      'title.ratings.tsv.gz line 6: rating "n/a" is not an IMDb rating (1.0 to 10.0)',
      'title.ratings.tsv.gz line 7: "x0211915" is not an IMDb id (tt1234567)',
      'title.ratings.tsv.gz line 8: votes "many" is not a whole number',
      'title.ratings.tsv.gz line 9: not 3 tab-separated columns',
      'title.ratings.tsv.gz line 10: rating "11.0" is not an IMDb rating (1.0 to 10.0)',
    ]);
    expect(out.counts.rejected.reasons).toEqual([
      'title.basics.tsv.gz line 4: tt0050083: startYear "19x7" is not a year',
    ]);
    expect(out.entries.map((e) => e.id)).toEqual(['tt0067023', 'tt1000001']);
  });

  it('a title the index format refuses (control text, too long) skips that film with the reason', async () => {
    const long = 'A'.repeat(301);
    const basics = BASICS.map((r) => (r[0] === 'tt0067023' ? [r[0]!, r[1]!, long, long, ...r.slice(4)] : r));
    const out = await read({ ...pair(), basics: datasetFile('title.basics.tsv.gz', basicsGz(basics)) });
    expect(out.counts.rejected.reasons).toEqual([
      'title.basics.tsv.gz line 5: tt0067023: title: the title is longer than 300 characters (it has 301)',
    ]);
    expect(out.entries).toHaveLength(KEPT_AT_1000.length - 1);
  });

  it('a ratings file no row of which can be read is refused', async () => {
    const broken = datasetFile('title.ratings.tsv.gz', ratingsGz([['tt1', 'x', 'y']]));
    expect(await failure(readRatings(broken, { minVotes: 0 }))).toBe(
      'title.ratings.tsv.gz: no row could be read; first: title.ratings.tsv.gz line 2: "tt1" is not an IMDb id (tt1234567)',
    );
  });
});

// ---------------------------------------------------------------- into the store

let store: ReviewStore;
let dbName: string;
let n = 0;
beforeEach(async () => {
  dbName = `imdb-${n++}-${Date.now()}`;
  store = await ReviewStore.open(dbName);
});
afterEach(() => store.close());

/** A pair with `count` films (each with votes), for imports of several batches. */
function bigPair(count: number, first = 3_000_000, title = (i: number) => `Film ${i}`) {
  const ids = Array.from({ length: count }, (_, i) => `tt${first + i}`);
  return {
    basics: datasetFile(
      'title.basics.tsv.gz',
      basicsGz(ids.map((id, i) => [id, 'movie', title(i), title(i), '0', '2001', '\\N', '90', 'Drama'])),
      4096,
    ),
    ratings: datasetFile(
      'title.ratings.tsv.gz',
      ratingsGz(ids.map((id, i) => [id, '7.1', String(1000 + i)])),
      4096,
    ),
  };
}

const staged = async () => {
  const db = await new Promise<IDBDatabase>((ok) => {
    const r = indexedDB.open(dbName);
    r.onsuccess = () => ok(r.result);
  });
  const generations = await new Promise<unknown>((ok) => {
    const r = db.transaction('meta').objectStore('meta').get('generations');
    r.onsuccess = () => ok(r.result);
  });
  db.close();
  return (await readGenerations({ get: () => Promise.resolve(generations) })).staged.size;
};

describe('the import into the store', () => {
  it('stores the films as one source, found by title and alias, with votes kept', async () => {
    const progress: ImdbProgress[] = [];
    const result = await importImdbDatasets(pair(), { store, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({
      films: 6,
      titles: BASICS.length,
      ratings: RATINGS.length,
      minVotes: 1000,
      notFilms: 4,
      fewVotes: 2,
      adult: 1,
      unreadable: 0,
      replaced: 0,
    });
    const source = await store.getSource(IMDB_DATASETS_SOURCE.id);
    expect(source).toMatchObject({ name: 'IMDb ratings (datasets)', kind: 'import', count: 6 });
    const [hit] = await store.lookup("Le fabuleux destin d'Amélie Poulain");
    expect(hit?.entry).toMatchObject({
      id: 'tt0211915',
      votes: 812345,
      runtime: 122,
      genres: ['Comedy', 'Romance'],
    });
    expect((await store.lookup('Spirited Away', 2001))[0]?.entry.rating).toEqual({ value: 8.6, scale: 10 });
    // Progress: from the ratings to the saving, rows of both files counted, the last says so.
    expect(progress[0]?.phase).toBe('ratings');
    expect(progress.at(-1)).toMatchObject({
      phase: 'saving',
      rows: BASICS.length + RATINGS.length,
      films: 6,
    });
    expect(progress.at(-1)?.bytesRead).toBe(progress.at(-1)?.bytesTotal);
  });

  it('a second import replaces the first whole', async () => {
    await importImdbDatasets(pair(), { store });
    const second = bigPair(300);
    const result = await importImdbDatasets(second, { store });
    expect(result).toMatchObject({ films: 300, replaced: 6 });
    expect((await store.entriesOfSource(IMDB_DATASETS_SOURCE.id)).map((e) => e.id)).toEqual(
      Array.from({ length: 300 }, (_, i) => `tt${3_000_000 + i}`),
    );
    expect(await store.lookup('The Shawshank Redemption')).toEqual([]);
    expect(await staged()).toBe(0);
  });

  it('a failed second import leaves the first exactly as it was', async () => {
    await importImdbDatasets(pair(), { store });
    const before = await store.entriesOfSource(IMDB_DATASETS_SOURCE.id);
    const revision = await store.revision();
    const big = bigPair(2000);
    const bytes = basicsGz(
      Array.from({ length: 2000 }, (_, i) => [
        `tt${3_000_000 + i}`,
        'movie',
        `F ${i}`,
        `F ${i}`,
        '0',
        '2001',
        '\\N',
        '90',
        'Drama',
      ]),
    );
    // Cut late, so several batches were already staged when the damage is found.
    const cut = datasetFile('title.basics.tsv.gz', bytes.slice(0, bytes.byteLength - 40), 1024);
    const failures = [
      { ...big, basics: cut },
      { basics: big.ratings, ratings: big.basics },
      { ...big, ratings: datasetFile('title.ratings.tsv.gz', ratingsGz([])) },
    ];
    for (const files of failures) {
      expect(await failure(importImdbDatasets(files, { store }))).not.toBe('no error');
      expect(await store.entriesOfSource(IMDB_DATASETS_SOURCE.id)).toStrictEqual(before);
      expect(await store.revision()).toBe(revision);
      expect(await staged()).toBe(0);
    }
    // No film with enough votes: refused, nothing replaced.
    expect(await failure(importImdbDatasets(pair(), { store, minVotes: 10_000_000 }))).toBe(
      'no film in title.basics.tsv.gz has 10,000,000 votes or more (13 titles read)',
    );
    expect(await store.entriesOfSource(IMDB_DATASETS_SOURCE.id)).toStrictEqual(before);
  });

  it('a failed first import leaves no source behind', async () => {
    const p = pair();
    await failure(importImdbDatasets({ basics: p.ratings, ratings: p.basics }, { store }));
    expect(await store.getSource(IMDB_DATASETS_SOURCE.id)).toBeUndefined();
  });

  it('Cancel stops the import midway and keeps what was there', async () => {
    await importImdbDatasets(pair(), { store });
    const before = await store.entriesOfSource(IMDB_DATASETS_SOURCE.id);
    const controller = new AbortController();
    const seen: ImdbProgress[] = [];
    const error = await failure(
      importImdbDatasets(bigPair(3000), {
        store,
        signal: controller.signal,
        progressEveryMs: 0,
        onProgress: (p) => {
          seen.push(p);
          // Cancel once some films of the new import were found (and staged).
          if (p.phase === 'basics' && p.films > 500) controller.abort();
        },
      }),
    );
    expect(error).toBe('the import was cancelled; nothing was changed');
    expect(seen.at(-1)!.rows).toBeLessThan(6000);
    expect(await store.entriesOfSource(IMDB_DATASETS_SOURCE.id)).toStrictEqual(before);
    expect(await staged()).toBe(0);
  });

  it('refuses a threshold that is not a whole number', async () => {
    expect(await failure(importImdbDatasets(pair(), { store, minVotes: -5 }))).toBe(
      'the vote threshold must be a whole number of 0 or more (not -5)',
    );
  });
});

describe('the import worker', () => {
  function fakeScope() {
    const replies: ImdbWorkerReply[] = [];
    let listener: ((e: MessageEvent<unknown>) => void) | undefined;
    const scope = {
      postMessage: (m: ImdbWorkerReply) => replies.push(m),
      addEventListener: (_type: 'message', l: (e: MessageEvent<unknown>) => void) => (listener = l),
    };
    const send = (data: unknown) => listener?.(new MessageEvent('message', { data }));
    const settled = () =>
      new Promise<ImdbWorkerReply>((ok) => {
        const poll = () => {
          const last = replies.at(-1);
          if (last && last.type !== 'progress') ok(last);
          else setTimeout(poll, 5);
        };
        poll();
      });
    return { scope, replies, send, settled };
  }
  const open = () => ReviewStore.open(dbName);

  it('imports what the page posts, with progress, and answers the result', async () => {
    const w = fakeScope();
    serveImdbImports(w.scope, open);
    w.send({ type: 'start', ...pair(), minVotes: 1000 });
    const last = await w.settled();
    expect(last).toMatchObject({ type: 'done', result: { films: 6 } });
    expect(w.replies.some((r) => r.type === 'progress')).toBe(true);
    expect((await store.getSource(IMDB_DATASETS_SOURCE.id))?.count).toBe(6);
  });

  it('cancels on request, and says why a start failed', async () => {
    const w = fakeScope();
    serveImdbImports(w.scope, open);
    w.send({ type: 'start', ...bigPair(3000), minVotes: 1000 });
    w.send({ type: 'start', ...pair(), minVotes: 1000 });
    expect(w.replies.find((r) => r.type === 'failed')).toEqual({
      type: 'failed',
      error: 'an import is already running',
      cancelled: false,
    });
    w.replies.length = 0;
    w.send({ type: 'cancel' });
    expect(await w.settled()).toEqual({
      type: 'failed',
      error: 'the import was cancelled; nothing was changed',
      cancelled: true,
    });
    expect(await store.getSource(IMDB_DATASETS_SOURCE.id)).toBeUndefined();
    // Messages of another shape are ignored.
    w.replies.length = 0;
    w.send({ type: 'start', basics: 'title.basics.tsv.gz' });
    w.send(null);
    expect(w.replies).toEqual([]);
  });
});

// The module is also what the CLI runs, on Node's own web streams: a gzip from Node's zlib reads.
it('reads gzip written by Node zlib at other levels', async () => {
  const text = tsv(BASICS_HEADER, BASICS);
  for (const level of [1, 9]) {
    const files: { basics: DatasetFile; ratings: DatasetFile } = {
      ...pair(),
      basics: datasetFile('title.basics.tsv.gz', new Uint8Array(gzipSync(text, { level }))),
    };
    expect((await read(files)).entries.map((e) => e.id)).toEqual(KEPT_AT_1000);
  }
});

describe('votes reach detection', () => {
  it("are on each lexicon film, within 5%, the highest of a film's sources; absent when no source has them", async () => {
    const { entries } = await read(pair(), 0);
    const imdb = entries.map((e) => lexiconEntry(`${IMDB_DATASETS_SOURCE.id}/${e.id}`, e));
    // A review of the same film from another source, without votes.
    const review = { ref: 'feed:x/spirited', title: 'Spirited Away', year: 2001, ids: { imdb: 'tt0245429' } };
    const lexicon = loadLexicon(buildLexicon([review, ...imdb]));
    const film = (title: string) => lexicon.terms(lexicon.lookupNode(title))[0]!.entry;
    for (const [title, votes] of [
      ['Spirited Away', 912346],
      ['The Shawshank Redemption', 3012345],
      ['Miss Jerry', 215],
    ] as const)
      expect(Math.abs(lexicon.votes(film(title))! - votes) / votes).toBeLessThan(0.05);
    expect(lexicon.filmRefs(film('Spirited Away'))).toEqual([
      'feed:x/spirited',
      'import:imdb-datasets/tt0245429',
    ]);
    const without = buildLexicon([review]);
    expect(without.votes).toBeUndefined();
    expect(loadLexicon(without).votes(0)).toBeUndefined();
  });
});
