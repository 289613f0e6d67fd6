/**
 * Runs the page's scans (lib/detect/collect.ts DigestBuilder) in short idle-time slices and cuts
 * them into pieces for the engine: the first piece of a scan small, so the first screen's marks
 * come early, the rest up to PIECE_CHARS, and one at the end of each scan. While the engine has
 * enough pieces in flight (`full`), it waits: a page that outruns the engine holds at most a few
 * pieces' worth of units in memory, however big it is. With a read-ahead (read-ahead.ts), a scan
 * whose frontier is screens below the viewport waits (parked) until the reader scrolls near, while
 * other scans (mutations) go on.
 */
import { PIECE_CHARS, type CollectedPiece, type DigestBuilder, type UnitNode } from '../detect/digest';
import type { Lifecycle } from './lifecycle';
import type { ReadAhead } from './read-ahead';

/** Slice length for DOM work: long enough to make progress, short enough to never jank (uBlock: 4 ms). */
export const SLICE_MS = 5;
/** Longest slice taken from an idle period (the browser's idle periods last up to 50 ms). */
export const MAX_IDLE_SLICE_MS = 15;
/** The first piece of a scan: a screen's worth of text or so, answered while the rest is read. */
export const FIRST_PIECE_CHARS = 20_000;
/** Units read between two frontiers told to the read-ahead: a few rows of tiles, a few paragraphs. */
export const TRACK_UNITS = 40;

export interface SlicerDeps {
  lifecycle: Lifecycle;
  now?: () => number;
  /** The next scan to run (over the roots queued since the last), or undefined when none waits. */
  next: () => DigestBuilder | undefined;
  send: (piece: CollectedPiece) => void;
  /** The engine holds enough pieces: wait until `kick` is called again. */
  full?: () => boolean;
  pieceChars?: number;
  firstPieceChars?: number;
  /** How far ahead of the viewport scans read; without one, every scan reads to its end. */
  readAhead?: ReadAhead<DigestBuilder>;
  /** A scan was parked (the page's answer may be complete for now). */
  onWaiting?: () => void;
}

export class Slicer {
  private builder?: DigestBuilder;
  private cutInScan = 0;
  private sinceTrack = 0;
  /** Scans waiting for the reader to scroll near their frontier. */
  private readonly parked = new Set<DigestBuilder>();
  /** Parked scans whose frontier came near: they go on before any new scan. */
  private ready: DigestBuilder[] = [];
  private scheduled = false;
  /** Longest slice so far (ms), and how many ran (benchmarks, tests). */
  longestSlice = 0;
  slices = 0;

  constructor(private readonly deps: SlicerDeps) {}

  /** A scan is being read (more pieces to come). */
  get busy(): boolean {
    return !!this.builder || this.ready.length > 0;
  }

  /** Some scan waits for the reader to scroll near (the page is not read to its end). */
  get waiting(): boolean {
    return this.parked.size > 0;
  }

  /** A parked scan's frontier came near: go on reading it. */
  resume(builder: DigestBuilder): void {
    if (!this.parked.delete(builder)) return;
    this.ready.push(builder);
    this.kick();
  }

  /** Schedule a slice: something was queued, or the engine took a piece. */
  kick(): void {
    // The page changed (or the engine took a piece): a parked scan whose frontier was removed
    // would wait for an answer that never comes.
    if (this.parked.size) this.deps.readAhead?.recheck();
    if (this.scheduled) return;
    this.scheduled = true;
    // A scan under way, or one handed back by the read-ahead (the reader scrolled to it).
    if (this.builder || this.ready.length) {
      // A scan under way goes on after a short yield (input and frames first), not at the next
      // idle period: on a busy machine idle periods stop coming and each slice waited for the
      // idle timeout (500 ms), which stretched a 2,000-tile catalogue's reading to 5–8 s during a
      // 30-tab restore (bench/per-tab.ts, restore30).
      this.deps.lifecycle.later(() => {
        this.scheduled = false;
        this.slice(SLICE_MS);
      }, 0);
      return;
    }
    this.deps.lifecycle.idle((deadline) => {
      this.scheduled = false;
      // In an idle period, use what the browser says is left of it (capped well below a long
      // task); otherwise a fixed short slice.
      const budget = deadline
        ? Math.min(MAX_IDLE_SLICE_MS, Math.max(SLICE_MS, deadline.timeRemaining() - 1))
        : SLICE_MS;
      this.slice(budget);
    });
  }

  /** Drop the scan in progress (the page restarts or Marquee stops); the next slice reads anew. */
  reset(): void {
    this.builder = undefined;
    this.parked.clear();
    this.ready = [];
    this.deps.readAhead?.clear();
  }

  /** One slice: read units until its time is up, cutting pieces as they fill. */
  slice(budget = SLICE_MS): void {
    const now = this.deps.now ?? (() => performance.now());
    const t0 = now();
    const deadline = t0 + budget;
    const most = this.deps.pieceChars ?? PIECE_CHARS;
    const first = Math.min(most, this.deps.firstPieceChars ?? FIRST_PIECE_CHARS);
    let more = false;
    for (;;) {
      if (this.deps.full?.()) break;
      if (!this.builder) {
        const resumed = this.ready.shift();
        this.builder = resumed ?? this.deps.next();
        // A resumed scan sent its first piece long ago: full-sized pieces from here.
        this.cutInScan = resumed ? 1 : 0;
        if (!this.builder) break;
      }
      // The first piece of a scan is always read: a hidden tab's observer does not answer.
      if (this.cutInScan && this.deps.readAhead?.shouldWait(this.builder)) {
        this.cut();
        this.parked.add(this.builder);
        this.builder = undefined;
        this.deps.onWaiting?.();
        continue;
      }
      if (!this.builder.step()) {
        this.cut();
        this.deps.readAhead?.forget(this.builder);
        this.builder = undefined;
        continue;
      }
      if (this.deps.readAhead && ++this.sinceTrack >= TRACK_UNITS) {
        this.sinceTrack = 0;
        const frontier = frontierOf(this.builder.last);
        if (frontier) this.deps.readAhead.track(this.builder, frontier);
      }
      if (this.builder.size >= (this.cutInScan ? most : first)) this.cut();
      // One unit is one tile or one text node: small enough to check the clock after each.
      if (now() > deadline) {
        more = true;
        break;
      }
    }
    const took = now() - t0;
    this.slices++;
    if (took > this.longestSlice) this.longestSlice = took;
    if (more) this.kick();
  }

  private cut(): void {
    const piece = this.builder!.take();
    const d = piece.digest;
    // An empty piece still matters when it carries the page's facts (ids) or says the scan stopped.
    if (d.units.length || d.page || d.truncated) {
      this.cutInScan++;
      this.deps.send(piece);
    }
  }
}

/** Where on the page a unit is: its tile, or its text node's element. */
const frontierOf = (node: UnitNode | undefined): Element | null | undefined =>
  node && (node.kind === 'tile' ? node.element : node.node.parentElement);
