import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { WelcomeApp } from '@/components/WelcomeApp';
import { BackgroundService, type ServiceDeps } from '@/lib/background/service';
import { ReviewStore } from '@/lib/store/db';
import { buildIndexFromFiles } from '@/lib/index/build';
import type { Request } from '@/lib/messaging/protocol';
import { UI_TAG } from '@/lib/detect/tags';
import { repoPath } from '../../paths';
import { onInstalled, WELCOME_PAGE } from '@/lib/background/first-run';
import { handle } from '@/lib/background/dispatch';

/**
 * The welcome page against a real background service (the bundled index built from reviews/, as
 * the build ships it): the demo paragraph is marked by the real scan and hovering opens the card.
 */
let root: HTMLElement;
let bundled: unknown;
let store: ReviewStore | undefined;
let n = 0;

const session = (): ServiceDeps['session'] => {
  const data = new Map<string, unknown>();
  return {
    get: async (key) => (data.has(key) ? { [key]: data.get(key) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
    remove: async (key) => void data.delete(key),
  };
};

beforeEach(async () => {
  root = document.createElement('div');
  document.body.append(root);
  bundled = (await buildIndexFromFiles([repoPath('reviews')], { name: 'Marquee bundled reviews' })).index;
  const name = `welcome-${n++}`;
  const service = new BackgroundService({
    openStore: async () => (store = await ReviewStore.open(name)),
    loadBundled: async () => JSON.parse(JSON.stringify(bundled)),
    bundledVersion: '1',
    session: session(),
    openReview: async () => undefined,
  });
  fakeBrowser.runtime.onMessage.addListener(((msg: Request) =>
    handle(service, msg, { caller: 'welcome', tabId: 3 }).then(
      (value) => ({ ok: true, value }),
      (e: unknown) => ({ ok: false, error: (e as Error).message }),
    )) as never);
});
afterEach(() => {
  render(null, root);
  root.remove();
  document.querySelectorAll(UI_TAG).forEach((el) => el.remove());
  store?.close();
});

const settle = (ms = 20) => act(() => new Promise<void>((r) => setTimeout(r, ms)));
async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 100 && !check(); i++) await settle();
  if (!check()) throw new Error(`never: ${what}`);
}

describe('WelcomeApp (first run)', () => {
  it('marks the bundled film in the demo sentence and opens its card on hover', async () => {
    await act(() => render(<WelcomeApp loadBundled={async () => bundled} />, root));
    await until(() => !!root.querySelector('[data-testid="demo"] marquee-mark'), 'a mark');
    const mark = root.querySelector<HTMLElement>('[data-testid="demo"] marquee-mark')!;
    expect(mark.textContent).toBe('Ballerina');
    expect(root.querySelector('[data-testid="demo"]')!.textContent).toBe(
      'On Saturday we finally watched Ballerina (2025), with Ana de Armas in the lead. Was it any good?',
    );
    expect(Number(mark.dataset.confidence)).toBeGreaterThanOrEqual(0.6);
    mark.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    const card = () => document.querySelector(UI_TAG)?.shadowRoot?.querySelector('.mq-card');
    await until(() => !!card(), 'the card');
    expect(card()!.textContent).toContain('3.5/5');
    expect(card()!.textContent).toContain('Indori Nerd');
  });

  it('lists the ways to fill the index, each a link to its options section', async () => {
    await act(() => render(<WelcomeApp loadBundled={async () => bundled} />, root));
    await settle();
    const ways = [...root.querySelectorAll<HTMLAnchorElement>('.mq-way-link')].map((a) => [
      a.closest('li')!.querySelector('strong')!.textContent,
      a.getAttribute('href'),
    ]);
    expect(ways).toEqual([
      ['Import your Letterboxd export', 'options.html#import'],
      ['Follow a reviewer or a Letterboxd member', 'options.html#follow'],
      ["Import IMDb's datasets", 'options.html#imdb'],
      ['Subscribe to an index', 'options.html#subscribe'],
    ]);
  });

  it('an unreadable bundle shows no demo, and says how to fill the index', async () => {
    await act(() => render(<WelcomeApp loadBundled={async () => ({ nope: true })} />, root));
    await until(() => !!root.querySelector('[data-testid="demo-none"]'), 'the notice');
    expect(root.querySelector('[data-testid="demo"]')).toBeNull();
  });
});

describe('first run', () => {
  it('opens the welcome page on install only', async () => {
    const opened: string[] = [];
    const deps = {
      createTab: async (url: string) => void opened.push(url),
      getURL: (path: string) => `chrome-extension://abc${path}`,
    };
    expect(await onInstalled({ reason: 'update' }, deps)).toBe(false);
    expect(await onInstalled({ reason: 'chrome_update' }, deps)).toBe(false);
    expect(await onInstalled({ reason: 'install' }, deps)).toBe(true);
    expect(opened).toEqual([`chrome-extension://abc${WELCOME_PAGE}`]);
  });
});
