import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './harness';

/**
 * First run: installing the extension opens the welcome page by itself; its demo paragraph names
 * the bundled film, marked by the real marking code, and hovering the mark opens the real card
 * with the bundled review.
 */
let browser: ExtensionBrowser;
let welcome: Page;

beforeAll(async () => {
  browser = await launchWithExtension();
  const url = `chrome-extension://${browser.extensionId}/welcome.html`;
  welcome =
    browser.context.pages().find((p) => p.url() === url) ??
    (await browser.context.waitForEvent('page', { predicate: (p) => p.url() === url, timeout: 15_000 }));
});

afterAll(async () => {
  await browser?.close();
});

describe('the welcome page on install', () => {
  it('opens by itself and says what Marquee does', async () => {
    await welcome.locator('h1').waitFor({ timeout: 10_000 });
    expect(await welcome.locator('h1').textContent()).toBe('Welcome to Marquee');
    expect(await welcome.title()).toBe('Welcome to Marquee');
  });

  it('marks the bundled film in the demo paragraph, and hovering the mark shows its card', async () => {
    const mark = welcome.locator('[data-testid="demo"] marquee-mark');
    await mark.waitFor({ timeout: 10_000 });
    expect(await mark.textContent()).toBe('Ballerina');
    await mark.hover();
    const card = welcome.locator('marquee-card .mq-card');
    await card.waitFor({ timeout: 5_000 });
    await expect.poll(() => card.textContent()).toContain('3.5/5');
    expect(await card.textContent()).toContain('Indori Nerd');
  });

  it('each way to fill the index is one link to its section of the options page', async () => {
    const links = await welcome
      .locator('.mq-way-link')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')));
    expect(links).toEqual([
      'options.html#import',
      'options.html#follow',
      'options.html#imdb',
      'options.html#subscribe',
    ]);
    await welcome.locator('[data-way="follow"] a').click();
    await welcome.waitForURL(/options\.html#follow$/);
    // The options page scrolls to the section and puts the focus in its form.
    await expect
      .poll(() => welcome.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name))
      .toBe('follow');
  });
});
