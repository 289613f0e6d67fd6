/**
 * Hover and focus on marks: hover intent, keeping the card open while the pointer is on it,
 * Escape to close (returning focus to the mark), focus to open, and closing when the page scrolls
 * the mark away. One delegated listener per event type on the document (never one per mark), all
 * removed by stop() or by the content script's AbortSignal.
 */
import { BADGE_TAG, MARK_TAG } from '../detect/tags';
import type { EntryView, Protocol } from '../messaging/protocol';

export interface CardPresenter {
  show(anchor: HTMLElement, views: EntryView[]): void;
  hide(): void;
  contains(node: Node | null): boolean;
  /** Move keyboard focus to the card's first control; false when there is none. */
  focusCard?(): boolean;
  /** Re-place the card next to its anchor (after a small scroll). */
  place?(anchor: HTMLElement): void;
}

export interface HoverDeps {
  document: Document;
  signal: AbortSignal;
  card: () => CardPresenter;
  send: <K extends keyof Protocol>(type: K, req: Protocol[K]['req']) => Promise<Protocol[K]['res']>;
  hoverDelay: () => number;
}

/** How long the pointer may be off both mark and card before the card goes. */
const HIDE_GRACE_MS = 200;
/** A scroll that moves the mark further than this from where the card opened closes the card. */
export const SCROLL_AWAY_PX = 48;

export class HoverController {
  private readonly listeners = new AbortController();
  private hoverTimer?: ReturnType<typeof setTimeout>;
  /** The entries asked for when the pointer arrived on a mark (see intendShow). */
  private prefetch?: { mark: HTMLElement; views: Promise<EntryView[]> };
  private hideTimer?: ReturnType<typeof setTimeout>;
  private currentMark?: HTMLElement;
  private cardOpen = false;
  /** Where the mark was (viewport top/left) when the card opened. */
  private openedAt?: { top: number; left: number };
  /** Focus we give back to a mark on Escape must not reopen the card. */
  private refocusing?: HTMLElement;

  constructor(private readonly deps: HoverDeps) {
    const signal = AbortSignal.any([this.listeners.signal, deps.signal]);
    const doc = deps.document;
    const markOf = (t: EventTarget | null) =>
      t instanceof Element ? (t.closest(`${MARK_TAG},${BADGE_TAG}`) as HTMLElement | null) : null;
    doc.addEventListener(
      'mouseover',
      (e) => {
        const mark = markOf(e.target);
        if (mark && !(this.cardOpen && this.currentMark === mark)) this.intendShow(mark, deps.hoverDelay());
        else if (mark) clearTimeout(this.hideTimer);
      },
      { signal, passive: true },
    );
    doc.addEventListener(
      'mouseout',
      (e) => {
        const mark = markOf(e.target);
        if (!mark) return;
        const to = e.relatedTarget as Node | null;
        if (to && mark.contains(to)) return;
        if (!deps.card().contains(to)) this.intendHide();
      },
      { signal, passive: true },
    );
    doc.addEventListener(
      'focusin',
      (e) => {
        // Focus arriving in the card (some browsers send focusout without relatedTarget) keeps it.
        if (this.cardOpen && deps.card().contains(e.target as Node | null)) {
          clearTimeout(this.hideTimer);
          return;
        }
        const mark = markOf(e.target);
        if (!mark) return;
        if (this.refocusing === mark) {
          this.refocusing = undefined;
          return;
        }
        this.intendShow(mark, 0);
      },
      { signal },
    );
    doc.addEventListener(
      'focusout',
      (e) => {
        const from = markOf(e.target);
        const to = (e as FocusEvent).relatedTarget as Node | null;
        // Leaving a mark or the card for anything but the other one closes the card.
        const fromCard = deps.card().contains(e.target as Node | null);
        if (!from && !fromCard) return;
        if (to && (deps.card().contains(to) || (this.currentMark && this.currentMark.contains(to)))) return;
        if (fromCard || this.currentMark === from || this.hoverTimer !== undefined) {
          // Decide once focus has landed: browsers differ in the order of focusout and focusin.
          this.clearTimers();
          this.hideTimer = setTimeout(() => {
            const active = doc.activeElement;
            if (!(active && (deps.card().contains(active) || active === this.currentMark))) this.hideNow();
          }, HIDE_GRACE_MS);
        }
      },
      { signal },
    );
    doc.addEventListener(
      'keydown',
      (e) => {
        if (!this.cardOpen) return;
        if (e.key === 'Escape') {
          const mark = this.currentMark;
          const active = doc.activeElement;
          const focusWasOurs = !!mark && (active === mark || deps.card().contains(active));
          this.hideNow();
          if (mark && focusWasOurs) {
            this.refocusing = mark;
            mark.focus({ preventScroll: true });
            if (doc.activeElement !== mark) this.refocusing = undefined;
          }
        } else if (e.key === 'Tab' && !e.shiftKey && doc.activeElement === this.currentMark) {
          // The card lives at the end of the document; Tab from its mark goes into it instead.
          if (deps.card().focusCard?.()) e.preventDefault();
        }
      },
      { signal },
    );
    doc.addEventListener('scroll', () => this.onScroll(), { signal, passive: true, capture: true });
    signal.addEventListener('abort', () => this.clearTimers(), { once: true });
  }

  stop(): void {
    this.listeners.abort();
    this.hideNow();
  }

  get isOpen(): boolean {
    return this.cardOpen;
  }

  /** Called by the card when the pointer enters or leaves it. */
  keepOpen(inside: boolean): void {
    if (inside) clearTimeout(this.hideTimer);
    else this.intendHide();
  }

  /** Close now (a correction was made, the card's own close). */
  close(): void {
    this.hideNow();
  }

  private clearTimers(): void {
    clearTimeout(this.hoverTimer);
    clearTimeout(this.hideTimer);
    this.hoverTimer = undefined;
    this.hideTimer = undefined;
  }

  private intendShow(mark: HTMLElement, delay: number): void {
    this.clearTimers();
    // Ask for the card's entries now, not when the delay ends: the answer (and a background
    // worker that had gone to sleep, often tens of ms to wake) arrives while the reader's pointer
    // rests, so the card opens the moment the delay is over.
    this.prefetch = { mark, views: this.fetchViews(mark) };
    this.hoverTimer = setTimeout(() => {
      this.hoverTimer = undefined;
      void this.show(mark);
    }, delay);
  }

  private intendHide(): void {
    this.clearTimers();
    this.hideTimer = setTimeout(() => this.hideNow(), HIDE_GRACE_MS);
  }

  private hideNow(): void {
    this.clearTimers();
    if (this.cardOpen) this.deps.card().hide();
    this.cardOpen = false;
    this.currentMark = undefined;
    this.openedAt = undefined;
  }

  /** Scrolled far, or the mark left the viewport: the card would point at nothing. */
  private onScroll(): void {
    const mark = this.currentMark;
    if (!this.cardOpen || !mark || !this.openedAt) return;
    const rect = mark.getBoundingClientRect();
    const win = this.deps.document.defaultView;
    const height = win?.innerHeight ?? 768;
    const width = win?.innerWidth ?? 1024;
    const outOfView = rect.bottom < 0 || rect.top > height || rect.right < 0 || rect.left > width;
    const moved = Math.hypot(rect.top - this.openedAt.top, rect.left - this.openedAt.left);
    if (outOfView || moved > SCROLL_AWAY_PX || !mark.isConnected) this.hideNow();
    else this.deps.card().place?.(mark);
  }

  /** The entries for a mark's card; none when it names no film or the background can't answer. */
  private fetchViews(mark: HTMLElement): Promise<EntryView[]> {
    const refs = (mark.getAttribute('data-refs') ?? '').split(' ').filter(Boolean);
    if (!refs.length) return Promise.resolve([]);
    return this.deps.send('getEntries', { refs }).catch(() => []);
  }

  private async show(mark: HTMLElement): Promise<void> {
    if (!mark.getAttribute('data-refs')?.trim() || this.listeners.signal.aborted) return;
    this.currentMark = mark;
    const ahead = this.prefetch?.mark === mark ? this.prefetch.views : undefined;
    this.prefetch = undefined;
    const views = await (ahead ?? this.fetchViews(mark));
    if (this.currentMark !== mark || this.listeners.signal.aborted || views.length === 0) return;
    this.deps.card().show(mark, views);
    this.cardOpen = true;
    const rect = mark.getBoundingClientRect();
    this.openedAt = { top: rect.top, left: rect.left };
    void this.deps.send('hovered', { ref: views[0]!.ref }).catch(() => undefined);
  }
}
