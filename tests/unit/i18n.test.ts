import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { t, tn } from '@/lib/i18n';

afterEach(() => vi.restoreAllMocks());

describe('tn: counts in words', () => {
  it('picks the singular and plural English forms', () => {
    expect(tn('sourceEntries', 1)).toBe('1 entry');
    expect(tn('sourceEntries', 0)).toBe('0 entries');
    expect(tn('sourceEntries', 50_000)).toBe('50000 entries');
    expect(tn('everyDays', 1)).toBe('every day');
    expect(tn('everyHours', 6)).toBe('every 6 hours');
    expect(t('indexStatus', [tn('reviewCount', 1), tn('sourceCount', 2)])).toBe('1 review · 2 sources');
  });

  it("uses a locale's own category when the browser has it (Polish: 3 is _few)", () => {
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('pl');
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(
      ((key: string, subs?: string[]) =>
        ({ sourceEntries_few: `${subs?.[0]} wpisy`, sourceEntries_many: `${subs?.[0]} wpisów` })[key] ??
        '') as typeof fakeBrowser.i18n.getMessage,
    );
    expect(tn('sourceEntries', 3)).toBe('3 wpisy');
    expect(tn('sourceEntries', 5)).toBe('5 wpisów');
  });

  it('falls back to _other when a locale lacks a category', () => {
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('pl');
    expect(tn('sourceEntries', 3)).toBe('3 entries');
  });
});
