/**
 * Entries are kept in small chunks (CHUNK_SIZE entries per record, keyed by [source, chunk
 * number]) rather than one record per entry, because Chromium's IndexedDB pays per request: in
 * `npm run bench:sources` 50,000 single-entry puts took ~33 s of a subscription, 3,125 chunks
 * ~16 s. A multi-entry index over the chunks' normalised titles and aliases serves lookups, and a
 * table per source (its ids in chunk order, see IdTable) finds an entry's chunk from its ref: a
 * multi-entry index over every ref wrote 50,000 index rows with each 50k-entry import for one read
 * per hover.
 */
import { normalizeTitle } from '../text/normalize';
import type { Entry } from '../index/schema';
import { chunkNumber } from './generations';
import type { ChunkRecord, IdTable, StoredEntry } from './schema';

/** Small enough that a lookup reads little (one chunk per hit: ~2.6 ms at 16, ~6.6 ms at 64 in the bench), large enough to cut write requests 16× (50k entries: ~16 s vs ~33 s one per record). */
export const CHUNK_SIZE = 16;

export function titleKeys(entry: Entry): string[] {
  return [...new Set([entry.title, ...entry.aliases].map(normalizeTitle).filter(Boolean))];
}

/** The chunk's items with their title keys computed afresh (after normalisation changed). */
export function rekeyed(chunk: ChunkRecord): ChunkRecord {
  const items = chunk.items.map((it) => ({ ...it, keys: titleKeys(it.entry) }));
  return { ...chunk, items, keys: chunkKeys(items) };
}

const chunkKeys = (items: ChunkRecord['items']) => [...new Set(items.flatMap((it) => it.keys))];

function chunkOf(source: string, n: number, entries: Entry[]): ChunkRecord {
  const items = entries.map((entry) => ({ id: entry.id, entry, keys: titleKeys(entry) }));
  return { source, n, items, keys: chunkKeys(items) };
}

/** An entry is found by its id (refs, id tables), so one without is refused before anything is written. */
export function requireId(entry: Entry): void {
  if (typeof entry.id !== 'string' || !entry.id) throw new TypeError('an entry has no id; nothing was saved');
}

/**
 * The ids of a generation written batch by batch, in chunk order (its id table). Each is
 * required, and a repeat is refused rather than overwriting: its first entry may sit in a chunk
 * already committed. (A validated index has no repeats; chunkEntries, with all entries at hand,
 * keeps the last of a repeated id instead.)
 */
export class StagedIds {
  readonly ids = new Set<string>();

  add(entries: Entry[]): void {
    for (const entry of entries) {
      requireId(entry);
      if (this.ids.has(entry.id)) throw new TypeError(`duplicate id "${entry.id}"; nothing was saved`);
      this.ids.add(entry.id);
    }
  }
}

/**
 * Cuts the entries of one generation of a source into chunks, numbered in order, as they arrive:
 * all at once (an import) or batch by batch (a subscription parsed while it streams in).
 */
export class Chunker {
  private carry: Entry[] = [];
  private next = 0;

  constructor(
    private readonly source: string,
    private readonly gen: number,
  ) {}

  /** The chunks `entries` complete; a remainder short of CHUNK_SIZE waits for the next add or end. */
  add(entries: Entry[]): ChunkRecord[] {
    const carry = this.carry.length ? this.carry.concat(entries) : entries;
    const done: ChunkRecord[] = [];
    let at = 0;
    for (; carry.length - at >= CHUNK_SIZE; at += CHUNK_SIZE)
      done.push(this.chunk(carry.slice(at, at + CHUNK_SIZE)));
    this.carry = carry.slice(at);
    return done;
  }

  /** The last, shorter chunk, if entries remain. */
  end(): ChunkRecord[] {
    const last = this.carry;
    this.carry = [];
    return last.length ? [this.chunk(last)] : [];
  }

  private chunk(entries: Entry[]): ChunkRecord {
    return chunkOf(this.source, chunkNumber(this.gen, this.next++), entries);
  }
}

/**
 * Entries with unique ids, as chunks of `gen`. As with one record per entry keyed by [source, id]:
 * an id is required, and a repeated id overwrites the earlier one.
 */
export function chunkEntries(
  source: string,
  input: Entry[],
  gen: number,
): { chunks: ChunkRecord[]; entries: Entry[] } {
  const byId = new Map<string, Entry>();
  for (const entry of input) {
    requireId(entry);
    byId.set(entry.id, entry);
  }
  const entries = byId.size === input.length ? input : [...byId.values()];
  const chunker = new Chunker(source, gen);
  return { chunks: [...chunker.add(entries), ...chunker.end()], entries };
}

export const idTableOf = (entries: { id: string }[]): IdTable => ({
  size: CHUNK_SIZE,
  ids: entries.map((e) => e.id),
});

export const storedEntry = (c: ChunkRecord, it: ChunkRecord['items'][number]): StoredEntry => ({
  source: c.source,
  id: it.id,
  entry: it.entry,
  keys: it.keys,
});
