/**
 * An IntersectionObserver the test drives (happy-dom has no layout): `answer(el, where)` delivers
 * the entry a browser would at its next rendering step, with the root bounds of a 1,000 px tall
 * viewport grown by the observer's bottom margin.
 */
export type Where = 'near' | 'below' | 'above' | 'hidden' | 'no-root';

export function drivenIntersections() {
  const observers: FakeObserver[] = [];
  const VIEWPORT = 1_000;

  class FakeObserver {
    readonly observed = new Set<Element>();
    off = false;
    readonly bottom: number;
    readonly rootMargin: string;
    constructor(
      readonly cb: IntersectionObserverCallback,
      options?: IntersectionObserverInit,
    ) {
      this.rootMargin = options?.rootMargin ?? '';
      const margin = /^\d+px 0px (\d+)% 0px$/.exec(this.rootMargin);
      this.bottom = VIEWPORT * (1 + Number(margin?.[1] ?? 0) / 100);
      observers.push(this);
    }
    observe(el: Element) {
      this.observed.add(el);
    }
    unobserve(el: Element) {
      this.observed.delete(el);
    }
    disconnect() {
      this.off = true;
      this.observed.clear();
    }
  }

  const rect = (top: number, height: number) =>
    ({
      top,
      bottom: top + height,
      height,
      width: height ? 100 : 0,
      left: 0,
      right: height ? 100 : 0,
    }) as DOMRectReadOnly;

  return {
    IntersectionObserver: FakeObserver as unknown as typeof IntersectionObserver,
    /** Deliver where `el` is to every observer watching it; false when none does. */
    answer(el: Element, where: Where): boolean {
      let told = false;
      for (const o of observers) {
        if (o.off || !o.observed.has(el)) continue;
        told = true;
        const top = { near: 500, below: o.bottom + 200, above: -800, hidden: 0, 'no-root': o.bottom + 200 }[
          where
        ];
        const entry = {
          target: el,
          isIntersecting: where === 'near',
          boundingClientRect: rect(top, where === 'hidden' ? 0 : 20),
          rootBounds: where === 'no-root' ? null : rect(0, o.bottom),
        } as unknown as IntersectionObserverEntry;
        o.cb([entry], o as unknown as IntersectionObserver);
      }
      return told;
    },
    /** Every element observed now, over all live observers. */
    observed: () => observers.flatMap((o) => (o.off ? [] : [...o.observed])),
    /** Each observer's rootMargin, as given. */
    margins: () => observers.map((o) => o.rootMargin),
    /** Where each observer's area ends below the viewport's top (px). */
    bottoms: () => observers.map((o) => o.bottom),
    disconnected: () => observers.length > 0 && observers.every((o) => o.off),
  };
}
