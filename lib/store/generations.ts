/**
 * Generations. Each write of a source's entries goes into a new generation: chunk numbers
 * g * GENERATION_SPAN + i, so one key range holds a generation and another the whole source (the
 * chunks of version 3 are generation 0 as they lie). The meta record "generations" names each
 * source's active generation; every read sees only active chunks. That lets a subscription refresh
 * write the new generation in many short transactions while the network body streams in, without
 * holding the body or one long transaction (which kept every hover waiting for seconds and
 * Chromium buffering ~30 MB of pending writes), and still swap it in at once: one small
 * transaction makes it active with its id table, record and revision bump. Until then nothing
 * reads it, so a failure at any point leaves the previous entries as they were; its chunks are
 * deleted on failure, or by the sweep (at open and before each refresh) if the worker died first.
 * Old generations are deleted after the swap in small transactions too.
 */
import type { Database, MetaReader } from './schema';
import { settle } from './transactions';

/**
 * Chunk numbers per generation: generation g holds chunk numbers [g * SPAN, (g + 1) * SPAN). 2^20
 * chunks is 16 million entries, ~100× what the 50 MB download cap allows; g * SPAN stays an exact
 * integer up to g = 2^33.
 */
export const GENERATION_SPAN = 2 ** 20;
export const generationOf = (n: number): number => Math.floor(n / GENERATION_SPAN);
export const chunkNumber = (gen: number, i: number) => gen * GENERATION_SPAN + i;
export const generationRange = (source: string, gen: number) =>
  IDBKeyRange.bound([source, chunkNumber(gen, 0)], [source, chunkNumber(gen + 1, 0) - 1]);

/** Meta key of the generation registry (one record: read and written in readwrite transactions). */
export const GENERATIONS_KEY = 'generations';
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
export const emptyGenerations = (): Generations => ({
  active: new Map(),
  next: 1,
  staged: new Map(),
  retired: [],
});

export const readGenerations = async (meta: MetaReader): Promise<Generations> =>
  ((await meta.get(GENERATIONS_KEY)) as Generations | undefined) ?? emptyGenerations();

/**
 * A staged generation older than this belongs to a refresh that died (worker stopped, browser
 * closed) and is swept. A live refresh is bounded by the download timeout (60 s) long before; the
 * swap checks its staged generation is still registered, so even a refresh this slow fails safely.
 */
const STALE_STAGE_MS = 60 * 60 * 1000;
/** Chunks deleted per short transaction when a generation is dropped: few, so a lookup waits little. */
const DELETE_CHUNKS_PER_TX = 32;

/** Hand out a new generation for `source` and register it as staged. */
export async function stageGeneration(db: Database, source: string): Promise<number> {
  const tx = db.transaction('meta', 'readwrite');
  return settle(tx, async () => {
    const generations = await readGenerations(tx.store);
    const gen = generations.next++;
    generations.staged.set(gen, { source, at: Date.now() });
    await tx.store.put(generations, GENERATIONS_KEY);
    return gen;
  });
}

/**
 * Delete the chunks of generations no read sees (each in short transactions of
 * DELETE_CHUNKS_PER_TX chunks), then unregister them from `list`.
 */
export async function dropGenerations(
  db: Database,
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
      const tx = db.transaction('chunks', 'readwrite');
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
  const tx = db.transaction('meta', 'readwrite');
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
export async function sweep(db: Database): Promise<void> {
  const generations = await readGenerations({ get: (k) => db.get('meta', k) });
  const now = Date.now();
  const stale = [...generations.staged]
    .filter(([, s]) => now - s.at > STALE_STAGE_MS)
    .map(([gen, s]) => ({ source: s.source, gen }));
  if (generations.retired.length) await dropGenerations(db, generations.retired, 'retired');
  if (stale.length) await dropGenerations(db, stale, 'staged');
}

/**
 * The sweep as a clean-up after other work: its failure only leaves invisible chunks for the next
 * sweep, so it must not fail that work, but it is reported rather than lost.
 */
export function sweepQuietly(db: Database): Promise<void> {
  return sweep(db).catch((error: unknown) => reportCleanupFailure('sweeping replaced entries', error));
}

export function reportCleanupFailure(what: string, error: unknown): void {
  console.warn(`[marquee] store: ${what} failed; the next sweep retries`, error);
}
