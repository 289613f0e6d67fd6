/**
 * Two films of one title that nothing on the page tells apart, in a real Chromium with the built
 * extension: the card names both years ("Marquee Twin Test — 2010 or 1990?"), the reader picks one,
 * and the pick is remembered (the "prefer" correction): after a reload the card shows that film.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import {
  launchWithExtension,
  openExtensionPage,
  serve,
  type ExtensionBrowser,
  type StaticServer,
} from './harness';

let server: StaticServer;
let browser: ExtensionBrowser;

const film = (id: string, year: number, director: string) => ({
  id,
  title: 'Marquee Twin Test',
  aliases: [],
  year,
  rating: { value: year === 1990 ? 4 : 2, scale: 5 },
  verdict: `The ${year} one.`,
  plot: '',
  cast: [],
  directors: [director],
  crew: [],
  review: 'A review.',
  conclusion: '',
  source: { name: 'Twin reviews', url: 'https://example.com/' },
  published: '2024-01-01',
});

beforeAll(async () => {
  server = await serve(resolve(process.cwd(), 'tests/e2e/pages'));
  browser = await launchWithExtension();
  const index = JSON.stringify({
    format: 'marquee-index',
    version: 1,
    source: { name: 'Twin reviews' },
    generatedAt: '2024-01-01',
    count: 2,
    entries: [film('twin-1990', 1990, 'Ann Older'), film('twin-2010', 2010, 'Bo Newer')],
  });
  server.routes.push((req, res) => {
    if (!req.url?.startsWith('/feeds/twins.json')) return false;
    res.writeHead(200, { 'content-type': 'application/json' }).end(index);
    return true;
  });
  // Into the store the way a reader would: a subscribed index, from the options page.
  const options = await openExtensionPage(browser, 'options.html');
  await options.fill('input[name="url"]', `${server.origin}/feeds/twins.json`);
  await options.click('form.mq-source-add button[type="submit"]');
  await options.locator('li.mq-source', { hasText: '2 entries' }).waitFor({ timeout: 15_000 });
  await options.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('two films too close to call', () => {
  it('the card asks which, and the pick is remembered', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/twins.html`);
    const mark = page.locator('#film marquee-mark');
    await mark.waitFor({ timeout: 15_000 });
    expect(await mark.getAttribute('data-close')).toBe('2');
    await page.hover('#film marquee-mark');
    const card = page.locator('marquee-card .mq-card');
    await card.waitFor({ timeout: 3_000 });
    expect(await card.locator('.mq-title').textContent()).toBe('Marquee Twin Test — 2010 or 1990?');
    await card.locator('.mq-which button', { hasText: 'The 1990 film' }).click();
    await page.reload();
    await page.locator('#film marquee-mark').waitFor({ timeout: 15_000 });
    await page.hover('#film marquee-mark');
    await card.waitFor({ timeout: 3_000 });
    expect(await card.locator('.mq-title').textContent()).toBe('Marquee Twin Test (1990)');
    expect(await card.locator('.mq-verdict').textContent()).toBe('The 1990 one.');
    await page.close();
  });
});
