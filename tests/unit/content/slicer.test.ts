import { afterEach, describe, expect, it } from 'vitest';
import { setBody } from '../../html';
import { createCollector } from '@/lib/detect/collect';
import type { CollectedPiece } from '@/lib/detect/digest';
import { manualLifecycle } from '@/lib/content/lifecycle';
import { Slicer } from '@/lib/content/slicer';
import { GENERIC_ARTICLE } from '@/lib/sites/registry';
import { recordScheduling } from '../../scheduling';

const paragraphs = (n: number) =>
  Array.from({ length: n }, (_, i) => `<p>Paragraph ${i} about a film we saw.</p>`).join('');

function slicer(
  opts: { first?: number; most?: number; full?: () => boolean; limits?: { units: number } } = {},
) {
  const lifecycle = manualLifecycle();
  const collector = createCollector(document, GENERIC_ARTICLE, opts.limits);
  const roots: Node[][] = [[document.body]];
  const pieces: CollectedPiece[] = [];
  let clock = 0;
  let first = true;
  const s = new Slicer({
    lifecycle,
    now: () => clock++,
    next: () => {
      const r = roots.shift();
      if (!r) return undefined;
      const b = collector.scan(r, { page: first });
      first = false;
      return b;
    },
    send: (p) => pieces.push(p),
    full: opts.full,
    pieceChars: opts.most ?? 2_000,
    firstPieceChars: opts.first ?? 500,
  });
  return { s, lifecycle, pieces, roots };
}

afterEach(() => {
  document.body.textContent = '';
});

describe('slicer', () => {
  it('reads in short slices and cuts a small first piece, then pieces up to the bound', () => {
    setBody(paragraphs(200));
    const { s, lifecycle, pieces } = slicer();
    s.kick();
    s.kick(); // one slice scheduled, however often kicked
    expect(lifecycle.pending).toBe(1);
    lifecycle.drain();
    expect(s.slices).toBeGreaterThan(10);
    expect(s.longestSlice).toBeLessThanOrEqual(7);
    const sizes = pieces.map((p) => JSON.stringify(p.digest).length);
    expect(sizes[0]).toBeLessThan(1_200);
    for (const n of sizes) expect(n).toBeLessThan(4_000);
    // The page's facts travel once, in the first piece; every unit once, with its node.
    expect(pieces.filter((p) => p.digest.page)).toEqual([pieces[0]]);
    expect(pieces.reduce((n, p) => n + p.digest.units.length, 0)).toBe(200);
    for (const p of pieces) expect(p.nodes).toHaveLength(p.digest.units.length);
    expect(s.busy).toBe(false);
  });

  it('starts a scan in an idle period and goes on after short yields, not at each idle period', () => {
    setBody(paragraphs(200));
    const { s, lifecycle } = slicer();
    const asked = recordScheduling(lifecycle);
    s.kick();
    lifecycle.drain();
    expect(s.slices).toBeGreaterThan(10);
    // On a busy machine idle periods stop coming: only the scan's start waits for one.
    expect(asked[0]).toBe('idle');
    expect(asked.slice(1)).toEqual(Array(s.slices - 1).fill('later 0'));
  });

  it('waits while the engine holds enough pieces, and goes on when kicked', () => {
    setBody(paragraphs(100));
    let full = false;
    const { s, lifecycle, pieces } = slicer({ full: () => full });
    s.kick();
    while (!pieces.length) lifecycle.step();
    full = true;
    lifecycle.drain();
    const held = pieces.length;
    expect(s.busy).toBe(true);
    full = false;
    s.kick();
    lifecycle.drain();
    expect(pieces.length).toBeGreaterThan(held);
    expect(s.busy).toBe(false);
  });

  it('a page bigger than the bounds is read up to them, and the last piece says so', () => {
    setBody(paragraphs(300));
    const { s, lifecycle, pieces } = slicer({ limits: { units: 120 } });
    s.kick();
    lifecycle.drain();
    expect(pieces.reduce((n, p) => n + p.digest.units.length, 0)).toBe(120);
    expect(pieces.at(-1)!.digest.truncated).toBe(true);
  });

  it('reset drops the scan in progress', () => {
    setBody(paragraphs(100));
    const { s, lifecycle, pieces, roots } = slicer();
    s.kick();
    lifecycle.step();
    s.reset();
    const before = pieces.length;
    lifecycle.drain();
    expect(pieces.length).toBe(before);
    expect(roots).toEqual([]);
  });
});
