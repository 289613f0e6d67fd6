/**
 * Display preferences the shared components honour wherever they render (card, popup, options),
 * passed down by context so every <Stars> follows the reader's chosen scale without prop drilling.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Settings } from '@/lib/settings';

export interface DisplayPrefs {
  ratingScale: Settings['ratingScale'];
  /** Hide ratings in lists (popup, search) until the reader opens the film: no spoilers by glance. */
  spoilerSafe: boolean;
}

export const DEFAULT_DISPLAY: DisplayPrefs = { ratingScale: 'stars', spoilerSafe: false };

export const DisplayContext = createContext<DisplayPrefs>(DEFAULT_DISPLAY);

export const useDisplay = () => useContext(DisplayContext);

export function displayFrom(settings: Settings | undefined): DisplayPrefs {
  return settings
    ? { ratingScale: settings.ratingScale, spoilerSafe: settings.spoilerSafe }
    : DEFAULT_DISPLAY;
}
