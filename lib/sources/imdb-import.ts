/**
 * The IMDb datasets import into the store: the ratings read first, then title.basics streamed into
 * a new generation of the source `import:imdb-datasets` (the store's staged write, a few chunks per
 * short transaction) and swapped in by one small transaction, so a second import replaces the
 * first at once and a failure or a Cancel at any point before the swap leaves the previous films
 * exactly as they were. Progress (rows, rows per second, time left) is reported at least every
 * `progressEveryMs`, also while the store is busy. Runs in the options page's import worker
 * (entrypoints/imdb-worker.ts), never on a page's main thread.
 */
import type { ReviewStore, SourceRecord } from '../store/db';
import { describeStoreError } from './fetch';
import {
  DEFAULT_MIN_VOTES,
  emptyBasicsCounts,
  ImdbDatasetError,
  ImdbImportCancelled,
  openBasics,
  readBasics,
  readRatings,
  type DatasetFile,
} from './imdb-datasets';

export const IMDB_DATASETS_SOURCE = { id: 'import:imdb-datasets', name: 'IMDb ratings (datasets)' };

export type ImdbPhase = 'ratings' | 'basics' | 'saving';

export interface ImdbProgress {
  phase: ImdbPhase;
  /** Data rows read so far, both files. */
  rows: number;
  /** Films kept so far. */
  films: number;
  /** The files' own (compressed) bytes read so far, and their total. */
  bytesRead: number;
  bytesTotal: number;
  elapsedMs: number;
  rowsPerSecond: number;
  /** Estimated from the bytes left at the speed so far; absent until there is a speed to go by. */
  secondsLeft?: number;
}

export interface ImdbImportResult {
  films: number;
  /** Data rows of title.basics and title.ratings read. */
  titles: number;
  ratings: number;
  minVotes: number;
  notFilms: number;
  fewVotes: number;
  adult: number;
  /** Rows that could not be read (malformed), both files, with the first reasons. */
  unreadable: number;
  reasons: string[];
  /** Films of the import this one replaced (0 for the first). */
  replaced: number;
  ms: number;
}

export interface ImdbImportDeps {
  store: ReviewStore;
  minVotes?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ImdbProgress) => void;
  /** At most this long between progress reports (default 100 ms: ten a second, so a loaded machine still sees four). */
  progressEveryMs?: number;
  now?: () => number;
}

const MAX_REASONS = 20;

/**
 * The batches of `source`, each next one already being read while the consumer writes the one it
 * was given: the store awaits every batch's transaction before it asks for more, and that wait (in
 * the browser's IndexedDB, off this thread) is time the parser can use.
 */
async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = source.next();
      // A failure of the read ahead is seen by the next iteration; never left unobserved meanwhile.
      next.catch(() => undefined);
      yield r.value;
    }
  } finally {
    // The consumer stopped early (a failed write): stop the reading too, once its read settles.
    await next.catch(() => undefined);
    await source.return(undefined);
  }
}

/** Progress as it stands, reported on a timer and after chunks, never less often than `every`. */
class Tracker {
  phase: ImdbPhase = 'ratings';
  rows = 0;
  films = 0;
  bytesRead = 0;
  private ratingsRows = 0;
  private last = -Infinity;
  private readonly started: number;

  constructor(
    private readonly bytesTotal: number,
    private readonly every: number,
    private readonly now: () => number,
    private readonly report?: (p: ImdbProgress) => void,
  ) {
    this.started = now();
  }

  onBytes = (n: number) => {
    this.bytesRead += n;
  };

  ratingsRowsRead(rows: number) {
    this.ratingsRows = rows;
    this.rows = rows;
    this.maybeReport();
  }

  basicsRowsRead(rows: number, films: number) {
    this.rows = this.ratingsRows + rows;
    this.films = films;
    this.maybeReport();
  }

  maybeReport() {
    if (this.now() - this.last >= this.every) this.reportNow();
  }

  reportNow() {
    if (!this.report) return;
    const t = this.now();
    this.last = t;
    const elapsedMs = t - this.started;
    const bytesPerMs = elapsedMs > 0 ? this.bytesRead / elapsedMs : 0;
    const left = Math.max(0, this.bytesTotal - this.bytesRead);
    this.report({
      phase: this.phase,
      rows: this.rows,
      films: this.films,
      bytesRead: Math.min(this.bytesRead, this.bytesTotal),
      bytesTotal: this.bytesTotal,
      elapsedMs,
      rowsPerSecond: elapsedMs > 0 ? Math.round((this.rows / elapsedMs) * 1000) : 0,
      ...(this.phase === 'saving'
        ? { secondsLeft: 0 }
        : bytesPerMs > 0 && elapsedMs >= 500
          ? { secondsLeft: Math.ceil(left / bytesPerMs / 1000) }
          : {}),
    });
  }
}

/**
 * Import the pair. Throws ImdbDatasetError (a file's problem, in words), ImdbImportCancelled, or
 * an Error whose message says why saving failed; in every case the previous films stay.
 */
export async function importImdbDatasets(
  files: { basics: DatasetFile; ratings: DatasetFile },
  deps: ImdbImportDeps,
): Promise<ImdbImportResult> {
  const now = deps.now ?? (() => performance.now());
  const minVotes = deps.minVotes ?? DEFAULT_MIN_VOTES;
  if (!Number.isInteger(minVotes) || minVotes < 0)
    throw new ImdbDatasetError(`the vote threshold must be a whole number of 0 or more (not ${minVotes})`);
  const every = deps.progressEveryMs ?? 100;
  const tracker = new Tracker(files.basics.size + files.ratings.size, every, now, deps.onProgress);
  const started = now();
  tracker.reportNow();
  // While the store writes or swaps, no chunk is read: the timer keeps the reports coming.
  const timer = setInterval(() => tracker.maybeReport(), every);
  try {
    const { id, name } = IMDB_DATASETS_SOURCE;
    // Both headers are checked before anything is read in full: a swapped pair fails at once.
    const basics = await openBasics(files.basics, tracker.onBytes);
    let ratings: Awaited<ReturnType<typeof readRatings>>;
    try {
      ratings = await readRatings(files.ratings, {
        minVotes,
        signal: deps.signal,
        onBytes: tracker.onBytes,
        onRows: (rows) => tracker.ratingsRowsRead(rows),
      });
    } catch (error) {
      basics.lines.cancel();
      throw error;
    }
    tracker.phase = 'basics';
    const counts = emptyBasicsCounts();
    const previous = await deps.store.getSource(id);
    const batches = readAhead(
      readBasics(
        files.basics,
        ratings.table,
        {
          minVotes,
          signal: deps.signal,
          onBytes: tracker.onBytes,
          onRows: (rows) => tracker.basicsRowsRead(rows, counts.kept),
        },
        counts,
        basics,
      ),
    );
    const reasons = () => [...ratings.rejected.reasons, ...counts.rejected.reasons].slice(0, MAX_REASONS);
    const at = Date.now();
    try {
      await deps.store.replaceSourceStaged(
        id,
        batches,
        (): Omit<SourceRecord, 'count' | 'id'> => {
          if (counts.kept === 0)
            throw new ImdbDatasetError(
              `no film in ${files.basics.name} has ${minVotes.toLocaleString('en-US')} votes or more (${counts.rows.toLocaleString('en-US')} titles read)`,
            );
          tracker.phase = 'saving';
          tracker.reportNow();
          return {
            name,
            kind: 'import',
            addedAt: previous?.addedAt ?? at,
            updatedAt: at,
            checkedAt: at,
            rejected: reasons(),
            rejectedCount: ratings.rejected.count + counts.rejected.count,
          };
        },
        undefined,
        { create: true },
      );
    } catch (error) {
      if (error instanceof ImdbDatasetError || error instanceof ImdbImportCancelled) throw error;
      throw new Error(describeStoreError(error).replace('this index', "IMDb's films"));
    }
    tracker.reportNow();
    return {
      films: counts.kept,
      titles: counts.rows,
      ratings: ratings.rows,
      minVotes,
      notFilms: counts.notFilms,
      fewVotes: counts.fewVotes,
      adult: counts.adult,
      unreadable: ratings.rejected.count + counts.rejected.count,
      reasons: reasons(),
      replaced: previous?.count ?? 0,
      ms: now() - started,
    };
  } finally {
    clearInterval(timer);
  }
}
