import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  isSiteEnabled,
  loadSettings,
  parseSettings,
  saveSettings,
  setSiteEnabled,
  type StorageAreaLike,
} from '../../lib/settings';

function memoryArea(
  initial: Record<string, unknown> = {},
): StorageAreaLike & { data: Record<string, unknown> } {
  const data = { ...initial };
  return {
    data,
    get: async (key) => (key in data ? { [key]: data[key] } : {}),
    set: async (items) => {
      Object.assign(data, items);
    },
  };
}

describe('settings', () => {
  it('gives defaults when nothing is stored', async () => {
    expect(await loadSettings(memoryArea())).toEqual({ settings: DEFAULT_SETTINGS, repaired: [] });
  });

  it('falls back field by field and reports corrupt fields', () => {
    const { settings, repaired } = parseSettings({ hoverDelay: 'soon', markStyle: 'underline', sites: 5 });
    expect(settings.hoverDelay).toBe(300);
    expect(settings.markStyle).toBe('underline');
    expect(settings.sites).toEqual({});
    expect(repaired.sort()).toEqual(['hoverDelay', 'sites']);
  });

  it('treats a non-object as corrupt throughout', () => {
    const { settings, repaired } = parseSettings('garbage');
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(repaired).toContain('otherSites');
  });

  it('switches sites by host, ignoring www and covering subdomains', async () => {
    const area = memoryArea();
    let s = await saveSettings(area, setSiteEnabled(DEFAULT_SETTINGS, 'www.netflix.com', false));
    expect(s.sites).toEqual({ 'netflix.com': false });
    expect(isSiteEnabled(s, 'netflix.com')).toBe(false);
    expect(isSiteEnabled(s, 'help.netflix.com')).toBe(false);
    expect(isSiteEnabled(s, 'example.org')).toBe(true);
    s = await saveSettings(area, { otherSites: false });
    expect(isSiteEnabled(s, 'example.org')).toBe(false);
    s = await saveSettings(area, setSiteEnabled(s, 'example.org', true));
    expect(isSiteEnabled(s, 'example.org')).toBe(true);
  });

  it('refuses to save an invalid value', async () => {
    await expect(saveSettings(memoryArea(), { hoverDelay: -5 })).rejects.toThrow();
  });
});
