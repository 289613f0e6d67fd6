/**
 * Reads: every one sees only the active generation of each source (see generations.ts). Lookups
 * run on every hover, so what they need of the registry is cached until the revision changes.
 */
import { normalizeTitle } from '../text/normalize';
import { storedEntry } from './chunks';
import { chunkNumber, generationOf, generationRange, readGenerations } from './generations';
import {
  idsKey,
  parseRef,
  readRevision,
  REVISION_KEY,
  type Database,
  type EntryRef,
  type IdTable,
  type MetaReader,
  type StoredEntry,
} from './schema';

/**
 * What reads need of the registry, kept since the store's revision last changed (every change of
 * an active generation bumps it, in the same transaction): the active generation per source, and
 * the id tables read so far (id → chunk number within the generation).
 */
interface RegistryCache {
  revision: number;
  active: Map<string, number>;
  idTables: Map<string, Map<string, number>>;
}

export class StoreReader {
  private cache?: RegistryCache;

  constructor(private readonly db: Database) {}

  /**
   * The cache as of `revision`, read in the caller's transaction `meta` when outdated (never a
   * promise from another transaction: waiting on it could let this one commit).
   */
  private async readCache(meta: MetaReader, revision: number): Promise<RegistryCache> {
    if (this.cache?.revision === revision) return this.cache;
    const generations = await readGenerations(meta);
    this.cache = { revision, active: new Map(generations.active), idTables: new Map() };
    return this.cache;
  }

  async getMany(refs: EntryRef[]): Promise<StoredEntry[]> {
    const tx = this.db.transaction(['chunks', 'meta']);
    const meta = tx.objectStore('meta');
    const revision = await readRevision(meta);
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
        return chunk && item ? storedEntry(chunk, item) : undefined;
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
      meta.get(REVISION_KEY) as Promise<number | undefined>,
      tx.objectStore('chunks').index('by-key').getAll(key),
    ]);
    const { active } = await this.readCache(meta, revision ?? 0);
    const found = chunks
      .filter((c) => active.get(c.source) === generationOf(c.n))
      .flatMap((c) => c.items.filter((it) => it.keys.includes(key)).map((it) => storedEntry(c, it)));
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
    return chunks.flatMap((c) => c.items.map((it) => storedEntry(c, it)));
  }

  /** Walk every stored entry of the active generations without loading them all at once. */
  async forEach(fn: (e: StoredEntry) => void): Promise<void> {
    const tx = this.db.transaction(['chunks', 'meta']);
    const { active } = await readGenerations(tx.objectStore('meta'));
    for (const [source, gen] of active) {
      let cursor = await tx.objectStore('chunks').openCursor(generationRange(source, gen));
      while (cursor) {
        for (const it of cursor.value.items) fn(storedEntry(cursor.value, it));
        cursor = await cursor.continue();
      }
    }
  }
}
