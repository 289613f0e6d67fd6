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
    await expect.poll(() => badges.count(), { timeout: 10_000 }).toBe(tiles / 4);
    // Unknown titles get nothing.
    expect(await page.locator('.tile[data-n="1"] marquee-badge').count()).toBe(0);
    await page.close();
  });
});
