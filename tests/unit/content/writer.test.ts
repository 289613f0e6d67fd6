import { afterEach, describe, expect, it } from 'vitest';
import { setBody } from '../../html';
import { manualLifecycle } from '@/lib/content/lifecycle';
import type { Visibility } from '@/lib/content/visible';
import { BADGES_PER_FRAME, Writer, type WriterOptions } from '@/lib/content/writer';
import type { TileMark } from '@/lib/content/marks';

function writer(opts: Partial<WriterOptions> = {}, visibility?: () => Visibility) {
  const lifecycle = manualLifecycle();
  const calls: string[] = [];
  let scanIdle = true;
  const w = new Writer({
    document,
    lifecycle,
    now: () => 0,
    ...(visibility ? { visibility } : {}),
    mutations: { drain: () => calls.push('drain'), discard: () => calls.push('discard') },
    scanIdle: () => scanIdle,
    options: () => ({ badges: true, scale: 'stars', spoilerSafe: false, dimBelow: 0, ...opts }),
  });
  w.start();
  return { w, lifecycle, calls, setScanIdle: (v: boolean) => (scanIdle = v) };
}

const text = (node: Text, start: number, end: number) => ({
  kind: 'text',
  node,
  data: node.data,
  start,
  end,
  refs: ['b/lalaland'],
  confidence: 0.8,
  reason: 'title case',
});
const tile = (target: Element, refs = ['b/up']): TileMark => ({
  kind: 'tile',
  target,
  key: 'up',
  text: 'Up',
  refs,
  ratings: refs.map(() => 0.8),
  confidence: 1,
  reason: 'catalogue tile',
});

afterEach(() => {
  document.body.textContent = '';
});

describe('writer', () => {
  it("writes text marks in one frame once the scan is idle, between the page's records and its own", () => {
    setBody('<p id="p">We saw La La Land again.</p>');
    const { w, lifecycle, calls, setScanIdle } = writer();
    const node = document.getElementById('p')!.firstChild as Text;
    setScanIdle(false);
    w.textMark(text(node, 7, 17));
    w.schedule();
    // A scan still running and the last write just now: the marks wait for it to end.
    expect(lifecycle.pending).toBe(0);
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(0);
    setScanIdle(true);
    w.schedule();
    lifecycle.drain();
    expect(document.querySelector('marquee-mark')?.textContent).toBe('La La Land');
    expect(calls.slice(-2)).toEqual(['drain', 'discard']);
    expect(w.idle).toBe(true);
  });

  it('skips a mark whose text changed since it was read', () => {
    setBody('<p id="p">We saw La La Land again.</p>');
    const { w, lifecycle } = writer();
    const node = document.getElementById('p')!.firstChild as Text;
    w.textMark(text(node, 7, 17));
    node.data = 'Something else entirely.';
    lifecycle.drain();
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(0);
  });

  it('waits for an element to come near before writing to it', () => {
    setBody('<p id="p">We saw La La Land again.</p><div id="t"></div>');
    const near: (() => void)[] = [];
    const visibility = (): Visibility => ({
      whenNear: (_el, fn) => void near.push(fn),
      disconnect: () => undefined,
    });
    const { w, lifecycle } = writer({}, visibility);
    w.textMark(text(document.getElementById('p')!.firstChild as Text, 7, 17));
    w.tile(tile(document.getElementById('t')!));
    lifecycle.drain();
    expect(document.querySelectorAll('marquee-mark, marquee-badge')).toHaveLength(0);
    for (const fn of near) fn();
    lifecycle.drain();
    expect(document.querySelectorAll('marquee-mark, marquee-badge')).toHaveLength(2);
  });

  it('badges at most BADGES_PER_FRAME tiles a frame; a tile that names nothing now loses its badge', () => {
    setBody(Array.from({ length: BADGES_PER_FRAME + 3 }, (_, i) => `<div id="t${i}"></div>`).join(''));
    const { w, lifecycle } = writer();
    for (const el of Array.from(document.querySelectorAll('div'))) w.tile(tile(el));
    lifecycle.step();
    expect(document.querySelectorAll('marquee-badge')).toHaveLength(BADGES_PER_FRAME);
    lifecycle.drain();
    expect(document.querySelectorAll('marquee-badge')).toHaveLength(BADGES_PER_FRAME + 3);
    expect(document.querySelector('#t0 marquee-badge')!.getAttribute('data-text')).toBe('★ 4.0');
    w.tile(tile(document.getElementById('t0')!, []));
    lifecycle.drain();
    expect(document.querySelector('#t0 marquee-badge')).toBeNull();
  });

  it('underline style: no badges; stop takes everything off the page', () => {
    setBody('<p id="p">We saw La La Land again.</p><div id="t"></div>');
    const { w, lifecycle } = writer({ badges: false });
    w.textMark(text(document.getElementById('p')!.firstChild as Text, 7, 17));
    w.tile(tile(document.getElementById('t')!));
    lifecycle.drain();
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(1);
    expect(document.querySelectorAll('marquee-badge')).toHaveLength(0);
    w.stop();
    expect(document.querySelectorAll('marquee-mark')).toHaveLength(0);
    expect(document.body.textContent).toBe('We saw La La Land again.');
  });
});
