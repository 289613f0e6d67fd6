import { describe, expect, it } from 'vitest';
import {
  CORRECTIONS_KEY,
  EMPTY_CORRECTIONS,
  addCorrection,
  applyCorrections,
  exportCorrections,
  isSuppressed,
  loadCorrections,
  mergeCorrections,
  pageKey,
  parseCorrections,
  preferredRef,
  removeCorrection,
  saveCorrection,
} from '@/lib/corrections';

const PAGE = 'https://www.example.com/news/story?utm=1#top';

describe('corrections', () => {
  it('hides a phrase on one page only', () => {
    const c = addCorrection(EMPTY_CORRECTIONS, {
      kind: 'hide',
      host: 'www.example.com',
      page: PAGE,
      phrase: 'Up',
    });
    expect(isSuppressed(c, 'example.com', 'up', undefined, 'https://example.com/news/story')).toBe(false);
    expect(isSuppressed(c, 'www.example.com', 'UP', undefined, 'https://www.example.com/news/story')).toBe(
      true,
    );
    expect(isSuppressed(c, 'www.example.com', 'Up', undefined, 'https://www.example.com/other')).toBe(false);
    expect(isSuppressed(c, 'www.example.com', 'Up')).toBe(false);
  });

  it('never matches a phrase anywhere on a site, whatever its case and punctuation', () => {
    const c = addCorrection(EMPTY_CORRECTIONS, { kind: 'never', host: 'www.example.com', phrase: 'Up!' });
    expect(isSuppressed(c, 'example.com', 'up', 'a/1', 'https://example.com/any')).toBe(true);
    expect(isSuppressed(c, 'other.com', 'up')).toBe(false);
    expect(isSuppressed(c, 'example.com', 'Upside')).toBe(false);
  });

  it('prefers one film for a phrase and rules out the other candidates', () => {
    const c = addCorrection(EMPTY_CORRECTIONS, {
      kind: 'prefer',
      host: 'example.com',
      phrase: 'Carmen',
      ref: 'a/2',
    });
    expect(preferredRef(c, 'www.example.com', 'carmen')).toBe('a/2');
    expect(preferredRef(c, 'other.com', 'carmen')).toBeUndefined();
    expect(isSuppressed(c, 'example.com', 'Carmen', 'a/1')).toBe(true);
    expect(isSuppressed(c, 'example.com', 'Carmen', 'a/2')).toBe(false);
  });

  it('a newer never replaces a prefer for the same phrase, and removal undoes it', () => {
    let c = addCorrection(
      EMPTY_CORRECTIONS,
      { kind: 'prefer', host: 'x.com', phrase: 'Carmen', ref: 'a/2' },
      1,
    );
    c = addCorrection(c, { kind: 'never', host: 'x.com', phrase: 'carmen' }, 2);
    expect(c.items).toEqual([{ kind: 'never', host: 'x.com', phrase: 'carmen', at: 2 }]);
    c = removeCorrection(c, c.items[0]!);
    expect(c.items).toEqual([]);
  });

  it('applies to matches before wrapping: drops suppressed ones, narrows preferred ones', () => {
    let c = addCorrection(EMPTY_CORRECTIONS, { kind: 'never', host: 'x.com', phrase: 'Up' });
    c = addCorrection(c, { kind: 'prefer', host: 'x.com', phrase: 'Carmen', ref: 'a/2' });
    const matches = [
      { title: 'Up', refs: ['a/9'], start: 0, end: 2 },
      { title: 'Carmen', refs: ['a/1', 'a/2'], start: 5, end: 11 },
      { title: 'Alien', refs: ['a/3'], start: 20, end: 25 },
    ];
    const out = applyCorrections(c, 'www.x.com', 'https://x.com/', matches);
    expect(out.map((m) => [m.title, m.refs])).toEqual([
      ['Carmen', ['a/2']],
      ['Alien', ['a/3']],
    ]);
    expect(matches[1]!.refs).toEqual(['a/1', 'a/2']); // input untouched
    expect(applyCorrections(c, 'other.com', 'https://other.com/', matches)).toBe(matches);
  });

  it('drops invalid stored items but keeps the valid ones', () => {
    const { corrections, dropped } = parseCorrections({
      items: [
        { kind: 'never', host: 'x.com', phrase: 'up', at: 1 },
        { kind: 'never', host: '', phrase: 'up', at: 1 },
        { kind: 'prefer', host: 'x.com', phrase: 'up', ref: 'no-slash', at: 1 },
        { kind: 'boom' },
        'junk',
      ],
    });
    expect(corrections.items).toHaveLength(1);
    expect(dropped).toBe(4);
    expect(parseCorrections('garbage')).toEqual({ corrections: { items: [] }, dropped: 1 });
    expect(parseCorrections(undefined)).toEqual({ corrections: { items: [] }, dropped: 0 });
  });

  it('exports a self-describing document that merges back', () => {
    const c = addCorrection(EMPTY_CORRECTIONS, { kind: 'never', host: 'x.com', phrase: 'Up' }, 5);
    const doc = exportCorrections(c);
    expect(doc).toEqual({ format: 'marquee-corrections', version: 1, items: c.items });
    const merged = mergeCorrections(EMPTY_CORRECTIONS, JSON.parse(JSON.stringify(doc)));
    expect(merged.corrections).toEqual(c);
    expect(merged.dropped).toBe(0);
  });

  it('pageKey drops query and hash', () => {
    expect(pageKey(PAGE)).toBe('https://www.example.com/news/story');
  });

  it('saves to and loads from a storage area', async () => {
    const data: Record<string, unknown> = {};
    const area = {
      get: async (k: string) => ({ [k]: data[k] }),
      set: async (items: Record<string, unknown>) => void Object.assign(data, items),
    };
    await saveCorrection(area, { kind: 'never', host: 'x.com', phrase: 'Up' });
    await saveCorrection(area, { kind: 'hide', host: 'x.com', page: 'https://x.com/a', phrase: 'Alien' });
    expect(data[CORRECTIONS_KEY]).toBeTruthy();
    const loaded = await loadCorrections(area);
    expect(loaded.items.map((i) => i.kind)).toEqual(['never', 'hide']);
  });
});
