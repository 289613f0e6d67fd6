/**
 * The content script's context, standing in for WXT's ContentScriptContext (the build aliases
 * `wxt/utils/content-script-context` to this module, wxt.config.ts): the same API, one
 * AbortController owning every timer, listener and observer, without what a page can see.
 *
 * WXT's context announces every start to the page: a `window.postMessage` whose type names the
 * extension's id, and a CustomEvent on `document`, so that a newer copy of a script stops an
 * older one. Any page that listens for `message` events learns that Marquee is installed
 * (https://github.com/wxt-dev/wxt/issues/1752). Its location watcher dispatches a DOM event on
 * `window` for each in-page navigation, which a page that knows the id can hear too. Here nothing
 * is dispatched into the page: an older copy of the script (the extension reloaded or updated)
 * stops itself when its runtime id goes (lib/content/engine-client.ts, `isValid` below), and
 * location changes reach their listeners as direct calls.
 */
import { browser } from 'wxt/browser';

type Options = Record<string, unknown>;
const LOCATION_CHANGE = 'wxt:locationchange';

/** What `wxt:locationchange` listeners get (the shape of WXT's WxtLocationChangeEvent). */
export interface LocationChange {
  type: typeof LOCATION_CHANGE;
  newUrl: URL;
  oldUrl: URL;
}

interface NavigationLike {
  addEventListener(
    type: 'navigate',
    fn: (e: { destination: { url: string } }) => void,
    options?: AddEventListenerOptions,
  ): void;
}

export class ContentScriptContext implements AbortController {
  private readonly abortController = new AbortController();
  private readonly locationListeners = new Set<(change: LocationChange) => void>();
  private watchingLocation = false;

  constructor(
    readonly contentScriptName: string,
    readonly options?: Options,
  ) {}

  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  abort(reason?: unknown): void {
    this.abortController.abort(reason);
  }

  /** True once the context was invalidated, or the extension is gone (its runtime id cleared). */
  get isInvalid(): boolean {
    if (browser.runtime?.id == null) this.notifyInvalidated();
    return this.signal.aborted;
  }

  get isValid(): boolean {
    return !this.isInvalid;
  }

  onInvalidated(cb: () => void): () => void {
    this.signal.addEventListener('abort', cb);
    return () => this.signal.removeEventListener('abort', cb);
  }

  /** A promise that never settles: for code that must not go on once the context is invalid. */
  block<T>(): Promise<T> {
    return new Promise<T>(() => undefined);
  }

  setInterval(handler: () => void, timeout?: number): number {
    const id = setInterval(() => {
      if (this.isValid) handler();
    }, timeout) as unknown as number;
    this.onInvalidated(() => clearInterval(id));
    return id;
  }

  setTimeout(handler: () => void, timeout?: number): number {
    const id = setTimeout(() => {
      if (this.isValid) handler();
    }, timeout) as unknown as number;
    this.onInvalidated(() => clearTimeout(id));
    return id;
  }

  requestAnimationFrame(callback: FrameRequestCallback): number {
    const id = requestAnimationFrame((time) => {
      if (this.isValid) callback(time);
    });
    this.onInvalidated(() => cancelAnimationFrame(id));
    return id;
  }

  requestIdleCallback(callback: IdleRequestCallback, options?: IdleRequestOptions): number {
    const id = requestIdleCallback((deadline) => {
      if (!this.signal.aborted) callback(deadline);
    }, options);
    this.onInvalidated(() => cancelIdleCallback(id));
    return id;
  }

  /** A listener removed with the context; `wxt:locationchange` is an in-page navigation. */
  addEventListener(
    target: EventTarget,
    type: string,
    handler: (event: never) => void,
    options?: AddEventListenerOptions,
  ): void {
    if (type === LOCATION_CHANGE) {
      const listener = handler as (change: LocationChange) => void;
      this.locationListeners.add(listener);
      this.onInvalidated(() => this.locationListeners.delete(listener));
      this.watchLocation();
      return;
    }
    target.addEventListener(type, handler as EventListener, { ...options, signal: this.signal });
  }

  notifyInvalidated(): void {
    if (!this.signal.aborted) this.abort('Content script context invalidated');
  }

  /** The Navigation API where there is one (Chromium), else the URL polled each second (WXT's way). */
  private watchLocation(): void {
    if (this.watchingLocation) return;
    this.watchingLocation = true;
    let last = new URL(location.href);
    const changedTo = (url: URL) => {
      if (url.href === last.href) return;
      const change: LocationChange = { type: LOCATION_CHANGE, newUrl: url, oldUrl: last };
      last = url;
      for (const fn of this.locationListeners) fn(change);
    };
    const navigation = (globalThis as { navigation?: NavigationLike }).navigation;
    if (typeof navigation?.addEventListener === 'function')
      navigation.addEventListener('navigate', (e) => changedTo(new URL(e.destination.url)), {
        signal: this.signal,
      });
    else this.setInterval(() => changedTo(new URL(location.href)), 1000);
  }
}
