import type { EntryView } from '@/lib/messaging/protocol';
import { t } from '@/lib/i18n';
import { Stars } from './Stars';
import { OtherRatingsNote } from './OtherRatings';

/** The hover card: title and year, stars, verdict, source. All text is rendered as text. */
export function Card({
  view,
  onFullReview,
  others = [],
}: {
  view: EntryView;
  onFullReview?: () => void;
  /** The same film from other sources (issue #4): counted as "+N other ratings". */
  others?: EntryView[];
}) {
  const { entry } = view;
  return (
    <article class="mq-card" aria-label={entry.title} dir="auto">
      <header class="mq-card-head">
        <h2 class="mq-title">
          {entry.title}
          {entry.year !== undefined && <span class="mq-year"> ({entry.year})</span>}
        </h2>
        <Stars rating={entry.rating} />
      </header>
      {entry.verdict && <p class="mq-verdict">{entry.verdict}</p>}
      <OtherRatingsNote others={others} />
      <footer class="mq-card-foot">
        <span class="mq-source">
          {entry.source.name}
          {entry.published && ` · ${entry.published}`}
        </span>
        {onFullReview && (
          <button type="button" class="mq-link" onClick={onFullReview}>
            {t('fullReview')}
          </button>
        )}
      </footer>
    </article>
  );
}
