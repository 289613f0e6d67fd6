import { render } from 'preact';
import { browser, type PublicPath } from 'wxt/browser';
import { WelcomeApp } from '@/components/WelcomeApp';

// Added by the build:publicAssets hook in wxt.config.ts, so WXT's PublicPath type doesn't list it.
const loadBundled = async () =>
  (await fetch(browser.runtime.getURL('/bundled-index.json' as PublicPath))).json() as Promise<unknown>;

render(<WelcomeApp loadBundled={loadBundled} />, document.getElementById('app')!);
