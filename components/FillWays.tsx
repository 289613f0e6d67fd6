import { t, type MessageKey } from '@/lib/i18n';

/** The ways to fill the index, each an anchor on the options page (kept stable: the welcome page links them). */
export const FILL_WAYS = [
  { id: 'import', title: 'wayLetterboxdTitle', text: 'wayLetterboxdText', link: 'wayLetterboxdLink' },
  { id: 'follow', title: 'wayFollowTitle', text: 'wayFollowText', link: 'wayFollowLink' },
  { id: 'imdb', title: 'wayImdbTitle', text: 'wayImdbText', link: 'wayImdbLink' },
  { id: 'subscribe', title: 'waySubscribeTitle', text: 'waySubscribeText', link: 'waySubscribeLink' },
] as const satisfies readonly { id: string; title: MessageKey; text: MessageKey; link: MessageKey }[];

/**
 * Where ratings come from, each one step away: on the welcome page the links open the options
 * page at the right section (`page` = "options.html"); on the options page they are in-page anchors.
 */
export function FillWays({ page = '' }: { page?: string }) {
  return (
    <>
      <ul class="mq-ways">
        {FILL_WAYS.map((w) => (
          <li key={w.id} class="mq-way" data-way={w.id}>
            <strong>{t(w.title)}</strong>
            <p class="mq-muted">{t(w.text)}</p>
            <a class="mq-way-link" href={`${page}#${w.id}`}>
              {t(w.link)} →
            </a>
          </li>
        ))}
      </ul>
      <p class="mq-muted mq-way-page">{t('wayPageText')}</p>
    </>
  );
}
