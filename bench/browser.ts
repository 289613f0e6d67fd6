/** Placeholder until the Chromium measurement lands. */
import type { LexiconEntry } from '../lib/detect/lexicon';
export async function browserBench(_: {
  article: string;
  catalogue: string;
  entries: LexiconEntry[];
}): Promise<Record<string, { longTasks: number; scanMs: number; marks: number; badges: number }>> {
  throw new Error('not implemented');
}
