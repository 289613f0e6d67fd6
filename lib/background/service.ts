/**
 * Background logic, free of entry-point globals so tests can drive it: opens the store lazily
 * (an MV3 service worker may be stopped at any time and must re-open what it needs), makes sure the
 * bundled index is loaded, and does what the messages of lib/messaging/protocol.ts ask (the
 * handler maps in ./handlers route each message to one method here).
 */
import { validateIndex, describeRejected, type Entry } from '../index/schema';
import { buildFilmLexicon, type LexiconEntry } from '../detect/lexicon';
import { lexiconKeyOf } from '../engine/lexicon-cache';
import type { PersistedLexicon } from '../engine/engine';
import { buildSearchIndex, type SearchDoc, type SearchHit, type SearchIndex } from '../search';
import { DEFAULT_SETTINGS, marksOn, type Settings } from '../settings';
import { EMPTY_CORRECTIONS, type CorrectionInput, type Corrections } from '../corrections';
import type { FetchLike } from '../sources/fetch';
import { refreshAll, subscribe, type RefreshOutcome } from '../sources/subscriptions';
import { follow, refreshAnySource, type Prefetched } from '../feeds/follow';
import { orderBySource, orderSources } from '../sources/preference';
import { filmRefs, readFilms, viewsByFilm, type FilmCatalogue } from './films';
import { savePageReview, type SavedPageReview } from './page-review';
import { normalizeTitle } from '../text/normalize';
import { createLRU } from 'lru.min';
import { ReviewStore, refOf, type EntryRef, type StoredEntry, type SourceRecord } from '../store/db';
import type { Envelope, EntryView, FoundWhy, Protocol, TabState } from '../messaging/protocol';
import type { EngineTicket } from '../engine/protocol';

export const BUNDLED_SOURCE_ID = 'bundled';

export interface SessionStorageLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface ServiceDeps {
  openStore: () => Promise<ReviewStore>;
  /** Fetches the bundled index JSON shipped in the extension. */
  loadBundled: () => Promise<unknown>;
  /** Version of the shipped bundle (the extension version): reloaded when it changes. */
  bundledVersion: string;
  /** Per-tab state that must survive a service-worker restart but not the browser session. */
  session: SessionStorageLike;
  /** Shows the full review of `ref` (popup or extension page). */
  openReview: (ref: EntryRef, tabId?: number) => Promise<void>;
  // --- index sources ---
  /** fetch for subscribed indexes (the extension's own, with the granted host permissions). */
  fetch?: FetchLike;
  /** Settings (source order) for ordering views; defaults when absent. */
  getSettings?: () => Promise<Settings>;
  /** The reader's corrections (storage.local), for content scripts as they start; none when absent. */
  getCorrections?: () => Promise<Corrections>;
  /** Saves a reader's correction (storage.local; lib/corrections.ts saveCorrection validates it). */
  saveCorrection?: (input: CorrectionInput) => Promise<unknown>;
}

/** What the matcher needs of an entry: titles, year, rating, ids and a few names as evidence. */
export function lexiconEntry(ref: EntryRef, entry: Entry): LexiconEntry {
  return {
    ref,
    title: entry.title,
    aliases: entry.aliases,
    year: entry.year,
    rating: entry.rating,
    ids: entry.ids,
    people: [...entry.directors, ...entry.cast.slice(0, 4).map((c) => c.actor)],
    ...(entry.votes !== undefined ? { votes: entry.votes } : {}),
  };
}

/** Where a message came from: its tab and frame, when it came from a content script. */
export interface Sender {
  tabId?: number;
  /** 0 (or absent) for the top frame. */
  frameId?: number;
}

/**
 * The tab's films as the popup lists them: the top page's, then those of its same-origin frames
 * reported on the same top page (a frame's list from an earlier page of the tab is stale).
 */
export function withFrames(state: TabState): TabState {
  const { frames, ...rest } = state;
  if (!frames) return rest;
  const found = new Set(state.found);
  const why = { ...state.why };
  for (const frame of Object.values(frames))
    if (frame.page === state.page) {
      for (const ref of frame.refs) found.add(ref);
      for (const [ref, w] of Object.entries(frame.why ?? {})) if (!why[ref]) why[ref] = w;
    }
  return { ...rest, found: [...found].slice(0, 500), ...(Object.keys(why).length ? { why } : {}) };
}

/** The reported "how sure and why" of the first 500 refs, each checked: it comes from a page's script. */
export function foundWhy(refs: EntryRef[], why: unknown): Record<EntryRef, FoundWhy> {
  const out: Record<EntryRef, FoundWhy> = {};
  if (!why || typeof why !== 'object') return out;
  for (const ref of refs.slice(0, 500)) {
    const w = (why as Record<string, unknown>)[ref] as Partial<FoundWhy> | undefined;
    if (
      w &&
      typeof w.confidence === 'number' &&
      w.confidence >= 0 &&
      w.confidence <= 1 &&
      typeof w.reason === 'string'
    )
      out[ref] = { confidence: w.confidence, reason: w.reason.slice(0, 200) };
  }
  return out;
}

export class BackgroundService {
  private storePromise?: Promise<ReviewStore>;
  private lexiconBuild?: { key: string; lexicon: Promise<PersistedLexicon> };
  /** Lexicon builds so far (tests: one per store revision and source order, however many pages ask). */
  lexiconBuilds = 0;
  /** Where detection runs (lib/background/engine.ts), once the background has started it. */
  private engine?: { ticket(): Promise<EngineTicket> };
  private bundledError?: string;
  private searchCache?: { revision: number; index: Promise<SearchIndex> };

  constructor(private readonly deps: ServiceDeps) {}

  /** The store, opened once per worker lifetime, with the bundled index loaded. */
  store(): Promise<ReviewStore> {
    this.storePromise ??= (async () => {
      const store = await this.deps.openStore();
      // Any committed change, here or in the options page, outdates the in-memory caches.
      store.onChange(() => {
        this.generation++;
        this.lookupCache.clear();
        this.refCache.clear();
        this.dropSourcesCache();
      });
      await this.ensureBundled(store);
      return store;
    })().catch((error: unknown) => {
      this.storePromise = undefined; // let the next request try again
      throw error;
    });
    return this.storePromise;
  }

  /** Load the bundled index when it is missing or from an older version of the extension. */
  async ensureBundled(store: ReviewStore, force = false): Promise<void> {
    const source = await store.getSource(BUNDLED_SOURCE_ID);
    if (!force && source?.version === this.deps.bundledVersion && !source.lastError) return;
    try {
      const validated = validateIndex(await this.deps.loadBundled());
      await store.replaceSource(
        {
          id: BUNDLED_SOURCE_ID,
          name: validated.header.source.name,
          kind: 'bundled',
          updatedAt: Date.now(),
          checkedAt: Date.now(),
          version: this.deps.bundledVersion,
          rejected: validated.rejected.map(describeRejected),
        },
        validated.entries,
      );
      this.bundledError = undefined;
    } catch (error) {
      // Keep whatever was stored before; say what went wrong where options can show it.
      this.bundledError = `bundled index: ${(error as Error).message}`;
      if (source)
        await store.updateSourceRecord(BUNDLED_SOURCE_ID, {
          lastError: this.bundledError,
          checkedAt: Date.now(),
        });
      console.error('[marquee]', this.bundledError);
    }
  }

  /** The key of the lexicon the store holds now: its revision and the source order (a cheap read). */
  async lexiconKey(): Promise<string> {
    const store = await this.store();
    const [revision, order] = await Promise.all([store.revision(), this.sourceOrder()]);
    return lexiconKeyOf(revision, order.join(' '));
  }

  /**
   * The film lexicon the engine matches with (lib/engine), built once per index revision and
   * source order: pages that ask while it is built share the one build.
   */
  async lexicon(): Promise<PersistedLexicon> {
    const store = await this.store();
    const revision = await store.revision();
    const { catalogue, order } = await this.filmCatalogue();
    const key = lexiconKeyOf(revision, order);
    if (this.lexiconBuild?.key !== key) {
      this.lexiconBuilds++;
      const lexicon = Promise.resolve().then(() => {
        const started = performance.now();
        const built = { key, lexicon: buildFilmLexicon(catalogue.films, revision) };
        // One line per build, which `npm run bench:tab` counts (30 tabs opened at once should
        // cost one build): keep this wording wherever the lexicon is built.
        console.debug(
          `[marquee] lexicon built: ${catalogue.films.length} films, revision ${revision}, ${Math.round(performance.now() - started)} ms`,
        );
        return built;
      });
      const build = { key, lexicon };
      this.lexiconBuild = build;
      lexicon.catch(() => {
        if (this.lexiconBuild === build) this.lexiconBuild = undefined;
      });
    }
    return this.lexiconBuild.lexicon;
  }

  /** Detection runs here from now on: content scripts' `engine` requests get its tickets. */
  useEngine(engine: { ticket(): Promise<EngineTicket> }): void {
    this.engine = engine;
  }

  /** engine: make sure the engine runs with the current lexicon, and say which to ask for. */
  engineTicket(): Promise<EngineTicket> {
    if (!this.engine) return Promise.reject(new Error('the detection engine is not running here'));
    return this.engine.ticket();
  }

  /**
   * pageStart: the page reported, and what its content script starts with, read here so the page
   * pays one round trip instead of a storage read each, a report and a ticket request. A storage
   * read that fails gives the defaults (the page still starts); a ticket that fails says why.
   */
  async pageStart(
    from: Sender,
    { host, page, report }: Protocol['pageStart']['req'],
  ): Promise<Protocol['pageStart']['res']> {
    const reported = report
      ? this.reportFound(from, { refs: [], host, ...(page ? { page } : {}) }).catch(() => null)
      : null;
    const [settings, corrections] = await Promise.all([
      this.deps.getSettings?.().catch(() => undefined),
      this.deps.getCorrections?.().catch(() => undefined),
    ]);
    const start = { settings: settings ?? DEFAULT_SETTINGS, corrections: corrections ?? EMPTY_CORRECTIONS };
    const engine = marksOn(start.settings, host)
      ? await this.engineTicket().then(
          (value): Envelope<EngineTicket> => ({ ok: true, value }),
          (error: unknown): Envelope<EngineTicket> => ({
            ok: false,
            error: error instanceof Error ? error.message : String(error),
          }),
        )
      : undefined;
    await reported;
    return { ...start, ...(engine ? { engine } : {}) };
  }

  /** A correction from a card, saved for every page of its site or page. */
  async saveCorrection(input: CorrectionInput): Promise<null> {
    if (!this.deps.saveCorrection) throw new Error('corrections cannot be saved here');
    await this.deps.saveCorrection(input);
    return null;
  }

  /** The full source order (orderSources): preferred sources, then by kind and when added. */
  private async sourceOrder(): Promise<string[]> {
    const settings = (await this.deps.getSettings?.().catch(() => undefined)) ?? DEFAULT_SETTINGS;
    const sources = [...(await this.sourceRecords([])).values()];
    return orderSources(sources, settings.sourceOrder).map((s) => s.id);
  }

  /**
   * The store's entries as films (./films.ts), read again after any change to the store or to
   * the source order; concurrent callers share one read.
   */
  private filmsCache?: { generation: number; order: string; catalogue: Promise<FilmCatalogue> };
  private async filmCatalogue(): Promise<{ catalogue: FilmCatalogue; order: string }> {
    const store = await this.store();
    const ids = await this.sourceOrder();
    const order = ids.join(' ');
    const generation = this.generation;
    if (this.filmsCache?.generation !== generation || this.filmsCache.order !== order) {
      const catalogue = readFilms(store, ids, lexiconEntry);
      this.filmsCache = { generation, order, catalogue };
      catalogue.catch(() => {
        if (this.filmsCache?.catalogue === catalogue) this.filmsCache = undefined;
      });
    }
    return { catalogue: await this.filmsCache.catalogue, order };
  }

  /**
   * The search index, rebuilt when the store's revision changes. The build is shared by concurrent
   * queries (typing fast), and a failed build is retried on the next query.
   */
  async searchIndex(): Promise<SearchIndex> {
    const store = await this.store();
    const revision = await store.revision();
    if (this.searchCache?.revision !== revision) {
      const index = (async () => {
        const docs = new Map<EntryRef, SearchDoc>();
        await store.forEach((s) =>
          docs.set(refOf(s), {
            ref: refOf(s),
            title: s.entry.title,
            aliases: s.entry.aliases,
            year: s.entry.year,
            rating: s.entry.rating,
            verdict: s.entry.verdict,
          }),
        );
        // One result per film: its preferred source's entry, found by every source's titles.
        const { catalogue } = await this.filmCatalogue();
        const films: SearchDoc[] = [];
        for (const film of catalogue.films) {
          const doc = docs.get(film.ref);
          if (doc) films.push({ ...doc, aliases: film.aliases });
        }
        return buildSearchIndex(films);
      })();
      this.searchCache = { revision, index };
      index.catch(() => {
        if (this.searchCache?.index === index) this.searchCache = undefined;
      });
    }
    return this.searchCache.index;
  }

  /**
   * Views of stored entries, film by film in the order asked, each film's sources in the one
   * source order: a film's first view is the rating to show, the rest its "+N other ratings".
   */
  private async views(stored: StoredEntry[]): Promise<EntryView[]> {
    const sources = await this.sourceRecords(stored.map((s) => s.source));
    const views: EntryView[] = stored.map((s) => ({
      ref: refOf(s),
      entry: s.entry,
      sourceName: sources.get(s.source)?.name ?? s.source,
      sourceKind: sources.get(s.source)?.kind ?? 'import',
    }));
    const { catalogue } = await this.filmCatalogue();
    const order = await this.sourceOrder();
    const rank = new Map(orderBySource(views, order).map((v, i) => [v.ref, i]));
    return viewsByFilm(catalogue, views, (v) => rank.get(v.ref) ?? 0);
  }

  /** The stored entries of every source of the films `refs` name (getEntries, otherRatings). */
  private async filmEntries(refs: EntryRef[]): Promise<StoredEntry[]> {
    const { catalogue } = await this.filmCatalogue();
    return this.getStored(filmRefs(catalogue, refs));
  }

  /**
   * Recent lookups by normalised title and year, the least recently used dropped first: hovering
   * marks on a page asks for the same few films again and again, and an IndexedDB read costs
   * ~1–2 ms against a budget of 1 ms for the whole lookup. Emptied on every change to the store
   * (ReviewStore.onChange).
   */
  private lookupCache = createLRU<string, Promise<StoredEntry[]>>({ max: 2_000 });

  private async lookupStored(title: string, year?: number): Promise<StoredEntry[]> {
    const store = await this.store();
    const key = `${year ?? ''}|${normalizeTitle(title)}`;
    let found = this.lookupCache.get(key);
    if (!found) {
      found = store.lookup(title, year);
      const cached = found;
      cached.catch(() => {
        if (this.lookupCache.peek(key) === cached) this.lookupCache.delete(key);
      });
      this.lookupCache.set(key, found);
    }
    return found;
  }

  /**
   * Entries by ref, for the hover card's getEntries: filled ahead of time with the films a page
   * reports found, so hovering one is answered from memory. Emptied on every change.
   */
  private refCache = createLRU<EntryRef, StoredEntry | null>({ max: 5_000 });
  /** Bumped on every store change: a read that straddles one must not fill a cache. */
  private generation = 0;

  private async getStored(refs: EntryRef[]): Promise<StoredEntry[]> {
    const store = await this.store();
    const missing = [...new Set(refs.filter((ref) => !this.refCache.has(ref)))];
    if (missing.length) {
      const generation = this.generation;
      const found = new Map((await store.getMany(missing)).map((e) => [refOf(e), e]));
      if (generation === this.generation) {
        for (const ref of missing) {
          // A concurrent read (the prefetch and a hover) may have filled it first: keep that one.
          if (this.refCache.has(ref)) continue;
          this.refCache.set(ref, found.get(ref) ?? null);
        }
      } else return store.getMany(refs);
    }
    return refs.map((ref) => this.refCache.get(ref)).filter((e): e is StoredEntry => !!e);
  }

  // --- index sources: the logic lives in lib/sources; this wires it to the store. ---
  /**
   * Source records by id, cached: every hover needs their names, and a read per hover would cost
   * more than the lookup. Names change only through this service (which drops the cache); an
   * import from the options page makes a new id, and an unknown id reloads the cache.
   */
  private sourcesCache?: Promise<Map<string, SourceRecord>>;
  private async sourceRecords(ids: string[]): Promise<Map<string, SourceRecord>> {
    const load = async () => new Map((await (await this.store()).listSources()).map((s) => [s.id, s]));
    let map = await (this.sourcesCache ??= load());
    if (ids.some((id) => !map.has(id))) map = await (this.sourcesCache = load());
    return map;
  }
  private dropSourcesCache() {
    this.sourcesCache = undefined;
  }

  private refreshing = new Map<string, Promise<RefreshOutcome>>();

  /** One refresh per source at a time: a click during the scheduled refresh joins it. */
  refreshSource(id: string, prefetched?: Prefetched): Promise<RefreshOutcome> {
    const fetch = this.deps.fetch;
    if (!fetch) return Promise.reject(new Error('fetching indexes is not available here'));
    let running = this.refreshing.get(id);
    if (!running) {
      running = this.store()
        .then((store) => refreshAnySource(id, { store, fetch, ...(prefetched ? { prefetched } : {}) }))
        .finally(() => {
          this.refreshing.delete(id);
          this.dropSourcesCache();
        });
      this.refreshing.set(id, running);
    }
    return running;
  }

  /** The scheduled refresh (browser.alarms): every subscribed source, one after another. */
  async refreshAllSources(): Promise<RefreshOutcome[]> {
    const store = await this.store();
    const fetch = this.deps.fetch;
    if (!fetch) return [];
    return refreshAll({ store, fetch }, refreshAnySource).finally(() => this.dropSourcesCache());
  }

  /** Every source's entry of the film `ref` is one source's entry of, preferred source first. */
  async otherRatings(ref: EntryRef): Promise<EntryView[]> {
    return this.views(await this.filmEntries([ref]));
  }

  private async tabState(tabId: number): Promise<TabState> {
    const key = `tab:${tabId}`;
    return ((await this.deps.session.get(key))[key] as TabState | undefined) ?? { found: [] };
  }

  /** Read-modify-write of one tab's state, serialised so concurrent messages don't lose updates. */
  private tabWrites = new Map<number, Promise<void>>();
  private setTabState(
    tabId: number,
    patch: Partial<TabState> | ((state: TabState) => Partial<TabState>),
  ): Promise<void> {
    const key = `tab:${tabId}`;
    const previous = this.tabWrites.get(tabId) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const state = await this.tabState(tabId);
        await this.deps.session.set({
          [key]: { ...state, ...(typeof patch === 'function' ? patch(state) : patch) },
        });
      });
    this.tabWrites.set(tabId, next);
    void next.finally(() => {
      if (this.tabWrites.get(tabId) === next) this.tabWrites.delete(tabId);
    });
    return next;
  }

  /** Every source's views of the films `refs` name (the hover card, the popup's page list). */
  async filmViews(refs: EntryRef[]): Promise<EntryView[]> {
    return this.views(await this.filmEntries(refs));
  }

  /** The views of a title (and year) as a content script's tile fallback names it. */
  async lookup(title: string, year?: number): Promise<EntryView[]> {
    return this.views(await this.lookupStored(title, year));
  }

  /**
   * The films a frame found: read ahead so hovering any of them is answered from memory, and kept
   * as the tab's list (the top frame's) or as one frame's list beside it.
   */
  async reportFound(from: Sender, report: Protocol['reportFound']['req']): Promise<null> {
    const { refs, host, page } = report;
    const why = foundWhy(refs, report.why);
    void this.getStored(refs.slice(0, 500)).catch(() => undefined);
    if (from.tabId === undefined) return null;
    if (!from.frameId) {
      await this.setTabState(from.tabId, {
        found: refs.slice(0, 500),
        why: Object.keys(why).length ? why : undefined,
        host,
        page,
      });
    } else {
      const frameId = String(from.frameId);
      await this.setTabState(from.tabId, (state) => ({
        frames: {
          ...state.frames,
          [frameId]: { refs: refs.slice(0, 500), page, ...(Object.keys(why).length ? { why } : {}) },
        },
      }));
    }
    return null;
  }

  async hovered(from: Sender, ref: EntryRef): Promise<null> {
    if (from.tabId !== undefined) await this.setTabState(from.tabId, { lastHovered: ref });
    return null;
  }

  /** "Full review": remembered as the tab's last hovered film, so the popup opens on it. */
  async openReview(from: Sender, ref: EntryRef): Promise<null> {
    if (from.tabId !== undefined) await this.setTabState(from.tabId, { lastHovered: ref });
    await this.deps.openReview(ref, from.tabId);
    return null;
  }

  /** A tab's state as the popup shows it, frames included. */
  async tabView(tabId: number): Promise<TabState> {
    return withFrames(await this.tabState(tabId));
  }

  async listSources(): Promise<SourceRecord[]> {
    this.dropSourcesCache(); // options reload the list after an import: names may be new
    return (await this.store()).listSources();
  }

  async status(): Promise<Protocol['status']['res']> {
    const store = await this.store();
    return {
      entries: await store.count(),
      sources: (await store.listSources()).length,
      ...(this.bundledError ? { error: this.bundledError } : {}),
    };
  }

  /** The popup's search box; the query and limit are clamped, as a typed query can be any size. */
  async search(query: string, limit?: number): Promise<SearchHit[]> {
    const index = await this.searchIndex();
    return index.search(String(query).slice(0, 200), Math.min(Math.max(1, limit ?? 20), 100));
  }

  /** Subscribe to an index URL and load it now; a failed first load adds nothing and rejects. */
  async addSource(input: { url: string; name?: string }): Promise<SourceRecord> {
    // A failed first load removes the source again: the caches must not keep it either.
    const loaded = subscribe(await this.store(), input, (id) => this.refreshSource(id));
    return loaded.finally(() => this.dropSourcesCache());
  }

  /** Follow a site, feed or Letterboxd member and load it now; a failed first load adds nothing and rejects. */
  async followSource(input: { input: string; name?: string }): Promise<SourceRecord> {
    const fetch = this.deps.fetch;
    if (!fetch) throw new Error('fetching feeds is not available here');
    const loaded = follow(await this.store(), input, { fetch }, (id, prefetched) =>
      this.refreshSource(id, prefetched),
    );
    return loaded.finally(() => this.dropSourcesCache());
  }

  async removeSource(id: string): Promise<null> {
    if (id === BUNDLED_SOURCE_ID) throw new Error('the bundled index can not be removed');
    await (await this.store()).removeSource(id);
    this.dropSourcesCache();
    return null;
  }

  /** "Add this review": the page's HTML, read here with the article parsers, saved as a source. */
  async savePageReview(page: { url: string; html: string }): Promise<SavedPageReview> {
    return savePageReview(await this.store(), page);
  }

  /** Forget a closed tab's state. */
  async forgetTab(tabId: number): Promise<void> {
    await this.deps.session.remove(`tab:${tabId}`);
  }
}
