/**
 * The IMDb import worker's side of its conversation with the options page: the page starts a
 * dedicated worker (entrypoints/imdb-worker.ts), posts the two picked files and the vote threshold,
 * and gets progress, then the result or the failure in words. The worker writes straight to the
 * extension's IndexedDB (same origin as the background, which sees the change through the store's
 * change feed). Parsing a gigabyte of text there keeps the options page's main thread free.
 */
import { ReviewStore } from '../store/db';
import { ImdbDatasetError, ImdbImportCancelled, type DatasetFile } from './imdb-datasets';
import { importImdbDatasets, type ImdbImportResult, type ImdbProgress } from './imdb-import';

export type ImdbWorkerRequest =
  { type: 'start'; basics: DatasetFile; ratings: DatasetFile; minVotes: number } | { type: 'cancel' };

export type ImdbWorkerReply =
  | { type: 'progress'; progress: ImdbProgress }
  | { type: 'done'; result: ImdbImportResult }
  | { type: 'failed'; error: string; cancelled: boolean };

export interface WorkerScope {
  postMessage(message: ImdbWorkerReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

const isFile = (x: unknown): x is DatasetFile =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as DatasetFile).name === 'string' &&
  typeof (x as DatasetFile).size === 'number' &&
  typeof (x as DatasetFile).stream === 'function';

function parseRequest(data: unknown): ImdbWorkerRequest | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m.type === 'cancel') return { type: 'cancel' };
  if (m.type === 'start' && isFile(m.basics) && isFile(m.ratings) && typeof m.minVotes === 'number')
    return { type: 'start', basics: m.basics, ratings: m.ratings, minVotes: m.minVotes };
  return undefined;
}

/** A reply from the worker (the page checks what crosses the boundary, as the worker does). */
export function isWorkerReply(x: unknown): x is ImdbWorkerReply {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  if (m.type === 'progress') return typeof m.progress === 'object' && m.progress !== null;
  if (m.type === 'done') return typeof m.result === 'object' && m.result !== null;
  return m.type === 'failed' && typeof m.error === 'string' && typeof m.cancelled === 'boolean';
}

/** Why an import failed, in words: a file's problem, a cancel, or a failed save. */
export function describeImdbFailure(error: unknown): string {
  if (error instanceof ImdbDatasetError || error instanceof ImdbImportCancelled) return error.message;
  return (error as Error | undefined)?.message ?? String(error);
}

/** Answer the options page: one import at a time, cancelled by a `cancel` message. */
export function serveImdbImports(
  scope: WorkerScope,
  openStore: () => Promise<ReviewStore> = () => ReviewStore.open(),
): void {
  let running: AbortController | undefined;
  scope.addEventListener('message', (event) => {
    const request = parseRequest(event.data);
    if (!request) return;
    if (request.type === 'cancel') {
      running?.abort();
      return;
    }
    if (running) {
      scope.postMessage({ type: 'failed', error: 'an import is already running', cancelled: false });
      return;
    }
    const controller = new AbortController();
    running = controller;
    void (async () => {
      let store: ReviewStore | undefined;
      try {
        store = await openStore();
        const result = await importImdbDatasets(
          { basics: request.basics, ratings: request.ratings },
          {
            store,
            minVotes: request.minVotes,
            signal: controller.signal,
            onProgress: (progress) => scope.postMessage({ type: 'progress', progress }),
          },
        );
        scope.postMessage({ type: 'done', result });
      } catch (error) {
        scope.postMessage({
          type: 'failed',
          error: describeImdbFailure(error),
          cancelled: error instanceof ImdbImportCancelled,
        });
      } finally {
        store?.close();
        running = undefined;
      }
    })();
  });
}
