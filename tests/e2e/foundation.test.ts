import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import {
  engineContexts,
  launchWithExtension,
  openExtensionPage,
  serve,
  tabWithFilms,
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

describe('a page that mentions Ballerina', () => {
  let page: Page;

  beforeAll(async () => {
    page = await browser.context.newPage();
    await page.goto(`${server.origin}/article.html`);
    await page.locator('marquee-mark').first().waitFor({ timeout: 15_000 });
  });

  it('marks the title in text, and not in inputs or code', async () => {
    const marks = page.locator('marquee-mark');
    expect(await marks.count()).toBe(1);
    expect(await marks.first().textContent()).toBe('Ballerina');
    expect(await page.locator('#film marquee-mark').count()).toBe(1);
    expect(await page.locator('pre marquee-mark').count()).toBe(0);
    expect(await page.inputValue('#search')).toBe('Ballerina');
  });

  it("finds titles in the extension's one engine, not in the page", async () => {
    // The offscreen document (reason WORKERS) and the engine's dedicated worker it started.
    const where = await engineContexts(browser, page);
    expect(where.offscreen).toEqual([`chrome-extension://${browser.extensionId}/offscreen.html`]);
    expect(where.workers).toBe(1);
  });

  it('shows the card with stars, score and verdict on hover', async () => {
    await page.hover('#film marquee-mark');
    const card = page.locator('marquee-card .mq-card');
    await card.waitFor({ timeout: 5_000 });
    await expect.poll(() => card.textContent()).toContain('★★★½');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('3.5/5');
    expect(text).toContain('Ballerina offers a fierce yet emotional ride');
    expect(text).toContain('Indori Nerd');
    expect(await page.locator('marquee-card .mq-stars').getAttribute('aria-label')).toBe(
      'Rated 3.5 out of 5',
    );
  });

  it('the popup then shows the full review with cast and conclusion', async () => {
    const tabId = await tabWithFilms(browser);
    const popup = await openExtensionPage(browser, `popup.html?tab=${tabId}`);
    const review = popup.locator('.mq-review');
    await review.waitFor();
    const text = (await review.textContent()) ?? '';
    expect(text).toContain('Ana de Armas as Eve');
    expect(text).toContain('Keanu Reeves as John Wick');
    expect(text).toContain('Directed by Len Wiseman');
    expect(text).toContain('Ballerina blends intense action with emotional storytelling');
    await popup.close();
  });

  it('options switch the site off and the marks vanish without a reload', async () => {
    const options = await openExtensionPage(browser, 'options.html');
    const other = options.locator('input[data-site="*"]');
    await other.waitFor();
    await other.uncheck();
    await expect.poll(() => page.locator('marquee-mark').count(), { timeout: 5_000 }).toBe(0);
    expect(await page.locator('#film').textContent()).toBe('Ballerina');
    await other.check();
    await expect.poll(() => page.locator('marquee-mark').count(), { timeout: 5_000 }).toBe(1);
    await options.close();
  });
});
