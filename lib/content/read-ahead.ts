/**
 * How far ahead of the reader a page is read. A scan goes on while what it has read last (its
 * frontier) is within a few screens below the viewport; past that it waits, and goes on when the
 * reader scrolls the frontier near. A 1 MB article or a 2,000-tile catalogue then costs the tab
 * what its first screens cost, not what the whole page costs: the page's text is read from the
 * DOM and serialised onto the engine's port at a cost per byte (docs/performance.md), and most of
 * a long page is never scrolled to. The popup asks for the rest (`lift`) when it lists the page's
 * films.
 *
 * An IntersectionObserver says where the frontier is, at the browser's next rendering step: no
 * layout is forced, whatever the page or its marks have changed since. A frontier is "beyond" only
 * when it lies below the observed area; above it (scrolled past), beside it (a carousel) or not
 * rendered (zero size, display: none) the scan goes on, as it does in a frame whose observer has
 * no root bounds (a cross-origin frame: https://w3c.github.io/IntersectionObserver/#dom-intersectionobserverentry-rootbounds).
 */

/** Screens below the viewport read before a scan waits: the writer marks within one screen (visible.ts). */
export const SCREENS_AHEAD = 2;
/**
 * Frontiers told without an answer before a scan waits for one. The observer answers at the next
 * rendering step (a frame, or never while the tab is hidden): a scan reads at most this many
 * frontiers' worth of units (slicer.ts TRACK_UNITS each) past the last answer.
 */
export const UNANSWERED_MAX = 2;
/** The area's top margin: all of a page above the viewport (Blink's layout units end near 2^25 px). */
const ABOVE_PX = 10_000_000;

export interface ReadAhead<Owner extends object = object> {
  /** The scan `owner` has read up to `frontier` (the element of the unit it read last). */
  track(owner: Owner, frontier: Element): void;
  /**
   * `owner` should wait: its frontier lies past the read-ahead area, or too many frontiers went
   * unanswered. A scan told to wait is handed to `onNear` once its frontier is answered as near.
   */
  shouldWait(owner: Owner): boolean;
  /** Hand back waiting scans whose frontier left the document (the observer says nothing then). */
  recheck(): void;
  /** `owner` is done or dropped: stop watching its frontier. */
  forget(owner: Owner): void;
  /** Read everything from now on (the popup lists the page's films); waiting scans go on. */
  lift(): void;
  readonly lifted: boolean;
  /** Stop observing and forget every scan (the page restarts or Marquee stops); no longer lifted. */
  clear(): void;
}

export interface ReadAheadDeps<Owner extends object> {
  IntersectionObserver: typeof IntersectionObserver;
  /** A waiting scan's frontier came near (or everything is to be read): go on with it. */
  onNear: (owner: Owner) => void;
  screens?: number;
}

interface Watch {
  frontier: Element;
  far: boolean;
  unanswered: number;
  waiting: boolean;
}

export function createReadAhead<Owner extends object>(deps: ReadAheadDeps<Owner>): ReadAhead<Owner> {
  const watches = new Map<Owner, Watch>();
  const owners = new Map<Element, Set<Owner>>();
  let lifted = false;
  let observer: IntersectionObserver | undefined;

  const wake = (owner: Owner, watch: Watch) => {
    if (!watch.waiting) return;
    watch.waiting = false;
    deps.onNear(owner);
  };
  const observe = () =>
    (observer ??= new deps.IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const box = entry.boundingClientRect;
          const far =
            !entry.isIntersecting &&
            !!entry.rootBounds &&
            box.width + box.height > 0 &&
            box.top >= entry.rootBounds.bottom;
          for (const owner of owners.get(entry.target) ?? []) {
            const watch = watches.get(owner);
            if (!watch || watch.frontier !== entry.target) continue;
            watch.far = far;
            watch.unanswered = 0;
            if (!far) wake(owner, watch);
          }
        }
      },
      // Everything above the viewport is inside the area too: a jump (an anchor, End, a restored
      // scroll position) from below the frontier to past it then still crosses into it, and the
      // observer, which only reports crossings, says so.
      { rootMargin: `${ABOVE_PX}px 0px ${(deps.screens ?? SCREENS_AHEAD) * 100}% 0px` },
    ));

  const unobserve = (frontier: Element, owner: Owner) => {
    const set = owners.get(frontier);
    set?.delete(owner);
    if (set && !set.size) {
      owners.delete(frontier);
      observer?.unobserve(frontier);
    }
  };

  return {
    track(owner, frontier) {
      if (lifted) return;
      let watch = watches.get(owner);
      if (watch?.frontier === frontier) return;
      if (watch) unobserve(watch.frontier, owner);
      else watches.set(owner, (watch = { frontier, far: false, unanswered: 0, waiting: false }));
      watch.frontier = frontier;
      watch.unanswered++;
      let set = owners.get(frontier);
      if (!set) {
        owners.set(frontier, (set = new Set()));
        observe().observe(frontier);
      }
      set.add(owner);
    },
    shouldWait(owner) {
      const watch = watches.get(owner);
      if (lifted || !watch) return false;
      if (watch.far || watch.unanswered >= UNANSWERED_MAX) watch.waiting = true;
      return watch.waiting;
    },
    recheck() {
      for (const [owner, watch] of [...watches]) {
        if (!watch.waiting || watch.frontier.isConnected) continue;
        // Forgotten, not just woken: its "far" was about an element no longer on the page.
        unobserve(watch.frontier, owner);
        watches.delete(owner);
        deps.onNear(owner);
      }
    },
    forget(owner) {
      const watch = watches.get(owner);
      if (!watch) return;
      unobserve(watch.frontier, owner);
      watches.delete(owner);
    },
    lift() {
      if (lifted) return;
      lifted = true;
      observer?.disconnect();
      observer = undefined;
      owners.clear();
      const waiting = [...watches];
      watches.clear();
      for (const [owner, watch] of waiting) wake(owner, watch);
    },
    get lifted() {
      return lifted;
    },
    clear() {
      observer?.disconnect();
      observer = undefined;
      watches.clear();
      owners.clear();
      lifted = false;
    },
  };
}
