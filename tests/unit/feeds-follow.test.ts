import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { repoPath } from '../paths';
import { ReviewStore } from '../../lib/store/db';
import { discoverFeed, follow, followFeed, refreshAnySource, refreshFeed } from '../../lib/feeds/follow';
import type { FetchLike } from '../../lib/sources/fetch';

const fixture = (name: string) => readFileSync(repoPath('tests/fixtures/feeds', name), 'utf8');

type Answer = { status?: number; body?: string; headers?: Record<string, string> };

/** A site in a function: answers by URL, counts requests. */
function site(routes: Record<string, Answer | (() => Answer)>) {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push({ url, headers: { ...(init.headers as Record<string, string>) } });
    const route = routes[url];
    if (!route) return new Response('not found', { status: 404, statusText: 'Not Found' });
    const a = typeof route === 'function' ? route() : route;
    return new Response(a.status === 304 ? null : (a.body ?? ''), {
      status: a.status ?? 200,
      headers: { 'content-type': 'application/rss+xml; charset=utf-8', ...a.headers },
    });
  };
  return { fetch, requests, routes };
}

const item = (guid: string, title: string, rating: string, text: string) => `<item>
  <title>${title}</title><link>https://critic.example/${guid}/</link><guid>${guid}</guid>
  <pubDate>Sun, 23 Nov 2026 00:00:00 GMT</pubDate>
  <content:encoded><![CDATA[<p>${rating}</p><p>${text}</p>]]></content:encoded></item>`;
const rss = (...items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Critic</title><link>https://critic.example/</link>${items.join('')}</channel></rss>`;

let store: ReviewStore;
let n = 0;
beforeEach(async () => {
  store = await ReviewStore.open(`feeds-follow-${n++}`);
});

const titles = async (id: string) => (await store.entriesOfSource(id)).map((s) => s.entry.title).sort();

describe('finding the feed', () => {
  it('a site advertising a feed in <link rel="alternate">', async () => {
    const s = site({
      'https://critic.example/reviews/heat/': {
        headers: { 'content-type': 'text/html' },
        body: '<html><head><link rel="alternate" type="application/rss+xml" title="Critic" href="/feed.xml"></head><body>Heat</body></html>',
      },
    });
    expect(await discoverFeed('https://critic.example/reviews/heat/', s)).toEqual({
      url: 'https://critic.example/feed.xml',
      from: 'https://critic.example/reviews/heat/',
      title: 'Critic',
    });
  });

  it('a WordPress site without the link: its REST posts; a plain site: /feed/ then /rss/', async () => {
    const wp = site({
      'https://wp.example/': {
        headers: { 'content-type': 'text/html' },
        body: '<html><head><link rel="https://api.w.org/" href="https://wp.example/wp-json/"></head></html>',
      },
      'https://wp.example/wp-json/wp/v2/posts?per_page=100': {
        headers: { 'content-type': 'application/json' },
        body: fixture('wordpress-posts-1.json'),
      },
    });
    expect((await discoverFeed('wp.example', wp)).url).toBe(
      'https://wp.example/wp-json/wp/v2/posts?per_page=100',
    );
    const plain = site({
      'https://plain.example/': {
        headers: { 'content-type': 'text/html' },
        body: '<!doctype html><p>hi</p>',
      },
      'https://plain.example/rss/': { body: rss(item('a', 'Heat (1995)', '★★★★', 'Great.')) },
    });
    expect((await discoverFeed('https://plain.example/', plain)).url).toBe('https://plain.example/rss/');
    expect(plain.requests.map((r) => r.url)).toEqual([
      'https://plain.example/',
      'https://plain.example/feed/',
      'https://plain.example/rss/',
    ]);
  });

  it('a page with no feed anywhere says so', async () => {
    const s = site({
      'https://none.example/': { headers: { 'content-type': 'text/html' }, body: '<html><p>x</p></html>' },
    });
    await expect(discoverFeed('https://none.example/', s)).rejects.toThrow(
      'https://none.example/ advertises no feed, and https://none.example has none at /feed/ or /rss/',
    );
  });
});

describe('a followed feed is a window', () => {
  const feedUrl = 'https://critic.example/feed.xml';

  it('a refresh adds and updates by film and keeps films that left the feed', async () => {
    let body = rss(
      item('heat', 'Heat (1995)', '★★★★', 'Mann at his best.'),
      item('alien', 'Alien (1979)', '4/5', 'Still scary.'),
    );
    const s = site({ [feedUrl]: () => ({ body }) });
    const source = await followFeed(store, { input: feedUrl }, s);
    expect(source).toMatchObject({ name: 'Critic', kind: 'fetched', url: feedUrl, feed: { format: 'rss' } });
    const first = await refreshFeed(source.id, { store, fetch: s.fetch });
    expect(first.status).toBe('updated');
    expect(first.source.feed).toMatchObject({ items: 2, reviews: 2, added: 2, updated: 0, skippedCount: 0 });
    expect(await titles(source.id)).toEqual(['Alien', 'Heat']);

    // Heat re-graded, Alien gone from the window, a new film in.
    body = rss(
      item('heat', 'Heat (1995)', '★★★★★', 'Better every time.'),
      item('thing', 'The Thing (1982)', '★★★', 'Cold.'),
    );
    const second = await refreshFeed(source.id, { store, fetch: s.fetch });
    expect(second.source.feed).toMatchObject({ added: 1, updated: 1 });
    expect(await titles(source.id)).toEqual(['Alien', 'Heat', 'The Thing']);
    const heat = (await store.entriesOfSource(source.id)).find((e) => e.entry.title === 'Heat')!.entry;
    expect(heat).toMatchObject({ rating: { value: 5, scale: 5 }, verdict: 'Better every time.' });
    expect(second.source.count).toBe(3);
  });

  it('a broken, empty, review-less or refused refresh loses nothing and says why', async () => {
    let answer: Answer = { body: rss(item('heat', 'Heat (1995)', '★★★★', 'Mann at his best.')) };
    const s = site({ [feedUrl]: () => answer });
    const { id } = await followFeed(store, { input: feedUrl }, s);
    await refreshFeed(id, { store, fetch: s.fetch });
    const cases: [Answer, string][] = [
      [{ body: '<rss><channel><title>x</title>' }, 'the feed has no items; the previous entries were kept'],
      [{ body: rss() }, 'the feed has no items; the previous entries were kept'],
      [
        {
          body: rss(
            ...Array.from({ length: 20 }, (_, i) => item(`n${i}`, `News ${i}`, 'Box office', 'Totals.')),
          ),
        },
        'no film reviews found in 20 items (20 not a film review (no rating or verdict)); the previous entries were kept',
      ],
      [
        { headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><body>Moved</body></html>' },
        'https://critic.example/feed.xml is a web page, not a feed, and it advertises no feed',
      ],
      [{ status: 500, body: 'oops' }, 'the server answered 500'],
      [
        { status: 403, body: 'no' },
        'the server answered 403: the site refuses automated readers. Open https://critic.example/feed.xml in a tab to check it, then press Refresh later',
      ],
      [{ body: 'x'.repeat(2048) }, 'the feed is not readable XML (no root element)'],
    ];
    for (const [next, message] of cases) {
      answer = next;
      const outcome = await refreshFeed(id, { store, fetch: s.fetch });
      expect(outcome.status).toBe('failed');
      expect(outcome.source.lastError ?? '').toContain(message);
      expect(await titles(id)).toEqual(['Heat']);
    }
    answer = { body: 'x'.repeat(4096) };
    const big = await refreshFeed(id, { store, fetch: s.fetch, maxBytes: 1024 });
    expect(big.source.lastError).toMatch(/^the feed is too large/);
    expect(await titles(id)).toEqual(['Heat']);
  });

  it('Letterboxd refusing (403, bot check) gets advice; a 304 costs one request', async () => {
    const lbUrl = 'https://letterboxd.com/zaccolley/rss/';
    let answer: Answer = { body: fixture('letterboxd_zaccolley_rss-sample.xml'), headers: { etag: '"v1"' } };
    const s = site({ [lbUrl]: () => answer });
    const source = await followFeed(store, { input: 'zaccolley' }, s);
    expect(source).toMatchObject({ url: lbUrl, feed: { format: 'letterboxd', from: 'zaccolley' } });
    const loaded = await refreshFeed(source.id, { store, fetch: s.fetch });
    expect(loaded.source).toMatchObject({ count: 3, feed: { format: 'letterboxd', skippedCount: 2 } });

    answer = { status: 304 };
    const before = s.requests.length;
    expect((await refreshAnySource(source.id, { store, fetch: s.fetch })).status).toBe('unchanged');
    expect(s.requests.length - before).toBe(1);
    expect(s.requests.at(-1)!.headers['if-none-match']).toBe('"v1"');

    answer = { status: 403, body: 'Forbidden' };
    const refused = await refreshFeed(source.id, { store, fetch: s.fetch });
    expect(refused.source.lastError).toMatch(
      /^the server answered 403: Letterboxd sometimes refuses feed readers\. Open https:\/\/letterboxd\.com\/zaccolley\/rss\/ in a tab/,
    );
    expect(refused.source.lastError).toMatch(/import your Letterboxd export/);
    answer = {
      headers: { 'content-type': 'text/html' },
      body: '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body></html>',
    };
    const challenged = await refreshFeed(source.id, { store, fetch: s.fetch });
    expect(challenged.source.lastError).toMatch(
      /^letterboxd\.com answered with a bot check instead of the feed: Letterboxd sometimes/,
    );
    expect(challenged.source.count).toBe(3);
    expect(await titles(source.id)).toEqual([
      'Con Air',
      'Crip Camp: A Disability Revolution',
      'Eurovision Song Contest: The Story of Fire Saga',
    ]);
  });

  it('a rewatch updates the film: a newer rating wins, the earlier review stays when none is written', async () => {
    const lb = (guid: string, rating: string, text: string, watched: string) => `<item>
      <title>Heat, 1995</title><link>https://letterboxd.com/me/film/heat/${guid.endsWith('2') ? '1/' : ''}</link>
      <guid>letterboxd-${text ? 'review' : 'watch'}-${guid}</guid>
      <letterboxd:watchedDate>${watched}</letterboxd:watchedDate><letterboxd:rewatch>${guid.endsWith('2') ? 'Yes' : 'No'}</letterboxd:rewatch>
      <letterboxd:filmTitle>Heat</letterboxd:filmTitle><letterboxd:filmYear>1995</letterboxd:filmYear>
      <letterboxd:memberRating>${rating}</letterboxd:memberRating>
      <description><![CDATA[<p><img src="x.jpg"/></p> ${text ? `<p>${text}</p>` : '<p>Watched on Monday June 1, 2026.</p>'}]]></description></item>`;
    const feedOf = (...items: string[]) =>
      `<rss version="2.0" xmlns:letterboxd="https://letterboxd.com"><channel><title>Letterboxd - Me</title><link>https://letterboxd.com/me/</link>${items.join('')}</channel></rss>`;
    let body = feedOf(lb('1', '4.0', 'Mann at his best.', '2026-01-01'));
    const url = 'https://letterboxd.com/me/rss/';
    const s = site({ [url]: () => ({ body }) });
    const { id } = await followFeed(store, { input: 'me' }, s);
    await refreshFeed(id, { store, fetch: s.fetch });
    body = feedOf(lb('2', '4.5', '', '2026-06-01'), lb('1', '4.0', 'Mann at his best.', '2026-01-01'));
    const outcome = await refreshFeed(id, { store, fetch: s.fetch });
    expect(outcome.source.feed).toMatchObject({ added: 0, updated: 1 });
    const entries = await store.entriesOfSource(id);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.entry).toMatchObject({
      id: 'lb-heat',
      rating: { value: 4.5, scale: 5 },
      review: 'Mann at his best.',
      published: '2026-06-01',
      source: { url: 'https://letterboxd.com/film/heat/' },
    });
  });
});

describe('following asks each site once', () => {
  it('the first load reads the feed that finding it downloaded; a plain site: /feed/ then /rss/, once each', async () => {
    const s = site({
      'https://plain.example/': {
        headers: { 'content-type': 'text/html' },
        body: '<!doctype html><p>hi</p>',
      },
      'https://plain.example/rss/': { body: rss(item('heat', 'Heat (1995)', '★★★★', 'Mann at his best.')) },
    });
    const source = await follow(store, { input: 'https://plain.example/' }, s, (id, prefetched) =>
      refreshAnySource(id, { store, fetch: s.fetch, ...(prefetched ? { prefetched } : {}) }),
    );
    expect(source).toMatchObject({ name: 'Critic', url: 'https://plain.example/rss/', count: 1 });
    expect(await titles(source.id)).toEqual(['Heat']);
    expect(s.requests.map((r) => r.url)).toEqual([
      'https://plain.example/',
      'https://plain.example/feed/',
      'https://plain.example/rss/',
    ]);
    // The next refresh asks the site again, with the validators it answered.
    await refreshFeed(source.id, { store, fetch: s.fetch });
    expect(s.requests.map((r) => r.url).slice(3)).toEqual(['https://plain.example/rss/']);
  });

  it('an index typed in the follow form is told by its first bytes: not read whole twice, nor under the feed cap', async () => {
    const url = 'https://critic.example/marquee.json';
    const entries = Array.from({ length: 40 }, (_, i) => ({
      id: `film-${i}`,
      title: `Film Number ${i}`,
      year: 2000 + (i % 20),
      rating: { value: 3, scale: 5 },
      verdict: 'A verdict long enough to make the index span many pieces of the download.',
      review: 'A review long enough to make the index span many pieces of the download.',
      source: { name: 'Critic', url: `https://critic.example/reviews/${i}/` },
    }));
    const body = JSON.stringify({
      format: 'marquee-index',
      version: 1,
      source: { name: 'Critic index' },
      generatedAt: '2026-12-01T00:00:00Z',
      count: entries.length,
      entries,
    });
    // Served in pieces of 512 bytes, counting those the reader asked for.
    const bytes = new TextEncoder().encode(body);
    const pulled: number[] = [];
    const fetch: FetchLike = async (asked) => {
      expect(asked).toBe(url);
      const request = pulled.push(0) - 1;
      let at = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          pulled[request]!++;
          controller.enqueue(bytes.slice(at, (at += 512)));
        },
      });
      return new Response(stream, { headers: { 'content-type': 'application/json' } });
    };
    // A feed cap under the index's size: finding it must not read that far.
    const deps = { fetch, maxBytes: 2048 };
    const source = await follow(store, { input: url }, deps, (id) => refreshAnySource(id, { store, fetch }));
    expect(bytes.length).toBeGreaterThan(8 * 1024);
    expect(source).toMatchObject({ url, count: 40, name: 'Critic index' });
    expect(pulled.length).toBe(2);
    expect(pulled[0]).toBeLessThanOrEqual(2);
    expect(pulled[1]).toBe(Math.ceil(bytes.length / 512));
  });

  it('a prefetched body is used only for its own URL', async () => {
    const feedUrl = 'https://critic.example/feed.xml';
    const s = site({ [feedUrl]: { body: rss(item('alien', 'Alien (1979)', '4/5', 'Still scary.')) } });
    const { id } = await followFeed(store, { input: feedUrl }, s);
    const stale = {
      url: 'https://elsewhere.example/feed.xml',
      body: { text: rss(item('heat', 'Heat (1995)', '★★★★', 'x')), headers: new Headers() },
    };
    const outcome = await refreshFeed(id, { store, fetch: s.fetch, prefetched: stale });
    expect(outcome.status).toBe('updated');
    expect(await titles(id)).toEqual(['Alien']);
  });
});

describe('WordPress REST and pages read for an excerpt', () => {
  it('the first load reads every page of X-WP-TotalPages; a post with only an excerpt is read from its page', async () => {
    const api = 'https://indori.example/wp-json/wp/v2/posts?per_page=100';
    const s = site({
      [api]: {
        headers: { 'content-type': 'application/json', 'x-wp-totalpages': '2' },
        body: fixture('wordpress-posts-1.json'),
      },
      [`${api}&page=2`]: {
        headers: { 'content-type': 'application/json', 'x-wp-totalpages': '2' },
        body: fixture('wordpress-posts-2.json'),
      },
      'https://indori.example/box-office-week/': {
        headers: { 'content-type': 'text/html' },
        body: `<html><head><script type="application/ld+json">{"@type":"Review","reviewRating":{"ratingValue":3},"itemReviewed":{"@type":"Movie","name":"Sinners","dateCreated":"2025"}}</script></head><body>x</body></html>`,
      },
    });
    const { id } = await followFeed(store, { input: api, name: 'Indori Nerd' }, s);
    const outcome = await refreshFeed(id, { store, fetch: s.fetch });
    expect(outcome.status).toBe('updated');
    expect(await titles(id)).toEqual(['Ballerina', 'Sinners', 'The Batman']);
    const sinners = (await store.entriesOfSource(id)).find((e) => e.entry.title === 'Sinners')!.entry;
    expect(sinners).toMatchObject({
      rating: { value: 3, scale: 5 },
      year: 2025,
      source: { name: 'Indori Nerd' },
    });
    expect(outcome.source.feed).toMatchObject({ format: 'wordpress', items: 3, reviews: 3 });

    // Later refreshes read the first page only, and a page already read is not read again.
    const before = s.requests.length;
    await refreshFeed(id, { store, fetch: s.fetch });
    expect(s.requests.slice(before).map((r) => r.url)).toEqual([api]);
    expect(await titles(id)).toEqual(['Ballerina', 'Sinners', 'The Batman']);
  });
});
