/**
 * Review-article parser: turns an article shaped like the seed review
 * (../shared/seeds/000_7cd0c8dedc355856.txt — verdict paragraph, "Rating: ★★★½ (3.5/5)",
 * a plot/cast/crew section, a review, a conclusion, a publisher sign-off) into an index Entry.
 * Used by the build-time index builder, imports and feeds, so it takes text blocks and never
 * touches the file system or a DOM itself.
 */
import { parseRating, RATING_LINE, type Rating } from './rating';
import { validateEntry, describeIssues, type Entry, type CastMember, type CrewMember } from './schema';
import {
  attr,
  byTag,
  firstByTag,
  metaContent,
  parseHtml,
  textOf,
  type HtmlDocument,
  type HtmlElement,
} from './html';

export interface Block {
  kind: 'heading' | 'paragraph';
  text: string;
}

/** Metadata an article can't say itself: from front matter, a sidecar file or the caller. */
export interface ArticleMeta {
  id?: string;
  title?: string;
  year?: number;
  aliases?: string[];
  published?: string;
  source?: { name?: string; url?: string };
  ids?: Entry['ids'];
}

export class ArticleParseError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}: ${field}: ${reason}`);
    this.name = 'ArticleParseError';
  }
}

export interface ParsedArticle {
  entry: Entry;
  /** Optional fields the article did not yield (e.g. "cast: no cast found"), for the build log. */
  warnings: string[];
}

type Section = 'verdict' | 'plot' | 'review' | 'conclusion' | 'other';

function sectionOf(heading: string): Section {
  const h = heading.toLowerCase();
  if (/conclusion|final (thoughts|verdict|word)|bottom line|overall/.test(h)) return 'conclusion';
  if (/plot|synopsis|story|cast|crew|details|premise/.test(h)) return 'plot';
  if (/review|analysis|performances?/.test(h)) return 'review';
  if (/verdict|summary/.test(h)) return 'verdict';
  return 'other';
}

/** Headings in plain text: short lines without sentence punctuation that name a known section. */
function looksLikeHeading(line: string): boolean {
  return (
    line.length <= 80 &&
    !/[.!?:;,]$/.test(line) &&
    line.split(/\s+/).length <= 10 &&
    sectionOf(line) !== 'other'
  );
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

/** Split plain text or Markdown into blocks, reading optional `key: value` front matter. */
export function textToBlocks(text: string): { blocks: Block[]; meta: ArticleMeta } {
  let body = text.replace(/^\uFEFF/, '');
  const meta: ArticleMeta = {};
  const fm = FRONT_MATTER.exec(body);
  if (fm) {
    body = body.slice(fm[0].length);
    for (const line of fm[1]!.split(/\r?\n/)) {
      const m = /^(\w+)\s*:\s*(.*)$/.exec(line.trim());
      if (!m) continue;
      const [, key, value] = m as unknown as [string, string, string];
      applyMeta(meta, key.toLowerCase(), value.trim().replace(/^["']|["']$/g, ''));
    }
  }
  const blocks: Block[] = [];
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const md = /^(#{1,6})\s+(.*)$/.exec(line);
    if (md && md[1] === '#' && !meta.title) {
      meta.title = stripMarkdown(md[2]!);
    } else if (md) {
      blocks.push({ kind: 'heading', text: stripMarkdown(md[2]!) });
    } else if (looksLikeHeading(stripMarkdown(line))) {
      blocks.push({ kind: 'heading', text: stripMarkdown(line) });
    } else {
      blocks.push({ kind: 'paragraph', text: stripMarkdown(line) });
    }
  }
  return { blocks, meta };
}

function applyMeta(meta: ArticleMeta, key: string, value: string): void {
  if (!value) return;
  switch (key) {
    case 'title':
      meta.title = value;
      break;
    case 'year':
      meta.year = Number(value);
      break;
    case 'aliases':
    case 'alias':
      meta.aliases = value
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean);
      break;
    case 'published':
    case 'date':
      meta.published = value;
      break;
    case 'publisher':
    case 'source':
      meta.source = { ...meta.source, name: value };
      break;
    case 'url':
      meta.source = { ...meta.source, url: value };
      break;
    case 'imdb':
    case 'tmdb':
    case 'wikidata':
    case 'letterboxd':
      meta.ids = { ...meta.ids, [key]: value };
      break;
    case 'id':
      meta.id = value;
      break;
  }
}

function stripMarkdown(s: string): string {
  return s
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|\s)[*_](\S.*?\S|\S)[*_](?=\s|$|[.,;:!?])/g, '$1$2')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^[-*+]\s+/, '')
    .trim();
}

/** Tags whose text becomes a block, in document order. */
const BLOCK_TAGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'li', 'blockquote'];

/**
 * Read an article page's HTML into blocks, taking title/date/publisher hints from its metadata.
 * No DOM needed (lib/index/html.ts), so it runs in the service worker too.
 */
export function htmlToBlocks(html: string): { blocks: Block[]; meta: ArticleMeta } {
  return documentToBlocks(parseHtml(html));
}

export function documentToBlocks(doc: HtmlDocument): { blocks: Block[]; meta: ArticleMeta } {
  const meta: ArticleMeta = {};
  const siteName = metaContent(doc, 'og:site_name');
  const canonical = byTag(doc, 'link').find((l) => attr(l, 'rel')?.toLowerCase() === 'canonical');
  const url = metaContent(doc, 'og:url') ?? (canonical && attr(canonical, 'href'));
  if (siteName || url) meta.source = { name: siteName, url: url ?? undefined };
  const published = metaContent(doc, 'article:published_time');
  if (published) meta.published = published.slice(0, 10);
  const root = firstByTag(doc, 'article') ?? firstByTag(doc, 'main') ?? firstByTag(doc, 'body') ?? doc;
  const blocks: Block[] = [];
  const collected = new Set<HtmlElement>(byTag(root, ...BLOCK_TAGS));
  for (const el of collected) {
    // Skip blocks nested in another collected block (a <p> inside a <blockquote>).
    let up = el.parent;
    let nested = false;
    for (; up && up !== root; up = up.parent) if (collected.has(up as HtmlElement)) nested = true;
    if (nested) continue;
    const text = textOf(el);
    if (!text) continue;
    const isHeading = /^h[1-6]$/.test(el.name);
    if (el.name === 'h1' && !meta.title) {
      meta.title = text;
      continue;
    }
    blocks.push({ kind: isHeading ? 'heading' : 'paragraph', text });
  }
  return { blocks, meta };
}

// A capitalised word or an initial ("J." / "J.J."); a sentence-ending period is never part of a name.
const CAP = String.raw`[A-Z](?:[\p{L}'’-]+|\.(?:[A-Z]\.)*)`;
const NAME_WORD = String.raw`(?:${CAP}|de|da|del|della|di|du|van|von|der|den|la|le|bin|al)`;
// Names never span lines or sentences: spaces only, not \s.
const NAME = String.raw`${CAP}(?: ${NAME_WORD})* ${CAP}`;
const ROLE = String.raw`(?:the )?${CAP}(?: ${CAP}){0,3}`;

/** "Eve (Ana de Armas)" → role Eve, actor Ana de Armas. */
const PAREN_CAST = new RegExp(String.raw`(${ROLE})\s\((${NAME})\)`, 'gu');
/** "Norman Reedus plays Daniel Pine", "Lance Reddick makes a touching final appearance as Charon". */
const AS_CAST = new RegExp(
  String.raw`(${NAME})\s(?:plays|portrays|stars as|is|voices|(?:[\p{Ll}]+\s){1,6}as)\s(${ROLE})`,
  'gu',
);
const NAME_LIST = String.raw`${NAME}(?:,\s${NAME})*(?:,?\sand\s${NAME})?`;
const DIRECTED = new RegExp(String.raw`(?:[Dd]irected by|[Dd]irector)\s(${NAME_LIST})`, 'u');
const PRODUCERS = [
  new RegExp(String.raw`(${NAME_LIST})\s(?:producing|produce|as producers?)`, 'u'),
  new RegExp(String.raw`[Pp]roduced by\s(${NAME_LIST})`, 'u'),
  new RegExp(String.raw`[Pp]roducers?\s(${NAME_LIST})`, 'u'),
];
const OTHER_CREW: [RegExp, string][] = [
  [new RegExp(String.raw`(?:[Ww]ritten by|screenplay by|[Ss]creenwriters?)\s(${NAME_LIST})`, 'u'), 'Writer'],
  [new RegExp(String.raw`(?:[Mm]usic by|score by|[Cc]omposer)\s(${NAME_LIST})`, 'u'), 'Composer'],
  [
    new RegExp(String.raw`(?:[Cc]inematography by|shot by|[Cc]inematographer)\s(${NAME_LIST})`, 'u'),
    'Cinematographer',
  ],
  [new RegExp(String.raw`(?:[Ee]dited by|[Ee]ditor)\s(${NAME_LIST})`, 'u'), 'Editor'],
];

function trimName(s: string): string {
  return s.trim().replace(/[.,;:!?’']+$/u, '');
}

function splitNames(list: string): string[] {
  return list
    .split(/,\s|,?\sand\s/)
    .map(trimName)
    .filter(Boolean);
}

/** Words that start sentences but are not names ("Still", "While"), to keep them out of roles. */
const NOT_ROLE = /^(Still|While|Then|And|But|The|Her|His|Their|As|After|Before|Trained|Directed)$/;

export function extractCast(text: string): CastMember[] {
  const cast: CastMember[] = [];
  const seen = new Set<string>();
  const add = (actor: string, role: string) => {
    const a = trimName(actor);
    const r = trimName(role);
    if (seen.has(a) || NOT_ROLE.test(r) || a === r) return;
    seen.add(a);
    cast.push({ actor: a, role: r });
  };
  for (const m of text.matchAll(PAREN_CAST)) {
    // A role can't start mid-sentence with a capitalised verb etc.; keep the last words before "(".
    const role = m[1]!.split(/\s(?=[A-Z])/).length > 3 ? m[1]!.split(/\s/).slice(-2).join(' ') : m[1]!;
    add(m[2]!, role.replace(/^The\s/, 'the '));
  }
  for (const m of text.matchAll(AS_CAST)) add(m[1]!, m[2]!);
  return cast;
}

export function extractCrew(text: string): { directors: string[]; crew: CrewMember[] } {
  const directed = DIRECTED.exec(text);
  const directors = directed ? splitNames(directed[1]!) : [];
  const crew: CrewMember[] = [];
  const seen = new Set<string>();
  const add = (name: string, job: string) => {
    const key = `${job}:${name}`;
    if (seen.has(key)) return;
    seen.add(key);
    crew.push({ name, job });
  };
  for (const re of PRODUCERS) {
    const m = re.exec(text);
    if (m) splitNames(m[1]!).forEach((n) => add(n, 'Producer'));
  }
  for (const [re, job] of OTHER_CREW) {
    const m = re.exec(text);
    if (m) splitNames(m[1]!).forEach((n) => add(n, job));
  }
  return { directors, crew };
}

const SIGN_OFF = /(stay (connected|tuned)|follow us|subscribe|only (here )?on|for more (updates|reviews))/i;

function publisherFromSignOff(text: string): string | undefined {
  const m =
    /(?:only here on|here on|only on|at|on)\s+([A-Z][\p{L}\p{N}'’&.-]*(?:\s[A-Z][\p{L}\p{N}'’&.-]*){0,4})[!.]*\s*$/u.exec(
      text,
    );
  return m?.[1];
}

/**
 * The title, when the article does not state it: the longest run of capitalised words that opens
 * both the verdict and the conclusion ("Ballerina offers…" / "Ballerina blends…").
 */
function inferTitle(
  verdict: string,
  conclusion: string | undefined,
  review: string | undefined,
): string | undefined {
  const lead = (s: string) => s.split(/\s+/);
  const a = lead(verdict);
  const candidates: string[] = [];
  for (const other of [conclusion, review]) {
    if (!other) continue;
    const b = lead(other);
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n] && /^[\p{Lu}\p{N}]/u.test(a[n]!)) n++;
    if (n > 0) candidates.push(a.slice(0, n).join(' '));
  }
  const best = candidates.sort((x, y) => y.length - x.length)[0];
  return best?.replace(/[,:;’'s]+$/u, '') || undefined;
}

/** ASCII id fragment: "Amélie (2001)" → "amelie-2001"; empty for titles with no Latin letters or digits. */
export function slugify(s: string, max = 120): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max);
}

/**
 * Parse article blocks into an entry. Throws ArticleParseError (file, field, reason) when a
 * required field (title, rating, verdict) can't be read: a half-read article is never imported.
 */
export function parseArticle(blocks: Block[], meta: ArticleMeta, file: string): ParsedArticle {
  const warnings: string[] = [];
  const sections: Record<Section, string[]> = {
    verdict: [],
    plot: [],
    review: [],
    conclusion: [],
    other: [],
  };
  let section: Section = 'verdict';
  let rating: Rating | undefined;
  let signOff: string | undefined;

  for (const block of blocks) {
    if (block.kind === 'heading') {
      const next = sectionOf(block.text);
      // An unknown heading before the rating (a kicker, a repeated title) doesn't end the verdict.
      if (!(next === 'other' && section === 'verdict' && !rating)) section = next;
      continue;
    }
    const ratingLine = RATING_LINE.exec(block.text);
    if (ratingLine && !rating) {
      rating = parseRating(ratingLine[1]!);
      if (!rating) throw new ArticleParseError(file, 'rating', `can't read the rating "${ratingLine[1]}"`);
      if (section === 'verdict') section = 'other';
      continue;
    }
    if (SIGN_OFF.test(block.text) && block.text.length < 300) {
      signOff = block.text;
      continue;
    }
    sections[section].push(block.text);
  }

  if (!rating)
    throw new ArticleParseError(file, 'rating', 'no rating line (e.g. "Rating: ★★★½ (3.5/5)") found');
  const verdict = sections.verdict.join(' ').trim();
  if (!verdict) throw new ArticleParseError(file, 'verdict', 'no verdict paragraph before the rating line');
  const plot = sections.plot.join('\n\n') || undefined;
  const review = sections.review.join('\n\n') || undefined;
  const conclusion = sections.conclusion.join('\n\n') || undefined;

  const title = meta.title?.trim() || inferTitle(verdict, conclusion, review);
  if (!title) {
    throw new ArticleParseError(file, 'title', 'no title: add a "# Title" heading or "title:" front matter');
  }

  const castText = [plot, review].filter(Boolean).join('\n');
  const cast = extractCast(castText);
  const { directors, crew } = extractCrew(castText);
  if (!plot) warnings.push('plot: no plot section');
  if (cast.length === 0) warnings.push('cast: no cast found');
  if (directors.length === 0) warnings.push('directors: no director found');
  if (!conclusion) warnings.push('conclusion: no conclusion section');

  const publisher = meta.source?.name ?? (signOff ? publisherFromSignOff(signOff) : undefined);
  if (!publisher)
    throw new ArticleParseError(file, 'source', 'no publisher: add "publisher:" front matter or a sign-off');

  const candidate = {
    id: meta.id ?? slugify(meta.year ? `${title} ${meta.year}` : title),
    title,
    aliases: meta.aliases ?? [],
    year: meta.year,
    rating,
    verdict,
    plot,
    cast,
    directors,
    crew,
    review,
    conclusion,
    source: { name: publisher, ...(meta.source?.url ? { url: meta.source.url } : {}) },
    published: meta.published,
    ids: meta.ids,
  };
  const result = validateEntry(candidate);
  if (!result.ok) {
    const first = result.issues[0]!;
    throw new ArticleParseError(file, first.path || 'entry', describeIssues(result.issues));
  }
  return { entry: result.entry, warnings };
}

/** Parse an article file's text by its name: .html/.htm through the HTML reader, else text/Markdown. */
export function parseArticleFile(
  name: string,
  content: string,
  opts: { meta?: ArticleMeta } = {},
): ParsedArticle {
  const isHtml = /\.html?$/i.test(name) || /^\s*<(!doctype|html)/i.test(content);
  const read = isHtml ? htmlToBlocks(content) : textToBlocks(content);
  const meta: ArticleMeta = {
    ...read.meta,
    ...opts.meta,
    source: { ...read.meta.source, ...opts.meta?.source },
    ids: opts.meta?.ids ?? read.meta.ids,
  };
  if (!meta.source?.name && !meta.source?.url) delete meta.source;
  return parseArticle(read.blocks, meta, name);
}
