import { ratingLabel, toScale, type Rating } from '@/lib/index/rating';
import { t } from '@/lib/i18n';

/** Five stars in half steps (★★★½ for 3.5/5, any scale brought to five), plus "3.5/5". */
export function Stars({ rating }: { rating?: Rating }) {
  if (!rating) return <span class="mq-stars mq-unrated">{t('unrated')}</span>;
  const fives = toScale(rating, 5);
  const full = Math.floor(fives);
  const half = fives - full >= 0.5;
  const empty = 5 - full - (half ? 1 : 0);
  const label = t('ratedLabel', [formatValue(rating.value), formatValue(rating.scale)]);
  return (
    <span class="mq-stars" role="img" aria-label={label} title={label}>
      <span class="mq-stars-glyphs" aria-hidden="true">
        {'★'.repeat(full)}
        {half ? '½' : ''}
        <span class="mq-stars-empty">{'☆'.repeat(empty)}</span>
      </span>{' '}
      <span class="mq-stars-number" aria-hidden="true">
        {ratingLabel(rating)}
      </span>
    </span>
  );
}

function formatValue(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}
