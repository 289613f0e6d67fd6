import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { CHUNK_SIZE } from '../../lib/store/chunks';
import { ReviewStore } from '../../lib/store/db';
import { generationOf } from '../../lib/store/generations';
import { makeIndexFile, type Entry } from '../../lib/index/schema';
import { addSubscription, refreshSubscription } from '../../lib/sources/subscriptions';
import { film as makeFilm } from '../factories';

const film = (id: string, title: string): Entry => makeFilm(id, title, { source: { name: 'Feed' } });

type Fault = 'throw' | 'abort' | 'quota';

/**
 * Wraps IDBObjectStore.prototype.put (or delete: fake-indexeddb's, which idb calls underneath) so
 * the `at`-th call from now fails: a plain throw inside the transaction, an abort of the
 * transaction (the browser closing), or a QuotaExceededError like a full disk.
 */
function injectFault(at: number, fault: Fault, method: 'put' | 'delete' = 'put'): () => void {
  const proto = IDBObjectStore.prototype as unknown as Record<
    'put' | 'delete',
    (this: IDBObjectStore, ...args: unknown[]) => IDBRequest
  >;
  const original = proto[method];
  let calls = 0;
  proto[method] = function (this: IDBObjectStore, ...args: unknown[]) {
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
    proto[method] = original;
  };
}

/** The generations that have chunks in the database, as "source#generation", read raw. */
async function storedGenerations(name: string): Promise<string[]> {
  const db = await openDB(name);
  const keys = (await db.getAllKeys('chunks')) as unknown as [string, number][];
  db.close();
  return [...new Set(keys.map(([source, n]) => `${source}#${generationOf(n)}`))].sort();
}

/** A response whose body arrives in pieces of 1-4 kB, as a network delivers them. */
function piecewise(body: string | Uint8Array<ArrayBuffer>, etag: string, bytes = false): Response {
  const data = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const start = (controller: { enqueue(chunk: Uint8Array<ArrayBuffer>): void; close(): void }) => {
    for (let at = 0, k = 0; at < data.length; k++) {
      const end = Math.min(data.length, at + 1024 * (1 + (k % 4)));
      controller.enqueue(data.slice(at, end));
      at = end;
    }
    controller.close();
  };
  // A byte stream (as a real fetch body: read into one reused buffer) or a plain one.
  const stream = bytes ? new ReadableStream({ type: 'bytes', start }) : new ReadableStream({ start });
  return new Response(stream, { headers: { etag } });
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return seed / 2 ** 32;
  };
}

let store: ReviewStore;
let dbName: string;
let n = 0;
beforeEach(async () => {
  dbName = `faults-${n++}`;
  store = await ReviewStore.open(dbName);
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
      // Puts: one per chunk of entries, then the id table, the source record, the generation
      // registry and the revision: any may fail.
      const at = 1 + Math.floor(rand() * (Math.ceil(NEW.length / CHUNK_SIZE) + 4));
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
      // One transaction: nothing of the new generation was left behind.
      expect(await storedGenerations(dbName)).toHaveLength(1);
    }
    expect(seen.size).toBe(3);
    // And the store still works afterwards.
    await store.replaceSource({ id: 'feed', name: 'Feed v2', kind: 'fetched' }, NEW);
    expect(await store.count()).toBe(NEW.length);
    // 100 replaces of 1,000 entries: ~2.5 s alone, several times that on two busy cores.
  }, 60_000);

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
    // The refresh writes the body a batch at a time into a staged generation, in short
    // transactions, then swaps it in with one small one: a failed put in any of them (the
    // generation's registration, any batch, the swap), a cut download (malformed JSON at the end)
    // or a broken byte midway must leave the old entries as the only ones seen, and no staged
    // chunk behind.
    const url = 'https://feed.test/index.json';
    const source = await addSubscription(store, { url, name: 'Feed' });
    const text = JSON.stringify(makeIndexFile({ name: 'Feed' }, NEW));
    const respond = (body: string | Uint8Array<ArrayBuffer>, etag: string, bytes: boolean) => () =>
      Promise.resolve(piecewise(body, etag, bytes));
    const ok = await refreshSubscription(source.id, {
      store,
      fetch: respond(JSON.stringify(makeIndexFile({ name: 'Feed' }, OLD)), '"old"', true),
    });
    expect(ok.status).toBe('updated');
    const oldIds = OLD.map((e) => e.id).sort();
    const generations = await storedGenerations(dbName);
    // Puts of a refresh: its generation's registration, one per chunk, then the swap's four (id
    // table, record, registry, revision). The sweep's come after the swap (see the next test).
    const puts = 1 + Math.ceil(NEW.length / CHUNK_SIZE) + 4;
    const rand = random(0xfeed);
    const kinds = new Map<string, number>();
    const failedAt = new Set<string>();
    for (let run = 0; run < 100; run++) {
      const kind = (['put', 'cut', 'corrupt'] as const)[run % 3]!;
      let body: string | Uint8Array<ArrayBuffer> = text;
      let restore = () => {};
      if (kind === 'put') {
        const at = 1 + Math.floor(rand() * puts);
        failedAt.add(at === 1 ? 'stage' : at > puts - 4 ? 'swap' : 'batch');
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
        fetch: respond(body, `"new-${run}"`, run % 2 === 0),
      }).finally(restore);
      expect(outcome.status, `run ${run}: ${kind}`).toBe('failed');
      if (kind !== 'put') expect(outcome.source.lastError).toMatch(/not valid JSON/);
      else expect(outcome.source.lastError).toMatch(/previous entries were kept/);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const ids = (await store.entriesOfSource(source.id)).map((e) => e.id).sort();
      expect(ids, `run ${run}: ${kind}`).toEqual(oldIds);
      expect(await store.getSource(source.id)).toMatchObject({ count: OLD.length, etag: '"old"' });
      expect(await store.lookup('New Film 0')).toEqual([]);
      expect(await store.get(`${source.id}/new-0`)).toBeUndefined();
      expect((await store.get(`${source.id}/old-39`))?.entry.title).toBe('Old Film 39');
      const walked: string[] = [];
      await store.forEach((e) => walked.push(e.id));
      expect(walked.filter((id) => id.startsWith('new-'))).toEqual([]);
      // The staged chunks went with the failure.
      expect(await storedGenerations(dbName), `run ${run}: ${kind}`).toEqual(generations);
    }
    expect([...kinds.values()]).toEqual([34, 33, 33]);
    expect([...failedAt].sort()).toEqual(['batch', 'stage', 'swap']);
    // And the same body, whole, goes in.
    const done = await refreshSubscription(source.id, { store, fetch: respond(text, '"new"', true) });
    expect(done.status).toBe('updated');
    expect((await store.entriesOfSource(source.id)).length).toBe(NEW.length);
    // The old generation was deleted after the swap: one generation per source is left.
    expect((await storedGenerations(dbName)).filter((g) => g.startsWith(source.id))).toHaveLength(1);
    // A generous limit: 100 refreshes of 1,000 entries, on two cores shared with other work.
  }, 60_000);
  it('a failure while the replaced generation is deleted keeps the refresh, and the next open sweeps the rest', async () => {
    const url = 'https://feed.test/index.json';
    const source = await addSubscription(store, { url, name: 'Feed' });
    const bodies = [OLD, NEW].map((entries) => JSON.stringify(makeIndexFile({ name: 'Feed' }, entries)));
    const rand = random(0x5eed);
    const faults: Fault[] = ['throw', 'abort', 'quota'];
    for (let run = 0; run < 12; run++) {
      // Even runs put OLD in place of NEW, odd ones NEW in place of OLD. The sweep after the swap
      // deletes the replaced generation 32 chunks a transaction (NEW's 63 chunks: two deletes,
      // OLD's 3: one); the sweep before each refresh, what earlier failures left.
      const entries = run % 2 === 0 ? OLD : NEW;
      const restore = injectFault(1 + Math.floor(rand() * 2), faults[run % 3]!, 'delete');
      const outcome = await refreshSubscription(source.id, {
        store,
        fetch: async () => piecewise(bodies[run % 2]!, `"${run}"`),
      }).finally(restore);
      // The swap committed: the refresh is done, whatever the sweep did after it.
      expect(outcome.status, `run ${run}`).toBe('updated');
      const ids = (await store.entriesOfSource(source.id)).map((e) => e.id).sort();
      expect(ids, `run ${run}`).toEqual(entries.map((e) => e.id).sort());
      expect(await store.lookup(entries === OLD ? 'New Film 0' : 'Old Film 0'), `run ${run}`).toEqual([]);
      expect((await store.lookup(entries[5]!.title)).map((e) => e.id)).toEqual([entries[5]!.id]);
      let count = 0;
      await store.forEach((e) => void (e.source === source.id && count++));
      expect(count, `run ${run}`).toBe(entries.length);
    }
    // A clean state, then one more refresh whose sweep fails at its first delete: the replaced
    // generation stays on disk, invisible, and the next open deletes it.
    const feed = async () => (await storedGenerations(dbName)).filter((g) => g.startsWith(source.id));
    await store.sweep();
    expect(await feed()).toHaveLength(1);
    const failing = injectFault(1, 'abort', 'delete');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const kept = await refreshSubscription(source.id, {
      store,
      fetch: async () => piecewise(bodies[1]!, '"kept"'),
    }).finally(failing);
    expect(kept.status).toBe('updated');
    // The failed sweep does not fail the refresh, but it is reported, with the browser's error.
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('sweeping replaced entries failed'),
      expect.any(DOMException),
    );
    warn.mockRestore();
    expect(await feed()).toHaveLength(2);
    expect(await store.lookup('Old Film 0')).toEqual([]);
    store.close();
    store = await ReviewStore.open(dbName);
    expect(await feed()).toHaveLength(1);
    expect((await store.entriesOfSource(source.id)).length).toBe(NEW.length);

    // A failed write of the registry after the deletes: the chunks are gone, the registry still
    // names the generation; the next sweep only unregisters it.
    const chunks = Math.ceil(OLD.length / CHUNK_SIZE);
    const restore = injectFault(1 + chunks + 4 + 1, 'quota');
    const outcome = await refreshSubscription(source.id, {
      store,
      fetch: async () => piecewise(bodies[0]!, '"last"'),
    }).finally(restore);
    expect(outcome.status).toBe('updated');
    expect(await feed()).toHaveLength(1);
    expect((await store.getMeta<{ retired: unknown[] }>('generations'))?.retired).toHaveLength(1);
    await store.sweep();
    expect((await store.getMeta<{ retired: unknown[] }>('generations'))?.retired).toEqual([]);
    expect((await store.entriesOfSource(source.id)).length).toBe(OLD.length);
  });

  it('answers a lookup from the old entries while a refresh is still writing the new ones', async () => {
    const url = 'https://feed.test/index.json';
    const source = await addSubscription(store, { url, name: 'Feed' });
    await refreshSubscription(source.id, {
      store,
      fetch: async () => piecewise(JSON.stringify(makeIndexFile({ name: 'Feed' }, OLD)), '"old"'),
    });
    const bytes = new TextEncoder().encode(JSON.stringify(makeIndexFile({ name: 'Feed' }, NEW)));
    let body!: ReadableByteStreamController;
    const stream = new ReadableStream({
      type: 'bytes',
      start(controller) {
        body = controller;
      },
    });
    // The first half arrives; the rest waits until the lookups below have answered.
    body.enqueue(bytes.slice(0, bytes.length >> 1));
    let finished = false;
    const refresh = refreshSubscription(source.id, {
      store,
      fetch: async () => new Response(stream, { headers: { etag: '"new"' } }),
    }).then((outcome) => {
      finished = true;
      return outcome;
    });
    // Wait until some of the new generation is written.
    const before = await storedGenerations(dbName);
    for (let i = 0; i < 200 && (await storedGenerations(dbName)).length === before.length; i++)
      await new Promise((ok) => setTimeout(ok, 5));
    expect((await storedGenerations(dbName)).length).toBe(before.length + 1);

    expect((await store.lookup('Old Film 3')).map((e) => e.id)).toEqual(['old-3']);
    expect(await store.lookup('New Film 0')).toEqual([]);
    expect((await store.getMany([`${source.id}/old-7`, `${source.id}/new-1`])).map((e) => e.id)).toEqual([
      'old-7',
    ]);
    expect((await store.entriesOfSource(source.id)).length).toBe(OLD.length);
    expect(finished).toBe(false);

    body.enqueue(bytes.slice(bytes.length >> 1));
    body.close();
    expect((await refresh).status).toBe('updated');
    expect(await store.lookup('Old Film 3')).toEqual([]);
    expect((await store.lookup('New Film 999')).map((e) => e.id)).toEqual(['new-999']);
    expect((await storedGenerations(dbName)).length).toBe(before.length);
  });
});
