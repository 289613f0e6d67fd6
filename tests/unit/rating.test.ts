import { describe, expect, it } from 'vitest';
import { parseRating, ratingLabel, starString, toScale } from '../../lib/index/rating';

describe('parseRating', () => {
  it.each([
    ['★★★½ (3.5/5)', 3.5, 5],
    ['★★★½', 3.5, 5],
    ['★★★★☆', 4, 5],
    ['3.5/5', 3.5, 5],
    ['7/10', 7, 10],
    ['8 out of 10', 8, 10],
    ['4 stars', 4, 5],
    ['3,5/5', 3.5, 5],
    ['three and a half stars', 3.5, 5],
    ['Four stars', 4, 5],
    ['half a star', 0.5, 5],
  ])('%s → %d/%d', (text, value, scale) => {
    expect(parseRating(text)).toEqual({ value, scale });
  });

  it.each(['great', '', '7/5', '12 out of 10'])('%s → undefined', (text) => {
    expect(parseRating(text)).toBeUndefined();
  });
});

describe('display helpers', () => {
  it('draws half stars and labels the scale', () => {
    expect(starString({ value: 3.5, scale: 5 })).toBe('★★★½');
    expect(starString({ value: 7, scale: 10 })).toBe('★★★½');
    expect(starString({ value: 0, scale: 5 })).toBe('');
    expect(ratingLabel({ value: 3.5, scale: 5 })).toBe('3.5/5');
    expect(toScale({ value: 3.5, scale: 5 }, 10)).toBe(7);
  });
});
