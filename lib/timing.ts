/**
 * User Timing measures of a refresh's phases: `npm run bench:sources` reads them from
 * the service worker to split the import time, and DevTools shows them. A handful per refresh.
 */
export const PHASE_PREFIX = 'marquee:';

/** Record the phase `name` from `start` (a performance.now()) to now; returns now. */
export function measurePhase(name: string, start: number): number {
  const end = performance.now();
  try {
    performance.measure(`${PHASE_PREFIX}${name}`, { start, end });
  } catch {
    // User Timing missing (an old test environment): timing is only informative.
  }
  return end;
}

/** Record `ms` spent on `name` in many slices (marked `detail.total`: not one span of time). */
export function measureTotal(name: string, ms: number): void {
  try {
    const end = performance.now();
    performance.measure(`${PHASE_PREFIX}${name}`, { start: end - ms, end, detail: { total: true } });
  } catch {
    // as above
  }
}

/** Forget the previous refresh's measures, so the timeline never grows. */
export function clearPhases(): void {
  try {
    for (const m of performance.getEntriesByType('measure'))
      if (m.name.startsWith(PHASE_PREFIX)) performance.clearMeasures(m.name);
  } catch {
    // as above
  }
}
