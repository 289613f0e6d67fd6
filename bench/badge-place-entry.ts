/**
 * Bundled by bench/badge-place.ts and run in a Chromium page: badges written on every tile of a
 * page's table, then placed off the text (lib/content/badge-place.ts) the way the content script
 * does it — every read of the batch, then every write — against, in the same page, the same
 * placement done badge by badge (read, write, read, write: each read after a write forces a
 * layout), and against writing the badges alone.
 */
import { apply, BadgePlacer, choosePlace, measure } from '../lib/content/badge-place';
import { placeBadge, type TileMark } from '../lib/content/marks';

export interface PlaceTimes {
  badges: number;
  /** Writing the badges (hidden, unplaced) plus the layout that follows. */
  writeMs: number;
  /** Placing them: one batch of reads, one of writes, plus the layout that follows. */
  batchedMs: number;
  /** Placing them badge by badge, read then write, plus the final layout. */
  interleavedMs: number;
  /** Where they went: spot → count. */
  spots: Record<string, number>;
}

const settle = () => document.body.getBoundingClientRect().height;

export function placeTimes(selector: string, runs: number): PlaceTimes[] {
  const targets = [...document.querySelectorAll(selector)];
  const tiles: TileMark[] = targets.map((target, i) => ({
    kind: 'tile',
    target,
    key: `k${i}`,
    text: target.textContent ?? '',
    refs: [`b/${i}`],
    // Ratings of every width the badge has ("★ 1.0" … "★ 5.0"), as fractions of their scale.
    ratings: [((i % 9) / 2 + 1) / 5],
    confidence: 1,
    reason: 'bench',
  }));
  const write = () => tiles.map((d) => placeBadge(d, { scale: 'stars' })!);
  const clear = () => {
    for (const b of document.querySelectorAll('marquee-badge')) b.remove();
    settle();
  };
  const out: PlaceTimes[] = [];
  for (let r = 0; r < runs; r++) {
    // Badge by badge: a read after each write.
    clear();
    let badges = write();
    settle();
    let t0 = performance.now();
    for (const b of badges) apply(b, b.parentElement!, choosePlace(measure(b, b.parentElement!)));
    settle();
    const interleavedMs = performance.now() - t0;
    // As the content script does: the writes of one frame, then the placer's batch in the next.
    clear();
    t0 = performance.now();
    badges = write();
    settle();
    const writeMs = performance.now() - t0;
    const placer = new BadgePlacer({
      document,
      signal: new AbortController().signal,
      frame: () => undefined,
      quietly: (fn) => fn(),
    });
    for (const b of badges) placer.add(b);
    t0 = performance.now();
    placer.run();
    settle();
    const batchedMs = performance.now() - t0;
    placer.stop();
    const spots: Record<string, number> = {};
    for (const b of badges) {
      const k = b.getAttribute('data-place') ?? '-';
      spots[k] = (spots[k] ?? 0) + 1;
    }
    out.push({ badges: badges.length, writeMs, batchedMs, interleavedMs, spots });
  }
  return out;
}
