import { memo } from 'preact/compat';
import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '@/lib/messaging/client';
import { t } from '@/lib/i18n';
import { demoFilm, markDemo, type DemoFilm } from '@/lib/welcome/demo';
import type { HoverController } from '@/lib/content/hover';
import { unwrapAll } from '@/lib/content/marks';
import { useSettings } from './useSettings';
import { displayFrom } from './display';
import { demoCard } from './demo-card';
import { FillWays } from './FillWays';

const TITLE_AT = '\u0001';

/**
 * The demo sentence, the film's title in italics as a critic would set it. Rendered once and left
 * alone: the marking code then changes its text nodes, as it does on any page.
 */
const DemoText = memo(
  function DemoText({ film, into }: { film: DemoFilm; into: (p: HTMLElement) => void }) {
    const text =
      film.year !== undefined && film.actor
        ? t('welcomeDemoText', [TITLE_AT, film.year, film.actor])
        : t('welcomeDemoTextShort', [TITLE_AT]);
    const [before, after] = text.split(TITLE_AT);
    return (
      <p
        class="mq-demo-text"
        data-testid="demo"
        ref={(p) => {
          if (p) into(p);
        }}
      >
        {before}
        <i>{film.title}</i>
        {after}
      </p>
    );
  },
  // The film only: a new `into` callback must not render the marked paragraph again.
  (a, b) => a.film === b.film,
);

/**
 * First run: what Marquee does, a demo paragraph marked by the real marking code with the real card
 * (the page is an extension page, so it asks the background directly), and the ways to fill the
 * index, each a link to its section of the options page.
 */
export function WelcomeApp({ loadBundled }: { loadBundled: () => Promise<unknown> }) {
  const { settings } = useSettings();
  const [film, setFilm] = useState<DemoFilm | null>();
  const [marks, setMarks] = useState<number>();
  const paragraph = useRef<HTMLElement | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    document.title = t('welcomeTitle');
    loadBundled()
      .then(demoFilm)
      .catch(() => undefined)
      .then((f) => setFilm(f ?? null));
  }, [loadBundled]);

  const haveSettings = !!settings;
  useEffect(() => {
    const root = paragraph.current;
    if (!ready || !root || !settings) return;
    const abort = new AbortController();
    let hover: HoverController | undefined;
    const card = demoCard(
      document,
      { onFullReview: (ref) => void send('openReview', { ref }).catch(() => undefined) },
      () => displayFrom(settings),
      (inside) => hover?.keepOpen(inside),
    );
    markDemo(root, {
      send,
      card: () => card,
      signal: abort.signal,
      hoverDelay: () => settings.hoverDelay,
      minConfidence: settings.minConfidence,
    })
      .then((done) => {
        hover = done.hover;
        if (!abort.signal.aborted) setMarks(done.marks.length);
      })
      .catch(() => setMarks(0));
    return () => {
      abort.abort();
      card.host.remove();
      unwrapAll(root);
    };
    // Marked once, when the paragraph and the settings are there (settings changes don't re-mark).
  }, [ready, haveSettings]);

  return (
    <main class="mq-welcome">
      <h1>{t('welcomeTitle')}</h1>
      <p class="mq-welcome-intro">{t('welcomeIntro')}</p>
      <section class="mq-panel" aria-labelledby="mq-demo-h">
        <h2 id="mq-demo-h">{t('welcomeDemoHeading')}</h2>
        {film && (
          <DemoText
            film={film}
            into={(p) => {
              paragraph.current = p;
              setReady(true);
            }}
          />
        )}
        {(film === null || marks === 0) && (
          <p class="mq-muted" data-testid="demo-none">
            {t('welcomeDemoNone')}
          </p>
        )}
        {!!marks && <p class="mq-muted">{t('welcomeDemoHint')}</p>}
      </section>
      <section class="mq-panel" aria-labelledby="mq-fill-h">
        <h2 id="mq-fill-h">{t('welcomeFillHeading')}</h2>
        <p>{t('welcomeFillIntro')}</p>
        <FillWays page="options.html" />
      </section>
      <footer class="mq-welcome-foot">
        <a href="options.html">{t('welcomeOptions')}</a>
      </footer>
    </main>
  );
}
