/**
 * Reads the page into digest pieces for the engine: the mutation queue says which roots to read
 * (mutation-queue.ts), the slicer reads them in short slices (slicer.ts over lib/detect/collect.ts)
 * and, with a read-ahead (read-ahead.ts), only a few screens ahead of the reader. `begin` starts a
 * new document (page facts first), `stop` drops everything read or queued.
 */
import { createCollector } from '../detect/collect';
import type { CollectedPiece, Collector, DigestBuilder, DigestLimits } from '../detect/digest';
import type { SiteAdapter } from '../sites/types';
import type { Lifecycle } from './lifecycle';
import { MutationQueue } from './mutation-queue';
import { createReadAhead, type ReadAhead } from './read-ahead';
import { Slicer } from './slicer';

export interface PageReaderDeps {
  document: Document;
  adapter: SiteAdapter;
  lifecycle: Lifecycle;
  now?: (() => number) | undefined;
  limits?: Partial<DigestLimits> | undefined;
  readAheadObserver?: typeof IntersectionObserver | undefined;
  /** The engine holds enough pieces: wait for `kick`. */
  full: () => boolean;
  send: (piece: CollectedPiece) => void;
  /** A scan was parked below the viewport (the page's answer may be complete for now). */
  onWaiting: () => void;
}

export class PageReader {
  readonly mutations: MutationQueue;
  private readonly slicer: Slicer;
  private readonly readAhead?: ReadAhead<DigestBuilder>;
  private collector?: Collector;
  private firstScan = true;
  /** The last scan stopped at the digest's bounds (a page too big to read whole). */
  truncated = false;

  constructor(private readonly deps: PageReaderDeps) {
    const { document: doc, adapter, lifecycle, now } = deps;
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
      onWaiting: deps.onWaiting,
      full: deps.full,
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
        deps.send(piece);
      },
    });
  }

  /** Read the page from the start, as a new document (page facts first). */
  begin(): void {
    const { document: doc, adapter, limits } = this.deps;
    this.collector = createCollector(doc, adapter, limits);
    this.firstScan = true;
    this.truncated = false;
    this.mutations.start();
    this.mutations.add(doc.body);
  }

  stop(): void {
    this.slicer.reset();
    this.mutations.stop();
    this.collector = undefined;
  }

  /** Go on: something was queued, or the engine took a piece. */
  kick(): void {
    this.slicer.kick();
  }

  /** Nothing queued or being read. */
  get idle(): boolean {
    return !this.slicer.busy && this.mutations.size === 0;
  }

  /** Some scan waits for the reader to scroll near. */
  get waiting(): boolean {
    return this.slicer.waiting;
  }

  /** Read what waits below the viewport now (a scan waits only with a read-ahead). */
  readAll(): void {
    this.readAhead?.lift();
  }

  get longestSlice(): number {
    return this.slicer.longestSlice;
  }
  get slices(): number {
    return this.slicer.slices;
  }
}
