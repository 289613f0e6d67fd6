import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { launchWithExtension, serve, type ExtensionBrowser, type StaticServer } from './harness';

let server: StaticServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await serve(resolve(process.cwd(), 'tests/e2e/pages'));
  browser = await launchWithExtension();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a lazily filling catalogue', () => {
  it('badges the known film on tiles, including tiles added while scrolling', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/catalogue.html`);
    const badges = page.locator('marquee-badge');
    // 24 tiles at first, every fourth one Ballerina.
    await expect.poll(() => badges.count(), { timeout: 15_000 }).toBe(6);
    expect(await badges.first().getAttribute('data-refs')).toBe('bundled/ballerina-2025');
    expect(await badges.first().getAttribute('data-kind')).toBe('tile');
    expect(await badges.first().getAttribute('aria-label')).toBe('Ballerina: ★ 3.5');
    // The badge sits inside the tile and takes no room: the tile's title text is where it was.
    expect(
      await page.locator('.tile[data-n="0"] > marquee-badge, .tile[data-n="0"] marquee-badge').count(),
    ).toBe(1);
    expect(await page.locator('.tile[data-n="0"] [itemprop="name"]').textContent()).toBe('Ballerina');

    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(150);
    }
    const tiles = Number(await page.locator('body').getAttribute('data-tiles'));
    expect(tiles).toBeGreaterThan(24);
    // A tile gets its badge once it comes within a screen of the viewport (lib/content/visible.ts):
    // scroll back up through every row so each has been near.
    for (let y = await page.evaluate(() => scrollY); y > 0; y -= 400) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(50);
    }
    // The page's sentinel may add rows while the reader scrolls back up (its observer fires again
    // as the sentinel leaves the viewport): every fourth tile of however many there are by then
    // has its badge, each added row having been near when it went in.
    const tilesNow = async () => Number(await page.locator('body').getAttribute('data-tiles'));
    await expect
      .poll(async () => (await badges.count()) * 4 - (await tilesNow()), { timeout: 10_000 })
      .toBe(0);
    // Unknown titles get nothing.
    expect(await page.locator('.tile[data-n="1"] marquee-badge').count()).toBe(0);
    await page.close();
  });

  it('badges a tile far below the fold only when the reader scrolls near it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/catalogue.html`);
    const badges = page.locator('marquee-badge');
    await expect.poll(() => badges.count(), { timeout: 15_000 }).toBe(6);
    // A known film 20 screens down, added after the first scan (the observer finds it).
    await page.evaluate(() => {
      const far = document.createElement('div');
      far.id = 'far';
      far.style.marginTop = '20000px';
      far.className = 'tile';
      far.setAttribute('itemscope', '');
      far.setAttribute('itemtype', 'https://schema.org/Movie');
      const name = document.createElement('span');
      name.setAttribute('itemprop', 'name');
      name.textContent = 'Ballerina';
      far.append(name);
      document.body.append(far);
    });
    // Found (the popup lists it) but not badged while out of reach.
    await page.waitForTimeout(1500);
    expect(await page.locator('#far marquee-badge').count()).toBe(0);
    await page.locator('#far').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('#far marquee-badge').count(), { timeout: 10_000 }).toBe(1);
    await page.close();
  });
});

describe('a long read', () => {
  it('lists a film far below the fold at once, and marks it only when the reader scrolls near it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/long-read.html`);
    // The popup's list (the background's record of this tab) has the film as soon as the scan ends…
    const worker =
      browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
    // (Found by the page it reported: this context's other tabs list films too.)
    const found = () =>
      worker.evaluate(async () => {
        const api = (globalThis as unknown as { chrome: typeof import('wxt/browser').browser }).chrome;
        const states = Object.values(await api.storage.session.get(null)) as {
          found?: string[];
          page?: string;
        }[];
        return states.find((t) => t.page?.endsWith('/long-read.html'))?.found ?? [];
      });
    await expect.poll(found, { timeout: 15_000 }).toEqual(['bundled/ballerina-2025']);
    // …but the mark, 20 screens down, waits for the reader (lib/content/app.ts queueText).
    await page.waitForTimeout(500);
    expect(await page.locator('marquee-mark').count()).toBe(0);
    await page.locator('#far').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('#far marquee-mark').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('#far marquee-mark').textContent()).toBe('Ballerina');
    await page.close();
  });
});
