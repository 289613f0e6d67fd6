/**
 * ../shared holds real data (saved pages, feeds, film catalogues) beside the project, but a fresh
 * clone has none. Tests that read it go through describeShared: without the data they are skipped
 * with a message saying what is missing; under CI=true a missing file fails the run instead, so CI
 * never passes quietly without the real pages.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { sharedPath } from './paths';

/** The first of `parts` (paths under ../shared) that does not exist, in words, or undefined. */
export function sharedMissing(parts: readonly string[]): string | undefined {
  const missing = parts.find((p) => !existsSync(sharedPath(p)));
  return missing === undefined ? undefined : `../shared/${missing} is missing`;
}

const inCI = () => process.env.CI === 'true';

/**
 * `describe(name, body)` when every path of `needs` exists under ../shared. Otherwise the body is
 * never run (it would read the files while collecting) and one skipped test names what is
 * missing; under CI=true that test fails instead.
 */
export function describeShared(name: string, needs: readonly string[], body: () => void): void {
  const missing = sharedMissing(needs);
  if (!missing) {
    describe(name, body);
    return;
  }
  const why = `${missing} (optional real data, see README "Test data in ../shared")`;
  if (inCI()) {
    describe(name, () => {
      it('has the real data it needs', () => {
        throw new Error(`${why}: under CI=true a test without its ../shared data fails the run`);
      });
    });
    return;
  }
  console.warn(`[marquee] skipped "${name}": ${why}`);
  describe(name, () => {
    it.skip(`skipped: ${why}`, () => undefined);
  });
}
