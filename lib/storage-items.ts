/**
 * Watching what Marquee keeps in browser.storage: each key and its area are named once, here, and
 * a watcher hears that area's key only, skipping writes that leave the value as it was. Values
 * are read through the same validators as a load, so a corrupt field falls back to its default.
 * Per-tab state (storage.session) goes through the background's injected session area instead,
 * so its tests can pass a map.
 *
 * Written on `storage.onChanged` rather than @wxt-dev/storage items: the content script, which
 * runs on every page, needs one watcher of these two keys and nothing else of that library, and creating its
 * storage object at load was ~1.5 ms of each tab's main-thread time (a CPU profile of the 10 KB
 * article, bench/profile-tab.ts) and 7.4 kB of the content script.
 */
import { browser } from 'wxt/browser';
import { parseSettings, SETTINGS_KEY, type Settings } from './settings';
import { CORRECTIONS_KEY, parseCorrections, type Corrections } from './corrections';

export type Unwatch = () => void;
type Area = 'local' | 'sync';

type Changes = Record<string, { oldValue?: unknown; newValue?: unknown }>;

/** The new value of `key` in `area` if this change altered it (value undefined: removed). */
function changedValue(area: Area, key: string) {
  return (changes: Changes, changed: string): { value: unknown } | undefined => {
    const change = changes[key];
    if (changed !== area || !change) return undefined;
    // Values are JSON (storage keeps nothing else), so equal text is an equal value.
    if (JSON.stringify(change.newValue) === JSON.stringify(change.oldValue)) return undefined;
    return { value: change.newValue ?? undefined };
  };
}

/** Calls `fn` with the new value of `key` in `area` after every change that alters it (undefined: removed). */
export function watchKey(area: Area, key: string, fn: (value: unknown) => void): Unwatch {
  const altered = changedValue(area, key);
  const listener = (changes: Changes, changed: string) => {
    const change = altered(changes, changed);
    if (change) fn(change.value);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** What changed of Marquee's stored values: the settings, the corrections, or both. */
export interface StoredChange {
  settings?: Settings;
  corrections?: Corrections;
}

/** The raw values a change left (`{}`: removed), of the keys it altered, before validation. */
export interface RawStoredChange {
  settings?: { value?: unknown };
  corrections?: { value?: unknown };
}

/** Validates what a change left: a corrupt field falls back to its default, as on a load. */
export function parseStoredChange(raw: RawStoredChange): StoredChange {
  return {
    ...(raw.settings ? { settings: parseSettings(raw.settings.value).settings } : {}),
    ...(raw.corrections ? { corrections: parseCorrections(raw.corrections.value).corrections } : {}),
  };
}

/**
 * watchSettings and watchCorrections as one storage.onChanged listener (the content script's
 * single watcher: each listener added costs a page ~1 ms of extension API at start). `parse`
 * validates what was heard: parseStoredChange here, or the background's copy of it for the
 * content script, which loads no validator (its schemas were 8 kB and ~20 functions compiled on
 * every page). Changes reach `fn` in the order they were heard, however long each parse takes.
 */
export function watchStored(
  fn: (change: StoredChange) => void,
  parse: (raw: RawStoredChange) => StoredChange | Promise<StoredChange>,
): Unwatch {
  const settings = changedValue('sync', SETTINGS_KEY);
  const corrections = changedValue('local', CORRECTIONS_KEY);
  let delivered: Promise<void> = Promise.resolve();
  let watching = true;
  const listener = (changes: Changes, area: string) => {
    const s = settings(changes, area);
    const c = corrections(changes, area);
    if (!s && !c) return;
    // JSON messages drop an undefined value: a removed key travels as {}.
    const raw: RawStoredChange = {
      ...(s ? { settings: s.value === undefined ? {} : { value: s.value } } : {}),
      ...(c ? { corrections: c.value === undefined ? {} : { value: c.value } } : {}),
    };
    const parsed = Promise.resolve(raw).then(parse);
    delivered = delivered.then(() =>
      parsed.then(
        (change) => {
          if (watching) fn(change);
        },
        (error: unknown) => console.warn('[marquee] a stored change could not be read:', error),
      ),
    );
  };
  browser.storage.onChanged.addListener(listener);
  return () => {
    watching = false;
    browser.storage.onChanged.removeListener(listener);
  };
}

/** Calls `fn` with the settings (synced where the browser syncs) after every change to them, from any page. */
export const watchSettings = (fn: (settings: Settings) => void): Unwatch =>
  watchKey('sync', SETTINGS_KEY, (raw) => fn(parseSettings(raw).settings));

/** Calls `fn` with the corrections after every change to them, from any page (this device only). */
export const watchCorrections = (fn: (corrections: Corrections) => void): Unwatch =>
  watchKey('local', CORRECTIONS_KEY, (raw) => fn(parseCorrections(raw).corrections));
