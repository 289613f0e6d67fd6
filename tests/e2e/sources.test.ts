import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { resolve } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import {
  launchWithExtension,
  openExtensionPage,
  serve,
  type ExtensionBrowser,
  type StaticServer,
} from './harness';

/**
 * A subscribed index served from 127.0.0.1: adding it in options marks a film the bundled index
 * doesn't have (Heat, 1995); an unchanged index costs a 304; a broken version shows its error in
 * options while the film stays marked.
 */
let server: StaticServer;
let browser: ExtensionBrowser;
let options: Page;

const feed = {
  state: 'good' as 'good' | 'broken',
  requests: 0,
  conditional: 0,
  notModified: 0,
};

const heatIndex = JSON.stringify({
  format: 'marquee-index',
  version: 1,
  source: { name: 'Local Critic' },
  generatedAt: '2026-11-25',
  count: 1,
  entries: [
    {
      id: 'heat-1995',
      title: 'Heat',
      year: 1995,
      rating: { value: 4.5, scale: 5 },
      verdict: 'Two professionals, one table, and the best shootout in Los Angeles.',
      source: { name: 'Local Critic' },
    },
  ],
});

beforeAll(async () => {
  server = await serve(resolve(process.cwd(), 'demo/pages'));
  server.routes.push((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/heat.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><title>Rewatch</title><p id="lede">Last night I rewatched <i id="film">Heat</i> on a big screen.</p>',
      );
      return true;
    }
    if (path !== '/feeds/critic.json') return false;
    feed.requests++;
    const etag = feed.state === 'good' ? '"v1"' : '"v2"';
    if (req.headers['if-none-match']) feed.conditional++;
    if (req.headers['if-none-match'] === etag) {
      feed.notModified++;
      res.writeHead(304, { etag }).end();
      return true;
    }
    res.writeHead(200, { 'content-type': 'application/json', etag });
    res.end(feed.state === 'good' ? heatIndex : heatIndex.slice(0, 120));
    return true;
  });
  browser = await launchWithExtension();
  options = await openExtensionPage(browser, 'options.html');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const sourceItem = () => options.locator('li.mq-source', { hasText: 'Local Critic' });

describe('a subscribed index on 127.0.0.1', () => {
  it('is added from options and loaded', async () => {
    await options.fill('input[name="url"]', `${server.origin}/feeds/critic.json`);
    await options.fill('input[name="name"]', 'Local Critic');
    await options.click('form.mq-source-add button[type="submit"]');
    await expect.poll(() => sourceItem().textContent(), { timeout: 15_000 }).toContain('1 entry');
    expect(await sourceItem().locator('[data-testid="source-error"]').count()).toBe(0);
    expect(feed.requests).toBe(1);
  });

  it('marks the film on a page and shows its rating on hover', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/heat.html`);
    const mark = page.locator('#film marquee-mark');
    await mark.waitFor({ timeout: 15_000 });
    await mark.hover();
    const card = page.locator('marquee-card .mq-card');
    await card.waitFor({ timeout: 5_000 });
    await expect.poll(() => card.textContent()).toContain('4.5/5');
    expect(await card.textContent()).toContain('Local Critic');
    await page.close();
  });

  it('an unchanged index costs a 304', async () => {
    await sourceItem().locator('button[data-action="refresh"]').click();
    await expect.poll(() => feed.notModified, { timeout: 10_000 }).toBe(1);
    expect(feed.conditional).toBe(1);
    await expect.poll(() => sourceItem().textContent()).toContain('1 entry');
    expect(await sourceItem().locator('[data-testid="source-error"]').count()).toBe(0);
  });

  it('a broken version shows its error in options, and the film is still marked', async () => {
    feed.state = 'broken';
    await sourceItem().locator('button[data-action="refresh"]').click();
    const error = sourceItem().locator('[data-testid="source-error"]');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toMatch(/not valid JSON/);
    expect(await sourceItem().textContent()).toContain('1 entry');

    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/heat.html`);
    await page.locator('#film marquee-mark').waitFor({ timeout: 15_000 });
    await page.close();
  });

  it('an IMDb ratings import adds to it: one card, preferred source first, "+1 other rating"', async () => {
    await options.setInputFiles(
      'input[name="import"]',
      resolve(process.cwd(), 'tests/fixtures/imports/imdb/ratings-new.csv'),
    );
    const summary = options.locator('[data-testid="import-summary"]');
    await summary.waitFor({ timeout: 15_000 });
    expect(await summary.textContent()).toContain('IMDb ratings (imported): 3 added, 0 updated, 3 rejected');
    expect(await summary.textContent()).toContain('"Breaking Bad" skipped: a TV Series is not a film');

    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/heat.html`);
    const mark = page.locator('#film marquee-mark');
    await mark.waitFor({ timeout: 15_000 });
    await mark.hover();
    const cards = page.locator('marquee-card .mq-card');
    await cards.first().waitFor({ timeout: 5_000 });
    await expect.poll(() => cards.first().textContent()).toContain('+1 other rating');
    expect(await cards.count()).toBe(1);
    // With no stated order your own ratings come first: IMDb's 9/10.
    expect(await cards.first().textContent()).toContain('9/10');
    await page.close();
  });
});

describe('a Letterboxd export .zip', () => {
  it('is imported as downloaded: its film CSVs merged, the rest listed as skipped', async () => {
    const csv = (name: string) =>
      strToU8(readFileSync(resolve(process.cwd(), 'tests/fixtures/imports/letterboxd', name), 'utf8'));
    const zip = zipSync({
      'ratings.csv': csv('ratings.csv'),
      'diary.csv': csv('diary.csv'),
      'profile.csv': strToU8('Date Joined,Username\n2020-01-01,someone\n'),
    });
    await options.setInputFiles('input[name="import"]', {
      name: 'letterboxd-someone.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from(zip),
    });
    const summary = options.locator('[data-testid="import-summary"]');
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toContain('Letterboxd (imported)');
    expect(await options.locator('[data-testid="import-note"]').textContent()).toBe(
      'letterboxd-someone.zip: imported ratings.csv, diary.csv; skipped 1 other file (profile.csv)',
    );
    expect(await summary.textContent()).toMatch(/Letterboxd \(imported\): [1-9]\d* added/);
  });
});

describe('a subscription whose first load fails adds nothing, and says why in its form', () => {
  const subscribeError = () => options.locator('form.mq-source-add [data-testid="subscribe-error"]');
  const names = () => options.locator('li.mq-source .mq-source-name').allTextContents();

  async function subscribeTo(url: string, name = ''): Promise<void> {
    await options.fill('input[name="url"]', url);
    await options.fill('input[name="name"]', name);
    await options.click('form.mq-source-add button[type="submit"]');
  }

  it('a 404, an HTML page, a refused port, an unknown name', async () => {
    server.routes.push((req, res) => {
      if (req.url !== '/home.html') return false;
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Home</title>');
      return true;
    });
    const before = await names();
    // A port nothing listens on: one a server started and closed here had.
    const probe = createNetServer();
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    const closed = (probe.address() as { port: number }).port;
    await new Promise((ok) => probe.close(ok));
    const cases: [string, RegExp][] = [
      [
        `${server.origin}/feeds/missing.json`,
        /^Not added: the server answered 404 Not Found: there is no index at this address$/,
      ],
      [
        `${server.origin}/home.html`,
        /^Not added: .*\/home\.html is a web page \(HTML\), not a Marquee index/,
      ],
      // Chromium's fetch says "Failed to fetch" for both: the message names the host and what to check.
      [
        `http://127.0.0.1:${closed}/index.json`,
        new RegExp(
          `^Not added: could not reach 127\\.0\\.0\\.1:${closed} \\(Failed to fetch\\): nothing answered there`,
        ),
      ],
      [
        'https://marquee-test.invalid/index.json',
        /^Not added: could not reach marquee-test\.invalid \(Failed to fetch\)/,
      ],
    ];
    for (const [url, reason] of cases) {
      await subscribeTo(url);
      await expect.poll(() => subscribeError().textContent(), { timeout: 15_000 }).toMatch(reason);
      // Nothing added, and what was typed stays in the form to be corrected.
      expect(await names()).toEqual(before);
      expect(await options.inputValue('input[name="url"]')).toBe(url);
    }
  });

  it('a following that fails says so in its own form', async () => {
    const before = await names();
    await options.fill('input[name="follow"]', `${server.origin}/home.html`);
    await options.click('form.mq-follow button[type="submit"]');
    const error = options.locator('form.mq-follow [data-testid="follow-error"]');
    await expect
      .poll(() => error.textContent(), { timeout: 15_000 })
      .toMatch(/^Not followed: .*advertises no feed/);
    expect(await names()).toEqual(before);
  });

  it('an index that loads is named as it names itself when no name is given', async () => {
    server.routes.push((req, res) => {
      if (req.url !== '/feeds/harbour.json') return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(heatIndex.replaceAll('Local Critic', 'Harbour Reviews'));
      return true;
    });
    await subscribeTo(`${server.origin}/feeds/harbour.json`);
    await expect.poll(() => names(), { timeout: 15_000 }).toContain('Harbour Reviews');
    expect(await subscribeError().count()).toBe(0);
    expect(await names()).not.toContain('127.0.0.1');
  });
});
