import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  parseStoredChange,
  watchCorrections,
  watchSettings,
  watchStored,
  type RawStoredChange,
  type StoredChange,
} from '../../lib/storage-items';
import { DEFAULT_SETTINGS, saveSettings, SETTINGS_KEY, type Settings } from '../../lib/settings';
import { CORRECTIONS_KEY, saveCorrection, type Corrections } from '../../lib/corrections';

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 50 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('storage items', () => {
  it('tell a watcher the settings another page saved, validated, and stop when unwatched', async () => {
    const seen: Settings[] = [];
    const unwatch = watchSettings((s) => seen.push(s));
    await saveSettings(fakeBrowser.storage.sync, { hoverDelay: 900 });
    await until(() => seen.length > 0);
    expect(seen.at(-1)).toEqual({ ...DEFAULT_SETTINGS, hoverDelay: 900 });
    // A corrupt field falls back to its default, the rest stays.
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: { ...seen.at(-1), markStyle: 'neon' } });
    await until(() => seen.length > 1);
    expect(seen.at(-1)).toEqual({ ...DEFAULT_SETTINGS, hoverDelay: 900 });
    // Removed: the defaults.
    await fakeBrowser.storage.sync.remove(SETTINGS_KEY);
    await until(() => seen.length > 2);
    expect(seen.at(-1)).toEqual(DEFAULT_SETTINGS);
    unwatch();
    await saveSettings(fakeBrowser.storage.sync, { hoverDelay: 100 });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toHaveLength(3);
  });

  it('watch corrections in local storage only', async () => {
    const seen: Corrections[] = [];
    const unwatch = watchCorrections((c) => seen.push(c));
    // The same key in another area is not the corrections.
    await fakeBrowser.storage.sync.set({ [CORRECTIONS_KEY]: { items: [] } });
    await saveCorrection(fakeBrowser.storage.local, {
      kind: 'never',
      host: 'www.news.example',
      phrase: 'Heat',
    });
    await until(() => seen.length > 0);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.items).toMatchObject([{ kind: 'never', host: 'news.example', phrase: 'heat' }]);
    unwatch();
  });

  it('one watcher hears both: settings in sync, corrections in local, each validated', async () => {
    const seen: StoredChange[] = [];
    const unwatch = watchStored((c) => seen.push(c), parseStoredChange);
    await saveSettings(fakeBrowser.storage.sync, { hoverDelay: 700 });
    await until(() => seen.length > 0);
    expect(seen).toEqual([{ settings: { ...DEFAULT_SETTINGS, hoverDelay: 700 } }]);
    // The corrections' key in sync is not the corrections; an unchanged value is no change.
    await fakeBrowser.storage.sync.set({ [CORRECTIONS_KEY]: { items: [] } });
    await saveSettings(fakeBrowser.storage.sync, { hoverDelay: 700 });
    await saveCorrection(fakeBrowser.storage.local, { kind: 'never', host: 'news.example', phrase: 'Heat' });
    await until(() => seen.length > 1);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.settings).toBeUndefined();
    expect(seen[1]!.corrections!.items).toMatchObject([{ kind: 'never', phrase: 'heat' }]);
    unwatch();
    await saveSettings(fakeBrowser.storage.sync, { hoverDelay: 100 });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toHaveLength(2);
  });

  it('keeps the order changes were heard in when their parse is asynchronous (the background parses for a page)', async () => {
    const seen: StoredChange[] = [];
    const raws: RawStoredChange[] = [];
    // The first answer comes last.
    const delays = [40, 0, 0];
    const unwatch = watchStored(
      (c) => seen.push(c),
      async (raw) => {
        raws.push(JSON.parse(JSON.stringify(raw)) as RawStoredChange);
        await new Promise((r) => setTimeout(r, delays.shift() ?? 0));
        return parseStoredChange(raw);
      },
    );
    await saveSettings(fakeBrowser.storage.sync, { hoverDelay: 500 });
    await saveSettings(fakeBrowser.storage.sync, { hoverDelay: 600 });
    await fakeBrowser.storage.sync.remove(SETTINGS_KEY);
    await until(() => seen.length > 2);
    expect(seen.map((c) => c.settings?.hoverDelay)).toEqual([500, 600, DEFAULT_SETTINGS.hoverDelay]);
    // What crosses the message boundary survives JSON: the removal is an empty object.
    expect(raws[2]).toEqual({ settings: {} });
    unwatch();
  });
});
