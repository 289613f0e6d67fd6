/**
 * Feed items to entries. A review site's item goes through the article parser (the seed's shape:
 * verdict, rating line, plot/cast/crew, review, conclusion); failing that, the shape critics' feeds
 * use — a rating on its own line (★★½, 3.5/5, 7/10, "4 stars", "Rating: …") or in the title, and
 * the lede as the verdict. An item with no rating and no verdict line is not a film review: skipped
 * and counted. When the feed carries only an excerpt, the item's page is read for a schema.org
 * Review (lib/index/review-jsonld.ts) or a seed-shaped article: `needsPage` asks the caller to fetch it.
 */
import { parseArticle, parseArticleFile, slugify, documentToBlocks, type Block } from '../index/article';
import { parseHtml, textOf, jsonLdBlocks } from '../index/html';
import { parseRating, type Rating } from '../index/rating';
import { entryFromReviewJsonLd } from '../index/review-jsonld';
import { validateEntry, type Entry } from '../index/schema';
import { fnv1a } from '../text/fnv';
import { isLetterboxdFeed, letterboxdEntry } from './letterboxd';
import type { FeedItem, ParsedFeed } from './parse';

export type ItemOutcome = { entry: Entry; rewatch?: boolean } | { skipped: string } | { needsPage: true };

/** "Review: Heat (1995) ★★★★½" → Heat, 1995. */
export function filmFromTitle(title: string): { title: string; year?: number } {
  let t = title
    .replace(/^\s*(film|movie)?\s*review\s*[:|–—-]\s*/i, '')
    .replace(/\s*[:|–—-]\s*(a\s+)?(film|movie)?\s*review\s*$/i, '')
    // "Ballerina Review: A Fierce Ride", "Heat movie review"
    .replace(/(?<=\S)\s+(?:(?:film|movie)\s+)?review\b.*$/i, '')
    .replace(/\s*[|–—-]?\s*[★☆½]+\s*$/u, '')
    .replace(/\s*[|–—-]\s*\d+(\.\d+)?\s*\/\s*\d+\s*$/, '')
    .trim();
  let year: number | undefined;
  const y = /\s*[([]((?:18|19|20)\d{2})[)\]]\s*$/.exec(t) ?? /,\s*((?:18|19|20)\d{2})\s*$/.exec(t);
  if (y) {
    year = Number(y[1]);
    t = t.slice(0, y.index).trim();
  }
  return { title: t.replace(/^["“'‘]|["”'’]$/gu, '').trim(), year };
}

/** A block that is only a rating: "★★½", "3.5/5", "Rating: 7/10", "Four stars". */
function ratingBlock(text: string): Rating | undefined {
  const labelled = /^(?:(?:our\s)?rating|score|grade|stars?|verdict)\s*[:\-–]\s*(.+)$/i.exec(text);
  const body = labelled ? labelled[1]! : text;
  if (body.length > 60) return undefined;
  // Half a star, written as the half glyph alone.
  if (body.trim() === '½') return { value: 0.5, scale: 5 };
  const rating = parseRating(body);
  if (!rating) return undefined;
  // Nothing but the rating: a sentence that mentions "5 stars" is not a rating line.
  const rest = body
    .replace(/[★☆½*]+/gu, '')
    .replace(/\d+(?:[.,]\d+)?\s*(?:\/|out of|of)\s*\d+(?:[.,]\d+)?/gi, '')
    .replace(
      /\b(zero|no|one|two|three|four|five|\d+(?:\.\d+)?)\b|\band\b|\ba half\b|\bhalf a\b|\bstars?\b|[().,\s]/gi,
      '',
    );
  return rest.length === 0 ? rating : undefined;
}

const BOILERPLATE = /^(continue reading|read more|the post .+ appeared first on|\[…\]|\[\.\.\.\])/i;
const VERDICT_LINE = /^(?:(?:our|the)\s)?verdict\s*[:\-–]\s*(.+)$/i;

function blocksOf(html: string): Block[] {
  const doc = parseHtml(html);
  const { blocks } = documentToBlocks(doc);
  if (blocks.length) return blocks;
  const text = textOf(doc);
  return text ? [{ kind: 'paragraph', text }] : [];
}

/** Cut a lede's trailing "Continue reading..." link text. */
const cleanText = (s: string) =>
  s.replace(/\s*(continue reading|read more)\s*(\.\.\.|…|»|→)?\s*$/i, '').trim();

export interface ItemContext {
  /** The source's name, for entries whose item names no publisher. */
  sourceName: string;
}

/** One review site's item → an entry, a reason to skip it, or a request to read its page. */
export function reviewEntry(item: FeedItem, ctx: ItemContext, pageTried = false): ItemOutcome {
  const film = filmFromTitle(item.title);
  const html = item.html ?? item.summary ?? '';
  const blocks = blocksOf(html);
  const meta = {
    title: film.title || undefined,
    year: film.year,
    published: item.published,
    source: { name: ctx.sourceName, ...(item.link ? { url: item.link } : {}) },
  };
  // The seed's shape first: it reads plot, cast and crew too.
  try {
    return { entry: withId(parseArticle(blocks, meta, item.id).entry, item) };
  } catch {
    // not that shape: the critics' feed shape below
  }
  let rating: Rating | undefined;
  let verdict: string | undefined;
  const paragraphs: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') continue;
    const r = !rating ? ratingBlock(block.text) : undefined;
    if (r) {
      rating = r;
      continue;
    }
    const v = VERDICT_LINE.exec(block.text);
    if (v && !verdict) {
      verdict = cleanText(v[1]!);
      continue;
    }
    const text = cleanText(block.text);
    if (text && !BOILERPLATE.test(text)) paragraphs.push(text);
  }
  if (!rating && /[★½]|\d\s*\/\s*(5|10)\b/u.test(item.title)) rating = parseRating(item.title);
  // An excerpt: no full content, or content cut off with a link to the rest.
  const excerptOnly =
    !item.html ||
    item.html === item.summary ||
    /(continue reading|read more|\[(?:…|\.\.\.|&hellip;|&#8230;)\]|…|&#8230;)\W*(<\/a>)?\s*(<\/p>)?\s*$/i.test(
      item.html,
    );
  if (!rating && !verdict) {
    if (excerptOnly && item.link && !pageTried) return { needsPage: true };
    return { skipped: 'not a film review (no rating or verdict)' };
  }
  if (!film.title) return { skipped: 'no film title' };
  const candidate: Record<string, unknown> = {
    id: filmId(film.title, film.year, item),
    title: film.title,
    verdict: verdict ?? paragraphs[0],
    review: (verdict ? paragraphs : paragraphs.slice(1)).join('\n\n') || undefined,
    source: meta.source,
  };
  if (rating) candidate.rating = rating;
  if (film.year) candidate.year = film.year;
  if (item.published) candidate.published = item.published;
  const result = validateEntry(defined(candidate));
  if (!result.ok) return { skipped: result.issues.map((i) => i.message).join('; ') };
  return { entry: result.entry };
}

/** The item's own page read for a review when its feed item had only an excerpt. */
export function reviewFromPage(item: FeedItem, pageHtml: string, ctx: ItemContext): ItemOutcome {
  const doc = parseHtml(pageHtml);
  const fromJsonLd = entryFromReviewJsonLd(jsonLdBlocks(doc), item.link, ctx.sourceName);
  if (fromJsonLd) return { entry: withId(fromJsonLd, item) };
  try {
    const film = filmFromTitle(item.title);
    const parsed = parseArticleFile(`${item.link ?? item.id}.html`, pageHtml, {
      meta: { title: film.title || undefined, year: film.year, published: item.published },
    });
    return { entry: withId(parsed.entry, item) };
  } catch {
    return reviewEntry(item, ctx, true);
  }
}

/** The object without its undefined fields (the schema's fast path takes no undefined values). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as T;
}

/** Entries are keyed by film (title and year), so a site's second review of a film updates it. */
function filmId(title: string, year: number | undefined, item: FeedItem): string {
  return slugify(year ? `${title} ${year}` : title) || `item-${fnv1a(item.id).toString(36)}`;
}

function withId(entry: Entry, item: FeedItem): Entry {
  return { ...entry, id: filmId(entry.title, entry.year, item) };
}

/**
 * Merge a newer reading of a film into the older one: what the newer one states wins, and a
 * rewatch logged without text keeps the review written before (its text and spoiler flag travel
 * together).
 */
export function mergeFilmEntry(older: Entry, newer: Entry): Entry {
  const merged: Entry = { ...older, ...newer };
  if (!newer.review && !newer.verdict) {
    merged.review = older.review;
    merged.verdict = older.verdict;
    merged.spoilers = older.spoilers;
  }
  if (!newer.rating) merged.rating = older.rating;
  return defined(merged);
}

export interface FeedReading {
  entries: Entry[];
  /** Items skipped, with their title and why. */
  skipped: { title: string; reason: string }[];
  /** Items whose page must be read (reviewFromPage) before they can be judged. */
  needsPage: FeedItem[];
  letterboxd: boolean;
}

/** Every item of a feed, oldest first so a film's latest item wins. */
export function readFeed(feed: ParsedFeed, ctx: ItemContext): FeedReading {
  const letterboxd = isLetterboxdFeed(feed.items, feed.link);
  const byId = new Map<string, Entry>();
  const skipped: FeedReading['skipped'] = [];
  const needsPage: FeedItem[] = [];
  for (const item of [...feed.items].reverse()) {
    const outcome = letterboxd ? letterboxdEntry(item, ctx.sourceName) : reviewEntry(item, ctx);
    if ('entry' in outcome) {
      const old = byId.get(outcome.entry.id);
      byId.set(outcome.entry.id, old ? mergeFilmEntry(old, outcome.entry) : outcome.entry);
    } else if ('needsPage' in outcome) needsPage.push(item);
    else skipped.push({ title: item.title || item.id, reason: outcome.skipped });
  }
  return {
    entries: [...byId.values()],
    skipped: skipped.reverse(),
    needsPage: needsPage.reverse(),
    letterboxd,
  };
}
