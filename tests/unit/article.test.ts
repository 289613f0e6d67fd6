import { describe, expect, it } from 'vitest';
import { readRepo } from '../paths';
import { ArticleParseError, htmlToBlocks, parseArticle, parseArticleFile } from '../../lib/index/article';

// The seed review, copied verbatim into reviews/ (origin: ../shared/seeds/000_7cd0c8dedc355856.txt).
const SEED = readRepo('reviews', 'ballerina-2025.txt');

describe('article parser on the seed review', () => {
  const { entry, warnings } = parseArticleFile('ballerina-2025.txt', SEED);

  it('reads title, rating and verdict', () => {
    expect(entry.title).toBe('Ballerina');
    expect(entry.rating).toEqual({ value: 3.5, scale: 5 });
    expect(entry.verdict).toMatch(/^Ballerina offers a fierce yet emotional ride/);
    expect(entry.verdict).toMatch(/blends vengeance with vulnerability\.$/);
    expect(warnings).toEqual([]);
  });

  it('reads every cast pair', () => {
    expect(entry.cast).toEqual([
      { actor: 'Ana de Armas', role: 'Eve' },
      { actor: 'Ian McShane', role: 'Winston' },
      { actor: 'Anjelica Huston', role: 'the Director' },
      { actor: 'Gabriel Byrne', role: 'the Chancellor' },
      { actor: 'Keanu Reeves', role: 'John Wick' },
      { actor: 'Norman Reedus', role: 'Daniel Pine' },
      { actor: 'Lance Reddick', role: 'Charon' },
    ]);
  });

  it('reads director, producers and publisher', () => {
    expect(entry.directors).toEqual(['Len Wiseman']);
    expect(entry.crew).toEqual([
      { name: 'Basil Iwanyk', job: 'Producer' },
      { name: 'Erica Lee', job: 'Producer' },
    ]);
    expect(entry.source.name).toBe('Indori Nerd');
  });

  it('keeps plot, review and conclusion apart, and drops the sign-off', () => {
    expect(entry.plot).toMatch(/^The film centers on Eve/);
    expect(entry.plot).toMatch(/Erica Lee producing\.$/);
    expect(entry.review).toMatch(/^Ana de Armas shines as Eve/);
    expect(entry.conclusion).toMatch(/^Ballerina blends intense action/);
    expect(entry.conclusion).not.toMatch(/Stay connected/);
  });
});

describe('article parser on other shapes', () => {
  it('reads Markdown with front matter and another rating style', () => {
    const md = [
      '---',
      'title: Heat',
      'year: 1995',
      'publisher: Example Reviews',
      'imdb: tt0113277',
      '---',
      '# Heat',
      'A sprawling, exacting crime epic.',
      '**Rating:** 9/10',
      '## Plot',
      'Directed by Michael Mann. Neil McCauley (Robert De Niro) plans one last score.',
      '## Conclusion',
      'Essential.',
    ].join('\n');
    const { entry } = parseArticleFile('heat.md', md);
    expect(entry).toMatchObject({
      id: 'heat-1995',
      title: 'Heat',
      year: 1995,
      rating: { value: 9, scale: 10 },
      verdict: 'A sprawling, exacting crime epic.',
      directors: ['Michael Mann'],
      cast: [{ actor: 'Robert De Niro', role: 'Neil McCauley' }],
      source: { name: 'Example Reviews' },
      ids: { imdb: 'tt0113277' },
      conclusion: 'Essential.',
    });
  });

  it('reads the HTML of an article page', () => {
    const html = `<!doctype html><html><head>
      <meta property="og:site_name" content="Indori Nerd">
      <meta property="og:url" content="https://example.org/ballerina-review">
      <meta property="article:published_time" content="2025-06-06T10:00:00Z"></head>
      <body><nav><p>Menu</p></nav><article><h1>Ballerina</h1>
      <p>Ballerina offers a fierce ride.</p><p>Rating: ★★★½ (3.5/5)</p>
      <h2>Plot and Actor, Director, and Crew Details</h2><p>Eve (Ana de Armas) trains. Directed by Len Wiseman.</p>
      <h2>Review</h2><p>Ana de Armas shines.</p><h2>Conclusion</h2><p>Ballerina blends action and feeling.</p>
      </article></body></html>`;
    const { entry } = parseArticleFile('ballerina.html', html);
    expect(entry).toMatchObject({
      title: 'Ballerina',
      rating: { value: 3.5, scale: 5 },
      verdict: 'Ballerina offers a fierce ride.',
      cast: [{ actor: 'Ana de Armas', role: 'Eve' }],
      directors: ['Len Wiseman'],
      source: { name: 'Indori Nerd', url: 'https://example.org/ballerina-review' },
      published: '2025-06-06',
      conclusion: 'Ballerina blends action and feeling.',
    });
    // navigation outside <article> is not part of the review
    expect(htmlToBlocks(html).blocks.map((b) => b.text)).not.toContain('Menu');
  });
});

describe('malformed articles are reported, not half-imported', () => {
  const cases: [string, string, string][] = [
    [
      'no rating line',
      'Ballerina is fine.\nReview\nBallerina is fine indeed.\nonly here on Indori Nerd!',
      'rating',
    ],
    ['unreadable rating', 'Ballerina is fine.\nRating: great\nonly here on Indori Nerd!', 'rating'],
    ['no verdict', 'Rating: 3/5\nReview\nIt is fine.\nonly here on Indori Nerd!', 'verdict'],
    ['no title', 'It is fine.\nRating: 3/5\nConclusion\nWorth a look.\nonly here on Indori Nerd!', 'title'],
    ['no publisher', 'Ballerina is fine.\nRating: 3/5\nConclusion\nBallerina works.', 'source'],
  ];
  for (const [name, text, field] of cases) {
    it(`${name} → error on ${field}`, () => {
      let error: unknown;
      try {
        parseArticleFile('bad.txt', text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ArticleParseError);
      expect(error).toMatchObject({ file: 'bad.txt', field });
      expect((error as Error).message).toMatch(/^bad\.txt: /);
    });
  }

  it('rejects a rating above its scale through the schema', () => {
    expect(() =>
      parseArticle(
        [
          { kind: 'paragraph', text: 'X.' },
          { kind: 'paragraph', text: 'Rating: 7/5' },
        ],
        { title: 'X', source: { name: 'P' } },
        'x.txt',
      ),
    ).toThrow(ArticleParseError);
  });
});
