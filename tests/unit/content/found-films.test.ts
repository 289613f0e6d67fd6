import { describe, expect, it } from 'vitest';
import { FoundFilms } from '@/lib/content/found-films';
import type { Protocol } from '@/lib/messaging/protocol';

function films(reporting = true) {
  const sent: Protocol['reportFound']['req'][] = [];
  const f = new FoundFilms({
    send: async (_type, req) => {
      sent.push(req);
      return null;
    },
    host: 'example.org',
    topPage: () => 'https://example.org/page',
    reporting: () => reporting,
  });
  return { f, sent };
}

describe('found films', () => {
  it('keeps the surest mention of each film and reports only what is new', async () => {
    const { f, sent } = films();
    f.note(['a'], 0.7, 'title in italics');
    f.note(['a'], 0.9, 'title with year');
    f.note(['a'], 0.8, 'title case');
    f.note(['b', 'c'], 0.6, 'catalogue tile');
    await f.report();
    await f.report();
    expect(sent).toEqual([
      {
        refs: ['a', 'b', 'c'],
        host: 'example.org',
        page: 'https://example.org/page',
        why: {
          a: { confidence: 0.9, reason: 'title with year' },
          b: { confidence: 0.6, reason: 'catalogue tile' },
          c: { confidence: 0.6, reason: 'catalogue tile' },
        },
      },
    ]);
    f.clear();
    f.clear();
    expect(sent.slice(1)).toEqual([{ refs: [], host: 'example.org', page: 'https://example.org/page' }]);
  });

  it('says nothing when not reporting, and answers waiters once', async () => {
    const { f, sent } = films(false);
    f.note(['a'], 0.7, 'title in italics');
    await f.report();
    expect(sent).toEqual([]);
    const one = f.whenAllRead();
    const two = f.whenAllRead();
    expect(f.waiting).toBe(true);
    f.settle(true);
    f.settle(false);
    expect(await Promise.all([one, two])).toEqual([true, true]);
    expect(f.waiting).toBe(false);
  });
});
