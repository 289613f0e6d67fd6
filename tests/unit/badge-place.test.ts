import { describe, expect, it } from 'vitest';
import { setBody } from '../html';
import {
  apply,
  BadgePlacer,
  choosePlace,
  GAP,
  PLACE_ATTR,
  type Box,
  type Geometry,
} from '@/lib/content/badge-place';
import { badgeOf, placeBadge, type TileMark } from '@/lib/content/marks';

const box = (left: number, top: number, width: number, height: number): Box => ({
  left,
  top,
  right: left + width,
  bottom: top + height,
});

/**
 * A 46×18 badge at its static place: its 4 px margin from where the title starts (it is the
 * title's first child), or from the tile's corner when the tile has no text.
 */
function geometry(over: Partial<Geometry> & { tile: Box }): Geometry {
  const start = over.title?.[0] ?? over.tile;
  return {
    badge: box(start.left + 4, start.top + 4, 46, 18),
    title: [],
    text: over.title ?? [],
    rtl: false,
    complete: true,
    ...over,
  };
}

const placed = (g: Geometry, p = choosePlace(g)) => {
  if (p.at === 'inline') return undefined;
  const w = g.badge.right - g.badge.left;
  const h = g.badge.bottom - g.badge.top;
  return box(g.badge.left + p.dx, g.badge.top + p.dy, w, h);
};

const overlap = (a: Box, b: Box) =>
  Math.min(a.right, b.right) > Math.max(a.left, b.left) &&
  Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);

describe('choosing where a badge covers no text', () => {
  it('keeps the static place on a poster (no text on the tile)', () => {
    expect(choosePlace(geometry({ tile: box(0, 0, 125, 187) }))).toEqual({ at: 'static', dx: 0, dy: 0 });
  });

  it('moves a badge off the start of a table row title to just after it, on its line', () => {
    // "Groundhog Day" in a 300 px wide header cell, 22 px tall: the static place is over "Gro".
    const title = [box(6, 4, 110, 15)];
    const g = geometry({ tile: box(0, 0, 300, 24), title, text: title });
    const p = choosePlace(g);
    expect(p.at).toBe('after');
    const at = placed(g, p)!;
    expect(at.left).toBe(116 + GAP);
    // Centred on the title's line (rounded to whole px).
    expect(Math.abs(at.top + 9 - (4 + 7.5))).toBeLessThanOrEqual(0.5);
    expect(overlap(at, title[0]!)).toBe(false);
  });

  it('uses a free corner of a tall cell when the title fills its width', () => {
    // A two-line title filling a 160 px cell, centred in a 120 px tall row.
    const title = [box(2, 40, 156, 15), box(2, 58, 150, 15)];
    const g = geometry({ tile: box(0, 0, 160, 120), title, text: title });
    const p = choosePlace(g);
    expect(p.at).toBe('top-end');
    const at = placed(g, p)!;
    expect(title.some((t) => overlap(at, t))).toBe(false);
    expect(at.right).toBeLessThanOrEqual(160);
  });

  it('goes inline after the title when no spot of the tile is free', () => {
    const title = [box(2, 2, 150, 15)];
    expect(choosePlace(geometry({ tile: box(0, 0, 156, 20), title, text: title }))).toEqual({ at: 'inline' });
  });

  it('avoids the tile’s other text too, not only the title', () => {
    // Room after the title, but a note ("also known as …") sits there on the next line's band.
    const title = [box(4, 4, 100, 15)];
    const note = box(104, 2, 150, 20);
    const g = geometry({ tile: box(0, 0, 260, 60), title, text: [...title, note] });
    const at = placed(g)!;
    expect(overlap(at, note)).toBe(false);
    expect(overlap(at, title[0]!)).toBe(false);
  });

  it('puts "after" on the left in right-to-left text', () => {
    const title = [box(190, 4, 100, 15)];
    const g = geometry({ tile: box(0, 0, 300, 24), title, text: title, rtl: true });
    g.badge = box(300 - 4 - 46, 4, 46, 18);
    const p = choosePlace(g);
    expect(p.at).toBe('after');
    expect(placed(g, p)!.right).toBe(190 - GAP);
  });

  it('tries only spots next to the title when the tile was too big to walk', () => {
    // Free top corner, but the tile's text is known only around the title: not tried.
    const title = [box(2, 40, 156, 15)];
    const g = geometry({ tile: box(0, 0, 160, 120), title, text: title, complete: false });
    expect(choosePlace(g).at).toBe('above');
  });
});

describe('moving the badge', () => {
  // Groundhog Day (1993), rated 4/5.
  const detection = (el: Element): TileMark => ({
    kind: 'tile',
    target: el,
    key: 'groundhog day',
    refs: ['x/gd'],
    ratings: [0.8],
    confidence: 1,
    reason: 'catalogue tile',
    text: 'Groundhog Day',
  });

  it('offsets with translate, or moves it after the title when inline, where badgeOf still finds it', () => {
    setBody('<table><tr><th><i id="t">Groundhog Day</i></th></tr></table>');
    const target = document.getElementById('t')!;
    const badge = placeBadge(detection(target), { scale: 'stars' })!;
    // New badges wait, hidden, for their place.
    expect(badge.hasAttribute(PLACE_ATTR)).toBe(false);
    apply(badge, target, { at: 'after', dx: 120, dy: -1 });
    expect(badge.style.getPropertyValue('translate')).toBe('120px -1px');
    expect(badge.getAttribute(PLACE_ATTR)).toBe('after');
    apply(badge, target, { at: 'inline' });
    expect(target.lastChild).toBe(badge);
    expect(badge.hasAttribute('style')).toBe(false);
    expect(badgeOf(target)).toBe(badge);
    expect(target.textContent).toBe('Groundhog Day');
    // The same film again: nothing to re-place. Another text: placed again.
    expect(placeBadge(detection(target), { scale: 'stars' })!.getAttribute(PLACE_ATTR)).toBe('inline');
    expect(placeBadge(detection(target), { scale: 'ten' })!.hasAttribute(PLACE_ATTR)).toBe(false);
  });

  it('places the badges of one frame in the next, reads before writes, quietly', () => {
    setBody('<div id="a">Heat</div><div id="b">Cats</div>');
    const frames: (() => void)[] = [];
    const log: string[] = [];
    const placer = new BadgePlacer({
      document,
      signal: new AbortController().signal,
      frame: (fn) => frames.push(fn),
      quietly: (fn) => {
        log.push('quiet');
        fn();
      },
    });
    for (const id of ['a', 'b']) {
      const el = document.getElementById(id)!;
      placer.add(placeBadge({ ...detection(el), key: id }, { scale: 'stars' })!);
    }
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(log).toEqual(['quiet']);
    expect(placer.placed).toBe(2);
    expect([...document.querySelectorAll('marquee-badge')].every((b) => b.hasAttribute(PLACE_ATTR))).toBe(
      true,
    );
    placer.stop();
    placer.add(document.querySelector('marquee-badge')!);
    expect(frames).toHaveLength(0);
  });
});
