import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { ReviewStore } from '../../lib/store/db';
import { generationOf, GENERATION_SPAN, type Generations } from '../../lib/store/generations';
import { MIGRATIONS } from '../../lib/store/migrations';
import { DB_VERSION } from '../../lib/store/schema';
import { film } from '../factories';

let store: ReviewStore;
let dbName: string;
let n = 0;

beforeEach(async () => {
  dbName = `test-${n++}`;
  store = await ReviewStore.open(dbName);
});
afterEach(() => store.close());

describe('review store', () => {
  it('loads a source and looks entries up by normalised title, alias and year', async () => {
    await store.replaceSource({ id: 'bundled', name: 'Bundled', kind: 'bundled' }, [
      film('ballerina-2025', 'Ballerina', {
        year: 2025,
        aliases: ['From the World of John Wick: Ballerina'],
      }),
      film('ballerina-2016', 'Ballerina', { year: 2016 }),
      film('amelie', 'Amélie'),
    ]);
    expect((await store.lookup('ballerina')).map((e) => e.id).sort()).toEqual([
      'ballerina-2016',
      'ballerina-2025',
    ]);
    expect((await store.lookup('BALLERINA', 2025)).map((e) => e.id)).toEqual(['ballerina-2025']);
    expect((await store.lookup('From the World of John Wick – Ballerina')).map((e) => e.id)).toEqual([
      'ballerina-2025',
    ]);
    expect((await store.lookup('Amelie')).map((e) => e.id)).toEqual(['amelie']);
    expect(await store.lookup('Heat')).toEqual([]);
    expect((await store.getSource('bundled'))?.count).toBe(3);
    expect((await store.get('bundled/amelie'))?.entry.title).toBe('Amélie');
  });

  it('replaces only the named source, and bumps the revision', async () => {
    await store.replaceSource({ id: 'a', name: 'A', kind: 'import' }, [film('x', 'Heat'), film('y', 'Up')]);
    await store.replaceSource({ id: 'b', name: 'B', kind: 'import' }, [film('x', 'Heat')]);
    const before = await store.revision();
    await store.replaceSource({ id: 'a', name: 'A', kind: 'import' }, [film('z', 'Her')]);
    expect(await store.revision()).toBe(before + 1);
    expect((await store.entriesOfSource('a')).map((e) => e.id)).toEqual(['z']);
    expect((await store.entriesOfSource('b')).map((e) => e.id)).toEqual(['x']);
    expect(await store.lookup('Up')).toEqual([]);
  });

  it('an interrupted replace leaves the earlier entries intact', async () => {
    await store.replaceSource({ id: 'a', name: 'A', kind: 'fetched' }, [film('x', 'Heat'), film('y', 'Up')]);
    // An entry whose key can't be stored (no id) makes IndexedDB fail midway through the writes.
    const broken = [film('z', 'Her'), { ...film('w', 'It'), id: undefined as unknown as string }];
    await expect(store.replaceSource({ id: 'a', name: 'A2', kind: 'fetched' }, broken)).rejects.toThrow();
    expect((await store.entriesOfSource('a')).map((e) => e.id).sort()).toEqual(['x', 'y']);
    expect((await store.getSource('a'))?.name).toBe('A');
    expect(await store.lookup('Her')).toEqual([]);
  });

  it('a staged refresh refuses an entry without an id or a repeated one, and keeps the earlier entries', async () => {
    await store.replaceSource({ id: 'a', name: 'A', kind: 'fetched' }, [film('x', 'Heat'), film('y', 'Up')]);
    const staged = (batches: ReturnType<typeof film>[][]) =>
      store.replaceSourceStaged('a', batches, () => ({ name: 'A2', kind: 'fetched' }));
    // The repeat comes in a later batch, after the first one's chunks were written.
    const many = Array.from({ length: 40 }, (_, i) => film(`f${i}`, `Film ${i}`));
    await expect(staged([many, [film('f3', 'Again')]])).rejects.toThrow(
      'duplicate id "f3"; nothing was saved',
    );
    const noId = { ...film('w', 'It'), id: '' };
    await expect(staged([[film('z', 'Her'), noId]])).rejects.toThrow('an entry has no id; nothing was saved');
    expect((await store.entriesOfSource('a')).map((e) => e.id).sort()).toEqual(['x', 'y']);
    expect((await store.getSource('a'))?.name).toBe('A');
    // A clean one goes in, ids in the order they came.
    await staged([many.slice(0, 20), many.slice(20)]);
    expect((await store.entriesOfSource('a')).map((e) => e.id)).toEqual(many.map((e) => e.id));
  });

  it('survives being re-opened (a restarted service worker)', async () => {
    await store.replaceSource({ id: 'a', name: 'A', kind: 'import' }, [film('x', 'Heat')]);
    store.close();
    store = await ReviewStore.open(dbName);
    expect((await store.lookup('heat')).map((e) => e.id)).toEqual(['x']);
  });

  it('removes a source with its entries', async () => {
    await store.replaceSource({ id: 'a', name: 'A', kind: 'import' }, [film('x', 'Heat')]);
    await store.removeSource('a');
    expect(await store.count()).toBe(0);
    expect(await store.listSources()).toEqual([]);
  });

  it('sweeps, at open, what a refresh that died left staged, but not a refresh still running', async () => {
    await store.replaceSource({ id: 'a', name: 'A', kind: 'fetched' }, [film('x', 'Heat')]);
    store.close();
    // Two staged generations of "a" as a refresh writes them: one registered two hours ago (its
    // worker died), one a second ago (maybe running in another context). Neither is active.
    const raw = await openDB(dbName);
    const generations = (await raw.get('meta', 'generations')) as Generations;
    const dead = generations.next++;
    const live = generations.next++;
    generations.staged.set(dead, { source: 'a', at: Date.now() - 2 * 60 * 60 * 1000 });
    generations.staged.set(live, { source: 'a', at: Date.now() - 1000 });
    await raw.put('meta', generations, 'generations');
    for (const gen of [dead, live])
      for (let i = 0; i < 3; i++)
        await raw.put('chunks', {
          source: 'a',
          n: gen * GENERATION_SPAN + i,
          items: [{ id: `s${gen}-${i}`, entry: film(`s${gen}-${i}`, 'Heat'), keys: ['heat'] }],
          keys: ['heat'],
        });
    raw.close();

    store = await ReviewStore.open(dbName);
    // Never seen, staged or not.
    expect((await store.lookup('Heat')).map((e) => e.id)).toEqual(['x']);
    const check = await openDB(dbName);
    const keys = (await check.getAllKeys('chunks')) as unknown as [string, number][];
    const after = (await check.get('meta', 'generations')) as Generations;
    check.close();
    const gens = new Set(keys.map(([, k]) => generationOf(k)));
    expect(gens.has(dead)).toBe(false);
    expect(gens.has(live)).toBe(true);
    expect([...after.staged.keys()]).toEqual([live]);
  });
});

describe('review store upgrade', () => {
  it('regroups a version-1 database (one record per entry) into chunks, keeping every entry', async () => {
    const name = `v1-${n++}`;
    await new Promise<void>((ok, ko) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => {
        const db = req.result;
        const entries = db.createObjectStore('entries', { keyPath: ['source', 'id'] });
        entries.createIndex('by-key', 'keys', { multiEntry: true });
        entries.createIndex('by-source', 'source');
        db.createObjectStore('sources', { keyPath: 'id' });
        db.createObjectStore('meta');
        for (let i = 0; i < 150; i++)
          entries.put({ source: 'a', id: `f${i}`, entry: film(`f${i}`, `Film ${i}`), keys: [`film ${i}`] });
        entries.put({ source: 'b', id: 'heat', entry: film('heat', 'Heat'), keys: ['heat'] });
        db.createObjectStore('x'); // unrelated, to show the upgrade leaves other stores alone
      };
      req.onsuccess = () => {
        req.result.close();
        ok();
      };
      req.onerror = () => ko(req.error);
    });
    const upgraded = await ReviewStore.open(name);
    expect((await upgraded.entriesOfSource('a')).length).toBe(150);
    expect((await upgraded.lookup('Film 149')).map((e) => e.id)).toEqual(['f149']);
    expect((await upgraded.get('b/heat'))?.entry.title).toBe('Heat');
    upgraded.close();
  });

  it('drops the version-2 ref and source indexes and finds entries by ref through id tables', async () => {
    const name = `v2-${n++}`;
    await new Promise<void>((ok, ko) => {
      const req = indexedDB.open(name, 2);
      req.onupgradeneeded = () => {
        const db = req.result;
        const chunks = db.createObjectStore('chunks', { keyPath: ['source', 'n'] });
        chunks.createIndex('by-key', 'keys', { multiEntry: true });
        chunks.createIndex('by-ref', 'refs', { multiEntry: true });
        chunks.createIndex('by-source', 'source');
        db.createObjectStore('sources', { keyPath: 'id' }).put({
          id: 'a',
          name: 'A',
          kind: 'import',
          count: 40,
        });
        db.createObjectStore('meta');
        // 40 entries in chunks of 16, as version 2 wrote them.
        for (let c = 0; c * 16 < 40; c++) {
          const items = Array.from({ length: Math.min(16, 40 - c * 16) }, (_, i) => {
            const id = `f${c * 16 + i}`;
            return { id, entry: film(id, `Film ${c * 16 + i}`), keys: [`film ${c * 16 + i}`] };
          });
          chunks.put({
            source: 'a',
            n: c,
            items,
            keys: items.flatMap((it) => it.keys),
            refs: items.map((it) => `a/${it.id}`),
          });
        }
      };
      req.onsuccess = () => {
        req.result.close();
        ok();
      };
      req.onerror = () => ko(req.error);
    });
    const upgraded = await ReviewStore.open(name);
    expect((await upgraded.getMany(['a/f0', 'a/f17', 'a/f39', 'a/none'])).map((e) => e.id)).toEqual([
      'f0',
      'f17',
      'f39',
    ]);
    expect((await upgraded.lookup('Film 33')).map((e) => e.id)).toEqual(['f33']);
    // Writes after the upgrade keep the table in step.
    await upgraded.mergeIntoSource({ id: 'a', name: 'A', kind: 'import' }, [film('g', 'Gone')]);
    expect((await upgraded.get('a/g'))?.entry.title).toBe('Gone');
    expect((await upgraded.get('a/f39'))?.entry.title).toBe('Film 39');
    await upgraded.removeSource('a');
    expect(await upgraded.get('a/f0')).toBeUndefined();
    upgraded.close();
  });
  it('reads a version-3 database in place as generation 0, and writes later ones beside it', async () => {
    const name = `v3-${n++}`;
    await new Promise<void>((ok, ko) => {
      const req = indexedDB.open(name, 3);
      req.onupgradeneeded = () => {
        const db = req.result;
        const chunks = db.createObjectStore('chunks', { keyPath: ['source', 'n'] });
        chunks.createIndex('by-key', 'keys', { multiEntry: true });
        const sources = db.createObjectStore('sources', { keyPath: 'id' });
        const meta = db.createObjectStore('meta');
        // Source "a": 40 entries in chunks of 16 with its id table; "b": one; as version 3 wrote.
        for (const [source, count] of [
          ['a', 40],
          ['b', 1],
        ] as const) {
          sources.put({ id: source, name: source.toUpperCase(), kind: 'import', count });
          const ids: string[] = [];
          for (let c = 0; c * 16 < count; c++) {
            const items = Array.from({ length: Math.min(16, count - c * 16) }, (_, i) => {
              const id = `${source}${c * 16 + i}`;
              ids.push(id);
              return { id, entry: film(id, `Film ${id}`), keys: [`film ${id}`] };
            });
            chunks.put({ source, n: c, items, keys: items.flatMap((it) => it.keys) });
          }
          meta.put({ size: 16, ids }, `ids:${source}`);
        }
        meta.put(7, 'revision');
      };
      req.onsuccess = () => {
        req.result.close();
        ok();
      };
      req.onerror = () => ko(req.error);
    });
    const upgraded = await ReviewStore.open(name);
    const generations = await upgraded.getMeta<Generations>('generations');
    expect([...(generations?.active ?? [])].sort()).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    expect((await upgraded.lookup('Film a33')).map((e) => e.id)).toEqual(['a33']);
    expect((await upgraded.getMany(['a/a0', 'a/a17', 'a/a39', 'b/b0'])).map((e) => e.id)).toEqual([
      'a0',
      'a17',
      'a39',
      'b0',
    ]);
    expect((await upgraded.entriesOfSource('a')).length).toBe(40);
    let walked = 0;
    await upgraded.forEach(() => walked++);
    expect(walked).toBe(41);
    expect(await upgraded.revision()).toBe(7);

    // A merge writes generation 1 of "a" and deletes generation 0 in the same transaction.
    await upgraded.mergeIntoSource({ id: 'a', name: 'A', kind: 'import' }, [film('g', 'Gone')]);
    expect((await upgraded.get('a/g'))?.entry.title).toBe('Gone');
    expect((await upgraded.get('a/a39'))?.entry.title).toBe('Film a39');
    expect((await upgraded.entriesOfSource('a')).length).toBe(41);
    const raw = await openDB(name);
    const keys = (await raw.getAllKeys('chunks')) as unknown as [string, number][];
    raw.close();
    expect(new Set(keys.filter(([s]) => s === 'a').map(([, n]) => generationOf(n)))).toEqual(new Set([1]));
    expect(keys.filter(([s]) => s === 'b')).toEqual([['b', 0]]);
    await upgraded.removeSource('a');
    expect(await upgraded.get('a/a0')).toBeUndefined();
    expect((await upgraded.lookup('Film b0')).map((e) => e.id)).toEqual(['b0']);
    upgraded.close();
  });

  it('has a chain of migration steps from every earlier version to the current one', () => {
    for (let from = 0; from < DB_VERSION; from++) {
      const path: number[] = [from];
      for (let v = from; v < DB_VERSION;) {
        const step = MIGRATIONS.find((m) => m.from === v);
        expect(step, `a step from version ${v}`).toBeDefined();
        expect(step!.to, `the step from version ${v} moves forward`).toBeGreaterThan(v);
        v = step!.to;
        path.push(v);
      }
      expect(path.at(-1)).toBe(DB_VERSION);
    }
  });
});
