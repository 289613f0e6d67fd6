/**
 * "Add this review" in the popup: the page's HTML (sent as text by the content script, through the
 * popup) is read here, in the extension, with the parsers feeds and `npm run index` use
 * (entryFromArticlePage: schema.org Review JSON-LD, else the seed's article shape), and the review
 * goes into one source of its own, "Saved from pages" (kind import: the reader's own choices, shown
 * before followed and bundled reviews). Saving the same page again replaces its entry; two pages
 * reviewing one film are two entries, grouped as one film like any two sources.
 */
import { ArticleParseError } from '../index/article';
import type { Entry } from '../index/schema';
import type { Rating } from '../index/rating';
import { entryFromArticlePage } from '../feeds/inputs';
import { describeStoreError } from '../sources/fetch';
import { MAX_PAGE_HTML } from '../content/page-offer';
import { refOf, type EntryRef, type ReviewStore } from '../store/db';

export const SAVED_PAGES_SOURCE = { id: 'import:pages', name: 'Saved from pages' } as const;

export interface SavedPageReview {
  status: 'added' | 'updated';
  ref: EntryRef;
  title: string;
  year?: number;
  rating?: Rating;
  /** Who wrote the review (the publisher the page names, else its host). */
  publisher: string;
  /** The source it was saved in ("Saved from pages"). */
  savedIn: string;
}

/** One page, one entry: the page's address (without its #fragment) is part of the id. */
function pageKey(url: URL): string {
  const s = `${url.origin}${url.pathname}${url.search}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

/** The review on a page, as an entry of the "Saved from pages" source; throws in words. */
export function readPageReview(html: string, address: string): Entry {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new Error(`"${address.slice(0, 200)}" is not a page's address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('only web pages (http or https) can be added');
  if (typeof html !== 'string' || !html.trim()) throw new Error('the page sent no HTML');
  if (html.length > MAX_PAGE_HTML) throw new Error('the page is too large to read (more than 5 MB of HTML)');
  url.hash = '';
  let entry: Entry;
  try {
    entry = entryFromArticlePage(html, url.href, url.hostname);
  } catch (error) {
    const reason = error instanceof ArticleParseError ? error.reason : (error as Error).message;
    throw new Error(
      `this page is not a film review Marquee can read: ${reason}. A review needs a rating (a line such as "Rating: ★★★½ (3.5/5)", or schema.org Review markup)`,
    );
  }
  return {
    ...entry,
    id: `page-${entry.id.slice(0, 100)}-${pageKey(url)}`,
    source: { ...entry.source, url: entry.source.url ?? url.href },
  };
}

export async function savePageReview(
  store: ReviewStore,
  req: { url: string; html: string },
  now: () => number = Date.now,
): Promise<SavedPageReview> {
  const entry = readPageReview(req.html, req.url);
  const { id, name } = SAVED_PAGES_SOURCE;
  const previous = await store.getSource(id);
  const at = now();
  let saved;
  try {
    saved = await store.mergeIntoSource(
      {
        ...previous,
        id,
        name,
        kind: 'import',
        addedAt: previous?.addedAt ?? at,
        updatedAt: at,
        checkedAt: at,
        lastError: undefined,
      },
      [entry],
      // The page was read again: its entry is what the page says now.
      (_old, incoming) => incoming,
    );
  } catch (error) {
    throw new Error(`the review could not be saved (${describeStoreError(error)}); nothing was changed`);
  }
  return {
    status: saved.added ? 'added' : 'updated',
    ref: refOf({ source: id, id: entry.id }),
    title: entry.title,
    ...(entry.year !== undefined ? { year: entry.year } : {}),
    ...(entry.rating ? { rating: entry.rating } : {}),
    publisher: entry.source.name,
    savedIn: name,
  };
}
