/**
 * How many badges to write in the next animation frame. Each frame that gets new badges pays a
 * relayout of the tiles' container whatever their number: on the 2,000-tile bench catalogue in
 * Chromium a forced layout after each batch took about 11 ms plus 0.15 ms a badge, so 40 a frame
 * cost 870 ms of layout in all, 200 a frame 450 ms, all at once 310 ms in one long task.
 * Fewer, larger batches spend less of the page's time; frames over 50 ms are long tasks. So the
 * batch grows while frames stay short and halves as soon as one runs long. The first batch is the
 * largest: only tiles near the viewport get badges (visible.ts) and only the first screens are read
 * (read-ahead.ts), so it is usually all of a screen's badges in one frame; starting at 40 instead
 * took a second frame for the bench catalogue's 56 and cost ~10 ms more of the page's main thread
 * (bench/trace-tab.ts --page=catalogue, three alternated runs of 4 loads: 76/75/67 vs 88/76/85 ms).
 */
export interface FrameBatchOptions {
  /** First batch, before any frame has been seen. */
  start: number;
  min: number;
  max: number;
  /** A frame interval up to this (ms) has room: the next batch doubles. */
  growBelowMs: number;
  /** A frame interval over this (ms) was too long: the next batch halves. */
  shrinkAboveMs: number;
}

export const FRAME_BATCH: FrameBatchOptions = {
  start: 160,
  min: 10,
  max: 160,
  growBelowMs: 30,
  shrinkAboveMs: 42,
};

export class FrameBatch {
  size: number;
  private lastFrame?: number;

  constructor(private readonly o: FrameBatchOptions = FRAME_BATCH) {
    this.size = o.start;
  }

  /**
   * Called at the start of a frame that writes (`frameStart`: the requestAnimationFrame time).
   * When the previous frame also wrote, the time between them is what that batch cost the page.
   */
  frame(frameStart: number, previousWrote: boolean): number {
    if (previousWrote && this.lastFrame !== undefined) {
      const interval = frameStart - this.lastFrame;
      if (interval <= this.o.growBelowMs) this.size = Math.min(this.o.max, this.size * 2);
      else if (interval > this.o.shrinkAboveMs) this.size = Math.max(this.o.min, Math.floor(this.size / 2));
    }
    this.lastFrame = frameStart;
    return this.size;
  }
}
