import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readRepo, sharedPath } from '../paths';
import { describeShared } from '../shared';
import {
  answerPage,
  MAX_PAGE_HTML,
  openPageAnswer,
  pageAnswer,
  pageHtml,
  pageOffer,
} from '../../lib/content/page-offer';

/**
 * A page as the content script sees it: parsed into a document at its own address (a <base>, so
 * relative feed links resolve as in the browser). Scripts other than JSON-LD and stylesheet links
 * are dropped: happy-dom would fetch or run them, and the offer reads neither.
 */
function page(html: string, url: string): Document {
  const inert = html
    .replace(/<link\b(?![^>]*\balternate\b)[^>]*>/gi, '')
    .replace(/<iframe\b[\s\S]*?<\/iframe>/gi, '')
    .replace(/<script\b(?![^>]*application\/ld\+json)[^>]*>[\s\S]*?<\/script>/gi, '')
    .replace(/<base\b[^>]*>/gi, '')
    .replace(/<head([^>]*)>/i, `<head$1><base href="${url}">`);
  return new DOMParser().parseFromString(inert, 'text/html');
}
const saved = (name: string, url: string) =>
  page(readFileSync(sharedPath('data', 'pages', name), 'utf8'), url);

describe('what a page offers the popup', () => {
  it("the seed's article shape: a review, and the site's feed rather than the comments feed", () => {
    const doc = page(
      readRepo('tests/fixtures/pages/indori-nerd_ballerina-review.html'),
      'https://indorinerd.example/ballerina-review/',
    );
    expect(pageOffer(doc)).toEqual({ review: true, feed: 'https://indorinerd.example/feed/' });
  });

  it('schema.org Review JSON-LD of a Movie with a rating is a review; without a rating it is not', () => {
    const ld = (review: object) =>
      page(
        `<!doctype html><html><head><script type="application/ld+json">${JSON.stringify({
          '@context': 'https://schema.org',
          '@type': 'Review',
          itemReviewed: { '@type': 'Movie', name: 'Thief' },
          ...review,
        })}</script></head><body><p>Mann's first feature.</p></body></html>`,
        'https://critic.example/thief/',
      );
    expect(pageOffer(ld({ reviewRating: { ratingValue: 4.5, bestRating: 5 } }))).toEqual({ review: true });
    expect(pageOffer(ld({}))).toEqual({ review: false });
  });

  it('a page without either offers nothing; a broken JSON-LD block is ignored', () => {
    const doc = page(
      '<!doctype html><html><head><script type="application/ld+json">{not json</script></head><body><p>Rating: the new cinema chain is opening soon</p></body></html>',
      'https://news.example/',
    );
    expect(pageOffer(doc)).toEqual({ review: false });
  });

  it('answers only its own requests, and sends the page as text with its address', () => {
    const doc = page(
      '<!doctype html><html><head></head><body><p>Hello</p></body></html>',
      'https://a.example/',
    );
    expect(answerPage({ type: 'getLexicon' }, doc, 'https://a.example/')).toBeUndefined();
    expect(answerPage('marquee:pageOffer', doc, 'https://a.example/')).toBeUndefined();
    const got = pageHtml(doc, 'https://a.example/x');
    expect(got.url).toBe('https://a.example/x');
    expect(got.html).toContain('<p>Hello</p>');
  });

  it('a page over the size cap is refused in words', () => {
    const doc = page('<!doctype html><html><head></head><body><p>x</p></body></html>', 'https://a.example/');
    doc.body.append(doc.createTextNode('x'.repeat(MAX_PAGE_HTML)));
    expect(() => pageHtml(doc, 'https://a.example/')).toThrow(/larger than 5 MB/);
  });

  it('the answer crosses in an envelope, its error in words, and the popup opens it', () => {
    const doc = page('<!doctype html><html><head></head><body><p>x</p></body></html>', 'https://a.example/');
    expect(pageAnswer({ type: 'getLexicon' }, doc, 'https://a.example/')).toBeUndefined();
    const offer = pageAnswer({ type: 'marquee:pageOffer' }, doc, 'https://a.example/');
    expect(offer).toEqual({ ok: true, value: { review: false } });
    expect(openPageAnswer(offer)).toEqual({ review: false });
    doc.body.append(doc.createTextNode('x'.repeat(MAX_PAGE_HTML)));
    const refused = pageAnswer({ type: 'marquee:pageHtml' }, doc, 'https://a.example/');
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/larger than 5 MB/) });
    expect(() => openPageAnswer(refused)).toThrow(/larger than 5 MB/);
    // No answer, or a bare value: nothing the popup can read.
    expect(() => openPageAnswer(undefined)).toThrow(/no answer/);
    expect(() => openPageAnswer({ review: true })).toThrow(/no answer/);
  });
});

describeShared(
  'what real pages offer the popup',
  [
    'data/pages/imdb_title-the-matrix.html',
    'data/pages/filmgang-kusp_review-stand-up-guys.html',
    'data/pages/vox_21_best_movies_2017.html',
    'data/pages/rollingstone_la_la_land.html',
    'data/pages/pitchfork_album-review-lust-for-youth.html',
  ],
  () => {
    it("IMDb's title page carries a rated user Review of the Movie in its JSON-LD", () => {
      expect(pageOffer(saved('imdb_title-the-matrix.html', 'https://www.imdb.com/title/tt0133093/'))).toEqual(
        {
          review: true,
        },
      );
    });

    it('a WordPress film blog advertises its feed; its post has no rating to read', () => {
      expect(
        pageOffer(
          saved(
            'filmgang-kusp_review-stand-up-guys.html',
            'http://blogs.kusp.org/filmgang/2013/02/01/stand-up-guys/',
          ),
        ),
      ).toEqual({ review: false, feed: 'http://blogs.kusp.org/filmgang/feed/' });
    });

    it("Vox's relative feed link resolves against the page", () => {
      expect(
        pageOffer(
          saved('vox_21_best_movies_2017.html', 'https://www.vox.com/ticket/2017/12/15/best-movies-2017'),
        ),
      ).toEqual({ review: false, feed: 'https://www.vox.com/rss/index.xml' });
    });

    it('a page advertising only its comments feed offers no feed; an album review with a score is no film review', () => {
      expect(
        pageOffer(
          saved('rollingstone_la_la_land.html', 'https://www.rollingstone.com/tv-movies/la-la-land/'),
        ),
      ).toEqual({ review: false });
      expect(
        pageOffer(
          saved('pitchfork_album-review-lust-for-youth.html', 'https://pitchfork.com/reviews/albums/'),
        ),
      ).toEqual({ review: false });
    });
  },
);
