/**
 * The review store: IndexedDB in the extension's own origin (background / extension pages, never
 * a web page's). Entries of every source are kept in small chunks (CHUNK_SIZE entries per record,
 * keyed by [source, chunk number]); a multi-entry index over the chunks' normalised titles and
 * aliases serves lookups, and a table per source (meta "ids:<source>": its ids in chunk order)
 * finds an entry's chunk from its ref. That table replaced a multi-entry index over every ref
 * (version 3): 50,000 index rows written with each 50k-entry import (#4) for one read per hover.
 * Chunks, not one record per entry, because Chromium's IndexedDB pays per request: in
 * `npm run bench:sources` 50,000 single-entry puts took ~33 s of a subscription, 3,125 chunks ~16 s.
 *
 * Generations (version 4, issue #4). Each write of a source's entries goes into a new generation:
 * chunk numbers g * GENERATION_SPAN + i, so one key range holds a generation and another the whole
 * source, and version 3's chunks are generation 0 as they lie. The meta record "generations" names
 * each source's active generation; every read (lookup, getMany, entriesOfSource, forEach) sees
 * only active chunks. That lets a subscription refresh (replaceSourceStaged) write the new
 * generation in many short transactions while the network body streams in, without holding the
 * body or one long transaction (which kept every hover waiting for seconds and Chromium buffering
 * ~30 MB of pending writes), and still swap it in at once: one small transaction makes it active
 * with its id table, record and revision bump. Until then nothing reads it, so a failure at any
 * point leaves the previous entries as they were; its chunks are deleted on failure, or by the
 * sweep (at open and before each refresh) if the worker died first. Old generations are deleted
 * after the swap in small transactions too. Imports and the bundled index (small, in memory) still
 * write a whole generation, its swap and the old one's deletion in one transaction.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { normalizeTitle, NORMALIZE_VERSION } from '../text/normalize';
import type { Entry } from '../index/schema';
import { measurePhase } from '../sources/timing';

export type SourceKind = 'bundled' | 'fetched' | 'import';

export interface SourceRecord {
  id: string;
  name: string;
  kind: SourceKind;
  url?: string;
  count: number;
  /** ms since epoch of the last successful replace. */
  updatedAt?: number;
  /** ms since epoch of the last attempt (successful or not). */
  checkedAt?: number;
  lastError?: string;
  /** Entries the last replace rejected, in words (first 20). */
  rejected?: string[];
  /** How many entries the last replace rejected in all (`rejected` keeps only the first 20). */
  rejectedCount?: number;
  etag?: string;
  lastModified?: string;
  version?: string;
  /** ms since epoch when the source was first added: the default order of sources within a kind. */
  addedAt?: number;
}

export interface StoredEntry {
  source: string;
  id: string;
  entry: Entry;
  /** Normalised title and aliases: the lookup keys. */
  keys: string[];
}

/** A stable reference to one stored entry, used across messages: "source/id". */
export type EntryRef = string;
export const refOf = (e: { source: string; id: string }): EntryRef => `${e.source}/${e.id}`;
export function parseRef(ref: EntryRef): [string, string] {
  const i = ref.indexOf('/');
  return [ref.slice(0, i), ref.slice(i + 1)];
}

/** One stored record: up to CHUNK_SIZE entries of one source. */
interface ChunkRecord {
  source: string;
  n: number;
  items: { id: string; entry: Entry; keys: string[] }[];
  /** Every title key of the items (multi-entry index "by-key"). */
  keys: string[];
  /** Version 2 only: every "source/id" ref of the items (its index "by-ref" is gone, see idsKey). */
  refs?: EntryRef[];
}

interface MarqueeDB extends DBSchema {
  chunks: {
    key: [string, number];
    value: ChunkRecord;
    indexes: { 'by-key': string };
  };
  sources: { key: string; value: SourceRecord };
  meta: { key: string; value: unknown };
}

export const DB_NAME = 'marquee';
const CHANGE_CHANNEL = 'marquee-store';
const DB_VERSION = 4;

/**
 * Meta key of a source's id table: `{ size, ids }`, entry i in chunk floor(i / size) of the active
 * generation (a gap is "", never an id). Written in the same transaction that makes it active.
 */
const idsKey = (source: string) => `ids:${source}`;
interface IdTable {
  size: number;
  ids: string[];
}
const idTableOf = (entries: { id: string }[]): IdTable => ({
  size: CHUNK_SIZE,
  ids: entries.map((e) => e.id),
});
/** Small enough that a lookup reads little (one chunk per hit: ~2.6 ms at 16, ~6.6 ms at 64 in the bench), large enough to cut write requests 16× (50k entries: ~16 s vs ~33 s one per record). */
export const CHUNK_SIZE = 16;

/**
 * Chunk numbers per generation: generation g holds chunk numbers [g * SPAN, (g + 1) * SPAN). 2^20
 * chunks is 16 million entries, ~100× what the 50 MB download cap allows; g * SPAN stays an exact
 * integer up to g = 2^33.
 */
export const GENERATION_SPAN = 2 ** 20;
export const generationOf = (n: number): number => Math.floor(n / GENERATION_SPAN);
const chunkNumber = (gen: number, i: number) => gen * GENERATION_SPAN + i;
const generationRange = (source: string, gen: number) =>
  IDBKeyRange.bound([source, chunkNumber(gen, 0)], [source, chunkNumber(gen + 1, 0) - 1]);

/** Meta key of the generation registry (one record: read and written in readwrite transactions). */
const GENERATIONS_KEY = 'generations';
export interface Generations {
  /** Each source's active generation: the only chunks reads see. A source missing has none. */
  active: Map<string, number>;
  /** The next generation to hand out (never reused, so a stale number never matches). */
  next: number;
  /** Generations a refresh is writing, not active yet: generation → source, start (ms since epoch). */
  staged: Map<number, { source: string; at: number }>;
  /** Generations no longer active whose chunks may remain (deleted by the sweep). */
  retired: { source: string; gen: number }[];
}
const emptyGenerations = (): Generations => ({
  active: new Map(),
  next: 1,
  staged: new Map(),
  retired: [],
});

/**
 * A staged generation older than this belongs to a refresh that died (worker stopped, browser
 * closed) and is swept. A live refresh is bounded by the download timeout (60 s) long before; the
 * swap checks its staged generation is still registered, so even a refresh this slow fails safely.
 */
const STALE_STAGE_MS = 60 * 60 * 1000;
/**
 * Chunks per short transaction of a staged write (8 × 16 = 128 entries, the parser's batch): a
 * lookup waits for one such transaction at most. Each is awaited before the next batch is parsed.
 * Measured in `npm run bench:sources` against the one-transaction refresh in the same runs (a
 * loaded machine): overlapping them (32 chunks, the next batch parsed while one commits) took
 * about the same time as main's one transaction but peaked at 245 MB against its 212 MB; as here,
 * 194-198 MB but 1.1-1.6× the time (probably each commit's round trip to the browser's IndexedDB).
 */
const STAGE_CHUNKS_PER_TX = 8;
/** Chunks deleted per short transaction when a generation is dropped: few, so a lookup waits little. */
const DELETE_CHUNKS_PER_TX = 32;

export function titleKeys(entry: Entry): string[] {
  return [...new Set([entry.title, ...entry.aliases].map(normalizeTitle).filter(Boolean))];
}

/** Entries with unique ids (a repeated id overwrites the earlier one), as chunks of `gen`. */
function makeChunks(
  source: string,
  input: Entry[],
  gen: number,
): { chunks: ChunkRecord[]; entries: Entry[] } {
  // As with one record per entry keyed by [source, id]: an id is required, and a repeated id
  // overwrites the earlier one.
  const byId = new Map<string, Entry>();
  for (const entry of input) {
    if (typeof entry.id !== 'string' || !entry.id)
      throw new TypeError('an entry has no id; nothing was saved');
    byId.set(entry.id, entry);
  }
  const entries = byId.size === input.length ? input : [...byId.values()];
  const chunks: ChunkRecord[] = [];
  for (let i = 0, n = 0; i < entries.length; i += CHUNK_SIZE, n++)
    chunks.push(chunkOf(source, chunkNumber(gen, n), entries.slice(i, i + CHUNK_SIZE)));
  return { chunks, entries };
}

function chunkOf(source: string, n: number, entries: Entry[]): ChunkRecord {
  const items = entries.map((entry) => ({ id: entry.id, entry, keys: titleKeys(entry) }));
  return {
    source,
    n,
    items,
    keys: [...new Set(items.flatMap((it) => it.keys))],
  };
}

const stored = (c: ChunkRecord, it: ChunkRecord['items'][number]): StoredEntry => ({
  source: c.source,
  id: it.id,
  entry: it.entry,
  keys: it.keys,
});

type WriteTx = IDBPTransaction<MarqueeDB, StoreNames<MarqueeDB>[], 'readwrite'>;
interface MetaStore {
  get(k: string): Promise<unknown>;
  put(v: unknown, k: string): Promise<unknown>;
}
const readGenerations = async (meta: { get(k: string): Promise<unknown> }): Promise<Generations> =>
  ((await meta.get(GENERATIONS_KEY)) as Generations | undefined) ?? emptyGenerations();

/**
 * Run `work` in `tx` and wait for its commit; on any failure abort it (if the failure has not)
 * and wait for that too, so no request or `done` is left rejecting unobserved.
 */
async function settle<T>(
  tx: { abort(): void; done: Promise<void> },
  work: () => Promise<T>,
  pending: Promise<unknown>[] = [],
): Promise<T> {
  try {
    const result = await work();
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // already aborted by the failure itself
    }
    // Requests queued before the failure reject with AbortError; they are part of this failure.
    await Promise.allSettled([...pending, tx.done]);
    throw error;
  }
}

/** A failure that reads like the browser interrupting the write (describeStoreError's words). */
const interrupted = (why: string) => new DOMException(why, 'AbortError');

export class ReviewStore {
  private constructor(
    private readonly db: IDBPDatabase<MarqueeDB>,
    private readonly name: string,
  ) {}

  static async open(name = DB_NAME): Promise<ReviewStore> {
    const db = await openDB<MarqueeDB>(name, DB_VERSION, {
      async upgrade(db, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) {
          const chunks = db.createObjectStore('chunks', { keyPath: ['source', 'n'] });
          chunks.createIndex('by-key', 'keys', { multiEntry: true });
          db.createObjectStore('sources', { keyPath: 'id' });
          db.createObjectStore('meta');
          await tx.objectStore('meta').put(emptyGenerations(), GENERATIONS_KEY);
          return;
        }
        if (oldVersion === 1) await upgradeFrom1(db, tx);
        if (oldVersion === 2) await upgradeFrom2(tx);
        // Version 3 (and 1, 2 once regrouped): the chunks in place are generation 0 of their
        // source (chunk numbers 0…), so nothing is rewritten; only the registry says so: every
        // source with a record or with chunks (one key read per source, skipping its other chunks).
        const generations = emptyGenerations();
        for (const id of await tx.objectStore('sources').getAllKeys()) generations.active.set(id, 0);
        let cursor = await tx.objectStore('chunks').openKeyCursor();
        while (cursor) {
          const [source] = cursor.key;
          generations.active.set(source, 0);
          cursor = await cursor.continue([source, Infinity]);
        }
        await tx.objectStore('meta').put(generations, GENERATIONS_KEY);
      },
    });
    const store = new ReviewStore(db, name);
    await store.rekeyIfNeeded();
    // Leftovers of a refresh or a swap that died midway (#4): invisible, but they take space.
    await store.sweep().catch(() => undefined);
    return store;
  }

  close(): void {
    this.channel?.close();
    this.db.close();
  }

  // --- change notices: in-memory caches (the background's lookups) drop what a write outdated ---
  private listeners = new Set<() => void>();
  private channel?: BroadcastChannel;
  private readonly instanceId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

  /**
   * Call `fn` after every committed change to entries or source records, made through this store
   * or through another ReviewStore on the same database in another context of the extension (the
   * options page imports straight into IndexedDB). Returns the unsubscribe function.
   */
  onChange(fn: () => void): () => void {
    if (!this.channel && typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(`${CHANGE_CHANNEL}:${this.name}`);
      // Its own notices (posted from a fresh channel object, see changed()) were already delivered.
      this.channel.onmessage = (event: MessageEvent) => {
        if ((event.data as { from?: string } | null)?.from !== this.instanceId)
          this.listeners.forEach((l) => l());
      };
    }
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    this.listeners.forEach((l) => l());
    if (typeof BroadcastChannel === 'undefined') return;
    // A BroadcastChannel never delivers to the object that posted, so a fresh one reaches this
    // context's other stores as well as other contexts.
    const out = new BroadcastChannel(`${CHANGE_CHANNEL}:${this.name}`);
    out.postMessage({ from: this.instanceId });
    out.close();
  }

  /** Title keys depend on normalisation; when it changes, recompute them in place. */
  private async rekeyIfNeeded(): Promise<void> {
    const version = await this.db.get('meta', 'normalizeVersion');
    if (version === NORMALIZE_VERSION) return;
    const tx = this.db.transaction(['chunks', 'meta'], 'readwrite');
    let cursor = await tx.objectStore('chunks').openCursor();
    while (cursor) {
      const items = cursor.value.items.map((it) => ({ ...it, keys: titleKeys(it.entry) }));
      await cursor.update({ ...cursor.value, items, keys: [...new Set(items.flatMap((it) => it.keys))] });
      cursor = await cursor.continue();
    }
    await tx.objectStore('meta').put(NORMALIZE_VERSION, 'normalizeVersion');
    await tx.done;
  }

  /** Run `work` in one readwrite transaction; on any failure abort it, so nothing of it lands. */
  private async write<T>(work: (tx: WriteTx, pending: Promise<unknown>[]) => Promise<T>): Promise<T> {
    const tx = this.db.transaction(['chunks', 'sources', 'meta'], 'readwrite');
    // Every request queued, so that on failure none is left rejecting unobserved.
    const pending: Promise<unknown>[] = [];
    const result = await settle(tx, () => work(tx, pending), pending);
    this.changed();
    return result;
  }

  /**
   * Write a source's entries as a new generation, make it active with its id table, record and a
   * revision bump, and delete the generation it replaces: all in the caller's one transaction.
   */
  private async writeSource(
    tx: WriteTx,
    puts: Promise<unknown>[],
    record: SourceRecord,
    entries: Entry[],
    onProgress?: (done: number) => void,
  ): Promise<void> {
    const chunks = tx.objectStore('chunks');
    const meta = tx.objectStore('meta');
    const generations = await readGenerations(meta);
    const gen = generations.next++;
    const old = generations.active.get(record.id);
    if (old !== undefined) puts.push(chunks.delete(generationRange(record.id, old)));
    generations.active.set(record.id, gen);
    let t = performance.now();
    const made = makeChunks(record.id, entries, gen);
    t = measurePhase('chunks', t);
    made.chunks.forEach((c, i) => {
      puts.push(chunks.put(c));
      if (onProgress && i % 16 === 15) onProgress(Math.min(entries.length, (i + 1) * CHUNK_SIZE));
    });
    puts.push(meta.put(idTableOf(made.entries), idsKey(record.id)));
    puts.push(tx.objectStore('sources').put(record));
    puts.push(meta.put(generations, GENERATIONS_KEY));
    puts.push(this.bumpRevision(meta));
    t = measurePhase('queue', t);
    await Promise.all(puts);
    measurePhase('written', t);
  }

  /**
   * Replace every entry of a source, and its record, in one transaction; on any failure the
   * previous entries and record stay as they were.
   */
  async replaceSource(
    record: Omit<SourceRecord, 'count'>,
    entries: Entry[],
    hooks: { onProgress?: (done: number) => void } = {},
  ): Promise<SourceRecord> {
    const full: SourceRecord = { ...record, count: entries.length };
    await this.write((tx, pending) => this.writeSource(tx, pending, full, entries, hooks.onProgress));
    return full;
  }

  /**
   * Replace every entry of a source with entries produced as they arrive (a subscription parsed
   * while its body streams in, issue #4), then its record from `finish`. The entries go into a new
   * generation, STAGE_CHUNKS_PER_TX chunks per short transaction, each awaited before the next
   * batch is read and parsed; nothing reads that generation until one small transaction makes it
   * active (swap). A throw from `batches` or `finish`, a failed write or a failed swap
   * leaves the previous entries and record as they were, and the staged chunks are deleted (or
   * swept later). After the swap the replaced generation is deleted in short transactions; a
   * failure there only leaves invisible chunks, swept later. Ids must be unique (validated input).
   */
  async replaceSourceStaged(
    id: string,
    batches: AsyncIterable<Entry[]> | Iterable<Entry[]>,
    finish: () => Omit<SourceRecord, 'count' | 'id'>,
    timing: { chunkMs: number } = { chunkMs: 0 },
  ): Promise<SourceRecord> {
    await this.sweep().catch(() => undefined);
    const gen = await this.stage(id);
    let record: SourceRecord;
    let t = performance.now();
    try {
      const ids = new Set<string>();
      let n = 0;
      let carry: Entry[] = [];
      let ready: ChunkRecord[] = [];
      for await (const batch of batches) {
        const t0 = performance.now();
        for (const entry of batch) {
          if (typeof entry.id !== 'string' || !entry.id)
            throw new TypeError('an entry has no id; nothing was saved');
          if (ids.has(entry.id)) throw new TypeError(`duplicate id "${entry.id}"; nothing was saved`);
          ids.add(entry.id);
        }
        carry = carry.length ? carry.concat(batch) : batch;
        let at = 0;
        for (; carry.length - at >= CHUNK_SIZE; at += CHUNK_SIZE)
          ready.push(chunkOf(id, chunkNumber(gen, n++), carry.slice(at, at + CHUNK_SIZE)));
        carry = carry.slice(at);
        timing.chunkMs += performance.now() - t0;
        if (ready.length >= STAGE_CHUNKS_PER_TX) {
          await this.putChunks(ready);
          ready = [];
        }
      }
      if (carry.length) ready.push(chunkOf(id, chunkNumber(gen, n++), carry));
      if (ready.length) await this.putChunks(ready);
      record = { ...finish(), id, count: ids.size };
      t = measurePhase('staging', t);
      // The Set keeps insertion order: the order the entries went into chunks.
      await this.swap(record, gen, { size: CHUNK_SIZE, ids: [...ids] });
      t = measurePhase('swap', t);
    } catch (error) {
      await this.dropGenerations([{ source: id, gen }], 'staged').catch(() => undefined);
      throw error;
    }
    await this.sweep().catch(() => undefined);
    measurePhase('sweep', t);
    return record;
  }

  /** Hand out a new generation for `source` and register it as staged. */
  private async stage(source: string): Promise<number> {
    const tx = this.db.transaction('meta', 'readwrite');
    return settle(tx, async () => {
      const generations = await readGenerations(tx.store);
      const gen = generations.next++;
      generations.staged.set(gen, { source, at: Date.now() });
      await tx.store.put(generations, GENERATIONS_KEY);
      return gen;
    });
  }

  /** One short transaction writing `chunks`; any failure aborts it and rejects. */
  private async putChunks(chunks: ChunkRecord[]): Promise<void> {
    const tx = this.db.transaction('chunks', 'readwrite');
    await settle(tx, async () => {
      // Not awaited one by one: a failed put aborts the transaction and `tx.done` reports it.
      for (const c of chunks) tx.store.put(c).catch(() => undefined);
    });
  }

  /** The swap: `gen` becomes the source's active generation with its table, record and revision. */
  private async swap(record: SourceRecord, gen: number, ids: IdTable): Promise<void> {
    await this.write(async (tx, pending) => {
      const meta = tx.objectStore('meta');
      const generations = await readGenerations(meta);
      // Swept as stale meanwhile (its chunks may be gone): never make it active.
      if (!generations.staged.has(gen)) throw interrupted('the staged entries were swept');
      // Removed while it refreshed: do not bring it back.
      if (!(await tx.objectStore('sources').get(record.id)))
        throw new Error('the source was removed while it refreshed');
      const old = generations.active.get(record.id);
      if (old !== undefined) generations.retired.push({ source: record.id, gen: old });
      generations.active.set(record.id, gen);
      generations.staged.delete(gen);
      pending.push(meta.put(ids, idsKey(record.id)));
      pending.push(tx.objectStore('sources').put(record));
      pending.push(meta.put(generations, GENERATIONS_KEY));
      pending.push(this.bumpRevision(meta));
      await Promise.all(pending);
    });
  }

  /**
   * Delete the chunks of generations no read sees (each in short transactions of
   * DELETE_CHUNKS_PER_TX chunks), then unregister them from `list`.
   */
  private async dropGenerations(
    dead: { source: string; gen: number }[],
    list: 'staged' | 'retired',
  ): Promise<void> {
    for (const { source, gen } of dead) {
      // Each slice starts after the last one deleted. Read from the generation's start each time,
      // Chromium (LevelDB) steps over every deletion left so far: deleting the bench's 3,125
      // chunks took 10-20 s that way, 2 s this way, on the same loaded machine.
      let from = chunkNumber(gen, 0);
      const to = chunkNumber(gen + 1, 0) - 1;
      for (let more = true; more;) {
        const tx = this.db.transaction('chunks', 'readwrite');
        more = await settle(tx, async () => {
          const range = IDBKeyRange.bound([source, from], [source, to]);
          const keys = await tx.store.getAllKeys(range, DELETE_CHUNKS_PER_TX);
          const last = keys[keys.length - 1];
          if (!last) return false;
          await tx.store.delete(IDBKeyRange.bound(keys[0], last));
          from = last[1] + 1;
          return keys.length === DELETE_CHUNKS_PER_TX;
        });
      }
    }
    const tx = this.db.transaction('meta', 'readwrite');
    await settle(tx, async () => {
      const generations = await readGenerations(tx.store);
      const gone = new Set(dead.map((d) => `${d.source}#${d.gen}`));
      if (list === 'staged') for (const { gen } of dead) generations.staged.delete(gen);
      else generations.retired = generations.retired.filter((r) => !gone.has(`${r.source}#${r.gen}`));
      await tx.store.put(generations, GENERATIONS_KEY);
    });
  }

  /**
   * Delete what no read sees any more: replaced or removed generations, and staged ones older than
   * STALE_STAGE_MS (a refresh that died). Runs at open and around each refresh; only a read of
   * the registry when there is nothing to do.
   */
  async sweep(): Promise<void> {
    const generations = await readGenerations({ get: (k) => this.db.get('meta', k) });
    const now = Date.now();
    const stale = [...generations.staged]
      .filter(([, s]) => now - s.at > STALE_STAGE_MS)
      .map(([gen, s]) => ({ source: s.source, gen }));
    if (generations.retired.length) await this.dropGenerations(generations.retired, 'retired');
    if (stale.length) await this.dropGenerations(stale, 'staged');
  }

  /**
   * Add or update entries of a source by id, keeping its other entries (imports merge: a second
   * Letterboxd CSV adds to the first). One transaction, like replaceSource; `merge` combines an
   * entry that already exists with the incoming one. Returns how many were added and updated.
   */
  async mergeIntoSource(
    record: Omit<SourceRecord, 'count'>,
    entries: Entry[],
    merge: (existing: Entry, incoming: Entry) => Entry = (_old, incoming) => incoming,
  ): Promise<{ source: SourceRecord; added: number; updated: number }> {
    return this.write(async (tx, pending) => {
      const existing = new Map<string, Entry>();
      const gen = (await readGenerations(tx.objectStore('meta'))).active.get(record.id);
      if (gen !== undefined)
        for (const c of await tx.objectStore('chunks').getAll(generationRange(record.id, gen)))
          for (const it of c.items) existing.set(it.id, it.entry);
      let added = 0;
      let updated = 0;
      for (const incoming of entries) {
        const old = existing.get(incoming.id);
        if (old) updated++;
        else added++;
        existing.set(incoming.id, old ? merge(old, incoming) : incoming);
      }
      const full: SourceRecord = { ...record, count: existing.size };
      await this.writeSource(tx, pending, full, [...existing.values()]);
      return { source: full, added, updated };
    });
  }

  private async bumpRevision(meta: MetaStore) {
    const current = (await meta.get('revision')) as number | undefined;
    await meta.put((current ?? 0) + 1, 'revision');
  }

  /** Update a source's status fields only (last error, etag…), leaving its entries alone. */
  async updateSourceRecord(id: string, patch: Partial<SourceRecord>): Promise<SourceRecord | undefined> {
    const tx = this.db.transaction('sources', 'readwrite');
    const current = await tx.store.get(id);
    const next = current ? { ...current, ...patch, id } : undefined;
    if (next) await tx.store.put(next);
    await tx.done;
    if (next) this.changed();
    return next;
  }

  /**
   * Remove a source: one small transaction makes its entries invisible (record, id table, active
   * generation), then its chunks of every generation are deleted in short ones.
   */
  async removeSource(id: string): Promise<void> {
    await this.write(async (tx) => {
      const meta = tx.objectStore('meta');
      const generations = await readGenerations(meta);
      const gen = generations.active.get(id);
      if (gen !== undefined) generations.retired.push({ source: id, gen });
      generations.active.delete(id);
      await meta.put(generations, GENERATIONS_KEY);
      await meta.delete(idsKey(id));
      await tx.objectStore('sources').delete(id);
      await this.bumpRevision(meta);
    });
    await this.sweep().catch(() => undefined);
  }

  getSource(id: string): Promise<SourceRecord | undefined> {
    return this.db.get('sources', id);
  }

  listSources(): Promise<SourceRecord[]> {
    return this.db.getAll('sources');
  }

  async get(ref: EntryRef): Promise<StoredEntry | undefined> {
    return (await this.getMany([ref]))[0];
  }

  /**
   * What reads need of the registry, kept since the store's revision last changed (every change
   * of an active generation bumps it, in the same transaction): the active generation per source,
   * and the id tables read so far (id → chunk number within the generation).
   */
  private cache?: {
    revision: number;
    active: Map<string, number>;
    idTables: Map<string, Map<string, number>>;
  };

  /**
   * The cache as of `revision`, read in the caller's transaction `meta` when outdated (never a
   * promise from another transaction: waiting on it could let this one commit).
   */
  private async readCache(meta: { get(k: string): Promise<unknown> }, revision: number) {
    if (this.cache?.revision === revision) return this.cache;
    const generations = await readGenerations(meta);
    this.cache = { revision, active: new Map(generations.active), idTables: new Map() };
    return this.cache;
  }

  async getMany(refs: EntryRef[]): Promise<StoredEntry[]> {
    const tx = this.db.transaction(['chunks', 'meta']);
    const meta = tx.objectStore('meta');
    const revision = ((await meta.get('revision')) as number | undefined) ?? 0;
    const { active, idTables: tables } = await this.readCache(meta, revision);
    const missing = [...new Set(refs.map((ref) => parseRef(ref)[0]))].filter((s) => !tables.has(s));
    await Promise.all(
      missing.map(async (source) => {
        const table = (await meta.get(idsKey(source))) as IdTable | undefined;
        const byId = new Map<string, number>();
        table?.ids.forEach((id, i) => id && byId.set(id, Math.floor(i / table.size)));
        tables.set(source, byId);
      }),
    );
    const found = await Promise.all(
      refs.map(async (ref) => {
        const [source, id] = parseRef(ref);
        const gen = active.get(source);
        const n = tables.get(source)?.get(id);
        if (n === undefined || gen === undefined) return undefined;
        const chunk = await tx.objectStore('chunks').get([source, chunkNumber(gen, n)]);
        const item = chunk?.items.find((it) => it.id === id);
        return chunk && item ? stored(chunk, item) : undefined;
      }),
    );
    return found.filter((e): e is StoredEntry => e !== undefined);
  }

  /** Entries whose title or alias normalises to the same key; with a year, exact-year matches first. */
  async lookup(title: string, year?: number): Promise<StoredEntry[]> {
    const key = normalizeTitle(title);
    const tx = this.db.transaction(['chunks', 'meta']);
    const meta = tx.objectStore('meta');
    // Both requests at once: the revision read costs no extra round trip.
    const [revision, chunks] = await Promise.all([
      meta.get('revision') as Promise<number | undefined>,
      tx.objectStore('chunks').index('by-key').getAll(key),
    ]);
    const { active } = await this.readCache(meta, revision ?? 0);
    const found = chunks
      .filter((c) => active.get(c.source) === generationOf(c.n))
      .flatMap((c) => c.items.filter((it) => it.keys.includes(key)).map((it) => stored(c, it)));
    if (year === undefined) return found;
    return found
      .filter((e) => e.entry.year === undefined || Math.abs(e.entry.year - year) <= 1)
      .sort((a, b) => Number(b.entry.year === year) - Number(a.entry.year === year));
  }

  async entriesOfSource(id: string): Promise<StoredEntry[]> {
    const tx = this.db.transaction(['chunks', 'meta']);
    const gen = (await readGenerations(tx.objectStore('meta'))).active.get(id);
    if (gen === undefined) return [];
    const chunks = await tx.objectStore('chunks').getAll(generationRange(id, gen));
    return chunks.flatMap((c) => c.items.map((it) => stored(c, it)));
  }

  /** Number of stored entries (the sum of the sources' counts, kept in the same transactions). */
  async count(): Promise<number> {
    return (await this.listSources()).reduce((sum, s) => sum + s.count, 0);
  }

  /** Increments on every change to entries; caches (the lexicon) compare against it. */
  async revision(): Promise<number> {
    return ((await this.db.get('meta', 'revision')) as number | undefined) ?? 0;
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.db.get('meta', key)) as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.db.put('meta', value, key);
  }

  /** Walk every stored entry of the active generations without loading them all at once. */
  async forEach(fn: (e: StoredEntry) => void): Promise<void> {
    const tx = this.db.transaction(['chunks', 'meta']);
    const { active } = await readGenerations(tx.objectStore('meta'));
    for (const [source, gen] of active) {
      let cursor = await tx.objectStore('chunks').openCursor(generationRange(source, gen));
      while (cursor) {
        for (const it of cursor.value.items) fn(stored(cursor.value, it));
        cursor = await cursor.continue();
      }
    }
  }
}

type UpgradeTx = IDBPTransaction<MarqueeDB, StoreNames<MarqueeDB>[], 'versionchange'>;

/** Version 1 kept one record per entry: regroup them into chunks (generation 0), source by source. */
async function upgradeFrom1(db: IDBPDatabase<MarqueeDB>, tx: UpgradeTx): Promise<void> {
  const chunks = db.createObjectStore('chunks', { keyPath: ['source', 'n'] });
  chunks.createIndex('by-key', 'keys', { multiEntry: true });
  interface OldCursor {
    value: StoredEntry;
    continue(): Promise<OldCursor | null>;
  }
  const old = (
    tx as unknown as { objectStore(n: string): { openCursor(): Promise<OldCursor | null> } }
  ).objectStore('entries');
  const bySource = new Map<string, Entry[]>();
  let cursor = await old.openCursor();
  while (cursor) {
    const v = cursor.value;
    bySource.set(v.source, [...(bySource.get(v.source) ?? []), v.entry]);
    cursor = await cursor.continue();
  }
  for (const [source, entries] of bySource) {
    const made = makeChunks(source, entries, 0);
    for (const c of made.chunks) await tx.objectStore('chunks').put(c);
    await tx.objectStore('meta').put(idTableOf(made.entries), idsKey(source));
  }
  db.deleteObjectStore('entries' as never);
}

/**
 * Version 2 also indexed every ref ("by-ref") and each chunk's source ("by-source", the same as a
 * key range): drop both, and write each source's id table from its chunks.
 */
async function upgradeFrom2(tx: UpgradeTx): Promise<void> {
  const chunks = tx.objectStore('chunks');
  const legacy = chunks as unknown as { deleteIndex(name: string): void };
  legacy.deleteIndex('by-ref');
  legacy.deleteIndex('by-source');
  const tables = new Map<string, IdTable>();
  let cursor = await chunks.openCursor();
  while (cursor) {
    const { source, n, items } = cursor.value;
    const table = tables.get(source) ?? { size: CHUNK_SIZE, ids: [] };
    tables.set(source, table);
    items.forEach((it, i) => (table.ids[n * CHUNK_SIZE + i] = it.id));
    cursor = await cursor.continue();
  }
  for (const [source, table] of tables) {
    // A chunk shorter than CHUNK_SIZE before the last leaves holes: "" is never an id.
    table.ids = Array.from(table.ids, (id) => id ?? '');
    await tx.objectStore('meta').put(table, idsKey(source));
  }
}
