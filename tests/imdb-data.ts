/**
 * A tiny pair of IMDb dataset files in IMDb's exact format (headers, tabs, `\N`, gzip), built by the
 * tests themselves. IMDb's licence forbids redistributing its data, so no IMDb file is committed:
 * the rows below are written for the tests in the shape of IMDb's rows (real title types and
 * genre names; ids, votes and ratings made up), see tests/fixtures/imdb/README.md.
 */
import { gzipSync } from 'node:zlib';
import type { DatasetFile } from '../lib/sources/imdb-datasets';

export const BASICS_HEADER =
  'tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres';
export const RATINGS_HEADER = 'tconst\taverageRating\tnumVotes';

/** [tconst, titleType, primaryTitle, originalTitle, isAdult, startYear, endYear, runtime, genres] */
export const BASICS: string[][] = [
  ['tt0000001', 'short', 'Carmencita', 'Carmencita', '0', '1894', '\\N', '1', 'Documentary,Short'],
  ['tt0000009', 'movie', 'Miss Jerry', 'Miss Jerry', '0', '1894', '\\N', '45', 'Romance'],
  ['tt0050083', 'movie', '12 Angry Men', '12 Angry Men', '0', '1957', '\\N', '96', 'Crime,Drama'],
  ['tt0067023', 'tvMovie', 'Duel', 'Duel', '0', '1971', '\\N', '90', 'Action,Thriller'],
  [
    'tt0111161',
    'movie',
    'The Shawshank Redemption',
    'The Shawshank Redemption',
    '0',
    '1994',
    '\\N',
    '142',
    'Drama',
  ],
  [
    'tt0211915',
    'movie',
    'Amélie',
    "Le fabuleux destin d'Amélie Poulain",
    '0',
    '2001',
    '\\N',
    '122',
    'Comedy,Romance',
  ],
  [
    'tt0245429',
    'movie',
    'Spirited Away',
    'Sen to Chihiro no kamikakushi',
    '0',
    '2001',
    '\\N',
    '125',
    'Adventure,Animation,Family',
  ],
  [
    'tt0903747',
    'tvSeries',
    'Breaking Bad',
    'Breaking Bad',
    '0',
    '2008',
    '2013',
    '49',
    'Crime,Drama,Thriller',
  ],
  ['tt0959621', 'tvEpisode', 'Pilot', 'Pilot', '0', '2008', '\\N', '58', 'Crime,Drama,Thriller'],
  ['tt1000001', 'movie', 'Quiet Orchard', 'Quiet Orchard', '0', '\\N', '\\N', '\\N', '\\N'],
  [
    'tt1000002',
    'video',
    'Quiet Orchard: Making Of',
    'Quiet Orchard: Making Of',
    '0',
    '2019',
    '\\N',
    '12',
    'Documentary',
  ],
  ['tt1000003', 'movie', 'Night Shift Nine', 'Night Shift Nine', '1', '2012', '\\N', '80', 'Adult'],
  ['tt1000004', 'tvMovie', 'Saltwater Kings', 'Saltwater Kings', '0', '2019', '\\N', '88', 'Drama'],
];

/** [tconst, averageRating, numVotes], sorted by tconst as IMDb's file is. */
export const RATINGS: string[][] = [
  ['tt0000001', '5.7', '2145'],
  ['tt0000009', '5.4', '215'],
  ['tt0050083', '9.0', '912345'],
  ['tt0067023', '7.6', '71234'],
  ['tt0111161', '9.3', '3012345'],
  ['tt0211915', '8.3', '812345'],
  ['tt0245429', '8.6', '912346'],
  ['tt0903747', '9.5', '2212345'],
  ['tt0959621', '9.0', '41234'],
  ['tt1000001', '6.1', '1000'],
  ['tt1000002', '7.0', '5000'],
  ['tt1000003', '5.0', '3000'],
  ['tt1000004', '4.2', '999'],
];

/** The films the pair holds at the default threshold (1,000 votes): movie/tvMovie, not adult. */
export const KEPT_AT_1000 = ['tt0050083', 'tt0067023', 'tt0111161', 'tt0211915', 'tt0245429', 'tt1000001'];

export const tsv = (header: string, rows: string[][]) =>
  `${header}\n${rows.map((r) => r.join('\t')).join('\n')}\n`;
export const gz = (text: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(gzipSync(Buffer.from(text, 'utf8')));

/** A picked file over `bytes`, handed out `chunk` bytes at a time (small chunks split lines and headers). */
export function datasetFile(name: string, bytes: Uint8Array, chunk = 64 * 1024): DatasetFile {
  return {
    name,
    size: bytes.byteLength,
    stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
      let at = 0;
      return new ReadableStream({
        pull(controller) {
          if (at >= bytes.byteLength) {
            controller.close();
            return;
          }
          controller.enqueue(bytes.slice(at, at + chunk));
          at += chunk;
        },
      });
    },
  };
}

export const basicsGz = (rows = BASICS) => gz(tsv(BASICS_HEADER, rows));
export const ratingsGz = (rows = RATINGS) => gz(tsv(RATINGS_HEADER, rows));

export const pair = (chunk?: number) => ({
  basics: datasetFile('title.basics.tsv.gz', basicsGz(), chunk),
  ratings: datasetFile('title.ratings.tsv.gz', ratingsGz(), chunk),
});
