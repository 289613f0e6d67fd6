// @vitest-environment node
// (Node's own fetch, against real servers on 127.0.0.1: happy-dom's would hide why a request failed.)
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { repoPath } from '../paths';
import { ReviewStore } from '../../lib/store/db';
import { makeIndexFile, type Entry } from '../../lib/index/schema';
import type { FetchLike } from '../../lib/sources/fetch';
import { refreshSubscription, subscribe } from '../../lib/sources/subscriptions';
import { follow, refreshAnySource } from '../../lib/feeds/follow';
import { film as makeFilm } from '../factories';

const film = (id: string, title: string): Entry =>
  makeFilm(id, title, { source: { name: 'Night Critic' }, rating: { value: 4, scale: 5 } });

type Answer = { status: number; type?: string; body?: string };

/** Real HTTP on 127.0.0.1: the answer for each path. */
const answers: Record<string, Answer> = {
  '/index.json': {
    status: 200,
    type: 'application/json',
    body: JSON.stringify(makeIndexFile({ name: 'Night Critic' }, [film('heat-1995', 'Heat')])),
  },
  '/page.html': {
    status: 200,
    type: 'text/html; charset=utf-8',
    body: '<!doctype html><title>Home</title><p>Hi',
  },
  '/page-as-json': { status: 200, type: 'application/json', body: '\n  <!doctype html><title>Home</title>' },
  '/not-modified': { status: 304 },
  '/untitled.xml': {
    status: 200,
    type: 'application/rss+xml',
    body: '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><link>https://critic.example/</link><item><title>Heat (1995)</title><link>https://critic.example/heat/</link><guid>heat</guid><content:encoded><![CDATA[<p>4/5</p><p>Two professionals, one table, and the best shootout in Los Angeles.</p>]]></content:encoded></item></channel></rss>',
  },
  '/feed.xml': {
    status: 200,
    type: 'application/rss+xml',
    body: readFileSync(repoPath('tests/fixtures/feeds/atom-critic.xml'), 'utf8'),
  },
};

let server: Server;
let origin = '';
/** A port nothing listens on: a server's, closed. */
let closedPort = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const a = answers[new URL(req.url ?? '/', 'http://x').pathname];
    if (!a) return void res.writeHead(404, 'Not Found').end('no such page');
    res.writeHead(a.status, a.type ? { 'content-type': a.type } : {}).end(a.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const other = createServer();
  await new Promise<void>((ok) => other.listen(0, '127.0.0.1', ok));
  closedPort = (other.address() as { port: number }).port;
  await new Promise((ok) => other.close(ok));
});
afterAll(() => new Promise((ok) => server.close(ok)));

let store: ReviewStore;
let n = 0;
beforeEach(async () => {
  store = await ReviewStore.open(`sources-subscribe-${n++}`);
});
afterEach(() => store.close());

const fetch: FetchLike = (url, init) => globalThis.fetch(url, init);
const refresh = (id: string) => refreshAnySource(id, { store, fetch });
const sources = async () => (await store.listSources()).map((s) => s.name);

describe('subscribing: the first load decides', () => {
  it('keeps an index that loads, named as the index names itself, or as the user named it', async () => {
    const added = await subscribe(store, { url: `${origin}/index.json` }, refresh);
    expect(added).toMatchObject({ name: 'Night Critic', count: 1 });
    expect(await sources()).toEqual(['Night Critic']);
    await store.removeSource(added.id);
    const named = await subscribe(store, { url: `${origin}/index.json`, name: ' My critic ' }, refresh);
    expect(named.name).toBe('My critic');
  });

  const failures: [string, string, RegExp][] = [
    ['a 404', '/gone.json', /^the server answered 404 Not Found: there is no index at this address$/],
    [
      'an HTML page',
      '/page.html',
      /\/page\.html is a web page \(HTML\), not a Marquee index: give the address of the index file itself/,
    ],
    ['an HTML page served as JSON', '/page-as-json', /is a web page \(HTML\), not a Marquee index/],
    [
      'a 304 to a first request',
      '/not-modified',
      /^the server answered 304 Not Modified to a first request$/,
    ],
  ];
  for (const [what, path, reason] of failures) {
    it(`adds nothing for ${what}, and says why`, async () => {
      await expect(subscribe(store, { url: `${origin}${path}` }, refresh)).rejects.toThrow(reason);
      expect(await sources()).toEqual([]);
    });
  }

  it('adds nothing for a refused port, and says so', async () => {
    await expect(
      subscribe(store, { url: `http://127.0.0.1:${closedPort}/index.json` }, refresh),
    ).rejects.toThrow(
      `127.0.0.1:${closedPort} refused the connection: nothing is listening on port ${closedPort}`,
    );
    expect(await sources()).toEqual([]);
  });

  it('adds nothing for a name that does not exist (DNS), and says so', async () => {
    // .invalid never resolves (RFC 6761): the resolver answers at once, no network needed.
    await expect(
      subscribe(store, { url: 'https://marquee-test.invalid/index.json' }, refresh),
    ).rejects.toThrow('the name marquee-test.invalid could not be found (DNS): check the address');
    expect(await sources()).toEqual([]);
  });

  it('in a browser, whose fetch hides the cause, names the host and what to check', async () => {
    const browserFetch: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(
      subscribe(store, { url: 'https://marquee-test.invalid/index.json' }, (id) =>
        refreshSubscription(id, { store, fetch: browserFetch }),
      ),
    ).rejects.toThrow(
      /^could not reach marquee-test\.invalid \(Failed to fetch\): nothing answered there\. Check the address \(a name that does not exist, a port where no server listens\)/,
    );
    expect(await sources()).toEqual([]);
  });
});

describe('following: the first reading decides', () => {
  it("keeps a feed that reads, named after the feed's own title, the host only when it has none", async () => {
    const added = await follow(store, { input: `${origin}/feed.xml` }, { fetch }, refresh);
    expect(added.count).toBeGreaterThan(0);
    expect(added.name).toBe('Reel Talk');
    const untitled = await follow(store, { input: `${origin}/untitled.xml` }, { fetch }, refresh);
    expect(untitled).toMatchObject({ name: '127.0.0.1', count: 1 });
    expect((await sources()).sort()).toEqual(['127.0.0.1', 'Reel Talk']);
  });

  it('adds nothing for a page without a feed, a 404 or a refused port, and says why', async () => {
    await expect(follow(store, { input: `${origin}/page.html` }, { fetch }, refresh)).rejects.toThrow(
      /advertises no feed/,
    );
    await expect(follow(store, { input: `${origin}/gone.xml` }, { fetch }, refresh)).rejects.toThrow(
      'the server answered 404 Not Found: there is no feed at this address',
    );
    await expect(
      follow(store, { input: `http://127.0.0.1:${closedPort}/feed.xml` }, { fetch }, refresh),
    ).rejects.toThrow(/refused the connection/);
    expect(await sources()).toEqual([]);
  });
});
