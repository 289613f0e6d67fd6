import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '@/lib/messaging/client';
import type { EntryView, FoundWhy } from '@/lib/messaging/protocol';
import type { SearchHit } from '@/lib/search';
import type { Rating } from '@/lib/index/rating';
import { isSiteEnabled, setSiteEnabled } from '@/lib/settings';
import { t, tn } from '@/lib/i18n';
import { Review } from './Review';
import { Stars } from './Stars';
import { DisplayContext, displayFrom, useDisplay } from './display';
import { useSettings } from './useSettings';
import { AllRatings } from './OtherRatings';
import { groupByFilm } from '@/lib/sources/preference';
import { PageActions } from './PageActions';
import { openPageAnswer, type PageRequest } from '@/lib/content/page-offer';

/** A film found on the page: its preferred source's view, how many others rate it, how sure and why. */
interface FoundFilm {
  view: EntryView;
  others: number;
  why?: FoundWhy;
}

interface State {
  host?: string;
  current?: EntryView;
  /** One per film, in the order the page mentions them. */
  found: FoundFilm[];
  /** Entries in the whole index (0 = nothing to find anywhere). */
  entries?: number;
  /** The tab the popup is about (its content script says what the page offers). */
  tabId?: number;
}

/** One film in a list: title, year, stars, verdict; spoiler-safe mode hides the stars here. */
function FilmRow(props: {
  title: string;
  year?: number;
  rating?: Rating;
  verdict?: string;
  /** Other sources rating the same film. */
  others?: number;
  why?: FoundWhy;
  onPick: () => void;
}) {
  const { spoilerSafe } = useDisplay();
  return (
    <button type="button" class="mq-film-row" onClick={props.onPick}>
      <span class="mq-film-row-head">
        <span class="mq-film-row-title">
          <bdi>{props.title}</bdi>
          {props.year !== undefined && <span class="mq-year"> ({props.year})</span>}
        </span>
        <Stars rating={props.rating} hidden={spoilerSafe} />
      </span>
      {props.verdict && <span class="mq-film-row-verdict">{props.verdict}</span>}
      {(props.why || !!props.others) && (
        <span class="mq-film-row-why mq-muted">
          {props.why &&
            t('matchReasonConfidence', [props.why.reason, Math.round(props.why.confidence * 100)])}
          {props.why && !!props.others && ' · '}
          {!!props.others && tn('otherRatings', props.others)}
        </span>
      )}
    </button>
  );
}

/** The search box over the whole index: results as you type, stale answers dropped. */
function useSearch(query: string) {
  const [hits, setHits] = useState<SearchHit[]>();
  const [error, setError] = useState<string>();
  const seq = useRef(0);
  useEffect(() => {
    const q = query.trim();
    const mine = ++seq.current;
    if (!q) {
      setHits(undefined);
      return;
    }
    send('search', { query: q, limit: 30 })
      .then((res) => {
        if (seq.current === mine) {
          setHits(res);
          setError(undefined);
        }
      })
      .catch((e: unknown) => seq.current === mine && setError((e as Error).message));
  }, [query]);
  return { hits, error };
}

/**
 * Toolbar popup: the film last hovered in this tab (full review), the films found on the page,
 * a search box over the whole index, and the "Marquee on this site" switch.
 */
export function PopupApp() {
  const [state, setState] = useState<State>();
  const [error, setError] = useState<string>();
  const [picked, setPicked] = useState<EntryView>();
  const [showList, setShowList] = useState(false);
  const [query, setQuery] = useState('');
  const { settings, update } = useSettings();
  const search = useSearch(query);
  const tabId = state?.tabId;
  // The page's own content script answers (top frame only): no "tabs" or "scripting" permission.
  const askPage = useCallback(
    (request: PageRequest) =>
      tabId === undefined
        ? Promise.reject(new Error('no tab'))
        : // A page without Marquee's content script (a browser page, a tab opened before install) rejects.
          Promise.resolve()
            .then(() => browser.tabs.sendMessage(tabId, request, { frameId: 0 }))
            // The content script's answer comes in an envelope; its error (a page too large) is thrown again.
            .then(openPageAnswer),
    [tabId],
  );

  useEffect(() => {
    document.title = t('extName');
    void (async () => {
      const params = new URLSearchParams(location.search);
      const wanted = params.get('ref');
      // ?tab= when the popup page is opened in a tab (the "Full review" fallback, tests).
      const tabParam = Number(params.get('tab'));
      const tabId = tabParam || (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
      const load = async (): Promise<State> => {
        // The content script reports its page's host, so the popup needs no "tabs" permission.
        const [tabState, status] = await Promise.all([
          tabId !== undefined
            ? send('getTabState', { tabId })
            : Promise.resolve({ found: [] as string[], host: undefined }),
          send('status', {}).catch(() => undefined),
        ]);
        const host = tabState.host;
        const lastRef = wanted ?? ('lastHovered' in tabState ? tabState.lastHovered : undefined);
        const refs = [...new Set([...(lastRef ? [lastRef] : []), ...tabState.found])];
        const views = refs.length ? await send('getEntries', { refs }) : [];
        const groups = groupByFilm(views);
        const groupOf = (ref: string) =>
          groups.find((g) => [g.primary, ...g.others].some((v) => v.ref === ref));
        const found: FoundFilm[] = [];
        const listed = new Set<unknown>();
        // One row per film, in the order the page mentions them, showing its preferred source.
        for (const ref of tabState.found) {
          const group = groupOf(ref);
          if (!group || listed.has(group)) continue;
          listed.add(group);
          const why = 'why' in tabState ? tabState.why?.[ref] : undefined;
          found.push({ view: group.primary, others: group.others.length, ...(why ? { why } : {}) });
        }
        return {
          host,
          current: lastRef ? groupOf(lastRef)?.primary : undefined,
          found,
          entries: status?.entries,
          tabId,
        };
      };
      setState(await load());
      // The page is read a few screens ahead of the reader; for its whole list of films the rest
      // is read now, and the list shown again once it has been.
      if (tabId === undefined) return;
      const rest = await Promise.resolve()
        .then(() =>
          browser.tabs.sendMessage(tabId, { type: 'marquee:readAll' } satisfies PageRequest, { frameId: 0 }),
        )
        .then(openPageAnswer)
        .catch(() => undefined);
      if (typeof rest === 'object' && rest !== null && 'read' in rest && rest.read === true)
        setState(await load());
    })().catch((e: unknown) => setError((e as Error).message));
  }, []);

  const pick = (ref: string) =>
    void send('getEntries', { refs: [ref] })
      .then(([view]) => {
        if (view) {
          setPicked(view);
          setQuery('');
          setShowList(false);
        }
      })
      .catch((e: unknown) => setError((e as Error).message));

  if (error) return <p class="mq-error mq-pad">{t('errorPrefix', [error])}</p>;
  if (!state || !settings) return <p class="mq-muted mq-pad">{t('loading')}</p>;
  const shown = showList ? undefined : (picked ?? state.current);
  const siteOn = state.host ? isSiteEnabled(settings, state.host) : false;
  const searching = query.trim() !== '';
  const indexEmpty = state.entries === 0;

  return (
    <DisplayContext.Provider value={displayFrom(settings)}>
      <main class="mq-popup">
        <header class="mq-bar">
          <strong class="mq-brand">{t('extName')}</strong>
          {state.host && (
            <label class="mq-switch">
              <input
                type="checkbox"
                role="switch"
                checked={siteOn}
                onChange={(e) => void update(setSiteEnabled(settings, state.host!, e.currentTarget.checked))}
              />
              <span class="mq-switch-label">{t('onThisSite', [state.host])}</span>
            </label>
          )}
        </header>
        <div class="mq-search" role="search">
          <input
            type="search"
            class="mq-search-input"
            aria-label={t('searchLabel')}
            placeholder={t('searchPlaceholder')}
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            disabled={indexEmpty}
          />
        </div>
        {searching ? (
          <section class="mq-results" aria-label={t('searchResults')} aria-live="polite">
            {search.error && <p class="mq-error">{t('errorPrefix', [search.error])}</p>}
            {search.hits?.length === 0 && <p class="mq-empty">{t('searchNoResults', [query.trim()])}</p>}
            {search.hits && search.hits.length > 0 && (
              <ul class="mq-list">
                {search.hits.map((h) => (
                  <li key={h.ref}>
                    <FilmRow {...h} onPick={() => pick(h.ref)} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : (
          <>
            {indexEmpty && <p class="mq-empty">{t('indexEmpty')}</p>}
            {!state.host && !indexEmpty && <p class="mq-empty">{t('notAWebPage')}</p>}
            {state.host && !siteOn && (
              <div class="mq-empty" data-testid="site-off">
                <p>{t('siteOff')}</p>
                <p class="mq-muted">{t('siteOffHint')}</p>
                <button
                  type="button"
                  class="mq-turn-on"
                  onClick={() => void update(setSiteEnabled(settings, state.host!, true))}
                >
                  {t('turnOnSite', [state.host])}
                </button>
              </div>
            )}
            {/* Off on this site: the switch, never what it found before it was switched off. */}
            {shown && (siteOn || !state.host || picked) && (
              <>
                {siteOn && state.found.some((f) => f.view.film !== shown.film) && (
                  <button type="button" class="mq-link mq-back" onClick={() => setShowList(true)}>
                    ← {t('backToList')} ({state.found.length})
                  </button>
                )}
                <Review view={shown} />
                <AllRatings view={shown} /* every source's rating */ />
              </>
            )}
            {!shown && siteOn && state.found.length > 0 && (
              <section class="mq-found">
                <h2>{t('foundOnPage')}</h2>
                <ul class="mq-list">
                  {state.found.map(({ view: v, others, why }) => (
                    <li key={v.ref}>
                      <FilmRow
                        title={v.entry.title}
                        year={v.entry.year}
                        rating={v.entry.rating}
                        verdict={v.entry.verdict}
                        others={others}
                        why={why}
                        onPick={() => {
                          setPicked(v);
                          setShowList(false);
                        }}
                      />
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {state.host && siteOn && !indexEmpty && state.found.length === 0 && !shown && (
              <div class="mq-empty">
                <p>{t('noFilmsFound')}</p>
                <p class="mq-muted">{t('noFilmsHint')}</p>
              </div>
            )}
          </>
        )}
        {state.host && !searching && <PageActions ask={askPage} />}
        <footer class="mq-popup-foot">
          <button type="button" class="mq-link" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('openOptions')}
          </button>
        </footer>
      </main>
    </DisplayContext.Provider>
  );
}
