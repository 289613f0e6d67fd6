import { existsSync } from 'node:fs';
import { sharedPath } from './paths';

/**
 * Is ../shared/data/<part> there? Tests on the real data skip without it (a fresh clone), and say
 * so; under CI (process.env.CI) its absence is an error, so a CI run never passes by skipping.
 */
export function sharedData(part: string): boolean {
  const present = existsSync(sharedPath('data', part));
  if (!present && process.env.CI)
    throw new Error(
      `../shared/data/${part} is missing: CI runs the tests on the real data, which must be there`,
    );
  if (!present) console.warn(`../shared/data/${part} is absent: tests on it are skipped`);
  return present;
}
