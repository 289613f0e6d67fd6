/**
 * The content script's logic, with its dependencies passed in so it runs under tests too:
 * load settings and the lexicon once, mark titles, watch for changes, show the card on hover.
 * Every listener, timer and observer hangs off one AbortSignal (WXT's ctx), so a disabled
 * site or an extension update leaves nothing behind.
 */
import { Lexicon as LoadedLexicon } from '../detect/lexicon';
import { pageEntriesOf } from '../detect/ids';
import { readPageFacts } from '../detect/page-facts';
import {
  BADGE_TAG,
  MARK_TAG,
  UI_TAG,
  SURE,
  createScanEnv,
  namedAgain,
  pageDetections,
  scanUnits,
  type Detection,
  type ScanEnv,
  type TextDetection,
  type TileDetection,
} from '../detect/scan';
import { adapterFor, GENERIC_ARTICLE, withTileFallback } from '../sites/registry';
import type { SiteAdapter } from '../sites/types';
import { FRAME_BATCH, FrameBatch } from './frame-batch';
import { EVERYWHERE, type Visibility } from './visible';
import { badgeOf, placeBadge, unwrapAll, wrapMatches } from './marks';
import { HoverController, type CardPresenter } from './hover';
import { isSiteEnabled, type Settings } from '../settings';
import type { FoundWhy, Lexicon, Protocol } from '../messaging/protocol';
import { applyCorrections, EMPTY_CORRECTIONS, type Corrections } from '../corrections';

export type { CardPresenter };

export interface ContentDeps {
  document: Document;
  location: { hostname: string; href?: string };
  signal: AbortSignal;
  getSettings: () => Promise<Settings>;
  onSettingsChanged: (fn: (s: Settings) => void) => void;
  send: <K extends keyof Protocol>(type: K, req: Protocol[K]['req']) => Promise<Protocol[K]['res']>;
  card: () => CardPresenter;
  /** Schedules the next slice of work (tests pass a manual scheduler). Default: idle callback. */
  schedule?: (run: () => void) => void;
  /** Clock for slicing (tests pass a fake one). */
  now?: () => number;
  /** The site adapter; default: the registry's for this host, else the generic one. */
  adapter?: SiteAdapter;
  // --- corrections ("Not this film?") ---
  /** The reader's corrections (browser.storage.local); none when omitted. */
  getCorrections?: () => Promise<Corrections>;
  onCorrectionsChanged?: (fn: (c: Corrections) => void) => void;
  /** The page's URL, for corrections that hide a title on one page. */
  pageUrl?: () => string;
  /** Tell the background which films the page shows (the popup's list); false keeps them to itself. */
  reportFilms?: boolean;
  /**
   * The top page's URL as this frame sees it (its own in the top frame): the background lists a
   * frame's films only while the top frame reports the same page.
   */
  topPage?: () => string | undefined;
  /**
   * Which tiles to badge yet (visible.ts): the content script passes one that waits for tiles to
   * come within a screen of the viewport. Default: every tile at once.
   */
  visibility?: () => Visibility;
}

/** Slice length for DOM work: long enough to make progress, short enough to never jank (uBlock: 4 ms). */
export const SLICE_MS = 5;
/** Longest slice taken from an idle period (the browser's idle periods last up to 50 ms). */
export const MAX_IDLE_SLICE_MS = 15;
/** More queued roots than this and a fresh scan of the page is cheaper than deduping them. */
export const RESCAN_AT = 400;
/**
 * Badges written in the first animation frame; later frames write more or fewer as the frames
 * before them ran short or long (lib/content/frame-batch.ts). Badges never go in with the scan's
 * slices: each frame with new badges pays a relayout of their container.
 */
export const BADGES_PER_FRAME = FRAME_BATCH.start;
/**
 * Text marks go in all at once, when a scan ends or at most this often during a long one. On an
 * article the cost is the other way round from badges: any frame with new marks re-lays the whole
 * article (in Chromium on the 1 MB bench page, 60 frames of marks took ~2.5 s of layout and
 * pre-paint, 5 frames ~0.4 s, 1 frame ~0.5 s), so the fewer frames with marks, the better.
 */
export const TEXT_WRITE_EVERY_MS = 1000;
/** Attributes adapters read titles from: a reused tile changes these, not its elements. */
const TITLE_ATTRIBUTES = ['aria-label', 'alt', 'title', 'href', 'data-title'];

interface QueuedText {
  d: TextDetection;
  data: string;
}

const OWN = new Set([MARK_TAG.toUpperCase(), UI_TAG.toUpperCase(), BADGE_TAG.toUpperCase()]);
const OWN_SELECTOR = `${MARK_TAG},${UI_TAG},${BADGE_TAG}`;

export class ContentApp {
  private env?: ScanEnv;
  private settings?: Settings;
  private active = false;
  private observer?: MutationObserver;
  private pending = new Set<Node>();
  /** The scan in progress: roots being worked through, unit by unit. */
  private job?: { roots: Node[]; current?: Generator<Detection[], void, void> };
  private flushScheduled = false;
  /** Films found on the page by ref, with the surest mention's confidence and reason. */
  private found = new Map<string, FoundWhy>();
  /** Lexicon entries named with confidence on this page (by id or in text): see namedAgain. */
  private named = new Set<number>();
  private reported = 0;
  private hover?: HoverController;
  /** Longest slice so far (ms), for benchmarks and tests. */
  longestSlice = 0;
  slices = 0;
  private corrections: Corrections = EMPTY_CORRECTIONS;
  /** Tiles found and waiting for their badge write (oldest first; `badgeHead` is the next). */
  private badgeQueue: TileDetection[] = [];
  private badgeHead = 0;
  /** Badges a frame, adapted to what the last frames cost (frame-batch.ts). */
  private readonly badgeBatch = new FrameBatch();
  /** Tiles near the viewport (replaced on every start, disconnected on stop). */
  private visible: Visibility = EVERYWHERE;
  /** The last write frame placed badges. */
  private wroteBadges = false;
  private writeScheduled = false;
  /** Text marks due for writing, each with its node's text when found (a changed node is skipped). */
  private textQueue: QueuedText[] = [];
  /**
   * Text marks found further than a screen from the viewport, by the element holding their text:
   * written as it comes near (see queueText). Their films are found and reported all the same.
   * Weak, like visible.ts's callbacks: text the page removes before it comes near is let go.
   */
  private textWaiting = new WeakMap<Element, QueuedText[]>();
  /** Text near the viewport (a second observer beside the tiles': replaced on start, disconnected on stop). */
  private textVisible: Visibility = EVERYWHERE;
  private lastTextWrite = 0;

  constructor(private readonly deps: ContentDeps) {}

  async start(): Promise<void> {
    const { signal } = this.deps;
    this.settings = await this.deps.getSettings();
    // --- corrections: loaded before the first scan; a change re-marks the page ---
    this.corrections =
      (await this.deps.getCorrections?.().catch(() => EMPTY_CORRECTIONS)) ?? EMPTY_CORRECTIONS;
    this.deps.onCorrectionsChanged?.((c) => {
      this.corrections = c;
      if (!this.active) return;
      this.stop();
      void this.applyEnabled();
    });
    // --- end corrections ---
    this.deps.onSettingsChanged((s) => {
      const restyle =
        this.settings &&
        (s.markStyle !== this.settings.markStyle ||
          s.minConfidence !== this.settings.minConfidence ||
          s.ratingScale !== this.settings.ratingScale ||
          s.dimBelow !== this.settings.dimBelow ||
          s.spoilerSafe !== this.settings.spoilerSafe);
      this.settings = s;
      if (restyle && this.active) this.stop();
      void this.applyEnabled();
    });
    signal.addEventListener('abort', () => this.stop(), { once: true });
    // One message per page: tells the popup which site this tab shows, even when Marquee is off here.
    this.report([]);
    await this.applyEnabled();
  }

  private report(refs: string[], why?: Record<string, FoundWhy>): void {
    if (this.deps.reportFilms === false) return;
    const page = this.deps.topPage?.();
    void this.deps
      .send('reportFound', {
        refs,
        host: this.deps.location.hostname,
        ...(page ? { page } : {}),
        ...(why ? { why } : {}),
      })
      .catch(() => undefined);
  }

  /** A detection shown (or a page id): its films join the popup's list, with how sure and why. */
  private noteFound(d: Detection): void {
    for (const ref of d.refs) {
      const known = this.found.get(ref);
      if (!known || d.confidence > known.confidence)
        this.found.set(ref, { confidence: d.confidence, reason: d.reason });
    }
  }

  private enabled(): boolean {
    return (
      !!this.settings &&
      this.settings.markStyle !== 'off' &&
      isSiteEnabled(this.settings, this.deps.location.hostname)
    );
  }

  private async applyEnabled(): Promise<void> {
    // Documents without a body (SVG, XML viewers) have no text for us.
    if (this.enabled() && !this.active && this.deps.document.body) {
      this.active = true;
      const lexicon = (await this.deps.send('getLexicon', {})) as Lexicon;
      if (!this.active || this.deps.signal.aborted) return;
      const lex = new LoadedLexicon(lexicon);
      const doc = this.deps.document;
      const adapter = withTileFallback(
        this.deps.adapter ?? adapterFor(this.deps.location.hostname) ?? GENERIC_ARTICLE,
        doc,
      );
      const href = this.deps.location.href ?? `https://${this.deps.location.hostname}/`;
      this.env = createScanEnv(lex, adapter, pageEntriesOf(readPageFacts(doc, href), lex));
      this.visible = this.deps.visibility?.() ?? EVERYWHERE;
      this.textVisible = this.deps.visibility?.() ?? EVERYWHERE;
      for (const d of pageDetections(this.env)) this.noteFound(d);
      for (const e of this.env.pageEntries.keys()) this.named.add(e);
      this.hover = new HoverController({
        document: doc,
        signal: this.deps.signal,
        card: this.deps.card,
        send: this.deps.send,
        hoverDelay: () => this.settings?.hoverDelay ?? 300,
      });
      this.queue(doc.body);
      this.observe();
    } else if (!this.enabled() && this.active) {
      this.stop();
    }
  }

  /** Remove marks, badges, the card and every observer: the page is as it was. */
  stop(): void {
    this.active = false;
    this.visible.disconnect();
    this.visible = EVERYWHERE;
    this.textVisible.disconnect();
    this.textVisible = EVERYWHERE;
    this.textWaiting = new WeakMap();
    this.observer?.disconnect();
    this.observer = undefined;
    this.pending.clear();
    this.job = undefined;
    this.badgeQueue = [];
    this.badgeHead = 0;
    this.textQueue = [];
    this.hover?.stop();
    this.hover = undefined;
    unwrapAll(this.deps.document);
    if (this.found.size) {
      this.found.clear();
      this.named.clear();
      this.reported = 0;
      this.report([]);
    }
  }

  private observe(): void {
    this.observer = new MutationObserver((records) => this.enqueue(records));
    this.connect();
  }

  private connect(): void {
    this.observer?.observe(this.deps.document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      // Plus whatever the adapter's tiles say they swap when a virtualised row reuses them.
      attributeFilter: [
        ...new Set([
          ...TITLE_ATTRIBUTES,
          ...(this.env?.adapter.tiles.flatMap((t) => t.watchAttributes ?? []) ?? []),
        ]),
      ],
    });
  }

  /** MutationObserver callback: only queue (the scan runs later, deduped, in slices). */
  private enqueue(records: MutationRecord[]): void {
    for (const r of records) {
      const target = r.target.nodeType === 1 ? (r.target as Element) : r.target.parentElement;
      if (!target || target.closest(OWN_SELECTOR)) continue;
      if (r.type === 'childList') {
        for (const n of Array.from(r.addedNodes)) {
          if (n.nodeType === 1 && OWN.has((n as Element).tagName)) continue;
          this.pending.add(n.nodeType === 3 ? (n.parentNode ?? n) : n);
        }
        // Removed children can leave a reused tile with a different title.
        if (r.removedNodes.length) this.pending.add(target);
      } else this.pending.add(target);
    }
    if (this.pending.size > RESCAN_AT) {
      // A page rebuilt wholesale: one fresh pass beats deduping thousands of roots.
      this.pending = new Set([this.deps.document.body]);
      this.job = undefined;
    }
    this.scheduleFlush();
  }

  private queue(node: Node): void {
    this.pending.add(node);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || (this.pending.size === 0 && !this.job)) return;
    this.flushScheduled = true;
    const run = (idle?: IdleDeadline) => {
      this.flushScheduled = false;
      // In an idle period, use what the browser says is left of it (capped well below a long
      // task); otherwise a fixed short slice.
      const budget = idle
        ? Math.min(MAX_IDLE_SLICE_MS, Math.max(SLICE_MS, idle.timeRemaining() - 1))
        : SLICE_MS;
      this.flush(budget);
    };
    if (this.deps.schedule) return this.deps.schedule(() => run());
    const w = this.deps.document.defaultView as (Window & typeof globalThis) | null;
    if (w && 'requestIdleCallback' in w) w.requestIdleCallback(run, { timeout: 500 });
    else setTimeout(run, 16);
  }

  /**
   * Corrections ("Not this film?") apply before anything is marked: suppressed phrases
   * are dropped, a film the reader picked replaces the candidates (refs and lexicon entries alike).
   */
  private corrected(detections: Detection[]): Detection[] {
    if (!this.corrections.items.length) return detections;
    const page = this.deps.pageUrl?.() ?? '';
    const candidates = detections.map((d) => ({ d, title: d.text, refs: d.refs }));
    return applyCorrections(this.corrections, this.deps.location.hostname, page, candidates).map(
      ({ d, refs }) =>
        refs === d.refs ? d : { ...d, refs, entries: d.entries.filter((_, i) => refs.includes(d.refs[i]!)) },
    );
  }

  /** Pending roots, minus those inside other pending roots or gone from the document. */
  private takePending(): Node[] {
    const nodes = [...this.pending].filter((n) => n.isConnected);
    this.pending.clear();
    const set = new Set(nodes);
    return nodes.filter((n) => {
      for (let p = n.parentNode; p; p = p.parentNode) if (set.has(p)) return false;
      return true;
    });
  }

  /** One slice: run scan units until the slice's time is up, mark what they found, yield. */
  flush(budget = SLICE_MS): void {
    if (!this.active || !this.env || !this.settings) return;
    const now = this.deps.now ?? (() => performance.now());
    const t0 = now();
    const deadline = t0 + budget;
    // Our own marking mutates the DOM. The page cannot run while this slice does, so records
    // queued before it are the page's (queue them) and records queued during it are ours
    // (dropped at the end): we never see, or loop on, our own mutations. Cheaper than
    // disconnecting and re-observing the whole body every slice.
    if (this.observer) this.enqueue(this.observer.takeRecords());
    if (!this.job && this.pending.size) this.job = { roots: this.takePending() };
    const env = this.env;
    const minConfidence = this.settings.minConfidence;
    // Matches that cannot reach what is shown, or what counts as named (SURE), are not scored in
    // full: most words of prose that spell a title are in lower case.
    env.floor = Math.min(minConfidence, SURE);
    const badges = this.settings.markStyle === 'badge';
    while (this.job) {
      if (!this.job.current) {
        const root = this.job.roots.shift();
        if (!root) {
          this.job = undefined;
          if (this.pending.size) this.job = { roots: this.takePending() };
          continue;
        }
        this.job.current = scanUnits(root, env);
      }
      const next = this.job.current.next();
      if (next.done) {
        this.job.current = undefined;
        continue;
      }
      const text: TextDetection[] = [];
      for (const d of this.corrected(next.value)) {
        if (d.kind === 'tile') {
          // Badges are written per frame (writeBadges), not here: see BADGES_PER_FRAME.
          if (badges && d.entries.length) {
            // Badged once the tile is within reach of the viewport (at once on most pages' first
            // screen); a tile that no longer names a film loses its badge now.
            const visible = this.visible;
            visible.whenNear(d.target, () => {
              if (this.visible !== visible) return;
              this.badgeQueue.push(d);
              this.scheduleWrite();
            });
          } else if (badges && badgeOf(d.target)) this.badgeQueue.push(d);
          if (d.entries.length) this.noteFound(d);
        } else if (d.kind === 'text' && d.entries.length) {
          const shown = d.confidence >= minConfidence ? d : namedAgain(d, env.lexicon, this.named);
          if (shown && shown.confidence >= minConfidence) {
            text.push(shown);
            this.named.add(shown.entries[0]!);
            this.noteFound(shown);
          }
        }
      }
      for (const d of text) this.queueText(d);
      // One unit is one tile or one text node: small enough to check the clock after each.
      if (now() > deadline) break;
    }
    this.observer?.takeRecords();
    const took = now() - t0;
    this.slices++;
    if (took > this.longestSlice) this.longestSlice = took;
    // One message when a scan finishes (not one per slice): the popup's list of films on the page.
    if (this.idle && this.found.size !== this.reported) {
      this.reported = this.found.size;
      this.report([...this.found.keys()], Object.fromEntries(this.found));
    }
    this.scheduleFlush();
    this.scheduleWrite();
  }

  /**
   * A text mark is written once the element holding its text comes within a screen of the
   * viewport, like a tile's badge (visible.ts). On an article, every frame that adds marks
   * re-lays the text around them, and a long read's marks are mostly pages away: on the 1 MB bench
   * article, 1,296 marks written at load for the first screen's few dozen.
   */
  private queueText(d: TextDetection): void {
    const item = { d, data: d.node.data };
    const el = d.node.parentElement;
    if (!el) return;
    const list = this.textWaiting.get(el);
    if (list) {
      list.push(item);
      return;
    }
    this.textWaiting.set(el, [item]);
    const visible = this.textVisible;
    visible.whenNear(el, () => {
      if (this.textVisible !== visible) return;
      const near = this.textWaiting.get(el) ?? [];
      this.textWaiting.delete(el);
      for (const t of near) this.textQueue.push(t);
      this.scheduleWrite();
    });
  }

  private textDue(): boolean {
    if (!this.textQueue.length) return false;
    const now = this.deps.now ?? (() => performance.now());
    return this.idle || now() - this.lastTextWrite >= TEXT_WRITE_EVERY_MS;
  }

  private scheduleWrite(): void {
    if (this.writeScheduled || (this.badgeHead >= this.badgeQueue.length && !this.textDue())) return;
    this.writeScheduled = true;
    const run = (frameStart?: number) => {
      this.writeScheduled = false;
      const wrote = this.wroteBadges;
      // Only real frames adapt the batch (tests schedule by hand: it stays at its start).
      const most = frameStart === undefined ? this.badgeBatch.size : this.badgeBatch.frame(frameStart, wrote);
      this.writeBadges(most);
    };
    if (this.deps.schedule) return this.deps.schedule(() => run());
    // Just before the frame that renders them; a hidden tab draws nothing, so it waits too.
    const w = this.deps.document.defaultView;
    if (w && typeof w.requestAnimationFrame === 'function') w.requestAnimationFrame((t) => run(t));
    else setTimeout(() => run(), 16);
  }

  /** One frame's writes: the queued text marks when due, and at most `most` badges. */
  private writeBadges(most: number): void {
    if (!this.active || !this.env || !this.settings) return;
    const now = this.deps.now ?? (() => performance.now());
    const deadline = now() + SLICE_MS;
    // As in flush: records before this are the page's, records during it are ours.
    if (this.observer) this.enqueue(this.observer.takeRecords());
    const opts = {
      scale: this.settings.ratingScale,
      spoilerSafe: this.settings.spoilerSafe,
      dimBelow: this.settings.dimBelow,
    };
    if (this.textDue()) {
      const text = this.textQueue
        .filter((t) => t.d.node.isConnected && t.d.node.data === t.data)
        .map((t) => t.d);
      this.textQueue = [];
      this.lastTextWrite = now();
      wrapMatches(text);
    }
    const end = Math.min(this.badgeQueue.length, this.badgeHead + most);
    this.wroteBadges = this.badgeHead < end;
    while (this.badgeHead < end) {
      const d = this.badgeQueue[this.badgeHead++]!;
      // A tile gone from the page, or re-queued since (a reused tile): a later entry has it.
      if (d.target.isConnected) placeBadge(d, this.env.lexicon, opts);
      if (now() > deadline) break;
    }
    if (this.badgeHead >= this.badgeQueue.length) {
      this.badgeQueue = [];
      this.badgeHead = 0;
    }
    this.observer?.takeRecords();
    this.scheduleWrite();
  }

  /** True when nothing is queued or in progress. */
  get idle(): boolean {
    return !this.job && this.pending.size === 0;
  }

  /** Called by the card when the pointer enters or leaves it. */
  keepOpen(inside: boolean): void {
    this.hover?.keepOpen(inside);
  }

  /** Close the card now (after a correction from it). */
  closeCard(): void {
    this.hover?.close();
  }
}
