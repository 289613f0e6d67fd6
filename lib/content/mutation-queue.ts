/**
 * What changed on the page since the last scan. The MutationObserver callback only queues the
 * changed roots (never reads the page further): the scan runs later, deduped, in slices. A page
 * rebuilt wholesale (more than `rescanAt` roots waiting) falls back to one fresh scan of the body,
 * which beats deduping thousands of roots. Marquee's own writes are told apart by taking records
 * around them (`drain` before, `discard` after): the page cannot run while they do.
 */
import { BADGE_TAG, MARK_TAG, UI_TAG } from '../detect/tags';

/** More queued roots than this and a fresh scan of the page is cheaper than deduping them. */
export const RESCAN_AT = 400;
/** Attributes adapters read titles from: a reused tile changes these, not its elements. */
export const TITLE_ATTRIBUTES = ['aria-label', 'alt', 'title', 'href', 'data-title'];

const OWN = new Set([MARK_TAG.toUpperCase(), UI_TAG.toUpperCase(), BADGE_TAG.toUpperCase()]);
const OWN_SELECTOR = `${MARK_TAG},${UI_TAG},${BADGE_TAG}`;

export interface MutationQueueDeps {
  document: Document;
  /** Attributes whose change re-reads an element (TITLE_ATTRIBUTES plus the adapter's). */
  attributes: string[];
  /** Something was queued: schedule a scan. */
  onQueued: () => void;
  rescanAt?: number;
  Observer?: typeof MutationObserver;
}

export class MutationQueue {
  private observer?: MutationObserver;
  private pending = new Set<Node>();

  constructor(private readonly deps: MutationQueueDeps) {}

  /** Watch the body. */
  start(): void {
    const body = this.deps.document.body;
    if (!body || this.observer) return;
    const Observer = this.deps.Observer ?? MutationObserver;
    this.observer = new Observer((records) => this.enqueue(records));
    this.observer.observe(body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: [...new Set([...TITLE_ATTRIBUTES, ...this.deps.attributes])],
    });
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.pending.clear();
  }

  /** Queue a root to scan (the first scan: the body). */
  add(node: Node): void {
    this.pending.add(node);
    this.deps.onQueued();
  }

  get size(): number {
    return this.pending.size;
  }

  /** Queue the page's records not yet delivered (before Marquee writes). */
  drain(): void {
    if (this.observer) this.enqueue(this.observer.takeRecords());
  }

  /** Drop the records Marquee's own writes made (after it writes). */
  discard(): void {
    this.observer?.takeRecords();
  }

  /** The callback: only queue. */
  private enqueue(records: MutationRecord[]): void {
    if (!records.length) return;
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
    const body = this.deps.document.body;
    if (this.pending.size > (this.deps.rescanAt ?? RESCAN_AT) && body) this.pending = new Set([body]);
    if (this.pending.size) this.deps.onQueued();
  }

  /** The queued roots, minus those inside other queued roots or gone from the document; emptied. */
  take(): Node[] {
    const nodes = [...this.pending].filter((n) => n.isConnected);
    this.pending.clear();
    const set = new Set(nodes);
    return nodes.filter((n) => {
      for (let p = n.parentNode; p; p = p.parentNode) if (set.has(p)) return false;
      return true;
    });
  }
}
