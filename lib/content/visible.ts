/**
 * Which tiles are worth a badge yet, and which text a mark: those within a screen of the viewport. Each frame that adds
 * badges costs the page a relayout of their container (frame-batch.ts): on the 2,000-tile bench
 * catalogue, badging every tile at once cost 1.2–2 s of the page's rendering time, for tiles the
 * reader had not scrolled to. Tiles further away are badged as they come within reach, so a page
 * pays for the badges its reader sees. Text marks wait the same way (lib/content/app.ts
 * queueText): each frame that adds marks re-lays the text around them. Detection is not deferred:
 * the popup still lists every film found on the page.
 */
export interface Visibility {
  /** Run `fn` once `el` is within reach of the viewport: at once when it already has been. */
  whenNear(el: Element, fn: () => void): void;
  disconnect(): void;
}

/** Everything is near: where there is no viewport to speak of (tests, the CLI). */
export const EVERYWHERE: Visibility = {
  whenNear: (_el, fn) => fn(),
  disconnect: () => undefined,
};

/** How far beyond the viewport a tile counts as near: a screen in every direction (rows scroll sideways). */
export const NEAR_MARGIN = '100% 100% 100% 100%';

type ObserverClass = typeof IntersectionObserver;

export function nearViewport(Observer: ObserverClass | undefined): Visibility {
  if (!Observer) return EVERYWHERE;
  const seen = new WeakSet<Element>();
  // Weak: a tile or paragraph the page removed before it came near (rows replaced in a single-page
  // app) must not be kept alive, with its subtree, by the callback waiting for it.
  let waiting = new WeakMap<Element, () => void>();
  const io = new Observer(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        seen.add(e.target);
        io.unobserve(e.target);
        const fn = waiting.get(e.target);
        waiting.delete(e.target);
        fn?.();
      }
    },
    { rootMargin: NEAR_MARGIN },
  );
  return {
    whenNear(el, fn) {
      if (seen.has(el)) return fn();
      // A tile re-used for another title while it waited (Netflix's virtual slots): the latest wins.
      if (!waiting.has(el)) io.observe(el);
      waiting.set(el, fn);
    },
    disconnect() {
      io.disconnect();
      waiting = new WeakMap();
    },
  };
}
