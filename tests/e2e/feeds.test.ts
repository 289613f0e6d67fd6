import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import {
  launchWithExtension,
  openExtensionPage,
  serve,
  type ExtensionBrowser,
  type StaticServer,
} from './harness';

/**
 * Following a critic's site served from 127.0.0.1: the options page is given the site's address,
 * the background finds the RSS feed its page advertises, reads the review in it (the grade written
 * as ★★★★½ in the text, as critics' feeds do), and a page naming the film marks it with that rating.
 */
let server: StaticServer;
let browser: ExtensionBrowser;
let options: Page;
const requests: string[] = [];

const feed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Night Critic</title><link>/critic/</link>
<item><title>Thief (1981)</title><link>/critic/thief-1981/</link><guid>thief-1981</guid>
<pubDate>Sun, 23 Nov 2026 00:00:00 GMT</pubDate>
<content:encoded>&lt;p&gt;&amp;#9733;&amp;#9733;&amp;#9733;&amp;#9733;&amp;#189;&lt;/p&gt;&lt;p&gt;Mann's first feature already knows exactly what it is.&lt;/p&gt;</content:encoded></item>
<item><title>Festival news</title><link>/critic/news/</link><guid>news</guid>
<content:encoded>&lt;p&gt;The line-up is out.&lt;/p&gt;</content:encoded></item>
</channel></rss>`;

beforeAll(async () => {
  server = await serve(resolve(process.cwd(), 'demo/pages'));
  server.routes.push((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/critic/')) requests.push(path);
    if (path === '/critic/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html><head><title>Night Critic</title><link rel="alternate" type="application/rss+xml" title="Night Critic" href="/critic/feed.xml"></head><body><h1>Night Critic</h1></body></html>',
      );
      return true;
    }
    if (path === '/critic/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(feed);
      return true;
    }
    if (path === '/thief.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><title>Tonight</title><p>Tonight: <i id="film">Thief</i>, with James Caan, at the Rio.</p>',
      );
      return true;
    }
    return false;
  });
  browser = await launchWithExtension();
  options = await openExtensionPage(browser, 'options.html');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('following a review site on 127.0.0.1', () => {
  it('finds the feed from the site address, reads its review, skips the news item', async () => {
    await options.fill('input[name="follow"]', `${server.origin}/critic/`);
    await options.click('form.mq-follow button[type="submit"]');
    const source = options.locator('li.mq-source', { hasText: 'Night Critic' });
    await expect.poll(() => source.textContent(), { timeout: 15_000 }).toContain('1 entry');
    expect(await source.locator('[data-testid="source-error"]').count()).toBe(0);
    const status = await source.locator('[data-testid="feed-status"]').textContent();
    expect(status).toContain('Last read: 1 of 2 items were film reviews (1 new, 0 updated)');
    expect(status).toContain('Skipped: 1');
    // The site's page once (discovery), the feed once (the first load).
    expect(requests).toEqual(['/critic/', '/critic/feed.xml']);
  });

  it('a page naming the film marks it with the rating the feed gave', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/thief.html`);
    const mark = page.locator('#film marquee-mark');
    await mark.waitFor({ timeout: 15_000 });
    await mark.hover();
    const card = page.locator('marquee-card .mq-card');
    await card.waitFor({ timeout: 5_000 });
    await expect.poll(() => card.textContent()).toContain('4.5/5');
    expect(await card.textContent()).toContain('Night Critic');
    await page.close();
  });
});
