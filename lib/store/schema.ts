/**
 * What the review store keeps, in which object stores: the record types the rest of the extension
 * sees (sources, stored entries, refs) and the IndexedDB schema the store modules share.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Entry } from '../index/schema';
import type { FeedState } from '../feeds/types';

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
  /** A followed feed (RSS, Atom, JSON Feed, WordPress, Letterboxd), refreshed by lib/feeds/follow.ts. */
  feed?: FeedState;
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

/** One stored record: up to CHUNK_SIZE entries of one source (see chunks.ts). */
export interface ChunkRecord {
  source: string;
  n: number;
  items: { id: string; entry: Entry; keys: string[] }[];
  /** Every title key of the items (multi-entry index "by-key"). */
  keys: string[];
  /** Version 2 only: every "source/id" ref of the items (its index "by-ref" is gone, see idsKey). */
  refs?: EntryRef[];
}

export interface MarqueeDB extends DBSchema {
  chunks: {
    key: [string, number];
    value: ChunkRecord;
    indexes: { 'by-key': string };
  };
  sources: { key: string; value: SourceRecord };
  meta: { key: string; value: unknown };
}

export type Database = IDBPDatabase<MarqueeDB>;
export type WriteTx = IDBPTransaction<MarqueeDB, StoreNames<MarqueeDB>[], 'readwrite'>;
export type UpgradeTx = IDBPTransaction<MarqueeDB, StoreNames<MarqueeDB>[], 'versionchange'>;

/** The meta store as the modules use it, whichever transaction it comes from. */
export interface MetaReader {
  get(k: string): Promise<unknown>;
}
export interface MetaStore extends MetaReader {
  put(v: unknown, k: string): Promise<unknown>;
}

export const DB_NAME = 'marquee';
export const DB_VERSION = 4;

/**
 * Meta key of a source's id table: `{ size, ids }`, entry i in chunk floor(i / size) of the active
 * generation (a gap is "", never an id). Written in the same transaction that makes it active.
 */
export const idsKey = (source: string) => `ids:${source}`;
export interface IdTable {
  size: number;
  ids: string[];
}

/** Meta key of the revision: bumped with every change of an active generation, in its transaction. */
export const REVISION_KEY = 'revision';
/** Meta key of the normalisation version the title keys were computed with. */
export const NORMALIZE_VERSION_KEY = 'normalizeVersion';

export async function readRevision(meta: MetaReader): Promise<number> {
  return ((await meta.get(REVISION_KEY)) as number | undefined) ?? 0;
}

export async function bumpRevision(meta: MetaStore): Promise<void> {
  await meta.put((await readRevision(meta)) + 1, REVISION_KEY);
}
