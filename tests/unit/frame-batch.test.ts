import { describe, expect, it } from 'vitest';
import { FRAME_BATCH, FrameBatch } from '@/lib/content/frame-batch';

describe('FrameBatch (badges a frame)', () => {
  const growing = { ...FRAME_BATCH, start: 40 };

  it('starts with a screen of badges at once: the largest batch', () => {
    const b = new FrameBatch();
    expect(b.frame(0, false)).toBe(FRAME_BATCH.max);
    expect(b.frame(16.7, true)).toBe(FRAME_BATCH.max);
  });

  it('starts at its first batch and grows while frames that wrote stay short', () => {
    const b = new FrameBatch(growing);
    expect(b.frame(0, false)).toBe(40);
    expect(b.frame(16.7, true)).toBe(80);
    expect(b.frame(33.4, true)).toBe(FRAME_BATCH.max);
    expect(b.frame(50.1, true)).toBe(FRAME_BATCH.max);
  });

  it('halves after a long frame, down to its minimum, and holds in between', () => {
    const b = new FrameBatch({ start: 80, min: 10, max: 160, growBelowMs: 30, shrinkAboveMs: 42 });
    b.frame(0, false);
    expect(b.frame(60, true)).toBe(40);
    expect(b.frame(96, true)).toBe(40); // 36 ms: neither short nor long
    expect(b.frame(200, true)).toBe(20);
    expect(b.frame(300, true)).toBe(10);
    expect(b.frame(400, true)).toBe(10);
  });

  it('does not read the gap after a frame that wrote nothing (the page was idle, not slow)', () => {
    const b = new FrameBatch(growing);
    b.frame(0, false);
    expect(b.frame(5000, false)).toBe(40);
    expect(b.frame(5016, true)).toBe(80);
  });
});
