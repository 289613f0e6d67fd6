/**
 * What Marquee keeps in browser.storage, as @wxt-dev/storage items: each key and its area are
 * named once, here, and `watch` listens to that area only, skipping writes that leave the value
 * as it was. Values are stored as before and read through the same validators, so a corrupt
 * field falls back to its default. Per-tab state (storage.session) goes through the background's
 * injected session area instead, so its tests can pass a map.
 */
import { storage, type Unwatch } from '@wxt-dev/storage';
import { parseSettings, SETTINGS_KEY, type Settings } from './settings';
import { CORRECTIONS_KEY, parseCorrections, type Corrections } from './corrections';

/** Settings, synced where the browser syncs (lib/settings.ts validates them). */
export const settingsItem = storage.defineItem<unknown>(`sync:${SETTINGS_KEY}`);

/** "Not this film?" corrections: this device only, as they name pages the reader visited. */
export const correctionsItem = storage.defineItem<unknown>(`local:${CORRECTIONS_KEY}`);

// A removed key comes as null; the validators take a missing value as undefined.

/** Calls `fn` with the settings after every change to them, from any page. */
export const watchSettings = (fn: (settings: Settings) => void): Unwatch =>
  settingsItem.watch((raw) => fn(parseSettings(raw ?? undefined).settings));

/** Calls `fn` with the corrections after every change to them, from any page. */
export const watchCorrections = (fn: (corrections: Corrections) => void): Unwatch =>
  correctionsItem.watch((raw) => fn(parseCorrections(raw ?? undefined).corrections));
