/**
 * Export everything, or one source, as a Marquee index file (the same format sources publish),
 * so an export can be re-imported or published as a subscription.
 */
import { makeIndexFile, type Entry, type IndexFile } from '../index/schema';
import type { ReviewStore } from '../store/db';

export async function exportIndex(
  store: ReviewStore,
  sourceId?: string,
  now = new Date(),
): Promise<IndexFile> {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  const take = (id: string, entry: Entry) => {
    // Ids are unique per source only; an export of everything must keep them unique too.
    let unique = id;
    for (let k = 2; seen.has(unique); k++) unique = `${id}-${k}`;
    seen.add(unique);
    entries.push(unique === entry.id ? entry : { ...entry, id: unique });
  };
  if (sourceId) {
    for (const s of await store.entriesOfSource(sourceId)) take(s.id, s.entry);
  } else {
    await store.forEach((s) => take(s.id, s.entry));
  }
  const name = sourceId ? ((await store.getSource(sourceId))?.name ?? sourceId) : 'Marquee export';
  return makeIndexFile({ name }, entries, now);
}

export function exportFileName(sourceId: string | undefined, now = new Date()): string {
  const what = sourceId ? sourceId.replace(/[^\w.-]+/g, '-') : 'all';
  return `marquee-${what}-${now.toISOString().slice(0, 10)}.json`;
}
