/** Marquee's own elements on a page: never read, never re-marked. */
export const MARK_TAG = 'marquee-mark';
export const BADGE_TAG = 'marquee-badge';
export const UI_TAG = 'marquee-card';
