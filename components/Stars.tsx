import { ratingLabel, toScale, type Rating } from '@/lib/index/rating';
import { t } from '@/lib/i18n';
import { useDisplay, type DisplayPrefs } from './display';

/** 3 → "3", 3.456 → "3.46": numbers as people write them. */
export function formatValue(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/**
 * What a rating shows, on the reader's chosen scale. Stars: five glyphs in half steps (any scale
 * brought to five: 7/10 → ★★★½) next to the rating as the review gave it ("7/10"), because the
 * source's own number is the honest one. Out of ten: the rating on ten ("7/10" for 3.5/5).
 * The accessible label always says the same number the eye reads.
 */
export function starParts(rating: Rating, scale: DisplayPrefs['ratingScale']) {
  if (scale === 'ten') {
    const ten = toScale(rating, 10);
    return {
      full: 0,
      half: false,
      empty: 0,
      number: `${formatValue(ten)}/10`,
      label: t('ratedLabel', [formatValue(ten), 10]),
    };
  }
  const fives = toScale(rating, 5);
  const full = Math.floor(fives);
  const half = fives - full >= 0.5;
  return {
    full,
    half,
    empty: 5 - full - (half ? 1 : 0),
    number: ratingLabel(rating),
    label: t('ratedLabel', [formatValue(rating.value), formatValue(rating.scale)]),
  };
}

/** Stars in half steps plus the number and scale ("★★★½ 3.5/5"), or "★ 7/10" on the ten scale. */
export function Stars({ rating, hidden }: { rating?: Rating; hidden?: boolean }) {
  const { ratingScale } = useDisplay();
  if (!rating) return <span class="mq-stars mq-unrated">{t('unrated')}</span>;
  if (hidden) return <span class="mq-stars mq-unrated">{t('ratingHidden')}</span>;
  const p = starParts(rating, ratingScale);
  return (
    <span class="mq-stars" role="img" aria-label={p.label} title={p.label} data-scale={ratingScale}>
      <span class="mq-stars-glyphs" aria-hidden="true">
        {ratingScale === 'ten' ? (
          '★'
        ) : (
          <>
            {'★'.repeat(p.full)}
            {p.half ? '½' : ''}
            <span class="mq-stars-empty">{'☆'.repeat(p.empty)}</span>
          </>
        )}
      </span>{' '}
      <span class="mq-stars-number" aria-hidden="true">
        {p.number}
      </span>
    </span>
  );
}
