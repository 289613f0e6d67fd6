/**
 * The content script's logic, with its dependencies passed in so it runs under tests too:
 * load settings and the lexicon once, mark titles, watch for changes, show the card on hover.
 * Every listener, timer and observer hangs off one AbortSignal (WXT's ctx), so a disabled
 * site or an extension update leaves nothing behind.
 */
import { createMatcher, type TitleMatcher } from '../detect/matcher';
import { MARK_TAG, UI_TAG, scanText } from '../detect/scan';
import { unwrapAll, wrapMatches } from './marks';
import { HoverController, type CardPresenter } from './hover';
import { isSiteEnabled, type Settings } from '../settings';
import type { Lexicon, Protocol } from '../messaging/protocol';
import { applyCorrections, EMPTY_CORRECTIONS, type Corrections } from '../corrections';

export type { CardPresenter };

export interface ContentDeps {
  document: Document;
  location: { hostname: string };
  signal: AbortSignal;
  getSettings: () => Promise<Settings>;
  onSettingsChanged: (fn: (s: Settings) => void) => void;
  send: <K extends keyof Protocol>(type: K, req: Protocol[K]['req']) => Promise<Protocol[K]['res']>;
  card: () => CardPresenter;
  // --- corrections (issue #5, "Not this film?") ---
  /** The reader's corrections (browser.storage.local); none when omitted. */
  getCorrections?: () => Promise<Corrections>;
  onCorrectionsChanged?: (fn: (c: Corrections) => void) => void;
  /** The page's URL, for corrections that hide a title on one page. */
  pageUrl?: () => string;
}

/** Slice size for DOM work: long enough to make progress, short enough to never jank (uBlock: 4 ms). */
const SLICE_MS = 8;

export class ContentApp {
  private matcher?: TitleMatcher;
  private settings?: Settings;
  private active = false;
  private observer?: MutationObserver;
  private pending = new Set<Node>();
  private flushScheduled = false;
  private found = new Set<string>();
  private hover?: HoverController;
  private corrections: Corrections = EMPTY_CORRECTIONS;

  constructor(private readonly deps: ContentDeps) {}

  async start(): Promise<void> {
    const { signal } = this.deps;
    this.settings = await this.deps.getSettings();
    // --- corrections (issue #5): loaded before the first scan; a change re-marks the page ---
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
      this.settings = s;
      void this.applyEnabled();
    });
    signal.addEventListener('abort', () => this.stop(), { once: true });
    // One message per page: tells the popup which site this tab shows, even when Marquee is off here.
    void this.deps
      .send('reportFound', { refs: [], host: this.deps.location.hostname })
      .catch(() => undefined);
    await this.applyEnabled();
  }

  private enabled(): boolean {
    return (
      !!this.settings &&
      this.settings.markStyle !== 'off' &&
      isSiteEnabled(this.settings, this.deps.location.hostname)
    );
  }

  private async applyEnabled(): Promise<void> {
    if (this.enabled() && !this.active) {
      this.active = true;
      const lexicon = (await this.deps.send('getLexicon', {})) as Lexicon;
      if (!this.active || this.deps.signal.aborted) return;
      this.matcher = createMatcher(lexicon);
      this.hover = new HoverController({
        document: this.deps.document,
        signal: this.deps.signal,
        card: this.deps.card,
        send: this.deps.send,
        hoverDelay: () => this.settings?.hoverDelay ?? 300,
      });
      this.queue(this.deps.document.body);
      this.observe();
    } else if (!this.enabled() && this.active) {
      this.stop();
    }
  }

  /** Remove marks, the card and every observer: the page is as it was. */
  stop(): void {
    this.active = false;
    this.observer?.disconnect();
    this.observer = undefined;
    this.pending.clear();
    this.hover?.stop();
    this.hover = undefined;
    unwrapAll(this.deps.document);
    if (this.found.size) {
      this.found.clear();
      void this.deps
        .send('reportFound', { refs: [], host: this.deps.location.hostname })
        .catch(() => undefined);
    }
  }

  private observe(): void {
    this.observer = new MutationObserver((records) => {
      // Only queue here; the scan runs later, deduped, in slices.
      for (const r of records) {
        if (r.target instanceof Element && r.target.closest(`${MARK_TAG},${UI_TAG}`)) continue;
        for (const n of Array.from(r.addedNodes)) {
          if (
            n.nodeType === 1 &&
            ((n as Element).tagName === MARK_TAG.toUpperCase() ||
              (n as Element).tagName === UI_TAG.toUpperCase())
          )
            continue;
          this.pending.add(n.nodeType === 3 ? (n.parentNode ?? n) : n);
        }
        if (r.type === 'characterData' && r.target.parentNode) this.pending.add(r.target.parentNode);
      }
      this.scheduleFlush();
    });
    this.observer.observe(this.deps.document.body, { childList: true, subtree: true, characterData: true });
  }

  private queue(node: Node): void {
    this.pending.add(node);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.pending.size === 0) return;
    this.flushScheduled = true;
    const run = () => {
      this.flushScheduled = false;
      this.flush();
    };
    const w = this.deps.document.defaultView as (Window & typeof globalThis) | null;
    if (w && 'requestIdleCallback' in w) w.requestIdleCallback(run, { timeout: 500 });
    else setTimeout(run, 16);
  }

  private flush(): void {
    if (!this.active || !this.matcher) return;
    const deadline = performance.now() + SLICE_MS;
    const nodes = [...this.pending];
    this.pending.clear();
    // Drop nodes inside other queued nodes, and nodes no longer in the document.
    const roots = nodes.filter((n) => n.isConnected && !nodes.some((o) => o !== n && o.contains(n)));
    let i = 0;
    const newRefs: string[] = [];
    // Our own wrapping mutates the DOM: pause the observer so we never loop on it.
    this.observer?.disconnect();
    for (; i < roots.length; i++) {
      if (performance.now() > deadline) break;
      // Corrections ("Not this film?") filter matches before anything is wrapped (issue #5).
      const matches = applyCorrections(
        this.corrections,
        this.deps.location.hostname,
        this.deps.pageUrl?.() ?? '',
        scanText(roots[i]!, this.matcher),
      );
      const marks = wrapMatches(matches);
      for (const m of marks) {
        for (const ref of (m.getAttribute('data-refs') ?? '').split(' ')) {
          if (ref && !this.found.has(ref)) {
            this.found.add(ref);
            newRefs.push(ref);
          }
        }
      }
    }
    if (this.active && this.deps.document.body) {
      this.observer?.observe(this.deps.document.body, {
        childList: true,
        subtree: true,
        characterData: true,
      });
    }
    for (; i < roots.length; i++) this.pending.add(roots[i]!);
    if (newRefs.length) {
      void this.deps
        .send('reportFound', { refs: [...this.found], host: this.deps.location.hostname })
        .catch(() => undefined);
    }
    this.scheduleFlush();
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
