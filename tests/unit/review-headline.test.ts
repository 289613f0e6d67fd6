/**
 * A review's headline names its film (lib/detect/review-headline.ts, data/detect/review-headlines.json).
 * The corpus has no review headline of these forms, so the positive headlines are written here in
 * each publication's form; the negatives are the saved pages' own <title>s.
 */
import { describe, expect, it } from 'vitest';
import { reviewHeadlinesOf, reviewedTitle, reviewsOtherMedium } from '@/lib/detect/review-headline';
import { pageEntriesOf } from '@/lib/detect/ids';
import { readPageFacts } from '@/lib/detect/page-facts';
import data from '../../data/detect/review-headlines.json';
import { lexiconOf, shownOn } from '../shown-on';

describe('the title a review headline names', () => {
  it.each([
    ['‘Barbie’ review – Greta Gerwig’s candy-coloured comedy is a blast', 'Barbie'],
    ['Review: ‘Oppenheimer’ is a towering achievement', 'Oppenheimer'],
    ['Barbie movie review & film summary (2023) | Roger Ebert', 'Barbie'],
    ['Kritik zu „Oppenheimer“: Nolans größter Film', 'Oppenheimer'],
    ['« Oppenheimer » : la critique', 'Oppenheimer'],
    ['Crítica de «Oppenheimer»: la bomba de Nolan', 'Oppenheimer'],
    ['Recensione: «Oppenheimer» di Christopher Nolan', 'Oppenheimer'],
  ])('%s', (headline, title) => {
    expect(reviewedTitle(headline)).toBe(title);
  });

  it('no title in headlines that review nothing, or something else', () => {
    for (const headline of [
      // The saved pages' <title>s (guardian_film-kristen-wiig-interview.html, rollingstone_la_la_land.html):
      "Kristen Wiig: 'My next movie – it's going to be a Porky's prequel' | Film | The Guardian",
      "How 'La La Land' Resurrected the Hollywood Musical - Rolling Stone",
      'Album review: Lust for Youth',
      'Year in review: the best films of 2023',
    ])
      expect(reviewedTitle(headline), headline).toBeUndefined();
  });

  it('every pattern matches its own example, and a broken one is an error naming it', () => {
    expect(() => reviewHeadlinesOf(data)).not.toThrow();
    const broken = structuredClone(data);
    broken.patterns[3]!.example = 'no headline';
    expect(() => reviewHeadlinesOf(broken)).toThrow(/patterns\.3: its example does not match/);
  });
});

describe('the page’s film, by its review headline', () => {
  const lex = lexiconOf([
    { ref: 'f/barbie-2023', title: 'Barbie', year: 2023 },
    { ref: 'f/barbie-1977', title: 'Barbie', year: 1977 },
    { ref: 'f/oppenheimer', title: 'Oppenheimer', year: 2023 },
  ]);
  const named = (head: string, body: string) => {
    const doc = new DOMParser().parseFromString(`<head>${head}</head><body>${body}</body>`, 'text/html');
    return [...pageEntriesOf(readPageFacts(doc, 'https://critic.example/review'), lex)].map(
      ([e, why]) => `${lex.ref(e)}: ${why}`,
    );
  };
  const dated = (year: number) =>
    `<meta property="article:published_time" content="${year}-07-19T12:00:00Z">`;

  it('the film of the page’s time, when several share the title', () => {
    expect(named(dated(2023), '<h1>‘Barbie’ review – Greta Gerwig’s comedy</h1>')).toEqual([
      'f/barbie-2023: the film the page reviews',
    ]);
    expect(named(dated(2010), '<h1>‘Barbie’ review – a forgotten film</h1>')).toEqual([]);
  });

  it('the only film of the title, whatever the page’s date', () => {
    expect(named('<title>Review: ‘Oppenheimer’ is a towering achievement - Critic</title>', '')).toEqual([
      'f/oppenheimer: the film the page reviews',
    ]);
  });
});

describe('a page that reviews another medium (pitchfork_album-review-lust-for-youth.html)', () => {
  const lex = lexiconOf([{ ref: 'f/adrift', title: 'Adrift', year: 2018 }]);
  // The saved page's own sentence and <title>.
  const sentence =
    '<p>as when he scales the jagged pop mountains of “Adrift” or drapes himself over “Great Concerns.”</p>';

  it('is told by its headline, in the languages of the data', () => {
    expect(reviewsOtherMedium({ docTitle: 'Lust for Youth: Lust for Youth Album Review | Pitchfork' })).toBe(
      true,
    );
    expect(reviewsOtherMedium({ heading: { text: 'Book review: The Overstory' } })).toBe(true);
    expect(reviewsOtherMedium({ ogTitle: 'Albumkritik: Tocotronic' })).toBe(true);
    expect(
      reviewsOtherMedium({ docTitle: '‘Barbie’ review – Greta Gerwig’s comedy | Film | The Guardian' }),
    ).toBe(false);
  });

  it('names a quoted title a film there only with its people or year beside it', () => {
    document.title = 'A review | Critic';
    expect(shownOn(lex, sentence)).toEqual(['text:Adrift=f/adrift']);
    document.title = 'Lust for Youth: Lust for Youth Album Review | Pitchfork';
    expect(shownOn(lex, sentence)).toEqual([]);
    expect(shownOn(lex, '<p>a nod to the film “Adrift” (2018)</p>')).toEqual(['text:Adrift=f/adrift']);
    document.title = '';
  });
});
