/**
 * The review store: IndexedDB in the extension's own origin (background / extension pages, never
 * a web page's). Entries of every source live in one object store keyed by [source, id]; a
 * multi-entry index over normalised titles and aliases serves lookups. Replacing a source's
 * entries is one readwrite transaction, so any failure (bad data, quota, the browser closing)
 * leaves the previous entries exactly as they were.
 */
import { openDB, unwrap, type DBSchema, type IDBPDatabase } from 'idb';
import { normalizeTitle, NORMALIZE_VERSION } from '../text/normalize';
import type { Entry } from '../index/schema';

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

interface MarqueeDB extends DBSchema {
  entries: {
    key: [string, string];
    value: StoredEntry;
    indexes: { 'by-key': string; 'by-source': string };
  };
  sources: { key: string; value: SourceRecord };
  meta: { key: string; value: unknown };
}

export const DB_NAME = 'marquee';
const DB_VERSION = 1;

export function titleKeys(entry: Entry): string[] {
  return [...new Set([entry.title, ...entry.aliases].map(normalizeTitle).filter(Boolean))];
}

export class ReviewStore {
  private constructor(private readonly db: IDBPDatabase<MarqueeDB>) {}

  static async open(name = DB_NAME): Promise<ReviewStore> {
    const db = await openDB<MarqueeDB>(name, DB_VERSION, {
      upgrade(db) {
        const entries = db.createObjectStore('entries', { keyPath: ['source', 'id'] });
        entries.createIndex('by-key', 'keys', { multiEntry: true });
        entries.createIndex('by-source', 'source');
        db.createObjectStore('sources', { keyPath: 'id' });
        db.createObjectStore('meta');
      },
    });
    const store = new ReviewStore(db);
    await store.rekeyIfNeeded();
    return store;
  }

  close(): void {
    this.db.close();
  }

  /** Title keys depend on normalisation; when it changes, recompute them in place. */
  private async rekeyIfNeeded(): Promise<void> {
    const version = await this.db.get('meta', 'normalizeVersion');
    if (version === NORMALIZE_VERSION) return;
    const tx = this.db.transaction(['entries', 'meta'], 'readwrite');
    let cursor = await tx.objectStore('entries').openCursor();
    while (cursor) {
      await cursor.update({ ...cursor.value, keys: titleKeys(cursor.value.entry) });
      cursor = await cursor.continue();
    }
    await tx.objectStore('meta').put(NORMALIZE_VERSION, 'normalizeVersion');
    await tx.done;
  }

  /**
   * Replace every entry of a source, and its record, in one transaction. `beforeCommit` runs
   * inside the transaction after the writes are queued (tests use it to inject faults).
   */
  async replaceSource(
    record: Omit<SourceRecord, 'count'>,
    entries: Entry[],
    hooks: { onProgress?: (done: number) => void } = {},
  ): Promise<SourceRecord> {
    const tx = this.db.transaction(['entries', 'sources', 'meta'], 'readwrite');
    const store = tx.objectStore('entries');
    const full: SourceRecord = { ...record, count: entries.length };
    const puts: Promise<unknown>[] = [];
    try {
      // Keys [source, id] with a string id sort before [source, []]: this range is exactly the source.
      await store.delete(IDBKeyRange.bound([record.id, ''], [record.id, []]));
      // Raw requests, not idb's promise per put: for 50,000 entries the promises cost more than
      // the writes. A failing request aborts the transaction, and tx.done below rejects with it.
      const raw = unwrap(store) as IDBObjectStore;
      entries.forEach((entry, i) => {
        raw.put({ source: record.id, id: entry.id, entry, keys: titleKeys(entry) });
        if (hooks.onProgress && i % 1000 === 999) hooks.onProgress(i + 1);
      });
      puts.push(tx.objectStore('sources').put(full));
      puts.push(this.bumpRevision(tx.objectStore('meta')));
      await Promise.all(puts);
      await tx.done;
      return full;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already aborted by the failure itself
      }
      // Requests queued before the failure reject with AbortError; they are part of this failure.
      await Promise.allSettled([...puts, tx.done]);
      throw error;
    }
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
    const tx = this.db.transaction(['entries', 'sources', 'meta'], 'readwrite');
    const store = tx.objectStore('entries');
    const pending: Promise<unknown>[] = [];
    try {
      const existing = new Map<string, Entry>();
      let cursor = await store.index('by-source').openCursor(record.id);
      while (cursor) {
        existing.set(cursor.value.id, cursor.value.entry);
        cursor = await cursor.continue();
      }
      let added = 0;
      let updated = 0;
      const raw = unwrap(store) as IDBObjectStore; // see replaceSource
      for (const incoming of entries) {
        const old = existing.get(incoming.id);
        const entry = old ? merge(old, incoming) : incoming;
        if (old) updated++;
        else added++;
        existing.set(entry.id, entry);
        raw.put({ source: record.id, id: entry.id, entry, keys: titleKeys(entry) });
      }
      const full: SourceRecord = { ...record, count: existing.size };
      pending.push(tx.objectStore('sources').put(full));
      pending.push(this.bumpRevision(tx.objectStore('meta')));
      await Promise.all(pending);
      await tx.done;
      return { source: full, added, updated };
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already aborted by the failure itself
      }
      await Promise.allSettled([...pending, tx.done]);
      throw error;
    }
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
    return next;
  }

  async removeSource(id: string): Promise<void> {
    const tx = this.db.transaction(['entries', 'sources', 'meta'], 'readwrite');
    await tx.objectStore('entries').delete(IDBKeyRange.bound([id, ''], [id, []]));
    await tx.objectStore('sources').delete(id);
    await this.bumpRevision(tx.objectStore('meta'));
    await tx.done;
  }

  getSource(id: string): Promise<SourceRecord | undefined> {
    return this.db.get('sources', id);
  }

  listSources(): Promise<SourceRecord[]> {
    return this.db.getAll('sources');
  }

  get(ref: EntryRef): Promise<StoredEntry | undefined> {
    return this.db.get('entries', parseRef(ref));
  }

  async getMany(refs: EntryRef[]): Promise<StoredEntry[]> {
    const tx = this.db.transaction('entries');
    const found = await Promise.all(refs.map((r) => tx.store.get(parseRef(r))));
    return found.filter((e): e is StoredEntry => e !== undefined);
  }

  /** Entries whose title or alias normalises to the same key; with a year, exact-year matches first. */
  async lookup(title: string, year?: number): Promise<StoredEntry[]> {
    const found = await this.db.getAllFromIndex('entries', 'by-key', normalizeTitle(title));
    if (year === undefined) return found;
    return found
      .filter((e) => e.entry.year === undefined || Math.abs(e.entry.year - year) <= 1)
      .sort((a, b) => Number(b.entry.year === year) - Number(a.entry.year === year));
  }

  entriesOfSource(id: string): Promise<StoredEntry[]> {
    return this.db.getAllFromIndex('entries', 'by-source', id);
  }

  async count(): Promise<number> {
    return this.db.count('entries');
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
    let cursor = await this.db.transaction('entries').store.openCursor();
    while (cursor) {
      fn(cursor.value);
      cursor = await cursor.continue();
    }
  }
}
