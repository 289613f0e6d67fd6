import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { basicsGz, ratingsGz } from '../imdb-data';
import {
  launchWithExtension,
  openExtensionPage,
  serve,
  type ExtensionBrowser,
  type StaticServer,
} from './harness';

/**
 * IMDb's datasets imported through the options page: a tiny pair in IMDb's exact format (built by
 * the test; IMDb's own files may not be redistributed) is picked with the file input, imported by
 * the options page's worker into the extension's store, and a catalogue page on 127.0.0.1 shows
 * the IMDb rating on the tiles of the films it kept, and nothing on those it left out.
 */
let server: StaticServer;
let browser: ExtensionBrowser;
let options: Page;
let dir: string;

const tile = (name: string, year: string) =>
  `<div class="tile" itemscope itemtype="https://schema.org/Movie"><span itemprop="name">${name}</span><span itemprop="datePublished" hidden>${year}</span></div>`;
const catalogue = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Browse</title>
<style>.tile{display:inline-block;position:relative;width:160px;height:240px;margin:4px;background:#334;color:#fff}</style></head>
<body><h1>Browse</h1><div id="row">${[
  tile('The Shawshank Redemption', '1994'),
  tile('Spirited Away', '2001'),
  // 999 votes: below the threshold. A series: not a film.
  tile('Saltwater Kings', '2019'),
  tile('Breaking Bad', '2008'),
].join('')}</div></body></html>`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marquee-imdb-e2e-'));
  await writeFile(join(dir, 'title.basics.tsv.gz'), basicsGz());
  await writeFile(join(dir, 'title.ratings.tsv.gz'), ratingsGz());
  await writeFile(join(dir, 'not-imdb.tsv.gz'), '<!doctype html><title>Sign in</title>');
  server = await serve(resolve(process.cwd(), 'tests/e2e/pages'));
  server.routes.push((req, res) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/imdb-catalogue.html') return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(catalogue);
    return true;
  });
  browser = await launchWithExtension();
  options = await openExtensionPage(browser, 'options.html');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("IMDb's datasets through the options page", () => {
  it('states the terms, links the datasets page, and names a file that is not one of the pair', async () => {
    const panel = options.locator('[data-testid="imdb-panel"]');
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.locator('a').getAttribute('href')).toBe(
      'https://developer.imdb.com/non-commercial-datasets/',
    );
    expect(await panel.locator('[data-testid="imdb-terms"]').textContent()).toContain(
      'personal and non-commercial use only',
    );
    await options.setInputFiles('input[name="imdb"]', join(dir, 'not-imdb.tsv.gz'));
    await expect
      .poll(() => panel.locator('[data-testid="imdb-problems"]').textContent())
      .toContain('not-imdb.tsv.gz is not a gzip file');
    expect(await panel.locator('[data-action="imdb-import"]').isDisabled()).toBe(true);
  });

  it('imports the pair, picked together, and lists the source', async () => {
    const panel = options.locator('[data-testid="imdb-panel"]');
    // In either order: each file is told by its first line.
    await options.setInputFiles('input[name="imdb"]', [
      join(dir, 'title.ratings.tsv.gz'),
      join(dir, 'title.basics.tsv.gz'),
    ]);
    await expect
      .poll(() => panel.locator('li[data-kind="basics"]').textContent())
      .toBe('title.basics.tsv.gz: title.basics.tsv.gz');
    await panel.locator('[data-action="imdb-import"]').click();
    const result = panel.locator('[data-testid="imdb-result"]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain(
      'Imported 6 films with their IMDb ratings (13 titles and 13 ratings',
    );
    expect(await result.textContent()).toContain(
      'Skipped: 4 titles that are not films (series, episodes, shorts, videos, games), 2 films with fewer than 1,000 votes, 1 adult titles, 0 rows that could not be read.',
    );
    const source = options.locator('li.mq-source', { hasText: 'IMDb ratings (datasets)' });
    await expect.poll(() => source.textContent(), { timeout: 10_000 }).toContain('6 entries');
  });

  it('a catalogue page shows the IMDb rating on the tiles of the films kept', async () => {
    await options.check('input[name="ratingScale"][value="ten"]');
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/imdb-catalogue.html`);
    const badges = page.locator('marquee-badge');
    await expect.poll(() => badges.count(), { timeout: 15_000 }).toBe(2);
    const labels = await badges.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(labels).toEqual(['The Shawshank Redemption: 9.3/10', 'Spirited Away: 8.6/10']);
    expect(await badges.first().getAttribute('data-refs')).toBe('import:imdb-datasets/tt0111161');
    await page.close();
  });
});
