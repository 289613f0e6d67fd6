/**
 * "Full review" from the hover card: the toolbar popup when the browser lets us open it, else the
 * popup page in a tab. action.openPopup() needs Chrome 127+ / Firefox 109+ and, in Firefox, a user
 * gesture (a message from a content script isn't one); Firefox MV2 names the API browserAction.
 * The tab always works, so it is the fallback for every failure.
 */
import type { EntryRef } from '../store/db';

interface PopupApi {
  openPopup?: () => Promise<void>;
}

export interface OpenReviewDeps {
  /** `browser.action` (MV3) — absent in an MV2 build. */
  action?: PopupApi;
  /** `browser.browserAction` (MV2). */
  browserAction?: PopupApi;
  createTab: (url: string) => Promise<unknown>;
  /** runtime.getURL */
  getURL: (path: string) => string;
}

export function popupPath(ref: EntryRef, tabId?: number): string {
  return `/popup.html?ref=${encodeURIComponent(ref)}&tab=${tabId ?? ''}`;
}

/** Returns how the review was shown. */
export async function openReview(
  deps: OpenReviewDeps,
  ref: EntryRef,
  tabId?: number,
): Promise<'popup' | 'tab'> {
  const api = deps.action ?? deps.browserAction;
  if (api?.openPopup) {
    try {
      await api.openPopup();
      return 'popup';
    } catch {
      // No gesture, no window, or too old: fall through to the tab.
    }
  }
  await deps.createTab(deps.getURL(popupPath(ref, tabId)));
  return 'tab';
}
