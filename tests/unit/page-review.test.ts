import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readRepo, sharedPath } from '../paths';
import { describeShared } from '../shared';
import { ReviewStore } from '../../lib/store/db';
import { readPageReview, SAVED_PAGES_SOURCE, savePageReview } from '../../lib/background/page-review';

const seedPage = readRepo('tests/fixtures/pages/indori-nerd_ballerina-review.html');
const SEED_URL = 'https://indorinerd.example/ballerina-review/';
const jsonLdPage = (name: string, rating: number, publisher = 'Night Critic') =>
  `<!doctype html><html><head><script type="application/ld+json">${JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'Review',
    reviewRating: { '@type': 'Rating', ratingValue: rating, bestRating: 5 },
    description: "Mann's first feature already knows exactly what it is.",
    publisher: { '@type': 'Organization', name: publisher },
    itemReviewed: { '@type': 'Movie', name, datePublished: '1981-03-27', director: { name: 'Michael Mann' } },
  })}</script></head><body><article><p>Body text.</p></article></body></html>`;

let n = 0;
const stores: ReviewStore[] = [];
async function open() {
  const store = await ReviewStore.open(`page-review-${n++}`);
  stores.push(store);
  return store;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

describe('"Add this review": the page read in the extension', () => {
  it("reads the seed's article shape from its page: title, rating, verdict, cast, publisher, address", () => {
    const entry = readPageReview(seedPage, `${SEED_URL}#comments`);
    expect(entry).toMatchObject({
      title: 'Ballerina',
      rating: { value: 3.5, scale: 5 },
      source: { name: 'Indori Nerd', url: SEED_URL },
      published: '2025-06-06',
      directors: ['Len Wiseman'],
    });
    expect(entry.verdict).toMatch(/^Ballerina offers a fierce yet emotional ride/);
    expect(entry.cast.map((c) => c.actor)).toContain('Ana de Armas');
    // One page, one entry: the id carries the page (a second critic's review of the film is another).
    expect(entry.id).toMatch(/^page-ballerina-[a-z0-9]+$/);
    expect(readPageReview(seedPage, 'https://other.example/ballerina/').id).not.toBe(entry.id);
  });

  it('saves into "Saved from pages", says added then updated, and keeps two critics apart', async () => {
    const store = await open();
    const first = await savePageReview(store, {
      url: 'https://critic.example/thief/',
      html: jsonLdPage('Thief', 4.5),
    });
    expect(first).toEqual({
      status: 'added',
      ref: expect.stringMatching(/^import:pages\/page-thief-1981-/),
      title: 'Thief',
      year: 1981,
      rating: { value: 4.5, scale: 5 },
      publisher: 'Night Critic',
      savedIn: 'Saved from pages',
    });
    const again = await savePageReview(store, {
      url: 'https://critic.example/thief/',
      html: jsonLdPage('Thief', 4),
    });
    expect(again.status).toBe('updated');
    await savePageReview(store, {
      url: 'https://weekly.example/thief',
      html: jsonLdPage('Thief', 3, 'Weekly'),
    });
    const source = await store.getSource(SAVED_PAGES_SOURCE.id);
    expect(source).toMatchObject({ name: 'Saved from pages', kind: 'import', count: 2 });
    const entries = (await store.entriesOfSource(SAVED_PAGES_SOURCE.id)).map((s) => s.entry);
    expect(entries.map((e) => [e.source.name, e.rating?.value]).sort()).toEqual([
      ['Night Critic', 4],
      ['Weekly', 3],
    ]);
  });

  it('a page that is no review is refused in words and nothing is written', async () => {
    const store = await open();
    await savePageReview(store, { url: SEED_URL, html: seedPage });
    await expect(
      savePageReview(store, {
        url: 'https://news.example/cinema-opens',
        html: '<!doctype html><html><body><article><h1>A cinema opens</h1><p>The new cinema opens on Friday.</p></article></body></html>',
      }),
    ).rejects.toThrow(
      'this page is not a film review Marquee can read: no rating line (e.g. "Rating: ★★★½ (3.5/5)") found. A review needs a rating',
    );
    await expect(savePageReview(store, { url: 'file:///tmp/x.html', html: seedPage })).rejects.toThrow(
      'only web pages (http or https) can be added',
    );
    await expect(savePageReview(store, { url: SEED_URL, html: ' ' })).rejects.toThrow(
      'the page sent no HTML',
    );
    expect((await store.getSource(SAVED_PAGES_SOURCE.id))?.count).toBe(1);
  });

  it('markup and scripts in the page end up as text only', () => {
    const hostile = seedPage.replace(
      '<h1>Ballerina</h1>',
      '<h1>Ballerina<script>alert(1)</script><img src=x onerror="alert(2)"></h1>',
    );
    const entry = readPageReview(hostile, SEED_URL);
    expect(entry.title).toBe('Ballerina');
    expect(JSON.stringify(entry)).not.toMatch(/<script|onerror|alert/);
  });
});

describeShared('"Add this review" on a real page', ['data/pages/imdb_title-the-matrix.html'], () => {
  it("IMDb's title page: the user review in its JSON-LD, rated out of 10", async () => {
    const store = await open();
    const html = readFileSync(sharedPath('data/pages/imdb_title-the-matrix.html'), 'utf8');
    const saved = await savePageReview(store, { url: 'https://www.imdb.com/title/tt0133093/', html });
    expect(saved).toMatchObject({
      status: 'added',
      title: 'The Matrix',
      year: 1999,
      rating: { value: 10, scale: 10 },
    });
  });
});
