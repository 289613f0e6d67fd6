import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '@/lib/messaging/client';
import type { EntryView } from '@/lib/messaging/protocol';
import { isSiteEnabled, setSiteEnabled } from '@/lib/settings';
import { t } from '@/lib/i18n';
import { Review } from './Review';
import { Stars } from './Stars';
import { useSettings } from './useSettings';
import { AllRatings } from './OtherRatings';

interface State {
  host?: string;
  current?: EntryView;
  found: EntryView[];
}

/** Toolbar popup: the film last hovered in this tab, the films found on the page, a site switch. */
export function PopupApp() {
  const [state, setState] = useState<State>();
  const [error, setError] = useState<string>();
  const [picked, setPicked] = useState<EntryView>();
  const { settings, update } = useSettings();

  useEffect(() => {
    void (async () => {
      const params = new URLSearchParams(location.search);
      const wanted = params.get('ref');
      // ?tab= when the popup page is opened in a tab (the "Full review" fallback, tests).
      const tabParam = Number(params.get('tab'));
      const tabId = tabParam || (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
      // The content script reports its page's host, so the popup needs no "tabs" permission.
      const tabState = tabId !== undefined ? await send('getTabState', { tabId }) : { found: [] };
      const host = tabState.host;
      const lastRef = wanted ?? tabState.lastHovered;
      const refs = [...new Set([...(lastRef ? [lastRef] : []), ...tabState.found])];
      const views = refs.length ? await send('getEntries', { refs }) : [];
      setState({
        host,
        current: views.find((v) => v.ref === lastRef),
        found: views.filter((v) => tabState.found.includes(v.ref)),
      });
    })().catch((e: unknown) => setError((e as Error).message));
  }, []);

  if (error) return <p class="mq-error">{t('errorPrefix', [error])}</p>;
  if (!state || !settings) return <p class="mq-muted">{t('loading')}</p>;
  const shown = picked ?? state.current;
  const siteOn = state.host ? isSiteEnabled(settings, state.host) : false;

  return (
    <main class="mq-popup">
      <header class="mq-bar">
        <strong>{t('extName')}</strong>
        {state.host && (
          <label class="mq-switch">
            <input
              type="checkbox"
              checked={siteOn}
              onChange={(e) => void update(setSiteEnabled(settings, state.host!, e.currentTarget.checked))}
            />
            {t('onThisSite', [state.host])}
          </label>
        )}
      </header>
      {!state.host && <p class="mq-muted">{t('notAWebPage')}</p>}
      {state.host && !siteOn && <p class="mq-muted">{t('siteOff')}</p>}
      {shown && <Review view={shown} />}
      {shown && <AllRatings view={shown} /> /* every source's rating (issue #4) */}
      {state.found.length > 0 && (
        <section class="mq-found">
          <h2>{t('foundOnPage')}</h2>
          <ul>
            {state.found.map((v) => (
              <li key={v.ref}>
                <button type="button" class="mq-found-item" onClick={() => setPicked(v)}>
                  <span class="mq-found-title">
                    {v.entry.title}
                    {v.entry.year !== undefined && ` (${v.entry.year})`}
                  </span>
                  <Stars rating={v.entry.rating} />
                  {v.entry.verdict && <span class="mq-found-verdict">{v.entry.verdict}</span>}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {state.host && siteOn && state.found.length === 0 && !shown && (
        <p class="mq-muted">{t('noFilmsFound')}</p>
      )}
      <footer>
        <button type="button" class="mq-link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('openOptions')}
        </button>
      </footer>
    </main>
  );
}
