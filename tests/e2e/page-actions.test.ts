import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import {
  launchWithExtension,
  openExtensionPage,
  serve,
  tabShowing,
  type ExtensionBrowser,
  type StaticServer,
} from './harness';

/**
 * The popup on the page being read, pages served from 127.0.0.1: a critic's review page (schema.org
 * Review JSON-LD, and the site's feed advertised) offers "Add this review" and "Follow this site";
 * the seed-shaped article offers "Add this review"; a page naming the added film then marks it
 * with the critic's rating.
 */
let server: StaticServer;
let browser: ExtensionBrowser;
const requests: string[] = [];

const feed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Night Critic</title><link>/critic/</link>
<item><title>Heat (1995)</title><link>/critic/heat-1995/</link><guid>heat-1995</guid>
<content:encoded>&lt;p&gt;&amp;#9733;&amp;#9733;&amp;#9733;&amp;#9733;&lt;/p&gt;&lt;p&gt;Mann's city at night, at full length.&lt;/p&gt;</content:encoded></item>
<item><title>Festival news</title><link>/critic/news/</link><guid>news</guid>
<content:encoded>&lt;p&gt;The line-up is out.&lt;/p&gt;</content:encoded></item>
</channel></rss>`;

const thiefReview = `<!doctype html><html><head><title>Thief review – Night Critic</title>
<link rel="alternate" type="application/rss+xml" title="Night Critic" href="/critic/feed.xml">
<link rel="alternate" type="application/rss+xml" title="Night Critic » Thief Comments Feed" href="/critic/thief-review/feed/">
<script type="application/ld+json">${JSON.stringify({
  '@context': 'https://schema.org',
  '@type': 'Review',
  reviewRating: { '@type': 'Rating', ratingValue: 4.5, bestRating: 5 },
  description: "Mann's first feature already knows exactly what it is.",
  publisher: { '@type': 'Organization', name: 'Night Critic' },
  itemReviewed: {
    '@type': 'Movie',
    name: 'Thief',
    datePublished: '1981-03-27',
    actor: [{ name: 'James Caan' }],
  },
})}</script></head>
<body><article><h1>Thief</h1><p>Mann's first feature already knows exactly what it is.</p></article></body></html>`;

const html = (res: import('node:http').ServerResponse, body: string, type = 'text/html; charset=utf-8') => {
  res.writeHead(200, { 'content-type': type });
  res.end(body);
  return true;
};

beforeAll(async () => {
  server = await serve(resolve(process.cwd(), 'demo/pages'));
  server.routes.push((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    if (path === '/critic/thief-review/') return html(res, thiefReview);
    if (path === '/critic/feed.xml') return html(res, feed, 'application/rss+xml; charset=utf-8');
    if (path === '/indori/ballerina-review/')
      return html(
        res,
        readFileSync(
          resolve(process.cwd(), 'tests/fixtures/pages/indori-nerd_ballerina-review.html'),
          'utf8',
        ),
      );
    if (path === '/tonight.html')
      return html(
        res,
        '<!doctype html><title>Tonight</title><p>Tonight: <i id="film">Thief</i> (1981), with James Caan, at the Rio.</p>',
      );
    return false;
  });
  browser = await launchWithExtension();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page in a tab, and the popup about that tab (opened as a page, as the harness does). */
async function popupFor(path: string): Promise<{ page: Page; popup: Page }> {
  const page = await browser.context.newPage();
  const url = `${server.origin}${path}`;
  await page.goto(url);
  const tab = await tabShowing(browser, url);
  const popup = await openExtensionPage(browser, `popup.html?tab=${tab}`);
  await popup.locator('[data-testid="page-actions"]').waitFor({ timeout: 10_000 });
  return { page, popup };
}

describe("the popup's actions on the page being read", () => {
  it('a critic\'s review page: "Add this review" saves it, "Follow this site" follows its feed', async () => {
    const { page, popup } = await popupFor('/critic/thief-review/');
    await popup.click('button[data-action="add-review"]');
    const added = popup.locator('[data-testid="review-result"]');
    await added.waitFor({ timeout: 10_000 });
    expect(await added.textContent()).toBe(
      'Added “Thief” (1981), ★★★★½ 4.5/5 by Night Critic, to “Saved from pages”.',
    );
    await popup.click('button[data-action="follow"]');
    const followed = popup.locator('[data-testid="follow-result"]');
    await followed.waitFor({ timeout: 15_000 });
    expect(await followed.textContent()).toBe(
      'Following Night Critic: 1 review in the 2 latest items of its feed.',
    );
    // The site's feed, not the comments feed; the review page was read from the tab, not fetched again.
    const critic = requests.filter((p) => p.startsWith('/critic/'));
    expect(critic.filter((p) => p === '/critic/thief-review/')).toHaveLength(1);
    expect(critic).toContain('/critic/feed.xml');
    expect(critic).not.toContain('/critic/thief-review/feed/');
    await popup.close();
    // Opened again: it knows the site is followed.
    const again = await openExtensionPage(browser, popup.url().replace(/^.*\/popup\.html/, 'popup.html'));
    const following = again.locator('[data-testid="following"]');
    await following.waitFor({ timeout: 10_000 });
    expect(await following.textContent()).toBe('You follow this site (Night Critic).');
    await again.close();
    await page.close();
  });

  it("the seed's article shape: added with its rating and publisher", async () => {
    const { page, popup } = await popupFor('/indori/ballerina-review/');
    await popup.click('button[data-action="add-review"]');
    const added = popup.locator('[data-testid="review-result"]');
    await added.waitFor({ timeout: 10_000 });
    expect(await added.textContent()).toBe(
      'Added “Ballerina”, ★★★½ 3.5/5 by Indori Nerd, to “Saved from pages”.',
    );
    await popup.close();
    await page.close();
  });

  it('a page naming the added film marks it with the saved rating', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/tonight.html`);
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
