import { afterEach, describe, expect, it } from 'vitest';
import { setBody } from '../../html';
import { createReadAhead, SCREENS_AHEAD, UNANSWERED_MAX } from '@/lib/content/read-ahead';
import { createCollector } from '@/lib/detect/collect';
import type { CollectedPiece, DigestBuilder } from '@/lib/detect/digest';
import { manualLifecycle } from '@/lib/content/lifecycle';
import { Slicer, TRACK_UNITS } from '@/lib/content/slicer';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';
import { recordScheduling } from '../../scheduling';
import { drivenIntersections } from '../../fake-observer';

afterEach(() => {
  document.body.textContent = '';
});

function readAhead() {
  const io = drivenIntersections();
  const woken: object[] = [];
  const ra = createReadAhead<object>({
    IntersectionObserver: io.IntersectionObserver,
    onNear: (o) => woken.push(o),
  });
  return { io, ra, woken };
}

describe('read-ahead', () => {
  it('observes below the viewport by its screens, and says "wait" only for a frontier below that', () => {
    setBody('<p id="a">a</p><p id="b">b</p>');
    const { io, ra, woken } = readAhead();
    const scan = {};
    const a = document.getElementById('a')!;
    ra.track(scan, a);
    expect(io.bottoms()).toEqual([1_000 * (1 + SCREENS_AHEAD)]);
    expect(ra.shouldWait(scan)).toBe(false); // one frontier unanswered: read on
    io.answer(a, 'below');
    expect(ra.shouldWait(scan)).toBe(true);
    expect(woken).toEqual([]);
    // The reader scrolls: the frontier comes within the area and the scan is handed back.
    io.answer(a, 'near');
    expect(woken).toEqual([scan]);
    expect(ra.shouldWait(scan)).toBe(false);
  });

  it('reads on past frontiers above the viewport, not rendered, or in a frame without root bounds', () => {
    setBody('<p id="a">a</p>');
    const a = document.getElementById('a')!;
    for (const where of ['above', 'hidden', 'no-root'] as const) {
      const { io, ra } = readAhead();
      const scan = {};
      ra.track(scan, a);
      io.answer(a, where);
      expect(ra.shouldWait(scan), where).toBe(false);
    }
  });

  it('waits when frontiers go unanswered (a hidden tab renders nothing), until one is answered', () => {
    setBody(Array.from({ length: 4 }, (_, i) => `<p id="p${i}">${i}</p>`).join(''));
    const { io, ra, woken } = readAhead();
    const scan = {};
    const p = (i: number) => document.getElementById(`p${i}`)!;
    for (let i = 0; i < UNANSWERED_MAX; i++) ra.track(scan, p(i));
    expect(ra.shouldWait(scan)).toBe(true);
    // Only the latest frontier is watched; an answer about an older one is not asked for.
    expect(io.observed()).toEqual([p(UNANSWERED_MAX - 1)]);
    io.answer(p(UNANSWERED_MAX - 1), 'near');
    expect(woken).toEqual([scan]);
    expect(ra.shouldWait(scan)).toBe(false);
  });

  it('lift hands back every waiting scan and stops observing; clear forgets and unlifts', () => {
    setBody('<p id="a">a</p><p id="b">b</p>');
    const { io, ra, woken } = readAhead();
    const one = {};
    const two = {};
    const a = document.getElementById('a')!;
    ra.track(one, a);
    ra.track(two, document.getElementById('b')!);
    io.answer(a, 'below');
    expect(ra.shouldWait(one)).toBe(true);
    expect(ra.shouldWait(two)).toBe(false);
    ra.lift();
    expect(woken).toEqual([one]);
    expect(ra.lifted).toBe(true);
    expect(io.disconnected()).toBe(true);
    ra.track(one, a);
    expect(ra.shouldWait(one)).toBe(false);
    ra.clear();
    expect(ra.lifted).toBe(false);
    ra.track(one, a);
    expect(io.observed()).toEqual([a]);
  });
});

describe('slicer with a read-ahead', () => {
  const paragraphs = (n: number) =>
    Array.from({ length: n }, (_, i) => `<p id="p${i}">Paragraph ${i} about a film we saw.</p>`).join('');

  function setup(n: number) {
    setBody(paragraphs(n));
    const io = drivenIntersections();
    const lifecycle = manualLifecycle();
    const collector = createCollector(document, GENERIC_ARTICLE);
    const pieces: CollectedPiece[] = [];
    let roots: Node[] | undefined = [document.body];
    let clock = 0;
    let waited = 0;
    const ra = createReadAhead<DigestBuilder>({
      IntersectionObserver: io.IntersectionObserver,
      onNear: (b) => s.resume(b),
    });
    const s: Slicer = new Slicer({
      lifecycle,
      now: () => clock++,
      next: () => {
        const r = roots;
        roots = undefined;
        return r && collector.scan(r, { page: true });
      },
      send: (p) => pieces.push(p),
      readAhead: ra,
      onWaiting: () => waited++,
      pieceChars: 2_000,
      firstPieceChars: 500,
    });
    const read = () => pieces.reduce((k, p) => k + p.digest.units.length, 0);
    return { s, io, ra, lifecycle, read, waited: () => waited, setRoots: (r: Node[]) => (roots = r) };
  }

  it('reads its first piece and a bounded overshoot, then waits for the observer; near goes on', () => {
    const { s, io, lifecycle, read, waited } = setup(1_000);
    s.kick();
    lifecycle.drain();
    // Nothing answered yet: the first piece plus at most UNANSWERED_MAX frontiers of units.
    const first = read();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(TRACK_UNITS * (UNANSWERED_MAX + 1));
    expect(s.waiting).toBe(true);
    expect(s.busy).toBe(false);
    expect(waited()).toBe(1);
    // Where it stopped is near the viewport: it reads on, and stops again at the next frontiers.
    const frontier = io.observed()[0]!;
    expect(io.answer(frontier, 'near')).toBe(true);
    lifecycle.drain();
    expect(read()).toBeGreaterThan(first);
    expect(read()).toBeLessThan(1_000);
    // A frontier far below: the scan waits however long the page is.
    const second = read();
    io.answer(io.observed()[0]!, 'below');
    lifecycle.drain();
    expect(read()).toBe(second);
    expect(s.waiting).toBe(true);
  });

  it('a scan handed back goes on after a short yield, not at the next idle period', () => {
    const { s, io, lifecycle } = setup(1_000);
    s.kick();
    lifecycle.drain();
    const asked = recordScheduling(lifecycle);
    io.answer(io.observed()[0]!, 'near');
    expect(asked).toEqual(['later 0']);
  });

  it('reads to the end once lifted, each unit once, in order', () => {
    const { s, ra, lifecycle, read } = setup(600);
    s.kick();
    lifecycle.drain();
    expect(read()).toBeLessThan(600);
    ra.lift();
    lifecycle.drain();
    expect(read()).toBe(600);
    expect(s.waiting).toBe(false);
  });

  it('a scan of changed nodes goes on while the page scan waits', () => {
    const { s, lifecycle, read, setRoots } = setup(1_000);
    s.kick();
    lifecycle.drain();
    const before = read();
    expect(s.waiting).toBe(true);
    const added = document.createElement('p');
    added.textContent = 'A new paragraph near the top.';
    document.body.prepend(added);
    setRoots([added]);
    s.kick();
    lifecycle.drain();
    expect(read()).toBe(before + 1);
    expect(s.waiting).toBe(true);
  });

  it('a waiting scan whose frontier left the page no longer waits for an answer after the next kick', () => {
    const { s, io, lifecycle } = setup(1_000);
    s.kick();
    lifecycle.drain();
    const frontier = io.observed()[0]!;
    io.answer(frontier, 'below');
    lifecycle.drain();
    expect(s.waiting).toBe(true);
    // A sibling far above is not where the scan stopped: it still waits.
    document.getElementById('p0')!.remove();
    s.kick();
    lifecycle.drain();
    expect(s.waiting).toBe(true);
    // Where it stopped is gone: it goes on from there (here its walk has nowhere left to go).
    frontier.remove();
    s.kick();
    lifecycle.drain();
    expect(s.waiting).toBe(false);
    expect(s.busy).toBe(false);
  });

  it('reset drops the waiting scan and the observer', () => {
    const { s, io, lifecycle } = setup(1_000);
    s.kick();
    lifecycle.drain();
    expect(s.waiting).toBe(true);
    s.reset();
    expect(s.waiting).toBe(false);
    expect(io.disconnected()).toBe(true);
  });
});
