/**
 * A long page is read a few screens ahead of the reader (lib/content/read-ahead.ts): a title far
 * below is marked once the reader scrolls near it, or once the popup asks for the whole page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  launchWithExtension,
  openExtensionPage,
  tabWithFilms,
  type ExtensionBrowser,
  type StaticServer,
} from './harness';
import { serveLongPage } from './long-page';

let server: StaticServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await serveLongPage(['scroll.html', 'popup.html']);
  browser = await launchWithExtension();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a page far longer than the screen', () => {
  it('marks what is near the reader, and the end once scrolled to', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(`${server.origin}/scroll.html`);
    await tab.locator('#top marquee-mark').waitFor({ timeout: 15_000 });
    // Hundreds of screens below: not read while the reader is at the top.
    await tab.waitForTimeout(1_500);
    expect(await tab.locator('#end marquee-mark').count()).toBe(0);
    await tab.locator('#end').scrollIntoViewIfNeeded();
    await tab.locator('#end marquee-mark').waitFor({ timeout: 30_000 });
    expect(await tab.locator('#end marquee-mark').textContent()).toBe('Ballerina');
    await tab.close();
  });

  it('a readAll request reads the rest and says so; the popup sends one when it opens', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(`${server.origin}/popup.html`);
    await tab.locator('#top marquee-mark').waitFor({ timeout: 15_000 });
    const tabId = await tabWithFilms(browser);
    const readAll = (from: Page) =>
      from.evaluate(
        (id) =>
          (globalThis as unknown as { chrome: typeof import('wxt/browser').browser }).chrome.tabs.sendMessage(
            id,
            { type: 'marquee:readAll' },
            { frameId: 0 },
          ),
        tabId,
      );
    const options = await openExtensionPage(browser, 'options.html');
    // Answered once the rest is read and reported; then nothing is left to read.
    expect(await readAll(options)).toEqual({ ok: true, value: { read: true } });
    expect(await readAll(options)).toEqual({ ok: true, value: { read: false } });
    await options.close();
    await tab.reload();
    await tab.locator('#top marquee-mark').waitFor({ timeout: 15_000 });
    const popup = await openExtensionPage(browser, `popup.html?tab=${tabId}`);
    await popup.locator('.mq-popup').waitFor({ timeout: 10_000 });
    await expect
      .poll(() => readAll(popup), { timeout: 10_000 })
      .toEqual({ ok: true, value: { read: false } });
    await popup.close();
    await tab.close();
  });
});
