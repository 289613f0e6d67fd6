/**
 * Frames (Marquee marks the top frame and same-origin article frames): a same-origin article frame is
 * marked and its card works; a same-origin widget frame with a few words and a cross-origin
 * frame (another host and port, like an ad) are left alone; switching the site off unmarks the
 * frame as it unmarks the top document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import {
  launchWithExtension,
  openExtensionPage,
  serve,
  type ExtensionBrowser,
  type StaticServer,
} from './harness';

let server: StaticServer;
let other: StaticServer;
let browser: ExtensionBrowser;
let page: Page;

type Chrome = typeof import('wxt/browser').browser;

beforeAll(async () => {
  const pages = resolve(process.cwd(), 'tests/e2e/pages');
  server = await serve(pages);
  other = await serve(pages);
  browser = await launchWithExtension();
  page = await browser.context.newPage();
  // "localhost" on another port: another origin and another site than 127.0.0.1.
  const otherOrigin = other.origin.replace('127.0.0.1', 'localhost');
  await page.goto(`${server.origin}/frames.html?other=${encodeURIComponent(otherOrigin)}`);
});

afterAll(async () => {
  await browser?.close();
  await other?.close();
  await server?.close();
});

const frame = (name: string): Frame => {
  const f = page.frame({ name });
  if (!f) throw new Error(`no frame ${name}`);
  return f;
};

describe('frames', () => {
  it("the popup lists the frame's film among the page's films (the top page itself names none)", async () => {
    await frame('article').locator('#film marquee-mark').waitFor({ timeout: 15_000 });
    const worker = browser.context.serviceWorkers()[0]!;
    // (The tab's id from the background's per-tab records: tabs.query can't match URLs without
    // the "tabs" permission, which Marquee doesn't ask for.)
    const tabId = await worker.evaluate(async (origin) => {
      const api = (globalThis as unknown as { chrome: Chrome }).chrome;
      const all = await api.storage.session.get(null);
      const key = Object.keys(all).find(
        (k) => k.startsWith('tab:') && String((all[k] as { page?: string }).page).startsWith(origin),
      );
      return Number(key?.slice(4));
    }, `${server.origin}/frames.html`);
    const popup = await openExtensionPage(browser, `popup.html?tab=${tabId}`);
    // (Before any hover: the popup then opens on the list, not on the last hovered film's review.)
    await expect
      .poll(() => popup.locator('.mq-found .mq-film-row').allTextContents(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Ballerina')]);
    await popup.close();
  });

  it('marks a film in a same-origin article frame, and its card opens in that frame', async () => {
    const article = frame('article');
    const mark = article.locator('#film marquee-mark');
    await mark.waitFor({ timeout: 15_000 });
    expect(await mark.getAttribute('data-refs')).toBe('bundled/ballerina-2025');
    await mark.hover();
    const card = article.locator('marquee-card .mq-card');
    await card.waitFor({ timeout: 5_000 });
    expect(await card.textContent()).toContain('★★★½');
    // The card is the frame's own: the top document has none.
    expect(await page.locator('marquee-card').count()).toBe(0);
  });

  it('leaves a cross-origin frame and a same-origin widget frame alone', async () => {
    await frame('article').locator('#film marquee-mark').waitFor({ timeout: 15_000 });
    const ad = frame('ad');
    expect(new URL(ad.url()).hostname).toBe('localhost');
    // Both hold the same film, written as the article frame writes it.
    await ad.locator('#film').waitFor();
    expect(await ad.locator('#film').textContent()).toBe('Ballerina');
    expect(await frame('widget').locator('#film').textContent()).toBe('Ballerina');
    // The article frame was marked at document_idle; give the others the same time and more.
    await page.waitForTimeout(2_000);
    expect(await ad.locator('marquee-mark, marquee-badge, marquee-card').count()).toBe(0);
    expect(await frame('widget').locator('marquee-mark, marquee-badge, marquee-card').count()).toBe(0);
  });

  it('switching the site off unmarks the frame; on again marks it again', async () => {
    const worker = browser.context.serviceWorkers()[0]!;
    const setSites = (sites: Record<string, boolean>) =>
      worker.evaluate(async (s) => {
        const api = (globalThis as unknown as { chrome: Chrome }).chrome;
        const current = ((await api.storage.sync.get('settings')).settings ?? {}) as Record<string, unknown>;
        await api.storage.sync.set({ settings: { ...current, sites: s } });
      }, sites);
    const marks = frame('article').locator('marquee-mark');
    await marks.first().waitFor({ timeout: 15_000 });
    await setSites({ '127.0.0.1': false });
    await expect.poll(() => marks.count(), { timeout: 5_000 }).toBe(0);
    expect(await frame('article').locator('#film').textContent()).toBe('Ballerina');
    await setSites({});
    await expect.poll(() => marks.count(), { timeout: 10_000 }).toBeGreaterThan(0);
  });
});
