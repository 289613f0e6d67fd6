/**
 * What the content app is given (entrypoints/content/index.ts passes the browser's; tests pass
 * fakes): the page, its lifecycle, messaging to the background and a port to the engine.
 */
import type { DigestLimits } from '../detect/digest';
import type { PortLike } from '../engine/protocol';
import type { Protocol } from '../messaging/protocol';
import type { SiteAdapter } from '../sites/types';
import type { StoredChange } from '../storage-items';
import type { CardPresenter } from './hover';
import type { Lifecycle } from './lifecycle';
import type { Visibility } from './visible';

export interface ContentDeps {
  document: Document;
  location: { hostname: string; href?: string };
  lifecycle: Lifecycle;
  /**
   * Settings or corrections changed (storage.onChanged, one listener for both). The values the
   * script starts with come in the pageStart answer instead.
   */
  onStoredChange: (fn: (change: StoredChange) => void) => void;
  send: <K extends keyof Protocol>(type: K, req: Protocol[K]['req']) => Promise<Protocol[K]['res']>;
  /** runtime.connect: the port to the engine. */
  connect: (name: string) => PortLike;
  /** The extension is still there (runtime.id); false once it was reloaded or removed. */
  extensionAlive?: () => boolean;
  card: () => CardPresenter;
  now?: () => number;
  /** The site adapter; default: the registry's for this host, else the generic one. */
  adapter?: SiteAdapter;
  /** The page's URL, for corrections that hide a title on one page. */
  pageUrl?: () => string;
  /** Tell the background which films the page shows (the popup's list); false keeps them to itself. */
  reportFilms?: boolean;
  /** The top page's URL as this frame sees it: a frame's films join the tab's only for that page. */
  topPage?: () => string | undefined;
  /** Which elements are near the viewport (visible.ts); default: all. */
  visibility?: () => Visibility;
  visible?: () => boolean;
  onVisibilityChange?: (fn: () => void) => void;
  /** Navigation inside a single-page app: the page starts again (a new generation). */
  onLocationChange?: (fn: () => void) => void;
  /** The collector's bounds (digest.ts DIGEST_LIMITS by default). */
  limits?: Partial<DigestLimits>;
  /**
   * Read only a few screens ahead of the viewport (read-ahead.ts), more as the reader scrolls;
   * without an observer the whole page is read at once.
   */
  readAheadObserver?: typeof IntersectionObserver;
}
