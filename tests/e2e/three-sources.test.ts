/**
 * Three sources at once, as a new user has them: a subscribed index served from 127.0.0.1, a
 * Letterboxd export and an IMDb ratings CSV, both imported in options. On a real page (the saved
 * Reuters story of "Parasite" at the SAG awards, ../shared/data/pages, Apache-2.0 fixture of
 * adbar/trafilatura) every mention of a film shows one rating, the preferred source's (the first
 * of options' list that reviews it), with the others counted; and the popup lists each film once.
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
  tabWithFilms,
  type ExtensionBrowser,
  type StaticServer,
} from './harness';

const REUTERS = 'data/pages/reuters_parasite_sag_awards.html';

interface Film {
  title: string;
  year: number;
  imdb: string;
  /** The rating in each source that reviews the film, as value/scale. */
  index?: [number, number];
  letterboxd?: number;
  imdbRating?: number;
}

/** Films the story names; each source reviews a different subset, with different ratings. */
const FILMS: Film[] = [
  { title: 'Parasite', year: 2019, imdb: 'tt6751668', index: [2, 5], letterboxd: 5, imdbRating: 9 },
  { title: 'The Irishman', year: 2019, imdb: 'tt1302006', index: [3, 5], letterboxd: 3.5, imdbRating: 7 },
  { title: 'Marriage Story', year: 2019, imdb: 'tt7653254', index: [3, 5], letterboxd: 4, imdbRating: 8 },
  { title: 'Once Upon a Time in Hollywood', year: 2019, imdb: 'tt7131622', index: [7, 10], imdbRating: 6 },
  { title: 'Joker', year: 2019, imdb: 'tt7286456', index: [2.5, 5], letterboxd: 2.5 },
  { title: 'Little Women', year: 2019, imdb: 'tt3281548', index: [4, 5], letterboxd: 4.5 },
  { title: 'Bombshell', year: 2019, imdb: 'tt6394270', index: [3, 5] },
  { title: 'Judy', year: 2019, imdb: 'tt7549996', index: [3.5, 5], imdbRating: 7 },
];

const SUBSCRIPTION = 'Awards Desk';
const index = JSON.stringify({
  format: 'marquee-index',
  version: 1,
  source: { name: SUBSCRIPTION },
  generatedAt: '2026-12-01',
  count: FILMS.length,
  entries: FILMS.map((f) => ({
    id: f.imdb,
    title: f.title,
    year: f.year,
    rating: { value: f.index![0], scale: f.index![1] },
    verdict: `${f.title}, reviewed by the awards desk.`,
    // Cast, so a surname near a title is evidence (imports have none: they must not lose to it).
    ...(f.title === 'Marriage Story'
      ? { cast: [{ actor: 'Adam Driver' }, { actor: 'Scarlett Johansson' }, { actor: 'Laura Dern' }] }
      : {}),
    source: { name: SUBSCRIPTION },
    ids: { imdb: f.imdb },
  })),
});

const letterboxdCsv = [
  'Date,Name,Year,Letterboxd URI,Rating',
  ...FILMS.filter((f) => f.letterboxd).map(
    (f, i) => `2024-02-0${i + 1},${f.title},${f.year},https://boxd.it/x${i},${f.letterboxd}`,
  ),
].join('\n');

const imdbCsv = [
  'Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors',
  ...FILMS.filter((f) => f.imdbRating).map(
    (f) =>
      `${f.imdb},${f.imdbRating},2024-03-01,${f.title},${f.title},https://www.imdb.com/title/${f.imdb}/,Movie,7.5,120,${f.year},Drama,1000,${f.year}-10-01,Someone`,
  ),
].join('\n');

/** Each source's rating of a film as the card writes it ("2/5", "9/10"), by source name. */
function ratingsOf(f: Film): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.index) out[SUBSCRIPTION] = `${f.index[0]}/${f.index[1]}`;
  if (f.letterboxd) out['Letterboxd (imported)'] = `${f.letterboxd}/5`;
  if (f.imdbRating) out['IMDb ratings (imported)'] = `${f.imdbRating}/10`;
  return out;
}

const others = (n: number) => (n === 0 ? '' : `+${n} other rating${n === 1 ? '' : 's'}`);

describeShared('three sources on one real page', [REUTERS], () => {
  let server: StaticServer;
  let browser: ExtensionBrowser;
  let order: string[] = [];

  beforeAll(async () => {
    server = await serve(resolve(process.cwd(), 'tests/e2e/pages'));
    server.routes.push((req, res) => {
      if (req.url === '/reuters.html') {
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(readFileSync(sharedPath(REUTERS)));
        return true;
      }
      if (req.url === '/awards.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(index);
        return true;
      }
      return false;
    });
    browser = await launchWithExtension();
    const options = await openExtensionPage(browser, 'options.html');
    await options.fill('input[name="url"]', `${server.origin}/awards.json`);
    await options.click('form.mq-source-add button[type="submit"]');
    await options
      .locator('li.mq-source', { hasText: SUBSCRIPTION })
      .filter({ hasText: `${FILMS.length} entries` })
      .waitFor({ timeout: 20_000 });
    const summary = options.locator('[data-testid="import-summary"]');
    for (const [name, csv, kind] of [
      ['ratings.csv', letterboxdCsv, 'Letterboxd (imported)'],
      ['imdb-ratings.csv', imdbCsv, 'IMDb ratings (imported)'],
    ] as const) {
      await options.setInputFiles('input[name="import"]', {
        name,
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await summary.filter({ hasText: `${kind}: ` }).waitFor({ timeout: 15_000 });
      expect(await summary.textContent()).toMatch(
        new RegExp(`${kind.replace(/[()]/g, '\\$&')}: [1-9]\\d* added`),
      );
    }
    await options.reload();
    await options.locator('li.mq-source', { hasText: 'IMDb ratings (imported)' }).waitFor();
    // The order the card uses is the list's (options says so).
    order = (await options.locator('li.mq-source .mq-source-name').allTextContents()).map((s) => s.trim());
    await options.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The rating the card must show for a film (the first source in options' order that has it) and how many others. */
  function expected(title: string): { rating: string; others: string } {
    const film = FILMS.find((f) => f.title.toLowerCase() === title.toLowerCase());
    if (!film) throw new Error(`"${title}" is not one of the test's films`);
    const ratings = ratingsOf(film);
    const first = order.find((name) => name in ratings)!;
    return { rating: ratings[first]!, others: others(Object.keys(ratings).length - 1) };
  }

  async function openStory(): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/reuters.html`);
    const marks = page.locator('marquee-mark');
    await marks.first().waitFor({ state: 'attached', timeout: 15_000 });
    // Marks below the fold are written as they come near: scroll the story through once.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0; y < height; y += 600) {
      await page.evaluate((top) => scrollTo(0, top), y);
      await page.waitForTimeout(50);
    }
    await page.evaluate(() => scrollTo(0, 0));
    let count = -1;
    await expect
      .poll(
        async () => {
          const before = count;
          count = await marks.count();
          return count > 0 && count === before;
        },
        { timeout: 10_000, interval: 500 },
      )
      .toBe(true);
    return page;
  }

  it('the sources are listed in the one order: your own ratings, then the subscription', () => {
    expect(order.indexOf(SUBSCRIPTION)).toBeGreaterThan(order.indexOf('Letterboxd (imported)'));
    expect(order.indexOf(SUBSCRIPTION)).toBeGreaterThan(order.indexOf('IMDb ratings (imported)'));
  });

  it('the popup lists each film once, with the preferred rating and the others counted', async () => {
    const page = await openStory();
    const tabId = await tabWithFilms(browser);
    const popup = await openExtensionPage(browser, `popup.html?tab=${tabId}`);
    const rows = popup.locator('.mq-found .mq-film-row');
    await rows.first().waitFor({ timeout: 10_000 });
    const listed = await rows.evaluateAll((els) =>
      els.map((el) => ({
        title: el.querySelector('.mq-film-row-title bdi')?.textContent ?? '',
        rating: el.querySelector('.mq-stars-number')?.textContent ?? '',
        why: el.querySelector('.mq-film-row-why')?.textContent ?? '',
      })),
    );
    const titles = listed.map((r) => r.title);
    expect(titles).toEqual([...new Set(titles)]);
    expect(titles).toContain('Parasite');
    for (const row of listed) {
      const want = expected(row.title);
      expect(row.rating, row.title).toBe(want.rating);
      if (want.others) expect(row.why, row.title).toContain(want.others);
      else expect(row.why, row.title).not.toMatch(/other rating/);
    }
    await popup.close();
    await page.close();
  });

  it('every mention of a film shows the same rating on hover: the preferred one', async () => {
    const page = await openStory();
    const marks = page.locator('marquee-mark');
    const total = await marks.count();
    const card = page.locator('marquee-card .mq-card');
    const seen: Record<string, Set<string>> = {};
    for (let i = 0; i < total; i++) {
      const mark = marks.nth(i);
      await mark.scrollIntoViewIfNeeded();
      await mark.hover();
      await card.waitFor({ timeout: 5_000 });
      const shown = await card.evaluate((el) => ({
        title: el.querySelector('.mq-title bdi, .mq-title')?.firstChild?.textContent ?? '',
        rating: el.querySelector('.mq-stars-number')?.textContent ?? '',
        others: el.querySelector('.mq-other-ratings')?.textContent ?? '',
        source: el.querySelector('.mq-source bdi')?.textContent ?? '',
      }));
      const title = shown.title.trim();
      const want = expected(title);
      expect(`${title}: ${shown.rating}`).toBe(`${title}: ${want.rating}`);
      if (want.others) expect(shown.others, title).toContain(want.others);
      (seen[title] ??= new Set()).add(`${shown.rating} ${shown.others}`);
      // Off the mark (and the card) until it closes, so the next hover opens a fresh one.
      await page.mouse.move(1, 1);
      await card.waitFor({ state: 'detached', timeout: 5_000 });
    }
    // Parasite is named five times in the story.
    expect(Object.keys(seen)).toContain('Parasite');
    for (const [title, ratings] of Object.entries(seen)) expect([...ratings], title).toHaveLength(1);
    await page.close();
  });
});
