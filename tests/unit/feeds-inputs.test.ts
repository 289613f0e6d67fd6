import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoPath } from '../paths';
import { readInput } from '../../lib/feeds/inputs';
import type { Entry } from '../../lib/index/schema';

const bytes = (name: string) => new Uint8Array(readFileSync(repoPath('tests/fixtures/feeds', name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('inputs of npm run index', () => {
  it('a feed file: its reviews, and every item left out with its reason', () => {
    const into = new Map<string, Entry>();
    const report = readInput('zac.xml', bytes('letterboxd_zaccolley_rss-sample.xml'), undefined, into);
    expect(report).toEqual({
      input: 'zac.xml',
      summary: '3 film reviews in 5 items (rss, Letterboxd)',
      skipped: ['TIFF 2016: a list, not a film', 'Fake List: a list, not a film'],
      notes: undefined,
    });
    expect(into.size).toBe(3);
  });

  it('a feed with no reviews is an error in words, with its note on the encoding', () => {
    const report = readInput(
      'apple.xml',
      bytes('apple-trailers_newtrailers-rss_2016.xml'),
      undefined,
      new Map(),
    );
    expect(report.error).toBe('no film reviews found in 20 items');
    expect(report.notes).toEqual([
      'the feed declares the encoding ISO-8859-1 but is UTF-8; it was read as UTF-8',
    ]);
    expect(report.skipped).toHaveLength(20);
  });

  it('an address that is a review article: its schema.org Review, or the reason it is none', () => {
    const into = new Map<string, Entry>();
    const page = `<!doctype html><html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Review",
      "reviewRating":{"ratingValue":4,"bestRating":5},"description":"Tense.","publisher":{"name":"Critic Weekly"},
      "itemReviewed":{"@type":"Movie","name":"Sicario","datePublished":"2015-09-18"}}</script></head><body><p>x</p></body></html>`;
    expect(readInput('https://critic.example/sicario', utf8(page), 'text/html', into)).toEqual({
      input: 'https://critic.example/sicario',
      summary: 'a review article',
      skipped: [],
    });
    expect(into.get('sicario-2015')).toMatchObject({
      rating: { value: 4, scale: 5 },
      verdict: 'Tense.',
      source: { name: 'Critic Weekly', url: 'https://critic.example/sicario' },
    });
    const none = readInput(
      'https://critic.example/about',
      utf8('<!doctype html><p>About us</p>'),
      'text/html',
      new Map(),
    );
    expect(none.error).toMatch(/^not a feed, and not a review article \(.*no rating line/);
  });

  it('the command reads feeds and articles together and says what it skipped', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'marquee-index-')), 'out.json');
    const run = promisify(execFile)(
      'npx',
      [
        'tsx',
        'scripts/build-index.ts',
        'tests/fixtures/feeds/franksmovielog_feed-snapshot.xml',
        'tests/fixtures/feeds/critic.json',
        'reviews/',
        '-o',
        out,
      ],
      { cwd: repoPath() },
    );
    const { stderr } = await run;
    expect(stderr).toContain(
      'tests/fixtures/feeds/franksmovielog_feed-snapshot.xml: 10 film reviews in 10 items (rss)',
    );
    expect(stderr).toContain(
      'skipped: tests/fixtures/feeds/critic.json: Festival line-up announced: not a film review (no rating or verdict)',
    );
    const index = JSON.parse(readFileSync(out, 'utf8')) as { count: number; entries: Entry[] };
    expect(index.entries.map((e) => e.id)).toEqual(
      expect.arrayContaining(['ballerina-2025', 'heat-1995', 'horror-express-1972']),
    );
    expect(index.count).toBe(13);
  }, 60_000);
});
