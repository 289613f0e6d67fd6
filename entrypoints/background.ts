import { browser, type PublicPath } from 'wxt/browser';
import { BackgroundService } from '@/lib/background/service';
import { ReviewStore } from '@/lib/store/db';
import type { Envelope, Request } from '@/lib/messaging/protocol';
import { loadSettings, parseSettings, SETTINGS_KEY, type Settings } from '@/lib/settings';
import { openReview, type OpenReviewDeps } from '@/lib/background/open-review';
import { ensureRefreshAlarm, REFRESH_ALARM } from '@/lib/sources/schedule';
import { onInstalled } from '@/lib/background/first-run';

export default defineBackground(() => {
  let settingsCache: Promise<Settings> | undefined;
  const service = new BackgroundService({
    openStore: () => ReviewStore.open(),
    // Added by the build:publicAssets hook in wxt.config.ts, so WXT's PublicPath type doesn't list it.
    loadBundled: async () =>
      (await fetch(browser.runtime.getURL('/bundled-index.json' as PublicPath))).json(),
    bundledVersion: browser.runtime.getManifest().version,
    // storage.session outlives a stopped service worker but not the browser session.
    session: browser.storage.session,
    openReview: async (ref, tabId) => {
      await openReview(
        {
          action: browser.action,
          // Firefox MV2 build: the toolbar button is browserAction.
          browserAction: (browser as { browserAction?: OpenReviewDeps['browserAction'] }).browserAction,
          createTab: (url) => browser.tabs.create({ url }),
          getURL: (path) => browser.runtime.getURL(path as PublicPath),
        },
        ref,
        tabId,
      );
    },
    // Index sources (issue #4): the worker's fetch, with the host permissions the user granted.
    fetch: (url, init) => fetch(url, init),
    // Read once per worker lifetime and dropped on change: lookups order by it on every hover.
    getSettings: () => (settingsCache ??= loadSettings(browser.storage.sync).then((l) => l.settings)),
  });

  // --- scheduled refresh of subscribed indexes (issue #4) ---
  // Listeners are registered synchronously at the top level, so the alarm can wake the worker.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM) void service.refreshAllSources();
  });
  const schedule = async () =>
    ensureRefreshAlarm(browser.alarms, (await loadSettings(browser.storage.sync)).settings.refreshHours);
  void schedule().catch((e: unknown) => console.error('[marquee] refresh schedule:', e));
  browser.storage.onChanged.addListener((changes) => {
    if (SETTINGS_KEY in changes) {
      settingsCache = undefined;
      const hours = parseSettings(changes[SETTINGS_KEY]!.newValue).settings.refreshHours;
      void ensureRefreshAlarm(browser.alarms, hours).catch(() => undefined);
    }
  });

  browser.runtime.onInstalled.addListener((details) => {
    void service.store();
    // First run: the welcome page (lib/background/first-run.ts).
    void onInstalled(details, {
      createTab: (url) => browser.tabs.create({ url }),
      getURL: (path) => browser.runtime.getURL(path as PublicPath),
    }).catch((e: unknown) => console.error('[marquee] welcome page:', e));
  });

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (typeof message !== 'object' || message === null || !('type' in message)) return undefined;
    return service.handle(message as Request, { tabId: sender.tab?.id, frameId: sender.frameId }).then(
      (value): Envelope<unknown> => ({ ok: true, value }),
      (error: unknown): Envelope<unknown> => ({
        ok: false,
        error: (error as Error).message ?? String(error),
      }),
    );
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    void service.forgetTab(tabId);
  });
});
