/**
 * Feeds to items: RSS 2.0 (https://www.rssboard.org/rss-specification), Atom 1.0 (RFC 4287),
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) and a WordPress site's REST posts
 * (https://developer.wordpress.org/rest-api/reference/posts/). XML is read by htmlparser2 in XML
 * mode (no DOM, so it runs in the service worker; entities and CDATA decoded by the parser). An
 * item keeps its HTML as published: lib/feeds/entries.ts reads it with the article parser.
 */
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';
import { htmlText, resolveUrl } from '../index/html';

export type FeedFormat = 'rss' | 'atom' | 'json-feed' | 'wordpress';

export interface FeedItem {
  /** The item's identity: guid, Atom id, JSON Feed id, WordPress post id (else its link). */
  id: string;
  /** The item's page, absolute. */
  link?: string;
  /** Plain text. */
  title: string;
  /** The full content as HTML (content:encoded, Atom content, content_html, content.rendered). */
  html?: string;
  /** The excerpt as HTML (description, summary, excerpt.rendered) when there is one. */
  summary?: string;
  /** YYYY-MM-DD. */
  published?: string;
  /** Elements of other namespaces by canonical prefix and local name: "letterboxd:filmTitle". */
  ext: Record<string, string>;
}

export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  /** The site the feed belongs to. */
  link?: string;
  items: FeedItem[];
}

/** What came instead of a feed, told apart so the message can say what to do. */
export class FeedError extends Error {
  constructor(
    message: string,
    readonly kind: 'html' | 'challenge' | 'index' | 'unreadable' = 'unreadable',
  ) {
    super(message);
    this.name = 'FeedError';
  }
}

/** Namespaces by URI, so `lb:filmTitle` under Letterboxd's URI reads as `letterboxd:filmTitle`. */
const NAMESPACES: Record<string, string> = {
  'https://letterboxd.com': 'letterboxd',
  'https://themoviedb.org': 'tmdb',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://www.w3.org/2005/Atom': 'atom',
};

const elements = (node: { children: AnyNode[] }): Element[] =>
  node.children.filter((c): c is Element => c.type === 'tag');
const child = (el: Element, name: string): Element | undefined => elements(el).find((c) => c.name === name);

/** An element's text as written (entities and CDATA decoded, whitespace kept but trimmed). */
function xmlText(node: AnyNode | undefined): string {
  if (!node) return '';
  const parts: string[] = [];
  const walk = (n: AnyNode) => {
    if (n.type === 'text') parts.push(n.data);
    else if ('children' in n) n.children.forEach(walk);
  };
  walk(node);
  return parts.join('').trim();
}

/** Text that may carry markup (RSS titles often do): its plain text, scripts dropped. */
const plain = (s: string | undefined): string => (s && /[<&]/.test(s) ? htmlText(s) : (s ?? '').trim());

/** Any date a feed writes (RFC 822, ISO 8601) as YYYY-MM-DD, or undefined. */
export function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(s.trim());
  if (iso) return iso[1];
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : undefined;
}

const looksLikeHtmlPage = (head: string) =>
  /^(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(head);

/**
 * Cloudflare's (and similar) bot checks answer a feed request with a page that runs a script:
 * "Just a moment...", a `challenge-platform` script, `cf-chl` fields.
 */
export function isChallengePage(text: string): boolean {
  const head = text.slice(0, 20_000);
  return (
    /<title>\s*(just a moment|attention required|access denied)/i.test(head) ||
    /challenge-platform|cf-chl-|cf_chl_/i.test(head)
  );
}

/** Parse a feed's text; `url` is where it came from, for relative links. Throws FeedError. */
export function parseFeed(text: string, url?: string): ParsedFeed {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (!body) throw new FeedError('the feed is empty');
  if (body[0] === '{' || body[0] === '[') return parseJson(body, url);
  const head = body.slice(0, 2000).replace(/^<\?xml[^>]*\?>\s*/i, '');
  if (looksLikeHtmlPage(head)) {
    if (isChallengePage(body))
      throw new FeedError(
        'the site answered with a bot check (a "Just a moment..." page) instead of the feed',
        'challenge',
      );
    throw new FeedError('this address is a web page, not a feed', 'html');
  }
  const doc = parseDocument(body, { xmlMode: true });
  const root = elements(doc)[0];
  if (!root) throw new FeedError('the feed is not readable XML (no root element)');
  const ns = namespacesOf(root);
  const name = localName(root.name);
  if (name === 'rss' || name === 'RDF') return parseRss(root, ns, url);
  if (name === 'feed') return parseAtom(root, ns, url);
  if (name === 'html') throw new FeedError('this address is a web page, not a feed', 'html');
  throw new FeedError(`not a feed: the document is <${root.name}>, not RSS, Atom or JSON Feed`);
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

function namespacesOf(root: Element): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(root.attribs)) {
    if (!key.startsWith('xmlns:')) continue;
    const known = NAMESPACES[value.replace(/\/$/, '')] ?? NAMESPACES[value];
    map.set(key.slice(6), known ?? key.slice(6));
  }
  return map;
}

/** `prefix:name` with the prefix made canonical by its namespace URI. */
function canonical(name: string, ns: Map<string, string>): string {
  const at = name.indexOf(':');
  if (at < 0) return name;
  return `${ns.get(name.slice(0, at)) ?? name.slice(0, at)}:${name.slice(at + 1)}`;
}

function parseRss(root: Element, ns: Map<string, string>, url?: string): ParsedFeed {
  const channel = child(root, 'channel');
  // RSS 1.0 (RDF) keeps its items beside the channel; RSS 2.0 inside it.
  const itemEls = [...(channel ? elements(channel) : []), ...elements(root)].filter((e) => e.name === 'item');
  const link = resolveUrl(xmlText(channel && child(channel, 'link')), url);
  const items: FeedItem[] = [];
  for (const el of itemEls) {
    const fields = new Map<string, Element>();
    for (const c of elements(el)) {
      const key = canonical(c.name, ns);
      if (!fields.has(key)) fields.set(key, c);
    }
    const text = (key: string) => xmlText(fields.get(key));
    const itemLink = resolveUrl(text('link') || undefined, url ?? link);
    const guid = text('guid');
    const id = guid || itemLink || plain(text('title'));
    if (!id) continue;
    const ext: Record<string, string> = {};
    for (const [key, c] of fields)
      if (key.includes(':') && !key.startsWith('content:')) ext[key] = xmlText(c);
    items.push({
      id,
      link: itemLink,
      title: plain(text('title')),
      html: text('content:encoded') || undefined,
      summary: text('description') || undefined,
      published: isoDate(text('pubDate') || text('dc:date')),
      ext,
    });
  }
  return {
    format: 'rss',
    title: plain(xmlText(channel && child(channel, 'title'))) || undefined,
    link,
    items,
  };
}

/** Atom text constructs: type="html" is escaped HTML, "xhtml" is markup inline, else plain text. */
function atomHtml(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  const type = (el.attribs.type ?? 'text').toLowerCase();
  if (type === 'xhtml') {
    const div = elements(el)[0];
    return div ? innerXml(div) : undefined;
  }
  const text = xmlText(el);
  if (!text) return undefined;
  return type === 'html' || type === 'text/html' ? text : escapeHtml(text);
}

function atomText(el: Element | undefined): string {
  const html = atomHtml(el);
  return html ? htmlText(html) : '';
}

function escapeHtml(s: string): string {
  return `<p>${s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\n\s*\n/g, '</p><p>')}</p>`;
}

/** XHTML content back to markup, for the HTML reader (attribute values re-escaped). */
function innerXml(el: Element): string {
  const out: string[] = [];
  const walk = (n: AnyNode) => {
    if (n.type === 'text') out.push(n.data.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
    else if (n.type === 'tag') {
      const name = localName(n.name);
      const attrs = Object.entries(n.attribs)
        .map(([k, v]) => ` ${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
        .join('');
      out.push(`<${name}${attrs}>`);
      n.children.forEach(walk);
      out.push(`</${name}>`);
    }
  };
  el.children.forEach(walk);
  return out.join('');
}

function atomLink(el: Element, base: string | undefined): string | undefined {
  const links = elements(el).filter((c) => c.name === 'link');
  const alternate = links.find((l) => (l.attribs.rel ?? 'alternate') === 'alternate') ?? links[0];
  return resolveUrl(alternate?.attribs.href, base);
}

function parseAtom(root: Element, ns: Map<string, string>, url?: string): ParsedFeed {
  const feedBase = resolveUrl(root.attribs['xml:base'], url) ?? url;
  const items: FeedItem[] = [];
  for (const el of elements(root).filter((e) => e.name === 'entry')) {
    const base = resolveUrl(el.attribs['xml:base'], feedBase) ?? feedBase;
    const link = atomLink(el, base);
    const id = xmlText(child(el, 'id')) || link;
    if (!id) continue;
    const ext: Record<string, string> = {};
    for (const c of elements(el)) {
      const key = canonical(c.name, ns);
      if (key.includes(':') && !(key in ext)) ext[key] = xmlText(c);
    }
    items.push({
      id,
      link,
      title: atomText(child(el, 'title')),
      html: atomHtml(child(el, 'content')),
      summary: atomHtml(child(el, 'summary')),
      published: isoDate(xmlText(child(el, 'published')) || xmlText(child(el, 'updated'))),
      ext,
    });
  }
  return {
    format: 'atom',
    title: atomText(child(root, 'title')) || undefined,
    link: atomLink(root, feedBase),
    items,
  };
}

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown): string | undefined => (typeof x === 'string' && x.trim() ? x : undefined);
const idText = (x: unknown): string | undefined =>
  typeof x === 'number' && Number.isFinite(x) ? String(x) : str(x)?.trim();

function parseJson(body: string, url?: string): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new FeedError(`the feed is not valid JSON (${(error as Error).message})`);
  }
  if (isObj(json) && json.format === 'marquee-index')
    throw new FeedError('this is a Marquee index, not a feed', 'index');
  if (
    isObj(json) &&
    typeof json.version === 'string' &&
    json.version.startsWith('https://jsonfeed.org/version/')
  )
    return parseJsonFeed(json, url);
  if (Array.isArray(json) && json.every((p) => isObj(p) && ('content' in p || 'title' in p) && 'link' in p))
    return parseWordPress(json as Json[], url);
  throw new FeedError('not a feed: JSON that is neither a JSON Feed nor WordPress posts');
}

function parseJsonFeed(json: Json, url?: string): ParsedFeed {
  const base = str(json.feed_url) ?? url;
  const items: FeedItem[] = [];
  for (const item of Array.isArray(json.items) ? json.items : []) {
    if (!isObj(item)) continue;
    const link = resolveUrl(str(item.url), base);
    const id = idText(item.id) ?? link;
    if (!id) continue;
    const text = str(item.content_text);
    items.push({
      id,
      link,
      title: plain(str(item.title)),
      html: str(item.content_html) ?? (text ? escapeHtml(text) : undefined),
      summary: str(item.summary) ? escapeHtml(str(item.summary)!) : undefined,
      published: isoDate(str(item.date_published) ?? str(item.date_modified)),
      ext: {},
    });
  }
  return {
    format: 'json-feed',
    title: plain(str(json.title)) || undefined,
    link: resolveUrl(str(json.home_page_url), base),
    items,
  };
}

const rendered = (x: unknown): string | undefined => (isObj(x) ? str(x.rendered) : str(x));

/** `/wp-json/wp/v2/posts` pages: posts with `title.rendered`, `content.rendered`, `link`, `date`. */
function parseWordPress(posts: Json[], url?: string): ParsedFeed {
  const items: FeedItem[] = [];
  for (const post of posts) {
    const link = resolveUrl(str(post.link), url);
    const id = idText(post.id) ?? link;
    if (!id) continue;
    items.push({
      id: link ?? id,
      link,
      title: plain(rendered(post.title)),
      html: rendered(post.content),
      summary: rendered(post.excerpt),
      published: isoDate(str(post.date_gmt) ?? str(post.date)),
      ext: {},
    });
  }
  const site = url ? new URL(url).origin + '/' : undefined;
  return { format: 'wordpress', title: url ? new URL(url).hostname : undefined, link: site, items };
}
