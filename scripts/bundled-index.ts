/** Builds the index shipped inside the extension from reviews/ (called by wxt.config.ts). */
import { fileURLToPath } from 'node:url';
import { buildIndexFromFiles } from '../lib/index/build';

export const REVIEWS_DIR = fileURLToPath(new URL('../reviews', import.meta.url));
export const BUNDLED_SOURCE = { name: 'Marquee bundled reviews' };

export async function buildBundledIndex(): Promise<string> {
  const { index, errors } = await buildIndexFromFiles([REVIEWS_DIR], BUNDLED_SOURCE);
  if (errors.length) {
    // A review we can't read must fail the build, not ship half an entry.
    throw new Error(`bundled index: ${errors.map((e) => `${e.file}: ${e.field}: ${e.reason}`).join('\n')}`);
  }
  return JSON.stringify(index);
}
