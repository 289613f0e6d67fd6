/**
 * Typed messages between content scripts, popup, options and the background. One request per
 * user gesture or per page scan, never per DOM node. Each message is answered by one line in the
 * handler map of the caller that sends it (lib/background/handlers/{content,popup,options}.ts).
 */
import type { Entry } from '../index/schema';
import type { EntryRef, SourceRecord } from '../store/db';
import type { EngineTicket } from '../engine/protocol';
import type { SearchHit } from '../search';
import type { CompactLexicon } from '../detect/lexicon';
import type { SavedPageReview } from '../background/page-review';
import type { Settings } from '../settings';
import type { CorrectionInput, Corrections } from '../corrections';
import type { RawStoredChange, StoredChange } from '../storage-items';

/** An entry as the UI sees it: the entry plus where it came from. */
export interface EntryView {
  ref: EntryRef;
  entry: Entry;
  sourceName: string;
  sourceKind: SourceRecord['kind'];
  /**
   * The film this entry is one source's review of: the first ref of its film in the background's
   * grouping (lib/films/group.ts), the same on every view of that film.
   */
  film?: EntryRef;
}

/** How sure the page's detection was of a film it found, and why, in words (the popup shows both). */
export interface FoundWhy {
  confidence: number;
  reason: string;
}

export interface TabState {
  lastHovered?: EntryRef;
  /** The films of the top page and of its same-origin article frames, in page order. */
  found: EntryRef[];
  /** How sure and why, per found ref (the best of its mentions). */
  why?: Record<EntryRef, FoundWhy>;
  host?: string;
  /** The top page's URL (kept in storage.session only, to tell frames' lists of this page from stale ones). */
  page?: string;
  /** Same-origin frames' films by frame id, with the top page each was reported on. */
  frames?: Record<string, { refs: EntryRef[]; page?: string; why?: Record<EntryRef, FoundWhy> }>;
}

/** A request with no fields beyond its type. */
export type NoParams = Record<never, never>;

export interface Protocol {
  /** The welcome page's demo: the lexicon the engine matches with (lib/detect/lexicon.ts). */
  demoLexicon: { req: NoParams; res: CompactLexicon };
  /**
   * Before a content script connects to the engine (lib/engine): the lexicon is persisted for
   * the store's current revision and a host runs; the answer names the lexicon to ask for.
   */
  engine: { req: NoParams; res: EngineTicket };
  /**
   * A content script starting on a page, in one round trip: the page is reported as reportFound
   * with no films (`report`: the popup learns the tab's site even where Marquee is off), and the
   * answer carries what the script starts with: the settings, the corrections and, only when
   * Marquee marks this host, the engine's ticket (as `engine` answers it, or why there is none).
   */
  pageStart: {
    req: { host: string; page?: string; report: boolean };
    res: { settings: Settings; corrections: Corrections; engine?: Envelope<EngineTicket> };
  };
  /**
   * A content script heard the settings or corrections change: the values it heard, validated
   * here (lib/storage-items.ts watchStored), so the page loads no validator.
   */
  parseStored: { req: RawStoredChange; res: StoredChange };
  /** "Not a film" / "the other film" on a card: validated and saved by the background. */
  saveCorrection: { req: { correction: CorrectionInput }; res: null };
  getEntries: { req: { refs: EntryRef[] }; res: EntryView[] };
  lookup: { req: { title: string; year?: number }; res: EntryView[] };
  /** Sent once per scan with every entry found on the page. */
  /**
   * The films a frame shows. `page` is the top page's URL as that frame sees it: a same-origin
   * frame's list joins the tab's only while the top frame still reports that page.
   */
  reportFound: {
    req: { refs: EntryRef[]; host: string; page?: string; why?: Record<EntryRef, FoundWhy> };
    res: null;
  };
  hovered: { req: { ref: EntryRef }; res: null };
  /** "Full review" on the card: the popup if it can be opened programmatically, else a tab. */
  openReview: { req: { ref: EntryRef }; res: null };
  getTabState: { req: { tabId: number }; res: TabState };
  listSources: { req: NoParams; res: SourceRecord[] };
  status: { req: NoParams; res: { entries: number; sources: number; error?: string } };
  // --- subscribed index sources (lib/sources). The host permission is requested by the
  // options page in the user's click before addSource: the background can't show the prompt.
  /** Subscribe to an index URL and load it now; the record carries lastError if that failed. */
  addSource: { req: { url: string; name?: string }; res: SourceRecord };
  /**
   * Follow a review site, an article's site, a feed or a Letterboxd member (lib/feeds): the feed
   * is found, recorded and loaded now; the record carries lastError if loading failed.
   */
  followSource: { req: { input: string; name?: string }; res: SourceRecord };
  /** Refresh one subscribed source now (conditional request). */
  refreshSource: { req: { id: string }; res: SourceRecord };
  /** Remove any source but the bundled one, with its entries. */
  removeSource: { req: { id: string }; res: null };
  /**
   * "Add this review" in the popup: the page's HTML as text (from the content script) read in the
   * background and saved in the "Saved from pages" source (lib/background/page-review.ts).
   */
  savePageReview: { req: { url: string; html: string }; res: SavedPageReview };
  /** Every review of the same film across sources, preferred source first (the popup's list). */
  otherRatings: { req: { ref: EntryRef }; res: EntryView[] };

  // --- UI ---
  /** The popup's search box: prefix and typo-tolerant search over every stored title. */
  search: { req: { query: string; limit?: number }; res: SearchHit[] };
}

export type MessageType = keyof Protocol;
export type Request<K extends MessageType = MessageType> = { type: K } & Protocol[K]['req'];
export type Response<K extends MessageType> = Protocol[K]['res'];

/** Errors cross the message boundary as data, then are re-thrown with their message. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };
