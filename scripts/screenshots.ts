/**
 * `npm run screenshots`: pictures of the three faces for the README, in light and dark:
 * the hover card on the demo article, the popup after that hover (and with a search), and the
 * options page. Saved to docs/screenshots/. Needs a build (the npm script runs one).
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, serve, tabWithFilms } from '../tests/e2e/harness';

const out = resolve(process.cwd(), 'docs/screenshots');
await mkdir(out, { recursive: true });
const server = await serve(resolve(process.cwd(), 'demo/pages'));

async function cardShot(page: Page, file: string, fix = false) {
  await page.locator('#film marquee-mark').waitFor({ timeout: 15_000 });
  // The detector says why it matched in data-reason; set it here where it doesn't yet.
  await page.evaluate(() => {
    const mark = document.querySelector('#film marquee-mark')!;
    if (!mark.hasAttribute('data-reason')) mark.setAttribute('data-reason', 'title in italics');
  });
  await page.mouse.move(0, 0);
  await page.hover('#film marquee-mark');
  const overlay = page.locator('marquee-card .mq-overlay');
  await overlay.waitFor();
  await page.waitForTimeout(300); // the fade-in
  if (fix) {
    await page.locator('marquee-card button', { hasText: 'Not this film?' }).click();
    await page.waitForTimeout(100);
  }
  const a = (await page.locator('#film').boundingBox())!;
  const b = (await overlay.boundingBox())!;
  const x = Math.max(0, Math.min(a.x, b.x) - 40);
  const y = Math.max(0, Math.min(a.y, b.y) - 60);
  const right = Math.max(a.x + a.width, b.x + b.width) + 40;
  const bottom = Math.max(a.y + a.height, b.y + b.height) + 40;
  await page.screenshot({ path: resolve(out, file), clip: { x, y, width: right - x, height: bottom - y } });
}

for (const scheme of ['light', 'dark'] as const) {
  const browser = await launchWithExtension({ colorScheme: scheme });
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/article.html`);
  await cardShot(page, `card-${scheme}.png`);
  if (scheme === 'light') await cardShot(page, 'card-not-this-film.png', true);

  const tabId = await tabWithFilms(browser);
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
  await popup.locator('.mq-review').waitFor();
  await popup.screenshot({ path: resolve(out, `popup-${scheme}.png`), fullPage: true });
  await popup.fill('input[type="search"]', 'balerina');
  await popup.locator('.mq-film-row').first().waitFor();
  await popup.screenshot({ path: resolve(out, `popup-search-${scheme}.png`) });

  const options = await browser.context.newPage();
  await options.setViewportSize({ width: 900, height: 800 });
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.locator('#display').waitFor();
  await options.screenshot({ path: resolve(out, `options-${scheme}.png`), fullPage: true });
  await browser.close();
}
await server.close();
console.log(`Screenshots in ${out}`);
