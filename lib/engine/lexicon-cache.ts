/**
 * The film lexicon, persisted in the extension's own database (the review store's `meta` object
 * store, under two keys: no new object store, no schema version), so that a fresh engine — the
 * offscreen document closed by the browser, its worker restarted, the browser started, or the
 * service worker running the engine itself after a stop — is ready from one read instead of
 * rebuilding from every stored title. The background builds it once per key (store revision and
 * source order) and writes it here before it tells a content script which key to ask for.
 *
 * The form stored is the CompactLexicon itself (lib/detect/lexicon.ts): a few long ASCII strings,
 * which IndexedDB's structured clone copies as they are and Lexicon decodes natively on load.
 */
import { LEXICON_FORMAT, type CompactLexicon } from '../detect/lexicon';
import { openDatabase } from '../store/migrations';
import { DB_NAME, type Database } from '../store/schema';
import type { PersistedLexicon } from './engine';

/** Meta key of the persisted lexicon: `{ key, lexicon }`. */
export const LEXICON_RECORD_KEY = 'engine:lexicon';
/** Meta key of its key alone, read on every page start without reading the lexicon. */
export const LEXICON_KEY_KEY = 'engine:lexicon-key';

/** The review store's `meta` object store, as the cache uses it. */
export interface MetaAccess {
  get(key: string): Promise<unknown>;
  /** Every item in one transaction. */
  putAll(items: [key: string, value: unknown][]): Promise<void>;
}

/** The key of a lexicon: what it was built from. A different key is a different lexicon. */
export const lexiconKeyOf = (revision: number, sourceOrder: string): string =>
  `${LEXICON_FORMAT}:${revision}:${sourceOrder}`;

const STRINGS: (keyof CompactLexicon)[] = [
  'core',
  'childStart',
  'termStart',
  'terms',
  'years',
  'ratings',
  'refs',
  'titles',
  'cues',
  'ids',
];

/** A stored record as a lexicon, or undefined when it is missing, of another format, or damaged. */
export function parsePersisted(v: unknown): PersistedLexicon | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { key, lexicon } = v as { key?: unknown; lexicon?: unknown };
  if (typeof key !== 'string' || typeof lexicon !== 'object' || lexicon === null) return undefined;
  const c = lexicon as Record<string, unknown>;
  if (c.format !== LEXICON_FORMAT || typeof c.revision !== 'number' || typeof c.count !== 'number')
    return undefined;
  if (!STRINGS.every((k) => typeof c[k] === 'string')) return undefined;
  return { key, lexicon: lexicon as CompactLexicon };
}

export class LexiconCache {
  constructor(private readonly access: MetaAccess) {}

  /** The persisted lexicon's key (a small read: the lexicon itself stays on disk). */
  async key(): Promise<string | undefined> {
    const k = await this.access.get(LEXICON_KEY_KEY);
    return typeof k === 'string' ? k : undefined;
  }

  async load(): Promise<PersistedLexicon | undefined> {
    return parsePersisted(await this.access.get(LEXICON_RECORD_KEY));
  }

  /** Both keys in one transaction: the key never names a lexicon that is not there. */
  async save(p: PersistedLexicon): Promise<void> {
    await this.access.putAll([
      [LEXICON_RECORD_KEY, { key: p.key, lexicon: p.lexicon }],
      [LEXICON_KEY_KEY, p.key],
    ]);
  }
}

/**
 * The cache on the review store's database, opened for each access and closed after it: the
 * engine's worker never holds a connection that would block a later version of the database.
 */
export function openLexiconCache(name = DB_NAME): LexiconCache {
  const withDb = async <T>(fn: (db: Database) => Promise<T>): Promise<T> => {
    const db = await openDatabase(name);
    try {
      return await fn(db);
    } finally {
      db.close();
    }
  };
  return new LexiconCache({
    get: (key) => withDb((db) => db.get('meta', key)),
    putAll: (items) =>
      withDb(async (db) => {
        const tx = db.transaction('meta', 'readwrite');
        for (const [key, value] of items) void tx.store.put(value, key);
        await tx.done;
      }),
  });
}
