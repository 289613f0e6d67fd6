/**
 * The review store: IndexedDB in the extension's own origin (background / extension pages, never
 * a web page's). Entries of every source are kept in small chunks (CHUNK_SIZE entries per record,
 * keyed by [source, chunk number]); a multi-entry index over the chunks' normalised titles and
 * aliases serves lookups, and a table per source (meta "ids:<source>": its ids in chunk order)
 * finds an entry's chunk from its ref. That table replaced a multi-entry index over every ref
 * (version 3): 50,000 index rows written with each 50k-entry import (#4) for one read per hover. Chunks, not one record per entry, because
 * Chromium's IndexedDB pays per request: in `npm run bench:sources` 50,000 single-entry puts took
 * ~33 s of a subscription, 3,125 chunks ~16 s. Replacing a source's entries is one readwrite
 * transaction, so any failure (bad data,
 * quota, the browser closing) leaves the previous entries exactly as they were.
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
const DB_VERSION = 3;

/**
 * Meta key of a source's id table: `{ size, ids }`, entry i in chunk floor(i / size) (a gap is "",
 * never an id). Written in the same transaction as the chunks.
 */
const idsKey = (source: string) => `ids:${source}`;
interface IdTable {
  size: number;
  ids: string[];
}
const idTableOf = (chunks: { items: { id: string }[] }[]): IdTable => ({
  size: CHUNK_SIZE,
  ids: chunks.flatMap((c) => c.items.map((it) => it.id)),
});
/** Small enough that a lookup reads little (one chunk per hit: ~2.6 ms at 16, ~6.6 ms at 64 in the bench), large enough to cut write requests 16× (50k entries: ~16 s vs ~33 s one per record). */
export const CHUNK_SIZE = 16;

export function titleKeys(entry: Entry): string[] {
  return [...new Set([entry.title, ...entry.aliases].map(normalizeTitle).filter(Boolean))];
}

const sourceRange = (id: string) => IDBKeyRange.bound([id, -Infinity], [id, Infinity]);

function makeChunks(source: string, input: Entry[]): ChunkRecord[] {
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
    chunks.push(chunkOf(source, n, entries.slice(i, i + CHUNK_SIZE)));
  return chunks;
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

export class ReviewStore {
  private constructor(
    private readonly db: IDBPDatabase<MarqueeDB>,
    private readonly name: string,
  ) {}

  static async open(name = DB_NAME): Promise<ReviewStore> {
    const db = await openDB<MarqueeDB>(name, DB_VERSION, {
      async upgrade(db, oldVersion, _newVersion, tx) {
        if (oldVersion === 2) {
          // Version 2 also indexed every ref ("by-ref") and each chunk's source ("by-source", the
          // same as a key range): drop both, and write each source's id table from its chunks.
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
          return;
        }
        const chunks = db.createObjectStore('chunks', { keyPath: ['source', 'n'] });
        chunks.createIndex('by-key', 'keys', { multiEntry: true });
        if (oldVersion < 1) {
          db.createObjectStore('sources', { keyPath: 'id' });
          db.createObjectStore('meta');
          return;
        }
        // Version 1 kept one record per entry: regroup them into chunks, source by source.
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
          const made = makeChunks(source, entries);
          for (const c of made) await tx.objectStore('chunks').put(c);
          await tx.objectStore('meta').put(idTableOf(made), idsKey(source));
        }
        db.deleteObjectStore('entries' as never);
      },
    });
    const store = new ReviewStore(db, name);
    await store.rekeyIfNeeded();
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
    try {
      const result = await work(tx, pending);
      await tx.done;
      this.changed();
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

  /** Delete a source's chunks and write new ones, its record and a revision bump: one transaction. */
  private async writeSource(
    tx: WriteTx,
    puts: Promise<unknown>[],
    record: SourceRecord,
    entries: Entry[],
    onProgress?: (done: number) => void,
  ): Promise<void> {
    const chunks = tx.objectStore('chunks');
    await chunks.delete(sourceRange(record.id));
    let t = performance.now();
    const made = makeChunks(record.id, entries);
    t = measurePhase('chunks', t);
    made.forEach((c, i) => {
      puts.push(chunks.put(c));
      if (onProgress && i % 16 === 15) onProgress(Math.min(entries.length, (i + 1) * CHUNK_SIZE));
    });
    puts.push(tx.objectStore('meta').put(idTableOf(made), idsKey(record.id)));
    puts.push(tx.objectStore('sources').put(record));
    puts.push(this.bumpRevision(tx.objectStore('meta')));
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
   * Replace every entry of a source with entries produced while the transaction runs (a
   * subscription parsed as it is written, issue #4), then its record from `finish`: one
   * transaction, like replaceSource. `batches` runs between writes: each batch's chunks are queued
   * at once and the next batch is parsed while the browser writes them, so parsing and writing
   * overlap and only two batches are ever in flight (queueing all 3,125 chunks of the 50k bench
   * index first held every entry and every clone at once). Ids must be unique (validated input).
   * A throw from `batches` or `finish`, or any failed write, aborts it all: the previous entries
   * and record stay as they were.
   */
  async replaceSourceStreamed(
    id: string,
    batches: Iterable<Entry[]>,
    finish: () => Omit<SourceRecord, 'count' | 'id'>,
    timing: { chunkMs: number } = { chunkMs: 0 },
  ): Promise<SourceRecord> {
    return this.write(async (tx, pending) => {
      const chunks = tx.objectStore('chunks');
      // Not awaited: requests run in order, so the puts below land after it.
      pending.push(chunks.delete(sourceRange(id)));
      const ids = new Set<string>();
      let count = 0;
      let n = 0;
      let carry: Entry[] = [];
      let previous: Promise<unknown> | undefined;
      const put = (items: Entry[]) => {
        const request = chunks.put(chunkOf(id, n++, items));
        // Not kept in `pending` (3,125 requests for the bench index, alive to the end): a failed
        // put aborts the transaction, and `tx.done` (awaited by write) reports it. This only keeps
        // its own rejection from being reported as unhandled.
        request.catch(() => undefined);
        return request;
      };
      for (const batch of batches) {
        const t = performance.now();
        for (const entry of batch) {
          if (typeof entry.id !== 'string' || !entry.id)
            throw new TypeError('an entry has no id; nothing was saved');
          if (ids.has(entry.id)) throw new TypeError(`duplicate id "${entry.id}"; nothing was saved`);
          ids.add(entry.id);
        }
        count += batch.length;
        carry = carry.length ? carry.concat(batch) : batch;
        let last: Promise<unknown> | undefined;
        let at = 0;
        for (; carry.length - at >= CHUNK_SIZE; at += CHUNK_SIZE)
          last = put(carry.slice(at, at + CHUNK_SIZE));
        carry = carry.slice(at);
        timing.chunkMs += performance.now() - t;
        // The transaction stays alive while a request is pending: wait for the batch before this
        // one, so the next batch is parsed while this one's chunks are written.
        if (previous) await previous;
        previous = last ?? previous;
      }
      const last = carry.length ? put(carry) : previous;
      if (last) pending.push(last);
      const record: SourceRecord = { ...finish(), id, count };
      // The Set keeps insertion order: the order the entries went into chunks.
      pending.push(tx.objectStore('meta').put({ size: CHUNK_SIZE, ids: [...ids] }, idsKey(id)));
      pending.push(tx.objectStore('sources').put(record));
      pending.push(this.bumpRevision(tx.objectStore('meta')));
      await Promise.all(pending);
      return record;
    });
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
      for (const c of await tx.objectStore('chunks').getAll(sourceRange(record.id)))
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

  private async bumpRevision(meta: {
    get(k: string): Promise<unknown>;
    put(v: unknown, k: string): Promise<unknown>;
  }) {
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

  async removeSource(id: string): Promise<void> {
    await this.write(async (tx) => {
      await tx.objectStore('chunks').delete(sourceRange(id));
      await tx.objectStore('meta').delete(idsKey(id));
      await tx.objectStore('sources').delete(id);
      await this.bumpRevision(tx.objectStore('meta'));
    });
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

  /** Id tables read since the store's revision last changed: id → chunk number, per source. */
  private idTables?: { revision: number; bySource: Map<string, Map<string, number>> };

  async getMany(refs: EntryRef[]): Promise<StoredEntry[]> {
    const tx = this.db.transaction(['chunks', 'meta']);
    const meta = tx.objectStore('meta');
    const revision = ((await meta.get('revision')) as number | undefined) ?? 0;
    if (this.idTables?.revision !== revision) this.idTables = { revision, bySource: new Map() };
    const tables = this.idTables.bySource;
    // Tables not in memory are read in this transaction (never a promise from another one: it
    // could commit this one while waiting).
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
        const n = tables.get(source)?.get(id);
        if (n === undefined) return undefined;
        const chunk = await tx.objectStore('chunks').get([source, n]);
        const item = chunk?.items.find((it) => it.id === id);
        return chunk && item ? stored(chunk, item) : undefined;
      }),
    );
    return found.filter((e): e is StoredEntry => e !== undefined);
  }

  /** Entries whose title or alias normalises to the same key; with a year, exact-year matches first. */
  async lookup(title: string, year?: number): Promise<StoredEntry[]> {
    const key = normalizeTitle(title);
    const chunks = await this.db.getAllFromIndex('chunks', 'by-key', key);
    const found = chunks.flatMap((c) =>
      c.items.filter((it) => it.keys.includes(key)).map((it) => stored(c, it)),
    );
    if (year === undefined) return found;
    return found
      .filter((e) => e.entry.year === undefined || Math.abs(e.entry.year - year) <= 1)
      .sort((a, b) => Number(b.entry.year === year) - Number(a.entry.year === year));
  }

  async entriesOfSource(id: string): Promise<StoredEntry[]> {
    const chunks = await this.db.getAll('chunks', sourceRange(id));
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

  /** Walk every stored entry without loading them all at once. */
  async forEach(fn: (e: StoredEntry) => void): Promise<void> {
    let cursor = await this.db.transaction('chunks').store.openCursor();
    while (cursor) {
      for (const it of cursor.value.items) fn(stored(cursor.value, it));
      cursor = await cursor.continue();
    }
  }
}
