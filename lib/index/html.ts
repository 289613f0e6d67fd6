/**
 * HTML read without a DOM, so review articles and feed items parse the same way in the MV3 service
 * worker (no DOMParser there), the options page, the popup and Node. htmlparser2 builds a plain
 * tree (domhandler nodes) that nothing renders: scripts never run, and only text comes out of it.
 */
import { parseDocument } from 'htmlparser2';
import { findAll, findOne, getAttributeValue } from 'domutils';
import type { AnyNode, Document, Element } from 'domhandler';

export type HtmlDocument = Document;
export type HtmlElement = Element;

export function parseHtml(html: string): Document {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

const isElement = (node: AnyNode): node is Element =>
  node.type === 'tag' || node.type === 'script' || node.type === 'style';

/** Elements whose text is never page text. */
const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'svg', 'iframe']);
/** Elements that break a line of text (their text is separated from their neighbours'). */
const BREAKS = new Set([
  'br',
  'p',
  'div',
  'li',
  'tr',
  'td',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
]);

/** The text of a node as a reader sees it: scripts and styles left out, whitespace collapsed. */
export function textOf(node: AnyNode): string {
  const parts: string[] = [];
  const walk = (n: AnyNode) => {
    if (n.type === 'text') parts.push(n.data);
    else if (n.type === 'cdata') n.children.forEach(walk);
    else if (isElement(n) || n.type === 'root') {
      if (isElement(n) && NOT_TEXT.has(n.name)) return;
      if (isElement(n) && BREAKS.has(n.name)) parts.push(' ');
      n.children.forEach(walk);
    }
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Plain text of an HTML fragment (a feed title, an excerpt): markup and scripts dropped. */
export function htmlText(html: string): string {
  return textOf(parseHtml(html));
}

export const byTag = (root: AnyNode | AnyNode[], ...names: string[]): Element[] =>
  findAll((el) => names.includes(el.name), Array.isArray(root) ? root : [root]);

export const firstByTag = (root: AnyNode, name: string): Element | null =>
  findOne((el) => el.name === name, [root], true);

export const attr = (el: Element, name: string): string | undefined => getAttributeValue(el, name)?.trim();

/** The `content` of the first `<meta>` whose property or name is `key`. */
export function metaContent(doc: Document, key: string): string | undefined {
  for (const el of byTag(doc, 'meta')) {
    if (attr(el, 'property') === key || attr(el, 'name') === key) {
      const content = attr(el, 'content');
      if (content) return content;
    }
  }
  return undefined;
}

/** `href` resolved against `base`, or undefined when it is not an http(s) address. */
export function resolveUrl(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Every JSON-LD block's parsed value; a block that isn't JSON is left out. */
export function jsonLdBlocks(doc: Document): unknown[] {
  const out: unknown[] = [];
  for (const el of byTag(doc, 'script')) {
    if (attr(el, 'type')?.toLowerCase() !== 'application/ld+json') continue;
    const text = el.children.map((c) => (c.type === 'text' ? c.data : '')).join('');
    try {
      out.push(JSON.parse(text));
    } catch {
      // A broken block on a page is the page's problem; the other blocks still count.
    }
  }
  return out;
}

export interface AdvertisedFeed {
  url: string;
  type: 'rss' | 'atom' | 'json';
  title?: string;
}

const FEED_TYPES: Record<string, AdvertisedFeed['type']> = {
  'application/rss+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/feed+json': 'json',
  'application/json': 'json',
};

/**
 * The feeds a page advertises: `<link rel="alternate">` of an RSS, Atom or JSON Feed type
 * (https://www.rssboard.org/rss-autodiscovery, https://www.jsonfeed.org/version/1.1/), in page
 * order, with `href` resolved against the page's address (or its `<base href>`).
 */
export function advertisedFeeds(doc: Document, pageUrl: string | undefined): AdvertisedFeed[] {
  const baseEl = byTag(doc, 'base')[0];
  const base = resolveUrl(baseEl && attr(baseEl, 'href'), pageUrl) ?? pageUrl;
  const feeds: AdvertisedFeed[] = [];
  for (const el of byTag(doc, 'link')) {
    const rel = (attr(el, 'rel') ?? '').toLowerCase().split(/\s+/);
    const type = FEED_TYPES[(attr(el, 'type') ?? '').toLowerCase().split(';')[0]!.trim()];
    if (!rel.includes('alternate') || !type) continue;
    // application/json alternates are usually oEmbed or REST links, not feeds, unless named one.
    if (
      (attr(el, 'type') ?? '').toLowerCase() === 'application/json' &&
      !/feed/i.test(attr(el, 'href') ?? '')
    )
      continue;
    const url = resolveUrl(attr(el, 'href'), base);
    if (url && !feeds.some((f) => f.url === url)) feeds.push({ url, type, title: attr(el, 'title') });
  }
  return feeds;
}
