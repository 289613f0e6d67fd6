/**
 * The boundary between a page and the engine in Chromium: the page can see nothing of Marquee
 * (no web-accessible resources, no globals, no custom elements in its world), the engine survives
 * a stopped service worker, and a content script orphaned by an extension reload takes its marks
 * off the page and leaves it as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  EXTENSION_DIR,
  engineContexts,
  launchWithExtension,
  serve,
  type ExtensionBrowser,
  type StaticServer,
} from './harness';

let server: StaticServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await serve(resolve(process.cwd(), 'demo/pages'));
  browser = await launchWithExtension();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Stop the service worker as Chrome does after ~30 s idle (CDP ServiceWorker.stopAllWorkers). */
async function stopServiceWorker(): Promise<void> {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  await page.close();
}

describe('the page and the engine', () => {
  it('adds nothing a page can probe: no web-accessible resources, no globals, no messages', async () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest.web_accessible_resources).toBeUndefined();
    const page = await browser.context.newPage();
    // The page's own world, before the content script runs (document_idle) and after it marked.
    await page.addInitScript(() => {
      const w = window as unknown as { before: string[]; messages: unknown[] };
      w.before = Object.getOwnPropertyNames(window);
      // What any page can hear: messages posted to its window (WXT's own context posts one naming
      // the extension id at every start, https://github.com/wxt-dev/wxt/issues/1752).
      w.messages = [];
      window.addEventListener('message', (e) => w.messages.push(e.data));
    });
    await page.goto(`${server.origin}/article.html`);
    await page.locator('marquee-mark').first().waitFor({ timeout: 15_000 });
    await page.hover('marquee-mark');
    await page.waitForSelector('marquee-card', { state: 'attached' });
    const probe = await page.evaluate(async (id) => {
      const before = new Set((window as unknown as { before: string[] }).before);
      const added = Object.getOwnPropertyNames(window).filter(
        (k) => !before.has(k) && k !== 'before' && k !== 'messages',
      );
      const fetched = await Promise.all(
        ['content-scripts/content.css', 'content-scripts/content.js', 'manifest.json', 'offscreen.html'].map(
          (p) =>
            fetch(`chrome-extension://${id}/${p}`).then(
              () => 'readable',
              () => 'refused',
            ),
        ),
      );
      return {
        added,
        fetched,
        elements: ['marquee-mark', 'marquee-badge', 'marquee-card'].filter((n) => customElements.get(n)),
        messages: (window as unknown as { messages: unknown[] }).messages,
        extensionUrls: [...document.querySelectorAll('link, style, script')].filter((e) =>
          [e.getAttribute('href'), e.getAttribute('src'), e.textContent].some((v) =>
            v?.includes('chrome-extension://'),
          ),
        ).length,
      };
    }, browser.extensionId);
    expect(probe).toEqual({
      added: [],
      fetched: ['refused', 'refused', 'refused', 'refused'],
      elements: [],
      messages: [],
      extensionUrls: 0,
    });
    await page.close();
  });

  it('an in-page navigation (history.pushState) reads the page again', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/article.html`);
    await page.locator('marquee-mark').first().waitFor({ timeout: 15_000 });
    const marked = await page.locator('marquee-mark').count();
    // The page's world watches our marks come off and go back on, as a new page's would.
    await page.evaluate(() => {
      const w = window as unknown as { removed: number; added: number };
      w.removed = 0;
      w.added = 0;
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.removedNodes) if (n.nodeName === 'MARQUEE-MARK') w.removed++;
          for (const n of r.addedNodes) if (n.nodeName === 'MARQUEE-MARK') w.added++;
        }
      }).observe(document.body, { childList: true, subtree: true });
      history.pushState({}, '', '?page=2');
    });
    await page.waitForFunction(
      (n) => {
        const w = window as unknown as { removed: number; added: number };
        return w.removed >= n && w.added >= n;
      },
      marked,
      { timeout: 15_000 },
    );
    expect(await page.locator('marquee-mark').count()).toBe(marked);
    await page.close();
  });

  it('a page opened after the service worker stopped is marked from the persisted lexicon', async () => {
    await stopServiceWorker();
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/article.html`);
    await page.locator('#film marquee-mark').waitFor({ timeout: 15_000 });
    expect(await page.locator('marquee-mark').count()).toBe(1);
    // Still the one offscreen document and its one worker.
    const where = await engineContexts(browser, page);
    expect(where.offscreen).toHaveLength(1);
    expect(where.workers).toBe(1);
    await page.close();
  });

  it('the extension reloaded: the orphaned content script takes its marks off and stops', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/article.html`);
    await page.locator('#film marquee-mark').waitFor({ timeout: 15_000 });
    const text = await page.locator('#film').textContent();
    const worker =
      browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
    // The reload ends this worker; the page's port to the engine closes with it.
    void worker
      .evaluate(() =>
        (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload(),
      )
      .catch(() => undefined);
    await page.waitForFunction(
      () => document.querySelectorAll('marquee-mark, marquee-badge, marquee-card').length === 0,
      undefined,
      {
        timeout: 15_000,
      },
    );
    expect(await page.locator('#film').textContent()).toBe(text);
    // New content added after the reload is left alone: the orphaned script watches nothing.
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'Ballerina, again.';
      document.body.append(p);
    });
    await page.waitForTimeout(1500);
    expect(await page.locator('marquee-mark').count()).toBe(0);
  });
});
