/**
 * Ratings as written in reviews ("★★★½", "3.5/5", "7/10", "4 stars", "three and a half stars")
 * parsed to one shape: a value on its own scale. Display code converts scales; storage never does,
 * so an IMDb 7/10 stays 7/10 (imported ratings keep their own scale).
 */
export interface Rating {
  value: number;
  scale: number;
}

const WORD_NUMBERS: Record<string, number> = {
  zero: 0,
  no: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/**
 * The seed's rating line, "Rating: ★★★½ (3.5/5)" (also "Our rating –", "Score:", "Stars:"): the
 * article parser's marker between the verdict and the rest, and the content script's sign that a
 * page is a review in that shape.
 */
export const RATING_LINE = /^(?:(?:our\s)?rating|score|stars?)\s*[:\-–]\s*(.+)$/i;

const NUM = String.raw`(\d+(?:[.,]\d+)?)`;

/** Parse a rating from free text; returns undefined when none is found. */
export function parseRating(text: string): Rating | undefined {
  const t = text.trim();
  // "3.5/5", "(3.5/5)", "7/10", "3.5 out of 5"
  const frac = new RegExp(`${NUM}\\s*(?:/|out of|of)\\s*${NUM}`, 'i').exec(t);
  if (frac) return checked(num(frac[1]!), num(frac[2]!));
  // "★★★½", "★★★☆☆", "***1/2"
  const stars = /([★*]+)\s*(½|1\/2|\.5)?/.exec(t);
  if (stars && /★|\*{2,}/.test(stars[0])) {
    return checked(stars[1]!.length + (stars[2] ? 0.5 : 0), 5);
  }
  // "4 stars", "3.5 stars"
  const numStars = new RegExp(`${NUM}\\s*stars?\\b`, 'i').exec(t);
  if (numStars) return checked(num(numStars[1]!), 5);
  // "three and a half stars", "four stars", "half a star"
  const words = /\b(zero|no|one|two|three|four|five)?(?:\s+and)?\s*(a half|half a|½)?\s*stars?\b/i.exec(t);
  if (words && (words[1] || words[2])) {
    const whole = words[1] ? WORD_NUMBERS[words[1].toLowerCase()]! : 0;
    return checked(whole + (words[2] ? 0.5 : 0), 5);
  }
  return undefined;
}

function num(s: string): number {
  return Number(s.replace(',', '.'));
}

function checked(value: number, scale: number): Rating | undefined {
  if (!Number.isFinite(value) || !Number.isFinite(scale) || scale <= 0 || value < 0 || value > scale) {
    return undefined;
  }
  return { value, scale };
}

/** Convert a rating to a value on another scale, rounded to the nearest half step. */
export function toScale(rating: Rating, scale: number): number {
  return Math.round((rating.value / rating.scale) * scale * 2) / 2;
}

/** "★★★½" for 3.5/5 (any scale is first brought to five stars, in half steps). */
export function starString(rating: Rating): string {
  const v = toScale(rating, 5);
  const full = Math.floor(v);
  return '★'.repeat(full) + (v - full >= 0.5 ? '½' : '');
}

/** "3.5/5", "7/10". */
export function ratingLabel(rating: Rating): string {
  return `${formatNumber(rating.value)}/${formatNumber(rating.scale)}`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}
