import { describe, expect, it } from 'vitest';
import { setBody } from '../html';
import { buildLexicon, loadLexicon } from '@/lib/detect/lexicon';
import { DIM_ATTR, placeBadge, unwrapAll, type TileMark } from '@/lib/content/marks';

const lex = loadLexicon(
  buildLexicon([
    { ref: 'x/heat', title: 'Heat', year: 1995, rating: { value: 9, scale: 10 } },
    { ref: 'x/cats', title: 'Cats', year: 2019, rating: { value: 1.5, scale: 5 } },
  ]),
);

/** A tile as the engine answers it: its refs, and each ref's rating from the lexicon. */
function tile(id: string, entry: number, text: string): TileMark {
  const el = document.getElementById(id)!;
  return {
    kind: 'tile',
    target: el,
    key: text.toLowerCase(),
    ratings: [lex.rating(entry)?.fraction ?? null],
    refs: [lex.refs[entry]!],
    confidence: 1,
    reason: 'catalogue tile',
    text,
  };
}

describe('tile badges and display settings', () => {
  it('shows the rating, dims tiles rated below the setting, and undoes both', () => {
    setBody('<a id="heat" href="/title/1">Heat</a><a id="cats" href="/title/2">Cats</a>');
    const opts = { scale: 'stars' as const, dimBelow: 0.5 };
    expect(placeBadge(tile('heat', 0, 'Heat'), opts)?.getAttribute('data-text')).toBe('★ 4.5');
    expect(placeBadge(tile('cats', 1, 'Cats'), opts)?.getAttribute('data-text')).toBe('★ 1.5');
    expect(document.getElementById('heat')!.hasAttribute(DIM_ATTR)).toBe(false);
    expect(document.getElementById('cats')!.hasAttribute(DIM_ATTR)).toBe(true);
    // The tile's own text is untouched: the badge draws its rating with ::before.
    expect(document.getElementById('cats')!.textContent).toBe('Cats');
    unwrapAll(document);
    expect(document.querySelectorAll(`marquee-badge, [${DIM_ATTR}]`)).toHaveLength(0);
  });

  it('hides the rating in spoiler-safe mode and uses the out-of-10 scale when asked', () => {
    setBody('<a id="heat" href="/title/1">Heat</a>');
    expect(
      placeBadge(tile('heat', 0, 'Heat'), { scale: 'stars', spoilerSafe: true })?.getAttribute('data-text'),
    ).toBe('★');
    expect(placeBadge(tile('heat', 0, 'Heat'), { scale: 'ten' })?.getAttribute('data-text')).toBe('9.0/10');
  });
});
