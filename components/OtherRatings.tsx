import { useEffect, useState } from 'preact/hooks';
import type { EntryView } from '@/lib/messaging/protocol';
import { send } from '@/lib/messaging/client';
import { t, tn } from '@/lib/i18n';
import { ratingLabel } from '@/lib/index/rating';
import { Stars } from './Stars';

/** On the card: "+2 other ratings", the other sources named in its tooltip. */
export function OtherRatingsNote({ others }: { others: EntryView[] }) {
  if (others.length === 0) return null;
  const detail = others
    .map((v) => `${v.sourceName}${v.entry.rating ? ` ${ratingLabel(v.entry.rating)}` : ''}`)
    .join(' · ');
  return (
    <p class="mq-other-ratings" title={detail}>
      {tn('otherRatings', others.length)}
    </p>
  );
}

/** In the popup: every source's rating of the shown film, preferred source first. */
export function AllRatings({ view }: { view: EntryView }) {
  const [views, setViews] = useState<EntryView[]>([]);
  useEffect(() => {
    let live = true;
    void send('otherRatings', { ref: view.ref })
      .then((v) => live && setViews(v))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [view.ref]);
  if (views.length < 2) return null;
  return (
    <section class="mq-all-ratings">
      <h2>{t('allRatings')}</h2>
      <ul>
        {views.map((v) => (
          <li key={v.ref} aria-current={v.ref === view.ref ? 'true' : undefined}>
            <span class="mq-all-ratings-source">{v.sourceName}</span> <Stars rating={v.entry.rating} />
            {v.entry.verdict && <span class="mq-muted"> — {v.entry.verdict}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
