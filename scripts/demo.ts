/**
 * `npm run demo`: serves the demo pages from 127.0.0.1 and opens them in Chromium with the built
 * extension loaded. With a display it stays open for you to browse; without one (CI, SSH) it runs
 * headless, hovers a title and saves screenshots of the card, popup and options to demo-output/.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { launchWithExtension, serve, tabWithFilms } from '../tests/e2e/harness';

const out = resolve(process.cwd(), 'demo-output');
await mkdir(out, { recursive: true });
const server = await serve(resolve(process.cwd(), 'demo/pages'));
const headed = !!process.env.DISPLAY && process.env.CI !== 'true';
const browser = await launchWithExtension({ headless: !headed });
const page = await browser.context.newPage();
await page.goto(`${server.origin}/article.html`);
console.log(`Demo pages: ${server.origin}/`);

await page.locator('marquee-mark').first().waitFor({ timeout: 15_000 });
// Hover until the card is still open after its fade-in: a fresh clone's first run once saved a
// screenshot whose card had closed again by then (the hover e2e test shows headless pointer steps
// can outlast the card's grace time).
for (let attempt = 1; ; attempt++) {
  await page.mouse.move(0, 0);
  await page.hover('marquee-mark');
  await page.locator('marquee-card .mq-card').waitFor();
  await page.waitForTimeout(400); // let the card's fade-in finish
  if ((await page.locator('marquee-card .mq-card').count()) > 0 || attempt === 3) break;
}
await page.screenshot({ path: resolve(out, 'card.png') });

const tabId = await tabWithFilms(browser);
const popup = await browser.context.newPage();
await popup.setViewportSize({ width: 380, height: 600 });
await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
await popup.locator('.mq-review').waitFor();
await popup.screenshot({ path: resolve(out, 'popup.png'), fullPage: true });
const options = await browser.context.newPage();
await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
await options.locator('.mq-sites').first().waitFor();
await options.screenshot({ path: resolve(out, 'options.png'), fullPage: true });
console.log(`Screenshots: ${out}/card.png, popup.png, options.png`);

if (headed) {
  await popup.close();
  await options.close();
  await page.bringToFront();
  console.log('Chromium is open with Marquee loaded. Press Ctrl-C to stop.');
  await new Promise<void>((done) => process.once('SIGINT', () => done()));
}
await browser.close();
await server.close();
