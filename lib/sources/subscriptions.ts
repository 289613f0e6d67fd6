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
  /** `named`: what the index or feed calls itself (its `source.name`, a feed's title). */
  | { status: 'updated'; source: SourceRecord; named?: string }
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

/**
 * Record a new subscription (no entries yet, named after its host until it names itself); the
 * caller loads it next (`firstLoad`).
 */
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

/** Longest name a source takes from its index or feed (the options form allows as much). */
const MAX_NAME = 200;

/**
 * The first load of a source just recorded. A failure removes it again, so nothing is left behind
 * (no "0 entries" source), and throws the reason in words for the form that added it. Unless the
 * user named it, it takes the name its index or feed gives itself; the host stays only when that
 * says nothing.
 */
export async function firstLoad(
  store: ReviewStore,
  added: SourceRecord,
  refresh: (id: string) => Promise<RefreshOutcome>,
  userNamed: boolean,
): Promise<SourceRecord> {
  let outcome: RefreshOutcome;
  try {
    outcome = await refresh(added.id);
  } catch (error) {
    await store.removeSource(added.id).catch(() => undefined);
    throw error;
  }
  if (outcome.status !== 'updated' || outcome.source.count === 0) {
    await store.removeSource(added.id);
    throw new SourceError(
      outcome.status === 'failed'
        ? // There were no previous entries to keep: the refresh's reassurance would mislead here.
          outcome.error.replace(/;? ?\(?the previous entries were kept\)?/, '')
        : 'the server answered 304 Not Modified to a first request',
    );
  }
  const named = outcome.named?.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME);
  if (userNamed || !named || named === outcome.source.name) return outcome.source;
  return (await store.updateSourceRecord(added.id, { name: named })) ?? outcome.source;
}

/** Subscribe to an index: record it and load it; nothing is added if the first load fails. */
export async function subscribe(
  store: ReviewStore,
  input: { url: string; name?: string },
  refresh: (id: string) => Promise<RefreshOutcome>,
): Promise<SourceRecord> {
  const added = await addSubscription(store, input);
  return firstLoad(store, added, refresh, !!input.name?.trim());
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
  if (/html/i.test(result.headers.get('content-type') ?? '')) {
    body.close();
    return fail(deps, source, notAnIndex(source.url));
  }
  // The first byte that is not white space (nor a UTF-8 byte-order mark): "<" is a web page
  // served under another type.
  let first: number | undefined;
  const parser = new IndexBodyParser({
    read: async () => {
      const piece = await body.read();
      for (let i = 0; first === undefined && piece && i < piece.length; i++)
        if (piece[i]! > 0x20 && piece[i] !== 0xef && piece[i] !== 0xbb && piece[i] !== 0xbf) first = piece[i];
      return piece;
    },
  });
  const timing = { chunkMs: 0 };
  let named: string | undefined;
  try {
    const saved = await store.replaceSourceStaged(
      id,
      parser.batches(),
      () => {
        const index = parser.finish();
        named = index.header.source.name;
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
    return { status: 'updated', source: saved, ...(named ? { named } : {}) };
  } catch (error) {
    // The download's own failure (cut, too large, timed out) is reported first, even when the
    // JSON or a write failed earlier in the body: the same words as when the body was read whole
    // before anything else.
    const download = await body.drain().catch(() => undefined);
    if (!download && first === 0x3c) return fail(deps, source, notAnIndex(source.url));
    return fail(
      deps,
      source,
      download ?? (error instanceof SourceError ? error : new SourceError(describeStoreError(error))),
    );
  } finally {
    body.close();
  }
}

function notAnIndex(url: string): SourceError {
  return new SourceError(
    `${url} is a web page (HTML), not a Marquee index: give the address of the index file itself (.json), or follow the site under "Follow a reviewer"`,
  );
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
