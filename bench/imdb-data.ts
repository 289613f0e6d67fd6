/**
 * A pair of IMDb dataset files at IMDb's real size and in its exact format, for `bench/imdb.ts`:
 * `title.basics.tsv.gz` (about 12 million titles) and `title.ratings.tsv.gz` (about 1.6 million
 * ratings), tab-separated with IMDb's headers and `\N`, gzipped by Node's zlib as they are written
 * (never held whole). IMDb's own files may not be redistributed, so the rows are invented: title
 * types, years, runtimes, genres and the share of rated titles follow the real files' proportions
 * (2024-25: ~72% episodes, ~6% movies, ~1.3% TV movies; ~13% of titles rated; ~40,000 films with
 * 1,000 votes or more), titles are made of words, a few with accents and other scripts. Written to
 * the temporary folder and reused while its parameters are the same; never committed.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';

const BASICS_HEADER =
  'tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres';
const RATINGS_HEADER = 'tconst\taverageRating\tnumVotes';

/** Title types with their share of title.basics, and of them the share that is rated. */
const TYPES: [type: string, share: number, rated: number, voteScale: number][] = [
  ['tvEpisode', 0.72, 0.088, 0.95],
  ['short', 0.085, 0.15, 0.8],
  ['movie', 0.06, 0.5, 1.33],
  ['video', 0.025, 0.2, 0.9],
  ['tvSeries', 0.024, 0.4, 1.2],
  ['tvMovie', 0.013, 0.35, 1.0],
  ['tvMiniSeries', 0.005, 0.4, 1.1],
  ['tvSpecial', 0.005, 0.3, 0.9],
  ['videoGame', 0.004, 0.3, 1.0],
  ['tvShort', 0.001, 0.2, 0.8],
  ['tvPilot', 0.0001, 0.2, 0.8],
];
const GENRES = [
  'Action', 'Adult', 'Adventure', 'Animation', 'Biography', 'Comedy', 'Crime', 'Documentary', 'Drama',
  'Family', 'Fantasy', 'Film-Noir', 'Game-Show', 'History', 'Horror', 'Music', 'Musical', 'Mystery',
  'News', 'Reality-TV', 'Romance', 'Sci-Fi', 'Short', 'Sport', 'Talk-Show', 'Thriller', 'War', 'Western',
]; // prettier-ignore
const WORDS = [
  'the', 'night', 'house', 'last', 'love', 'city', 'blood', 'dark', 'girl', 'man', 'river', 'summer',
  'king', 'road', 'dead', 'little', 'black', 'world', 'star', 'heart', 'war', 'secret', 'life', 'time',
  'orchard', 'lantern', 'kings', 'paper', 'satellite', 'room', 'winter', 'shadow', 'fire', 'island',
  'promise', 'stranger', 'return', 'journey', 'empire', 'garden', 'storm', 'silver', 'ghost', 'dream',
  'café', 'señor', 'über', 'fête', 'mädchen', 'nuit', 'amor', 'liebe', 'noche', 'ciudad', 'ночь', '夜',
]; // prettier-ignore

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface GeneratedPair {
  basics: string;
  ratings: string;
  basicsRows: number;
  ratingsRows: number;
  /** Films (movie, tvMovie, not adult) with at least 1,000 votes: what the import should keep. */
  filmsAt1000: number;
  basicsBytes: number;
  ratingsBytes: number;
  /** Uncompressed size of title.basics. */
  basicsTextBytes: number;
  generatedMs: number;
}

/** Write `lines` (an iterator of ~1 MB strings) through gzip into `path`, minding backpressure. */
async function writeGz(path: string, pieces: () => string | undefined): Promise<number> {
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(path);
  gzip.pipe(out);
  let text = 0;
  for (let piece = pieces(); piece !== undefined; piece = pieces()) {
    text += Buffer.byteLength(piece);
    if (!gzip.write(piece)) await new Promise((ok) => gzip.once('drain', ok));
  }
  gzip.end();
  await new Promise<void>((ok, ko) => out.on('finish', ok).on('error', ko));
  return text;
}

/**
 * The pair, generated once per size into the temporary folder (about 230 MB compressed at the
 * real size; a minute or two on a quiet machine), then reused.
 */
export async function imdbPair(basicsRows = 12_000_000, seed = 1): Promise<GeneratedPair> {
  const dir = join(tmpdir(), `marquee-imdb-bench-v1-${basicsRows}-${seed}`);
  const basics = join(dir, 'title.basics.tsv.gz');
  const ratings = join(dir, 'title.ratings.tsv.gz');
  const manifest = join(dir, 'pair.json');
  if (existsSync(manifest)) {
    const { readFile } = await import('node:fs/promises');
    return JSON.parse(await readFile(manifest, 'utf8')) as GeneratedPair;
  }
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const rand = rng(seed);
  const cumulative: number[] = [];
  TYPES.reduce((sum, [, share]) => (cumulative.push(sum + share), sum + share), 0);
  const total = cumulative.at(-1)!;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const title = (words: number) => {
    let s = pick(WORDS);
    for (let i = 1; i < words; i++) s += ` ${pick(WORDS)}`;
    return s.charAt(0).toUpperCase() + s.slice(1);
  };

  // Ratings rows are made while basics is written (the same titles, in tconst order) and kept as
  // compact text pieces; they are written to their own file afterwards.
  const ratingPieces: string[] = [];
  let ratingBuf = `${RATINGS_HEADER}\n`;
  let ratingsRows = 0;
  let filmsAt1000 = 0;
  let tconst = 0;
  let row = 0;
  const basicsTextBytes = await writeGz(`${basics}.part`, () => {
    if (row >= basicsRows) return undefined;
    let s = row === 0 ? `${BASICS_HEADER}\n` : '';
    for (let k = 0; k < 8192 && row < basicsRows; k++, row++) {
      tconst += 1 + Math.floor(rand() * 5);
      const id = `tt${String(tconst).padStart(7, '0')}`;
      const r = rand() * total;
      let t = 0;
      while (cumulative[t]! < r) t++;
      const [type, , ratedShare, voteScale] = TYPES[t]!;
      const episode = type === 'tvEpisode';
      const primary = episode
        ? rand() < 0.45
          ? `Episode #${1 + Math.floor(rand() * 12)}.${1 + Math.floor(rand() * 30)}`
          : rand() < 0.3
            ? `Episode dated ${1 + Math.floor(rand() * 28)} May ${1990 + Math.floor(rand() * 35)}`
            : title(1 + Math.floor(rand() * 4))
        : title(1 + Math.floor(rand() * 5));
      const original = rand() < 0.1 ? title(1 + Math.floor(rand() * 4)) : primary;
      const film = type === 'movie' || type === 'video';
      const adult = film && rand() < 0.015 ? '1' : '0';
      const year = rand() < 0.05 ? '\\N' : String(2025 - Math.floor(rand() ** 2 * 125));
      const end = type === 'tvSeries' && rand() < 0.6 ? String(Number(year) + 1 || 2000) : '\\N';
      const runtime = rand() < 0.5 ? '\\N' : String(1 + Math.floor(rand() * (episode ? 60 : 180)));
      let genres = '\\N';
      if (rand() > 0.1) {
        genres = pick(GENRES);
        for (let g = Math.floor(rand() * 3); g > 0; g--) genres += `,${pick(GENRES)}`;
      }
      s += `${id}\t${type}\t${primary}\t${original}\t${adult}\t${year}\t${end}\t${runtime}\t${genres}\n`;
      if (rand() < ratedShare) {
        const votes = 5 + Math.min(3_000_000, Math.floor(10 ** (-Math.log(1 - rand()) * voteScale)));
        const rating = (1 + Math.min(9, Math.max(0, 5.5 + (rand() + rand() + rand() - 1.5) * 3))).toFixed(1);
        ratingBuf += `${id}\t${rating}\t${votes}\n`;
        ratingsRows++;
        if ((type === 'movie' || type === 'tvMovie') && adult === '0' && votes >= 1000) filmsAt1000++;
        if (ratingBuf.length > 1 << 20) {
          ratingPieces.push(ratingBuf);
          ratingBuf = '';
        }
      }
    }
    return s;
  });
  ratingPieces.push(ratingBuf);
  let piece = 0;
  await writeGz(`${ratings}.part`, () => ratingPieces[piece++]);
  await rename(`${basics}.part`, basics);
  await rename(`${ratings}.part`, ratings);
  const pair: GeneratedPair = {
    basics,
    ratings,
    basicsRows,
    ratingsRows,
    filmsAt1000,
    basicsBytes: (await stat(basics)).size,
    ratingsBytes: (await stat(ratings)).size,
    basicsTextBytes,
    generatedMs: Math.round(performance.now() - started),
  };
  const { writeFile } = await import('node:fs/promises');
  await writeFile(manifest, JSON.stringify(pair, null, 2));
  return pair;
}
