// The card's stylesheet goes inside its shadow root as text: no file the page could fetch or probe
// (no web_accessible_resources).
import cardCss from './style.css?inline';
import { browser } from 'wxt/browser';
import { ContentApp, type CardPresenter } from '@/lib/content/app';
import { send } from '@/lib/messaging/client';
import { watchStored } from '@/lib/storage-items';
import { clearCard, positionCard, renderCard, type CardHandlers } from '@/components/CardOverlay';
import { displayFrom } from '@/components/display';
import { UI_TAG } from '@/lib/detect/tags';
import type { EntryView } from '@/lib/messaging/protocol';
import { frameRole } from '@/lib/content/frames';
import { nearViewport } from '@/lib/content/visible';
import { isReadAll, pageAnswer, type PageAnswer } from '@/lib/content/page-offer';
import { fromContext } from '@/lib/content/lifecycle';
import { createCardHost, type CardHost } from '@/lib/content/card-host';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // Top frame plus same-origin article frames; every other frame leaves at once in
  // main(), before settings, the lexicon or the DOM. Why per frame: lib/content/frames.ts.
  allFrames: true,
  cssInjectionMode: 'manual',
  async main(ctx) {
    const role = frameRole(window);
    if (role === 'skip') return;
    // The popup asks the top frame what the page offers (a feed, a review) and, on "Add this
    // review", for its HTML as text: lib/content/page-offer.ts. Only extension pages can send this.
    if (role === 'top') {
      // sendResponse and `true`, not a returned promise: this script uses the browser's own API
      // (wxt.config.ts), and Chrome's runtime.onMessage ignores a listener's promise.
      const onPageRequest = (
        message: unknown,
        _sender: unknown,
        sendResponse: (answer: PageAnswer) => void,
      ): true | undefined => {
        if (isReadAll(message)) {
          void app.readAll().then((read) => sendResponse({ ok: true, value: { read } }));
          return true;
        }
        const answer = pageAnswer(message, document, location.href);
        if (!answer) return undefined;
        sendResponse(answer);
        return true;
      };
      browser.runtime.onMessage.addListener(onPageRequest);
      ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onPageRequest));
    }
    // The card's shadow root is created on first hover only: pages without a hover pay nothing.
    let ui: CardHost | undefined;
    let anchor: HTMLElement | undefined;
    const ensureUi = (): CardHost => {
      if (ui) return ui;
      const created = createCardHost(document, UI_TAG, cardCss);
      created.container.addEventListener('mouseenter', () => app.keepOpen(true));
      created.container.addEventListener('mouseleave', () => app.keepOpen(false));
      ctx.onInvalidated(() => created.remove());
      return (ui = created);
    };
    const handlers: CardHandlers = {
      onFullReview: (ref) => void send('openReview', { ref }).catch(() => undefined),
      lookup: (phrase) => send('lookup', { title: phrase }),
      onCorrect(correction, phrase) {
        const host = location.hostname;
        const mark = anchor;
        app.closeCard();
        // Hide the mark at once; the stored correction then re-marks the page without it.
        if (correction.kind !== 'prefer') mark?.removeAttribute('data-refs');
        void send('saveCorrection', {
          correction:
            correction.kind === 'hide'
              ? { kind: 'hide', host, page: location.href, phrase }
              : correction.kind === 'never'
                ? { kind: 'never', host, phrase }
                : { kind: 'prefer', host, phrase, ref: correction.ref },
        }).catch((e: unknown) => console.warn('[marquee] could not save the correction', e));
      },
    };
    const presenter: CardPresenter = {
      show(mark: HTMLElement, views: EntryView[]) {
        anchor = mark;
        renderCard(
          ensureUi().container,
          mark,
          views,
          handlers,
          displayFrom(app.currentSettings),
          location.hostname,
        );
      },
      hide() {
        anchor = undefined;
        if (ui) clearCard(ui.container);
      },
      contains(node) {
        return !!node && !!ui && (node === ui.host || ui.host.contains(node));
      },
      focusCard() {
        const first = ui?.container.querySelector<HTMLElement>('button, a[href]');
        first?.focus();
        return !!first && ui?.shadow.activeElement === first;
      },
      place(mark) {
        if (ui) positionCard(ui.container, mark);
      },
    };
    const app = new ContentApp({
      document,
      location,
      lifecycle: fromContext(ctx),
      connect: (name) => browser.runtime.connect({ name }),
      // An orphaned script (the extension reloaded or updated) no longer has a runtime id.
      extensionAlive: () => browser.runtime?.id != null,
      visible: () => document.visibilityState === 'visible',
      onVisibilityChange: (fn) => ctx.addEventListener(document, 'visibilitychange', fn),
      // WXT's watcher of single-page-app navigations (history API, polled).
      onLocationChange: (fn) => ctx.addEventListener(window, 'wxt:locationchange', fn),
      // One storage.onChanged listener for settings and corrections; their first values come
      // with the start message (ContentApp.start), and the background validates each change.
      onStoredChange: (fn) => ctx.onInvalidated(watchStored(fn, (raw) => send('parseStored', raw))),
      send,
      card: () => presenter,
      pageUrl: () => location.href,
      // Tiles get their badge as they come within a screen of the viewport (lib/content/visible.ts).
      visibility: () => nearViewport(window.IntersectionObserver),
      // The page is read a few screens ahead of the reader, more as they scroll (read-ahead.ts).
      readAheadObserver: window.IntersectionObserver,
      // A same-origin frame can read the top page's URL; anything else reports none.
      topPage: () => {
        try {
          return window.top?.location.href;
        } catch {
          return undefined;
        }
      },
    });
    await app.start();
  },
});
