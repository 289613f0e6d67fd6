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

export interface ReadAhead<Owner extends object = object> {
  /** The scan `owner` has read up to `frontier` (the last unit's element of its latest piece). */
  track(owner: Owner, frontier: Element): void;
  /** The observer has said that `owner`'s frontier lies past the read-ahead area. */
  beyond(owner: Owner): boolean;
  /** `owner` is done or dropped: stop watching its frontier. */
  forget(owner: Owner): void;
  /** Read everything from now on (the popup lists the page's films); waiting scans go on. */
  lift(): void;
  readonly lifted: boolean;
  /** Stop observing (the page restarts or Marquee stops); a lifted read-ahead stays lifted until then. */
  clear(): void;
}

export interface ReadAheadDeps<Owner extends object> {
  IntersectionObserver: typeof IntersectionObserver;
  /** A waiting scan's frontier came near (or everything is to be read): go on with it. */
  onNear: (owner: Owner) => void;
  screens?: number;
}

export function createReadAhead<Owner extends object>(deps: ReadAheadDeps<Owner>): ReadAhead<Owner> {
  const frontiers = new Map<Owner, Element>();
  const owners = new Map<Element, Set<Owner>>();
  const far = new Set<Owner>();
  let lifted = false;
  let observer: IntersectionObserver | undefined;

  const near = (owner: Owner) => {
    if (far.delete(owner)) deps.onNear(owner);
  };
  const observe = () =>
    (observer ??= new deps.IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const beyond =
            !entry.isIntersecting &&
            !!entry.rootBounds &&
            entry.boundingClientRect.height + entry.boundingClientRect.width > 0 &&
            entry.boundingClientRect.top >= entry.rootBounds.bottom;
          for (const owner of owners.get(entry.target) ?? []) {
            if (frontiers.get(owner) !== entry.target) continue;
            if (beyond && !lifted) far.add(owner);
            else near(owner);
          }
        }
      },
      { rootMargin: `0px 0px ${(deps.screens ?? SCREENS_AHEAD) * 100}% 0px` },
    ));

  const unwatch = (owner: Owner) => {
    const old = frontiers.get(owner);
    if (!old) return;
    frontiers.delete(owner);
    const set = owners.get(old);
    set?.delete(owner);
    if (set && !set.size) {
      owners.delete(old);
      observer?.unobserve(old);
    }
  };

  return {
    track(owner, frontier) {
      if (lifted || frontiers.get(owner) === frontier) return;
      unwatch(owner);
      frontiers.set(owner, frontier);
      let set = owners.get(frontier);
      if (!set) {
        owners.set(frontier, (set = new Set()));
        observe().observe(frontier);
      }
      set.add(owner);
    },
    beyond: (owner) => !lifted && far.has(owner),
    forget(owner) {
      unwatch(owner);
      far.delete(owner);
    },
    lift() {
      if (lifted) return;
      lifted = true;
      observer?.disconnect();
      observer = undefined;
      frontiers.clear();
      owners.clear();
      for (const owner of [...far]) near(owner);
    },
    get lifted() {
      return lifted;
    },
    clear() {
      observer?.disconnect();
      observer = undefined;
      frontiers.clear();
      owners.clear();
      far.clear();
      lifted = false;
    },
  };
}
