/**
 * The engine and its protocol (lib/engine): pieces in, partial replies out (one per piece, only
 * what is shown), stale replies after a restart dropped, the fair order of 30 busy tabs, a tab
 * closed mid-scan, a worker crash, the service-worker fallback where no offscreen document can be
 * made, and the lexicon persisted and read back by a fresh engine (fake-indexeddb).
 */
import { describe, expect, it, vi } from 'vitest';
import { setBody } from '../html';
import { createCollector } from '@/lib/detect/collect';
import type { PageDigest } from '@/lib/detect/digest';
import { buildLexicon, loadLexicon, type LexiconEntry } from '@/lib/detect/lexicon';
import { Engine, toShown, type PersistedLexicon } from '@/lib/engine/engine';
import { FairQueue } from '@/lib/engine/queue';
import {
  EngineBroker,
  localBackend,
  offscreenHost,
  servePorts,
  serveWorkerScope,
  workerBackend,
  type WorkerLike,
} from '@/lib/engine/host';
import { LexiconCache, lexiconKeyOf, openLexiconCache, parsePersisted } from '@/lib/engine/lexicon-cache';
import { loopback } from '@/lib/engine/loopback';
import {
  ENGINE_PORT,
  isClientMessage,
  type EngineMessage,
  type FoundMessage,
  type FromWorker,
  type ToWorker,
} from '@/lib/engine/protocol';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';
import { ReviewStore } from '@/lib/store/db';
import { tick } from '../content-harness';

const entries: LexiconEntry[] = [
  { ref: 'b/lalaland', title: 'La La Land', year: 2016, rating: { value: 3.5, scale: 5 } },
  { ref: 'b/up', title: 'Up', year: 2009, rating: { value: 4, scale: 5 } },
  { ref: 'b/heat', title: 'Heat', year: 1995, ids: { imdb: 'tt0113277' } },
];
const persisted: PersistedLexicon = { key: 'k1', lexicon: buildLexicon(entries, 1) };

/** The page's digest in pieces of about `chars` characters (the first with the page's facts). */
function piecesOf(html: string, chars = 200): PageDigest[] {
  setBody(html);
  const builder = createCollector(document, GENERIC_ARTICLE).scan([document], { page: true });
  const out: PageDigest[] = [];
  while (builder.step()) if (builder.size >= chars) out.push(builder.take().digest);
  out.push(builder.take().digest);
  return out;
}

const article = Array.from(
  { length: 30 },
  (_, i) => `<p>Note ${i}: we saw <em>La La Land</em> again, then went up the hill.</p>`,
).join('');

function engine(load: () => Promise<PersistedLexicon | undefined> = async () => persisted) {
  const out: { client: number; message: EngineMessage }[] = [];
  const e = new Engine({
    loadLexicon: load,
    send: (client, message) => out.push({ client, message }),
    pause: () => Promise.resolve(),
  });
  const found = (client?: number) =>
    out
      .filter((o) => client === undefined || o.client === client)
      .map((o) => o.message)
      .filter((m): m is FoundMessage => m.t === 'found');
  return { e, out, found };
}

const hello = (g: number, visible = true) =>
  ({ t: 'hello', g, lexicon: 'k1', minConfidence: 0.6, visible }) as const;
const settle = async () => {
  for (let i = 0; i < 5; i++) await tick();
};

describe('engine: pieces in, shown detections out', () => {
  it('answers each piece as it is scored, with only what is shown, as the one-shot path does', async () => {
    const pieces = piecesOf(article);
    expect(pieces.length).toBeGreaterThan(3);
    // Every piece fits the bound, and travels as JSON.
    for (const p of pieces) expect(JSON.stringify(p).length).toBeLessThan(200_000);
    const { e, found } = engine();
    e.receive(1, hello(1));
    pieces.forEach((digest, seq) => e.receive(1, { t: 'piece', g: 1, seq, digest: structuredClone(digest) }));
    await settle();
    const replies = found(1);
    // Partial replies: one per piece, in order.
    expect(replies.map((r) => r.seq)).toEqual(pieces.map((_, i) => i));
    const shown = replies.flatMap((r) => r.found);
    expect(shown.filter((d) => d.kind === 'text').map((d) => d.text)).toEqual(Array(30).fill('La La Land'));
    // "up the hill" is never shown: below the threshold, and not named as the film.
    expect(shown.some((d) => d.text.toLowerCase() === 'up')).toBe(false);
    // The detections carry what the page needs, no lexicon entry numbers.
    const first = shown[0]!;
    expect(first).toMatchObject({ kind: 'text', refs: ['b/lalaland'] });
    expect(first).not.toHaveProperty('entries');
    expect(Object.keys(first).sort()).toEqual(
      ['confidence', 'end', 'kind', 'reason', 'refs', 'start', 'text', 'unit'].sort(),
    );
  });

  it("lists the films a page names by id with its facts, and a tile's ratings for its badge", async () => {
    const [digest] = piecesOf(
      '<p>Read <a href="https://www.imdb.com/title/tt0113277/">the review</a>.</p>',
      1e9,
    );
    const { e, found } = engine();
    e.receive(1, hello(1));
    e.receive(1, { t: 'piece', g: 1, seq: 0, digest: digest! });
    e.receive(1, {
      t: 'piece',
      g: 1,
      seq: 1,
      digest: { v: 1, elements: [], units: [{ kind: 'tile', id: 99, title: 'Up' }] },
    });
    await settle();
    const [ids, tiles] = found(1);
    expect(ids!.found).toEqual([expect.objectContaining({ kind: 'id', refs: ['b/heat'] })]);
    expect(tiles!.found).toEqual([
      expect.objectContaining({ kind: 'tile', unit: 99, refs: ['b/up'], ratings: [0.8] }),
    ]);
    // toShown drops entry numbers and reads ratings from the lexicon.
    const lex = loadLexicon(persisted.lexicon);
    expect(
      toShown(
        {
          kind: 'tile',
          unit: 1,
          key: 'up',
          entries: [1],
          refs: ['b/up'],
          confidence: 1,
          reason: 'r',
          text: 'Up',
        },
        lex,
      ),
    ).toEqual({
      kind: 'tile',
      unit: 1,
      key: 'up',
      refs: ['b/up'],
      ratings: [0.8],
      confidence: 1,
      reason: 'r',
      text: 'Up',
    });
  });

  it('drops pieces and replies of an older generation: a page restarted (navigated) mid-reply', async () => {
    const pieces = piecesOf(article);
    const { e, found } = engine();
    e.receive(1, hello(1));
    pieces.forEach((digest, seq) => e.receive(1, { t: 'piece', g: 1, seq, digest }));
    // Navigated before the engine ran: generation 2 starts, generation 1's pieces are dropped.
    e.receive(1, hello(2));
    e.receive(1, { t: 'piece', g: 1, seq: 99, digest: pieces[1]! });
    e.receive(1, { t: 'piece', g: 2, seq: 0, digest: pieces[0]! });
    await settle();
    expect(found(1).map((r) => [r.g, r.seq])).toEqual([[2, 0]]);
  });

  it('a tab closed mid-scan: its waiting pieces are dropped and nothing is sent to it', async () => {
    const pieces = piecesOf(article);
    const { e, out } = engine();
    e.receive(1, hello(1));
    pieces.forEach((digest, seq) => e.receive(1, { t: 'piece', g: 1, seq, digest }));
    e.close(1);
    await settle();
    expect(out).toEqual([]);
    expect(e.scored).toBe(0);
  });

  it('30 busy tabs: the visible one first, then the others in turn', async () => {
    const pieces = piecesOf(article);
    const { e, out } = engine();
    for (let tab = 1; tab <= 30; tab++) {
      e.receive(tab, hello(1, tab === 17));
      pieces.forEach((digest, seq) => e.receive(tab, { t: 'piece', g: 1, seq, digest }));
    }
    await settle();
    const order = out.map((o) => o.client);
    expect(order).toHaveLength(30 * pieces.length);
    // The visible tab's whole page first; then one piece of each other tab before any tab's second.
    expect(order.slice(0, pieces.length)).toEqual(Array(pieces.length).fill(17));
    const round = order.slice(pieces.length, pieces.length + 29);
    expect(new Set(round).size).toBe(29);
  });

  it('says it has no lexicon (the content script goes quiet) when none is persisted', async () => {
    const { e, out } = engine(async () => undefined);
    e.receive(1, hello(1));
    e.receive(1, { t: 'piece', g: 1, seq: 0, digest: piecesOf('<p>La La Land</p>')[0]! });
    await settle();
    expect(out).toEqual([{ client: 1, message: { t: 'error', g: 1, message: 'no lexicon yet' } }]);
  });

  it('loads a newer lexicon when a page names its key, once, and scores old pages on it too', async () => {
    let current: PersistedLexicon = persisted;
    const load = vi.fn(async () => current);
    const { e, found } = engine(load);
    const [digest] = piecesOf('<p>Later, Jordan Peele made the film <em>Nope</em> (2022).</p>', 1e9);
    e.receive(1, hello(1));
    e.receive(1, { t: 'piece', g: 1, seq: 0, digest: digest! });
    await settle();
    expect(found(1)[0]!.found).toEqual([]);
    current = {
      key: 'k2',
      lexicon: buildLexicon([...entries, { ref: 'b/nope', title: 'Nope', year: 2022 }], 2),
    };
    e.receive(2, { ...hello(1), lexicon: 'k2' });
    e.receive(2, { t: 'piece', g: 1, seq: 0, digest: digest! });
    // The first page's next piece (a mutation) is scored on the new lexicon too.
    e.receive(1, { t: 'piece', g: 1, seq: 1, digest: { ...digest!, page: undefined } });
    // A page still naming the old key does not make the engine read again.
    e.receive(3, hello(1));
    e.receive(3, { t: 'piece', g: 1, seq: 0, digest: digest! });
    await settle();
    expect(e.lexiconKey).toBe('k2');
    expect(found(2)[0]!.found.map((d) => d.refs)).toEqual([['b/nope']]);
    expect(found(1)[1]!.found.map((d) => d.refs)).toEqual([['b/nope']]);
    expect(found(3)[0]!.found.map((d) => d.refs)).toEqual([['b/nope']]);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('checks what content scripts send (it comes from a page process)', () => {
    expect(isClientMessage(hello(1))).toBe(true);
    expect(isClientMessage({ t: 'piece', g: 1, seq: 0, digest: { v: 1, elements: [], units: [] } })).toBe(
      true,
    );
    expect(isClientMessage({ t: 'piece', g: 1, seq: 0, digest: 'x' })).toBe(false);
    expect(isClientMessage({ t: 'hello', g: '1' })).toBe(false);
    expect(isClientMessage(null)).toBe(false);
  });
});

describe('fair queue', () => {
  it('takes visible lanes first, then the lane served longest ago; dropped lanes are gone', () => {
    const q = new FairQueue<string>();
    for (const id of [1, 2, 3]) for (const n of [0, 1]) q.push(id, `${id}.${n}`);
    q.setVisible(3, true);
    q.drop(2);
    const order: string[] = [];
    for (let x = q.take(); x; x = q.take()) order.push(x.item);
    expect(order).toEqual(['3.0', '3.1', '1.0', '1.1']);
    expect(q.size).toBe(0);
  });
});

describe('hosts: ports, workers, fallbacks', () => {
  it('serves ports named for the engine only, and forgets a port closed mid-scan', async () => {
    const backend = localBackend({ loadLexicon: async () => persisted, pause: () => Promise.resolve() });
    const link = loopback(backend);
    const other = link.connect('something-else');
    const port = link.connect(ENGINE_PORT);
    await settle();
    expect(link.served.clients).toBe(1);
    expect(link.served.senders()).toEqual([{ tabId: 1, frameId: 0 }]);
    port.postMessage(hello(1));
    for (const [seq, digest] of piecesOf(article).entries())
      port.postMessage({ t: 'piece', g: 1, seq, digest });
    port.disconnect();
    other.disconnect();
    await settle();
    expect(link.served.clients).toBe(0);
    expect(link.sent.toContent).toEqual([]);
  });

  /** A worker in this realm: the host's messages go to serveWorkerScope over a fake channel. */
  function fakeWorker() {
    const made: { worker: WorkerLike; crash(): void; terminated: boolean }[] = [];
    const create = (): WorkerLike => {
      const toHost: ((e: { data: unknown }) => void)[] = [];
      const errors: ((e: { message?: string }) => void)[] = [];
      const inside: ((e: { data: unknown }) => void)[] = [];
      serveWorkerScope(
        {
          postMessage: (m: FromWorker) =>
            setTimeout(() => toHost.forEach((fn) => fn({ data: structuredClone(m) }))),
          addEventListener: (_t: 'message', fn: (e: { data: unknown }) => void) => void inside.push(fn),
        },
        { loadLexicon: async () => persisted, pause: () => Promise.resolve() },
      );
      const entry = {
        terminated: false,
        crash: () => errors.forEach((fn) => fn({ message: 'boom' })),
        worker: {
          postMessage: (m: ToWorker) =>
            setTimeout(() => inside.forEach((fn) => fn({ data: structuredClone(m) }))),
          terminate: () => void (entry.terminated = true),
          addEventListener: (
            type: 'message' | 'error',
            fn: (e: { data?: unknown; message?: string }) => void,
          ) => {
            if (type === 'message') toHost.push((e) => fn(e));
            else errors.push((e) => fn(e));
          },
        },
      };
      made.push(entry);
      return entry.worker;
    };
    return { made, create };
  }

  it('runs the engine in a worker; a crash disconnects every page, and the next one starts a new worker', async () => {
    const w = fakeWorker();
    const link = loopback(
      workerBackend(w.create, () => localBackend({ loadLexicon: async () => persisted })),
    );
    const port = link.connect(ENGINE_PORT);
    const replies: unknown[] = [];
    let closed = false;
    port.onMessage.addListener((m) => replies.push(m));
    port.onDisconnect.addListener(() => (closed = true));
    port.postMessage(hello(1));
    port.postMessage({ t: 'piece', g: 1, seq: 0, digest: piecesOf('<p>We saw La La Land.</p>', 1e9)[0]! });
    await settle();
    expect(replies).toEqual([expect.objectContaining({ t: 'found', g: 1, seq: 0 })]);
    expect(w.made).toHaveLength(1);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    w.made[0]!.crash();
    await settle();
    expect(closed).toBe(true);
    expect(w.made[0]!.terminated).toBe(true);
    const again = link.connect(ENGINE_PORT);
    again.postMessage(hello(1));
    await settle();
    expect(w.made).toHaveLength(2);
  });

  it('where no worker can be made, runs the engine on the host thread', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const link = loopback(
      workerBackend(
        () => {
          throw new Error('Worker is not defined');
        },
        () => localBackend({ loadLexicon: async () => persisted, pause: () => Promise.resolve() }),
      ),
    );
    const port = link.connect(ENGINE_PORT);
    const replies: unknown[] = [];
    port.onMessage.addListener((m) => replies.push(m));
    port.postMessage(hello(1));
    port.postMessage({ t: 'piece', g: 1, seq: 0, digest: piecesOf('<p>We saw La La Land.</p>', 1e9)[0]! });
    await settle();
    expect(replies).toEqual([expect.objectContaining({ t: 'found', seq: 0 })]);
  });

  it('engine absent: without an offscreen document the service worker serves the ports itself', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const startLocal = vi.fn();
    // No offscreen API (an older Chrome), then one that refuses.
    expect(await offscreenHost({ offscreen: undefined, url: 'offscreen.html', startLocal })()).toBe(
      'service-worker',
    );
    const refusing = offscreenHost({
      offscreen: { createDocument: async () => Promise.reject(new Error('not allowed')) },
      url: 'offscreen.html',
      startLocal,
    });
    expect(await refusing()).toBe('service-worker');
    expect(await refusing()).toBe('service-worker');
    expect(startLocal).toHaveBeenCalledTimes(2);
    // One that works: made once, then found there; a race with another creation counts as made.
    const created: string[] = [];
    let exists = false;
    const host = offscreenHost({
      offscreen: {
        createDocument: async (p) => {
          created.push(p.reasons.join());
          exists = true;
        },
        hasDocument: async () => exists,
      },
      url: 'offscreen.html',
      startLocal,
    });
    expect(await Promise.all([host(), host(), host()])).toEqual(['offscreen', 'offscreen', 'offscreen']);
    expect(await host()).toBe('offscreen');
    expect(created).toEqual(['WORKERS']);
    const racing = offscreenHost({
      offscreen: {
        createDocument: async () =>
          Promise.reject(new Error('Only a single offscreen document may be created.')),
      },
      url: 'offscreen.html',
      startLocal,
    });
    expect(await racing()).toBe('offscreen');
    expect(startLocal).toHaveBeenCalledTimes(2);
  });

  it('the service worker fallback serves pages from the persisted lexicon', async () => {
    const cache = openLexiconCache('engine-fallback');
    await cache.save(persisted);
    const onConnect = {
      listeners: [] as ((p: never) => void)[],
      addListener(fn: (p: never) => void) {
        this.listeners.push(fn);
      },
    };
    const startLocal = () => servePorts(onConnect, localBackend({ loadLexicon: () => cache.load() }));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await offscreenHost({ offscreen: undefined, url: '', startLocal })()).toBe('service-worker');
    expect(onConnect.listeners).toHaveLength(1);
  });
});

describe('the persisted lexicon', () => {
  it('is built once per key, persisted, and read back by a fresh engine', async () => {
    const db = 'engine-persist';
    // The review store's database, as the background opens it (migrations), holds the cache.
    const store = await ReviewStore.open(db);
    let revision = 1;
    const build = vi.fn(async () => ({
      key: lexiconKeyOf(revision, 'bundled'),
      lexicon: buildLexicon(entries, revision),
    }));
    const cache = openLexiconCache(db);
    const broker = new EngineBroker({
      lexiconKey: async () => lexiconKeyOf(revision, 'bundled'),
      buildLexicon: build,
      cache,
      startHost: async () => 'offscreen',
    });
    // A storm of pages at a cold start: one build, one write.
    const tickets = await Promise.all(Array.from({ length: 20 }, () => broker.ticket()));
    expect(new Set(tickets.map((t) => t.lexicon))).toEqual(new Set([lexiconKeyOf(1, 'bundled')]));
    expect(build).toHaveBeenCalledTimes(1);
    // A restarted background finds it persisted: no build.
    const restarted = new EngineBroker({
      lexiconKey: async () => lexiconKeyOf(revision, 'bundled'),
      buildLexicon: build,
      cache: openLexiconCache(db),
      startHost: async () => 'offscreen',
    });
    await restarted.ticket();
    expect(build).toHaveBeenCalledTimes(1);
    // A fresh engine reads it and answers at once.
    const { e, found } = engine(() => openLexiconCache(db).load());
    e.receive(1, { ...hello(1), lexicon: tickets[0]!.lexicon });
    e.receive(1, { t: 'piece', g: 1, seq: 0, digest: piecesOf('<p>We saw La La Land.</p>', 1e9)[0]! });
    for (let i = 0; i < 50 && !found(1).length; i++) await tick();
    expect(found(1)[0]!.found.map((d) => d.refs)).toEqual([['b/lalaland']]);
    // The store changes: the next page gets the next key, built once.
    revision = 2;
    expect((await restarted.ticket()).lexicon).toBe(lexiconKeyOf(2, 'bundled'));
    expect(build).toHaveBeenCalledTimes(2);
    expect((await cache.load())?.key).toBe(lexiconKeyOf(2, 'bundled'));
    // The store itself is untouched by it.
    expect(await store.revision()).toBe(await store.revision());
    store.close();
  });

  it('a damaged or older record reads as none (the background builds again), never as a lexicon', async () => {
    expect(parsePersisted(undefined)).toBeUndefined();
    expect(parsePersisted({ key: 'k', lexicon: { ...persisted.lexicon, format: 1 } })).toBeUndefined();
    expect(parsePersisted({ key: 'k', lexicon: { ...persisted.lexicon, core: 5 } })).toBeUndefined();
    expect(parsePersisted(persisted)).toEqual(persisted);
    const values = new Map<string, unknown>([
      ['engine:lexicon-key', 'k1'],
      ['engine:lexicon', { key: 'k1', lexicon: 'junk' }],
    ]);
    const cache = new LexiconCache({ get: async (k) => values.get(k), putAll: async () => undefined });
    expect(await cache.key()).toBe('k1');
    expect(await cache.load()).toBeUndefined();
  });
});
