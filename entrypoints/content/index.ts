import './style.css';
import { browser } from 'wxt/browser';
import { ContentApp, type CardPresenter } from '@/lib/content/app';
import { send } from '@/lib/messaging/client';
import { loadSettings, SETTINGS_KEY, parseSettings } from '@/lib/settings';
import { clearCard, renderCard } from '@/components/CardOverlay';
import { UI_TAG } from '@/lib/detect/scan';
import type { EntryView } from '@/lib/messaging/protocol';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  async main(ctx) {
    // The card's shadow root is created on first hover only: pages without a hover pay nothing.
    let ui: Awaited<ReturnType<typeof createShadowRootUi>> | undefined;
    let pending: Promise<unknown> | undefined;
    const ensureUi = () =>
      (pending ??= createShadowRootUi(ctx, {
        name: UI_TAG,
        position: 'inline',
        anchor: 'html',
        onMount: () => undefined,
      }).then((created) => {
        ui = created;
        created.mount();
        created.uiContainer.addEventListener('mouseenter', () => app.keepOpen(true));
        created.uiContainer.addEventListener('mouseleave', () => app.keepOpen(false));
        created.shadow.addEventListener('keydown', (e) => {
          if ((e as KeyboardEvent).key === 'Escape') presenter.hide();
        });
      }));
    const openFull = (ref: string) => void send('openReview', { ref });
    const presenter: CardPresenter = {
      show(anchor: HTMLElement, views: EntryView[]) {
        void ensureUi().then(() => ui && renderCard(ui.uiContainer, anchor, views, openFull));
      },
      hide() {
        if (ui) clearCard(ui.uiContainer);
      },
      contains(node) {
        return !!node && !!ui && (node === ui.shadowHost || ui.shadowHost.contains(node));
      },
    };
    const app = new ContentApp({
      document,
      location,
      signal: ctx.signal,
      getSettings: async () => (await loadSettings(browser.storage.sync)).settings,
      onSettingsChanged: (fn) => {
        const listener = (changes: Record<string, { newValue?: unknown }>) => {
          if (SETTINGS_KEY in changes) fn(parseSettings(changes[SETTINGS_KEY]!.newValue).settings);
        };
        browser.storage.onChanged.addListener(listener);
        ctx.onInvalidated(() => browser.storage.onChanged.removeListener(listener));
      },
      send,
      card: () => presenter,
    });
    await app.start();
  },
});
