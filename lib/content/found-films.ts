/**
 * The films found on the page, for the toolbar popup's list: by ref, with the surest mention's
 * confidence and reason, reported to the background once a scan is answered (not once per piece),
 * and again as "none" when the page restarts or Marquee stops. Waiters (the popup's readAll) are
 * answered once a report of the whole page has landed.
 */
import type { FoundWhy, Protocol } from '../messaging/protocol';

export interface FoundFilmsDeps {
  send: (type: 'reportFound', req: Protocol['reportFound']['req']) => Promise<unknown>;
  host: string;
  /** The top page's URL as this frame sees it: a frame's films join the tab's only for that page. */
  topPage?: () => string | undefined;
  /** False: keep the films to itself (a frame that does not report, an orphaned script). */
  reporting: () => boolean;
}

export class FoundFilms {
  private readonly found = new Map<string, FoundWhy>();
  private reported = 0;
  private waiters: ((read: boolean) => void)[] = [];

  constructor(private readonly deps: FoundFilmsDeps) {}

  /** A mention of `refs` shown with `confidence`: kept if it is the surest so far. */
  note(refs: readonly string[], confidence: number, reason: string): void {
    for (const ref of refs) {
      const known = this.found.get(ref);
      if (!known || confidence > known.confidence) this.found.set(ref, { confidence, reason });
    }
  }

  /** Report what is new since the last report; resolves once it has landed (or failed). */
  report(): Promise<unknown> {
    if (this.found.size === this.reported) return Promise.resolve();
    this.reported = this.found.size;
    return this.send([...this.found.keys()], Object.fromEntries(this.found));
  }

  /** The page starts again, or Marquee stops: nothing found (said once). */
  clear(): void {
    if (!this.found.size) return;
    this.found.clear();
    this.reported = 0;
    void this.send([]);
  }

  /** Resolves with `settle`'s answer: true once the whole page is read and reported. */
  whenAllRead(): Promise<boolean> {
    return new Promise((ok) => this.waiters.push(ok));
  }

  get waiting(): boolean {
    return this.waiters.length > 0;
  }

  settle(read: boolean): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const ok of waiters) ok(read);
  }

  private send(refs: string[], why?: Record<string, FoundWhy>): Promise<unknown> {
    if (!this.deps.reporting()) return Promise.resolve();
    const page = this.deps.topPage?.();
    return this.deps
      .send('reportFound', { refs, host: this.deps.host, ...(page ? { page } : {}), ...(why ? { why } : {}) })
      .catch(() => undefined);
  }
}
