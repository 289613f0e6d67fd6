/**
 * Following a review site or a Letterboxd member: find the feed from what the user typed, then
 * refresh it like any subscription (conditional request, size cap, staged write and one swap:
 * ReviewStore.replaceSourceStaged), with one rule of its own. A feed is a window onto a site's
 * latest items (Letterboxd's ~50, WordPress's 10), not the whole: a refresh adds and updates
 * entries by film and never drops one that left the window; only removing the source removes
 * them. A refresh that fails, or reads an empty feed or one with no reviews, changes no entry.
 */
import { advertisedFeeds, attr, byTag, parseHtml } from '../index/html';
import type { Entry } from '../index/schema';
import type { ReviewStore, SourceRecord } from '../store/db';
import {
  checkSourceUrl,
  describeStoreError,
  openIndexBody,
  SourceError,
  type FetchLike,
} from '../sources/fetch';
import {
  addSubscription,
  fail,
  feedId,
  firstLoad,
  refreshSubscription,
  type RefreshDeps,
  type RefreshOutcome,
} from '../sources/subscriptions';
import { MB } from '../sources/size';
import { decodeFeed } from './decode';
import { mergeFilmEntry, readFeed, reviewFromPage, type FeedReading } from './entries';
import { letterboxdFeedUrl } from './letterboxd';
import { FeedError, parseFeed, type ParsedFeed } from './parse';
import type { FeedState, FollowedFormat } from './types';

/** 10 MB (10^6 bytes each): a feed of a few hundred full reviews is well under 1 MB. */
export const MAX_FEED_BYTES = 10 * MB;
/** An item's page read for its review when the feed holds only an excerpt: 5 MB. */
const MAX_PAGE_BYTES = 5 * MB;
/** Item pages read per refresh at most: a feed of excerpts costs a bounded number of requests. */
export const MAX_PAGES_PER_REFRESH = 10;
/** WordPress REST pages read on the first load (100 posts each); later refreshes read the first. */
export const MAX_WORDPRESS_PAGES = 20;
const MAX_REPORTED = 20;

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1';

export interface FollowDeps {
  store: ReviewStore;
  fetch: FetchLike;
  now?: () => number;
  maxBytes?: number;
  /**
   * The feed as finding it downloaded it a moment ago (follow): the first load reads this instead
   * of asking the site for the same feed twice. Used only for that URL.
   */
  prefetched?: Prefetched;
}

/** A feed's body already downloaded, and from where. */
export interface Prefetched {
  url: string;
  body: Downloaded;
}

export interface Downloaded {
  text: string;
  note?: string;
  headers: Headers;
  etag?: string;
  lastModified?: string;
}

type Validators = { etag?: string; lastModified?: string };
/** GET with the feed's validators; the body read whole (feeds are small), capped, decoded. */
function download(
  url: string,
  deps: { fetch: FetchLike; maxBytes?: number },
  validators?: Validators,
  what?: string,
): Promise<Downloaded | 'unchanged'>;
/** `stopAt`: given the first bytes, says the rest is not to be read here ('stopped'). */
function download(
  url: string,
  deps: { fetch: FetchLike; maxBytes?: number },
  validators: Validators,
  what: string,
  stopAt: (head: Uint8Array) => boolean,
): Promise<Downloaded | 'unchanged' | 'stopped'>;
async function download(
  url: string,
  deps: { fetch: FetchLike; maxBytes?: number },
  validators: Validators = {},
  what = 'feed',
  stopAt?: (head: Uint8Array) => boolean,
): Promise<Downloaded | 'unchanged' | 'stopped'> {
  const opened = await openIndexBody(url, {
    fetch: deps.fetch,
    ...validators,
    accept: what === 'page' ? 'text/html' : FEED_ACCEPT,
    what,
    maxBytes: what === 'page' ? MAX_PAGE_BYTES : (deps.maxBytes ?? MAX_FEED_BYTES),
    timeoutMs: 30_000,
  });
  if (opened.status === 'unchanged') return 'unchanged';
  const pieces: Uint8Array[] = [];
  try {
    // A byte stream hands back one reused buffer: each piece is copied before the next read.
    let read = 0;
    let sniffed = !stopAt;
    for (let piece; (piece = await opened.body.read());) {
      pieces.push(piece.slice());
      read += piece.byteLength;
      // The first bytes may already say what the rest is (a Marquee index): then it is not read
      // here, but by the one who loads it. A shorter body is judged whole, by its parser.
      if (!sniffed && read >= HEAD_BYTES) {
        sniffed = true;
        if (stopAt!(concat(pieces))) return 'stopped';
      }
    }
  } finally {
    opened.body.close();
  }
  const decoded = decodeFeed(concat(pieces), opened.headers.get('content-type') ?? undefined);
  return {
    text: decoded.text,
    note: decoded.note,
    headers: opened.headers,
    etag: opened.etag,
    lastModified: opened.lastModified,
  };
}

function concat(pieces: Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of pieces) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  return bytes;
}

/** How many first bytes of a download are looked at, once, for what it is. */
const HEAD_BYTES = 256;
/**
 * A Marquee index says so in its first field, as the format writes it ("format": "marquee-index",
 * docs/index-format.md); one written with the field later is recognised when read whole.
 */
const INDEX_HEAD = /^\s*\{\s*"format"\s*:\s*"marquee-index"/;
const isIndexHead = (head: Uint8Array) =>
  INDEX_HEAD.test(new TextDecoder().decode(head.subarray(0, HEAD_BYTES)).replace(/^\uFEFF/, ''));

/** A refusal in words, with what to do (Letterboxd answers some clients 403 or a bot check). */
function explain(error: unknown, url: string): SourceError {
  const host = new URL(url).hostname;
  const letterboxd = /(^|\.)letterboxd\.com$/.test(host);
  const challenged =
    (error instanceof SourceError &&
      (error.status === 403 || error.status === 429 || error.status === 503)) ||
    (error instanceof FeedError && error.kind === 'challenge');
  if (challenged) {
    const what =
      error instanceof SourceError ? error.message : `${host} answered with a bot check instead of the feed`;
    return new SourceError(
      letterboxd
        ? `${what}: Letterboxd sometimes refuses feed readers. Open ${url} in a tab (so the browser passes Letterboxd's check), then press Refresh; or import your Letterboxd export (letterboxd.com → Settings → Data → Export) instead`
        : `${what}: the site refuses automated readers. Open ${url} in a tab to check it, then press Refresh later`,
    );
  }
  if (error instanceof FeedError && error.kind === 'html')
    return new SourceError(`${url} is a web page, not a feed, and it advertises no feed`);
  if (error instanceof FeedError) return new SourceError(error.message);
  if (error instanceof SourceError) return error;
  return new SourceError(describeStoreError(error));
}

export interface Discovered {
  url: string;
  /** The Marquee index format, followed as a plain subscription. */
  index?: boolean;
  /** What the user gave, when it was not the feed itself. */
  from?: string;
  title?: string;
}

/**
 * What the user typed → the feed to follow: a Letterboxd username or profile → its RSS; a feed's
 * address → itself; a page (site or article) → the feed it advertises (`<link rel="alternate">`),
 * else a WordPress site's REST posts, else `/feed/` or `/rss/` on its site.
 */
export async function discoverFeed(input: string, deps: { fetch: FetchLike }): Promise<Discovered> {
  const { body: _body, ...found } = await discover(input, deps);
  return found;
}

/** discoverFeed, with the feed's body when finding it downloaded the feed itself. */
async function discover(
  input: string,
  deps: { fetch: FetchLike },
): Promise<Discovered & { body?: Downloaded }> {
  const letterboxd = letterboxdFeedUrl(input);
  if (letterboxd) return { url: letterboxd, from: letterboxd === input.trim() ? undefined : input.trim() };
  const typed = input.trim();
  const url = checkSourceUrl(/^[a-z][a-z0-9+.-]*:/i.test(typed) ? typed : `https://${typed}`).href;
  let got: Downloaded | 'unchanged' | 'stopped';
  try {
    // An index is told by its first bytes and loaded once, by the subscription, under the
    // index's own size cap (an index of 10–50 MB is no feed too large).
    got = await download(url, deps, {}, 'feed', isIndexHead);
  } catch (error) {
    throw explain(error, url);
  }
  if (got === 'stopped') return { url, index: true };
  if (got === 'unchanged') throw new SourceError(`${url} answered 304 to a first request`);
  try {
    const feed = parseFeed(got.text, url);
    return { url, title: feed.title, body: got };
  } catch (error) {
    if (error instanceof FeedError && error.kind === 'index') return { url, index: true };
    if (!(error instanceof FeedError && error.kind === 'html')) throw explain(error, url);
  }
  const doc = parseHtml(got.text);
  const from = typed;
  const advertised = advertisedFeeds(doc, url).filter((f) => !/comments/i.test(`${f.title ?? ''} ${f.url}`));
  if (advertised[0]) return { url: advertised[0].url, from, title: advertised[0].title };
  const site = new URL(url).origin;
  const wordpress = byTag(doc, 'link').some((l) => attr(l, 'rel') === 'https://api.w.org/');
  const candidates = [
    ...(wordpress ? [`${site}/wp-json/wp/v2/posts?per_page=100`] : []),
    `${site}/feed/`,
    `${site}/rss/`,
  ];
  for (const candidate of candidates) {
    try {
      const tried = await download(candidate, deps);
      if (tried !== 'unchanged') {
        parseFeed(tried.text, candidate);
        return { url: candidate, from, body: tried };
      }
    } catch {
      // not there: the next candidate
    }
  }
  throw new SourceError(`${url} advertises no feed, and ${site} has none at /feed/ or /rss/`);
}

/**
 * Follow what the user typed: find its feed, record it and load it. Nothing is added if the first
 * load fails (the reason is thrown in words); unless the user named it, the source takes the
 * feed's own title.
 */
export async function follow(
  store: ReviewStore,
  input: { input: string; name?: string },
  deps: { fetch: FetchLike },
  refresh: (id: string, prefetched?: Prefetched) => Promise<RefreshOutcome>,
): Promise<SourceRecord> {
  const found = await discover(input.input, deps);
  const added = await recordFeed(store, input, found);
  const prefetched = found.body && !found.index ? { url: found.url, body: found.body } : undefined;
  return firstLoad(store, added, (id) => refresh(id, prefetched), !!input.name?.trim());
}

/** Discover the feed of what the user typed and record the source; `follow` loads it next. */
export async function followFeed(
  store: ReviewStore,
  input: { input: string; name?: string },
  deps: { fetch: FetchLike },
): Promise<SourceRecord> {
  return recordFeed(store, input, await discover(input.input, deps));
}

async function recordFeed(
  store: ReviewStore,
  input: { input: string; name?: string },
  found: Discovered,
): Promise<SourceRecord> {
  if (found.index) return addSubscription(store, { url: found.url, name: input.name });
  const id = feedId(found.url);
  if (await store.getSource(id)) throw new SourceError('this feed is already followed');
  const name = input.name?.trim() || found.title?.trim() || new URL(found.url).hostname;
  const format: FollowedFormat = /letterboxd\.com\//.test(found.url) ? 'letterboxd' : 'rss';
  const feed: FeedState = {
    format,
    ...(found.from ? { from: found.from } : {}),
    items: 0,
    reviews: 0,
    skipped: [],
    skippedCount: 0,
    added: 0,
    updated: 0,
  };
  return store.replaceSource({ id, name, kind: 'fetched', url: found.url, feed }, []);
}

/** Read every WordPress REST page the first load may (X-WP-TotalPages), appended to page 1. */
async function morePages(feed: ParsedFeed, url: string, first: Downloaded, deps: FollowDeps): Promise<void> {
  const total = Number(first.headers.get('x-wp-totalpages'));
  if (!Number.isFinite(total)) return;
  for (let page = 2; page <= Math.min(total, MAX_WORDPRESS_PAGES); page++) {
    const next = new URL(url);
    next.searchParams.set('page', String(page));
    const got = await download(next.href, deps);
    if (got === 'unchanged') break;
    feed.items.push(...parseFeed(got.text, next.href).items);
  }
}

/** Items that need their page read, minus those already stored (their entry stays as it is). */
async function readPages(
  reading: FeedReading,
  stored: Map<string, Entry>,
  sourceName: string,
  deps: FollowDeps,
) {
  const known = new Set([...stored.values()].map((e) => e.source.url));
  let budget = MAX_PAGES_PER_REFRESH;
  for (const item of reading.needsPage) {
    if (!item.link || known.has(item.link)) continue;
    if (budget-- <= 0) {
      reading.skipped.push({
        title: item.title,
        reason: 'only an excerpt in the feed; its page was not read this time',
      });
      continue;
    }
    let outcome;
    try {
      const page = await download(item.link, deps, {}, 'page');
      outcome = page === 'unchanged' ? undefined : reviewFromPage(item, page.text, { sourceName });
    } catch (error) {
      reading.skipped.push({
        title: item.title,
        reason: `its page could not be read (${(error as Error).message})`,
      });
      continue;
    }
    if (outcome && 'entry' in outcome) {
      const old = reading.entries.find((e) => e.id === outcome.entry.id);
      if (old) Object.assign(old, mergeFilmEntry(old, outcome.entry));
      else reading.entries.push(outcome.entry);
    } else
      reading.skipped.push({
        title: item.title,
        reason:
          outcome && 'skipped' in outcome ? outcome.skipped : 'not a film review (no rating or verdict)',
      });
  }
}

/** "no film reviews found in 20 items (20 not a film review)". */
function noReviews(items: number, skipped: FeedReading['skipped']): string {
  const reasons = new Map<string, number>();
  for (const s of skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const why = [...reasons].map(([reason, n]) => `${n} ${reason}`).join(', ');
  return `no film reviews found in ${items} item${items === 1 ? '' : 's'}${why ? ` (${why})` : ''}; the previous entries were kept`;
}

/** One refresh of a followed feed. Never throws: the outcome says what happened. */
export async function refreshFeed(id: string, deps: FollowDeps): Promise<RefreshOutcome> {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const source = await store.getSource(id);
  if (!source?.url || !source.feed) throw new SourceError(`no followed feed "${id}"`);
  const url = source.url;
  let got: Downloaded | 'unchanged';
  try {
    got =
      deps.prefetched?.url === url
        ? deps.prefetched.body
        : await download(
            url,
            deps,
            source.count > 0 ? { etag: source.etag, lastModified: source.lastModified } : {},
          );
  } catch (error) {
    return fail(deps, source, explain(error, url));
  }
  if (got === 'unchanged') {
    const updated = await store.updateSourceRecord(id, { checkedAt: now(), lastError: undefined });
    return { status: 'unchanged', source: updated ?? source };
  }
  try {
    const feed = parseFeed(got.text, url);
    if (feed.format === 'wordpress' && source.count === 0) await morePages(feed, url, got, deps);
    if (feed.items.length === 0)
      throw new SourceError('the feed has no items; the previous entries were kept');
    const stored = new Map((await store.entriesOfSource(id)).map((s) => [s.id, s.entry]));
    const reading = readFeed(feed, { sourceName: source.name });
    await readPages(reading, stored, source.name, deps);
    if (reading.entries.length === 0) throw new SourceError(noReviews(feed.items.length, reading.skipped));
    // The window rule: stored entries stay; the feed's films are added or merged into them.
    let added = 0;
    let updated = 0;
    for (const entry of reading.entries) {
      const old = stored.get(entry.id);
      if (old) updated++;
      else added++;
      stored.set(entry.id, old ? mergeFilmEntry(old, entry) : entry);
    }
    const state: FeedState = {
      format: reading.letterboxd ? 'letterboxd' : feed.format,
      ...(source.feed.from ? { from: source.feed.from } : {}),
      items: feed.items.length,
      reviews: reading.entries.length,
      skipped: reading.skipped.slice(0, MAX_REPORTED).map((s) => `${s.title}: ${s.reason}`),
      skippedCount: reading.skipped.length,
      added,
      updated,
      ...(got.note ? { note: got.note } : {}),
    };
    const saved = await store.replaceSourceStaged(id, [[...stored.values()]], () => ({
      ...source,
      updatedAt: now(),
      checkedAt: now(),
      lastError: undefined,
      rejected: [],
      rejectedCount: 0,
      etag: got.etag,
      lastModified: got.lastModified,
      feed: state,
    }));
    return { status: 'updated', source: saved, ...(feed.title ? { named: feed.title } : {}) };
  } catch (error) {
    return fail(deps, source, explain(error, url));
  }
}

/** Any subscribed source: a followed feed or a Marquee index. */
export function refreshAnySource(
  id: string,
  deps: RefreshDeps & Pick<FollowDeps, 'prefetched'>,
): Promise<RefreshOutcome> {
  return deps.store
    .getSource(id)
    .then((source) => (source?.feed ? refreshFeed(id, deps) : refreshSubscription(id, deps)));
}
