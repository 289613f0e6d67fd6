import { describe, expect, it } from 'vitest';
import { FNV_OFFSET, fnv1a, fnv1aCodes, fnvStep } from '../../lib/text/fnv';
import { feedId } from '../../lib/sources/subscriptions';
import { slug } from '../../lib/sources/imports';
import { entryFromReviewJsonLd } from '../../lib/index/review-jsonld';
import { reviewEntry } from '../../lib/feeds/entries';

describe('FNV-1a', () => {
  it('gives the reference hashes for ASCII text', () => {
    // The FNV reference's 32-bit FNV-1a test vectors (http://www.isthe.com/chongo/src/fnv/test_fnv.c).
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('hashes a buffer of codes, and step by step, as it hashes the string', () => {
    for (const word of ['heat', 'amélie', 'ballerina2025', '東京物語']) {
      const buf = new Uint16Array(64);
      for (let i = 0; i < word.length; i++) buf[i] = word.charCodeAt(i);
      expect(fnv1aCodes(buf, word.length)).toBe(fnv1a(word));
      let h = FNV_OFFSET;
      for (let i = 0; i < word.length; i++) h = fnvStep(h, word.charCodeAt(i));
      expect(h >>> 0).toBe(fnv1a(word));
    }
  });

  // Ids made from these hashes are stored (sources, entries that corrections and hidden marks
  // name): these are the ids the earlier, separate copies of the hash made, and must stay so.
  it('makes the ids it made before', () => {
    expect(feedId('https://critic.test/index.json')).toBe('feed:1u9h96932z90r');
    expect(feedId('https://example.org/feed.xml')).toBe('feed:1d6qcn61rcybcc');
    expect(slug('東京物語')).toBe('t2ufqnz');
    const review = (name: string) => [
      { '@type': 'Review', itemReviewed: { '@type': 'Movie', name }, reviewRating: { ratingValue: 4 } },
    ];
    expect(entryFromReviewJsonLd(review('東京物語'), 'https://x.test/a', 'X')?.id).toBe('review-541295334');
    const item = {
      id: 'https://critic.test/?p=42',
      title: '東京物語 ★★★★',
      html: '<p>Verdict: A quiet masterpiece.</p><p>More text here.</p>',
      ext: {},
    };
    const outcome = reviewEntry(item, { sourceName: 'Critic' });
    expect('entry' in outcome && outcome.entry.id).toBe('item-9rm86v');
  });
});
