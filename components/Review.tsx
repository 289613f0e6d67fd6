import type { EntryView } from '@/lib/messaging/protocol';
import type { CrewMember } from '@/lib/index/schema';
import { t } from '@/lib/i18n';
import { Stars } from './Stars';
import { formatDate } from './format';

function paragraphs(text: string | undefined) {
  return text?.split(/\n{2,}/).map((p, i) => <p key={i}>{p}</p>);
}

function groupCrew(crew: CrewMember[]): [string, string[]][] {
  const jobs = new Map<string, string[]>();
  for (const c of crew) jobs.set(c.job, [...(jobs.get(c.job) ?? []), c.name]);
  return [...jobs];
}

/** Only web links leave the popup: a `javascript:` or `data:` URL from an index is never a link. */
export const isWebUrl = (url: string | undefined): url is string => !!url && /^https?:\/\//i.test(url);

/** The full review (popup): verdict, rating, plot, cast and crew, review, conclusion, source. */
export function Review({ view }: { view: EntryView }) {
  const { entry } = view;
  const hasPeople = entry.cast.length > 0 || entry.directors.length > 0 || entry.crew.length > 0;
  const published = formatDate(entry.published);
  return (
    <article class="mq-review" dir="auto" data-ref={view.ref}>
      <header class="mq-review-head">
        <h1 class="mq-title">
          <bdi>{entry.title}</bdi>
          {entry.year !== undefined && <span class="mq-year"> ({entry.year})</span>}
        </h1>
        <Stars rating={entry.rating} />
      </header>
      {entry.verdict && (
        <section class="mq-section">
          <h2>{t('verdict')}</h2>
          <p class="mq-verdict-full">{entry.verdict}</p>
        </section>
      )}
      {entry.plot && (
        <section class="mq-section">
          <h2>{t('plot')}</h2>
          {paragraphs(entry.plot)}
        </section>
      )}
      {hasPeople && (
        <section class="mq-section">
          <h2>{t('castAndCrew')}</h2>
          {entry.directors.length > 0 && <p>{t('directedBy', [entry.directors.join(', ')])}</p>}
          {groupCrew(entry.crew).map(([job, names]) => (
            <p key={job}>{t('crewJob', [job, names.join(', ')])}</p>
          ))}
          {entry.cast.length > 0 && (
            <ul class="mq-cast" aria-label={t('cast')}>
              {entry.cast.map((c, i) => (
                <li key={`${c.actor}-${i}`}>{c.role ? t('asRole', [c.actor, c.role]) : c.actor}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      {entry.review && (
        <section class="mq-section">
          <h2>{t('review')}</h2>
          {entry.spoilers ? (
            // Hidden until the reader opens it, as its author flagged it (Letterboxd's spoiler flag).
            <details class="mq-spoiler" data-testid="spoiler-review">
              <summary>
                {t('spoilerWarning')} {t('spoilerShow')}
              </summary>
              {paragraphs(entry.review)}
            </details>
          ) : (
            paragraphs(entry.review)
          )}
        </section>
      )}
      {entry.conclusion && (
        <section class="mq-section">
          <h2>{t('conclusion')}</h2>
          {paragraphs(entry.conclusion)}
        </section>
      )}
      <footer class="mq-source">
        {t('source')}: <bdi>{entry.source.name}</bdi>
        {published && ` · ${published}`}
        {isWebUrl(entry.source.url) && (
          <>
            {' · '}
            <a href={entry.source.url} target="_blank" rel="noopener noreferrer">
              {t('readOriginal')}
            </a>
          </>
        )}
      </footer>
    </article>
  );
}
