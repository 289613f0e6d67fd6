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
      // Puts: one per chunk of entries, then the id table, the source record and the revision:
      // any may fail.
      const at = 1 + Math.floor(rand() * (Math.ceil(NEW.length / CHUNK_SIZE) + 3));
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
      // By ref too (the id table is written in the same transaction).
      expect((await store.get('feed/old-39'))?.entry.title).toBe('Old Film 39');
      expect(await store.get('feed/new-0')).toBeUndefined();
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

  it('a streamed refresh killed at 100 random points (a write, or the body cut or corrupted) keeps the old entries', async () => {
    // The refresh parses and writes the body a batch at a time inside its one transaction (#4):
    // a failed put, a cut download (malformed JSON at the end) or a broken byte midway must all
    // abort it, whatever was already written.
    const url = 'https://feed.test/index.json';
    const source = await addSubscription(store, { url, name: 'Feed' });
    const text = JSON.stringify(makeIndexFile({ name: 'Feed' }, NEW));
    const respond = (body: string | Uint8Array<ArrayBuffer>, etag: string) => async () => {
      // Pieces of 1-4 kB, as a network delivers them.
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0, k = 0; at < bytes.length; k++) {
            const end = Math.min(bytes.length, at + 1024 * (1 + (k % 4)));
            controller.enqueue(bytes.slice(at, end));
            at = end;
          }
          controller.close();
        },
      });
      return new Response(stream, { headers: { etag } });
    };
    const ok = await refreshSubscription(source.id, {
      store,
      fetch: respond(JSON.stringify(makeIndexFile({ name: 'Feed' }, OLD)), '"old"'),
    });
    expect(ok.status).toBe('updated');
    const oldIds = OLD.map((e) => e.id).sort();
    const rand = random(0xfeed);
    const kinds = new Map<string, number>();
    for (let run = 0; run < 100; run++) {
      const kind = (['put', 'cut', 'corrupt'] as const)[run % 3]!;
      let body: string | Uint8Array<ArrayBuffer> = text;
      let restore = () => {};
      if (kind === 'put') {
        const at = 1 + Math.floor(rand() * (Math.ceil(NEW.length / CHUNK_SIZE) + 3));
        restore = injectFault(at, (['throw', 'abort', 'quota'] as const)[run % 3]!);
      } else if (kind === 'cut') {
        body = text.slice(0, Math.floor(rand() * text.length));
      } else {
        // One structural character replaced far into the body: JSON breaks after many batches.
        const bytes = new TextEncoder().encode(text);
        let at = Math.floor(text.length / 4 + rand() * (text.length * 0.75 - 1));
        while (!'{}[],:'.includes(String.fromCharCode(bytes[at]!))) at++;
        bytes[at] = 0x40; // "@"
        body = bytes;
      }
      const outcome = await refreshSubscription(source.id, {
        store,
        fetch: respond(body, `"new-${run}"`),
      }).finally(restore);
      expect(outcome.status, `run ${run}: ${kind}`).toBe('failed');
      if (kind !== 'put') expect(outcome.source.lastError).toMatch(/not valid JSON/);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const ids = (await store.entriesOfSource(source.id)).map((e) => e.id).sort();
      expect(ids, `run ${run}: ${kind}`).toEqual(oldIds);
      expect(await store.getSource(source.id)).toMatchObject({ count: OLD.length, etag: '"old"' });
      expect(await store.lookup('New Film 0')).toEqual([]);
    }
    expect([...kinds.values()]).toEqual([34, 33, 33]);
    // And the same body, whole, goes in.
    const done = await refreshSubscription(source.id, { store, fetch: respond(text, '"new"') });
    expect(done.status).toBe('updated');
    expect((await store.entriesOfSource(source.id)).length).toBe(NEW.length);
    // A generous limit: 100 refreshes of 1,000 entries, on two cores shared with other work.
  }, 60_000);
});
