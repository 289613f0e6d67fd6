/**
 * The database's versions, as a list of steps: each takes the schema from one version to a later
 * one inside the upgrade transaction, and openStore runs them in order from the version on disk.
 * A new version adds a step; the ones before it stay, so any old database still reaches the latest.
 */
import { openDB } from 'idb';
import type { Entry } from '../index/schema';
import { NORMALIZE_VERSION } from '../text/normalize';
import { chunkEntries, CHUNK_SIZE, idTableOf, rekeyed } from './chunks';
import { emptyGenerations, GENERATIONS_KEY } from './generations';
import {
  DB_VERSION,
  idsKey,
  NORMALIZE_VERSION_KEY,
  type Database,
  type IdTable,
  type MarqueeDB,
  type StoredEntry,
  type UpgradeTx,
} from './schema';

interface Migration {
  from: number;
  to: number;
  run(db: Database, tx: UpgradeTx): Promise<void>;
}

function createChunks(db: Database): void {
  const chunks = db.createObjectStore('chunks', { keyPath: ['source', 'n'] });
  chunks.createIndex('by-key', 'keys', { multiEntry: true });
}

export const MIGRATIONS: readonly Migration[] = [
  {
    // A new database: the latest schema at once, with an empty generation registry.
    from: 0,
    to: DB_VERSION,
    async run(db, tx) {
      createChunks(db);
      db.createObjectStore('sources', { keyPath: 'id' });
      db.createObjectStore('meta');
      await tx.objectStore('meta').put(emptyGenerations(), GENERATIONS_KEY);
    },
  },
  {
    // Version 1 kept one record per entry: regroup them into chunks (generation 0), source by
    // source, with each source's id table: version 3's layout.
    from: 1,
    to: 3,
    async run(db, tx) {
      createChunks(db);
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
        const made = chunkEntries(source, entries, 0);
        for (const c of made.chunks) await tx.objectStore('chunks').put(c);
        await tx.objectStore('meta').put(idTableOf(made.entries), idsKey(source));
      }
      db.deleteObjectStore('entries' as never);
    },
  },
  {
    // Version 2 also indexed every ref ("by-ref") and each chunk's source ("by-source", the same
    // as a key range): drop both, and write each source's id table from its chunks.
    from: 2,
    to: 3,
    async run(_db, tx) {
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
    },
  },
  {
    // Generations: the chunks in place are generation 0 of their source (chunk numbers 0…), so
    // nothing is rewritten; only the registry says so: every source with a record or with chunks
    // (one key read per source, skipping its other chunks).
    from: 3,
    to: 4,
    async run(_db, tx) {
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
  },
];

/** Run the steps from `oldVersion` up to DB_VERSION, in order. */
export async function migrate(
  db: Database,
  tx: UpgradeTx,
  oldVersion: number,
  steps = MIGRATIONS,
): Promise<void> {
  for (let version = oldVersion; version < DB_VERSION;) {
    const step = steps.find((m) => m.from === version);
    if (!step) throw new Error(`no migration from version ${version} of the review store`);
    await step.run(db, tx);
    version = step.to;
  }
}

/** Open (creating or upgrading) the database and bring its title keys up to date. */
export async function openDatabase(name: string): Promise<Database> {
  const db = await openDB<MarqueeDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      // A step that fails after a request succeeded would otherwise let the rest commit.
      migrate(db, tx, oldVersion).catch((error: unknown) => {
        console.error('[marquee] store: upgrade failed', error);
        tx.abort();
      });
    },
  });
  await rekeyIfNeeded(db);
  return db;
}

/** Title keys depend on normalisation; when it changes, recompute them in place. */
async function rekeyIfNeeded(db: Database): Promise<void> {
  const version = await db.get('meta', NORMALIZE_VERSION_KEY);
  if (version === NORMALIZE_VERSION) return;
  const tx = db.transaction(['chunks', 'meta'], 'readwrite');
  let cursor = await tx.objectStore('chunks').openCursor();
  while (cursor) {
    await cursor.update(rekeyed(cursor.value));
    cursor = await cursor.continue();
  }
  await tx.objectStore('meta').put(NORMALIZE_VERSION, NORMALIZE_VERSION_KEY);
  await tx.done;
}
