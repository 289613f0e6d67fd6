/**
 * Bench: a followed 100-item feed (RSS, the critic's shape: the grade as ★ in the text, the lede,
 * two more paragraphs) served from 127.0.0.1, refreshed through the extension's background in
 * Chromium. Measures the first load, full refreshes (200, every item re-read, the 100 stored
 * entries merged) against a same-run baseline — a Marquee index subscription of the same 100 films
 * refreshed in the same loop, alternated — and checks that an unchanged feed costs one request
 * (a 304). Target: a refresh of a 100-item feed ≤ 1 s.
 *
 *   npm run bench:sources        (builds first; runs bench/sources.ts, then this)
 */
import { launchWithExtension, openExtensionPage, serve } from '../tests/e2e/harness';
import { makeIndexFile, type Entry } from '../lib/index/schema';
import { slugify } from '../lib/index/article';

process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK ??= '1';

const ITEMS = Number(process.env.BENCH_FEED_ITEMS ?? 100);
const ROUNDS = 7;
const LIMIT_MS = 1_000;

const TITLES = [
  'Heat',
  'Alien',
  'Thief',
  'Arrival',
  'Sicario',
  'Paddington',
  'Vertigo',
  'Jaws',
  'Ran',
  'Brazil',
];
const films = Array.from({ length: ITEMS }, (_, i) => ({
  title: `${TITLES[i % TITLES.length]} ${Math.floor(i / TITLES.length) + 1}`,
  year: 1950 + (i % 70),
  stars: (i % 10) / 2 + 0.5,
}));
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const lorem =
  'The film takes its time, and the time is well spent: every scene knows what it is for, and the actors play it straight.';

function feedXml(round: number): string {
  const items = films.map((f, i) => {
    const stars = '&#9733;'.repeat(Math.floor(f.stars)) + (f.stars % 1 ? '&#189;' : '');
    const html = `<img src="/stills/${i}.jpg" alt=""><p>${stars}</p><p>${f.title} is round ${round}'s pick. ${lorem}</p><p>${lorem}</p><p>${lorem} <a href="/reviews/${i}/">Continue reading...</a></p>`;
    return `<item><title>${escape(f.title)} (${f.year})</title><link>https://critic.example/reviews/${i}/</link><guid isPermaLink="true">https://critic.example/reviews/${i}/</guid><pubDate>Sun, 23 Nov 2026 00:00:00 GMT</pubDate><content:encoded>${escape(html)}</content:encoded></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench Critic</title><link>https://critic.example/</link>${items.join('')}</channel></rss>`;
}

function indexJson(round: number): string {
  const entries = films.map(
    (f) =>
      ({
        id: slugify(`${f.title} ${f.year}`),
        title: f.title,
        year: f.year,
        rating: { value: f.stars, scale: 5 },
        verdict: `${f.title} is round ${round}'s pick. ${lorem}`,
        review: `${lorem}\n\n${lorem}`,
        aliases: [],
        cast: [],
        directors: [],
        crew: [],
        source: { name: 'Bench Index', url: 'https://critic.example/' },
      }) as Entry,
  );
  return JSON.stringify(makeIndexFile({ name: 'Bench Index' }, entries));
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)]!;

async function main() {
  const server = await serve(process.cwd());
  let round = 0;
  let unchanged = false;
  const hits = { feed: 0, index: 0 };
  server.routes.push((req, res) => {
    const path = req.url ?? '';
    const kind = path.startsWith('/bench-feed.xml')
      ? 'feed'
      : path.startsWith('/bench-feed-index.json')
        ? 'index'
        : undefined;
    if (!kind) return false;
    hits[kind]++;
    const etag = `"r${round}"`;
    if (unchanged && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return true;
    }
    const body = kind === 'feed' ? feedXml(round) : indexJson(round);
    res
      .writeHead(200, { 'content-type': kind === 'feed' ? 'application/rss+xml' : 'application/json', etag })
      .end(body);
    return true;
  });
  const browser = await launchWithExtension();
  try {
    const page = await openExtensionPage(browser, 'options.html');
    await page.waitForSelector('input[name="follow"]');
    const send = (msg: Record<string, unknown>) =>
      page.evaluate(async (m) => {
        const api = (
          globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
        ).chrome;
        const t0 = performance.now();
        const res = (await api.runtime.sendMessage(m)) as { ok: boolean; value?: unknown; error?: string };
        return { ms: performance.now() - t0, res };
      }, msg);
    const record = (r: Awaited<ReturnType<typeof send>>) => {
      const value = r.res.value as { id: string; count: number; lastError?: string } | undefined;
      if (!r.res.ok || !value || value.lastError)
        throw new Error(`failed: ${r.res.error ?? value?.lastError}`);
      return value;
    };
    await send({ type: 'status' });
    const followed = await send({ type: 'followSource', input: `${server.origin}/bench-feed.xml` });
    const feed = record(followed);
    const subscribed = await send({
      type: 'addSource',
      url: `${server.origin}/bench-feed-index.json`,
      name: 'Bench Index',
    });
    const index = record(subscribed);
    if (feed.count !== ITEMS || index.count !== ITEMS)
      throw new Error(`expected ${ITEMS} entries, got ${feed.count} / ${index.count}`);

    // Full refreshes, alternated: each round changes the etag and the text, so both re-read all.
    const feedMs: number[] = [];
    const indexMs: number[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      round = r;
      const a = await send({ type: 'refreshSource', id: r % 2 ? feed.id : index.id });
      const b = await send({ type: 'refreshSource', id: r % 2 ? index.id : feed.id });
      record(a);
      record(b);
      (r % 2 ? feedMs : indexMs).push(a.ms);
      (r % 2 ? indexMs : feedMs).push(b.ms);
    }
    unchanged = true;
    const before = hits.feed;
    const notModified = await send({ type: 'refreshSource', id: feed.id });
    const requestsFor304 = hits.feed - before;
    record(notModified);

    const figures = {
      items: ITEMS,
      firstLoadMs: Math.round(followed.ms),
      feedRefreshP50Ms: Math.round(pct(feedMs, 0.5)),
      feedRefreshMaxMs: Math.round(Math.max(...feedMs)),
      // The same 100 films as a Marquee index subscription, refreshed in the same loop:
      indexRefreshP50Ms: Math.round(pct(indexMs, 0.5)),
      indexRefreshMaxMs: Math.round(Math.max(...indexMs)),
      unchangedRefreshMs: Math.round(notModified.ms),
      requestsFor304,
    };
    console.log(JSON.stringify(figures, null, 2));
    const fails = [
      figures.feedRefreshP50Ms > LIMIT_MS &&
        `feed refresh p50 ${figures.feedRefreshP50Ms} ms > ${LIMIT_MS} ms`,
      requestsFor304 !== 1 && `an unchanged feed cost ${requestsFor304} requests`,
    ].filter(Boolean);
    if (fails.length) console.error(`OVER BUDGET: ${fails.join('; ')}`);
    else console.log('feeds within budget');
  } finally {
    await browser.close();
    await server.close();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
