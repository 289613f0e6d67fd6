/**
 * A review's headline names the film it reviews: "‘Barbie’ review – …", "Review: ‘Oppenheimer’
 * is …", "Kritik zu „Oppenheimer“", "Critique : « Oppenheimer »" (data/detect/review-headlines.json,
 * per language, validated on first use, and by a unit test: a bad entry is an error naming it).
 * Read by ids.ts on the page's first <h1>, og:title and <title>.
 */
import * as v from 'valibot';
import data from '../../data/detect/review-headlines.json';
import type { PageFacts } from './digest';

const Schema = v.object({
  about: v.string(),
  patterns: v.array(
    v.object({
      lang: v.pipe(v.string(), v.minLength(2)),
      source: v.pipe(v.string(), v.minLength(1)),
      example: v.pipe(v.string(), v.minLength(1)),
      why: v.pipe(v.string(), v.minLength(3)),
    }),
  ),
  notTitles: v.object({ words: v.array(v.pipe(v.string(), v.minLength(1))), why: v.string() }),
  otherMedia: v.object({ source: v.pipe(v.string(), v.minLength(1)), example: v.string(), why: v.string() }),
});

/** The headline patterns, compiled, and the words that are no title; throws with the entry's path when one is wrong. */
export function reviewHeadlinesOf(raw: unknown): {
  patterns: RegExp[];
  notTitles: ReadonlySet<string>;
  otherMedia: RegExp;
} {
  const r = v.safeParse(Schema, raw);
  if (!r.success) {
    const issue = r.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new Error(`review-headlines data: ${path ? `${path}: ` : ''}${issue.message}`);
  }
  const patterns = r.output.patterns.map((p, i) => {
    let re: RegExp;
    try {
      re = new RegExp(p.source, 'iu');
    } catch (e) {
      throw new Error(`review-headlines data: patterns.${i}: ${(e as Error).message}`);
    }
    if (!re.exec(p.example)?.[1])
      throw new Error(`review-headlines data: patterns.${i}: its example does not match`);
    return re;
  });
  let otherMedia: RegExp;
  try {
    otherMedia = new RegExp(r.output.otherMedia.source, 'iu');
  } catch (e) {
    throw new Error(`review-headlines data: otherMedia: ${(e as Error).message}`);
  }
  if (!otherMedia.test(r.output.otherMedia.example))
    throw new Error('review-headlines data: otherMedia: its example does not match');
  return { patterns, notTitles: new Set(r.output.notTitles.words.map((w) => w.toLowerCase())), otherMedia };
}

// Compiled on first use: this module is reachable from the content script's imports, which
// must not pay for it at load (nor keep it, once tree-shaken).
let compiled: ReturnType<typeof reviewHeadlinesOf> | undefined;
const headlines = () => (compiled ??= reviewHeadlinesOf(data));

/** The title a review's headline names, or undefined. */
export function reviewedTitle(headline: string | undefined): string | undefined {
  if (!headline) return undefined;
  for (const re of headlines().patterns) {
    const title = re.exec(headline)?.[1]?.trim();
    if (title) return headlines().notTitles.has(title.toLowerCase()) ? undefined : title;
  }
  return undefined;
}

/** Does the page review another medium ("… Album Review | Pitchfork", "Book review: …")? */
export function reviewsOtherMedium(page: Pick<PageFacts, 'docTitle' | 'ogTitle' | 'heading'>): boolean {
  const { otherMedia } = headlines();
  return [page.heading?.text, page.ogTitle, page.docTitle].some((h) => !!h && otherMedia.test(h));
}
