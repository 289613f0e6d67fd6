import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReviewStore } from '../../lib/store/db';
import { makeIndexFile, type Entry } from '../../lib/index/schema';
import {
  checkSourceUrl,
  IndexBodyParser,
  openIndexBody,
  SourceError,
  type FetchIndexOptions,
  type FetchLike,
} from '../../lib/sources/fetch';
import { addSubscription, refreshAll, refreshSubscription } from '../../lib/sources/subscriptions';
import { film as makeFilm } from '../factories';

const film = (id: string, title: string, extra: Partial<Entry> = {}): Entry =>
  makeFilm(id, title, { source: { name: 'Feed' }, rating: { value: 4, scale: 5 }, ...extra });

const indexJson = (entries: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...makeIndexFile({ name: 'Feed' }, entries as Entry[]), ...extra });

/** A server in a function: answers by the queue, records each request's headers. */
function fakeServer() {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const answers: (() => Response)[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    requests.push({ url, headers: { ...(init.headers as Record<string, string>) } });
    const next = answers.shift();
    if (!next) throw new TypeError('Failed to fetch');
    return next();
  };
  return { fetch, requests, answers };
}

const ok =
  (body: string, headers: Record<string, string> = {}) =>
  () =>
    new Response(body, { status: 200, headers: { 'content-type': 'application/json', ...headers } });

/** A body of `total` bytes in 64 KB chunks that counts how much the reader pulled. */
function endlessBody(total: number) {
  const pulled = { bytes: 0, cancelled: false };
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return { stream, pulled };
}

/** Open the index and read its body to the end, as a refresh does; throws the body's SourceError. */
async function download(url: string, opts: FetchIndexOptions) {
  const opened = await openIndexBody(url, opts);
  if (opened.status !== 'ok') return opened;
  const failure = await opened.body.drain();
  if (failure) throw failure;
  return { status: opened.status, bytes: opened.body.bytes };
}

/** An index read whole through the parser a refresh uses: its entries, then finish(). */
async function parseIndex(text: string) {
  const pieces = [new TextEncoder().encode(text)];
  const parser = new IndexBodyParser({ read: async () => pieces.shift() });
  const entries: Entry[] = [];
  for await (const batch of parser.batches()) entries.push(...batch);
  return { entries, ...parser.finish() };
}

let store: ReviewStore;
let n = 0;
beforeEach(async () => {
  store = await ReviewStore.open(`sources-fetch-${n++}`);
});
afterEach(() => store.close());

describe('source addresses', () => {
  it('accepts https and local http only', () => {
    expect(checkSourceUrl('https://example.org/index.json').href).toBe('https://example.org/index.json');
    expect(checkSourceUrl('http://127.0.0.1:8080/i.json').hostname).toBe('127.0.0.1');
    expect(checkSourceUrl('http://localhost/i.json').hostname).toBe('localhost');
    expect(() => checkSourceUrl('http://example.org/i.json')).toThrow(/must use https/);
    expect(() => checkSourceUrl('ftp://example.org/i.json')).toThrow(/https:\/\//);
    expect(() => checkSourceUrl('not a url')).toThrow(/not a web address/);
  });
});

describe('openIndexBody', () => {
  it('sends the stored validators and reports a 304 as unchanged', async () => {
    const server = fakeServer();
    server.answers.push(() => new Response(null, { status: 304 }));
    const result = await openIndexBody('https://x.test/i.json', {
      fetch: server.fetch,
      etag: '"v1"',
      lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT',
    });
    expect(result).toEqual({ status: 'unchanged' });
    expect(server.requests[0]!.headers['if-none-match']).toBe('"v1"');
    expect(server.requests[0]!.headers['if-modified-since']).toBe('Wed, 25 Nov 2026 10:00:00 GMT');
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    // 1 MB = 10^6 bytes (lib/sources/size.ts).
    const { stream, pulled } = endlessBody(10_400_000);
    const server = fakeServer();
    server.answers.push(() => new Response(stream, { headers: { 'content-length': '10400000' } }));
    await expect(
      openIndexBody('https://x.test/i.json', { fetch: server.fetch, maxBytes: 1_000_000 }),
    ).rejects.toThrow(/too large \(10\.4 MB; the limit is 1 MB\)/);
    expect(pulled.bytes).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it('stops streaming as soon as an undeclared body passes the cap', async () => {
    const { stream, pulled } = endlessBody(500 * 1024 * 1024);
    const server = fakeServer();
    server.answers.push(() => new Response(stream));
    await expect(
      download('https://x.test/i.json', { fetch: server.fetch, maxBytes: 1024 * 1024 }),
    ).rejects.toThrow(/too large \(more than 1 MB\); download stopped/);
    // It read just past the cap (plus what the stream had queued), never the 500 MB.
    expect(pulled.bytes).toBeGreaterThan(1024 * 1024);
    expect(pulled.bytes).toBeLessThan(2 * 1024 * 1024);
    expect(pulled.cancelled).toBe(true);
  });

  it('times out on the wait for the network only, not on what the reader does between reads', async () => {
    // A fetch that errors its body when the request is aborted, as a browser's does; `stall`
    // leaves the body open after the first piece.
    const fetchWith =
      (stall: boolean): FetchLike =>
      async (_url, init) =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              init.signal?.addEventListener('abort', () =>
                controller.error(new DOMException('aborted', 'AbortError')),
              );
              controller.enqueue(new TextEncoder().encode('{"format"'));
              if (!stall) {
                controller.enqueue(new TextEncoder().encode(': 1}'));
                controller.close();
              }
            },
          }),
        );
    await expect(
      download('https://x.test/i.json', { fetch: fetchWith(true), timeoutMs: 50 }),
    ).rejects.toThrow('the server did not answer in time');
    // 150 ms spent between reads (a refresh writing a batch) against a 50 ms timeout: no timeout.
    const opened = await openIndexBody('https://x.test/i.json', { fetch: fetchWith(false), timeoutMs: 50 });
    if (opened.status !== 'ok') throw new Error('expected a body');
    const decoder = new TextDecoder();
    let text = '';
    for (let piece; (piece = await opened.body.read());) {
      text += decoder.decode(piece, { stream: true });
      await new Promise((ok) => setTimeout(ok, 150));
    }
    opened.body.close();
    expect(text).toBe('{"format": 1}');
  });

  it('reports HTTP errors and network failures in words', async () => {
    const server = fakeServer();
    server.answers.push(() => new Response('nope', { status: 404, statusText: 'Not Found' }));
    await expect(openIndexBody('https://x.test/i.json', { fetch: server.fetch })).rejects.toThrow(
      'the server answered 404 Not Found: there is no index at this address',
    );
    await expect(openIndexBody('https://x.test/i.json', { fetch: server.fetch })).rejects.toThrow(
      /could not reach x.test \(Failed to fetch\): nothing answered there/,
    );
  });
});

describe('reading an index as it arrives', () => {
  it('says what is wrong with malformed JSON, with an unsupported version and with a non-object', async () => {
    expect((await parseIndex(indexJson([film('heat-1995', 'Heat')]))).entries.map((e) => e.id)).toEqual([
      'heat-1995',
    ]);
    await expect(parseIndex('{"format": "marquee-index", ')).rejects.toThrow(/not valid JSON/);
    await expect(parseIndex(indexJson([film('heat-1995', 'Heat')], { version: 2 }))).rejects.toThrow(
      /format version must be 1/,
    );
    await expect(parseIndex('[]')).rejects.toThrow(SourceError);
    await expect(parseIndex('[]')).rejects.toThrow('not a Marquee index: expected a JSON object');
    await expect(parseIndex('[1, ')).rejects.toThrow(/not valid JSON/);
  });
});

describe('subscriptions', () => {
  const url = 'https://feed.test/index.json';

  async function subscribed(fetch: ReturnType<typeof fakeServer>['fetch']) {
    const source = await addSubscription(store, { url, name: 'Feed' });
    return { id: source.id, deps: { store, fetch, now: () => 1_000 } };
  }

  it('loads on 200, then costs a 304 when unchanged', async () => {
    const server = fakeServer();
    const { id, deps } = await subscribed(server.fetch);
    server.answers.push(ok(indexJson([film('heat-1995', 'Heat', { year: 1995 })]), { etag: '"a"' }));
    const first = await refreshSubscription(id, deps);
    expect(first.status).toBe('updated');
    expect(first.source).toMatchObject({ count: 1, etag: '"a"', updatedAt: 1_000 });
    expect(server.requests[0]!.headers['if-none-match']).toBeUndefined();

    server.answers.push(() => new Response(null, { status: 304 }));
    const second = await refreshSubscription(id, { ...deps, now: () => 2_000 });
    expect(second.status).toBe('unchanged');
    expect(server.requests[1]!.headers['if-none-match']).toBe('"a"');
    expect(second.source).toMatchObject({ count: 1, checkedAt: 2_000, updatedAt: 1_000 });
    expect((await store.lookup('Heat')).map((e) => e.id)).toEqual(['heat-1995']);
  });

  it('refuses a duplicate or a plain-http address', async () => {
    await addSubscription(store, { url });
    await expect(addSubscription(store, { url })).rejects.toThrow(/already subscribed/);
    await expect(addSubscription(store, { url: 'http://feed.test/i.json' })).rejects.toThrow(/https/);
  });

  it('keeps the earlier entries and records the error when the new index is broken', async () => {
    const server = fakeServer();
    const { id, deps } = await subscribed(server.fetch);
    server.answers.push(ok(indexJson([film('heat-1995', 'Heat'), film('up-2009', 'Up')])));
    await refreshSubscription(id, deps);

    const broken = [
      '{"format":"marquee-index",',
      indexJson([film('heat-1995', 'Heat')], { version: 3 }),
      indexJson([
        { ...film('a', 'A'), rating: { value: 7, scale: 5 } },
        { ...film('b', 'B'), title: '' },
      ]),
    ];
    const expected = [
      /not valid JSON/,
      /format version must be 1/,
      /every entry is invalid \(2\); first: entry 1: rating 7 is above the scale 5/,
    ];
    for (const [i, body] of broken.entries()) {
      server.answers.push(ok(body));
      const outcome = await refreshSubscription(id, deps);
      expect(outcome.status).toBe('failed');
      expect(outcome.source.lastError).toMatch(expected[i]!);
      expect((await store.getSource(id))?.lastError).toMatch(expected[i]!);
      expect((await store.entriesOfSource(id)).map((e) => e.id).sort()).toEqual(['heat-1995', 'up-2009']);
    }
    // Network down: same story.
    const down = await refreshSubscription(id, deps);
    expect(down.source.lastError).toMatch(/could not reach feed.test/);
    expect(await store.lookup('Up')).toHaveLength(1);

    // Broken JSON early in a body that then passes the cap, or then breaks off: the body is
    // parsed as it arrives, so the JSON fails first, yet the download's failure is what is
    // reported (as when the whole body was read before parsing).
    const big = new TextEncoder().encode(`{"format": @${' '.repeat(3 * 1024 * 1024)}}`);
    server.answers.push(() => new Response(big));
    const tooLarge = await refreshSubscription(id, { ...deps, maxBytes: 1024 * 1024 });
    expect(tooLarge.source.lastError).toMatch(/too large \(more than 1 MB\); download stopped/);
    server.answers.push(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(big.slice(0, 100_000));
            },
            pull(controller) {
              controller.error(new TypeError('network error'));
            },
          }),
        ),
    );
    const cut = await refreshSubscription(id, deps);
    expect(cut.source.lastError).toBe('the download broke off (network error)');
    expect((await store.entriesOfSource(id)).map((e) => e.id).sort()).toEqual(['heat-1995', 'up-2009']);
  });

  it('stores the valid part of a partly broken index and reports the rest in words', async () => {
    const server = fakeServer();
    const { id, deps } = await subscribed(server.fetch);
    server.answers.push(
      ok(
        indexJson([
          film('heat-1995', 'Heat'),
          { ...film('bad', 'Bad'), rating: { value: 7, scale: 5 } },
          film('up-2009', 'Up'),
          { ...film('bad2', 'Worse'), year: 1700 },
        ]),
      ),
    );
    const outcome = await refreshSubscription(id, deps);
    expect(outcome.status).toBe('updated');
    expect(outcome.source.count).toBe(2);
    expect(outcome.source.rejectedCount).toBe(2);
    expect(outcome.source.rejected).toEqual([
      'entry 2: rating 7 is above the scale 5',
      'entry 4: year is before 1870',
    ]);
    expect(outcome.source.lastError).toBeUndefined();
  });

  it('clears an earlier error once a refresh succeeds, and refreshAll walks every feed', async () => {
    const server = fakeServer();
    const { id, deps } = await subscribed(server.fetch);
    await refreshSubscription(id, deps); // no answer queued: network failure
    expect((await store.getSource(id))?.lastError).toBeTruthy();
    await store.replaceSource({ id: 'import:imdb', name: 'IMDb', kind: 'import' }, [film('x', 'Up')]);
    server.answers.push(ok(indexJson([film('heat-1995', 'Heat')])));
    const outcomes = await refreshAll(deps);
    expect(outcomes.map((o) => o.status)).toEqual(['updated']);
    expect((await store.getSource(id))?.lastError).toBeUndefined();
  });
});
