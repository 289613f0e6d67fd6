/**
 * The content script's wiring, with its dependencies passed in (deps.ts) so it runs under tests
 * too: the page is read into digest pieces (page-reader.ts), sent to the extension's one engine
 * (engine-client.ts), and its answers written near the viewport (answer.ts, writer.ts); hovering a
 * mark shows the card (hover.ts); session.ts makes the engine client and the hover together. The
 * settings and corrections live in page-state.ts. No lexicon, matcher or scorer runs here.
 * Everything hangs off one lifecycle (WXT's ctx, lifecycle.ts): a site switched off, or the
 * extension reloaded, leaves the page as it was.
 */
import { adapterFor, GENERIC_ARTICLE, withTileFallback } from '../sites/registry';
import type { Settings } from '../settings';
import type { StoredChange } from '../storage-items';
import { writeAnswer } from './answer';
import type { ContentDeps } from './deps';
import type { EngineClient, Located } from './engine-client';
import { FoundFilms } from './found-films';
import type { CardPresenter, HoverController } from './hover';
import { PageReader } from './page-reader';
import { startPage } from './page-start';
import { PageState } from './page-state';
import { openSession } from './session';
import { Writer } from './writer';

export type { CardPresenter, ContentDeps };
export { BADGES_PER_FRAME, TEXT_WRITE_EVERY_MS } from './writer';

export class ContentApp {
  private active = false;
  private readonly state: PageState;
  private readonly found: FoundFilms;
  private readonly reader: PageReader;
  private readonly writer: Writer;
  private client?: EngineClient;
  private hover?: HoverController;

  constructor(private readonly deps: ContentDeps) {
    const { document, lifecycle, now } = deps;
    const host = deps.location.hostname;
    this.state = new PageState(host, () => deps.send('engine', {}));
    this.found = new FoundFilms({
      send: deps.send,
      host,
      topPage: () => deps.topPage?.(),
      reporting: () => this.reporting(),
    });
    this.reader = new PageReader({
      document,
      adapter: withTileFallback(deps.adapter ?? adapterFor(host) ?? GENERIC_ARTICLE, document),
      lifecycle,
      now,
      limits: deps.limits,
      readAheadObserver: deps.readAheadObserver,
      full: () => !!this.client?.full,
      send: (piece) => this.client?.send(piece),
      onWaiting: () => this.reportIfIdle(),
    });
    this.writer = new Writer({
      document,
      lifecycle,
      now,
      visibility: deps.visibility,
      mutations: this.reader.mutations,
      scanIdle: () => this.idle,
      options: () => this.state.writerOptions(),
    });
  }

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
    this.state.started(started);
    await this.applyEnabled();
  }

  /** Tell the background what this frame shows (the popup's site and films): not once orphaned. */
  private reporting(): boolean {
    return this.deps.reportFilms !== false && this.deps.lifecycle.valid;
  }

  /** Current settings (the card's display preferences); undefined until the page has started. */
  get currentSettings(): Settings | undefined {
    return this.state.settings;
  }

  private storedChanged(change: StoredChange): void {
    const { reread, restyle } = this.state.apply(change);
    if (reread && this.active) this.restart();
    if (!change.settings) return;
    if (restyle && this.active) this.stop();
    void this.applyEnabled();
  }

  private async applyEnabled(): Promise<void> {
    const { deps, state } = this;
    // Documents without a body (SVG, XML viewers) have no text for us.
    if (state.enabled && !this.active && deps.document.body && !deps.lifecycle.signal.aborted) {
      this.active = true;
      const session = openSession(deps, state, {
        onFound: (located, tiles) => this.answered(located, tiles),
        onReconnected: () => this.restart(),
      });
      const client = (this.client = session.client);
      this.hover = session.hover;
      if (!(await client.start()) || this.client !== client) return;
      this.begin();
    } else if (!state.enabled && this.active) this.stop();
  }

  private begin(): void {
    this.writer.start();
    this.reader.begin();
  }

  /** The page starts again on the same port: navigated in place, corrections changed, engine back. */
  private restart(): void {
    this.found.settle(false);
    this.reader.stop();
    this.writer.stop();
    this.found.clear();
    this.client?.restart();
    this.begin();
  }

  /** Remove marks, badges, the card and every observer: the page is as it was. */
  stop(): void {
    this.active = false;
    this.reader.stop();
    this.writer.stop();
    this.client?.close();
    this.client = undefined;
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
    if (!this.active || !this.reader.waiting) return Promise.resolve(false);
    const done = this.found.whenAllRead();
    this.reader.readAll();
    return done;
  }

  private answered(located: Located[], tiles: readonly { target: Element }[]): void {
    const { deps, state, found, writer } = this;
    const page = () => deps.pageUrl?.() ?? '';
    writeAnswer(located, tiles, {
      corrections: state.corrections,
      host: deps.location.hostname,
      page,
      found,
      writer,
    });
    this.reader.kick();
    this.writer.schedule();
    this.reportIfIdle();
  }

  /** One message when a scan is answered or waits (not one per piece): the popup's list of films. */
  private reportIfIdle(): void {
    if (!this.idle) return;
    const reported = this.found.report();
    // The popup asks the background for the list once it is told: after the report has landed.
    if (!this.reader.waiting && this.found.waiting) void reported.then(() => this.found.settle(true));
  }

  /** True when nothing is queued, being read, or waiting for the engine's answer. */
  get idle(): boolean {
    return this.reader.idle && !this.client?.pending;
  }

  /** Longest slice so far (ms) and how many ran (benchmarks, tests). */
  get longestSlice(): number {
    return this.reader.longestSlice;
  }
  get slices(): number {
    return this.reader.slices;
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
