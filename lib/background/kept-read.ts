/**
 * A storage read kept for the worker's lifetime and dropped when the stored value changes: lookups
 * order by the settings on every hover, and every starting page gets the settings and corrections
 * (pageStart). A read that failed is not kept: the next caller tries again.
 */
export interface KeptRead<T> {
  get(): Promise<T>;
  /** The stored value changed: the next get reads it again. */
  drop(): void;
}

export function keptRead<T>(read: () => Promise<T>): KeptRead<T> {
  let kept: Promise<T> | undefined;
  return {
    get: () =>
      (kept ??= read().catch((error: unknown) => {
        kept = undefined;
        throw error;
      })),
    drop: () => {
      kept = undefined;
    },
  };
}
