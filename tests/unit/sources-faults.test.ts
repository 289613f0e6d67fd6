import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, ReviewStore } from '../../lib/store/db';
import { makeIndexFile, type Entry } from '../../lib/index/schema';
import { addSubscription, refreshSubscription } from '../../lib/sources/subscriptions';
import { film as makeFilm } from '../factories';

const film = (id: string, title: string): Entry => makeFilm(id, title, { source: { name: 'Feed' } });

type Fault = 'throw' | 'abort' | 'quota';

/**
 * Wraps IDBObjectStore.prototype.put (fake-indexeddb's, which idb calls underneath) so the
 * `at`-th put of the next replace fails: a plain throw inside the transaction, an abort of the
 * transaction (the browser closing), or a QuotaExceededError like a full disk.
 */
function injectFault(at: number, fault: Fault): () => void {
  const proto = IDBObjectStore.prototype;
  const original = proto.put;
  let calls = 0;
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (++calls === at) {
      if (fault === 'abort') {
        this.transaction.abort();
      } else if (fault === 'quota') {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      } else {
        throw new Error('injected failure');
      }
    }
    return original.apply(this, args);
  };
  return () => {
    proto.put = original;
  };
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return seed / 2 ** 32;
  };
}

let store: ReviewStore;
let n = 0;
beforeEach(async () => {
  store = await ReviewStore.open(`faults-${n++}`);
});
afterEach(() => store.close());

const OLD = Array.from({ length: 40 }, (_, i) => film(`old-${i}`, `Old Film ${i}`));
const NEW = Array.from({ length: 1000 }, (_, i) => film(`new-${i}`, `New Film ${i}`));

describe('a replace killed midway', () => {
  it('leaves every earlier entry in place, 100 times at random points', async () => {
    const rand = random(0xc0ffee);
    const faults: Fault[] = ['throw', 'abort', 'quota'];
    await store.replaceSource({ id: 'feed', name: 'Feed v1', kind: 'fetched' }, OLD);
    const oldIds = OLD.map((e) => e.id).sort();
    const seen = new Set<Fault>();
    for (let run = 0; run < 100; run++) {
      const fault = faults[run % 3]!;
      // Puts: one per chunk of entries, then the source record, then the revision: any may fail.
      const at = 1 + Math.floor(rand() * (Math.ceil(NEW.length / CHUNK_SIZE) + 2));
      const restore = injectFault(at, fault);
      let failed = false;
      try {
        await store.replaceSource({ id: 'feed', name: `Feed v${run + 2}`, kind: 'fetched' }, NEW);
      } catch (error) {
        failed = true;
        if (fault === 'quota') expect((error as DOMException).name).toBe('QuotaExceededError');
      } finally {
        restore();
      }
      expect(failed, `run ${run}: ${fault} at put ${at} did not fail the replace`).toBe(true);
      seen.add(fault);
      const ids = (await store.entriesOfSource('feed')).map((e) => e.id).sort();
      expect(ids, `run ${run}: ${fault} at put ${at}`).toEqual(oldIds);
      expect((await store.getSource('feed'))?.name).toBe('Feed v1');
      expect(await store.lookup('New Film 0')).toEqual([]);
    }
    expect(seen.size).toBe(3);
    // And the store still works afterwards.
    await store.replaceSource({ id: 'feed', name: 'Feed v2', kind: 'fetched' }, NEW);
    expect(await store.count()).toBe(NEW.length);
  });

  it('turns a full disk during a refresh into a clear message and keeps the old entries', async () => {
    const url = 'https://feed.test/index.json';
    const source = await addSubscription(store, { url, name: 'Feed' });
    const body = (entries: Entry[]) => JSON.stringify(makeIndexFile({ name: 'Feed' }, entries));
    const deps = (entries: Entry[]) => ({
      store,
      fetch: async () => new Response(body(entries), { headers: { etag: `"${entries.length}"` } }),
    });
    await refreshSubscription(source.id, deps(OLD));
    const restore = injectFault(1, 'quota');
    const outcome = await refreshSubscription(source.id, deps(NEW)).finally(restore);
    expect(outcome.status).toBe('failed');
    expect(outcome.source.lastError).toMatch(/^not enough storage space/);
    const stored = await store.getSource(source.id);
    expect(stored).toMatchObject({ count: OLD.length, etag: `"${OLD.length}"` });
    expect(stored?.lastError).toMatch(/previous entries were kept/);
    expect((await store.entriesOfSource(source.id)).length).toBe(OLD.length);
  });
});
