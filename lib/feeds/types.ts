/**
 * What a followed feed's source record keeps besides the fields every subscription has
 * (SourceRecord.feed): which format it is and what its last reading held and skipped.
 */
export type FollowedFormat = 'rss' | 'atom' | 'json-feed' | 'wordpress' | 'letterboxd';

export interface FeedState {
  format: FollowedFormat;
  /** What the user gave (a site, an article, a username) when it differs from the feed's address. */
  from?: string;
  /** Items in the last feed read, and how many of them were film reviews. */
  items: number;
  reviews: number;
  /** Items skipped in the last read, "Title: reason" (first 20), and how many in all. */
  skipped: string[];
  skippedCount: number;
  /** Entries the last read added and updated (the rest were kept from earlier reads). */
  added: number;
  updated: number;
  /** A quirk of the feed worth knowing (a wrong declared encoding that was overruled). */
  note?: string;
}
