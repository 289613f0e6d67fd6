/**
 * Writes of a source's entries and record. Imports and the bundled index (small, in memory) write
 * a whole generation, its swap and the old one's deletion in one transaction; a subscription
 * refresh stages its generation in short transactions as the body streams in, then swaps it in
 * (see generations.ts). Every committed write tells the change feed.
 */
import type { Entry } from '../index/schema';
import { measurePhase } from '../timing';
import type { ChangeFeed } from './changes';
import { Chunker, chunkEntries, CHUNK_SIZE, idTableOf, StagedIds } from './chunks';
import {
  dropGenerations,
  generationRange,
  GENERATIONS_KEY,
  readGenerations,
  reportCleanupFailure,
  stageGeneration,
  sweepQuietly,
} from './generations';
import {
  bumpRevision,
  idsKey,
  type ChunkRecord,
  type Database,
  type IdTable,
  type SourceRecord,
  type WriteTx,
} from './schema';
import { interrupted, settle } from './transactions';

/**
 * Chunks per short transaction of a staged write (8 × 16 = 128 entries, the parser's batch): a
 * lookup waits for one such transaction at most. Each is awaited before the next batch is parsed.
 * Measured in `npm run bench:sources` against the one-transaction refresh in the same runs (a
 * loaded machine): overlapping them (32 chunks, the next batch parsed while one commits) took
 * about the same time as main's one transaction but peaked at 245 MB against its 212 MB; as here,
 * 194-198 MB but 1.1-1.6× the time (probably each commit's round trip to the browser's IndexedDB).
 */
const STAGE_CHUNKS_PER_TX = 8;

export interface StagedOptions {
  /**
   * The write may make the source (an import's first run): without it, a source missing at the
   * swap was removed while it refreshed, and the swap refuses.
   */
  create?: boolean;
}

export class SourceWriter {
  constructor(
    private readonly db: Database,
    private readonly feed: ChangeFeed,
  ) {}

  /** Run `work` in one readwrite transaction; on any failure abort it, so nothing of it lands. */
  private async write<T>(work: (tx: WriteTx, pending: Promise<unknown>[]) => Promise<T>): Promise<T> {
    const tx = this.db.transaction(['chunks', 'sources', 'meta'], 'readwrite');
    // Every request queued, so that on failure none is left rejecting unobserved.
    const pending: Promise<unknown>[] = [];
    const result = await settle(tx, () => work(tx, pending), pending);
    this.feed.notify();
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
    const made = chunkEntries(record.id, entries, gen);
    t = measurePhase('chunks', t);
    made.chunks.forEach((c, i) => {
      puts.push(chunks.put(c));
      if (onProgress && i % 16 === 15) onProgress(Math.min(entries.length, (i + 1) * CHUNK_SIZE));
    });
    puts.push(meta.put(idTableOf(made.entries), idsKey(record.id)));
    puts.push(tx.objectStore('sources').put(record));
    puts.push(meta.put(generations, GENERATIONS_KEY));
    puts.push(bumpRevision(meta));
    t = measurePhase('queue', t);
    await Promise.all(puts);
    measurePhase('written', t);
  }

  async replaceSource(
    record: Omit<SourceRecord, 'count'>,
    entries: Entry[],
    hooks: { onProgress?: (done: number) => void } = {},
  ): Promise<SourceRecord> {
    const full: SourceRecord = { ...record, count: entries.length };
    await this.write((tx, pending) => this.writeSource(tx, pending, full, entries, hooks.onProgress));
    return full;
  }

  async replaceSourceStaged(
    id: string,
    batches: AsyncIterable<Entry[]> | Iterable<Entry[]>,
    finish: () => Omit<SourceRecord, 'count' | 'id'>,
    timing: { chunkMs: number } = { chunkMs: 0 },
    options: StagedOptions = {},
  ): Promise<SourceRecord> {
    await sweepQuietly(this.db);
    const gen = await stageGeneration(this.db, id);
    let record: SourceRecord;
    let t = performance.now();
    try {
      const staged = new StagedIds();
      const chunker = new Chunker(id, gen);
      let ready: ChunkRecord[] = [];
      for await (const batch of batches) {
        const t0 = performance.now();
        staged.add(batch);
        ready.push(...chunker.add(batch));
        timing.chunkMs += performance.now() - t0;
        if (ready.length >= STAGE_CHUNKS_PER_TX) {
          await this.putChunks(ready);
          ready = [];
        }
      }
      ready.push(...chunker.end());
      if (ready.length) await this.putChunks(ready);
      record = { ...finish(), id, count: staged.ids.size };
      t = measurePhase('staging', t);
      // The Set keeps insertion order: the order the entries went into chunks.
      await this.swap(record, gen, { size: CHUNK_SIZE, ids: [...staged.ids] }, options.create === true);
      t = measurePhase('swap', t);
    } catch (error) {
      await dropGenerations(this.db, [{ source: id, gen }], 'staged').catch((dropError: unknown) =>
        reportCleanupFailure('deleting the entries of a failed refresh', dropError),
      );
      throw error;
    }
    await sweepQuietly(this.db);
    measurePhase('sweep', t);
    return record;
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
  private async swap(record: SourceRecord, gen: number, ids: IdTable, create: boolean): Promise<void> {
    await this.write(async (tx, pending) => {
      const meta = tx.objectStore('meta');
      const generations = await readGenerations(meta);
      // Swept as stale meanwhile (its chunks may be gone): never make it active.
      if (!generations.staged.has(gen)) throw interrupted('the staged entries were swept');
      // Removed while it refreshed: do not bring it back (unless the write makes the source).
      if (!create && !(await tx.objectStore('sources').get(record.id)))
        throw new Error('the source was removed while it refreshed');
      const old = generations.active.get(record.id);
      if (old !== undefined) generations.retired.push({ source: record.id, gen: old });
      generations.active.set(record.id, gen);
      generations.staged.delete(gen);
      pending.push(meta.put(ids, idsKey(record.id)));
      pending.push(tx.objectStore('sources').put(record));
      pending.push(meta.put(generations, GENERATIONS_KEY));
      pending.push(bumpRevision(meta));
      await Promise.all(pending);
    });
  }

  async mergeIntoSource(
    record: Omit<SourceRecord, 'count'>,
    entries: Entry[],
    merge: (existing: Entry, incoming: Entry) => Entry,
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

  async updateSourceRecord(id: string, patch: Partial<SourceRecord>): Promise<SourceRecord | undefined> {
    const tx = this.db.transaction('sources', 'readwrite');
    const current = await tx.store.get(id);
    const next = current ? { ...current, ...patch, id } : undefined;
    if (next) await tx.store.put(next);
    await tx.done;
    if (next) this.feed.notify();
    return next;
  }

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
      await bumpRevision(meta);
    });
    await sweepQuietly(this.db);
  }
}
