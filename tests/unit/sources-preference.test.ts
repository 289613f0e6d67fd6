import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReviewStore } from '../../lib/store/db';
import { makeIndexFile, validateIndex, type Entry } from '../../lib/index/schema';
import { groupByFilm, orderBySource, orderSources, preferSource } from '../../lib/sources/preference';
import { ensureRefreshAlarm, REFRESH_ALARM, type AlarmsLike } from '../../lib/sources/schedule';
import { exportIndex } from '../../lib/sources/export';
import { BackgroundService } from '../../lib/background/service';
import { handle } from '../../lib/background/dispatch';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import type { EntryView } from '../../lib/messaging/protocol';
import { film as makeFilm } from '../factories';

const film = (id: string, title: string, extra: Partial<Entry> = {}): Entry =>
  makeFilm(id, title, { source: { name: 'T' }, ...extra });
const view = (ref: string, kind: EntryView['sourceKind'], entry: Entry): EntryView => ({
  ref,
  entry,
  sourceName: ref,
  sourceKind: kind,
});

describe('preferred source', () => {
  const heat = [
    view('bundled/heat', 'bundled', film('heat', 'Heat', { year: 1995 })),
    view('feed:x/heat', 'fetched', film('heat', 'Heat', { year: 1995 })),
    view(
      'import:imdb/imdb-tt0113277',
      'import',
      film('imdb-tt0113277', 'Heat', { year: 1995, ids: { imdb: 'tt0113277' } }),
    ),
  ];

  it('orders by the stated order, then own ratings, subscriptions, bundled', () => {
    expect(orderBySource(heat, []).map((v) => v.ref)).toEqual([
      'import:imdb/imdb-tt0113277',
      'feed:x/heat',
      'bundled/heat',
    ]);
    expect(orderBySource(heat, ['bundled', 'feed:x']).map((v) => v.ref)).toEqual([
      'bundled/heat',
      'feed:x/heat',
      'import:imdb/imdb-tt0113277',
    ]);
  });

  it('groups the same film across sources, but not a namesake from another year', () => {
    const views = [...heat, view('bundled/heat-1986', 'bundled', film('heat-1986', 'Heat', { year: 1986 }))];
    const groups = groupByFilm(orderBySource(views, []));
    expect(groups.map((g) => [g.primary.ref, g.others.length])).toEqual([
      ['import:imdb/imdb-tt0113277', 2],
      ['bundled/heat-1986', 0],
    ]);
  });

  it('orders sources own ratings first, then subscriptions as added, then bundled; Prefer moves one to the top', () => {
    const sources = [
      { id: 'bundled', kind: 'bundled' as const },
      { id: 'feed:b', kind: 'fetched' as const, addedAt: 20 },
      { id: 'feed:a', kind: 'fetched' as const, addedAt: 10 },
      { id: 'import:imdb', kind: 'import' as const, addedAt: 30 },
      { id: 'import:letterboxd', kind: 'import' as const, addedAt: 5 },
    ];
    const ids = (preferred: string[]) => orderSources(sources, preferred).map((s) => s.id);
    expect(ids([])).toEqual(['import:letterboxd', 'import:imdb', 'feed:a', 'feed:b', 'bundled']);
    // Prefer IMDb: it goes to the top, the others keep their order (Letterboxd stays above the feeds).
    const once = preferSource([], 'import:imdb');
    expect(ids(once)).toEqual(['import:imdb', 'import:letterboxd', 'feed:a', 'feed:b', 'bundled']);
    const twice = preferSource(once, 'feed:b');
    expect(ids(twice)).toEqual(['feed:b', 'import:imdb', 'import:letterboxd', 'feed:a', 'bundled']);
    expect(ids(preferSource(twice, 'import:imdb'))).toEqual([
      'import:imdb',
      'feed:b',
      'import:letterboxd',
      'feed:a',
      'bundled',
    ]);
  });
});

describe('refresh schedule', () => {
  it('creates the alarm once and re-creates it only when the period changes', async () => {
    const alarms = new Map<string, { name: string; periodInMinutes?: number }>();
    let creates = 0;
    const api: AlarmsLike = {
      get: async (name) => alarms.get(name),
      create: (name, info) => {
        creates++;
        alarms.set(name, { name, periodInMinutes: info.periodInMinutes });
      },
    };
    expect(await ensureRefreshAlarm(api, 24)).toBe(true);
    expect(await ensureRefreshAlarm(api, 24)).toBe(false);
    expect(alarms.get(REFRESH_ALARM)?.periodInMinutes).toBe(24 * 60);
    expect(await ensureRefreshAlarm(api, 6)).toBe(true);
    expect(creates).toBe(2);
  });
});

let store: ReviewStore;
let n = 0;
beforeEach(async () => {
  store = await ReviewStore.open(`pref-${n++}`);
});
afterEach(() => store.close());

describe('export', () => {
  it('exports one source or everything as a valid index with unique ids', async () => {
    await store.replaceSource({ id: 'a', name: 'A', kind: 'import' }, [
      film('heat', 'Heat'),
      film('up', 'Up'),
    ]);
    await store.replaceSource({ id: 'b', name: 'B', kind: 'fetched' }, [
      film('heat', 'Heat', { year: 1995 }),
    ]);
    const one = validateIndex(JSON.parse(JSON.stringify(await exportIndex(store, 'b'))));
    expect(one.header.source.name).toBe('B');
    expect(one.entries.map((e) => e.id)).toEqual(['heat']);
    const all = validateIndex(JSON.parse(JSON.stringify(await exportIndex(store))));
    expect(all.rejectedCount).toBe(0);
    expect(all.entries.map((e) => e.id).sort()).toEqual(['heat', 'heat-2', 'up']);
  });
});

describe('background: sources messages', () => {
  const body = JSON.stringify(
    makeIndexFile({ name: 'Critic' }, [
      film('heat-1995', 'Heat', { year: 1995, rating: { value: 8, scale: 10 } }),
    ]),
  );
  const service = (order: string[] = []) =>
    new BackgroundService({
      openStore: async () => store,
      loadBundled: async () => makeIndexFile({ name: 'Bundled' }, [film('heat', 'Heat', { year: 1995 })]),
      bundledVersion: '1',
      session: { get: async () => ({}), set: async () => undefined, remove: async () => undefined },
      openReview: async () => undefined,
      fetch: async () => new Response(body, { headers: { etag: '"1"' } }),
      getSettings: async () => ({ ...DEFAULT_SETTINGS, sourceOrder: order }),
    });

  it('adds a source, loads it, orders lookups by preference and removes it', async () => {
    const bg = service();
    const added = await handle(
      bg,
      { type: 'addSource', url: 'https://critic.test/index.json', name: 'Critic' },
      { caller: 'options' },
    );
    expect(added).toMatchObject({ name: 'Critic', kind: 'fetched', count: 1, etag: '"1"' });
    expect(added.lastError).toBeUndefined();
    const views = await handle(bg, { type: 'lookup', title: 'Heat', year: 1995 }, { caller: 'content' });
    expect(views.map((v) => v.sourceKind)).toEqual(['fetched', 'bundled']);
    const preferBundled = await handle(
      service(['bundled']),
      { type: 'lookup', title: 'Heat' },
      { caller: 'content' },
    );
    expect(preferBundled.map((v) => v.sourceKind)).toEqual(['bundled', 'fetched']);
    const others = await handle(bg, { type: 'otherRatings', ref: 'bundled/heat' }, { caller: 'popup' });
    expect(others.map((v) => v.entry.rating?.scale)).toEqual([10, undefined]);
    await handle(bg, { type: 'removeSource', id: added.id }, { caller: 'options' });
    expect((await handle(bg, { type: 'lookup', title: 'Heat' }, { caller: 'content' })).length).toBe(1);
    await expect(handle(bg, { type: 'removeSource', id: 'bundled' }, { caller: 'options' })).rejects.toThrow(
      /can not be removed/,
    );
  });
});

describe('permission prompt', () => {
  const mv3 = {
    manifest_version: 3,
    content_scripts: [{ matches: ['http://*/*', 'https://*/*'] }],
  };
  it('is skipped where the manifest already covers the host, shown otherwise', async () => {
    const { needsPermissionRequest } = await import('../../lib/sources/permissions');
    expect(needsPermissionRequest(new URL('https://critic.example/i.json'), mv3)).toBe(false);
    expect(needsPermissionRequest(new URL('http://127.0.0.1:8080/i.json'), mv3)).toBe(false);
    expect(
      needsPermissionRequest(new URL('https://critic.example/i.json'), { ...mv3, manifest_version: 2 }),
    ).toBe(true);
    const narrow = { manifest_version: 3, content_scripts: [{ matches: ['https://*.netflix.com/*'] }] };
    expect(needsPermissionRequest(new URL('https://www.netflix.com/i.json'), narrow)).toBe(false);
    expect(needsPermissionRequest(new URL('https://critic.example/i.json'), narrow)).toBe(true);
  });
});
