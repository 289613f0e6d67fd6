/**
 * Finds titles in text. This first matcher is exact and case-aware (a title must appear as written,
 * on word boundaries); the detection engine (issue #3) replaces it with a normalising automaton.
 */
import type { EntryRef } from '../store/db';
import type { Lexicon } from '../messaging/protocol';

export interface TextMatch {
  start: number;
  end: number;
  title: string;
  refs: EntryRef[];
}

export interface TitleMatcher {
  find(text: string): TextMatch[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createMatcher(lexicon: Pick<Lexicon, 'titles'>): TitleMatcher {
  const refsByTitle = new Map(lexicon.titles);
  const titles = [...refsByTitle.keys()].filter((t) => t.length > 1).sort((a, b) => b.length - a.length);
  if (titles.length === 0) return { find: () => [] };
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${titles.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  return {
    find(text) {
      const out: TextMatch[] = [];
      for (const m of text.matchAll(re)) {
        out.push({
          start: m.index,
          end: m.index + m[0].length,
          title: m[0],
          refs: refsByTitle.get(m[0]) ?? [],
        });
      }
      return out;
    },
  };
}
