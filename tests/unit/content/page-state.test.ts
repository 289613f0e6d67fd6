import { describe, expect, it } from 'vitest';
import { PageState } from '@/lib/content/page-state';
import { addCorrection, EMPTY_CORRECTIONS } from '@/lib/corrections';
import type { EngineTicket } from '@/lib/engine/protocol';
import { DEFAULT_SETTINGS } from '@/lib/settings';

const ticket = (host: EngineTicket['host']): EngineTicket => ({ host, lexicon: `k-${host}` });

function state() {
  const asked: string[] = [];
  const s = new PageState('www.example.org', async () => {
    asked.push('engine');
    return ticket('service-worker');
  });
  return { s, asked };
}

describe('page state', () => {
  it('answers the first ticket with the one pageStart brought, then asks the background', async () => {
    const { s, asked } = state();
    s.started({
      settings: DEFAULT_SETTINGS,
      corrections: EMPTY_CORRECTIONS,
      ticket: { ok: true, value: ticket('offscreen') },
    });
    expect((await s.ticket()).host).toBe('offscreen');
    expect(asked).toEqual([]);
    expect((await s.ticket()).host).toBe('service-worker');
    expect(asked).toEqual(['engine']);
  });

  it('turns a start ticket that failed into a rejection with its words', async () => {
    const { s } = state();
    s.started({
      settings: DEFAULT_SETTINGS,
      corrections: EMPTY_CORRECTIONS,
      ticket: { ok: false, error: 'The review index could not be opened' },
    });
    await expect(s.ticket()).rejects.toThrow('The review index could not be opened');
  });

  it('says whether a stored change rereads the page, restyles its marks, or neither', () => {
    const { s } = state();
    s.started({ settings: DEFAULT_SETTINGS, corrections: EMPTY_CORRECTIONS });
    expect(s.apply({ settings: { ...DEFAULT_SETTINGS, hoverDelay: 800 } })).toEqual({
      reread: false,
      restyle: false,
    });
    expect(s.hoverDelay).toBe(800);
    expect(s.apply({ settings: { ...DEFAULT_SETTINGS, hoverDelay: 800, ratingScale: 'ten' } })).toEqual({
      reread: false,
      restyle: true,
    });
    expect(s.writerOptions().scale).toBe('ten');
    const hidden = addCorrection(EMPTY_CORRECTIONS, { kind: 'never', host: 'example.org', phrase: 'Up' });
    expect(s.apply({ corrections: hidden })).toEqual({ reread: true, restyle: false });
    expect(s.corrections).toBe(hidden);
  });

  it('is enabled only once settings are known and marks are on for this site', () => {
    const { s } = state();
    expect(s.enabled).toBe(false);
    s.started({ settings: DEFAULT_SETTINGS, corrections: EMPTY_CORRECTIONS });
    expect(s.enabled).toBe(true);
    s.apply({ settings: { ...DEFAULT_SETTINGS, sites: { 'example.org': false } } });
    expect(s.enabled).toBe(false);
    s.apply({ settings: { ...DEFAULT_SETTINGS, markStyle: 'off' } });
    expect(s.enabled).toBe(false);
    expect(s.writerOptions().badges).toBe(false);
  });
});
