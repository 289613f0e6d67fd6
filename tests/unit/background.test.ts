import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundService, BUNDLED_SOURCE_ID, type ServiceDeps } from '../../lib/background/service';
import { ReviewStore } from '../../lib/store/db';
import { makeIndexFile } from '../../lib/index/schema';
import { parseArticleFile } from '../../lib/index/article';
import { readRepo } from '../paths';
import type { MessageType, Request } from '../../lib/messaging/protocol';
import { callerOf, handle, receive, type Caller } from '../../lib/background/dispatch';
import { loadLexicon } from '../../lib/detect/lexicon';
import { createMatcher } from '../../lib/detect/matcher';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { addCorrection, CORRECTIONS_KEY, EMPTY_CORRECTIONS, saveCorrection } from '../../lib/corrections';

const seed = parseArticleFile('ballerina-2025.txt', readRepo('reviews', 'ballerina-2025.txt'), {
  meta: { year: 2025, aliases: ['From the World of John Wick: Ballerina'] },
}).entry;

function memorySession(): ServiceDeps['session'] {
  const data = new Map<string, unknown>();
  return {
    get: async (key) => (data.has(key) ? { [key]: data.get(key) } : {}),
    set: async (items) => {
      for (const [k, v] of Object.entries(items)) data.set(k, v);
    },
    remove: async (key) => {
      data.delete(key);
    },
  };
}

let n = 0;
const stores: ReviewStore[] = [];

function service(over: Partial<ServiceDeps> & { dbName?: string } = {}) {
  const dbName = over.dbName ?? `bg-${n++}`;
  const opened: string[] = [];
  const svc = new BackgroundService({
    openStore: async () => {
      opened.push(dbName);
      const s = await ReviewStore.open(dbName);
      stores.push(s);
      return s;
    },
    loadBundled: async () => JSON.parse(JSON.stringify(makeIndexFile({ name: 'Bundled' }, [seed]))),
    bundledVersion: '1.0.0',
    session: memorySession(),
    openReview: async () => undefined,
    ...over,
  });
  return { svc, dbName, opened };
}

/** A message from a content script in tab `tabId`. */
const ask = <K extends MessageType>(svc: BackgroundService, req: Request<K>, tabId?: number) =>
  handle(svc, req, { caller: 'content', tabId });
/** A message from the popup or the options page. */
const fromPage = <K extends MessageType>(svc: BackgroundService, req: Request<K>, caller: Caller = 'popup') =>
  handle(svc, req, { caller });

afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

describe('background service', () => {
  it('loads the bundled index on first use and answers lookups', async () => {
    const { svc } = service();
    const found = await ask(svc, { type: 'lookup', title: 'ballerina', year: 2025 });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      ref: 'bundled/ballerina-2025',
      sourceName: 'Bundled',
      sourceKind: 'bundled',
    });
    expect(found[0]!.entry.rating).toEqual({ value: 3.5, scale: 5 });
  });

  it('keeps recent lookups in memory, and drops them when another page changes the store', async () => {
    const { svc, dbName } = service();
    const first = await ask(svc, { type: 'lookup', title: 'Heat' });
    expect(first).toEqual([]);
    // The options page imports straight into IndexedDB with its own ReviewStore.
    const options = await ReviewStore.open(dbName);
    stores.push(options);
    await options.replaceSource({ id: 'import:imdb', name: 'IMDb', kind: 'import' }, [
      { ...seed, id: 'heat-1995', title: 'Heat', year: 1995, aliases: [] },
    ]);
    await expect
      .poll(async () => (await ask(svc, { type: 'lookup', title: 'HEAT' })).map((v) => v.ref))
      .toEqual(['import:imdb/heat-1995']);
    // A repeated lookup is answered from memory: the same stored entry, not a fresh read.
    const a = await ask(svc, { type: 'lookup', title: 'Heat' });
    const b = await ask(svc, { type: 'lookup', title: 'heat' });
    expect(b[0]!.entry).toBe(a[0]!.entry);
    await options.removeSource('import:imdb');
    await expect.poll(async () => (await ask(svc, { type: 'lookup', title: 'Heat' })).length).toBe(0);
  });

  it('reads the films a page reports found ahead of the hover, and forgets them on a change', async () => {
    const { svc, dbName } = service();
    const ref = 'bundled/ballerina-2025';
    await ask(svc, { type: 'reportFound', refs: [ref, 'bundled/missing'], host: 'example.org' }, 1);
    const first = await ask(svc, { type: 'getEntries', refs: [ref, 'bundled/missing'] });
    expect(first.map((v) => v.ref)).toEqual([ref]);
    const again = await ask(svc, { type: 'getEntries', refs: [ref] });
    expect(again[0]!.entry).toBe(first[0]!.entry);
    // A new bundled version rewrites the entry: the next hover reads the new one.
    const other = await ReviewStore.open(dbName);
    stores.push(other);
    await other.replaceSource({ id: BUNDLED_SOURCE_ID, name: 'Bundled', kind: 'bundled' }, [
      { ...seed, verdict: 'Changed.' },
    ]);
    await expect
      .poll(async () => (await ask(svc, { type: 'getEntries', refs: [ref] }))[0]!.entry.verdict)
      .toBe('Changed.');
  });

  it('builds one compact lexicon that finds titles and aliases, however many pages ask at once', async () => {
    const { svc } = service();
    // A cold start with a storm of pages: every one shares the one build.
    const all = await Promise.all(Array.from({ length: 12 }, () => svc.lexicon()));
    expect(svc.lexiconBuilds).toBe(1);
    expect(new Set(all.map((l) => l.lexicon)).size).toBe(1);
    const { key, lexicon: compact } = all[0]!;
    expect(key).toBe(await svc.lexiconKey());
    expect(compact.count).toBe(1);
    // What the engine does with it: load, then match text in one pass.
    const matcher = createMatcher(loadLexicon(compact));
    const found = (text: string) => matcher.find(text).map((m) => text.slice(m.start, m.end));
    expect(found('Ballerina opens Friday')).toEqual(['Ballerina']);
    expect(found('see From the World of John Wick: Ballerina now')).toEqual([
      'From the World of John Wick: Ballerina',
    ]);
    // Unchanged store: the same lexicon again, no build.
    expect((await svc.lexicon()).lexicon).toBe(compact);
    expect(svc.lexiconBuilds).toBe(1);
  });

  it('a broken bundled index in an update keeps the earlier entries and reports the error', async () => {
    const first = service();
    await fromPage(first.svc, { type: 'status' });
    const broken = service({
      dbName: first.dbName,
      bundledVersion: '2.0.0',
      loadBundled: async () => ({ format: 'marquee-index', version: 9 }),
    });
    const status = await fromPage(broken.svc, { type: 'status' });
    expect(status.entries).toBe(1);
    expect(status.error).toMatch(/bundled index: index header is invalid: .*format version must be 1/);
    const sources = await fromPage(broken.svc, { type: 'listSources' });
    expect(sources.find((s) => s.id === BUNDLED_SOURCE_ID)?.lastError).toMatch(/format version must be 1/);
    expect(await ask(broken.svc, { type: 'lookup', title: 'Ballerina' })).toHaveLength(1);
  });

  it('re-opens the store after a service-worker restart without reloading the bundle', async () => {
    let loads = 0;
    const loadBundled = async () => {
      loads++;
      return JSON.parse(JSON.stringify(makeIndexFile({ name: 'Bundled' }, [seed])));
    };
    const a = service({ loadBundled });
    await fromPage(a.svc, { type: 'status' });
    const b = service({ dbName: a.dbName, loadBundled });
    expect((await fromPage(b.svc, { type: 'status' })).entries).toBe(1);
    expect(loads).toBe(1);
  });

  it('keeps per-tab state: films found and the one last hovered, without losing concurrent updates', async () => {
    const { svc } = service();
    await Promise.all([
      ask(svc, { type: 'reportFound', refs: ['bundled/ballerina-2025'], host: 'example.org' }, 7),
      ask(svc, { type: 'hovered', ref: 'bundled/ballerina-2025' }, 7),
    ]);
    expect(await fromPage(svc, { type: 'getTabState', tabId: 7 })).toEqual({
      found: ['bundled/ballerina-2025'],
      host: 'example.org',
      lastHovered: 'bundled/ballerina-2025',
    });
    await svc.forgetTab(7);
    expect(await fromPage(svc, { type: 'getTabState', tabId: 7 })).toEqual({ found: [] });
  });

  it("lists a same-origin frame's films with the top page's, and drops them once the top page changes", async () => {
    const { svc } = service();
    const top = 'https://news.example/story';
    await ask(svc, { type: 'reportFound', refs: ['a/1'], host: 'news.example', page: top }, 3);
    await handle(
      svc,
      { type: 'reportFound', refs: ['a/2', 'a/1'], host: 'news.example', page: top },
      { caller: 'content', tabId: 3, frameId: 12 },
    );
    // A frame's report neither replaces the top page's list nor its host.
    expect(await fromPage(svc, { type: 'getTabState', tabId: 3 })).toEqual({
      found: ['a/1', 'a/2'],
      host: 'news.example',
      page: top,
    });
    // The tab moves on: the frame's list belonged to the earlier page.
    await handle(
      svc,
      { type: 'reportFound', refs: ['a/3'], host: 'news.example', page: `${top}-2` },
      { caller: 'content', tabId: 3, frameId: 0 },
    );
    expect((await fromPage(svc, { type: 'getTabState', tabId: 3 })).found).toEqual(['a/3']);
  });

  it('pageStart: reports the page and answers with settings, corrections and, only where marking is on, the ticket', async () => {
    const tickets: string[] = [];
    let sites: Record<string, boolean> = {};
    const corrections = addCorrection(EMPTY_CORRECTIONS, {
      kind: 'never',
      host: 'news.example',
      phrase: 'Heat',
    });
    const { svc } = service({
      getSettings: async () => ({ ...DEFAULT_SETTINGS, sites }),
      getCorrections: async () => corrections,
    });
    svc.useEngine({
      ticket: async () => {
        tickets.push('ticket');
        return { lexicon: 'k1', host: 'offscreen' };
      },
    });
    const top = 'https://news.example/story';
    expect(await ask(svc, { type: 'pageStart', host: 'news.example', page: top, report: true }, 4)).toEqual({
      settings: { ...DEFAULT_SETTINGS, sites },
      corrections,
      engine: { ok: true, value: { lexicon: 'k1', host: 'offscreen' } },
    });
    expect(await fromPage(svc, { type: 'getTabState', tabId: 4 })).toEqual({
      found: [],
      host: 'news.example',
      page: top,
    });
    // Off on this site: no ticket asked, and the popup still learns the tab's site.
    sites = { 'other.example': false };
    const off = await ask(svc, { type: 'pageStart', host: 'other.example', report: true }, 5);
    expect(off).toEqual({ settings: { ...DEFAULT_SETTINGS, sites }, corrections });
    expect(tickets).toEqual(['ticket']);
    expect((await fromPage(svc, { type: 'getTabState', tabId: 5 })).host).toBe('other.example');
    // report: false leaves the tab's state alone.
    await ask(svc, { type: 'pageStart', host: 'third.example', report: false }, 5);
    expect((await fromPage(svc, { type: 'getTabState', tabId: 5 })).host).toBe('other.example');
  });

  it('pageStart: storage that fails gives the defaults, an engine that fails says why', async () => {
    const { svc } = service({
      getSettings: () => Promise.reject(new Error('sync is down')),
      getCorrections: () => Promise.reject(new Error('local is down')),
    });
    expect(await ask(svc, { type: 'pageStart', host: 'news.example', report: true }, 6)).toEqual({
      settings: DEFAULT_SETTINGS,
      corrections: EMPTY_CORRECTIONS,
      engine: { ok: false, error: 'the detection engine is not running here' },
    });
  });

  it('parseStored: validates what a content script heard change, a corrupt field falling back to its default', async () => {
    const { svc } = service();
    expect(
      await ask(svc, {
        type: 'parseStored',
        settings: { value: { hoverDelay: 900, markStyle: 'neon' } },
        corrections: {},
      }),
    ).toEqual({ settings: { ...DEFAULT_SETTINGS, hoverDelay: 900 }, corrections: EMPTY_CORRECTIONS });
    expect(await ask(svc, { type: 'parseStored' })).toEqual({});
  });

  it('saveCorrection: a correction from a card is validated, then saved; bad input says why and saves nothing', async () => {
    const saved: unknown[] = [];
    const { svc } = service({
      saveCorrection: async (input) => {
        // The real saver (lib/corrections.ts) over a fake area, so its validation runs here too.
        await saveCorrection(area, input);
        saved.push(input);
      },
    });
    const stored: Record<string, unknown> = {};
    const area = {
      get: async (key: string) => ({ [key]: stored[key] }),
      set: async (items: Record<string, unknown>) => void Object.assign(stored, items),
    };
    const correction = { kind: 'never', host: 'news.example', phrase: 'Heat' } as const;
    expect(await ask(svc, { type: 'saveCorrection', correction }, 4)).toBeNull();
    expect(saved).toEqual([correction]);
    const bad = { kind: 'prefer', host: 'news.example', phrase: 'Heat', ref: 'no-slash' } as const;
    await expect(ask(svc, { type: 'saveCorrection', correction: bad }, 4)).rejects.toThrow(
      /not a correction/,
    );
    expect((stored[CORRECTIONS_KEY] as { items: unknown[] }).items).toHaveLength(1);
    expect(saved).toHaveLength(1);
  });

  it('rejects unknown message types with an error', async () => {
    const { svc } = service();
    await expect(receive(svc, { type: 'nope' }, { url: 'https://news.example/' }, BASE)).resolves.toEqual({
      ok: false,
      error: 'unknown message type "nope"',
    });
  });
});

const BASE = 'chrome-extension://abcdef/';

describe('message dispatch', () => {
  it('tells content scripts from the popup (as a popup or a tab) and the options page by URL', () => {
    expect(callerOf('https://news.example/story', BASE)).toBe('content');
    expect(callerOf('about:blank', BASE)).toBe('content');
    expect(callerOf(undefined, BASE)).toBe('content');
    expect(callerOf(`${BASE}popup.html`, BASE)).toBe('popup');
    expect(callerOf(`${BASE}popup.html?ref=bundled%2Fheat&tab=4`, BASE)).toBe('popup');
    expect(callerOf(`${BASE}options.html`, BASE)).toBe('options');
    expect(callerOf(`${BASE}other.html`, BASE)).toBeUndefined();
    // Another extension's page is not this extension's: it is held to the content messages.
    expect(callerOf('chrome-extension://other/options.html', BASE)).toBe('content');
  });

  it("answers a content script's messages and refuses it the popup's and options' ones", async () => {
    const { svc } = service();
    const page = { url: 'https://news.example/story', tab: { id: 5 }, frameId: 0 };
    const looked = await receive(svc, { type: 'lookup', title: 'Ballerina' }, page, BASE);
    expect(looked).toMatchObject({ ok: true, value: [{ ref: 'bundled/ballerina-2025' }] });
    for (const type of ['removeSource', 'listSources', 'getTabState', 'search'])
      expect(await receive(svc, { type, id: BUNDLED_SOURCE_ID, tabId: 5, query: 'b' }, page, BASE)).toEqual({
        ok: false,
        error: `"${type}" is not a message a content script may send`,
      });
    // The same request from the options page is answered.
    const sources = await receive(svc, { type: 'listSources' }, { url: `${BASE}options.html` }, BASE);
    expect(sources).toMatchObject({ ok: true, value: [{ id: BUNDLED_SOURCE_ID }] });
  });

  it('keeps the tab and frame of a content script, and answers errors as data', async () => {
    const { svc } = service();
    const frame = { url: 'https://news.example/embed', tab: { id: 9 }, frameId: 3 };
    const ref = 'bundled/ballerina-2025';
    await receive(svc, { type: 'reportFound', refs: [ref], host: 'news.example' }, frame, BASE);
    // Kept as frame 3's list of tab 9, which the popup shows with the top page's (none yet).
    expect(await fromPage(svc, { type: 'getTabState', tabId: 9 })).toEqual({ found: [ref] });
    expect(
      await receive(
        svc,
        { type: 'removeSource', id: BUNDLED_SOURCE_ID },
        { url: `${BASE}options.html` },
        BASE,
      ),
    ).toEqual({ ok: false, error: 'the bundled index can not be removed' });
  });

  it('leaves messages that are not requests to other listeners, and refuses unknown extension pages', async () => {
    const { svc } = service();
    expect(receive(svc, 'lookup', {}, BASE)).toBeUndefined();
    expect(receive(svc, null, {}, BASE)).toBeUndefined();
    expect(receive(svc, { type: 4 }, {}, BASE)).toBeUndefined();
    expect(await receive(svc, { type: 'status' }, { url: `${BASE}other.html` }, BASE)).toEqual({
      ok: false,
      error: `messages from ${BASE}other.html are not answered`,
    });
  });
});
