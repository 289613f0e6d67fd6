/**
 * The content script's wiring, with its dependencies passed in so it runs under tests too: the
 * page is read into its digest in idle-time slices (slicer.ts over lib/detect/collect.ts), sent to
 * the extension's one engine (engine-client.ts), and its answers written near the viewport
 * (writer.ts); mutations queue what to read again (mutation-queue.ts); hovering a mark shows the
 * card (hover.ts). No lexicon, matcher or scorer runs here. Everything hangs off one lifecycle
 * (WXT's ctx, lifecycle.ts): a site switched off, or the extension reloaded, leaves the page as it was.
 */
import { createCollector } from '../detect/collect';
import type { Collector, DigestLimits } from '../detect/digest';
import type { PortLike } from '../engine/protocol';
import { adapterFor, GENERIC_ARTICLE, withTileFallback } from '../sites/registry';
import type { SiteAdapter } from '../sites/types';
import { marksOn, type Settings } from '../settings';
import type { Envelope, Protocol } from '../messaging/protocol';
import type { EngineTicket } from '../engine/protocol';
import { EMPTY_CORRECTIONS, type Corrections } from '../corrections';
import type { StoredChange } from '../storage-items';
import { HoverController, type CardPresenter } from './hover';
import type { Visibility } from './visible';
import type { Lifecycle } from './lifecycle';
import { MutationQueue } from './mutation-queue';
import { Slicer } from './slicer';
import { createReadAhead, type ReadAhead } from './read-ahead';
import type { DigestBuilder } from '../detect/digest';
import { FoundFilms } from './found-films';
import { corrected } from './corrected';
import { startPage } from './page-start';
import { EngineClient, type Located } from './engine-client';
import { Writer } from './writer';
import type { TileMark } from './marks';

export type { CardPresenter };
export { BADGES_PER_FRAME, TEXT_WRITE_EVERY_MS } from './writer';

export interface ContentDeps {
  document: Document;
  location: { hostname: string; href?: string };
  lifecycle: Lifecycle;
  /**
   * Settings or corrections changed (storage.onChanged, one listener for both). The values the
   * script starts with come in the pageStart answer instead.
   */
  onStoredChange: (fn: (change: StoredChange) => void) => void;
  send: <K extends keyof Protocol>(type: K, req: Protocol[K]['req']) => Promise<Protocol[K]['res']>;
  /** runtime.connect: the port to the engine. */
  connect: (name: string) => PortLike;
  /** The extension is still there (runtime.id); false once it was reloaded or removed. */
  extensionAlive?: () => boolean;
  card: () => CardPresenter;
  now?: () => number;
  /** The site adapter; default: the registry's for this host, else the generic one. */
  adapter?: SiteAdapter;
  /** The page's URL, for corrections that hide a title on one page. */
  pageUrl?: () => string;
  /** Tell the background which films the page shows (the popup's list); false keeps them to itself. */
  reportFilms?: boolean;
  /** The top page's URL as this frame sees it: a frame's films join the tab's only for that page. */
  topPage?: () => string | undefined;
  /** Which elements are near the viewport (visible.ts); default: all. */
  visibility?: () => Visibility;
  visible?: () => boolean;
  onVisibilityChange?: (fn: () => void) => void;
  /** Navigation inside a single-page app: the page starts again (a new generation). */
  onLocationChange?: (fn: () => void) => void;
  /** The collector's bounds (digest.ts DIGEST_LIMITS by default). */
  limits?: Partial<DigestLimits>;
  /**
   * Read only a few screens ahead of the viewport (read-ahead.ts), more as the reader scrolls;
   * without an observer the whole page is read at once.
   */
  readAheadObserver?: typeof IntersectionObserver;
}

/** A tile that names no film (its badge, if any, comes off). */
const noFilm = (target: Element): TileMark => ({
  kind: 'tile',
  target,
  key: '',
  text: '',
  refs: [],
  ratings: [],
  confidence: 0,
  reason: '',
});

export class ContentApp {
  private settings?: Settings;
  private active = false;
  private corrections: Corrections = EMPTY_CORRECTIONS;
  /** The engine ticket that came with pageStart: the first ticket() answers with it. */
  private startTicket?: Envelope<EngineTicket>;
  private readonly found: FoundFilms;
  private hover?: HoverController;
  private collector?: Collector;
  private firstScan = true;
  private readonly mutations: MutationQueue;
  private readonly slicer: Slicer;
  private readonly writer: Writer;
  private client?: EngineClient;
  private readonly readAhead?: ReadAhead<DigestBuilder>;
  /** The last scan stopped at the digest's bounds (a page too big to read whole). */
  truncated = false;

  constructor(private readonly deps: ContentDeps) {
    const { document: doc, lifecycle, now } = deps;
    this.found = new FoundFilms({
      send: deps.send,
      host: deps.location.hostname,
      topPage: () => deps.topPage?.(),
      reporting: () => this.reporting(),
    });
    const adapter = (this.adapter = withTileFallback(
      deps.adapter ?? adapterFor(deps.location.hostname) ?? GENERIC_ARTICLE,
      doc,
    ));
    this.mutations = new MutationQueue({
      document: doc,
      attributes: adapter.tiles.flatMap((t) => t.watchAttributes ?? []),
      onQueued: () => this.slicer.kick(),
    });
    if (deps.readAheadObserver)
      this.readAhead = createReadAhead<DigestBuilder>({
        IntersectionObserver: deps.readAheadObserver,
        onNear: (builder) => this.slicer.resume(builder),
      });
    this.slicer = new Slicer({
      lifecycle,
      now,
      ...(this.readAhead ? { readAhead: this.readAhead } : {}),
      onWaiting: () => this.reportIfIdle(),
      full: () => !!this.client?.full,
      next: () => {
        const roots = this.mutations.take();
        if (!roots.length || !this.collector) return undefined;
        const builder = this.collector.scan(roots, { page: this.firstScan });
        this.firstScan = false;
        return builder;
      },
      send: (piece) => {
        if (piece.digest.truncated && !this.truncated) {
          this.truncated = true;
          console.info('[marquee] this page is larger than Marquee reads: its first part only was read');
        }
        this.client?.send(piece);
      },
    });
    this.writer = new Writer({
      document: doc,
      lifecycle,
      now,
      visibility: deps.visibility,
      mutations: this.mutations,
      scanIdle: () => this.idle,
      options: () => ({
        badges: this.settings?.markStyle === 'badge',
        scale: this.settings?.ratingScale ?? 'stars',
        spoilerSafe: !!this.settings?.spoilerSafe,
        dimBelow: this.settings?.dimBelow ?? 0,
      }),
    });
  }

  private readonly adapter: SiteAdapter;

  /** Start on this page (page-start.ts): the settings, corrections and ticket in one answer. */
  async start(): Promise<void> {
    const { deps } = this;
    deps.onVisibilityChange?.(() => this.client?.setVisible(deps.visible?.() ?? true));
    deps.onLocationChange?.(() => this.active && this.restart());
    deps.lifecycle.signal.addEventListener('abort', () => this.stop(), { once: true });
    const page = deps.topPage?.();
    const started = await startPage(
      {
        onStoredChange: deps.onStoredChange,
        send: deps.send,
        host: deps.location.hostname,
        ...(page ? { page } : {}),
        report: this.reporting(),
      },
      (change) => this.storedChanged(change),
    );
    if (!started) return;
    this.settings = started.settings;
    this.corrections = started.corrections;
    this.startTicket = started.ticket;
    await this.applyEnabled();
  }

  /** Tell the background what this frame shows (the popup's site and films): not once orphaned. */
  private reporting(): boolean {
    return this.deps.reportFilms !== false && this.deps.lifecycle.valid;
  }

  /** The engine ticket: the one that came with the page's start once, then the background's. */
  private ticket(): Promise<EngineTicket> {
    const given = this.startTicket;
    this.startTicket = undefined;
    if (!given) return this.deps.send('engine', {});
    return given.ok ? Promise.resolve(given.value) : Promise.reject(new Error(given.error));
  }

  /** Current settings (the card's display preferences); undefined until the page has started. */
  get currentSettings(): Settings | undefined {
    return this.settings;
  }

  private storedChanged({ settings: s, corrections }: StoredChange): void {
    if (corrections) {
      this.corrections = corrections;
      if (this.active) this.restart();
    }
    if (!s) return;
    const was = this.settings;
    this.settings = s;
    const restyle = (['markStyle', 'minConfidence', 'ratingScale', 'dimBelow', 'spoilerSafe'] as const).some(
      (k) => was?.[k] !== s[k],
    );
    if (restyle && this.active) this.stop();
    void this.applyEnabled();
  }

  private enabled(): boolean {
    return !!this.settings && marksOn(this.settings, this.deps.location.hostname);
  }

  private async applyEnabled(): Promise<void> {
    const { deps } = this;
    // Documents without a body (SVG, XML viewers) have no text for us.
    if (this.enabled() && !this.active && deps.document.body && !deps.lifecycle.signal.aborted) {
      this.active = true;
      const client = (this.client = new EngineClient({
        ticket: () => this.ticket(),
        connect: deps.connect,
        minConfidence: () => this.settings?.minConfidence ?? 0.6,
        visible: () => deps.visible?.() ?? true,
        onFound: (found, tiles) => this.answered(found, tiles),
        onReconnected: () => this.restart(),
        onQuiet: (why) => console.info('[marquee] detection stopped on this page:', why),
        extensionAlive: deps.extensionAlive ?? (() => true),
        onOrphaned: () => deps.lifecycle.invalidate(),
        later: (fn, ms) => deps.lifecycle.later(fn, ms),
      }));
      this.hover = new HoverController({
        document: deps.document,
        signal: deps.lifecycle.signal,
        card: deps.card,
        send: deps.send,
        hoverDelay: () => this.settings?.hoverDelay ?? 300,
      });
      if (!(await client.start()) || this.client !== client) return;
      this.begin();
    } else if (!this.enabled() && this.active) this.stop();
  }

  /** Read the page from the start, as a new document to the engine (page facts first). */
  private begin(): void {
    this.collector = createCollector(this.deps.document, this.adapter, this.deps.limits);
    this.firstScan = true;
    this.truncated = false;
    this.writer.start();
    this.mutations.start();
    this.mutations.add(this.deps.document.body);
  }

  /** The page starts again on the same port: navigated in place, corrections changed, engine back. */
  private restart(): void {
    this.found.settle(false);
    this.slicer.reset();
    this.mutations.stop();
    this.writer.stop();
    this.found.clear();
    this.client?.restart();
    this.begin();
  }

  /** Remove marks, badges, the card and every observer: the page is as it was. */
  stop(): void {
    this.active = false;
    this.slicer.reset();
    this.mutations.stop();
    this.writer.stop();
    this.client?.close();
    this.client = undefined;
    this.collector = undefined;
    this.hover?.stop();
    this.hover = undefined;
    this.found.clear();
    this.found.settle(false);
  }

  /**
   * Read the rest of the page (the popup lists its films): true once what was waiting below the
   * viewport is read, answered and reported; false when nothing was waiting.
   */
  readAll(): Promise<boolean> {
    if (!this.active || !this.readAhead || !this.slicer.waiting) return Promise.resolve(false);
    const done = this.found.whenAllRead();
    this.readAhead.lift();
    return done;
  }

  /** The engine's answer to one piece: corrections applied, then written and listed. */
  private answered(found: Located[], tiles: { element: Element; target: Element }[]): void {
    const named = new Set<Element>();
    const page = () => this.deps.pageUrl?.() ?? '';
    for (const item of corrected(this.corrections, this.deps.location.hostname, page, found)) {
      const { d } = item;
      this.found.note(d.refs, d.confidence, d.reason);
      if ('node' in item) this.writer.textMark({ ...item.d, node: item.node, data: item.data });
      else if ('target' in item) {
        named.add(item.target);
        this.writer.tile({ ...item.d, target: item.target });
      }
    }
    // A tile of the piece that names no film now (a reused tile) loses its badge.
    for (const { target } of tiles) if (!named.has(target)) this.writer.tile(noFilm(target));
    this.slicer.kick();
    this.writer.schedule();
    this.reportIfIdle();
  }

  /** One message when a scan is answered or waits (not one per piece): the popup's list of films. */
  private reportIfIdle(): void {
    if (!this.idle) return;
    const reported = this.found.report();
    // The popup asks the background for the list once it is told: after the report has landed.
    if (!this.slicer.waiting && this.found.waiting) void reported.then(() => this.found.settle(true));
  }

  /** True when nothing is queued, being read, or waiting for the engine's answer. */
  get idle(): boolean {
    return !this.slicer.busy && this.mutations.size === 0 && !this.client?.pending;
  }

  /** Longest slice so far (ms) and how many ran (benchmarks, tests). */
  get longestSlice(): number {
    return this.slicer.longestSlice;
  }
  get slices(): number {
    return this.slicer.slices;
  }
  /** Where the engine runs (the background's last ticket). */
  get engineHost(): string | undefined {
    return this.client?.host;
  }

  keepOpen(inside: boolean): void {
    this.hover?.keepOpen(inside);
  }

  closeCard(): void {
    this.hover?.close();
  }
}
