/**
 * The review store: IndexedDB in the extension's own origin (background / extension pages, never
 * a web page's). This facade composes the store's modules, each one concern:
 * - schema.ts: the records (sources, entries, refs) and the object stores;
 * - chunks.ts: entries kept CHUNK_SIZE to a record, and the one check of their ids;
 * - generations.ts: each write a new generation, swapped in at once; the sweep of dead ones;
 * - migrations.ts: the versions of the database, as a list of steps;
 * - writes.ts: replacing, merging and removing a source's entries;
 * - reads.ts: lookups and reads of the active generations;
 * - changes.ts: the change feed, across the extension's contexts.
 */
import type { Entry } from '../index/schema';
import { ChangeFeed } from './changes';
import { sweep, sweepQuietly } from './generations';
import { openDatabase } from './migrations';
import { StoreReader } from './reads';
import {
  DB_NAME,
  readRevision,
  type Database,
  type EntryRef,
  type SourceRecord,
  type StoredEntry,
} from './schema';
import { SourceWriter, type StagedOptions } from './writes';

export { DB_NAME, parseRef, refOf } from './schema';
export type { EntryRef, SourceKind, SourceRecord, StoredEntry } from './schema';

export class ReviewStore {
  private readonly feed: ChangeFeed;
  private readonly reader: StoreReader;
  private readonly writer: SourceWriter;

  private constructor(
    private readonly db: Database,
    name: string,
  ) {
    this.feed = new ChangeFeed(name);
    this.reader = new StoreReader(db);
    this.writer = new SourceWriter(db, this.feed);
  }

  static async open(name = DB_NAME): Promise<ReviewStore> {
    const store = new ReviewStore(await openDatabase(name), name);
    // Leftovers of a refresh or a swap that died midway: invisible, but they take space.
    await sweepQuietly(store.db);
    return store;
  }

  close(): void {
    this.feed.close();
    this.db.close();
  }

  /**
   * Call `fn` after every committed change to entries or source records, made through this store
   * or through another ReviewStore on the same database in another context of the extension (the
   * options page imports straight into IndexedDB). Returns the unsubscribe function.
   */
  onChange(fn: () => void): () => void {
    return this.feed.subscribe(fn);
  }

  /**
   * Replace every entry of a source, and its record, in one transaction; on any failure the
   * previous entries and record stay as they were.
   */
  replaceSource(
    record: Omit<SourceRecord, 'count'>,
    entries: Entry[],
    hooks: { onProgress?: (done: number) => void } = {},
  ): Promise<SourceRecord> {
    return this.writer.replaceSource(record, entries, hooks);
  }

  /**
   * Replace every entry of a source with entries produced as they arrive (a subscription parsed
   * while its body streams in), then its record from `finish`. The entries go into a new
   * generation, a few chunks per short transaction, each awaited before the next batch is read
   * and parsed; nothing reads that generation until one small transaction makes it active. A throw
   * from `batches` or `finish`, a failed write or a failed swap leaves the previous entries and
   * record as they were, and the staged chunks are deleted (or swept later). After the swap the
   * replaced generation is deleted in short transactions; a failure there only leaves invisible
   * chunks, swept later. Ids must be unique (validated input). `options.create` lets the write
   * make a source that does not exist yet (an import); otherwise a missing source fails the swap.
   */
  replaceSourceStaged(
    id: string,
    batches: AsyncIterable<Entry[]> | Iterable<Entry[]>,
    finish: () => Omit<SourceRecord, 'count' | 'id'>,
    timing: { chunkMs: number } = { chunkMs: 0 },
    options: StagedOptions = {},
  ): Promise<SourceRecord> {
    return this.writer.replaceSourceStaged(id, batches, finish, timing, options);
  }

  /**
   * Add or update entries of a source by id, keeping its other entries (imports merge: a second
   * Letterboxd CSV adds to the first). One transaction, like replaceSource; `merge` combines an
   * entry that already exists with the incoming one. Returns how many were added and updated.
   */
  mergeIntoSource(
    record: Omit<SourceRecord, 'count'>,
    entries: Entry[],
    merge: (existing: Entry, incoming: Entry) => Entry = (_old, incoming) => incoming,
  ): Promise<{ source: SourceRecord; added: number; updated: number }> {
    return this.writer.mergeIntoSource(record, entries, merge);
  }

  /** Update a source's status fields only (last error, etag…), leaving its entries alone. */
  updateSourceRecord(id: string, patch: Partial<SourceRecord>): Promise<SourceRecord | undefined> {
    return this.writer.updateSourceRecord(id, patch);
  }

  /**
   * Remove a source: one small transaction makes its entries invisible (record, id table, active
   * generation), then its chunks of every generation are deleted in short ones.
   */
  removeSource(id: string): Promise<void> {
    return this.writer.removeSource(id);
  }

  /**
   * Delete what no read sees any more: replaced or removed generations, and staged ones of a
   * refresh that died. Runs at open and around each refresh; rejects if a deletion fails.
   */
  sweep(): Promise<void> {
    return sweep(this.db);
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

  getMany(refs: EntryRef[]): Promise<StoredEntry[]> {
    return this.reader.getMany(refs);
  }

  /** Entries whose title or alias normalises to the same key; with a year, exact-year matches first. */
  lookup(title: string, year?: number): Promise<StoredEntry[]> {
    return this.reader.lookup(title, year);
  }

  entriesOfSource(id: string): Promise<StoredEntry[]> {
    return this.reader.entriesOfSource(id);
  }

  /** Walk every stored entry of the active generations without loading them all at once. */
  forEach(fn: (e: StoredEntry) => void): Promise<void> {
    return this.reader.forEach(fn);
  }

  /** Number of stored entries (the sum of the sources' counts, kept in the same transactions). */
  async count(): Promise<number> {
    return (await this.listSources()).reduce((sum, s) => sum + s.count, 0);
  }

  /** Increments on every change to entries; caches (the lexicon) compare against it. */
  revision(): Promise<number> {
    return readRevision({ get: (k) => this.db.get('meta', k) });
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.db.get('meta', key)) as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.db.put('meta', value, key);
  }
}
