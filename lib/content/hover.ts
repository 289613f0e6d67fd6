/**
 * Hover and focus on marks: hover intent, keeping the card open while the pointer is on it,
 * Escape to close. One delegated listener per event type on the document (never one per mark),
 * all removed by stop() or by the content script's AbortSignal.
 */
import { BADGE_TAG, MARK_TAG } from '../detect/scan';
import type { EntryView, Protocol } from '../messaging/protocol';

export interface CardPresenter {
  show(anchor: HTMLElement, views: EntryView[]): void;
  hide(): void;
  contains(node: Node | null): boolean;
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

export class HoverController {
  private readonly listeners = new AbortController();
  private hoverTimer?: ReturnType<typeof setTimeout>;
  private hideTimer?: ReturnType<typeof setTimeout>;
  private currentMark?: HTMLElement;
  private cardOpen = false;

  constructor(private readonly deps: HoverDeps) {
    const signal = AbortSignal.any([this.listeners.signal, deps.signal]);
    const doc = deps.document;
    const markOf = (t: EventTarget | null) =>
      t instanceof Element ? (t.closest(`${MARK_TAG},${BADGE_TAG}`) as HTMLElement | null) : null;
    doc.addEventListener(
      'mouseover',
      (e) => {
        const mark = markOf(e.target);
        if (mark) this.intendShow(mark, deps.hoverDelay());
      },
      { signal, passive: true },
    );
    doc.addEventListener(
      'mouseout',
      (e) => {
        const mark = markOf(e.target);
        if (mark && !deps.card().contains(e.relatedTarget as Node | null)) this.intendHide();
      },
      { signal, passive: true },
    );
    doc.addEventListener(
      'focusin',
      (e) => {
        const mark = markOf(e.target);
        if (mark) this.intendShow(mark, 0);
      },
      { signal },
    );
    doc.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Escape' && this.cardOpen) this.hideNow();
      },
      { signal },
    );
    signal.addEventListener('abort', () => this.clearTimers(), { once: true });
  }

  stop(): void {
    this.listeners.abort();
    this.hideNow();
  }

  /** Called by the card when the pointer enters or leaves it. */
  keepOpen(inside: boolean): void {
    if (inside) clearTimeout(this.hideTimer);
    else this.intendHide();
  }

  private clearTimers(): void {
    clearTimeout(this.hoverTimer);
    clearTimeout(this.hideTimer);
  }

  private intendShow(mark: HTMLElement, delay: number): void {
    this.clearTimers();
    this.hoverTimer = setTimeout(() => void this.show(mark), delay);
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
  }

  private async show(mark: HTMLElement): Promise<void> {
    const refs = (mark.getAttribute('data-refs') ?? '').split(' ').filter(Boolean);
    if (!refs.length || this.listeners.signal.aborted) return;
    this.currentMark = mark;
    const views = await this.deps.send('getEntries', { refs });
    if (this.currentMark !== mark || this.listeners.signal.aborted || views.length === 0) return;
    this.deps.card().show(mark, views);
    this.cardOpen = true;
    void this.deps.send('hovered', { ref: views[0]!.ref }).catch(() => undefined);
  }
}
