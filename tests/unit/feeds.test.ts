import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { repoPath } from '../paths';
import { decodeFeed } from '../../lib/feeds/decode';
import { FeedError, parseFeed } from '../../lib/feeds/parse';
import { filmFromTitle, readFeed } from '../../lib/feeds/entries';
import { letterboxdFeedUrl } from '../../lib/feeds/letterboxd';
import { advertisedFeeds, parseHtml } from '../../lib/index/html';
import { entryFromReviewJsonLd } from '../../lib/index/review-jsonld';
import { jsonLdBlocks } from '../../lib/index/html';

const bytes = (name: string) => new Uint8Array(readFileSync(repoPath('tests/fixtures/feeds', name)));
const read = (name: string, url: string) => {
  const decoded = decodeFeed(bytes(name));
  const feed = parseFeed(decoded.text, url);
  return { decoded, feed, reading: readFeed(feed, { sourceName: feed.title ?? 'Feed' }) };
};
const byId = <T extends { id: string }>(list: T[]) => Object.fromEntries(list.map((e) => [e.id, e]));

describe('Letterboxd member feeds (real samples)', () => {
  it('2020 shape: three reviews, the spoiler one hidden, lists skipped', () => {
    const { feed, reading } = read(
      'letterboxd_zaccolley_rss-sample.xml',
      'https://letterboxd.com/zaccolley/rss/',
    );
    expect(feed.items).toHaveLength(5);
    expect(reading.letterboxd).toBe(true);
    const entries = byId(reading.entries);
    expect(Object.keys(entries).sort()).toEqual([
      'lb-con-air',
      'lb-crip-camp-a-disability-revolution',
      'lb-eurovision-song-contest-the-story-of-fire-saga',
    ]);
    expect(entries['lb-eurovision-song-contest-the-story-of-fire-saga']).toMatchObject({
      title: 'Eurovision Song Contest: The Story of Fire Saga',
      year: 2020,
      rating: { value: 3, scale: 5 },
      verdict: "it's too long and not gay enough but this film is bad and campy so p much is Eurovision.",
      published: '2020-06-28',
      source: {
        name: 'Letterboxd - Zac Colley',
        url: 'https://letterboxd.com/film/eurovision-song-contest-the-story-of-fire-saga/',
      },
      ids: { letterboxd: 'eurovision-song-contest-the-story-of-fire-saga' },
    });
    // "This review may contain spoilers.": flagged, no verdict on the card, the text kept for the popup.
    const conAir = entries['lb-con-air']!;
    expect(conAir).toMatchObject({
      title: 'Con Air',
      year: 1997,
      rating: { value: 3.5, scale: 5 },
      spoilers: true,
    });
    expect(conAir.verdict).toBeUndefined();
    expect(conAir.review).toBe(
      'glad to see diabetic representation, sweaty and not doing much for the whole film',
    );
    expect(entries['lb-crip-camp-a-disability-revolution']!.rating).toEqual({ value: 4, scale: 5 });
    expect(reading.skipped).toEqual([
      { title: 'TIFF 2016', reason: 'a list, not a film' },
      { title: 'Fake List', reason: 'a list, not a film' },
    ]);
  });

  it('2026 shape: tmdb id and /film/<slug>/ from a /1/ rewatch link; unrated watch, list and TV skipped', () => {
    const { reading } = read(
      'letterboxd_maxlainz_watchlistarr_rss_feed.xml',
      'https://letterboxd.com/maxlainz/rss/',
    );
    expect(reading.entries).toEqual([
      {
        id: 'lb-flow-2024',
        title: 'Flow',
        year: 2024,
        rating: { value: 4.5, scale: 5 },
        verdict: 'una peli molt humana',
        review: 'una peli molt humana',
        published: '2026-01-11',
        source: { name: 'Letterboxd - Max Lainz', url: 'https://letterboxd.com/film/flow-2024/' },
        ids: { letterboxd: 'flow-2024', tmdb: '823219' },
        aliases: [],
        cast: [],
        directors: [],
        crew: [],
      },
    ]);
    expect(reading.skipped).toEqual([
      { title: 'Mondays in the Sun, 2002', reason: 'watched, not rated or reviewed' },
      { title: 'Favs', reason: 'a list, not a film' },
      { title: 'Some TV Show, 2023', reason: 'a TV show, not a film' },
    ]);
  });

  it('a username, @name or profile address becomes the member feed', () => {
    expect(letterboxdFeedUrl('zaccolley')).toBe('https://letterboxd.com/zaccolley/rss/');
    expect(letterboxdFeedUrl('@MaxLainz')).toBe('https://letterboxd.com/maxlainz/rss/');
    expect(letterboxdFeedUrl('https://letterboxd.com/zaccolley/films/diary/')).toBe(
      'https://letterboxd.com/zaccolley/rss/',
    );
    expect(letterboxdFeedUrl('letterboxd.com/zaccolley')).toBe('https://letterboxd.com/zaccolley/rss/');
    expect(letterboxdFeedUrl('https://letterboxd.com/film/heat-1995/')).toBeUndefined();
    expect(letterboxdFeedUrl('https://example.org/zaccolley')).toBeUndefined();
  });
});

describe("a critic's RSS with the grade in the text (Frank's Movie Log, real)", () => {
  it('reads all ten reviews: ★★½ from &#9733;&#9733;&#189;, the lede as verdict, "Continue reading..." dropped', () => {
    const { feed, reading } = read(
      'franksmovielog_feed-snapshot.xml',
      'https://www.franksmovielog.com/feed.xml',
    );
    expect(feed.title).toBe("Frank's Movie Log");
    expect(reading.entries).toHaveLength(10);
    expect(reading.skipped).toEqual([]);
    const entries = byId(reading.entries);
    expect(entries['the-man-with-nine-lives-1940']).toMatchObject({
      title: 'The Man with Nine Lives',
      year: 1940,
      rating: { value: 2.5, scale: 5 },
      published: '2024-06-08',
      source: {
        name: "Frank's Movie Log",
        url: 'https://www.franksmovielog.com/reviews/the-man-with-nine-lives-1940/',
      },
    });
    expect(entries['beyond-the-door-iii-1989']).toMatchObject({
      rating: { value: 3.5, scale: 5 },
      verdict: 'Bonkers in the best way possible.',
    });
    expect(entries['lucifer-s-women-1974']!.title).toBe("Lucifer's Women");
    for (const e of reading.entries) expect(e.verdict).not.toMatch(/Continue reading/);
    const ratings = reading.entries.map((e) => e.rating!.value).sort();
    expect(ratings).toEqual([2, 2, 2, 2, 2.5, 3, 3, 3, 3, 3.5]);
  });
});

describe("Apple's trailer feed (real; declares ISO-8859-1, is UTF-8)", () => {
  it('is read as UTF-8 with a note, and its 20 trailers are not reviews', () => {
    const { decoded, feed, reading } = read(
      'apple-trailers_newtrailers-rss_2016.xml',
      'http://trailers.apple.com/trailers/home/rss/newtrailers.rss',
    );
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.note).toBe('the feed declares the encoding ISO-8859-1 but is UTF-8; it was read as UTF-8');
    expect(feed.items).toHaveLength(20);
    expect(feed.items[0]!.summary).toContain('Disney•Pixar’s “Finding Dory”'.replace('’', "'"));
    expect(reading.entries).toEqual([]);
    expect(reading.skipped).toHaveLength(20);
    expect(reading.skipped.every((s) => s.reason === 'not a film review (no rating or verdict)')).toBe(true);
  });

  it('real Latin-1 bytes are read with the declared encoding', () => {
    const xml =
      '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Caf\u00e9</title></channel></rss>';
    const latin1 = new Uint8Array([...xml].map((c) => c.charCodeAt(0)));
    const decoded = decodeFeed(latin1);
    expect(decoded.encoding).toBe('windows-1252');
    expect(parseFeed(decoded.text).title).toBe('Café');
  });
});

describe('feeds built to their specs', () => {
  it('JSON Feed 1.1: content_html and content_text, relative url against feed_url; a news item skipped', () => {
    const { feed, reading } = read('critic.json', 'https://nightscreen.example/feed.json');
    expect(feed.format).toBe('json-feed');
    const entries = byId(reading.entries);
    expect(entries['heat-1995']).toMatchObject({
      title: 'Heat',
      year: 1995,
      rating: { value: 9, scale: 10 },
      verdict: 'Two professionals, one table, and the best shootout Los Angeles ever staged.',
      source: { name: 'The Night Screen', url: 'https://nightscreen.example/reviews/heat-1995/' },
      published: '2026-11-20',
    });
    expect(entries['the-thing-1982']).toMatchObject({ rating: { value: 4, scale: 5 }, year: 1982 });
    expect(reading.skipped).toEqual([
      { title: 'Festival line-up announced', reason: 'not a film review (no rating or verdict)' },
    ]);
  });

  it('WordPress REST posts: the seed-shaped post read whole, a critic post, a non-review asks for its page', () => {
    const one = read('wordpress-posts-1.json', 'https://indori.example/wp-json/wp/v2/posts?per_page=100');
    expect(one.feed.format).toBe('wordpress');
    expect(one.reading.entries).toHaveLength(1);
    expect(one.reading.entries[0]).toMatchObject({
      id: 'ballerina',
      title: 'Ballerina',
      rating: { value: 3.5, scale: 5 },
      cast: [{ actor: 'Ana de Armas', role: 'Eve' }],
      directors: ['Len Wiseman'],
      conclusion: 'Ballerina blends action and feeling.',
      source: { url: 'https://indori.example/ballerina-review/' },
      published: '2026-11-24',
    });
    // Its content is its excerpt: only its page can tell whether it reviews a film.
    expect(one.reading.needsPage.map((i) => i.title)).toEqual(['Box office this week – numbers']);
    const two = read(
      'wordpress-posts-2.json',
      'https://indori.example/wp-json/wp/v2/posts?per_page=100&page=2',
    );
    expect(two.reading.entries[0]).toMatchObject({ id: 'the-batman-2022', rating: { value: 4, scale: 5 } });
  });

  it('Atom 1.0: html and xhtml content, xml:base links, scripts and markup out of titles and text', () => {
    const { feed, reading } = read('atom-critic.xml', 'https://reeltalk.example/atom.xml');
    expect(feed.format).toBe('atom');
    expect(feed.items.map((i) => i.link)).toEqual([
      'https://reeltalk.example/reviews/paddington-2/',
      'https://reeltalk.example/reviews/arrival/',
    ]);
    const entries = byId(reading.entries);
    expect(entries['paddington-2-2017']).toMatchObject({
      title: 'Paddington 2',
      rating: { value: 3.5, scale: 5 },
      verdict: 'Kindness as an action plot.',
    });
    expect(JSON.stringify(reading.entries)).not.toMatch(/script|alert|<|document\.title/);
    expect(entries['arrival-2016']).toMatchObject({
      verdict: 'a first-contact film about grief.',
      rating: { value: 4, scale: 5 },
      review: 'Amy Adams carries it.',
    });
  });
});

describe('bad input is named in words', () => {
  const fails = (text: string) => {
    try {
      parseFeed(text, 'https://example.org/feed/');
    } catch (error) {
      return error as FeedError;
    }
    throw new Error('no error');
  };

  it('an HTML page where a feed was expected', () => {
    const error = fails('<!doctype html><html><head><title>Home</title></head><body><p>Hi</p></body></html>');
    expect(error.kind).toBe('html');
    expect(error.message).toBe('this address is a web page, not a feed');
  });

  it('a Cloudflare challenge page', () => {
    const error = fails(
      '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body><script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script></body></html>',
    );
    expect(error.kind).toBe('challenge');
    expect(error.message).toMatch(/bot check/);
  });

  it('empty, not XML, JSON that is no feed, and a Marquee index', () => {
    expect(fails('   ').message).toBe('the feed is empty');
    expect(fails('{"a":').message).toMatch(/^the feed is not valid JSON/);
    expect(fails('{"hello":"world"}').message).toBe(
      'not a feed: JSON that is neither a JSON Feed nor WordPress posts',
    );
    expect(fails('<svg xmlns="http://www.w3.org/2000/svg"/>').message).toBe(
      'not a feed: the document is <svg>, not RSS, Atom or JSON Feed',
    );
    expect(fails('{"format":"marquee-index","version":1}').kind).toBe('index');
  });
});

describe('pages: advertised feeds and schema.org Review JSON-LD', () => {
  it('finds <link rel="alternate"> feeds, resolved against the page', () => {
    const doc = parseHtml(`<html><head>
      <link rel="alternate" type="application/rss+xml" title="Site » Feed" href="/feed/">
      <link rel="alternate" type="application/rss+xml" title="Site » Comments Feed" href="/comments/feed/">
      <link rel="alternate" type="application/json" href="https://site.example/wp-json/wp/v2/posts/12">
      <link rel="alternate" type="application/feed+json" href="feed.json">
      <link rel="stylesheet" href="/a.css"></head><body></body></html>`);
    expect(advertisedFeeds(doc, 'https://site.example/reviews/heat/')).toEqual([
      { url: 'https://site.example/feed/', type: 'rss', title: 'Site » Feed' },
      { url: 'https://site.example/comments/feed/', type: 'rss', title: 'Site » Comments Feed' },
      { url: 'https://site.example/reviews/heat/feed.json', type: 'json', title: undefined },
    ]);
  });

  it('reads a Review of a Movie in @graph, rating out of bestRating', () => {
    const doc = parseHtml(`<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"WebPage","@id":"#page"},
      {"@type":"Review","url":"https://critic.example/heat","datePublished":"2026-03-01",
       "reviewRating":{"@type":"Rating","ratingValue":"8","bestRating":"10"},
       "description":"Mann's masterpiece.","reviewBody":"Mann's masterpiece. Long and worth it.",
       "author":{"@type":"Person","name":"A. Critic"},"publisher":{"@type":"Organization","name":"Critic Weekly"},
       "itemReviewed":{"@type":"Movie","name":"Heat","dateCreated":"1995-12-15","sameAs":"https://www.imdb.com/title/tt0113277/",
         "director":{"@type":"Person","name":"Michael Mann"},"actor":[{"@type":"Person","name":"Al Pacino"}]}}]}</script>
      <script type="application/ld+json">{ broken</script>`);
    expect(entryFromReviewJsonLd(jsonLdBlocks(doc), 'https://critic.example/heat', 'Fallback')).toMatchObject(
      {
        id: 'heat-1995',
        title: 'Heat',
        year: 1995,
        rating: { value: 8, scale: 10 },
        verdict: "Mann's masterpiece.",
        directors: ['Michael Mann'],
        cast: [{ actor: 'Al Pacino' }],
        source: { name: 'Critic Weekly', url: 'https://critic.example/heat' },
        published: '2026-03-01',
        ids: { imdb: 'tt0113277' },
      },
    );
  });

  it('a Review of something else, or one without a rating, is none', () => {
    const blocks = [
      {
        '@type': 'Review',
        itemReviewed: { '@type': 'Book', name: 'Dune' },
        reviewRating: { ratingValue: 5 },
      },
      { '@type': 'Review', itemReviewed: { '@type': 'Movie', name: 'Dune' } },
    ];
    expect(entryFromReviewJsonLd(blocks, undefined, 'x')).toBeUndefined();
  });
});

describe('film titles from item titles', () => {
  it.each([
    ['Review: Heat (1995)', 'Heat', 1995],
    ['Heat (1995) review', 'Heat', 1995],
    ['Ballerina Review: A Fierce Ride', 'Ballerina', undefined],
    ['The Batman (2022) – Review', 'The Batman', 2022],
    ['Con Air, 1997 - ★★★½', 'Con Air', 1997],
    ['“Past Lives”', 'Past Lives', undefined],
    ['Jaws ½', 'Jaws', undefined],
  ])('%s', (title, film, year) => {
    expect(filmFromTitle(title)).toEqual({ title: film, year });
  });
});
