/**
 * The three faces in a real Chromium with the built extension: hover card (pointer, keyboard,
 * scroll-away, isolation from hostile page CSS, layout neutrality), "Not this film?", the popup's
 * full review and search, and an index entry full of markup that must stay text everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import {
  launchWithExtension,
  openExtensionPage,
  serve,
  tabWithFilms,
  type ExtensionBrowser,
  type StaticServer,
} from './harness';

let server: StaticServer;
let browser: ExtensionBrowser;
let worker: Worker;

const XSS = '<img src=x onerror=window.__xss=1>';

beforeAll(async () => {
  server = await serve(resolve(process.cwd(), 'tests/e2e/pages'));
  browser = await launchWithExtension();
  worker = browser.context.serviceWorkers()[0]!;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Chrome = typeof import('wxt/browser').browser;

/** Write settings the way the options page does (storage.sync), from the service worker. */
async function setSettings(patch: Record<string, unknown>): Promise<void> {
  await worker.evaluate(async (p) => {
    const api = (globalThis as unknown as { chrome: Chrome }).chrome;
    const current = ((await api.storage.sync.get('settings')).settings ?? {}) as Record<string, unknown>;
    await api.storage.sync.set({ settings: { ...current, ...p } });
  }, patch);
}

async function openPage(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/${path}`);
  return page;
}

const card = (page: Page) => page.locator('marquee-card .mq-card');

/** Every element's box (except Marquee's own), keyed by its position in the document. */
async function boxes(page: Page): Promise<Record<string, number[]>> {
  return page.evaluate(() => {
    const out: Record<string, number[]> = {};
    let i = 0;
    document.querySelectorAll('body *').forEach((el) => {
      if (el.closest('marquee-mark, marquee-card')) return;
      i++;
      const r = el.getBoundingClientRect();
      out[`${i}:${el.tagName}#${el.id}`] = [r.x, r.y, r.width, r.height].map(
        (n) => Math.round(n * 100) / 100,
      );
    });
    return out;
  });
}

describe('hover card', () => {
  let page: Page;

  beforeAll(async () => {
    page = await openPage('ui.html');
    await page.locator('#film marquee-mark').waitFor({ timeout: 15_000 });
  });

  it('shows after the hover delay, not before, and hides when the pointer leaves', async () => {
    await page.mouse.move(5, 5);
    await page.hover('#film marquee-mark');
    await page.waitForTimeout(120);
    expect(await card(page).count()).toBe(0); // 300 ms hover intent
    await card(page).waitFor({ timeout: 3_000 });
    expect(await card(page).textContent()).toContain('★★★½');
    expect(await page.locator('marquee-card .mq-stars').getAttribute('aria-label')).toBe(
      'Rated 3.5 out of 5',
    );
    // Onto the card: it stays. Straight onto it: headless Chromium delivered each step of a
    // several-step move ~260 ms after the last, so crossing the line of text between mark and card
    // took longer than the card's 200 ms grace and it closed before the pointer arrived (logged
    // from the hover controller: mark → paragraph, then 780 ms later paragraph → body).
    const box = (await page.locator('marquee-card .mq-overlay').boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + 10, { steps: 1 });
    await page.waitForTimeout(400);
    expect(await card(page).count()).toBe(1);
    // Away from both: it goes.
    await page.mouse.move(box.x + box.width + 200, box.y + box.height + 200, { steps: 2 });
    await expect.poll(() => card(page).count(), { timeout: 3_000 }).toBe(0);
  });

  it('opens on keyboard focus, Tab goes into it, Escape closes it and returns focus to the mark', async () => {
    await page.mouse.move(5, 5);
    await page.focus('#film marquee-mark');
    await card(page).waitFor({ timeout: 3_000 });
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => document.querySelector('marquee-card')?.shadowRoot?.activeElement?.tagName),
    ).toBe('BUTTON');
    await page.keyboard.press('Escape');
    await expect.poll(() => card(page).count(), { timeout: 3_000 }).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.closest('#film') !== null)).toBe(true);
    // Focus came back without reopening the card.
    await page.waitForTimeout(300);
    expect(await card(page).count()).toBe(0);
  });

  it('closes when the page scrolls the mark away', async () => {
    await page.hover('#film marquee-mark');
    await card(page).waitFor({ timeout: 3_000 });
    await page.evaluate(() => window.scrollBy(0, 600));
    await expect.poll(() => card(page).count(), { timeout: 3_000 }).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('"Full review" opens the popup, which shows that film\'s review', async () => {
    await page.hover('#film marquee-mark');
    await card(page).waitFor({ timeout: 3_000 });
    await page.locator('marquee-card button', { hasText: 'Full review' }).click();
    // action.openPopup() works here; Playwright can't attach to the popup, so ask the browser what is open.
    const popups = () =>
      worker.evaluate(async () => {
        const api = (
          globalThis as unknown as {
            chrome: {
              runtime: { getContexts(f: object): Promise<{ contextType: string; documentUrl?: string }[]> };
            };
          }
        ).chrome;
        return (await api.runtime.getContexts({ contextTypes: ['POPUP'] })).map((c) => c.documentUrl ?? '');
      });
    await expect.poll(popups, { timeout: 5_000 }).toEqual([expect.stringContaining('/popup.html')]);
    // What that popup shows: the same page with this tab's state (the tab fallback passes ?tab= too).
    const tabId = await tabWithFilms(browser, { hovered: true });
    const popup = await openExtensionPage(browser, `popup.html?tab=${tabId}`);
    await popup.locator('.mq-review').waitFor();
    expect(await popup.locator('.mq-review h1').textContent()).toBe('Ballerina (2025)');
    expect(await popup.locator('.mq-review').textContent()).toContain('Directed by Len Wiseman');
    await popup.close();
  });
});

describe('layout', () => {
  it('marking and the card leave every page element where it was', async () => {
    await setSettings({ otherSites: false });
    const page = await openPage('ui.html');
    await page.waitForTimeout(800);
    expect(await page.locator('marquee-mark').count()).toBe(0);
    const before = await boxes(page);
    await setSettings({ otherSites: true });
    await expect.poll(() => page.locator('marquee-mark').count(), { timeout: 5_000 }).toBe(2);
    expect(await boxes(page)).toEqual(before);
    await page.hover('#boxed marquee-mark');
    await card(page).waitFor({ timeout: 3_000 });
    expect(await boxes(page)).toEqual(before);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBe(
      await page.evaluate(() => document.body.scrollHeight + 32 * 2 /* body margins */),
    );
    await page.close();
  });
});

describe('200% zoom', () => {
  it('the card stays whole inside the viewport', async () => {
    // At 200% zoom a 1100×800 window is a 550×400 CSS-pixel viewport; px sizes scale with it.
    const page = await openPage('ui.html');
    await page.setViewportSize({ width: 550, height: 400 });
    await page.locator('#boxed marquee-mark').waitFor({ timeout: 15_000 });
    await page.hover('#boxed marquee-mark');
    await card(page).waitFor({ timeout: 3_000 });
    const box = (await page.locator('marquee-card .mq-overlay').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(550);
    expect(box.y + box.height).toBeLessThanOrEqual(400);
    // And it does not cover the mark it explains.
    const mark = (await page.locator('#boxed marquee-mark').boundingBox())!;
    expect(box.y >= mark.y + mark.height || box.y + box.height <= mark.y).toBe(true);
    await page.close();
  });
});

describe('hostile page CSS', () => {
  it('does not reach into the card', async () => {
    const page = await openPage('hostile.html');
    await page.locator('#film marquee-mark').waitFor({ timeout: 15_000 });
    await page.hover('#film marquee-mark');
    await card(page).waitFor({ timeout: 3_000 });
    const style = await page.evaluate(() => {
      const root = document.querySelector('marquee-card')!.shadowRoot!;
      const title = root.querySelector('.mq-title')!;
      const cardEl = root.querySelector('.mq-card')!;
      const host = document.querySelector('marquee-card')!;
      const s = getComputedStyle(title);
      const c = getComputedStyle(cardEl);
      const r = cardEl.getBoundingClientRect();
      return {
        fontSize: s.fontSize,
        color: s.color,
        family: s.fontFamily,
        cardBg: c.backgroundColor,
        cardBorder: c.borderTopWidth,
        hostOpacity: getComputedStyle(host).opacity,
        hostTransform: getComputedStyle(host).transform,
        width: r.width,
        height: r.height,
      };
    });
    expect(style.fontSize).toBe('15px');
    expect(style.color).not.toBe('rgb(255, 0, 0)');
    expect(style.family).not.toContain('Comic');
    expect(style.cardBg).toBe('rgb(255, 255, 255)');
    expect(style.cardBorder).toBe('1px');
    expect(style.hostOpacity).toBe('1');
    expect(style.hostTransform).toBe('none');
    expect(style.width).toBeGreaterThan(200);
    expect(style.width).toBeLessThan(400);
    expect(style.height).toBeGreaterThan(60);
    expect(style.height).toBeLessThan(400);
    await page.close();
  });
});

describe('"Not this film?"', () => {
  it('hides the mark on this page only, and keeps it hidden after a reload', async () => {
    const page = await openPage('ui.html');
    await page.locator('#film marquee-mark').waitFor({ timeout: 15_000 });
    await page.hover('#film marquee-mark');
    await card(page).waitFor({ timeout: 3_000 });
    await page.locator('marquee-card button', { hasText: 'Not this film?' }).click();
    await page.locator('marquee-card button', { hasText: 'hide on this page' }).click();
    await expect.poll(() => page.locator('marquee-mark').count(), { timeout: 5_000 }).toBe(0);
    expect(await page.locator('#film').textContent()).toBe('Ballerina');
    await page.reload();
    await page.waitForTimeout(1_000);
    expect(await page.locator('marquee-mark').count()).toBe(0);
    // Another page of the same site still marks it.
    const other = await openPage('ui.html?again#x');
    await page.waitForTimeout(500);
    expect(await other.locator('marquee-mark').count()).toBe(0); // same page: query and hash ignored
    const hostile = await openPage('hostile.html');
    await hostile.locator('#film marquee-mark').waitFor({ timeout: 15_000 });
    // Undo from the options page, and the first page is marked again.
    const options = await openExtensionPage(browser, 'options.html');
    await options.locator('.mq-corrections button', { hasText: 'Undo' }).click();
    await expect.poll(() => page.locator('marquee-mark').count(), { timeout: 5_000 }).toBe(2);
    for (const p of [page, other, hostile, options]) await p.close();
  });
});

describe('an index entry full of markup', () => {
  beforeAll(async () => {
    // Into the store the way a reader would put it there: a subscribed index (the options
    // panel), served here from 127.0.0.1. No test-only route exists in the extension.
    const entry = {
      id: 'hostile',
      title: XSS,
      aliases: ['Marquee Hostile Test'],
      year: 2024,
      rating: { value: 2, scale: 5 },
      verdict: XSS,
      plot: XSS,
      cast: [{ actor: XSS, role: XSS }],
      directors: [XSS],
      crew: [{ name: XSS, job: XSS }],
      review: `${XSS}\n\n${XSS}`,
      conclusion: XSS,
      source: { name: XSS, url: 'https://example.com/' },
      published: '2024-01-01',
    };
    const index = JSON.stringify({
      format: 'marquee-index',
      version: 1,
      source: { name: XSS },
      generatedAt: '2024-01-01',
      count: 1,
      entries: [entry],
    });
    server.routes.push((req, res) => {
      if (!req.url?.startsWith('/feeds/hostile.json')) return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end(index);
      return true;
    });
    const options = await openExtensionPage(browser, 'options.html');
    await options.fill('input[name="url"]', `${server.origin}/feeds/hostile.json`);
    await options.click('form.mq-source-add button[type="submit"]');
    // (expect.poll is for tests only; this is setup.)
    await options.locator('li.mq-source', { hasText: '1 entry' }).nth(1).waitFor({ timeout: 15_000 });
    expect(await options.locator('img').count()).toBe(0);
    await options.close();
  });

  it('shows it as text in the card, never as markup', async () => {
    const page = await openPage('xss.html');
    await page.locator('#film marquee-mark').waitFor({ timeout: 15_000 });
    await page.hover('#film marquee-mark');
    await card(page).waitFor({ timeout: 3_000 });
    const text = (await card(page).textContent()) ?? '';
    expect(text).toContain(XSS);
    expect(
      await page.evaluate(
        () => document.querySelector('marquee-card')!.shadowRoot!.querySelectorAll('img').length,
      ),
    ).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    await page.close();
  });

  it('shows it as text in the popup review and in search results', async () => {
    const popup = await openExtensionPage(browser, 'popup.html');
    await popup.fill('input[type="search"]', 'marquee hostile');
    const row = popup.locator('.mq-film-row').first();
    await row.waitFor({ timeout: 5_000 });
    expect(await row.textContent()).toContain(XSS);
    await row.click();
    await popup.locator('.mq-review').waitFor();
    const text = (await popup.locator('.mq-review').textContent()) ?? '';
    expect(text.split(XSS).length - 1).toBeGreaterThanOrEqual(10);
    expect(await popup.locator('img').count()).toBe(0);
    expect(await popup.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    await popup.close();
  });
});

describe('options: your own sites', () => {
  it('adding this site and switching it off clears the open tab; removing it brings the marks back', async () => {
    const page = await openPage('ui.html');
    await page.locator('#film marquee-mark').waitFor({ timeout: 15_000 });
    const options = await openExtensionPage(browser, 'options.html');
    await options.fill('#mq-add-site-input', `${server.origin}/ui.html`);
    await options.click('form.mq-add-site button[type="submit"]');
    const sw = options.locator('input[data-site="127.0.0.1"]');
    await sw.waitFor();
    expect(await sw.isChecked()).toBe(true);
    await sw.uncheck();
    await expect.poll(() => page.locator('marquee-mark').count(), { timeout: 5_000 }).toBe(0);
    await options.click('[data-remove-site="127.0.0.1"]');
    await expect.poll(() => page.locator('marquee-mark').count(), { timeout: 5_000 }).toBe(2);
    await options.close();
    await page.close();
  });
});

describe('popup search', () => {
  it('finds films as you type, typos included, and opens the review', async () => {
    const popup = await openExtensionPage(browser, 'popup.html');
    const input = popup.locator('input[type="search"]');
    await input.waitFor();
    await input.fill('balerina');
    await popup.locator('.mq-film-row', { hasText: 'Ballerina' }).waitFor({ timeout: 5_000 });
    await input.fill('zzzzqqq');
    await popup.locator('.mq-empty', { hasText: 'No reviews match' }).waitFor({ timeout: 5_000 });
    await input.fill('ballerina');
    await popup.locator('.mq-film-row', { hasText: 'Ballerina' }).click();
    await popup.locator('.mq-review h1', { hasText: 'Ballerina' }).waitFor();
    await popup.close();
  });
});
