/**
 * What the page the reader is on offers the toolbar popup: a feed to follow, a review to add.
 * Answered by the content script on request only (the popup asks when it opens), so pages pay
 * nothing for it. The content script collects as little as it can: the first feed's address and
 * whether the page has a review's shape. Reading the review is the extension's job (the popup sends
 * the page's HTML, as text, to the background: lib/background/page-review.ts); nothing of it is kept
 * in the page's origin.
 */
import { hasRatedMovieReview } from '../index/jsonld-review';
import { parseRating, RATING_LINE } from '../index/rating';
import { formatMB, MB } from '../sources/size';
import type { Envelope } from '../messaging/protocol';

/**
 * Popup → content script (browser.tabs.sendMessage to the top frame). `readAll`: the popup lists
 * the page's films, so the part of the page below what was read ahead of the reader is read too
 * (ContentApp.readAll); answered once it is, with whether anything was left to read.
 */
export type PageRequest =
  { type: 'marquee:pageOffer' } | { type: 'marquee:pageHtml' } | { type: 'marquee:readAll' };

export interface PageRead {
  read: boolean;
}

/** A message's `type`, if it has one (any extension page may send anything). */
const typeOf = (message: unknown): unknown =>
  typeof message === 'object' && message !== null && 'type' in message ? message.type : undefined;

export const isReadAll = (message: unknown): boolean => typeOf(message) === 'marquee:readAll';

export interface PageOffer {
  /** The first RSS, Atom or JSON Feed the page advertises (comment feeds left out), resolved. */
  feed?: string;
  /** The page has a schema.org Review of a Movie with a rating, or a rating line as the seed writes it. */
  review: boolean;
}

export interface PageHtml {
  url: string;
  html: string;
}

/** 5 MB (10^6 bytes each) of text: a long review page is well under 1 MB; beyond this it is not an article. */
export const MAX_PAGE_HTML = 5 * MB;

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json']);
/** Blocks that can hold the rating line; only short ones are read (a rating line is one line). */
const BLOCKS = 'p, li, h2, h3, h4, h5, h6, dd, td';
const MAX_BLOCKS = 5000;

/**
 * The page's advertised feed (https://www.rssboard.org/rss-autodiscovery): `<link rel="alternate">`
 * of an RSS, Atom or JSON Feed type, the first that is not a comments feed, as lib/feeds/follow.ts
 * chooses among them when it is given the page's address.
 */
export function advertisedFeed(doc: Document): string | undefined {
  for (const link of Array.from(doc.querySelectorAll<HTMLLinkElement>('link[rel][href][type]'))) {
    const rel = link.rel.toLowerCase().split(/\s+/);
    const type = link.type.toLowerCase().split(';')[0]!.trim();
    if (!rel.includes('alternate') || !FEED_TYPES.has(type)) continue;
    let href: string;
    try {
      // Against the document's base URL (its <base href>, else its address), as the browser does.
      href = new URL(link.getAttribute('href') ?? '', doc.baseURI).href;
    } catch {
      continue;
    }
    if (!/^https?:\/\//i.test(href) || /comments/i.test(`${link.title} ${href}`)) continue;
    return href;
  }
  return undefined;
}

function jsonLd(doc: Document): unknown[] {
  const out: unknown[] = [];
  for (const script of Array.from(doc.querySelectorAll('script[type]'))) {
    if (script.getAttribute('type')?.trim().toLowerCase() !== 'application/ld+json') continue;
    try {
      out.push(JSON.parse(script.textContent ?? ''));
    } catch {
      // the page's broken block; the others still count
    }
  }
  return out;
}

/** A short block that reads as the seed's rating line ("Rating: ★★★½ (3.5/5)"). */
function hasRatingLine(doc: Document): boolean {
  const root = doc.querySelector('article') ?? doc.querySelector('main') ?? doc.body;
  if (!root) return false;
  let seen = 0;
  for (const el of Array.from(root.querySelectorAll(BLOCKS))) {
    if (++seen > MAX_BLOCKS) break;
    const text = el.textContent?.trim() ?? '';
    if (text.length > 80) continue;
    const m = RATING_LINE.exec(text);
    if (m && parseRating(m[1]!)) return true;
  }
  return false;
}

export function pageOffer(doc: Document): PageOffer {
  const feed = advertisedFeed(doc);
  const review = hasRatedMovieReview(jsonLd(doc)) || hasRatingLine(doc);
  return { ...(feed ? { feed } : {}), review };
}

/** The page as the reader has it, as text, for the extension to read (never stored by the page). */
export function pageHtml(doc: Document, url: string): PageHtml {
  // A read, never a write: the page's markup goes to the extension as text, parsed there without a
  // DOM (htmlparser2), so nothing of it is rendered or run.
  // eslint-disable-next-line no-restricted-properties
  const html = doc.documentElement.outerHTML;
  if (html.length > MAX_PAGE_HTML)
    throw new Error(`this page is larger than ${formatMB(MAX_PAGE_HTML)} of HTML; it is not read`);
  return { url, html };
}

/**
 * What the content script sends back (sendResponse): the answer, or why there is none, in words.
 * An envelope because Chrome's own runtime.onMessage takes no returned promise, so a thrown error
 * would not reach the popup.
 */
export type PageAnswer = Envelope<PageOffer | PageHtml | PageRead>;

/** The content script's answer to a popup request, or undefined for any other message. */
export function answerPage(message: unknown, doc: Document, url: string): PageOffer | PageHtml | undefined {
  const type = typeOf(message);
  if (type === 'marquee:pageOffer') return pageOffer(doc);
  if (type === 'marquee:pageHtml') return pageHtml(doc, url);
  return undefined;
}

/** answerPage in its envelope: an error (the page too large) crosses as its message. */
export function pageAnswer(message: unknown, doc: Document, url: string): PageAnswer | undefined {
  try {
    const value = answerPage(message, doc, url);
    return value === undefined ? undefined : { ok: true, value };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The popup's side: the value of a PageAnswer, or the content script's error thrown again. Anything
 * else (no answer, an older script's bare value) rejects: the popup then offers nothing.
 */
export function openPageAnswer(answer: unknown): unknown {
  if (typeof answer !== 'object' || answer === null || !('ok' in answer))
    throw new Error('the page sent no answer');
  if (answer.ok === true && 'value' in answer) return answer.value;
  throw new Error(
    'error' in answer && typeof answer.error === 'string' ? answer.error : 'the page sent no answer',
  );
}
