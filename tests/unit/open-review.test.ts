import { describe, expect, it, vi } from 'vitest';
import { openReview, popupPath, type OpenReviewDeps } from '@/lib/background/open-review';

const base = (over: Partial<OpenReviewDeps>) => {
  const createTab = vi.fn(async (_url: string) => undefined);
  const deps: OpenReviewDeps = {
    createTab,
    getURL: (p) => `chrome-extension://abc${p}`,
    ...over,
  };
  return { deps, createTab };
};

describe('openReview (Full review from the card)', () => {
  it('opens the toolbar popup when the browser allows it', async () => {
    const openPopup = vi.fn(async () => undefined);
    const { deps, createTab } = base({ action: { openPopup } });
    expect(await openReview(deps, 'bundled:ballerina-2025', 7)).toBe('popup');
    expect(openPopup).toHaveBeenCalledOnce();
    expect(createTab).not.toHaveBeenCalled();
  });

  it('falls back to the popup page in a tab when openPopup refuses (Firefox without a gesture)', async () => {
    const openPopup = vi.fn(async () => {
      throw new Error('openPopup requires a user gesture');
    });
    const { deps, createTab } = base({ action: { openPopup } });
    expect(await openReview(deps, 'feed:heat 1995', 3)).toBe('tab');
    expect(createTab).toHaveBeenCalledWith('chrome-extension://abc/popup.html?ref=feed%3Aheat%201995&tab=3');
  });

  it('uses browserAction in an MV2 build, where action is absent', async () => {
    const openPopup = vi.fn(async () => undefined);
    const { deps, createTab } = base({ browserAction: { openPopup } });
    expect(await openReview(deps, 'bundled:x')).toBe('popup');
    expect(openPopup).toHaveBeenCalledOnce();
    expect(createTab).not.toHaveBeenCalled();
  });

  it('opens a tab when the browser has no openPopup at all (older browsers)', async () => {
    const { deps, createTab } = base({ action: {} });
    expect(await openReview(deps, 'bundled:x')).toBe('tab');
    expect(createTab).toHaveBeenCalledWith(`chrome-extension://abc${popupPath('bundled:x')}`);
  });
});
