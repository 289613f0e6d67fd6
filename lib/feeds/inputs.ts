/**
 * Feeds and review pages given to `npm run index` (scripts/build-index.ts): files or addresses of
 * RSS, Atom, JSON Feed or WordPress posts, and addresses of review articles, read with the same
 * parsers the extension follows them with. Every item left out is reported with its reason, so a
 * publisher can check its feed.
 */
import { parseArticleFile } from '../index/article';
import { jsonLdBlocks, parseHtml } from '../index/html';
import { entryFromReviewJsonLd } from '../index/review-jsonld';
import type { Entry } from '../index/schema';
import { decodeFeed } from './decode';
import { mergeFilmEntry, readFeed } from './entries';
import { FeedError, parseFeed } from './parse';
import { parseIndexImport } from '../sources/imports';

export interface InputReport {
  input: string;
  /** "10 film reviews in 12 items" or "a review article". */
  summary?: string;
  skipped: string[];
  /** Quirks worth knowing (a wrong declared encoding that was overruled). */
  notes?: string[];
  error?: string;
}

/**
 * A review article's page: its schema.org Review JSON-LD, else the seed's article shape. Throws
 * with the article parser's reason when neither is there.
 */
export function entryFromArticlePage(html: string, url: string | undefined, fallbackSource: string): Entry {
  const fromJsonLd = entryFromReviewJsonLd(jsonLdBlocks(parseHtml(html)), url, fallbackSource);
  if (fromJsonLd) return fromJsonLd;
  const meta = url ? { source: { url } } : {};
  return parseArticleFile(`${url ?? 'page'}.html`, html, { meta }).entry;
}

/**
 * Read one feed or page (bytes as fetched or read from disk) into `into` (merged by film).
 * Returns what happened, in words; never throws.
 */
export function readInput(
  input: string,
  bytes: Uint8Array,
  contentType: string | undefined,
  into: Map<string, Entry>,
): InputReport {
  const { text, note } = decodeFeed(bytes, contentType);
  const url = /^https?:\/\//i.test(input) ? input : undefined;
  const add = (entry: Entry) => {
    const old = into.get(entry.id);
    into.set(entry.id, old ? mergeFilmEntry(old, entry) : entry);
  };
  try {
    const feed = parseFeed(text, url);
    const reading = readFeed(feed, { sourceName: feed.title ?? (url ? new URL(url).hostname : input) });
    reading.entries.forEach(add);
    const skipped = [
      ...reading.skipped.map((s) => `${s.title}: ${s.reason}`),
      ...reading.needsPage.map((i) => `${i.title}: only an excerpt in the feed (its page was not read)`),
    ];
    const notes = note ? [note] : undefined;
    const summary = `${reading.entries.length} film review${reading.entries.length === 1 ? '' : 's'} in ${feed.items.length} item${feed.items.length === 1 ? '' : 's'} (${feed.format}${reading.letterboxd ? ', Letterboxd' : ''})`;
    if (reading.entries.length === 0)
      return { input, skipped, notes, error: `no film reviews found in ${feed.items.length} items` };
    return { input, summary, skipped, notes };
  } catch (error) {
    if (error instanceof FeedError && error.kind === 'index') return readIndex(input, text, add);
    if (!(error instanceof FeedError && error.kind === 'html'))
      return { input, skipped: [], error: (error as Error).message };
  }
  // A web page: a review article.
  try {
    add(entryFromArticlePage(text, url, url ? new URL(url).hostname : input));
    return { input, summary: 'a review article', skipped: [] };
  } catch (error) {
    return {
      input,
      skipped: [],
      error: `not a feed, and not a review article (${(error as Error).message})`,
    };
  }
}

/** A Marquee index file (what the options page imports as one), its entries checked by the schema. */
function readIndex(input: string, text: string, add: (entry: Entry) => void): InputReport {
  try {
    const parsed = parseIndexImport(input, text);
    parsed.entries.forEach(add);
    const n = parsed.entries.length;
    const skipped =
      parsed.rejectedCount > parsed.rejected.length
        ? [...parsed.rejected, `…and ${parsed.rejectedCount - parsed.rejected.length} more`]
        : parsed.rejected;
    // The label is "<input> (Marquee index from <its source>)".
    const what = parsed.label.startsWith(input) ? parsed.label.slice(input.length).trim() : parsed.label;
    return { input, summary: `${n} ${n === 1 ? 'entry' : 'entries'} ${what}`, skipped };
  } catch (error) {
    return { input, skipped: [], error: (error as Error).message.replace(`${input}: `, '') };
  }
}
