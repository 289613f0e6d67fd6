/**
 * IMDb's datasets (https://developer.imdb.com/non-commercial-datasets/): `title.ratings.tsv.gz`
 * and `title.basics.tsv.gz`, as the user downloaded them, read as streams — gunzipped by the
 * browser's DecompressionStream, decoded by TextDecoderStream and cut into lines chunk by chunk —
 * so neither file (about 200 MB compressed, 1 GB of text for basics) is ever held whole. The same
 * code runs in the options page's import worker and in `npm run index` (Node's web streams).
 *
 * The ratings are read first into a compact table (tconst number → rating × 10 and votes, typed
 * arrays, only the titles with enough votes); then basics, keeping `movie` and `tvMovie` titles
 * that have at least `minVotes` votes, as entries: rating out of 10, votes, year, runtime, genres,
 * the IMDb id, and the original title as an alias when it differs.
 *
 * Headers are checked exactly, so a swapped pair, another IMDb dataset (title.akas…), a file that
 * is not gzip or is cut short each fail with a sentence saying so.
 */
import { validateEntry, MAX_RUNTIME, type Entry } from '../index/schema';

/** The first line of each file, as IMDb documents and serves it (tab-separated). */
export const HEADERS = {
  basics: [
    'tconst',
    'titleType',
    'primaryTitle',
    'originalTitle',
    'isAdult',
    'startYear',
    'endYear',
    'runtimeMinutes',
    'genres',
  ],
  ratings: ['tconst', 'averageRating', 'numVotes'],
} as const;
export type DatasetKind = keyof typeof HEADERS;

export const DATASET_FILES: Record<DatasetKind, string> = {
  basics: 'title.basics.tsv.gz',
  ratings: 'title.ratings.tsv.gz',
};

/** IMDb's other datasets, so that a wrong pick is named rather than called unreadable. */
const OTHER_DATASETS: { file: string; what: string; header: string }[] = [
  {
    file: 'title.akas',
    what: 'alternative titles',
    header: 'titleId\tordering\ttitle\tregion\tlanguage\ttypes\tattributes\tisOriginalTitle',
  },
  { file: 'title.crew', what: 'directors and writers', header: 'tconst\tdirectors\twriters' },
  {
    file: 'title.episode',
    what: 'TV episodes',
    header: 'tconst\tparentTconst\tseasonNumber\tepisodeNumber',
  },
  {
    file: 'title.principals',
    what: 'cast and crew',
    header: 'tconst\tordering\tnconst\tcategory\tjob\tcharacters',
  },
  {
    file: 'name.basics',
    what: 'people',
    header: 'nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles',
  },
];

/** Titles kept from basics: IMDb's feature films and TV films. */
export const FILM_TITLE_TYPES = ['movie', 'tvMovie'] as const;
export const DEFAULT_MIN_VOTES = 1000;

/** A problem with a dataset file, in words; nothing of the import was kept. */
export class ImdbDatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImdbDatasetError';
  }
}

/** The import was cancelled (its AbortSignal fired). */
export class ImdbImportCancelled extends Error {
  constructor() {
    super('the import was cancelled; nothing was changed');
    this.name = 'ImdbImportCancelled';
  }
}

/** A picked file: a File or Blob in the browser, `fs.openAsBlob` in Node. */
export interface DatasetFile {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array<ArrayBuffer>>;
}

const NULL = '\\N';
/** A header longer than this (IMDb's are under 100 chars) is not one: the file is something else. */
const MAX_HEADER = 4096;
const MAX_REASONS = 20;
const GZIP_MAGIC = [0x1f, 0x8b];

const fmt = (n: number) => n.toLocaleString('en-US');

// ---------------------------------------------------------------- bytes → text

/**
 * The file's text as a stream of chunks: gunzipped when it starts with gzip's magic number (an
 * uncompressed .tsv — some browsers unpack .gz downloads — is read as it is). `onBytes` counts the
 * file's own bytes as they are read, for the progress bar.
 */
async function openText(
  file: DatasetFile,
  onBytes: (n: number) => void,
): Promise<{ reader: ReadableStreamDefaultReader<string>; gzip: boolean }> {
  const source = file.stream().getReader();
  // Enough bytes to tell gzip from text (a stream may hand out a 1-byte first piece).
  const head: Uint8Array<ArrayBuffer>[] = [];
  let headBytes = 0;
  while (headBytes < 2) {
    const r = await source.read();
    if (r.done) break;
    head.push(r.value);
    headBytes += r.value.byteLength;
  }
  if (headBytes === 0) throw new ImdbDatasetError(`${file.name} is empty`);
  const first = head.length === 1 ? head[0]! : concat(head, headBytes);
  const gzip = first[0] === GZIP_MAGIC[0] && first[1] === GZIP_MAGIC[1];
  // BufferSource, not Uint8Array: the type DecompressionStream and TextDecoderStream take.
  const bytes = new ReadableStream<BufferSource>({
    start(controller) {
      onBytes(first.byteLength);
      controller.enqueue(first);
    },
    async pull(controller) {
      const r = await source.read();
      if (r.done) controller.close();
      else {
        onBytes(r.value.byteLength);
        controller.enqueue(r.value);
      }
    },
    cancel: (reason) => source.cancel(reason),
  });
  const inflated: ReadableStream<BufferSource> = gzip
    ? bytes.pipeThrough(new DecompressionStream('gzip'))
    : bytes;
  return { reader: inflated.pipeThrough(new TextDecoderStream('utf-8')).getReader(), gzip };
}

function concat(parts: Uint8Array<ArrayBuffer>[], total: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Lines of a text stream, a chunk at a time: `each` gets every complete line of the next chunk as
 * (text, start, end) — no string is cut per line unless the caller asks — and a line split across
 * chunks is carried over. A trailing "\r" is left out of the line.
 */
class Lines {
  /** The start of a line the last chunk ended in the middle of (never holds a line break). */
  private carry = '';
  /** What first() read past the header: handed to the next next() as if it were a chunk. */
  private pending?: string;
  private ended = false;
  /** Lines handed out so far (the first is line 1, the header). */
  count = 0;

  constructor(private readonly reader: ReadableStreamDefaultReader<string>) {}

  /**
   * The first line (the header), read before any other; the rest of its chunk waits for next().
   * Gives up after MAX_HEADER chars without a line break (a binary file): what was read is returned.
   */
  async first(): Promise<string> {
    let text = '';
    for (;;) {
      const nl = text.indexOf('\n');
      if (nl >= 0 || text.length > MAX_HEADER || this.ended) {
        const end = nl >= 0 ? nl : Math.min(text.length, MAX_HEADER);
        if (nl >= 0 && nl + 1 < text.length) this.pending = text.slice(nl + 1);
        this.count = 1;
        return text.slice(0, end).replace(/\r$/, '');
      }
      const r = await this.reader.read();
      if (r.done) this.ended = true;
      else text += r.value;
    }
  }

  /**
   * Feed the next chunk's lines to `each`; false once the stream has ended (and the last line was
   * fed). The chunk is read in place: only a line split across two chunks is joined (joining the
   * carry to the whole chunk would copy every chunk once more: half the strings made).
   */
  async next(each: (text: string, start: number, end: number, line: number) => void): Promise<boolean> {
    let chunk = this.pending;
    this.pending = undefined;
    if (chunk === undefined) {
      const r = this.ended ? { done: true as const } : await this.reader.read();
      if (r.done) {
        this.ended = true;
        // The last line, when the file does not end with a line break.
        if (this.carry) this.emit(this.carry, 0, this.carry.length, each);
        this.carry = '';
        return false;
      }
      chunk = r.value;
    }
    let start = 0;
    if (this.carry) {
      const nl = chunk.indexOf('\n');
      if (nl < 0) {
        this.carry += chunk;
        return true;
      }
      const line = this.carry + chunk.slice(0, nl);
      this.carry = '';
      this.emit(line, 0, line.length, each);
      start = nl + 1;
    }
    for (let nl = chunk.indexOf('\n', start); nl >= 0; nl = chunk.indexOf('\n', start)) {
      this.emit(chunk, start, nl, each);
      start = nl + 1;
    }
    this.carry = start < chunk.length ? chunk.slice(start) : '';
    return true;
  }

  private emit(
    text: string,
    start: number,
    end: number,
    each: (t: string, s: number, e: number, l: number) => void,
  ) {
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    each(text, start, end, ++this.count);
  }

  cancel(): void {
    this.reader.cancel().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- headers

/** Which file a first line says this is, or a sentence saying what it is instead. */
export function classifyHeader(line: string): { kind: DatasetKind } | { problem: string } {
  for (const kind of ['basics', 'ratings'] as const) if (line === HEADERS[kind].join('\t')) return { kind };
  const other = OTHER_DATASETS.find((d) => line === d.header);
  if (other)
    return {
      problem: `is IMDb's ${other.file} dataset (${other.what}), not title.basics or title.ratings`,
    };
  const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
  return {
    problem: `is not one of IMDb's title.basics or title.ratings files: its first line is "${shown.replace(/\t/g, ' ')}"`,
  };
}

/** Read the first line of an opened file; a read failure is reported as the file's damage. */
async function headerOf(file: DatasetFile, lines: Lines, gzip: boolean): Promise<string> {
  try {
    return await lines.first();
  } catch (error) {
    lines.cancel();
    throw streamError(file, gzip, error, 0);
  }
}

/** What a first line says a file is: one of the pair, or a sentence about what it is instead. */
function identify(
  file: DatasetFile,
  header: string,
  gzip: boolean,
): { kind: DatasetKind } | { problem: string } {
  const found = classifyHeader(header);
  if ('kind' in found || gzip) return 'kind' in found ? found : { problem: `${file.name} ${found.problem}` };
  return {
    problem: `${file.name} is not a gzip file (IMDb's datasets are .tsv.gz), nor an unpacked IMDb dataset`,
  };
}

/**
 * Open a dataset file and check its first line is exactly `kind`'s header: a swapped pair or
 * another dataset is named in the error. Returns the lines after the header.
 */
async function openDataset(
  file: DatasetFile,
  kind: DatasetKind,
  onBytes: (n: number) => void,
): Promise<{ lines: Lines; gzip: boolean }> {
  const { reader, gzip } = await openText(file, onBytes);
  const lines = new Lines(reader);
  const found = identify(file, await headerOf(file, lines, gzip), gzip);
  if ('kind' in found && found.kind === kind) return { lines, gzip };
  lines.cancel();
  if ('kind' in found)
    throw new ImdbDatasetError(
      `${file.name} is IMDb's title.${found.kind} file, given as title.${kind}: the two files are swapped`,
    );
  throw new ImdbDatasetError(
    'problem' in found && !gzip
      ? `${found.problem}: pick ${DATASET_FILES[kind]} as downloaded from IMDb`
      : found.problem,
  );
}

/**
 * Which dataset a picked file is, by its first line (one multi-file pick tells the pair apart).
 * Reads only the start of the file.
 */
export async function identifyDataset(
  file: DatasetFile,
): Promise<{ kind: DatasetKind } | { problem: string }> {
  try {
    const { reader, gzip } = await openText(file, () => undefined);
    const lines = new Lines(reader);
    const header = await headerOf(file, lines, gzip);
    lines.cancel();
    return identify(file, header, gzip);
  } catch (error) {
    return {
      problem:
        error instanceof ImdbDatasetError ? error.message : `${file.name}: ${(error as Error).message}`,
    };
  }
}

/** A failure while reading: for gzip, a damaged or cut-off download, said so. */
function streamError(file: DatasetFile, gzip: boolean, error: unknown, rows: number): Error {
  if (error instanceof ImdbDatasetError || error instanceof ImdbImportCancelled) return error;
  const detail = (error as Error | undefined)?.message ?? String(error);
  const where = rows > 0 ? ` after ${fmt(rows)} rows` : '';
  if (gzip)
    return new ImdbDatasetError(
      `${file.name} ends early or is damaged (${detail})${where}: it may have been cut off while downloading; download it again from IMDb`,
    );
  return new ImdbDatasetError(`${file.name} could not be read (${detail})${where}`);
}

// ---------------------------------------------------------------- fields

/** The number of "tt0111161" in text[start, end), or -1. */
function tconstNumber(text: string, start: number, end: number): number {
  if (end - start < 7 || end - start > 12) return -1;
  if (text.charCodeAt(start) !== 116 || text.charCodeAt(start + 1) !== 116) return -1; // "tt"
  let n = 0;
  for (let i = start + 2; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** A whole number in text[start, end) (digits only), or -1. */
function wholeNumber(text: string, start: number, end: number): number {
  if (end <= start || end - start > 12) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** "7.3" (or "10", "10.0") × 10 in text[start, end), or -1: IMDb rates 1.0–10.0 to one decimal. */
function ratingTimes10(text: string, start: number, end: number): number {
  const dot = text.indexOf('.', start);
  if (dot < 0 || dot >= end) {
    const whole = wholeNumber(text, start, end);
    return whole < 0 ? -1 : whole * 10;
  }
  const whole = wholeNumber(text, start, dot);
  if (whole < 0 || end - dot !== 2) return -1;
  const d = text.charCodeAt(dot + 1) - 48;
  return d < 0 || d > 9 ? -1 : whole * 10 + d;
}

// ---------------------------------------------------------------- ratings

/**
 * tconst number → rating × 10 and votes, for the titles with enough votes: three typed arrays,
 * sorted by tconst (IMDb's files are; another order is sorted once at the end), searched by halves.
 * At the real size (1.6 million rows, all kept at minVotes 0) about 22 MB; a Map of objects
 * would take several times that.
 */
export class RatingTable {
  private keys = new Float64Array(1 << 14);
  private r10 = new Uint8Array(1 << 14);
  private votesOf = new Uint32Array(1 << 14);
  size = 0;
  private sorted = true;

  /** False when the tconst repeats the previous one (a duplicate row). */
  add(key: number, rating10: number, votes: number): boolean {
    if (this.size === this.keys.length) this.grow();
    const last = this.size ? this.keys[this.size - 1]! : -1;
    if (key === last) return false;
    if (key < last) this.sorted = false;
    this.keys[this.size] = key;
    this.r10[this.size] = rating10;
    this.votesOf[this.size] = votes;
    this.size++;
    return true;
  }

  private grow() {
    const n = this.keys.length * 2;
    const keys = new Float64Array(n);
    keys.set(this.keys);
    const r10 = new Uint8Array(n);
    r10.set(this.r10);
    const votes = new Uint32Array(n);
    votes.set(this.votesOf);
    this.keys = keys;
    this.r10 = r10;
    this.votesOf = votes;
  }

  /** Sort (if the rows came out of order) and drop the spare capacity. */
  finish(): void {
    if (!this.sorted) {
      const order = Array.from({ length: this.size }, (_, i) => i).sort(
        (a, b) => this.keys[a]! - this.keys[b]!,
      );
      this.keys = Float64Array.from(order, (i) => this.keys[i]!);
      this.r10 = Uint8Array.from(order, (i) => this.r10[i]!);
      this.votesOf = Uint32Array.from(order, (i) => this.votesOf[i]!);
      this.sorted = true;
    } else {
      this.keys = this.keys.slice(0, this.size);
      this.r10 = this.r10.slice(0, this.size);
      this.votesOf = this.votesOf.slice(0, this.size);
    }
  }

  /** Index of `key`, or -1. */
  find(key: number): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid]!;
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  rating10(i: number): number {
    return this.r10[i]!;
  }

  votes(i: number): number {
    return this.votesOf[i]!;
  }
}

/** Rows that were not read, in words (the first 20) and counted. */
class Rejections {
  reasons: string[] = [];
  count = 0;
  add(reason: string) {
    this.count++;
    if (this.reasons.length < MAX_REASONS) this.reasons.push(reason);
  }
}

export interface ReadOptions {
  minVotes: number;
  signal?: AbortSignal;
  /** Compressed bytes read from the file, as they are read. */
  onBytes?: (n: number) => void;
  /** Data rows read so far (header not counted), after each chunk. */
  onRows?: (rows: number) => void;
}

function checkAbort(signal: AbortSignal | undefined, lines: Lines) {
  if (signal?.aborted) {
    lines.cancel();
    throw new ImdbImportCancelled();
  }
}

export interface RatingsRead {
  table: RatingTable;
  rows: number;
  rejected: Rejections;
}

/** Read title.ratings into a RatingTable of the titles with at least `minVotes` votes. */
export async function readRatings(file: DatasetFile, options: ReadOptions): Promise<RatingsRead> {
  const { lines, gzip } = await openDataset(file, 'ratings', options.onBytes ?? (() => undefined));
  const table = new RatingTable();
  const rejected = new Rejections();
  let rows = 0;
  const each = (text: string, start: number, end: number, line: number) => {
    if (line === 1 || end === start) return; // the header (checked), a blank last line
    rows++;
    const t1 = text.indexOf('\t', start);
    const t2 = t1 < 0 || t1 >= end ? -1 : text.indexOf('\t', t1 + 1);
    const t3 = t2 < 0 ? -1 : text.indexOf('\t', t2 + 1);
    if (t2 < 0 || t2 >= end || (t3 >= 0 && t3 < end)) {
      rejected.add(`${file.name} line ${fmt(line)}: not 3 tab-separated columns`);
      return;
    }
    const key = tconstNumber(text, start, t1);
    if (key < 0) {
      rejected.add(
        `${file.name} line ${fmt(line)}: "${text.slice(start, t1)}" is not an IMDb id (tt1234567)`,
      );
      return;
    }
    const r10 = ratingTimes10(text, t1 + 1, t2);
    if (r10 < 10 || r10 > 100) {
      rejected.add(
        `${file.name} line ${fmt(line)}: rating "${text.slice(t1 + 1, t2)}" is not an IMDb rating (1.0 to 10.0)`,
      );
      return;
    }
    const votes = wholeNumber(text, t2 + 1, end);
    if (votes < 0 || votes > 0xffffffff) {
      rejected.add(
        `${file.name} line ${fmt(line)}: votes "${text.slice(t2 + 1, end)}" is not a whole number`,
      );
      return;
    }
    if (votes < options.minVotes) return;
    if (!table.add(key, r10, votes))
      rejected.add(`${file.name} line ${fmt(line)}: tt${key} appears twice; the first is kept`);
  };
  try {
    for (;;) {
      checkAbort(options.signal, lines);
      const more = await lines.next(each);
      options.onRows?.(rows);
      if (!more) break;
    }
  } catch (error) {
    lines.cancel();
    throw streamError(file, gzip, error, rows);
  }
  if (rows === 0) throw new ImdbDatasetError(`${file.name} has its header but no ratings`);
  if (rejected.count === rows)
    throw new ImdbDatasetError(`${file.name}: no row could be read; first: ${rejected.reasons[0]}`);
  table.finish();
  return { table, rows, rejected };
}

// ---------------------------------------------------------------- basics

export interface BasicsCounts {
  /** Data rows of title.basics read. */
  rows: number;
  /** Films kept (valid entries yielded). */
  kept: number;
  /** Titles that are not films: series, episodes, shorts, videos, games… */
  notFilms: number;
  /** Films with fewer than minVotes votes, or none. */
  fewVotes: number;
  /** Films IMDb marks as adult titles. */
  adult: number;
  rejected: Rejections;
}

/** One title.basics row of a kept film as an entry, or the reason it can't be one. */
function basicsEntry(
  fields: string[],
  rating10: number,
  votes: number,
): { entry: Entry } | { reason: string } | { adult: true } {
  const [tconst, , primary, original, isAdult, startYear, , runtimeText, genreText] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (isAdult === '1') return { adult: true };
  if (isAdult !== '0') return { reason: `isAdult "${isAdult}" is not 0 or 1` };
  const year = startYear === NULL ? undefined : wholeNumber(startYear, 0, startYear.length);
  if (year !== undefined && year < 0) return { reason: `startYear "${startYear}" is not a year` };
  const runtime = runtimeText === NULL ? undefined : wholeNumber(runtimeText, 0, runtimeText.length);
  if (runtime !== undefined && runtime < 0)
    return { reason: `runtimeMinutes "${runtimeText}" is not a number of minutes` };
  const title = primary === NULL ? '' : primary;
  const alias = original !== NULL && original !== title ? original : undefined;
  const genres = genreText === NULL || genreText === '' ? undefined : genreText.split(',');
  const input: Record<string, unknown> = {
    id: tconst,
    title,
    rating: { value: rating10 / 10, scale: 10 },
    votes,
    source: { name: 'IMDb', url: `https://www.imdb.com/title/${tconst}/` },
    ids: { imdb: tconst },
  };
  if (alias) input.aliases = [alias];
  // A year IMDb has but the index format can't hold (before 1870) is left out, not the film.
  if (year !== undefined && year >= 1870 && year <= 2100) input.year = year;
  if (runtime !== undefined && runtime >= 1 && runtime <= MAX_RUNTIME) input.runtime = runtime;
  if (genres) input.genres = genres;
  const result = validateEntry(input);
  if (result.ok) return { entry: result.entry };
  return { reason: result.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') };
}

/** Entries handed to the store per batch: 8 chunks of 16, one short transaction (see store/writes.ts). */
export const BATCH = 128;

/**
 * Read title.basics and yield its kept films in batches of about BATCH entries, as they are found;
 * the caller writes each batch before the next is read. `counts` fills in as it goes.
 */
export async function* readBasics(
  file: DatasetFile,
  ratings: RatingTable,
  options: ReadOptions,
  counts: BasicsCounts,
  opened?: { lines: Lines; gzip: boolean },
): AsyncGenerator<Entry[]> {
  const { lines, gzip } = opened ?? (await openDataset(file, 'basics', options.onBytes ?? (() => undefined)));
  let batch: Entry[] = [];
  const each = (text: string, start: number, end: number, line: number) => {
    if (line === 1 || end === start) return;
    counts.rows++;
    // Most rows are episodes and shorts: the type, the second column, decides before any split.
    const t1 = text.indexOf('\t', start);
    const t2 = t1 < 0 ? -1 : text.indexOf('\t', t1 + 1);
    if (t1 < 0 || t2 < 0 || t2 >= end) {
      counts.rejected.add(`${file.name} line ${fmt(line)}: not 9 tab-separated columns`);
      return;
    }
    const typeLength = t2 - t1 - 1;
    const isFilm =
      (typeLength === 5 && text.startsWith('movie', t1 + 1)) ||
      (typeLength === 7 && text.startsWith('tvMovie', t1 + 1));
    if (!isFilm) {
      counts.notFilms++;
      return;
    }
    const key = tconstNumber(text, start, t1);
    if (key < 0) {
      counts.rejected.add(
        `${file.name} line ${fmt(line)}: "${text.slice(start, t1)}" is not an IMDb id (tt1234567)`,
      );
      return;
    }
    const at = ratings.find(key);
    if (at < 0) {
      counts.fewVotes++;
      return;
    }
    const fields = text.slice(start, end).split('\t');
    if (fields.length !== HEADERS.basics.length) {
      counts.rejected.add(`${file.name} line ${fmt(line)}: ${fields.length} columns, not 9`);
      return;
    }
    const made = basicsEntry(fields, ratings.rating10(at), ratings.votes(at));
    if ('adult' in made) counts.adult++;
    else if ('reason' in made)
      counts.rejected.add(`${file.name} line ${fmt(line)}: ${fields[0]}: ${made.reason}`);
    else {
      counts.kept++;
      batch.push(made.entry);
    }
  };
  try {
    for (;;) {
      checkAbort(options.signal, lines);
      const more = await lines.next(each);
      options.onRows?.(counts.rows);
      if (batch.length >= BATCH || (!more && batch.length)) {
        const out = batch;
        batch = [];
        yield out;
      }
      if (!more) break;
    }
  } catch (error) {
    lines.cancel();
    throw streamError(file, gzip, error, counts.rows);
  } finally {
    // A consumer that stopped early (a failed write) stops the file's reading too.
    lines.cancel();
  }
  if (counts.rows === 0) throw new ImdbDatasetError(`${file.name} has its header but no titles`);
}

export const emptyBasicsCounts = (): BasicsCounts => ({
  rows: 0,
  kept: 0,
  notFilms: 0,
  fewVotes: 0,
  adult: 0,
  rejected: new Rejections(),
});

/** Open title.basics and check its header now (before the ratings are read: a swap fails at once). */
export function openBasics(file: DatasetFile, onBytes: (n: number) => void) {
  return openDataset(file, 'basics', onBytes);
}

// ---------------------------------------------------------------- the pair, for the CLI and tests

export interface DatasetRead {
  entries: Entry[];
  ratingsRows: number;
  counts: BasicsCounts;
  ratingsRejected: Rejections;
}

/** Both files into entries in memory (CLI, tests); the extension streams them into the store instead. */
export async function readDatasetPair(
  files: { basics: DatasetFile; ratings: DatasetFile },
  options: ReadOptions,
): Promise<DatasetRead> {
  const basics = await openBasics(files.basics, options.onBytes ?? (() => undefined));
  let ratings: RatingsRead;
  try {
    ratings = await readRatings(files.ratings, options);
  } catch (error) {
    basics.lines.cancel();
    throw error;
  }
  const counts = emptyBasicsCounts();
  const entries: Entry[] = [];
  for await (const batch of readBasics(files.basics, ratings.table, options, counts, basics))
    entries.push(...batch);
  return { entries, ratingsRows: ratings.rows, counts, ratingsRejected: ratings.rejected };
}

/** What was read and left out, in words (the CLI prints it; the options page says the same through i18n). */
export function describeDatasetRead(r: {
  kept: number;
  ratingsRows: number;
  counts: BasicsCounts;
  minVotes: number;
  ratingsRejected: number;
}): string[] {
  const c = r.counts;
  return [
    `${fmt(r.kept)} films from ${fmt(c.rows)} titles and ${fmt(r.ratingsRows)} ratings`,
    `skipped: ${fmt(c.notFilms)} titles that are not films (series, episodes, shorts, videos, games)`,
    `skipped: ${fmt(c.fewVotes)} films with fewer than ${fmt(r.minVotes)} votes`,
    `skipped: ${fmt(c.adult)} adult titles`,
    `skipped: ${fmt(c.rejected.count + r.ratingsRejected)} rows that could not be read`,
  ];
}
