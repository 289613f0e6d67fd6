/**
 * Writes the engine's answers into the page: text marks and tile badges (marks.ts), each once its
 * element comes within a screen of the viewport (visible.ts), badges a frame at a time in batches
 * that follow what the last frames cost (frame-batch.ts), text marks all at once when a scan ends
 * (or at most every TEXT_WRITE_EVERY_MS during a long one). Which detections are shown is the
 * engine's one rule (lib/detect/score.ts showText); the writer only places them.
 */
import { FRAME_BATCH, FrameBatch } from './frame-batch';
import { EVERYWHERE, type Visibility } from './visible';
import { badgeOf, placeBadge, unwrapAll, wrapMatches, type TextMark, type TileMark } from './marks';
import type { Lifecycle } from './lifecycle';
import { BadgePlacer, PLACE_ATTR } from './badge-place';

/**
 * Badges written in the first animation frame; later frames write more or fewer as the frames
 * before them ran short or long (frame-batch.ts). Badges never go in with the scan's slices: each
 * frame with new badges pays a relayout of their container.
 */
export const BADGES_PER_FRAME = FRAME_BATCH.start;
/**
 * Text marks go in all at once, when a scan ends or at most this often during a long one. On an
 * article the cost is the other way round from badges: any frame with new marks re-lays the whole
 * article (in Chromium on the 1 MB bench page, 60 frames of marks took ~2.5 s of layout and
 * pre-paint, 5 frames ~0.4 s, 1 frame ~0.5 s), so the fewer frames with marks, the better.
 */
export const TEXT_WRITE_EVERY_MS = 1000;
/** Longest a frame's badge writing runs before it leaves the rest to the next frame. */
const WRITE_SLICE_MS = 5;

/** A text mark waiting, with its node's text when it was read (a node changed since is skipped). */
export interface QueuedText extends TextMark {
  data: string;
}

export interface WriterOptions {
  badges: boolean;
  scale: 'stars' | 'ten';
  spoilerSafe: boolean;
  dimBelow: number;
}

export interface WriterDeps {
  document: Document;
  lifecycle: Lifecycle;
  now?: () => number;
  /** Which elements are near the viewport (a new one per start); default: all of them. */
  visibility?: () => Visibility;
  /** The page's records are taken before Marquee writes and Marquee's own dropped after. */
  mutations: { drain(): void; discard(): void };
  /** No scan is running or waiting: text marks go in now. */
  scanIdle: () => boolean;
  options: () => WriterOptions;
}

export class Writer {
  private badgeQueue: TileMark[] = [];
  private badgeHead = 0;
  private readonly badgeBatch = new FrameBatch();
  private wroteBadges = false;
  private writeScheduled = false;
  private textQueue: QueuedText[] = [];
  /**
   * Text marks further than a screen from the viewport, by the element holding their text:
   * written as it comes near. Weak: text the page removes before it comes near is let go.
   */
  private textWaiting = new WeakMap<Element, QueuedText[]>();
  private tiles: Visibility = EVERYWHERE;
  private text: Visibility = EVERYWHERE;
  private lastTextWrite = 0;
  private active = false;
  /** Moves new badges off the text they would cover, a frame after they go in (badge-place.ts). */
  private placer?: BadgePlacer;

  constructor(private readonly deps: WriterDeps) {}

  start(): void {
    this.active = true;
    this.tiles = this.deps.visibility?.() ?? EVERYWHERE;
    this.text = this.deps.visibility?.() ?? EVERYWHERE;
    this.placer = new BadgePlacer({
      document: this.deps.document,
      signal: this.deps.lifecycle.signal,
      frame: (fn) => this.deps.lifecycle.frame(() => fn()),
      // As in write: records before this are the page's, records during it are ours.
      quietly: (fn) => {
        this.deps.mutations.drain();
        fn();
        this.deps.mutations.discard();
      },
    });
  }

  /** Forget everything queued and take every mark and badge off the page. */
  stop(): void {
    this.active = false;
    this.placer?.stop();
    this.placer = undefined;
    this.tiles.disconnect();
    this.tiles = EVERYWHERE;
    this.text.disconnect();
    this.text = EVERYWHERE;
    this.textWaiting = new WeakMap();
    this.textQueue = [];
    this.badgeQueue = [];
    this.badgeHead = 0;
    unwrapAll(this.deps.document);
  }

  /** Nothing waits to be written (near the viewport). */
  get idle(): boolean {
    return !this.textQueue.length && this.badgeHead >= this.badgeQueue.length;
  }

  /** A tile's answer: a badge once it is near, or (refs empty) its badge off. */
  tile(d: TileMark): void {
    if (!this.active || !this.deps.options().badges) return;
    if (d.refs.length) {
      const visible = this.tiles;
      visible.whenNear(d.target, () => {
        if (this.tiles !== visible) return;
        this.badgeQueue.push(d);
        this.schedule();
      });
    } else if (badgeOf(d.target)) {
      this.badgeQueue.push(d);
      this.schedule();
    }
  }

  /**
   * A text mark, written once the element holding its text comes within a screen of the
   * viewport: on an article every frame that adds marks re-lays the text around them, and a long
   * read's marks are mostly pages away.
   */
  textMark(item: QueuedText): void {
    if (!this.active) return;
    const el = item.node.parentElement;
    if (!el) return;
    const list = this.textWaiting.get(el);
    if (list) {
      list.push(item);
      return;
    }
    this.textWaiting.set(el, [item]);
    const visible = this.text;
    visible.whenNear(el, () => {
      if (this.text !== visible) return;
      const near = this.textWaiting.get(el) ?? [];
      this.textWaiting.delete(el);
      for (const t of near) this.textQueue.push(t);
      this.schedule();
    });
  }

  private textDue(): boolean {
    if (!this.textQueue.length) return false;
    const now = this.deps.now ?? (() => performance.now());
    return this.deps.scanIdle() || now() - this.lastTextWrite >= TEXT_WRITE_EVERY_MS;
  }

  /** Write what is due in the next frame (after an answer, or when a scan ends). */
  schedule(): void {
    if (!this.active || this.writeScheduled) return;
    if (this.badgeHead >= this.badgeQueue.length && !this.textDue()) return;
    this.writeScheduled = true;
    // Just before the frame that renders them; a hidden tab draws nothing, so it waits too.
    this.deps.lifecycle.frame((frameStart) => {
      this.writeScheduled = false;
      const wrote = this.wroteBadges;
      // Only real frames adapt the batch (tests schedule by hand: it stays at its start).
      const most = frameStart === undefined ? this.badgeBatch.size : this.badgeBatch.frame(frameStart, wrote);
      this.write(most);
    });
  }

  /** One frame's writes: the queued text marks when due, and at most `most` badges. */
  private write(most: number): void {
    if (!this.active) return;
    const now = this.deps.now ?? (() => performance.now());
    const deadline = now() + WRITE_SLICE_MS;
    // Records before this are the page's, records during it are ours.
    this.deps.mutations.drain();
    const opts = this.deps.options();
    if (this.textDue()) {
      const text = this.textQueue.filter((t) => t.node.isConnected && t.node.data === t.data);
      this.textQueue = [];
      this.lastTextWrite = now();
      wrapMatches(text);
    }
    const end = Math.min(this.badgeQueue.length, this.badgeHead + most);
    this.wroteBadges = this.badgeHead < end;
    while (this.badgeHead < end) {
      const d = this.badgeQueue[this.badgeHead++]!;
      // A tile gone from the page, or re-queued since (a reused tile): a later entry has it.
      if (!d.target.isConnected) continue;
      const badge = placeBadge(d, opts);
      if (badge && !badge.hasAttribute(PLACE_ATTR)) this.placer?.add(badge);
      if (now() > deadline) break;
    }
    if (this.badgeHead >= this.badgeQueue.length) {
      this.badgeQueue = [];
      this.badgeHead = 0;
    }
    this.deps.mutations.discard();
    this.schedule();
  }
}
