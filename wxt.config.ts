import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { buildBundledIndex } from './scripts/bundled-index';

/** Index sources may live on any https host, or on this machine over http. */
const SOURCE_HOSTS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];

// https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    // prefresh (HMR) is of no use inside an extension and injects eval-based code.
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
    resolve: {
      // WXT's content script context announces each start to the page (a postMessage naming the
      // extension id); Marquee's own context keeps the same API and sends the page nothing.
      alias: [
        {
          find: /^wxt\/utils\/content-script-context$/,
          replacement: fileURLToPath(new URL('./lib/content/context.ts', import.meta.url)),
        },
      ],
    },
    // MARQUEE_PROFILE=1 keeps function names readable in CPU profiles (bench/run.ts --trace).
    ...(process.env.MARQUEE_PROFILE ? { build: { minify: false } } : {}),
    // MARQUEE_SOURCEMAP=1 writes source maps, to tell which modules a bundle's bytes come from.
    ...(process.env.MARQUEE_SOURCEMAP ? { build: { sourcemap: true } } : {}),
  }),
  manifest: ({ manifestVersion, browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings and per-tab state; alarms: scheduled refresh of subscribed indexes;
    // offscreen (Chrome): the one document that runs the detection engine's worker for every tab
    // (lib/background/engine.ts); it shows the user no prompt.
    // No host permissions at install: the content script's matches cover the pages it marks,
    // and subscribed index hosts are requested when the user adds one (optional_host_permissions).
    permissions: ['storage', 'alarms', ...(manifestVersion === 3 ? ['offscreen'] : [])],
    // MV2 (Firefox) has no optional_host_permissions: hosts go in optional_permissions there.
    ...(manifestVersion === 3
      ? { optional_host_permissions: SOURCE_HOSTS }
      : { optional_permissions: SOURCE_HOSTS }),
    action: { default_title: '__MSG_extName__' },
    // Firefox needs a stable id for storage.sync and for signing.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'marquee@marquee-extension.org',
              // 140 is the current ESR, and the first to read data_collection_permissions.
              strict_min_version: '140.0',
              // Marquee sends nothing anywhere: no page, title or rating leaves the browser.
              // https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads data_collection_permissions from 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  hooks: {
    // The content script runs on every page, so it talks to the browser's own API (`chrome` in
    // Chrome, whose MV3 methods return promises; `browser` in Firefox) instead of loading
    // webextension-polyfill: setting the polyfill up was ~2 ms of each page's main thread and
    // ~10 kB of the script. Extension pages (popup, options, background) keep the polyfill.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((e) => e.type === 'content-script')) return;
      config.resolve ??= {};
      const alias = config.resolve.alias;
      const native = { find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' };
      // Vite takes the first alias that matches: this one goes ahead of the polyfill module's.
      config.resolve.alias = Array.isArray(alias)
        ? [native, ...alias]
        : [native, ...Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement }))];
    },
    // The bundled index is built from reviews/ at build time and shipped as a public asset.
    'build:publicAssets': async (_wxt, files) => {
      const json = await buildBundledIndex();
      files.push({ relativeDest: 'bundled-index.json', contents: json });
    },
  },
});
