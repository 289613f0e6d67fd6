/**
 * Subscribed index sources: add, refresh (conditionally), remove. Runs in the background with the
 * store and fetch passed in. A refresh either replaces the source's entries (written as a new
 * generation while the body streams in, swapped in by one transaction: ReviewStore.replaceSourceStaged)
 * or leaves them exactly as they were and records why in `lastError`.
 */
import { describeRejected } from '../index/schema';
import type { ReviewStore, SourceRecord } from '../store/db';
import {
  checkSourceUrl,
  describeStoreError,
  openIndexBody,
  IndexBodyParser,
  SourceError,
  type FetchLike,
} from './fetch';
import { clearPhases, measurePhase, measureTotal } from '../timing';
import { fnv1a } from '../text/fnv';

export const FEED_PREFIX = 'feed:';

export interface RefreshDeps {
  store: ReviewStore;
  fetch: FetchLike;
  now?: () => number;
  maxBytes?: number;
}

export type RefreshOutcome =
  | { status: 'updated'; source: SourceRecord }
  | { status: 'unchanged'; source: SourceRecord }
  | { status: 'failed'; source: SourceRecord; error: string };

/** Stable id per address, so the same index can't be added twice: "feed:" + a short hash. */
export function feedId(url: string): string {
  // A second hash beside FNV-1a (the same steps with MurmurHash2's multiplier, from another
  // start): two addresses share an id only if both collide. Ids are stored: never change either.
  let h2 = 0x01000193;
  for (let i = 0; i < url.length; i++) h2 = Math.imul(h2 ^ url.charCodeAt(i), 0x5bd1e995);
  return `${FEED_PREFIX}${fnv1a(url).toString(36)}${(h2 >>> 0).toString(36)}`;
}

/** Record a new subscription (no entries yet); the caller refreshes it next. */
export async function addSubscription(
  store: ReviewStore,
  input: { url: string; name?: string },
): Promise<SourceRecord> {
  const url = checkSourceUrl(input.url).href;
  const id = feedId(url);
  if (await store.getSource(id)) throw new SourceError('this index is already subscribed');
  const name = input.name?.trim() || new URL(url).hostname;
  return store.replaceSource({ id, name, kind: 'fetched', url, addedAt: Date.now() }, []);
}

/** One refresh of one subscribed source. Never throws: the outcome says what happened. */
export async function refreshSubscription(id: string, deps: RefreshDeps): Promise<RefreshOutcome> {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const source = await store.getSource(id);
  if (!source?.url) throw new SourceError(`no subscribed source "${id}"`);
  let result: Awaited<ReturnType<typeof openIndexBody>>;
  clearPhases();
  let t = performance.now();
  try {
    result = await openIndexBody(source.url, {
      fetch: deps.fetch,
      // Without stored entries (a failed first load) a 304 would leave us with nothing: ask plainly.
      etag: source.count > 0 ? source.etag : undefined,
      lastModified: source.count > 0 ? source.lastModified : undefined,
      maxBytes: deps.maxBytes,
    });
  } catch (error) {
    return fail(deps, source, error);
  }
  if (result.status === 'unchanged') {
    const updated = await store.updateSourceRecord(id, { checkedAt: now(), lastError: undefined });
    return { status: 'unchanged', source: updated ?? source };
  }
  t = measurePhase('headers', t);
  const { body, etag, lastModified } = result;
  // Read, parsed and validated as it arrives, a batch at a time, each written to a new generation
  // of the source before the next is read. Malformed JSON, a bad header, an index with no
  // valid entry, a cut or oversized download or a failed write throws before the swap: the
  // previous entries stay.
  const parser = new IndexBodyParser(body);
  const timing = { chunkMs: 0 };
  try {
    const saved = await store.replaceSourceStaged(
      id,
      parser.batches(),
      () => {
        const index = parser.finish();
        return {
          ...source,
          updatedAt: now(),
          checkedAt: now(),
          lastError: undefined,
          rejected: index.rejected.map(describeRejected),
          rejectedCount: index.rejectedCount,
          etag,
          lastModified,
        };
      },
      timing,
    );
    measurePhase('staged', t);
    measureTotal('parse', parser.parseMs);
    measureTotal('validate', parser.validateMs);
    measureTotal('chunks', timing.chunkMs);
    return { status: 'updated', source: saved };
  } catch (error) {
    // The download's own failure (cut, too large, timed out) is reported first, even when the
    // JSON or a write failed earlier in the body: the same words as when the body was read whole
    // before anything else.
    const download = await body.drain().catch(() => undefined);
    return fail(
      deps,
      source,
      download ?? (error instanceof SourceError ? error : new SourceError(describeStoreError(error))),
    );
  } finally {
    body.close();
  }
}

export async function fail(deps: RefreshDeps, source: SourceRecord, error: unknown): Promise<RefreshOutcome> {
  const message =
    error instanceof SourceError ? error.message : `unexpected error: ${(error as Error).message}`;
  const checkedAt = (deps.now ?? Date.now)();
  const updated = await deps.store
    .updateSourceRecord(source.id, { lastError: message, checkedAt })
    .catch(() => undefined);
  return {
    status: 'failed',
    source: updated ?? { ...source, lastError: message, checkedAt },
    error: message,
  };
}

/** Refresh every subscribed source one after another (the scheduled alarm). */
export async function refreshAll(
  deps: RefreshDeps,
  refresh: (id: string, deps: RefreshDeps) => Promise<RefreshOutcome> = refreshSubscription,
): Promise<RefreshOutcome[]> {
  const outcomes: RefreshOutcome[] = [];
  for (const s of await deps.store.listSources()) {
    if (s.kind === 'fetched' && s.url) outcomes.push(await refresh(s.id, deps));
  }
  return outcomes;
}
