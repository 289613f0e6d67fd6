import { browser, type PublicPath } from 'wxt/browser';
import { BackgroundService } from '@/lib/background/service';
import { ReviewStore } from '@/lib/store/db';
import { receive } from '@/lib/background/dispatch';
import { loadSettings } from '@/lib/settings';
import { watchCorrections, watchSettings } from '@/lib/storage-items';
import { loadCorrections, saveCorrection } from '@/lib/corrections';
import { keptRead } from '@/lib/background/kept-read';
import { openReview, type OpenReviewDeps } from '@/lib/background/open-review';
import { ensureRefreshAlarm, REFRESH_ALARM } from '@/lib/sources/schedule';
import { startEngine } from '@/lib/background/engine';
import type { OffscreenApi } from '@/lib/engine/host';
import { onInstalled } from '@/lib/background/first-run';

export default defineBackground(() => {
  const settings = keptRead(() => loadSettings(browser.storage.sync).then((l) => l.settings));
  const corrections = keptRead(() => loadCorrections(browser.storage.local));
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
    // Index sources: the worker's fetch, with the host permissions the user granted.
    fetch: (url, init) => fetch(url, init),
    // Read once per worker lifetime and dropped on change (lib/background/kept-read.ts).
    getSettings: settings.get,
    getCorrections: corrections.get,
    saveCorrection: (input) => saveCorrection(browser.storage.local, input),
  });
  watchCorrections(corrections.drop);

  // Detection runs once for every tab, in the extension's own process (lib/background/engine.ts).
  const engine = startEngine({
    service,
    manifestVersion: import.meta.env.MANIFEST_VERSION === 2 ? 2 : 3,
    onConnect: browser.runtime.onConnect,
    // Chrome's offscreen API is not in the polyfill's types.
    offscreen: (globalThis as { chrome?: { offscreen?: OffscreenApi } }).chrome?.offscreen,
    offscreenUrl: browser.runtime.getURL('/offscreen.html'),
    worker: () => new Worker(browser.runtime.getURL('/engine-worker.js')),
  });
  service.useEngine(engine);

  // --- scheduled refresh of subscribed indexes ---
  // Listeners are registered synchronously at the top level, so the alarm can wake the worker.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM) void service.refreshAllSources();
  });
  const schedule = async () => ensureRefreshAlarm(browser.alarms, (await settings.get()).refreshHours);
  void schedule().catch((e: unknown) => console.error('[marquee] refresh schedule:', e));
  watchSettings((changed) => {
    settings.drop();
    void ensureRefreshAlarm(browser.alarms, changed.refreshHours).catch(() => undefined);
  });

  browser.runtime.onInstalled.addListener((details) => {
    void service.store();
    // First run: the welcome page (lib/background/first-run.ts).
    void onInstalled(details, {
      createTab: (url) => browser.tabs.create({ url }),
      getURL: (path) => browser.runtime.getURL(path as PublicPath),
    }).catch((e: unknown) => console.error('[marquee] welcome page:', e));
  });

  const extensionBase = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender) =>
    receive(service, message, sender, extensionBase),
  );

  browser.tabs.onRemoved.addListener((tabId) => {
    void service.forgetTab(tabId);
  });
});
