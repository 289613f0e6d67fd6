import { describe, expect, it } from 'vitest';
import { BackgroundService } from '@/lib/background/service';
import { handle } from '@/lib/background/dispatch';
import { ReviewStore } from '@/lib/store/db';
import { INDEX_FORMAT, INDEX_VERSION, type Entry } from '@/lib/index/schema';

const film = (id: string, title: string, year: number): Entry => ({
  id,
  title,
  year,
  aliases: [],
  cast: [],
  directors: [],
  crew: [],
  source: { name: 'Test' },
});

let n = 0;

async function service() {
  const store = await ReviewStore.open(`search-${n++}`);
  const entries = [film('ballerina-2025', 'Ballerina', 2025)];
  const svc = new BackgroundService({
    openStore: async () => store,
    loadBundled: async () => ({
      format: INDEX_FORMAT,
      version: INDEX_VERSION,
      source: { name: 'Bundled' },
      generatedAt: '2025-01-01',
      count: entries.length,
      entries,
    }),
    bundledVersion: '1',
    session: { get: async () => ({}), set: async () => undefined, remove: async () => undefined },
    openReview: async () => undefined,
  });
  return { svc, store };
}

describe('the search message', () => {
  it('answers from an index over the whole store, rebuilt when the store changes', async () => {
    const { svc, store } = await service();
    const hits = await handle(svc, { type: 'search', query: 'balerina' }, { caller: 'popup' });
    expect(hits.map((h) => h.ref)).toEqual(['bundled/ballerina-2025']);
    expect(await handle(svc, { type: 'search', query: 'godfather' }, { caller: 'popup' })).toEqual([]);
    const first = await svc.searchIndex();
    expect(await svc.searchIndex()).toBe(first); // cached while the revision stands
    await store.replaceSource({ id: 'imp', name: 'Import', kind: 'import' }, [
      film('gf', 'The Godfather', 1972),
    ]);
    expect(
      (await handle(svc, { type: 'search', query: 'godfahter' }, { caller: 'popup' })).map((h) => h.ref),
    ).toEqual(['imp/gf']);
    expect(await svc.searchIndex()).not.toBe(first);
    store.close();
  });

  it('caps the limit and the query length', async () => {
    const { svc, store } = await service();
    expect(
      await handle(svc, { type: 'search', query: 'b'.repeat(10_000), limit: 10_000 }, { caller: 'popup' }),
    ).toEqual([]);
    expect(await handle(svc, { type: 'search', query: 'ball', limit: 0 }, { caller: 'popup' })).toHaveLength(
      1,
    );
    store.close();
  });
});
