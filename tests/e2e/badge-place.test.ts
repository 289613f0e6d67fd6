/**
 * Badges never cover text, on the two real list pages whose tiles are text: the Wikipedia table of
 * time-loop films (the title is the row's first cell, where a badge at the tile's start sat over
 * its first letters: "G★1.0dhog Day") and the Letterboxd top-250 list (posters over a list number).
 * The saved pages (../shared/data/pages, see its README) are served from 127.0.0.1 under their
 * real hosts so the sites' adapters apply; the index is a subscription listing the films of the
 * two pages, read off their tiles with the same DOM facts the adapters rely on.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describeShared } from '../shared';
import { sharedPath } from '../paths';
import {
  launchWithExtension,
  openExtensionPage,
  serve,
  serveTls,
  type ExtensionBrowser,
  type StaticServer,
} from './harness';

const WIKIPEDIA = 'data/pages/wikipedia_list_of_time_loop_films.html';
const LETTERBOXD = 'data/pages/letterboxd_list_top250.html';
const WIKIPEDIA_URL = 'https://en.wikipedia.org/wiki/List_of_films_featuring_time_loops';
const LETTERBOXD_URL = 'https://letterboxd.com/official/list/top-250-narrative-feature-films/';

interface Film {
  title: string;
  year?: number;
}

/** The films a page's tiles name (the adapters' selectors, lib/sites/wikipedia.ts and letterboxd.ts). */
function tilesOf(page: Page): Promise<Film[]> {
  return page.evaluate(() => {
    const films: { title: string; year?: number }[] = [];
    const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    for (const i of document.querySelectorAll(
      'table.wikitable tr > th:first-child > i, table.wikitable tr > td:first-child > i',
    )) {
      const row = i.closest('tr');
      const cell = row ? [...row.children].find((c) => /^\d{4}$/.test(clean(c.textContent))) : undefined;
      films.push({ title: clean(i.textContent), year: cell ? Number(clean(cell.textContent)) : undefined });
    }
    for (const poster of document.querySelectorAll('.film-poster[data-film-slug]')) {
      const m = /-(\d{4})\/$/.exec(poster.getAttribute('data-film-slug') ?? '');
      films.push({
        title: clean(poster.querySelector('img[alt]')?.getAttribute('alt')),
        year: m ? Number(m[1]) : undefined,
      });
    }
    return films.filter((f) => f.title);
  });
}

/**
 * Every badge's box against every text box on the page (Range.getClientRects of each text node
 * outside Marquee's own elements): the pairs that overlap by any area, in words.
 */
function overlaps(page: Page): Promise<{ badges: number; placed: number; overlaps: string[] }> {
  return page.evaluate(() => {
    const range = document.createRange();
    const text: { r: DOMRect; s: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!/\S/.test((n as Text).data) || n.parentElement?.closest('marquee-badge, marquee-card')) continue;
      range.selectNodeContents(n);
      for (const r of range.getClientRects())
        if (r.width > 0 && r.height > 0) text.push({ r, s: (n as Text).data });
    }
    const found: string[] = [];
    const badges = [...document.querySelectorAll('marquee-badge')];
    for (const b of badges) {
      const r = b.getBoundingClientRect();
      for (const t of text) {
        const w = Math.min(r.right, t.r.right) - Math.max(r.left, t.r.left);
        const h = Math.min(r.bottom, t.r.bottom) - Math.max(r.top, t.r.top);
        if (w > 0 && h > 0)
          found.push(
            `${b.getAttribute('aria-label')} (${b.getAttribute('data-place')}) covers ${w.toFixed(1)}×${h.toFixed(1)} px of "${t.s.trim().slice(0, 40)}"`,
          );
      }
    }
    return {
      badges: badges.length,
      placed: badges.filter(
        (b) => b.hasAttribute('data-place') && getComputedStyle(b).visibility === 'visible',
      ).length,
      overlaps: found,
    };
  });
}

/** Scroll the whole page through the viewport (tiles are badged as they come near), then back to the top. */
async function scrollThrough(page: Page): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += 600) {
    await page.evaluate((top) => scrollTo(0, top), y);
    await page.waitForTimeout(60);
  }
  await page.evaluate(() => scrollTo(0, 0));
}

describeShared('badges on the real list pages cover no text', [WIKIPEDIA, LETTERBOXD], () => {
  let pages: StaticServer;
  let indexServer: StaticServer;
  let browser: ExtensionBrowser;
  const films: Record<string, Film[]> = {};

  beforeAll(async () => {
    pages = await serveTls(resolve(process.cwd(), 'tests/e2e/pages'));
    pages.routes.push((req, res) => {
      const url = new URL(req.url ?? '/', 'https://x');
      const file =
        url.pathname === new URL(WIKIPEDIA_URL).pathname
          ? WIKIPEDIA
          : url.pathname === new URL(LETTERBOXD_URL).pathname
            ? LETTERBOXD
            : undefined;
      if (!file) return false;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(sharedPath(file)));
      return true;
    });
    indexServer = await serve(resolve(process.cwd(), 'tests/e2e/pages'));
    browser = await launchWithExtension({
      hosts: { names: ['en.wikipedia.org', 'letterboxd.com'], port: pages.port },
    });
    for (const url of [WIKIPEDIA_URL, LETTERBOXD_URL]) {
      const page = await browser.context.newPage();
      await page.goto(url);
      films[url] = await tilesOf(page);
      await page.close();
    }
    const all = [...films[WIKIPEDIA_URL]!, ...films[LETTERBOXD_URL]!];
    const index = JSON.stringify({
      format: 'marquee-index',
      version: 1,
      source: { name: 'List Critic' },
      generatedAt: '2026-12-01',
      count: all.length,
      entries: all.map((f, i) => ({
        id: `film-${i}`,
        title: f.title,
        ...(f.year ? { year: f.year } : {}),
        // Ratings of every width the badge has ("★ 1.0" … "★ 5.0").
        rating: { value: ((i * 7) % 9) / 2 + 1, scale: 5 },
        source: { name: 'List Critic' },
      })),
    });
    indexServer.routes.push((req, res) => {
      if (req.url !== '/films.json') return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end(index);
      return true;
    });
    const options = await openExtensionPage(browser, 'options.html');
    await options.fill('input[name="url"]', `${indexServer.origin}/films.json`);
    await options.click('form.mq-source-add button[type="submit"]');
    await options
      .locator('li.mq-source', { hasText: 'List Critic' })
      .filter({ hasText: `${all.length} entries` })
      .waitFor({ timeout: 20_000 });
    await options.close();
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await indexServer?.close();
  });

  for (const [name, url, least] of [
    ['the Wikipedia table of time-loop films', WIKIPEDIA_URL, 50],
    ['the Letterboxd top-250 list', LETTERBOXD_URL, 90],
  ] as const) {
    it(`${name}: every tile badged, no badge over any text`, async () => {
      expect(films[url]!.length).toBeGreaterThanOrEqual(least);
      const page = await browser.context.newPage();
      await page.goto(url);
      // The scan ends (the page's films reported) before the tiles are badged as they come near.
      await page.waitForFunction(() => document.readyState === 'complete');
      await page.waitForTimeout(1000);
      await scrollThrough(page);
      await expect
        .poll(async () => (await overlaps(page)).placed, { timeout: 10_000 })
        .toBe(films[url]!.length);
      const result = await overlaps(page);
      expect(result.badges).toBe(films[url]!.length);
      expect(result.overlaps).toEqual([]);
      // And at another width, after the re-placement a resize triggers.
      await page.setViewportSize({ width: 760, height: 800 });
      await page.waitForTimeout(600);
      expect((await overlaps(page)).overlaps).toEqual([]);
      await page.close();
    });
  }
});
